// Restores a backup written by app/ops/backup.server.ts (docs/decisions/075-backups.md), for `npm run restore`.
//
// The database part is ONE transaction: (with --replace: drop the old schemas) → replay the backup's own
// migration files → load every table with triggers and foreign-key checks off (session_replication_role =
// replica: the rows are restored exactly as they were, derived columns and rollups included, without triggers
// adding to them) → set the sequences. Every data file's sha256 is checked before the transaction starts. A failure anywhere leaves
// the target as it was. Then the files go into a staging folder beside UPLOAD_DIR, checked, and swapped in.
// Finally the restored database and folder are compared with the manifest: every table's row count, every file's
// sha256. Migrations newer than the backup are left to `npm start`, which backs up and migrates (decision 077).
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { MIGRATIONS_TABLE_SQL } from "../../scripts/lib/migrate.mjs";
import { copyHashed, listFiles, sha256File } from "./backup.server";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupManifest, MANIFEST_FILE } from "./backupFormat";

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

export interface RestoreOptions {
  /** The backup folder (…/jinzhong-20171120-020000-nightly). */
  backup: string;
  databaseUrl: string;
  uploadDir: string;
  /** Replace a database (and upload folder) that is not empty. */
  replace?: boolean;
  log?: (message: string) => void;
}

export interface RestoreReport {
  name: string;
  tables: Array<{ name: string; expected: number; actual: number }>;
  files: { expected: number; verified: number };
  /** Where the replaced upload folder was moved (kept, not deleted). */
  previousUploads: string | null;
  /** Problems found by the final comparison (empty when the restore is exact). */
  mismatches: string[];
}

export async function readManifest(backup: string): Promise<BackupManifest> {
  const text = await readFile(path.join(backup, MANIFEST_FILE), "utf8").catch(() => {
    throw new RestoreError(`${backup} 不是备份目录（没有 ${MANIFEST_FILE}）`);
  });
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new RestoreError(`${MANIFEST_FILE} 无法解析，备份已损坏`);
  }
  if (m.format !== BACKUP_FORMAT) throw new RestoreError(`${backup} 不是本平台的备份`);
  if (m.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new RestoreError(
      `备份格式版本 ${m.formatVersion} 比本程序新（支持到 ${BACKUP_FORMAT_VERSION}），请用新版本恢复`,
    );
  }
  return m;
}

/** Checks every file of a backup against its manifest without touching any database. Returns the problems. */
export async function verifyBackup(backup: string): Promise<string[]> {
  const m = await readManifest(backup);
  const problems: string[] = [];
  const check = async (rel: string, sha: string) => {
    const actual = await sha256File(path.join(backup, rel)).catch(() => null);
    if (actual === null) problems.push(`缺少文件 ${rel}`);
    else if (actual !== sha) problems.push(`文件 ${rel} 的校验和不符`);
  };
  for (const x of m.migrations) await check(x.file, x.sha256);
  for (const t of m.tables) await check(t.file, t.sha256);
  for (const f of m.files) await check(`files/${f.path}`, f.sha256);
  return problems;
}

