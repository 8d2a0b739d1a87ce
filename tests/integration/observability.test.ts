// Logs and metrics of the real server (docs/decisions/076): `npm start` on this file's seeded database, JSON logs.
// A request id is in the response header and on that request's log line (with route, status, duration and the
// signed-in user, never the session); /metrics answers in Prometheus text format with the HTTP, database pool,
// queue, notification, 13710 and backup series, behind METRICS_TOKEN or to local connections only. With jobs on,
// the nightly backup runs once (BACKUP_HOUR=0: due at once) and its age appears. With two workers
// (WEB_CONCURRENCY=2) every scrape, whichever worker takes it, reports the instance (docs/decisions/265).
import { rm } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type AppProcess, signIn, startApp } from "../support/appProcess";
import { ROOT } from "../support/cli";

const TOKEN = "metrics-token-0123456789abcdef";
const work = path.join(ROOT, ".data", `observability-test-${process.pid}`);
const apps: AppProcess[] = [];

afterAll(async () => {
  for (const a of apps) await a.stop();
  await rm(work, { recursive: true, force: true });
});

async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

function jsonLines(out: string): Array<Record<string, unknown>> {
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The value of one series in Prometheus text format (name with its labels exactly as printed), or undefined. */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = (m[2] ?? "").split(",").filter(Boolean);
    if (
      want
        .split(",")
        .filter(Boolean)
        .every((w) => got.includes(w))
    )
      return Number(m[3]);
  }
  return undefined;
}

/** A GET on a connection of its own: node:cluster hands each new connection to the next worker in turn. */
function getFresh(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .once("error", reject);
  });
}

