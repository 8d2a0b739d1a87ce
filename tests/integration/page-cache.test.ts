// The page cache middleware (scripts/lib/page-cache.mjs, docs/decisions/051) in front of a handler that reads the
// real database: a response is replayed only for the same cookie, URL, database snapshot and second.
import type { AddressInfo } from "node:net";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageCache } from "../../scripts/lib/page-cache.mjs";

let sql: pg.Client;
let server: Server;
let base = "";
let renders = 0;
let now = Date.UTC(2026, 10, 28, 1, 0, 0);
const cache = pageCache({ databaseUrl: process.env.DATABASE_URL, clock: () => now });

beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
  // the handlers stand for Remix; the middleware runs before them as in scripts/server.mjs (Express's req.path and
  // req.originalUrl set by hand)
  const handlers: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void> | void> = {
    // a "page": the number of projects, as a loader would read it
    "/count": async (req, res) => {
      renders++;
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM project`);
      res.setHeader("Content-Type", "text/plain");
      res.end(`${req.headers.cookie}:${rows[0].n}`);
    },
    "/flash": (_req, res) => {
      renders++;
      res.setHeader("Set-Cookie", "flash=; Max-Age=0");
      res.end(`flash ${renders}`);
    },
    "/missing": (_req, res) => {
      renders++;
      res.statusCode = 404;
      res.end(`missing ${renders}`);
    },
    "/resources/file": (_req, res) => {
      renders++;
      res.end(`file ${renders}`);
    },
  };
  const app = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url!, "http://x").pathname;
    cache(Object.assign(req, { path, originalUrl: req.url! }), res, () => handlers[path](req, res));
  };
  server = await new Promise<Server>((resolve) => {
    const s = createServer(app).listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await cache.close();
  await sql.end();
});

async function get(path: string, cookie = "jz_session=a") {
  const r = await fetch(base + path, { headers: { cookie } });
  return { status: r.status, body: await r.text() };
}

/**
 * Whether a repeat of `path` is replayed without rendering. Snapshots are cluster-wide, so a write in another test
 * file's database may end an entry between two requests: a few tries tell caching from that noise.
 */
async function replayed(path: string, cookie?: string) {
  for (let i = 0; i < 10; i++) {
    await get(path, cookie);
    const before = renders;
    await get(path, cookie);
    if (renders === before) return true;
  }
  return false;
}

describe("page cache", () => {
  it("replays a page while nothing is written, and renders again after any write", async () => {
    expect(await replayed("/count")).toBe(true);
    const first = await get("/count");
    const before = renders;
    await sql.query(
      `INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, plan_year)
       VALUES ('PAGE-1', '页面缓存测试', (SELECT min(id) FROM county), (SELECT min(id) FROM industry), 'LOCAL', 1, 2017)`,
    );
    const after = await get("/count");
    expect(renders - before).toBe(1);
    expect(Number(after.body.split(":")[1])).toBe(Number(first.body.split(":")[1]) + 1);
  });

  it("keys on the session cookie: another session never gets this one's page", async () => {
    const a = await get("/count", "jz_session=a");
    const b = await get("/count", "jz_session=b");
    expect(a.body.startsWith("jz_session=a:")).toBe(true);
    expect(b.body.startsWith("jz_session=b:")).toBe(true);
  });

  it("renders again in the next second (the clocks on a page stay current)", async () => {
    expect(await replayed("/count")).toBe(true);
    now += 1000;
    const before = renders;
    await get("/count");
    expect(renders).toBe(before + 1);
  });

  it("never keeps responses that set a cookie, errors, downloads, or requests without a cookie", async () => {
    for (const path of ["/flash", "/missing", "/resources/file"]) {
      const before = renders;
      const one = await get(path);
      const two = await get(path);
      expect(renders - before, path).toBe(2);
      expect(one.body).not.toBe(two.body);
    }
    const before = renders;
    await fetch(`${base}/count`);
    await fetch(`${base}/count`);
    expect(renders - before).toBe(2);
  });

  it("concurrent requests for one page share one render", async () => {
    now += 1000;
    const before = renders;
    const bodies = await Promise.all(Array.from({ length: 10 }, () => get("/count", "jz_session=c")));
    expect(new Set(bodies.map((b) => b.body)).size).toBe(1);
    expect(renders - before).toBeGreaterThanOrEqual(1);
    expect(renders - before).toBeLessThanOrEqual(2); // 1, or 2 if a write elsewhere changed the snapshot meanwhile
  });
});
