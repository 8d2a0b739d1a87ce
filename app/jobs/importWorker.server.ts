// Runs import jobs in the background of every app instance (a PostgreSQL-backed queue: the job rows, claimed
// with FOR UPDATE SKIP LOCKED, so any number of instances can run it). Polls every few seconds; an upload or a
// confirmation on this instance starts it at once.
import { claimImportJob, processImportJob } from "~/models/importJob.server";
import type { Service } from "~/services.server";
import { log } from "~/utils/log.server";

const POLL_MS = 2_000;
let timer: ReturnType<typeof setInterval> | null = null;
let running: Promise<number> | null = null;

/** Processes waiting jobs one after another until none is left; returns how many. */
export async function runImportJobs(): Promise<number> {
  let n = 0;
  for (;;) {
    const job = await claimImportJob();
    if (!job) return n;
    await processImportJob(job);
    n += 1;
  }
}

function tick() {
  if (running) return;
  running = runImportJobs()
    .catch((err) => {
      log.error({ err }, "导入任务队列出错");
      return 0;
    })
    .finally(() => {
      running = null;
    });
}

/** Starts a round now when this instance runs the worker (after an upload or a confirmation). */
export function kickImportWorker() {
  if (timer) tick();
}

export const importWorkerService: Service = {
  name: "导入任务",
  start() {
    timer = setInterval(tick, POLL_MS);
    timer.unref?.();
    tick();
  },
  stop() {
    // A job still running is not awaited: its transaction rolls back with the process, and the job is taken
    // over once its heartbeat is stale (STALE_AFTER_S).
    if (timer) clearInterval(timer);
    timer = null;
  },
};
