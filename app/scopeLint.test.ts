// Scope by construction: a route or component that imports the unscoped client fails lint (eslint.config.js).
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();
const unscoped = 'import { prisma } from "~/utils/db.server";\nexport const n = () => prisma.project.count();\n';
const relative = 'import { prisma } from "../utils/db.server";\nexport const n = () => prisma.project.count();\n';

async function restricted(code: string, filePath: string) {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.filter((m) => m.ruleId === "no-restricted-imports").length;
}

// ESLint loads its plugins on the first file: seconds on a busy machine
describe("unscoped database access", { timeout: 60_000 }, () => {
  it("fails lint in routes and components", async () => {
    expect(await restricted(unscoped, "app/routes/_app.example/route.tsx")).toBeGreaterThan(0);
    expect(await restricted(unscoped, "app/components/example/Example.tsx")).toBeGreaterThan(0);
    expect(await restricted(relative, "app/routes/resources.example.ts")).toBeGreaterThan(0);
  });

  it("is allowed in models, presenters and jobs (they AND the scope in themselves)", async () => {
    expect(await restricted(unscoped, "app/models/example.server.ts")).toBe(0);
    expect(await restricted(unscoped, "app/jobs/example.server.ts")).toBe(0);
  });
});
