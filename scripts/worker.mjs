// @ts-check
// One app process of several (WEB_CONCURRENCY > 1; forked by scripts/lib/workers.mjs, which set DATABASE_URL,
// SESSION_SECRET, PORT and JOBS_ENABLED): the Express server of scripts/server.mjs on the shared port. SIGTERM or
// SIGINT drains it (docs/decisions/241) and it exits; if the primary dies, node:cluster ends it at once.
import { getLogger } from "./lib/observability/log.mjs";

const logger = getLogger();
const port = Number(process.env.PORT);
/** @type {{ close: () => Promise<void> } | undefined} */
let http;
let closing = false;
async function stop() {
  if (closing) return;
  closing = true;
  await http?.close().catch((err) => logger.error(`工作进程停止出错：${err?.message ?? err}`));
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

try {
  const { createAppServer } = await import("./server.mjs");
  http = await createAppServer({ port, log: (m) => logger.info(m) });
} catch (err) {
  logger.error(`工作进程启动失败：${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
