import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { ROOT } from "./paths.mjs";

export async function databaseIsEmpty(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query("SELECT count(*)::int AS n FROM county");
    return rows[0].n === 0;
  } finally {
    await c.end();
  }
}

/** Runs prisma/seed.ts (TypeScript, via tsx) against `url`. */
export function runSeed(url, { reset = false, stdio = "inherit" } = {}) {
  const args = [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "prisma/seed.ts")];
  if (reset) args.push("--reset");
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio, env: { ...process.env, DATABASE_URL: url } });
  if (r.status !== 0) {
    throw new Error(`演示数据导入失败${stdio === "pipe" ? `：${r.stderr?.toString() ?? ""}` : ""}`);
  }
}
