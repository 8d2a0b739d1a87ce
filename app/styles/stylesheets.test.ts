// Every stylesheet is well formed: braces balance outside comments and strings. An unclosed @media block is not an
// error to the bundler (a warning in the build log) but silently moves every rule after it into the media query —
// a merge once left the 照片核查 thumbnails styled on phones only.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.dirname(new URL(import.meta.url).pathname);

/** The line of the first unbalanced brace, or null when balanced. */
function unbalanced(css: string): { line: number; reason: string } | null {
  const stripped = css
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (c) => c.replace(/[^\n]/g, " "));
  const open: number[] = [];
  let line = 1;
  for (const ch of stripped) {
    if (ch === "\n") line++;
    else if (ch === "{") open.push(line);
    else if (ch === "}" && open.pop() === undefined) return { line, reason: "} without {" };
  }
  return open.length ? { line: open.at(-1)!, reason: "{ never closed" } : null;
}

describe("stylesheets", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".css"));
  it("there are stylesheets to check", () => expect(files.length).toBeGreaterThan(0));
  it.each(files)("%s has balanced braces", (file) => {
    expect(unbalanced(readFileSync(path.join(dir, file), "utf8"))).toBeNull();
  });
  it("the check finds an unclosed block", () => {
    expect(unbalanced("@media (max-width: 700px) {\n  .a { color: red; }\n.b { color: blue; }")).toEqual({
      line: 1,
      reason: "{ never closed",
    });
    expect(unbalanced('/* { */ .a { content: "}"; }')).toBeNull();
  });
});
