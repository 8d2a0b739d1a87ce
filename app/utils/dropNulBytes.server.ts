import { Writable } from "node:stream";

/**
 * React 18.3's Node renderer (renderToPipeableStream) flushes its whole 2 KB buffer when a multi-byte character
 * does not fit at the buffer's end — the unwritten zero bytes included (react-dom-server.node writeStringChunk;
 * fixed in React 19, which Remix 2 cannot use). The HTML parser turns a NUL inside an attribute into U+FFFD, so
 * Chinese labels (aria-label, title) came out garbled wherever a character straddled a 2 KB boundary. No NUL
 * belongs in an HTML page, so they are dropped.
 */
export function dropNulBytes(html: Buffer): Buffer {
  let nul = html.indexOf(0);
  if (nul === -1) return html;
  // copy the runs between NULs (native indexOf and copy; a byte-by-byte loop cost ~5 ms on a large report page)
  const out = Buffer.allocUnsafe(html.length);
  let n = 0;
  let from = 0;
  while (nul !== -1) {
    n += html.copy(out, n, from, nul);
    from = nul + 1;
    nul = html.indexOf(0, from);
  }
  n += html.copy(out, n, from);
  return out.subarray(0, n);
}

/**
 * A sink for the renderer: the whole page in one buffer (NULs dropped), handed to `done` when React ends the
 * stream. The pages stream nothing (no deferred data), so one write to the socket beats ~50 chunks passed through
 * a Node stream, a web stream and Express (docs/decisions/051).
 */
export function htmlCollector(done: (html: Buffer) => void) {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      done(dropNulBytes(Buffer.concat(chunks)));
      callback();
    },
  });
}
