// Guards the first-load JS budget (docs/decisions/050): modules that can reach the browser import zod only as the
// tree-shakeable namespace of zod/mini. Full zod (`from "zod"`) or the `{ z }` object pulls ~85 KB gzipped into
// every form route's chunk.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function clientModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === "generated" ? [] : clientModules(p);
    return /\.(ts|tsx)$/.test(name) && !/\.server\.|\.test\./.test(name) ? [p] : [];
  });
}

describe("client modules", () => {
  it('import zod only as `* as z from "zod/mini"` (or types)', () => {
    const bad = clientModules(path.resolve(__dirname)).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter(
          (line) =>
            /^import\s(?!type\b).*from "zod(\/mini)?"/.test(line) && !/^import \* as z from "zod\/mini";/.test(line),
        )
        .map((line) => `${path.relative(process.cwd(), file)}: ${line}`),
    );
    expect(bad).toEqual([]);
  });
});
