import { Transform } from "node:stream";

/**
 * React 18.3's Node renderer (renderToPipeableStream) flushes its whole 2 KB buffer when a multi-byte character
 * does not fit at the buffer's end — the unwritten zero bytes included (react-dom-server.node writeStringChunk;
 * fixed in React 19, which Remix 2 cannot use). The HTML parser turns a NUL inside an attribute into U+FFFD, so
 * Chinese labels (aria-label, title) came out garbled wherever a character straddled a 2 KB boundary. No NUL
 * belongs in an HTML page, so the stream drops them.
 */
export function dropNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const b of chunk) if (b !== 0) out[n++] = b;
      done(null, out.subarray(0, n));
    },
  });
}
