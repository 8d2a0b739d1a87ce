// Prometheus metrics (prom-client; docs/decisions/076-logs-and-metrics.md). The HTTP series are recorded here by
// the request middleware; the app's own gauges (database pool, queues, notifications, 13710, backups) are
// registered by app/utils/metrics.server.ts on the same default registry and computed when scraped.
// GET /metrics answers with a Bearer METRICS_TOKEN from anywhere, or without a token only to a direct connection
// from this machine (no proxy headers) — a proxy on localhost must not make the world "local".
import { timingSafeEqual } from "node:crypto";
import client from "prom-client";

const KEY = Symbol.for("jinzhong.observability.metrics");

function init() {
  client.collectDefaultMetrics();
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
    const body = await client.register.metrics();
    res.set("Content-Type", client.register.contentType).send(body);
  } catch (err) {
    res
      .status(500)
      .type("text")
      .send(`metrics: ${err?.message ?? err}`);
  }
}
