// HTTP server for the built Remix app (Express + @remix-run/express), run in-process by scripts/start.mjs.
// A custom server rather than remix-serve: graceful shutdown that closes keep-alive connections at once,
// one process that owns the embedded database, and a place for health checks.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { metricsHandler } from "./lib/observability/metrics.mjs";
import { errorHandler, requestObservability } from "./lib/observability/request.mjs";
import { pageCache } from "./lib/page-cache.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function createAppServer({ port, host = "0.0.0.0", log = console.log }) {
  const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);
  const app = express();
  app.disable("x-powered-by");
  app.use(requestObservability({ build })); // request id, one log line and the HTTP metrics per request
  // Server-Timing: time from request to response headers (loaders run before headers are sent), read by the
  // benchmark (npm run bench) and visible in the browser's devtools.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!res.headersSent) {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        res.setHeader("Server-Timing", `app;dur=${ms.toFixed(2)}`);
      }
      return writeHead.apply(this, args);
    };
    next();
  });
  app.use(compression());
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // public/ holds files only (favicon, fonts…): paths without an extension are pages, and skip the file lookup
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  app.get("/healthz", (_req, res) => res.type("text").send("ok"));
  app.get("/metrics", metricsHandler);
  const cache = pageCache({ databaseUrl: process.env.DATABASE_URL, enabled: process.env.PAGE_CACHE !== "off" });
  app.use(cache);
  // the connection's address, for the login rate limit (X-Forwarded-For is only believed with TRUST_PROXY=true)
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress }),
    }),
  );
  app.use(errorHandler());

  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once("error", (err) => {
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
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        setTimeout(() => server.closeAllConnections?.(), 2_000).unref();
      });
      await cache.close().catch(() => {});
      for (const hook of globalThis.__jzShutdownHooks ?? []) {
        try {
          await hook();
        } catch (err) {
          log(`关闭后台服务出错: ${err?.message ?? err}`);
        }
      }
    },
  };
}
