// Background services that run inside each app instance (e.g. the 13710 escalation job).
// Each must be safe when several instances run at once. Add new services to the list below.
import { importWorkerService } from "./jobs/importWorker.server";
import { startSlaWorker, type SlaWorker } from "./jobs/slaWorker.server";
import { env } from "./utils/env.server";

export type Service = { name: string; start: () => Promise<void> | void; stop?: () => Promise<void> | void };

let slaWorker: Promise<SlaWorker> | undefined;

const services: Service[] = [
  importWorkerService,
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
    Promise.resolve(s.start()).catch((err) => console.error(`后台服务 ${s.name} 启动失败`, err));
    if (s.stop) globalThis.__jzShutdownHooks.push(s.stop);
  }
}
