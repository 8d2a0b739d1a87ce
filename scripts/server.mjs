// @ts-check
// HTTP server for the built Remix app (Express + @remix-run/express), run in-process by scripts/start.mjs.
// A custom server rather than remix-serve: graceful shutdown (close() drains: stops accepting, lets the requests in
// flight finish with `Connection: close`, closes idle keep-alive connections, and only after SHUTDOWN_TIMEOUT_MS
// cuts what is left; docs/decisions/241), one process that owns the embedded database, and a place for health checks.
// With WEB_CONCURRENCY > 1 every worker process (scripts/worker.mjs) runs one of these on the same port.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { metricsHandler } from "./lib/observability/metrics.mjs";
import { errorHandler, requestObservability } from "./lib/observability/request.mjs";
import { pageCache } from "./lib/page-cache.mjs";
import { installRouteMatchMemo } from "./lib/route-match-memo.mjs";
import { installServerRoutesMemo } from "./lib/server-routes-memo.mjs";
import {
  bodyGuard,
  databaseDownHandler,
  databaseProbe,
  limitedBody,
  MESSAGES,
  methodGuard,
  originGuard,
  readinessHandler,
  refuse,
  securityHeaders,
} from "./lib/request-guards.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @param {{ port: number, host?: string, log?: (line: string) => void }} options */
export async function createAppServer({ port, host = "0.0.0.0", log = console.log }) {
  // route matching remembered per path (docs/decisions/245): before the build loads
  installRouteMatchMemo();
  // the render's route objects made once per build, not per page (docs/decisions/268)
  installServerRoutesMemo();
  const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);
  // clock moves made by another worker or instance are seen at once (docs/decisions/243)
  const entryModule = /** @type {{ followClockMoves?: (url: string | undefined) => Promise<() => Promise<void>> }} */ (
    build.entry.module
  );
  const stopFollowingClock = (await entryModule.followClockMoves?.(process.env.DATABASE_URL).catch(() => null)) ?? null;
  const app = express();
  app.disable("x-powered-by");
  // set by close(): responses from then on end their connection, so a proxy does not send the next request on it
  let draining = false;
  app.use(requestObservability({ build })); // request id, one log line and the HTTP metrics per request
  // Server-Timing: time from request to response headers (loaders run before headers are sent), read by the
  // benchmark (npm run bench) and visible in the browser's devtools.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    const writeHead = res.writeHead;
    res.writeHead = /** @type {typeof writeHead} */ (
      /** @this {import("express").Response} @param {unknown[]} args */
      function (...args) {
        if (!res.headersSent) {
          if (draining) res.setHeader("Connection", "close");
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          res.setHeader("Server-Timing", `app;dur=${ms.toFixed(2)}`);
        }
        return Reflect.apply(writeHead, this, args);
      }
    );
    next();
  });
  const trustProxy = process.env.TRUST_PROXY === "true";
  const databaseUp = databaseProbe(process.env.DATABASE_URL);
  // before anything answers: methods, security headers (with the CSP nonce), cross-site writes, body type and size
  app.use(methodGuard());
  app.use(securityHeaders({ cookieSecure: process.env.COOKIE_SECURE === "true" }));
  app.use(originGuard({ trustProxy }));
  app.use(bodyGuard());
  app.use(compression());
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // public/ holds files only (favicon, fonts…): paths without an extension are pages, and skip the file lookup
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  app.get("/healthz", (_req, res) => res.type("text").send("ok"));
  const ready = readinessHandler(databaseUp);
  // a load balancer's health check sees a draining instance as not ready
  app.get("/readyz", (req, res) => (draining ? res.status(503).type("text").send("正在停止") : ready(req, res)));
  app.get("/metrics", metricsHandler);
  const cache = pageCache({ databaseUrl: process.env.DATABASE_URL, enabled: process.env.PAGE_CACHE !== "off" });
  app.use(cache);
  // the connection's address, for the login rate limit (X-Forwarded-For is only believed with TRUST_PROXY=true)
  app.all(
    "*",
    remixHandler({
      build,
      databaseUp,
      getLoadContext: (req, res) => ({
        clientAddress: req.socket.remoteAddress,
        cspNonce: /** @type {string | undefined} */ (res.locals.cspNonce),
      }),
    }),
  );
  app.use(databaseDownHandler(databaseUp));
  app.use(errorHandler());

  /** @type {import("node:http").Server} */
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once("error", (/** @type {NodeJS.ErrnoException} */ err) => {
      if (err.code === "EADDRINUSE") {
        reject(new Error(`端口 ${port} 已被占用：平台可能已在运行，或请用 PORT=其他端口 npm start`));
      } else reject(err);
    });
  });
  server.keepAliveTimeout = 5_000;
  return {
    server,
    /** page cache hits and misses since start (read by the benchmark) */
    cacheStats: cache.stats,
    /**
     * Graceful drain: stop accepting connections, let requests in flight finish (their responses say
     * `Connection: close`), close keep-alive connections as soon as they are idle, and cut whatever is still open
     * after SHUTDOWN_TIMEOUT_MS (default 10 s); then the page cache and the background services stop.
     */
    async close() {
      draining = true;
      const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
      await new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const cut = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await cache.close().catch(() => {});
      await stopFollowingClock?.().catch(() => {});
      for (const hook of globalThis.__jzShutdownHooks ?? []) {
        try {
          await hook();
        } catch (err) {
          log(`关闭后台服务出错: ${err instanceof Error ? err.message : err}`);
        }
      }
    },
  };
}

