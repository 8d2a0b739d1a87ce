#!/usr/bin/env node
// Makes the upgrade test's fixture (docs/decisions/077): the database an earlier release produced — its own
// migrations and its own demo seed, run from a checkout of that commit — plus two evidence files, saved with
// `npm run backup` into tests/fixtures/upgrade/<label>/. Run once per release worth testing from:
//   node scripts/make-upgrade-fixture.mjs 7de99c5 release-1
// Needs the repository's history (a git worktree of the commit) and this checkout's node_modules (the release
// must use the same runtime dependencies, as 7de99c5 does); a temporary embedded PostgreSQL on FIXTURE_PG_PORT.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { runBackupCommand } from "./lib/backup-cli.mjs";
import { startEmbeddedPostgres } from "./lib/embedded-pg.mjs";
import { ROOT } from "./lib/paths.mjs";

const [commit, label = `release-${commit}`] = process.argv.slice(2);
if (!commit) {
  console.error("usage: node scripts/make-upgrade-fixture.mjs <commit> [label]");
  process.exit(2);
}
const out = path.join(ROOT, "tests/fixtures/upgrade", label);
const tmp = await mkdtemp(path.join(os.tmpdir(), "jz-fixture-"));
const tree = path.join(tmp, "release");
const log = (m) => console.log(`[fixture] ${m}`);
let db;
try {
  execFileSync("git", ["worktree", "add", "--detach", tree, commit], { cwd: ROOT, stdio: "inherit" });
  await symlink(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"));
  execFileSync(process.execPath, ["scripts/generate-prisma.mjs"], { cwd: tree, stdio: "inherit" });

  db = await startEmbeddedPostgres({
    dir: path.join(tmp, "pg"),
    port: Number(process.env.FIXTURE_PG_PORT ?? 54398),
    log,
    fast: true,
  });
  await db.ensureDatabase("jinzhong");
  const url = db.url("jinzhong");
  // the release's own migration runner and migrations, then its own seed
  const { migrate } = await import(pathToFileURL(path.join(tree, "scripts/lib/migrate.mjs")).href);
  await migrate(url, { log, dir: path.join(tree, "prisma/migrations") });
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "prisma/seed.ts"], {
    cwd: tree,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });

  // two evidence files, as that release stored them (random key under UPLOAD_DIR, an attachment row)
  const uploads = path.join(tmp, "uploads");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const files = [
    ["2017/04", "pdf", "application/pdf", "土地出让合同.pdf", Buffer.from("%PDF-1.4\n% 晋中 土地出让合同\n%%EOF\n")],
    [
      "2017/05",
      "png",
      "image/png",
      "施工许可证.png",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
    ],
  ];
  for (const [folder, ext, mime, name, bytes] of files) {
    const key = `${folder}/${randomUUID()}.${ext}`;
    await mkdir(path.join(uploads, folder), { recursive: true });
    await writeFile(path.join(uploads, key), bytes);
    await c.query(
      `INSERT INTO attachment (project_id, file_name, mime_type, size, storage_key)
       SELECT id, $1, $2, $3, $4 FROM project ORDER BY id LIMIT 1`,
      [name, mime, bytes.length, key],
    );
  }
  await c.end();

  const backups = path.join(tmp, "backups");
  process.env.UPLOAD_DIR = uploads;
  process.env.BACKUP_DIR = backups;
  if (!runBackupCommand(url)) throw new Error("backup failed");
  const [name] = await readdir(backups);
  await rm(out, { recursive: true, force: true });
  await mkdir(path.dirname(out), { recursive: true });
  await cp(path.join(backups, name), out, { recursive: true });
  log(`written ${path.relative(ROOT, out)} (from ${commit})`);
} finally {
  await db?.stop().catch(() => {});
  if (existsSync(tree)) execFileSync("git", ["worktree", "remove", "--force", tree], { cwd: ROOT, stdio: "inherit" });
  await rm(tmp, { recursive: true, force: true });
}