async function isEmptyDir(dir: string) {
  return (await listFiles(dir)).length === 0;
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreReport> {
  const log = o.log ?? (() => {});
  const backup = path.resolve(o.backup);
  const m = await readManifest(backup);
  const uploadDir = path.resolve(o.uploadDir);
  log(`恢复备份 ${m.name}（${m.createdAt}，${m.totals.tables} 张表 ${m.totals.rows} 行，${m.totals.files} 个文件）`);

  // Everything that can refuse does so before anything changes.
  const migrationSql: Array<{ name: string; checksum: string; sql: string }> = [];
  for (const x of m.migrations) {
    const sql = await readFile(path.join(backup, x.file)).catch(() => null);
    if (!sql) throw new RestoreError(`备份缺少迁移文件 ${x.file}`);
    if (createHash("sha256").update(sql).digest("hex") !== x.sha256) {
      throw new RestoreError(`备份中的迁移文件 ${x.file} 校验和不符，备份已损坏`);
    }
    migrationSql.push({ name: x.name, checksum: x.checksum, sql: sql.toString("utf8") });
  }
  for (const t of m.tables) {
    const sha = await sha256File(path.join(backup, t.file)).catch(() => null);
    if (sha !== t.sha256) throw new RestoreError(`数据文件 ${t.file} ${sha ? "校验和不符" : "缺失"}，备份已损坏`);
  }
  const uploadsEmpty = await isEmptyDir(uploadDir);

  const client = new pg.Client({ connectionString: o.databaseUrl, application_name: "jinzhong-restore" });
  await client.connect();
  try {
    const { rows: rel } = await client.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'pgboss') AND c.relkind IN ('r', 'p', 'v', 'm')`,
    );
    if (rel[0].n > 0 && !o.replace) {
      throw new RestoreError(
        `目标数据库不是空的（已有 ${rel[0].n} 张表）。如确定要用备份覆盖它，请先备份（npm run backup），再加 --replace`,
      );
    }

    if (!uploadsEmpty && !o.replace) {
      throw new RestoreError(
        `上传目录 ${uploadDir} 不是空的。如确定要用备份覆盖，请加 --replace（原目录会被改名保留）`,
      );
    }
    const { rows: others } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    if (others[0].n > 0) {
      throw new RestoreError(
        `目标数据库上还有 ${others[0].n} 个其他连接（平台是否仍在运行？）。请先停止所有平台实例再恢复。`,
      );
    }
    log("正在恢复数据库（一个事务：结构、数据、序列）…");
    await client.query("BEGIN");
    try {
      if (rel[0].n > 0) {
        // the job queue's state belongs to the replaced database; pg-boss creates its schema again at start
        await client.query("DROP SCHEMA IF EXISTS pgboss CASCADE");
        await client.query("DROP SCHEMA public CASCADE");
        await client.query("CREATE SCHEMA public");
      }
      // The schema exactly as the backup's release had it: its own migration files, recorded as the runner does.
      await client.query(MIGRATIONS_TABLE_SQL);
      for (const x of migrationSql) {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, x.checksum, x.name],
        );
        await client.query(x.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
      }
      // Rows as they were: no trigger adds deltas or recomputes, no foreign key is checked row by row.
      try {
        await client.query("SET LOCAL session_replication_role = replica");
      } catch (err) {
        throw new RestoreError(
          `恢复需要设置 session_replication_role 的权限（超级用户，或 GRANT SET ON PARAMETER session_replication_role）：${(err as Error).message}`,
        );
      }
      const { rows: present } = await client.query(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`,
      );
      const presentNames = new Set((present as Array<{ name: string }>).map((r) => r.name));
      for (const t of m.tables) {
        if (!presentNames.has(t.name)) throw new RestoreError(`备份中的表 ${t.name} 在其迁移重建的结构中不存在`);
      }
      // rows the migrations themselves inserted (reference data) are replaced by the backup's
      if (presentNames.size) {
        await client.query(`TRUNCATE ${[...presentNames].map((n) => client.escapeIdentifier(n)).join(", ")}`);
      }
      for (const t of m.tables) {
        const cols = t.columns.map((c) => client.escapeIdentifier(c)).join(", ");
        await pipeline(
          createReadStream(path.join(backup, t.file)),
          createGunzip(),
          client.query(copyFrom(`COPY ${client.escapeIdentifier(t.name)} (${cols}) FROM STDIN`)),
        );
      }
      for (const s of m.sequences) {
        const seq = client.escapeIdentifier(s.name);
        if (s.isCalled && s.lastValue !== null) {
          await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [seq, s.lastValue]);
        } else {
          await client.query(`ALTER SEQUENCE ${seq} RESTART`);
        }
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    }

    log("正在恢复上传的文件 …");
    const staging = `${uploadDir}.restoring-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    for (const f of m.files) {
      const r = await copyHashed(path.join(backup, "files", f.path), path.join(staging, f.path));
      if (r.sha256 !== f.sha256) {
        await rm(staging, { recursive: true, force: true });
        throw new RestoreError(`文件 files/${f.path} 校验和不符，备份已损坏（数据库已恢复，文件未恢复）`);
      }
    }
    let previousUploads: string | null = null;
    const exists = await stat(uploadDir).then(
      () => true,
      () => false,
    );
    if (exists) {
      if (uploadsEmpty) await rm(uploadDir, { recursive: true, force: true });
      else {
        previousUploads = `${uploadDir}.before-restore-${m.name}-${process.pid}`;
        await rename(uploadDir, previousUploads);
      }
    }
    if (m.files.length) await rename(staging, uploadDir);
    else await rm(staging, { recursive: true, force: true });

    log("正在按清单核对恢复结果 …");
    const report = await compareWithManifest(client, m, uploadDir);
    return { name: m.name, ...report, previousUploads };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Row counts of every table and the sha256 of every file, against the manifest. */
export async function compareWithManifest(client: pg.Client, m: BackupManifest, uploadDir: string) {
  const tables: RestoreReport["tables"] = [];
  const mismatches: string[] = [];
  for (const t of m.tables) {
    const { rows } = await client.query(`SELECT count(*)::bigint AS n FROM ${client.escapeIdentifier(t.name)}`);
    const actual = Number(rows[0].n);
    tables.push({ name: t.name, expected: t.rows, actual });
    if (actual !== t.rows) mismatches.push(`表 ${t.name}：备份 ${t.rows} 行，恢复后 ${actual} 行`);
  }
  let verified = 0;
  for (const f of m.files) {
    const sha = await sha256File(path.join(uploadDir, f.path)).catch(() => null);
    if (sha === f.sha256) verified++;
    else mismatches.push(sha === null ? `文件 ${f.path} 缺失` : `文件 ${f.path} 校验和不符`);
  }
  return { tables, files: { expected: m.files.length, verified }, mismatches };
}
