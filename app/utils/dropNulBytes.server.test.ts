import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { dropNulBytes } from "./dropNulBytes.server";

async function through(chunks: Buffer[]) {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(dropNulBytes())) out.push(c as Buffer);
  return Buffer.concat(out);
}

describe("dropNulBytes", () => {
  it("removes the zero bytes React 18 leaves at a 2 KB boundary, and nothing else", async () => {
    // "移动线索" with a flushed buffer's unwritten tail between 线 and 索, as react-dom-server.node 18.3 writes it
    const garbled = [Buffer.concat([Buffer.from('aria-label="移动线'), Buffer.alloc(2)]), Buffer.from('索"')];
    expect((await through(garbled)).toString("utf8")).toBe('aria-label="移动线索"');
    const clean = [Buffer.from("<p>晋中市</p>"), Buffer.from("<p>月度通报</p>")];
    expect((await through(clean)).toString("utf8")).toBe("<p>晋中市</p><p>月度通报</p>");
  });
});
