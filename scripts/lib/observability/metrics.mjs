// Prometheus metrics (prom-client; docs/decisions/076-logs-and-metrics.md). The HTTP series are recorded here by
// the request middleware on the default registry, with the process's own numbers (database pool, CPU, memory);
// the database-wide gauges (queues, notifications, 13710, backups) are registered by app/utils/metrics.server.ts
// on a registry of their own and computed when scraped.
// One scrape answers for the whole instance (docs/decisions/265): in a worker of several (WEB_CONCURRENCY > 1,
// scripts/lib/workers.mjs) the per-process registry is summed over all workers by the primary (prom-client's
// AggregatorRegistry over the cluster channel), and the database-wide gauges are computed once, by the worker
// that took the scrape — summing them would multiply them by the worker count.
// GET /metrics answers with a Bearer METRICS_TOKEN from anywhere, or without a token only to a direct connection
// from this machine (no proxy headers) — a proxy on localhost must not make the world "local".
import cluster from "node:cluster";
import { timingSafeEqual } from "node:crypto";
import client from "prom-client";

const KEY = Symbol.for("jinzhong.observability.metrics");
// the same key in app/utils/metrics.server.ts, which registers the database-wide gauges here (the server build
// cannot import this file, nor this file the build's modules)
const DATABASE_REGISTRY = Symbol.for("jinzhong.observability.databaseRegistry");
/** Asked by a worker of the primary (scripts/lib/workers.mjs), answered with the instance's summed series. */
export const INSTANCE_METRICS_REQUEST = "jz:instance-metrics-request";
export const INSTANCE_METRICS_ANSWER = "jz:instance-metrics-answer";

function init() {
  client.collectDefaultMetrics();
  // answers the primary's requests for this worker's series (the listener is added by the constructor)
  if (cluster.isWorker) new client.AggregatorRegistry();
  new client.Gauge({
    name: "jz_app_processes",
    help: "App processes whose numbers this scrape sums (WEB_CONCURRENCY workers of the instance, or 1)",
    collect() {
      this.set(1);
    },
  });
  return {
    requests: new client.Counter({
      name: "jz_http_requests_total",
      help: "HTTP requests answered, by method, route (Remix route id) and status",
      labelNames: ["method", "route", "status"],
    }),
    duration: new client.Histogram({
      name: "jz_http_request_duration_seconds",
      help: "Time from request to the end of the response, by method, route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
  };
}

/** @returns {ReturnType<typeof init>} */
function http() {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  return (g[KEY] ??= init());
}
// a worker must answer the primary's first request, even before it has served anything
if (cluster.isWorker) http();

export function recordRequest(method, route, status, seconds) {
  const labels = { method, route, status: String(status) };
  http().requests.inc(labels);
  http().duration.observe(labels, seconds);
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function allowed(req) {
  const token = process.env.METRICS_TOKEN;
  const auth = req.get("authorization") ?? "";
  if (token) {
    const given = Buffer.from(auth.startsWith("Bearer ") ? auth.slice(7) : "");
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  }
  const proxied = req.get("x-forwarded-for") || req.get("x-real-ip") || req.get("forwarded");
  return !proxied && LOOPBACK.has(req.socket.remoteAddress ?? "");
}

/** Express handler for GET /metrics. */
export async function metricsHandler(req, res) {
  if (!allowed(req)) {
    res
      .status(process.env.METRICS_TOKEN ? 401 : 403)
      .type("text")
      .send(
        process.env.METRICS_TOKEN
          ? "需要 Authorization: Bearer <METRICS_TOKEN>"
          : "只允许本机直接访问；从其他主机采集请设置 METRICS_TOKEN",
      );
    return;
  }
  http();
  try {
    // the database-wide gauges first: their queries are what opens this process's pool on a quiet instance
    const database = await databaseRegistry().metrics();
    const perProcess = cluster.isWorker && process.send ? await instanceMetrics() : await client.register.metrics();
    res.set("Content-Type", client.register.contentType).send(`${perProcess.trimEnd()}\n\n${database}`);
  } catch (err) {
    res
      .status(500)
      .type("text")
      .send(`metrics: ${err?.message ?? err}`);
  }
}

/** The registry of the database-wide gauges: the same numbers whichever process computes them. */
function databaseRegistry() {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  return /** @type {import("prom-client").Registry} */ (g[DATABASE_REGISTRY] ??= new client.Registry());
}

let asked = 0;
/**
 * The per-process series of every worker of this instance, summed (counters, histograms, the pool) or combined
 * by each metric's own aggregator (prom-client's: averages for event-loop lag, first for the version …).
 * @returns {Promise<string>}
 */
function instanceMetrics() {
  const id = `${process.pid}:${++asked}`;
  return new Promise((resolve, reject) => {
    /** @param {any} message */
    const onMessage = (message) => {
      if (message?.type !== INSTANCE_METRICS_ANSWER || message.id !== id) return;
      done();
      if (message.error) reject(new Error(message.error));
      else resolve(String(message.text));
    };
    // the primary's own wait for the workers ends after 5 s (prom-client); this one only if the primary is gone
    const timer = setTimeout(() => {
      done();
      reject(new Error("主进程未答复指标汇总请求"));
    }, 8_000);
    const done = () => {
      clearTimeout(timer);
      process.off("message", onMessage);
    };
    process.on("message", onMessage);
    process.send?.({ type: INSTANCE_METRICS_REQUEST, id });
  });
}
