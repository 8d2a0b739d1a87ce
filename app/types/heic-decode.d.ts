// heic-decode (libheif compiled to wasm inside the package, docs/decisions/215) ships no types.
declare module "heic-decode" {
  function decode(input: { buffer: Uint8Array | ArrayBuffer }): Promise<{
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }>;
  export default decode;
}
