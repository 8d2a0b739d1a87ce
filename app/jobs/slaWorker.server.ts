// Runs the 13710 sweep on a PostgreSQL-backed queue (pg-boss, docs/decisions/030-background-jobs-pg-boss.md).
// Every app instance starts a worker; pg-boss's cron schedule puts one sweep job per minute on the queue however
// many instances run, and the "stately" queue policy lets only one sweep be active at a time. The sweep itself is
// also safe to run concurrently (row locks + dedupe keys), so a stuck or duplicated job cannot double-escalate.
import PgBoss from "pg-boss";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { compactTallies } from "~/models/tally.server";
import { log as logger } from "~/utils/log.server";
import { clockReady } from "~/utils/clock.server";
import { runSlaSweep, type SweepResult } from "./slaSweep.server";

export const SLA_QUEUE = "sla-13710-sweep";
export const TALLY_QUEUE = "tally-compact";
export const PGBOSS_SCHEMA = "pgboss";

export interface SlaWorkerOptions {
  connectionString: string;
  /** Prisma client the sweep uses (tests pass one per simulated instance). */
  db?: Db;
  /** Cron schedule in China time; null = no schedule (tests trigger sweeps themselves). */
  cron?: string | null;
  pollingIntervalSeconds?: number;
  /** Queue a sweep as soon as the worker runs, instead of waiting for the next minute. */
  sweepOnStart?: boolean;
  onSweep?: (r: SweepResult) => void;
  log?: (message: string) => void;
}

export interface SlaWorker {
  /** Puts a sweep job on the queue (null when one is already waiting). */
  trigger(): Promise<string | null>;
  stop(): Promise<void>;
  boss: PgBoss;
}

export async function startSlaWorker(opts: SlaWorkerOptions): Promise<SlaWorker> {
  const log = opts.log ?? ((m: string) => logger.info({ job: "13710" }, `[13710] ${m}`));
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema: PGBOSS_SCHEMA,
    // named after the process: pg_stat_activity shows which app process holds which queue connection
    application_name: `jinzhong-jobs:${process.pid}`,
    max: 3,
  });
  let stopping = false;
  boss.on("error", (err) => {
    // The database going down with the app (57P01 admin_shutdown) is expected on shutdown, not worth a log line.
    if (stopping || (err as { code?: string }).code === "57P01") return;
    log(`队列错误：${err.message}`);
  });
  await boss.start();
  await boss.createQueue(SLA_QUEUE, { name: SLA_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 300 });
  if (opts.cron !== null) await boss.schedule(SLA_QUEUE, opts.cron ?? "* * * * *", {}, { tz: "Asia/Shanghai" });
  await boss.work(SLA_QUEUE, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 5 }, async () => {
    await clockReady(); // the sweep runs on the application clock (demo or real), read fresh
    const r = await runSlaSweep(opts.db ?? prisma);
    if (r.overdueMarked || r.escalated || r.failed) {
      log(
        `检查 ${r.examined} 件：标记超时 ${r.overdueMarked}，自动上报 ${r.escalated}，通知 ${r.notified}，失败 ${r.failed}`,
      );
    }
    opts.onSweep?.(r);
    return r;
  });
  // The same queue machinery folds the rollups' deltas (project_tally, issue_tally; docs/decisions/050) every few
  // minutes; exact at any time, the fold only keeps them small.
  await boss.createQueue(TALLY_QUEUE, { name: TALLY_QUEUE, policy: "stately", retryLimit: 0, expireInSeconds: 300 });
  if (opts.cron !== null) await boss.schedule(TALLY_QUEUE, "*/5 * * * *", {}, { tz: "Asia/Shanghai" });
  await boss.work(TALLY_QUEUE, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 5 }, async () =>
    compactTallies(opts.db ?? prisma),
  );
  const trigger = () => boss.send(SLA_QUEUE, {});
  if (opts.sweepOnStart ?? true) await trigger();
  return {
    boss,
    trigger,
    stop: () => {
      stopping = true;
      return boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
