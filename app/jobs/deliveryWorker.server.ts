// The notification delivery worker (issue 16, docs/decisions/110) on the app's pg-boss. A `notification-delivery`
// job sends every due outbox row (app/models/notificationOutbox.server.ts). One is scheduled each minute (so rows
// written on an instance without jobs, or before a restart, go out), one is queued shortly after rows are written
// here (the kick: a few seconds, so the transaction that wrote them has committed), and one when the earliest
// retry within the minute comes due. Extra runs are harmless: the rows' own claim (FOR UPDATE SKIP LOCKED) is what
// keeps workers and instances from sending a message twice, so the queue needs no singleton policy (a stately one
// would let a waiting retry job swallow the kicks).
import type PgBoss from "pg-boss";
import { nextDueAt, runDueDeliveries, setDeliveryKick } from "~/models/notificationOutbox.server";
import { clockReady, now } from "~/utils/clock.server";
import { log } from "~/utils/log.server";

export const DELIVERY_QUEUE = "notification-delivery";
/** The kick waits this long, so the transaction that wrote the rows has committed when the job runs. */
const KICK_DELAY_MS = 2_000;

// at most one pending kick and one pending retry timer per instance, however many rows are written
let kickTimer: ReturnType<typeof setTimeout> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

export async function registerDeliveryJob(boss: PgBoss) {
  await boss.createQueue(DELIVERY_QUEUE, {
    name: DELIVERY_QUEUE,
    policy: "standard",
    retryLimit: 0,
    expireInSeconds: 15 * 60,
  });
  await boss.schedule(DELIVERY_QUEUE, "* * * * *", {}, { tz: "Asia/Shanghai" });
  const queue = () =>
    boss.send(DELIVERY_QUEUE, {}).catch((err) => log.warn({ err }, "通知发送任务无法排入队列（每分钟的检查会补上）"));
  const later = (ms: number, which: "kick" | "retry") => {
    if (which === "kick" ? kickTimer : retryTimer) return;
    const t = setTimeout(() => {
      if (which === "kick") kickTimer = null;
      else retryTimer = null;
      void queue();
    }, ms);
    t.unref();
    if (which === "kick") kickTimer = t;
    else retryTimer = t;
  };
  setDeliveryKick(() => later(KICK_DELAY_MS, "kick"));
  await queue(); // rows left from before a restart
  await boss.work(DELIVERY_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    await clockReady().catch(() => null);
    const r = await runDueDeliveries();
    if (r.sent || r.retried || r.failed) {
      log.info({ job: "notify", ...r }, `外部通知：发送 ${r.sent}，待重试 ${r.retried}，失败 ${r.failed}`);
    }
    const next = await nextDueAt();
    if (next) {
      const wait = next.getTime() - now().getTime();
      if (wait < 60_000) later(Math.max(1_000, wait), "retry");
    }
  });
}

export function unregisterDeliveryJob() {
  setDeliveryKick(null);
  for (const t of [kickTimer, retryTimer]) if (t) clearTimeout(t);
  kickTimer = retryTimer = null;
}
