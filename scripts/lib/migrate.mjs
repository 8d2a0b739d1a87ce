// The project's migration runner (docs/decisions/002-migrations.md).
// Applies prisma/migrations/<ts>_<name>/migration.sql in order, each in its own transaction, under an
// advisory lock, and records them in _prisma_migrations exactly as Prisma does (checksum = sha256 hex of the
// file), so `prisma migrate deploy/status` agree on machines where Prisma's schema engine is available.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
const LOCK_KEY = 72_170_2017; // any constant shared by all runners of this app

/** Prisma's bookkeeping table (also created by the restore, which replays a backup's migrations). */
export const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

export async function listMigrations(dir = MIGRATIONS_DIR) {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && /^\d{14}_/.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Fingerprint of all migrations: lets test templates be rebuilt only when migrations change. */
export async function migrationsFingerprint(dir = MIGRATIONS_DIR) {
  const all = await listMigrations(dir);
  return createHash("sha256")
    .update(all.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
}

export async function migrate(connectionString, { log = console.log, dir = MIGRATIONS_DIR } = {}) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE_SQL);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const m of await listMigrations(dir)) {
      const prev = done.get(m.name);
      if (prev?.finished_at) {
        if (prev.checksum !== m.checksum) {
          log(`警告: 迁移 ${m.name} 已执行，但文件内容已改变 (checksum mismatch)`);
        }
        continue;
      }
      if (prev && !prev.finished_at) {
        throw new Error(`迁移 ${m.name} 上次执行失败，请先处理 _prisma_migrations 中的记录后重试`);
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`迁移 ${m.name} 执行失败: ${err.message}`);
      }
      applied.push(m.name);
      log(`已应用迁移 ${m.name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}

/**
 * Migrations not yet applied to the database at `connectionString`, and whether it holds an app database at all
 * (`npm start` takes a backup before applying migrations to an existing database: docs/decisions/077).
 */
export async function pendingMigrations(connectionString, { dir = MIGRATIONS_DIR } = {}) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows: exists } = await client.query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS t`);
    const all = await listMigrations(dir);
    if (!exists[0].t) return { initialised: false, pending: all.map((m) => m.name) };
    const { rows } = await client.query(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(rows.map((r) => r.migration_name));
    return { initialised: done.size > 0, pending: all.filter((m) => !done.has(m.name)).map((m) => m.name) };
  } finally {
    await client.end();
  }
}
