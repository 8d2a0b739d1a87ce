// The production server and its page cache are JavaScript that `npm run typecheck` checks (`// @ts-check` with
// JSDoc types; tsconfig includes **/*.mjs). Dropping the pragma would silently take them out of the typecheck.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CHECKED = ["scripts/server.mjs", "scripts/lib/page-cache.mjs"];

describe("typechecked JavaScript", () => {
  it.each(CHECKED)("%s starts with // @ts-check", (file) => {
    const text = readFileSync(path.resolve(__dirname, "..", file), "utf8");
    expect(text.split("\n")[0]).toBe("// @ts-check");
  });
});
