// The project's migration runner: Prisma-compatible bookkeeping, idempotent, safe when run concurrently.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabaseFrom } from "../../scripts/lib/testdb.mjs";
import { listMigrations, migrate, MIGRATIONS_DIR } from "../../scripts/lib/migrate.mjs";

const dbs: Array<{ drop: () => Promise<void> }> = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

describe("migration runner", () => {
  it("applies every migration once, even with two runners at the same time, recording sha256 checksums", async () => {
    const db = await createDatabaseFrom("template0", "t");
    dbs.push(db);
    const [a, b] = await Promise.all([migrate(db.url, { log: () => {} }), migrate(db.url, { log: () => {} })]);
    const all = await listMigrations();
    expect([...a, ...b].sort()).toEqual(all.map((m) => m.name).sort());
    expect(await migrate(db.url, { log: () => {} })).toEqual([]);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query(`SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name`);
    await c.end();
    expect(rows.length).toBe(all.length);
    for (const r of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    }
  });

  it("rolls back a failing migration completely and reports it in Chinese", async () => {
    const db = await createDatabaseFrom("template0", "t");
    dbs.push(db);
    const fs = await import("node:fs/promises");
    const os = await import("node:os");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mig-"));
    await fs.mkdir(path.join(dir, "20200101000000_ok"));
    await fs.writeFile(path.join(dir, "20200101000000_ok/migration.sql"), "CREATE TABLE a (id int);");
    await fs.mkdir(path.join(dir, "20200102000000_bad"));
    await fs.writeFile(path.join(dir, "20200102000000_bad/migration.sql"), "CREATE TABLE b (id int); SELECT nope();");
    await expect(migrate(db.url, { log: () => {}, dir })).rejects.toThrow(/迁移 20200102000000_bad 执行失败/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const tables = await c.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1`,
    );
    const recorded = await c.query(`SELECT migration_name FROM _prisma_migrations`);
    await c.end();
    expect(tables.rows.map((r) => r.table_name)).toEqual(["_prisma_migrations", "a"]);
    expect(recorded.rows.map((r) => r.migration_name)).toEqual(["20200101000000_ok"]);
  });
});
