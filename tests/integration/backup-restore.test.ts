// Backups that restore (docs/decisions/075): `npm run backup` of the seeded database with attachments, then
// `npm run restore` into a fresh database and upload folder — both as the commands a person runs — and the
// result compared with the original by independent SQL (every table's row count and content) and by the files'
// checksums. Also: a non-empty target is refused unless --replace, a damaged backup changes nothing.
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "~/ops/backup.server";
import type { BackupManifest } from "~/ops/backupFormat";
import { prisma } from "~/utils/db.server";
import { writeStoredFile } from "~/utils/fileStore.server";
import { createDatabaseFrom } from "../../scripts/lib/testdb.mjs";
import { ROOT, runTsxScript } from "../support/cli";

const work = path.join(ROOT, ".data", `backup-test-${process.pid}`);
const backupDir = path.join(work, "backups");
const sourceUploads = path.resolve(process.env.UPLOAD_DIR!);
const dbs: Array<{ drop: () => Promise<void> }> = [];

afterAll(async () => {
  for (const d of dbs) await d.drop().catch(() => {});
  await rm(work, { recursive: true, force: true });
});

/** Row count and an md5 of every row's text, per table of `public` (independent of the backup's manifest). */
async function fingerprints(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: tables } = await c.query(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const { t } of tables as Array<{ t: string }>) {
      const q = c.escapeIdentifier(t);
      const { rows } = await c.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${q} x`,
      );
      out[t] = { rows: rows[0].n, md5: rows[0].h };
    }
    const { rows: migs } = await c.query(`SELECT migration_name FROM _prisma_migrations ORDER BY 1`);
    const { rows: seqs } = await c.query(
      `SELECT sequencename, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    );
    return { tables: out, migrations: migs.map((r) => r.migration_name as string), sequences: seqs };
  } finally {
    await c.end();
  }
}

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(sql);
    return rows[0] ? Object.values(rows[0])[0] : null;
  } finally {
    await c.end();
  }
}

async function fileSums(root: string) {
  const out: Record<string, string> = {};
  for (const rel of await listFiles(root)) {
    out[rel] = createHash("sha256")
      .update(await readFile(path.join(root, rel)))
      .digest("hex");
  }
  return out;
}

async function onlyBackup(): Promise<string> {
  const names = (await readdir(backupDir)).filter((n) => !n.endsWith(".partial"));
  expect(names).toHaveLength(1);
  return path.join(backupDir, names[0]);
}

let before: Awaited<ReturnType<typeof fingerprints>>;
let beforeFiles: Record<string, string>;

beforeAll(async () => {
  await mkdir(work, { recursive: true });
  // attachments through the app's own file store: milestone evidence on a project and files on an issue
  const project = await prisma.project.findFirstOrThrow({ select: { id: true }, orderBy: { id: "asc" } });
  const issue = await prisma.coordinationIssue.findFirstOrThrow({ select: { id: true }, orderBy: { id: "asc" } });
  const pdf = new TextEncoder().encode("%PDF-1.4\n% 土地出让合同 晋中 2017\n%%EOF\n");
  const png = new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...Array.from({ length: 3000 }, (_, i) => i % 251),
  ]);
  const files = [
    {
      folder: "2017/05",
      ext: "pdf",
      bytes: pdf,
      name: "土地出让合同.pdf",
      mime: "application/pdf",
      projectId: project.id,
    },
    { folder: "2017/06", ext: "png", bytes: png, name: "施工许可证.png", mime: "image/png", projectId: project.id },
    {
      folder: "issues",
      ext: "pdf",
      bytes: pdf.slice(0, 20),
      name: "诉求材料.pdf",
      mime: "application/pdf",
      issueId: issue.id,
    },
  ];
  for (const f of files) {
    const storageKey = await writeStoredFile(f.folder, f.ext, f.bytes);
    await prisma.attachment.create({
      data: {
        storageKey,
        fileName: f.name,
        mimeType: f.mime,
        size: f.bytes.byteLength,
        projectId: f.projectId ?? null,
        issueId: f.issueId ?? null,
      },
    });
  }
  before = await fingerprints(process.env.DATABASE_URL!);
  beforeFiles = await fileSums(sourceUploads);
});