/**
 * @remix-run/express's handler with two changes: the body is read through limitedBody() (the limit bodyGuard chose,
 * enforced while streaming → 413), and a 5xx while the database is unreachable becomes the Chinese 503 page.
 * @param {{
 *   build: import("@remix-run/node").ServerBuild,
 *   getLoadContext: (req: import("express").Request, res: import("express").Response) => import("@remix-run/node").AppLoadContext,
 *   databaseUp: () => Promise<boolean>,
 * }} options
 * @returns {import("express").Handler}
 */
function remixHandler({ build, getLoadContext, databaseUp }) {
  const handleRequest = createRequestHandler(build, "production");
  return async (req, res, next) => {
    try {
      const state = { exceeded: false };
      const request = remixRequest(req, res, state);
      // the application clock's state (the demo clock, docs/decisions/060) is read before loaders and actions run;
      // when the database cannot be read the request goes on and ends as any other would (503 below)
      const entry = /** @type {{ clockReady?: () => Promise<void> }} */ (build.entry.module);
      await entry.clockReady?.().catch(() => {});
      const response = await handleRequest(request, getLoadContext(req, res));
      if (state.exceeded) return refuse(res, 413, ...MESSAGES.tooLarge, { close: true });
      if (response.status >= 500 && !(await databaseUp())) {
        return refuse(res, 503, ...MESSAGES.dbDown, { headers: { "Retry-After": "30" } });
      }
      // the app's own value of a header set above (nosniff on a download, say) replaces it rather than doubling it
      for (const key of response.headers.keys()) res.removeHeader(key);
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * As @remix-run/express's createRemixRequest (the URL, headers and abort signal), with a limited body.
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {{ exceeded: boolean }} state
 */
function remixRequest(req, res, state) {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p, 10)).find((p) => Number.isSafeInteger(p));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  /** @type {AbortController | null} */
  let controller = new AbortController();
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of Array.isArray(values) ? values : values ? [values] : []) headers.append(key, value);
  }
  /** @type {RequestInit & { duplex?: "half" }} */
  const init = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(limitedBody(req, req.bodyLimit ?? 64 * 1024, state));
    init.duplex = "half";
  }
  // The request's signal ends with the response, as @remix-run/express's does on a client that goes away; and also
  // once the response is complete, with one shared reason (abort() without one builds an error with a stack each
  // time). Remix's single fetch arms a 4.95 s timer per request (encodeViaTurboStream) that only the request's
  // abort clears: otherwise each one fired later, built its "Server Timeout" error with a stack, and held the
  // request's loader data until then (docs/decisions/268). Nothing of the request runs after its response ended.
  res.on("finish", () => {
    const c = controller;
    controller = null;
    c?.abort(RESPONSE_COMPLETE);
  });
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/** The abort reason of a request whose response is complete (scripts/server.mjs remixRequest). */
const RESPONSE_COMPLETE = Object.freeze({ name: "ResponseComplete", message: "the response is complete" });
