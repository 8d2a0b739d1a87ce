// The 督办 sweep (issue 17, docs/decisions/141): every ten minutes on the app's pg-boss, each open 督办事项's owed
// steps past their deadline get one automatic 催办. Safe on many instances: the queue is stately (one run at a
// time) and each 催办's dedupe key makes a repeated sweep write nothing.
import type PgBoss from "pg-boss";
import { sweepSupervisions } from "~/models/supervision.server";
import { clockReady } from "~/utils/clock.server";
import { log } from "~/utils/log.server";

export const SUPERVISION_QUEUE = "supervision-sweep";

export async function registerSupervisionJob(boss: PgBoss) {
  await boss.createQueue(SUPERVISION_QUEUE, { name: SUPERVISION_QUEUE, policy: "stately", retryLimit: 0 });
  await boss.schedule(SUPERVISION_QUEUE, "*/10 * * * *", {}, { tz: "Asia/Shanghai" });
  await boss.send(SUPERVISION_QUEUE, {});
  await boss.work(SUPERVISION_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    await clockReady().catch(() => null);
    const urged = await sweepSupervisions().catch((err) => {
      log.error({ err }, "督办超时催办失败");
      return 0;
    });
    if (urged) log.info({ job: SUPERVISION_QUEUE, urged }, `督办超时自动催办 ${urged} 次`);
  });
}