describe("npm run backup → npm run restore", () => {
  it("restores every table's rows and every file exactly into a fresh database", { timeout: 180_000 }, async () => {
    expect(Object.keys(beforeFiles)).toHaveLength(3);
    expect(before.tables.project.rows).toBeGreaterThan(50);
    expect(before.tables.attachment.rows).toBe(3);

    const b = await runTsxScript("scripts/backup.ts", [], {
      DATABASE_URL: process.env.DATABASE_URL,
      UPLOAD_DIR: sourceUploads,
      BACKUP_DIR: backupDir,
    });
    expect(b.out).toContain("备份完成");
    expect(b.code).toBe(0);
    const dir = await onlyBackup();
    expect(path.basename(dir)).toMatch(/^jinzhong-\d{8}-\d{6}-cli$/);
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as BackupManifest;
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(beforeFiles).sort());
    expect(manifest.missingFiles).toEqual([]);
    for (const t of manifest.tables) expect(t.rows, t.name).toBe(before.tables[t.name].rows);
    // the run recorded for this backup is finished now, and in the database (not in its own backup)
    const run = await prisma.backupRun.findFirstOrThrow({ where: { name: manifest.name } });
    expect(run).toMatchObject({ kind: "CLI", status: "SUCCEEDED", fileCount: 3 });

    const fresh = await createDatabaseFrom("template0", "t");
    dbs.push(fresh);
    const restoredUploads = path.join(work, "restored-uploads");
    const r = await runTsxScript("scripts/restore.ts", [dir], {
      DATABASE_URL: fresh.url,
      UPLOAD_DIR: restoredUploads,
      BACKUP_DIR: backupDir,
    });
    expect(r.out).toContain("恢复完成并已核对");
    expect(r.code).toBe(0);

    const after = await fingerprints(fresh.url);
    expect(Object.keys(after.tables).sort()).toEqual(Object.keys(before.tables).sort());
    for (const [t, fp] of Object.entries(before.tables)) expect(after.tables[t], t).toEqual(fp);
    expect(after.migrations).toEqual(before.migrations);
    // sequences continue where the snapshot had them (backup_run's moved on by the run this backup recorded)
    const seq = (x: typeof before) => x.sequences.filter((r) => r.sequencename !== "backup_run_id_seq");
    expect(seq(after)).toEqual(seq(before));
    expect(await fileSums(restoredUploads)).toEqual(beforeFiles);

    // the restored database takes new rows (sequences continue after the restored ids)
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    try {
      const { rows } = await c.query(
        `INSERT INTO notification (user_id, kind, title) SELECT id, 'NEW', '恢复后的新通知' FROM app_user LIMIT 1 RETURNING id`,
      );
      expect(rows[0].id).toBeGreaterThan(before.tables.notification.rows);
    } finally {
      await c.end();
    }
  });

  it(
    "refuses a non-empty database unless --replace, and a damaged backup changes nothing",
    { timeout: 180_000 },
    async () => {
      const dir = await onlyBackup();
      const target = await createDatabaseFrom("template0", "t");
      dbs.push(target);
      const uploads = path.join(work, "replace-uploads");
      const env = { DATABASE_URL: target.url, UPLOAD_DIR: uploads, BACKUP_DIR: backupDir };

      // a damaged copy: one byte of the project table's data changed
      const damaged = path.join(work, "damaged");
      await cp(dir, damaged, { recursive: true });
      const projectFile = path.join(damaged, "data/project.copy.gz");
      const bytes = await readFile(projectFile);
      bytes[bytes.length >> 1] ^= 0xff;
      await writeFile(projectFile, bytes);
      const bad = await runTsxScript("scripts/restore.ts", [damaged], env);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain("数据文件 data/project.copy.gz 校验和不符，备份已损坏");
      expect(await query(target.url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).toBe(0);

      expect((await runTsxScript("scripts/restore.ts", [dir], env)).code).toBe(0);
      await query(
        target.url,
        `UPDATE project SET name = name || '（恢复后修改）' WHERE id = (SELECT min(id) FROM project)`,
      );

      const refused = await runTsxScript("scripts/restore.ts", [dir], env);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain("目标数据库不是空的");
      expect(refused.out).toContain("--replace");

      // the app still connected: refused as well
      const app = new pg.Client({ connectionString: target.url });
      await app.connect();
      try {
        const busy = await runTsxScript("scripts/restore.ts", [dir, "--replace"], env);
        expect(busy.code).toBe(1);
        expect(busy.out).toContain("请先停止所有平台实例");
      } finally {
        await app.end();
      }

      const replaced = await runTsxScript("scripts/restore.ts", [dir, "--replace"], env);
      expect(replaced.out).toContain("恢复完成并已核对");
      expect(replaced.code).toBe(0);
      expect(replaced.out).toContain("原上传目录已改名保留");
      const after = await fingerprints(target.url);
      expect(after.tables).toEqual(before.tables);
      expect(await fileSums(uploads)).toEqual(beforeFiles);
    },
  );
});