async function until(what: string, check: () => Promise<boolean>, ms = 90_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("logs and metrics", () => {
  it("puts a request id in the response header and on that request's JSON log line", { timeout: 180_000 }, async () => {
    const app = await startApp({ DATABASE_URL: process.env.DATABASE_URL, LOG_FORMAT: "json", METRICS_TOKEN: TOKEN });
    apps.push(app);
    // the start-up messages are JSON lines with the same Chinese text people read
    expect(jsonLines(app.out()).some((l) => String(l.msg).startsWith("已启动：http://localhost:"))).toBe(true);

    const given = "req-test-0001-abcdef";
    const res = await fetch(app.url("/login"), { headers: { "X-Request-Id": given } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe(given);
    await app.waitFor("the request's log line", () => app.out().includes(`"reqId":"${given}"`), 10_000);
    const line = jsonLines(app.out()).find((l) => l.reqId === given && l.status !== undefined);
    expect(line).toMatchObject({ reqId: given, method: "GET", path: "/login", route: "routes/login", status: 200 });
    expect(typeof line!.durationMs).toBe("number");

    // an id that is not sane is replaced by a new one; a signed-in request's line names the user, not the session
    const cookie = await signIn(app, "bureau");
    const [bureau] = await sql<{ id: number }>(`SELECT id FROM app_user WHERE username = 'bureau'`);
    const page = await fetch(app.url("/projects/1"), { headers: { cookie, "X-Request-Id": "<script>" } });
    expect(page.status).toBe(200);
    const id = page.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await app.waitFor("the page's log line", () => app.out().includes(`"reqId":"${id}"`), 10_000);
    const pageLine = jsonLines(app.out()).find((l) => l.reqId === id && l.status !== undefined);
    expect(pageLine).toMatchObject({ userId: bureau.id, route: "routes/_app.projects.$projectId", status: 200 });
    // the same page twice at once for the same session (the page cache may answer the second): each response and
    // each line carry their own id and the user
    const ids = ["again-0001-abcdefgh", "again-0002-abcdefgh"];
    const again = await Promise.all(
      ids.map((rid) => fetch(app.url("/projects/1"), { headers: { cookie, "X-Request-Id": rid } })),
    );
    expect(again.map((r) => r.headers.get("x-request-id"))).toEqual(ids);
    for (const rid of ids) {
      await app.waitFor(`the line of ${rid}`, () => app.out().includes(`"reqId":"${rid}"`), 10_000);
      const l = jsonLines(app.out()).find((x) => x.reqId === rid && x.status !== undefined);
      expect(l).toMatchObject({ userId: bureau.id, status: 200 });
    }
    const sid = decodeURIComponent(cookie).slice(0, 40);
    expect(app.out()).not.toContain(sid);
    expect(app.out()).not.toContain('Demo@2017"');
    expect(await app.stop()).toBe(143);
  });

  it("answers /metrics with the series, behind the token, and backs up nightly", { timeout: 180_000 }, async () => {
    const app = await startApp({
      DATABASE_URL: process.env.DATABASE_URL,
      LOG_FORMAT: "json",
      METRICS_TOKEN: TOKEN,
      JOBS_ENABLED: "true",
      BACKUP_HOUR: "0",
      BACKUP_DIR: path.join(work, "backups"),
    });
    apps.push(app);
    expect((await fetch(app.url("/metrics"))).status).toBe(401);
    expect((await fetch(app.url("/metrics"), { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    await fetch(app.url("/login"));

    // the nightly backup of today (application clock) runs once the job worker is up
    await until("the nightly backup", async () => {
      const rows = await sql<{ status: string }>(`SELECT status FROM backup_run WHERE kind = 'NIGHTLY'`);
      return rows.some((r) => r.status !== "RUNNING");
    });
    const runs = await sql<{ status: string; name: string }>(
      `SELECT status, name FROM backup_run WHERE kind = 'NIGHTLY'`,
    );
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe("SUCCEEDED");

    const res = await fetch(app.url("/metrics"), { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE jz_http_requests_total counter");
    expect(text).toContain("# TYPE jz_http_request_duration_seconds histogram");
    expect(
      series(text, "jz_http_requests_total", { method: "GET", route: "routes/login", status: "200" }),
    ).toBeGreaterThanOrEqual(1);
    expect(series(text, "jz_http_request_duration_seconds_count", { route: "routes/login" })).toBeGreaterThanOrEqual(1);
    expect(series(text, "jz_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    expect(series(text, "jz_queue_depth", { queue: "sla-13710-sweep" })).toBeGreaterThanOrEqual(0);
    expect(series(text, "jz_queue_failed_jobs", { queue: "nightly-backup" })).toBe(0);
    expect(series(text, "jz_notification_backlog", { channel: "in_app" })).toBeGreaterThanOrEqual(0);
    expect(series(text, "jz_issues_overdue", { level: "TEAM" })).toBeGreaterThanOrEqual(0);
    const age = series(text, "jz_backup_last_success_age_seconds");
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(600);
    expect(series(text, "jz_backup_last_run_failed")).toBe(0);
    expect(series(text, "jz_backup_last_size_bytes")).toBeGreaterThan(10_000);
    expect(series(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(await app.stop()).toBe(143);
  });

  it(
    "without a token answers only direct local connections; with two workers one scrape sums the instance's requests and counts the database once",
    { timeout: 120_000 },
    async () => {
      const app = await startApp({
        DATABASE_URL: process.env.DATABASE_URL,
        LOG_FORMAT: "json",
        METRICS_TOKEN: undefined,
        WEB_CONCURRENCY: "2",
      });
      apps.push(app);
      expect((await fetch(app.url("/metrics"), { headers: { "X-Forwarded-For": "203.0.113.9" } })).status).toBe(403);
      await sql(
        `INSERT INTO notification (user_id, kind, title) SELECT id, 'NEW', '待读通知' FROM app_user WHERE role = 'ADMIN'`,
      );
      const unread = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE read_at IS NULL`);
      expect(unread[0].n).toBeGreaterThan(0);
      const overdue = await sql<{ level: string; n: number }>(
        `SELECT level::text AS level, count(*)::int AS n FROM coordination_issue WHERE overdue_at < now() GROUP BY level`,
      );
      // N requests, each on its own connection, so both workers answer some of them (docs/decisions/265)
      const N = 11;
      for (let i = 0; i < N; i++) expect((await getFresh(app.url("/healthz"))).status).toBe(200);
      // several scrapes, each on its own connection (so each worker answers at least one): the same instance totals
      for (let scrape = 0; scrape < 4; scrape++) {
        const res = await getFresh(app.url("/metrics"));
        expect(res.status).toBe(200);
        const text = res.body;
        expect(series(text, "jz_app_processes"), `scrape ${scrape}`).toBe(2);
        expect(series(text, "jz_http_requests_total", { method: "GET", route: "healthz", status: "200" })).toBe(N);
        expect(series(text, "jz_http_request_duration_seconds_count", { route: "healthz" })).toBe(N);
        expect(series(text, "jz_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
        // database-wide numbers once, not once per worker
        expect(series(text, "jz_notification_backlog", { channel: "in_app" })).toBe(unread[0].n);
        for (const level of ["TEAM", "COUNTY", "CITY", "PROVINCE"]) {
          expect(series(text, "jz_issues_overdue", { level }), level).toBe(
            overdue.find((o) => o.level === level)?.n ?? 0,
          );
        }
        // every family printed once
        const types = text.split("\n").filter((l) => l.startsWith("# TYPE "));
        expect(new Set(types).size).toBe(types.length);
      }
    },
  );
});
