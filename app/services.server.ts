// Background services that run inside each app instance (e.g. the 13710 escalation job).
// Each must be safe when several instances run at once. Add new services to the list below.
import { registerBackupJob } from "./jobs/backupJob.server";
import { registerDeliveryJob, unregisterDeliveryJob } from "./jobs/deliveryWorker.server";
import { registerImportJobs, unregisterImportJobs } from "./jobs/importWorker.server";
import { registerReminderJob } from "./jobs/reminderSweep.server";
import { startSlaWorker, type SlaWorker } from "./jobs/slaWorker.server";
import { registerSupervisionJob } from "./jobs/supervisionJob.server";
import { env } from "./utils/env.server";
import { log } from "./utils/log.server";

export type Service = { name: string; start: () => Promise<void> | void; stop?: () => Promise<void> | void };

let slaWorker: Promise<SlaWorker> | undefined;

// pg-boss's createQueue adds a partition table and its foreign key: two at once on one database can deadlock
// (40P01, seen when the backup and import services started together), so the services that add queues to the
// app's pg-boss do it one after another.
let queueSetup: Promise<unknown> = Promise.resolve();
function onAppBoss(register: (boss: SlaWorker["boss"]) => Promise<void>): Promise<void> {
  const next = queueSetup
    .catch(() => undefined)
    .then(async () => {
      const w = await slaWorker;
      if (w) await register(w.boss);
    });
  queueSetup = next;
  return next;
}

const services: Service[] = [
  {
    name: "13710 时限检查与自动上报",
    async start() {
      slaWorker = startSlaWorker({ connectionString: env().DATABASE_URL });
      await slaWorker;
    },
    async stop() {
      // Shutdown may come while the worker is still starting: wait for it, then stop it.
      const w = await slaWorker?.catch(() => undefined);
      slaWorker = undefined;
      await w?.stop();
    },
  },
  {
    // the nightly backup's check rides on the SLA worker's pg-boss (its start above has begun by now)
    name: "每日数据备份",
    start: () => onAppBoss(registerBackupJob),
  },
  {
    // imports (checks and writes of uploaded spreadsheets) on the same pg-boss: docs/decisions/096
    name: "数据导入",
    start: () => onAppBoss((boss) => registerImportJobs(boss)),
    stop() {
      // a job still running is not awaited: its transaction rolls back with the process, and the job's watch
      // hands it to another worker once its heartbeat is stale (STALE_AFTER_S)
      unregisterImportJobs();
    },
  },
  {
    // messages to 钉钉 / 企业微信 / SMS from the notification outbox: docs/decisions/110
    name: "外部通知发送",
    start: () => onAppBoss(registerDeliveryJob),
    stop: unregisterDeliveryJob,
  },
  {
    // 督办事项 past a deadline get an automatic 催办 once per step: docs/decisions/141
    name: "督办超时催办",
    start: () => onAppBoss(registerSupervisionJob),
  },
  {
    // reminders beyond issues and the weekly 一周一清单 digest, every five minutes: docs/decisions/130
    name: "工作提醒与一周一清单",
    start: () => onAppBoss(registerReminderJob),
  },
];

declare global {
  var __jzServicesStarted: boolean | undefined;
  var __jzShutdownHooks: Array<() => Promise<void> | void> | undefined;
}

export function startBackgroundServices() {
  if (globalThis.__jzServicesStarted || !env().JOBS_ENABLED) return;
  globalThis.__jzServicesStarted = true;
  globalThis.__jzShutdownHooks ??= [];
  for (const s of services) {
    Promise.resolve(s.start()).catch((err) => log.error({ err }, `后台服务 ${s.name} 启动失败`));
    if (s.stop) globalThis.__jzShutdownHooks.push(s.stop);
  }
}
