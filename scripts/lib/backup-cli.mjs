// Runs `npm run backup` (scripts/backup.ts, TypeScript via tsx) against `url` as a child process — used by
// `npm start` to back up an existing database before it applies a release's new migrations (decision 077).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./paths.mjs";

export function runBackupCommand(url, { kind = "cli" } = {}) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/backup.ts"), "--kind", kind],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, DATABASE_URL: url } },
  );
  return r.status === 0;
}
