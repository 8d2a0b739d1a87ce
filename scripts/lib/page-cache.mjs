// @ts-check
// Exact page cache for signed-in GET requests (docs/decisions/051).
//
// A page is a function of the request (the session cookie, the URL), the database's state and the clock. The key
// holds all three: the cookie and URL as sent, the database's current snapshot (pg_current_snapshot(): equal
// snapshots see exactly the same committed data, and every committed write changes it) and the current second.
// So a response is replayed only to the same session, for the same URL, while nothing at all has been written and
// within the same second: what rendering again would have produced (the clocks on a page — 13710 deadlines,
// "today" — are at most a second old). Any write, by anyone, through any process, ends every entry.
//
// Not cached: other methods, requests without a cookie, /build and static files, /resources/* (downloads; some
// record an audit event), and any response that is not a 200 or that sets a cookie (a flash message read).
// Concurrent misses for one key wait for the first render instead of rendering it again.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import pg from "pg";
import { requestContext, setRequestUser } from "./observability/log.mjs";

/**
 * @typedef {{ status: number, headers: import("node:http").OutgoingHttpHeaders, body: Buffer, userId: unknown }} Entry
 * @typedef {import("node:http").IncomingMessage & { path: string, originalUrl: string }} Req  the part of express's request it reads
 * @typedef {import("node:http").ServerResponse} Res
 */

const UNCACHED_PATH = /^\/(build|resources)\/|\.(?!data$)[a-z0-9]+$/i;

/**
 * Express middleware. `databaseUrl` null/empty or `enabled: false` → a pass-through. `clock` is for tests.
 * The returned function has `.close()` (ends its pool) and `.stats` (hits, misses).
 * @param {{ databaseUrl?: string | null, enabled?: boolean, maxBytes?: number, clock?: () => number }} [options]
 * @returns {((req: Req, res: Res, next: () => void) => unknown) & { close: () => Promise<void>, stats: { hits: number, misses: number } }}
 */
export function pageCache({ databaseUrl, enabled = true, maxBytes = 64 * 1024 * 1024, clock = Date.now } = {}) {
  const stats = { hits: 0, misses: 0 };
  if (!enabled || !databaseUrl) {
    /** @type {(req: Req, res: Res, next: () => void) => unknown} */
    const pass = (_req, _res, next) => next();
    return Object.assign(pass, { close: async () => {}, stats });
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => {}); // an idle client's error (the database restarting): the next query reconnects
  /** @type {LRUCache<string, Entry>} */
  const cache = new LRUCache({ maxSize: maxBytes, sizeCalculation: (e) => e.body.length + 512 });
  /** @type {Map<string, Promise<Entry | null>>} */
  const inflight = new Map();

  async function snapshot() {
    try {
      return (await pool.query("SELECT pg_current_snapshot()::text AS s")).rows[0].s;
    } catch {
      return null; // no cache rather than no page
    }
  }

  /** @param {Res} res @param {Entry} entry */
  function replay(res, entry) {
    // the same session, so the same user: this request's log line names them too (docs/decisions/076)
    if (entry.userId) setRequestUser(entry.userId);
    res.statusCode = entry.status;
    for (const [name, value] of Object.entries(entry.headers)) if (value !== undefined) res.setHeader(name, value);
    res.end(entry.body);
  }

  /** @param {Req} req @param {Res} res @param {() => void} next */
  async function middleware(req, res, next) {
    if (req.method !== "GET" || !req.headers.cookie || UNCACHED_PATH.test(req.path)) return next();
    const snap = await snapshot();
    if (!snap) return next();
    const second = Math.floor(clock() / 1000);
    const key = createHash("sha256")
      .update(`${req.headers.cookie}\0${req.originalUrl}\0${snap}\0${second}`)
      .digest("base64url");
    const hit = cache.get(key);
    if (hit) {
      stats.hits++;
      return replay(res, hit);
    }
    const pending = inflight.get(key);
    if (pending) {
      const entry = await pending;
      if (entry) {
        stats.hits++;
        return replay(res, entry);
      }
      return next();
    }
    stats.misses++;
    /** @type {(entry: Entry | null) => void} */
    let settle = () => {};
    inflight.set(key, new Promise((resolve) => (settle = resolve)));
    /** @type {Buffer[]} */
    const chunks = [];
    const write = res.write;
    const end = res.end;
    /** @param {unknown} chunk @param {unknown} encoding */
    const keep = (chunk, encoding) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : typeof chunk === "string"
            ? Buffer.from(chunk, typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8")
            : Buffer.from(/** @type {Uint8Array} */ (chunk)),
      );
    };
    res.write = /** @type {typeof write} */ (
      /** @this {Res} @param {unknown} chunk @param {unknown} encoding @param {unknown} cb */
      function (chunk, encoding, cb) {
        keep(chunk, encoding);
        return Reflect.apply(write, this, [chunk, encoding, cb]);
      }
    );
    res.end = /** @type {typeof end} */ (
      /** @this {Res} @param {unknown} chunk @param {unknown} encoding @param {unknown} cb */
      function (chunk, encoding, cb) {
        keep(chunk, encoding);
        res.write = write;
        res.end = end;
        let entry = null;
        if (res.statusCode === 200 && !res.hasHeader("set-cookie")) {
          const headers = { ...res.getHeaders() };
          delete headers["server-timing"];
          delete headers["content-length"]; // recomputed (compression may change it)
          delete headers["content-encoding"];
          delete headers["x-request-id"]; // each request keeps its own id
          entry = { status: 200, headers, body: Buffer.concat(chunks), userId: requestContext()?.userId };
          cache.set(key, entry);
        }
        inflight.delete(key);
        settle(entry);
        return Reflect.apply(end, this, [chunk, encoding, cb]);
      }
    );
    res.on("close", () => {
      if (inflight.get(key)) {
        inflight.delete(key);
        settle(null);
      }
    });
    next();
  }

  return Object.assign(middleware, { close: () => pool.end(), stats });
}
