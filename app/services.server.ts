// Background services that run inside each app instance (e.g. the 13710 escalation job).
// Each must be safe when several instances run at once. Add new services to the list below.
import { registerBackupJob } from "./jobs/backupJob.server";
import { registerImportJobs, unregisterImportJobs } from "./jobs/importWorker.server";
import { startSlaWorker, type SlaWorker } from "./jobs/slaWorker.server";
import { env } from "./utils/env.server";
import { log } from "./utils/log.server";

export type Service = { name: string; start: () => Promise<void> | void; stop?: () => Promise<void> | void };

let slaWorker: Promise<SlaWorker> | undefined;

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
    async start() {
      const w = await slaWorker;
      if (w) await registerBackupJob(w.boss);
    },
  },
  {
    // imports (checks and writes of uploaded spreadsheets) on the same pg-boss: docs/decisions/096
    name: "数据导入",
    async start() {
      const w = await slaWorker;
      if (w) await registerImportJobs(w.boss);
    },
    stop() {
      // a job still running is not awaited: its transaction rolls back with the process, and the job's watch
      // hands it to another worker once its heartbeat is stale (STALE_AFTER_S)
      unregisterImportJobs();
    },
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
