// Upgrades keep data (docs/decisions/077). The fixture is the database the first release (commit 7de99c5) made
// with its own migrations and demo seed, plus two evidence files, saved as a backup
// (scripts/make-upgrade-fixture.mjs). Restored into a fresh database, it is started with this release's
// `npm start`, which must back it up first, apply the new migrations, keep every row and file, and serve it.
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackupManifest } from "~/ops/backupFormat";
import { restoreBackup } from "~/ops/restore.server";
import { listMigrations } from "../../scripts/lib/migrate.mjs";
import { createDatabaseFrom } from "../../scripts/lib/testdb.mjs";
import { type AppProcess, signIn, startApp } from "../support/appProcess";
import { ROOT } from "../support/cli";

const FIXTURE = path.join(ROOT, "tests/fixtures/upgrade/release-7de99c5");
const work = path.join(ROOT, ".data", `upgrade-test-${process.pid}`);
const uploads = path.join(work, "uploads");
const backups = path.join(work, "backups");

/**
 * Tables whose row counts a migration since the fixture's release changes on purpose (each one documented in
 * docs/decisions/077-upgrades-keep-data.md). None so far: the new tables start empty.
 */
const REWRITTEN_BY_MIGRATIONS: Record<string, string> = {};

let db: { url: string; drop: () => Promise<void> };
let fixture: BackupManifest;
let app: AppProcess | undefined;

async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Facts a person would check after an upgrade, read with plain SQL (columns every release has). */
async function keyFacts() {
  const [facts] = await sql(`SELECT
      (SELECT md5(string_agg(id || ':' || code || ':' || name || ':' || stage, ',' ORDER BY id)) FROM project) AS projects,
      (SELECT sum(contract_amount)::text FROM project) AS contracted,
      (SELECT sum(amount)::text FROM funding_record) AS funded,
      (SELECT md5(string_agg(username || ':' || role, ',' ORDER BY id)) FROM app_user) AS users,
      (SELECT md5(string_agg(code || ':' || status || ':' || level, ',' ORDER BY id)) FROM coordination_issue) AS issues,
      (SELECT md5(string_agg(project_id || ':' || stage || ':' || coalesce(actual_on::text, '-'), ',' ORDER BY id)) FROM milestone) AS milestones,
      (SELECT string_agg(storage_key, ',' ORDER BY id) FROM attachment) AS attachments`);
  return facts;
}

async function rowCounts(names: string[]) {
  const out: Record<string, number> = {};
  for (const t of names) out[t] = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`))[0].n);
  return out;
}

beforeAll(async () => {
  fixture = JSON.parse(await readFile(path.join(FIXTURE, "manifest.json"), "utf8")) as BackupManifest;
  db = await createDatabaseFrom("template0", "t");
  const report = await restoreBackup({ backup: FIXTURE, databaseUrl: db.url, uploadDir: uploads });
  expect(report.mismatches).toEqual([]);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await rm(work, { recursive: true, force: true });
});

describe("upgrading the first release's database", () => {
  it("backs up, migrates, keeps every row and file, and serves the data", { timeout: 240_000 }, async () => {
    const all = await listMigrations();
    const old = fixture.migrations.map((m) => m.name);
    const pending = all.map((m) => m.name).filter((n) => !old.includes(n));
    expect(pending.length).toBeGreaterThan(0); // this release has migrations the fixture's does not
    const factsBefore = await keyFacts();
    const countsBefore = await rowCounts(fixture.tables.map((t) => t.name));
    for (const t of fixture.tables) expect(countsBefore[t.name], t.name).toBe(t.rows);

    app = await startApp({
      DATABASE_URL: db.url,
      UPLOAD_DIR: uploads,
      BACKUP_DIR: backups,
      SESSION_SECRET: "upgrade-test-secret-0123456789abcdef",
    });
    const out = app.out();
    expect(out).toContain(`数据库有 ${pending.length} 个新迁移待应用（升级），先备份数据库和上传文件`);
    for (const name of pending) expect(out).toContain(`已应用迁移 ${name}`);
    // the backup came first: it holds the old release's database exactly
    expect(out.indexOf("备份完成")).toBeLessThan(out.indexOf(`已应用迁移 ${pending[0]}`));
    const [pre] = (await readdir(backups)).filter((n) => n.endsWith("-pre-upgrade"));
    expect(pre).toBeDefined();
    const preManifest = JSON.parse(await readFile(path.join(backups, pre, "manifest.json"), "utf8")) as BackupManifest;
    expect(preManifest.migrations.map((m) => m.name)).toEqual(old);
    expect(preManifest.tables.map((t) => [t.name, t.rows])).toEqual(fixture.tables.map((t) => [t.name, t.rows]));
    expect(preManifest.files.map((f) => f.sha256)).toEqual(fixture.files.map((f) => f.sha256));

    // every migration recorded, the data intact
    const applied = await sql<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
    );
    expect(applied.map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
    const countsAfter = await rowCounts(fixture.tables.map((t) => t.name));
    for (const t of fixture.tables) {
      if (REWRITTEN_BY_MIGRATIONS[t.name]) continue;
      expect(countsAfter[t.name], t.name).toBe(countsBefore[t.name]);
    }
    expect(await keyFacts()).toEqual(factsBefore);

    // the app serves it: a project page and an evidence file from the old release
    const cookie = await signIn(app, "bureau");
    const [project] = await sql<{ id: number; name: string }>(`SELECT id, name FROM project ORDER BY id LIMIT 1`);
    const page = await fetch(app.url(`/projects/${project.id}`), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(project.name);
    const [att] = await sql<{ id: number; storage_key: string }>(`SELECT id, storage_key FROM attachment ORDER BY id`);
    const file = await fetch(app.url(`/resources/attachments/${att.id}`), { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(await readFile(path.join(uploads, att.storage_key)));
    const list = await fetch(app.url("/projects"), { headers: { cookie } });
    expect(list.status).toBe(200);

    expect(await app.stop()).toBe(143);
    app = undefined;
  });
});
