import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { dropNulBytes, htmlCollector } from "./dropNulBytes.server";

async function through(chunks: Buffer[]) {
  let html: Buffer | null = null;
  await pipeline(
    Readable.from(chunks),
    htmlCollector((h) => (html = h)),
  );
  return html!;
}

describe("htmlCollector", () => {
  it("joins the renderer's chunks and removes the zero bytes React 18 leaves at a 2 KB boundary, and nothing else", async () => {
    // "移动线索" with a flushed buffer's unwritten tail between 线 and 索, as react-dom-server.node 18.3 writes it
    const garbled = [Buffer.concat([Buffer.from('aria-label="移动线'), Buffer.alloc(2)]), Buffer.from('索"')];
    expect((await through(garbled)).toString("utf8")).toBe('aria-label="移动线索"');
    const clean = [Buffer.from("<p>晋中市</p>"), Buffer.from("<p>月度通报</p>")];
    expect((await through(clean)).toString("utf8")).toBe("<p>晋中市</p><p>月度通报</p>");
  });
});

describe("dropNulBytes", () => {
  it("drops NULs at the start, in runs, between and at the end, keeping every other byte in order", () => {
    const b = Buffer.concat([
      Buffer.alloc(1),
      Buffer.from("晋"),
      Buffer.alloc(3),
      Buffer.from("中a"),
      Buffer.alloc(1),
      Buffer.from("b"),
      Buffer.alloc(2),
    ]);
    expect(dropNulBytes(b).toString("utf8")).toBe("晋中ab");
    const clean = Buffer.from("<p>无</p>");
    expect(dropNulBytes(clean)).toBe(clean);
    expect(dropNulBytes(Buffer.alloc(4)).length).toBe(0);
  });
});
