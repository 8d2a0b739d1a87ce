// The app's backups (docs/decisions/075): /admin/backups for the admin only, the button starts a backup that is
// recorded and audited, only one runs at a time, a failed one notifies every active administrator, and the
// nightly check runs once per application-clock date at BACKUP_HOUR, however many instances check at once.
import { readdir, rm } from "node:fs/promises";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runNightlyBackupIfDue } from "~/jobs/backupJob.server";
import { BACKUP_LOCK_KEY } from "~/ops/backup.server";
import { action, loader } from "~/routes/_app.admin.backups/route";
import { prisma } from "~/utils/db.server";
import { postForm, requestAs, run } from "../support/requests";
import { testSql } from "../support/sql";

const dirs = vi.hoisted(() => {
  // before the app's modules read the environment (env() is parsed on first use)
  const dir = `.data/backup-admin-test-${process.pid}`;
  process.env.BACKUP_DIR = dir;
  process.env.BACKUP_HOUR = "2";
  return { dir };
});
const sql = testSql();

afterAll(async () => {
  await rm(dirs.dir, { recursive: true, force: true });
});

async function settled(runId?: number) {
  for (let i = 0; i < 300; i++) {
    const running = await prisma.backupRun.count({ where: { status: "RUNNING", ...(runId ? { id: runId } : {}) } });
    if (!running) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("backup still running");
}

const page = (user: string) =>
  run(async () => loader({ request: await requestAs(user, "/admin/backups"), params: {}, context: {} }));
const start = (user: string) =>
  run(async () =>
    action({ request: await postForm(user, "/admin/backups", { intent: "start" }), params: {}, context: {} }),
  );

describe("/admin/backups", () => {
  it("is the administrator's only", async () => {
    for (const user of ["bureau", "leader", "eic", "county.yuci", "team01", "ent.geely"]) {
      expect((await page(user)).status, user).toBe(403);
      expect((await start(user)).status, user).toBe(403);
    }
    expect(await prisma.backupRun.count()).toBe(0);
    const r = await page("admin");
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ runs: [], stored: [], lastSuccessAt: null, hour: 2 });
  });

  it("starts a backup that is recorded, audited and shown with its size", { timeout: 60_000 }, async () => {
    const res = await start("admin");
    expect(res.status).toBe(302);
    await settled();
    const [runRow] = await prisma.backupRun.findMany();
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(runRow).toMatchObject({ kind: "MANUAL", status: "SUCCEEDED", requestedById: admin.id });
    expect(Number(runRow.sizeBytes)).toBeGreaterThan(10_000);
    expect(await readdir(dirs.dir)).toEqual([runRow.name]);
    const audits = await sql.query(
      `SELECT action, actor_id FROM audit_event WHERE entity = 'BackupRun' AND entity_id = $1 ORDER BY id`,
      [String(runRow.id)],
    );
    expect(audits.rows).toEqual(
      expect.arrayContaining([
        { action: "BACKUP_START", actor_id: admin.id },
        { action: "BACKUP_SUCCEEDED", actor_id: admin.id },
      ]),
    );
    const shown = (await page("admin")).data as { runs: Array<{ status: string }>; stored: Array<{ name: string }> };
    expect(shown.runs[0].status).toBe("SUCCEEDED");
    expect(shown.stored.map((s) => s.name)).toEqual([runRow.name]);
  });

  it("refuses a second backup while one runs", async () => {
    await sql.query("SELECT pg_advisory_lock($1)", [BACKUP_LOCK_KEY]); // as if another instance were backing up
    try {
      const r = await start("admin");
      expect(r.status).toBe(409);
      expect(r.data).toMatchObject({ formError: "已有一个备份正在进行，请等它完成后再试。" });
    } finally {
      await sql.query("SELECT pg_advisory_unlock($1)", [BACKUP_LOCK_KEY]);
    }
  });

  it("notifies every active administrator when a backup fails", { timeout: 60_000 }, async () => {
    // a database whose migration record no longer matches this release's file cannot be backed up faithfully
    const { rows } = await sql.query(`SELECT migration_name, checksum FROM _prisma_migrations ORDER BY 1 LIMIT 1`);
    await sql.query(`UPDATE _prisma_migrations SET checksum = 'tampered' WHERE migration_name = $1`, [
      rows[0].migration_name,
    ]);
    try {
      expect((await start("admin")).status).toBe(302);
      await settled();
    } finally {
      await sql.query(`UPDATE _prisma_migrations SET checksum = $2 WHERE migration_name = $1`, [
        rows[0].migration_name,
        rows[0].checksum,
      ]);
    }
    const failed = await prisma.backupRun.findFirstOrThrow({ where: { status: "FAILED" } });
    expect(failed.error).toContain("校验和不一致");
    const admins = await sql.query(`SELECT id FROM app_user WHERE role = 'ADMIN' AND is_active`);
    // the run is marked FAILED first, then the administrators are notified: wait for the notifications
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'BACKUP_FAILED'`);
      if (rows[0].n >= admins.rows.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const notes = await sql.query(
      `SELECT user_id, title, link FROM notification WHERE kind = 'BACKUP_FAILED' ORDER BY user_id`,
    );
    expect(notes.rows.map((n) => n.user_id)).toEqual(admins.rows.map((a) => a.id));
    expect(notes.rows[0].link).toBe("/admin/backups");
    expect(notes.rows[0].title).toContain("数据备份失败");
    expect((await readdir(dirs.dir)).filter((n) => n.endsWith(".partial"))).toEqual([]);
  });

  it(
    "runs the nightly backup once per date from BACKUP_HOUR on, however many instances check",
    { timeout: 90_000 },
    async () => {
      // Beijing 2017-11-20 01:30 (before the hour) and 03:00 (after); the application clock is passed in
      expect(await runNightlyBackupIfDue(new Date("2017-11-19T17:30:00Z"))).toBeNull();
      expect(await prisma.backupRun.count({ where: { kind: "NIGHTLY" } })).toBe(0);
      const at = new Date("2017-11-19T19:00:00Z");
      const results = await Promise.all([
        runNightlyBackupIfDue(at),
        runNightlyBackupIfDue(at),
        runNightlyBackupIfDue(at),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await runNightlyBackupIfDue(new Date("2017-11-19T23:00:00Z"))).toBeNull();
      const nightly = await prisma.backupRun.findMany({ where: { kind: "NIGHTLY" } });
      expect(nightly).toHaveLength(1);
      expect(nightly[0].nightlyOn?.toISOString().slice(0, 10)).toBe("2017-11-20");
      expect(nightly[0].status).toBe("SUCCEEDED");
    },
  );
});
