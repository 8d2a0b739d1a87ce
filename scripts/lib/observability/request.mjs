// Per request (docs/decisions/076-logs-and-metrics.md): a request id (a sane incoming X-Request-Id is kept,
// otherwise a new UUID) in the response header and on every log line written while the request runs, one log
// line when it ends (method, path without the query, Remix route id, status, duration, user id), and the HTTP
// metrics. The route is the matched Remix route's id, so /projects/1 and /projects/2 count as one route.
import { randomUUID } from "node:crypto";
import router from "@remix-run/router";
import { getLogger, runWithRequestContext } from "./log.mjs";
import { recordRequest } from "./metrics.mjs";

// letters, digits and - _ . : up to 100 — UUIDs, trace ids, load balancer ids; anything else is replaced
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/;

/** Remix's route manifest as a tree `matchRoutes` understands. */
function routeTree(routes) {
  const byParent = new Map();
  for (const r of Object.values(routes)) {
    const key = r.parentId ?? "";
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(r);
  }
  const build = (parent) =>
    (byParent.get(parent) ?? []).map((r) => ({
      id: r.id,
      path: r.path,
      index: r.index,
      caseSensitive: r.caseSensitive,
      children: r.index ? undefined : build(r.id),
    }));
  return build("");
}

export function routeLabeller(build) {
  const tree = routeTree(build.routes);
  return (pathname) => {
    if (pathname.startsWith("/build/")) return "static";
    if (pathname === "/healthz" || pathname === "/metrics") return pathname.slice(1);
    // single-fetch data requests: /projects/5.data → /projects/5, /_root.data → /
    const page = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    // through the module object: the memoised matchRoutes once installed (scripts/lib/route-match-memo.mjs)
    const matches = router.matchRoutes(tree, page);
    if (matches?.length) return matches[matches.length - 1].route.id;
    return /\.[a-z0-9]+$/i.test(pathname) ? "static" : "unmatched";
  };
}

export function requestObservability({ build }) {
  const label = routeLabeller(build);
  const logger = getLogger();
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const ctx = { requestId, userId: undefined };
    // read now: a mounted handler (express.static under /build) rewrites req.url while it runs
    const { method, path } = req;
    const start = process.hrtime.bigint();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // 499 (nginx's convention): the client went away before the response was complete
      const status = res.writableFinished ? res.statusCode : 499;
      const route = label(path);
      recordRequest(method, route, status, seconds);
      const line = {
        reqId: requestId,
        userId: ctx.userId,
        method,
        path,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
      };
      const msg = `${method} ${path} ${status} ${line.durationMs}ms`;
      if (status >= 500) logger.error(line, msg);
      else if (route !== "healthz" && route !== "metrics" && route !== "static") logger.info(line, msg);
      else logger.debug(line, msg);
    };
    res.once("finish", end);
    res.once("close", end);
    runWithRequestContext(ctx, next);
  };
}

/** The last handler: an error that escaped everything else is logged with its stack, the page shows none. */
export function errorHandler() {
  const logger = getLogger();
  // express recognises an error handler by its four parameters
  return (err, req, res, _next) => {
    logger.error({ err }, `请求处理出错：${err?.message ?? err}`);
    if (res.headersSent) return res.end();
    res
      .status(500)
      .type("text")
      .send(`服务器内部错误，请稍后再试。（请求编号 ${res.getHeader("X-Request-Id") ?? "—"}）`);
  };
}
