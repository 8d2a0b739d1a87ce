// The app's backups (docs/decisions/075): the nightly one at BACKUP_HOUR on the application clock, and the one an
// administrator starts on /admin/backups. A pg-boss job checks every ten minutes whether today's (application
// clock) nightly backup is due; the backup_run row's unique nightly date makes it run once however many instances
// check, and the backup's advisory lock keeps any two backups from overlapping. A failure notifies every active
// administrator through the bell (channels such as 钉钉/SMS come with the notification outbox).
import path from "node:path";
import type PgBoss from "pg-boss";
import { chinaToday } from "~/domain/dates";
import { notifyUsers } from "~/models/notification.server";
import { BackupBusyError, errorText, startBackup, type BackupResult } from "~/ops/backup.server";
import type { BackupKindKey } from "~/ops/backupFormat";
import { applyRetention } from "~/ops/retention.server";
import { audit } from "~/utils/audit.server";
import { clockReady, now } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/log.server";

export const BACKUP_QUEUE = "nightly-backup";

export function backupDir() {
  return path.resolve(env().BACKUP_DIR);
}

/** The hour of an instant in Beijing (the application clock's dates and hours are Beijing's). */
export function beijingHour(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCHours();
}

/** The nightly backup's date if one is due at `at` (its hour has come and the date has no run yet), else null. */
export async function nightlyDue(at: Date): Promise<string | null> {
  const hour = env().BACKUP_HOUR;
  if (hour === null || beijingHour(at) < hour) return null;
  const day = chinaToday(at);
  const done = await prisma.backupRun.findUnique({ where: { nightlyOn: new Date(`${day}T00:00:00Z`) } });
  return done ? null : day;
}

export interface StartedRun {
  runId: number | null;
  done: Promise<BackupResult | null>;
}

/** Starts a backup in this process; rejects at once with BackupBusyError when one is running. */
export async function beginBackup(opts: {
  kind: BackupKindKey;
  nightlyOn?: string;
  requestedById?: number | null;
}): Promise<StartedRun> {
  const started = await startBackup({
    databaseUrl: env().DATABASE_URL,
    uploadDir: path.resolve(env().UPLOAD_DIR),
    backupDir: backupDir(),
    migrationsDir: path.resolve("prisma/migrations"),
    kind: opts.kind,
    now,
    nightlyOn: opts.nightlyOn,
    requestedById: opts.requestedById ?? null,
    log: (m) => log.info({ job: "backup" }, m),
  });
  if (started.skipped) return { runId: null, done: Promise.resolve(null) };
  const done = started.done.then(
    async (result) => {
      const removed = await applyRetention(backupDir()).catch((err) => {
        log.error({ err, job: "backup" }, "清理旧备份失败");
        return [];
      });
      if (removed.length) log.info({ job: "backup", removed }, `按保留策略删除了 ${removed.length} 个旧备份`);
      return result;
    },
    async (err: unknown) => {
      log.error({ err, job: "backup", runId: started.runId }, "数据备份失败");
      await notifyBackupFailure(started.runId, errorText(err)).catch((e) =>
        log.error({ err: e, job: "backup" }, "无法通知管理员备份失败"),
      );
      throw err;
    },
  );
  return { runId: started.runId, done };
}

/** Every active administrator gets one bell notification per failed run. */
export async function notifyBackupFailure(runId: number | null, error: string) {
  const admins = await prisma.user.findMany({ where: { role: "ADMIN", isActive: true }, select: { id: true } });
  await prisma.$transaction(async (tx) => {
    const n = await notifyUsers(
      tx,
      admins.map((a) => a.id),
      {
        kind: "BACKUP_FAILED",
        title: `数据备份失败：${error}`,
        link: "/admin/backups",
        dedupeKey: `backup-failed:${runId ?? chinaToday(now())}`,
      },
    );
    if (n) {
      await audit(tx, {
        actorId: null,
        action: "NOTIFY",
        entity: "BackupRun",
        entityId: runId ?? "none",
        after: { notified: n, error },
      });
    }
  });
}

/** The nightly check: runs today's backup when due, and waits for it (the job stays active meanwhile). */
export async function runNightlyBackupIfDue(at = now()) {
  const day = await nightlyDue(at);
  if (!day) return null;
  try {
    const started = await beginBackup({ kind: "NIGHTLY", nightlyOn: day });
    return await started.done;
  } catch (err) {
    if (err instanceof BackupBusyError) return null; // another backup runs: the next check catches up
    throw err;
  }
}

/** Puts the nightly check on the app's pg-boss (the SLA worker's instance, app/services.server.ts). */
export async function registerBackupJob(boss: PgBoss) {
  await boss.createQueue(BACKUP_QUEUE, {
    name: BACKUP_QUEUE,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 6 * 3600,
  });
  await boss.schedule(BACKUP_QUEUE, "*/10 * * * *", {}, { tz: "Asia/Shanghai" });
  // catch up at start instead of at the next ten-minute mark (queued before the worker's first poll)
  await boss.send(BACKUP_QUEUE, {});
  await boss.work(BACKUP_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    // a failed backup is recorded and notified by beginBackup; the job itself ends normally
    await clockReady().catch(() => null);
    await runNightlyBackupIfDue().catch(() => null);
  });
}
