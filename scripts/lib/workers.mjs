// @ts-check
// WEB_CONCURRENCY app processes on one port (node:cluster; docs/decisions/240). The primary (scripts/start.mjs)
// owns the embedded PostgreSQL, the migrations and the seed, then forks the workers (scripts/worker.mjs), each an
// Express server on PORT; the primary hands connections to them in turn. Each worker runs the background jobs as
// an instance would (unless JOBS_ENABLED=false): every job is safe on several instances (docs/decisions/030, 096,
// 110), and a worker with its own queue client can put an upload or a notification on the queue at once. A worker
// that dies is started again; one that fails before it listens stops the start-up. The caches stay exact across workers because their
// entries are keyed on the database's snapshot (docs/decisions/051), which every process reads from PostgreSQL.
import cluster from "node:cluster";
import os from "node:os";
import { fileURLToPath } from "node:url";
import client from "prom-client";
import { INSTANCE_METRICS_ANSWER, INSTANCE_METRICS_REQUEST } from "./observability/metrics.mjs";

/**
 * How many app processes: WEB_CONCURRENCY when set (a positive integer), else the core count in production and
 * 1 otherwise (dev, test).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function webConcurrency(env = process.env) {
  const raw = env.WEB_CONCURRENCY?.trim();
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 256)
      throw new Error(`WEB_CONCURRENCY 应为 1–256 的整数（现为「${raw}」）`);
    return n;
  }
  return env.NODE_ENV === "production" ? os.availableParallelism() : 1;
}

/**
 * Forks `count` workers listening on `port` and resolves once all of them listen.
 * @param {{ count: number, port: number, log: (line: string) => void }} options
 * @returns {Promise<{ close: () => Promise<void>, pids: () => number[] }>}
 */
export function startWorkers({ count, port, log }) {
  cluster.setupPrimary({ exec: fileURLToPath(new URL("../worker.mjs", import.meta.url)), args: [] });
  // /metrics answers for the instance (docs/decisions/265): the worker that takes a scrape asks here, and the
  // primary collects every worker's per-process series and sums them (prom-client's AggregatorRegistry)
  const aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, message) => {
    if (message?.type !== INSTANCE_METRICS_REQUEST) return;
    const answer = (/** @type {{ text?: string, error?: string }} */ body) => {
      if (worker.isConnected()) worker.send({ type: INSTANCE_METRICS_ANSWER, id: message.id, ...body });
    };
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (err) => answer({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
  /** @type {Map<number, import("node:cluster").Worker>} slot → worker */
  const live = new Map();
  let stopping = false;
  let started = false;

  return new Promise((resolve, reject) => {
    let listening = 0;
    /** @param {number} slot */
    const fork = (slot) => {
      const worker = cluster.fork({
        PORT: String(port),
        WORKER_SLOT: String(slot),
      });
      live.set(slot, worker);
      worker.once("listening", () => {
        if (started) {
          log(`工作进程 ${slot} 已重新启动（进程 ${worker.process.pid}）`);
          return;
        }
        if (++listening === count) {
          started = true;
          resolve({ close, pids: () => [...live.values()].map((w) => /** @type {number} */ (w.process.pid)) });
        }
      });
      worker.once("exit", (code, signal) => {
        if (live.get(slot) === worker) live.delete(slot);
        if (stopping) return;
        if (!started) {
          stopping = true;
          void close().finally(() => reject(new Error(`工作进程 ${slot} 启动失败（退出码 ${code ?? signal}）`)));
          return;
        }
        log(`工作进程 ${slot}（进程 ${worker.process.pid}）意外退出（${code ?? signal}），1 秒后重新启动`);
        setTimeout(() => !stopping && fork(slot), 1_000).unref();
      });
    };
    for (let slot = 1; slot <= count; slot++) fork(slot);
  });

  /** SIGTERM to every worker (each drains: scripts/server.mjs close()), then wait for all of them to exit. */
  async function close() {
    stopping = true;
    const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000) + 15_000;
    await Promise.all(
      [...live.values()].map(
        (worker) =>
          new Promise((done) => {
            if (worker.isDead()) return done(undefined);
            const kill = setTimeout(() => worker.process.kill("SIGKILL"), timeoutMs);
            worker.once("exit", () => {
              clearTimeout(kill);
              done(undefined);
            });
            worker.process.kill("SIGTERM");
          }),
      ),
    );
  }
}
