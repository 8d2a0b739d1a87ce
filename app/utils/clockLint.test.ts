// The stray-Date check (docs/decisions/060): ESLint refuses `new Date()` and `Date.now()` for business time outside
// the clock module and its small allow-list, with the project's own config; `npm run lint` applies it to the tree.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function clockErrors(file: string, code: string) {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return r.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

const stray = `export function due() {\n  const a = new Date();\n  return a.getTime() + Date.now();\n}\n`;

describe("the stray-Date lint rule", () => {
  it("refuses new Date() and Date.now() in loaders, models, jobs, domain code and the seed", async () => {
    for (const file of [
      "app/routes/_app.stray/route.tsx",
      "app/models/stray.server.ts",
      "app/jobs/stray.server.ts",
      "app/domain/stray.ts",
      "prisma/seed/stray.ts",
    ]) {
      const errors = await clockErrors(file, stray);
      expect(errors, file).toHaveLength(2);
      expect(errors[0], file).toContain("~/utils/clock.server");
    }
  }, 60_000);

  it("allows parsing and arithmetic (new Date(x)) everywhere", async () => {
    const code = `export const d = (s: string, ms: number) => [new Date(s), new Date(ms + 1), Date.parse(s), Date.UTC(2017, 0, 1)];\n`;
    expect(await clockErrors("app/models/ok.server.ts", code)).toEqual([]);
  }, 60_000);

  it("allows only the one reader of the server's wall clock (serverWallClock in app/domain/demoClock.ts)", async () => {
    expect(await clockErrors("app/domain/demoClock.ts", stray)).toEqual([]);
    for (const file of ["app/utils/clock.server.ts", "app/ops/retention.server.ts", "app/ops/backup.server.ts"]) {
      expect((await clockErrors(file, stray)).length, file).toBeGreaterThan(0);
    }
  }, 60_000);
});
