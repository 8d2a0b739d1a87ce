// The process's one logger (pino; docs/decisions/076-logs-and-metrics.md) and the request context every log
// line reads its request id and user id from. Shared through globalThis, because the server build (bundled,
// build/index.js) and these scripts each have their own copy of this module but must log the same way.
//   LOG_FORMAT=json    one JSON object per line (default when stdout is not a terminal: services, CI, tests)
//   LOG_FORMAT=pretty  "[晋中平台] message" lines, as `npm start` printed before (default on a terminal)
//   LOG_LEVEL          pino level, default info
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import pretty from "pino-pretty";

const KEY = Symbol.for("jinzhong.observability.log");

/** @typedef {{ requestId: string, userId?: number }} RequestContext */

/** @returns {{ als: AsyncLocalStorage<RequestContext>, logger: import("pino").Logger | null }} */
function state() {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  return (g[KEY] ??= { als: new AsyncLocalStorage(), logger: null });
}

/** @returns {RequestContext | undefined} */
export function requestContext() {
  return state().als.getStore();
}

/**
 * @template T
 * @param {RequestContext} ctx
 * @param {() => T} fn
 */
export function runWithRequestContext(ctx, fn) {
  return state().als.run(ctx, fn);
}

/** Called by the app once it knows who is signed in (app/utils/auth.server.ts): the request's lines carry it. */
export function setRequestUser(userId) {
  const ctx = requestContext();
  if (ctx) ctx.userId = userId;
}

export function logFormat() {
  const f = process.env.LOG_FORMAT;
  if (f === "json" || f === "pretty") return f;
  return process.stdout.isTTY ? "pretty" : "json";
}

const LEVEL_PREFIX = { 40: "警告：", 50: "错误：", 60: "严重错误：" };

function createLogger() {
  /** @type {import("pino").LoggerOptions} */
  const options = {
    level: process.env.LOG_LEVEL ?? "info",
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const ctx = requestContext();
      return ctx ? { reqId: ctx.requestId, userId: ctx.userId } : {};
    },
    // never the session, cookies or passwords, whatever a caller passes by mistake
    redact: {
      paths: ["password", "*.password", "cookie", "*.cookie", "headers.cookie", "headers.authorization", "sid"],
      censor: "[已隐藏]",
    },
  };
  if (logFormat() === "pretty") {
    const stream = pretty({
      sync: true,
      colorize: false,
      hideObject: true,
      // a person at a terminal reads the message; the fields are in the JSON format for machines
      messageFormat: (log, key) => {
        const err = /** @type {{ stack?: string } | undefined} */ (log.err);
        const prefix = LEVEL_PREFIX[/** @type {keyof typeof LEVEL_PREFIX} */ (Number(log.level))] ?? "";
        return `[晋中平台${log.component ? `·${log.component}` : ""}] ${prefix}${log[key]}${err?.stack ? `\n${err.stack}` : ""}`;
      },
      ignore: "time,level,pid,hostname",
    });
    return pino(options, stream);
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/** @returns {import("pino").Logger} */
export function getLogger() {
  const s = state();
  s.logger ??= createLogger();
  return s.logger;
}
