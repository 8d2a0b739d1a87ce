// Import jobs on the app's one queue, pg-boss (docs/decisions/096; 030 for pg-boss itself). The import_job row
// stays what the uploader sees (status, rows read / written, errors); a pg-boss job only says "work on row N".
//
// - `import-job`: one job per upload or confirmation. Its handler claims the row (QUEUED → VALIDATING,
//   COMMIT_QUEUED → IMPORTING; the claim is conditional, so a duplicate or late message does nothing) and runs it.
//   One at a time per instance (a 50,000-row file is heavy); any number of instances share the queue.
// - `import-watch`: while a row is worked on, a watch message for it waits on the queue ~WATCH_S ahead. When it
//   comes due on any instance it looks at the row's heartbeat: alive → it waits again; stopped for STALE_AFTER_S
//   (the worker's process died) → it puts the row back on `import-job`, where the next worker takes it over and
//   starts it again (the dead worker's transaction rolled back with its connection). The watch lives in the
//   database, so it survives the process that armed it.
// - `import-sweep`: once a minute (and at start) rows that no message covers — uploaded on an instance that runs
//   no jobs, or queued while the queue was down — are put on `import-job`.
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import {
  claimableImportJobIds,
  claimImportJob,
  importJobLiveness,
  processImportJob,
  STALE_AFTER_S,
} from "~/models/importJob.server";
import { clockReady } from "~/utils/clock.server";
import { log } from "~/utils/log.server";

export const IMPORT_QUEUE = "import-job";
export const IMPORT_WATCH_QUEUE = "import-watch";
export const IMPORT_SWEEP_QUEUE = "import-sweep";
/** How often a watch looks at a worked-on row: a dead worker's job is taken over within STALE_AFTER_S + this. */
export const WATCH_S = 5;

type JobData = { jobId: number };

// the pg-boss this instance sends with (set by registerImportJobs; null where no worker runs here)
let boss: PgBoss | null = null;

/** Puts job `id` on the queue; without a queue on this instance the minute sweep of another one picks it up. */
export function enqueueImport(id: number): void {
  if (!boss) return;
  // "short" policy + key: at most one waiting message per row, however often it is sent
  boss
    .send(IMPORT_QUEUE, { jobId: id } satisfies JobData, { singletonKey: `run:${id}` })
    .catch((err) => log.error({ err }, `导入任务 ${id} 无法排入队列（每分钟的检查会补上）`));
}

async function armWatch(id: number) {
  await boss?.send(IMPORT_WATCH_QUEUE, { jobId: id } satisfies JobData, {
    singletonKey: `watch:${id}`,
    startAfter: WATCH_S,
  });
}

/** Claims row `id` if it is waiting or abandoned and runs it; false when there was nothing to do. */
export async function runImportJob(id: number): Promise<boolean> {
  await clockReady();
  const job = await claimImportJob(id);
  if (!job) return false;
  await armWatch(id).catch((err) => log.warn({ err }, `导入任务 ${id}：无法登记看护（每分钟的检查会补上）`));
  await processImportJob(job);
  return true;
}

/**
 * Claims and runs waiting (or abandoned) rows one after another in this process, oldest first, until none is
 * left; returns how many. The queue's handler does the same per message; tests and scripts call this to run the
 * work without a queue.
 */
export async function runImportJobs(): Promise<number> {
  let n = 0;
  for (;;) {
    const job = await claimImportJob();
    if (!job) return n;
    await processImportJob(job);
    n += 1;
  }
}

/** A watch came due: wait again while the worker lives, hand the row back to the queue once it died. */
export async function watchImportJob(id: number): Promise<"alive" | "claimable" | "idle"> {
  await clockReady();
  const state = await importJobLiveness(id);
  if (state === "alive") await armWatch(id);
  if (state === "claimable") enqueueImport(id);
  return state;
}

/** Puts every row no message covers on the queue. */
export async function sweepImportJobs(): Promise<number> {
  await clockReady();
  const ids = await claimableImportJobIds();
  for (const id of ids) enqueueImport(id);
  return ids.length;
}

export interface ImportQueueOptions {
  pollingIntervalSeconds?: number;
  /** false: no minute schedule (tests drive the sweep themselves). */
  schedule?: boolean;
}

/**
 * createQueue, again after a deadlock: pg-boss adds a partition and a foreign key per queue, and two instances
 * starting at once (or two queues created together) can deadlock on them; the loser simply tries again.
 */
async function createQueue(b: PgBoss, name: string, options: PgBoss.Queue) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await b.createQueue(name, options);
    } catch (err) {
      if ((err as { code?: string }).code !== "40P01" || attempt >= 5) throw err;
      await sleep(200 * attempt);
    }
  }
}

/** Creates the import queues on the app's pg-boss and works them (app/services.server.ts). */
export async function registerImportJobs(b: PgBoss, opts: ImportQueueOptions = {}) {
  const poll = opts.pollingIntervalSeconds ?? 2;
  // a message runs once: a worker that died is noticed by the watch, not by pg-boss's expiry (which only comes
  // after expireInSeconds, far too late for an uploader watching the page)
  await createQueue(b, IMPORT_QUEUE, { name: IMPORT_QUEUE, policy: "short", retryLimit: 0, expireInSeconds: 6 * 3600 });
  await createQueue(b, IMPORT_WATCH_QUEUE, {
    name: IMPORT_WATCH_QUEUE,
    policy: "short",
    retryLimit: 3,
    retryDelay: WATCH_S,
    expireInSeconds: 60,
  });
  await createQueue(b, IMPORT_SWEEP_QUEUE, {
    name: IMPORT_SWEEP_QUEUE,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 60,
  });
  boss = b;
  await b.work<JobData>(IMPORT_QUEUE, { pollingIntervalSeconds: poll, batchSize: 1 }, async ([job]) => {
    await runImportJob(job.data.jobId);
  });
  await b.work<JobData>(IMPORT_WATCH_QUEUE, { pollingIntervalSeconds: poll, batchSize: 1 }, async ([job]) => {
    const state = await watchImportJob(job.data.jobId);
    if (state === "claimable")
      log.warn(`导入任务 ${job.data.jobId} 的处理进程已停止（心跳超过 ${STALE_AFTER_S} 秒），重新排队`);
  });
  await b.work(IMPORT_SWEEP_QUEUE, { pollingIntervalSeconds: poll }, async () => {
    await sweepImportJobs();
  });
  if (opts.schedule ?? true) await b.schedule(IMPORT_SWEEP_QUEUE, "* * * * *", {}, { tz: "Asia/Shanghai" });
  // at start: rows left by a stopped instance or queued while none ran
  await b.send(IMPORT_SWEEP_QUEUE, {});
}

/** Forgets this instance's pg-boss (on shutdown, and between tests). */
export function unregisterImportJobs() {
  boss = null;
}
