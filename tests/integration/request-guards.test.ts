// The request guards of the real server (scripts/lib/request-guards.mjs, docs/decisions/070), each found by an
// outside probe (issue 21): bodies limited while streaming (413), cross-site writes refused on every path (403),
// TRACE (405), non-form bodies (415), security headers with a CSP nonce, no-store on signed-in pages and data,
// HSTS with COOKIE_SECURE=true, /readyz, and a Chinese 503 page while the database is unreachable.
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, signIn, startApp } from "../support/appProcess";

let app: AppProcess;
let cookie = "";
let sql: pg.Client;
let projectId = 0;

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL, COOKIE_SECURE: "true" });
  cookie = await signIn(app, "team01");
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
  projectId = (
    await sql.query(
      `SELECT p.id FROM project p JOIN app_user u ON u.team_id = p.service_team_id
       WHERE u.username = 'team01' ORDER BY p.id LIMIT 1`,
    )
  ).rows[0].id;
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const serviceLogs = async () =>
  Number((await sql.query("SELECT count(*)::int AS n FROM service_log WHERE project_id = $1", [projectId])).rows[0].n);

function logForm() {
  return new URLSearchParams({
    kind: "VISIT",
    occurredOn: "2017-11-20",
    people: "张三",
    content: "跨站请求测试",
    createToken: randomUUID(), // the form's one-time token (docs/decisions/093)
  });
}

/**
 * Streams a chunked body of `total` bytes (never held in memory) and stops writing when the answer arrives: the
 * status and how many bytes the server had let in by then.
 */
function streamBody(path: string, headers: Record<string, string>, total: number) {
  return new Promise<{ status: number; text: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(app.url(path), { method: "POST", headers }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, text, sent }));
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("body limits (finding 2)", () => {
  it("a 150 MB chunked sign-in body is refused with a Chinese 413 after a few KB, not read into memory", async () => {
    const r = await streamBody(
      "/login",
      { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      150 * 1024 * 1024,
    );
    expect(r.status).toBe(413);
    expect(r.text).toContain("提交的内容过大");
    // the answer came long before the body was sent (socket buffers hold a few MB at most)
    expect(r.sent).toBeLessThan(16 * 1024 * 1024);
  });

  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        app.url("/login"),
        {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(150 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      req.write("username=admin&password=");
    });
    expect(r).toBe(413);
  });

  it("chunked multipart without Content-Length is limited in total (~11 MB), not per part", async () => {
    const boundary = "----jzlimit";
    // a page with the ordinary upload limit: the public 企业注册 form (the site-photo pages, /issues/new among
    // them, take up to 101 MB; /import a 30 MB spreadsheet)
    const r = await streamBody(
      "/register",
      { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Transfer-Encoding": "chunked" },
      40 * 1024 * 1024,
    );
    expect(r.status).toBe(413);
    expect(r.sent).toBeLessThan(24 * 1024 * 1024);
  });

  it("a plain form over 64 KB is 413; a normal sign-in still works", async () => {
    const big = await fetch(app.url("/login"), {
      method: "POST",
      body: new URLSearchParams({ username: "admin", password: "x".repeat(70 * 1024) }),
      redirect: "manual",
    });
    expect(big.status).toBe(413);
    expect(await signIn(app, "bureau")).toContain("=");
  });
});

describe("cross-site writes (finding 4)", () => {
  it("a foreign Origin is refused with 403 on ?_data=, .data and the document, and nothing is written", async () => {
    const before = await serviceLogs();
    const paths = [
      `/projects/${projectId}/service-logs?_data=routes%2F_app.projects.%24projectId_.service-logs`,
      `/projects/${projectId}/service-logs.data`,
      `/projects/${projectId}/service-logs`,
    ];
    for (const p of paths) {
      const res = await fetch(app.url(p), {
        method: "POST",
        headers: { Cookie: cookie, Origin: "http://evil.example" },
        body: logForm(),
        redirect: "manual",
      });
      expect(res.status, p).toBe(403);
      expect(await res.text()).toContain("请求来源不被接受");
    }
    const site = await fetch(app.url(`/projects/${projectId}/service-logs`), {
      method: "POST",
      headers: { Cookie: cookie, "Sec-Fetch-Site": "cross-site" },
      body: logForm(),
      redirect: "manual",
    });
    expect(site.status).toBe(403);
    expect(await serviceLogs()).toBe(before);
    // the same write from the app's own origin goes through
    const own = await fetch(app.url(`/projects/${projectId}/service-logs`), {
      method: "POST",
      headers: { Cookie: cookie, Origin: `http://127.0.0.1:${app.port}`, "Sec-Fetch-Site": "same-origin" },
      body: logForm(),
      redirect: "manual",
    });
    expect(own.status).toBe(302);
    expect(await serviceLogs()).toBe(before + 1);
  });

  it("login CSRF and cross-site sign-out are refused; resource routes too", async () => {
    const login = await fetch(app.url("/login?_data=routes%2Flogin"), {
      method: "POST",
      headers: { Origin: "http://evil.example" },
      body: new URLSearchParams({ username: "admin", password: "Demo@2017" }),
      redirect: "manual",
    });
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie()).toEqual([]);
    const logout = await fetch(app.url("/logout"), {
      method: "POST",
      headers: { Cookie: cookie, Origin: "null" },
      redirect: "manual",
    });
    expect(logout.status).toBe(403);
    const resource = await fetch(app.url("/resources/projects-export"), {
      method: "POST",
      headers: { Cookie: cookie, "Sec-Fetch-Site": "same-site" },
      body: new URLSearchParams({ a: "1" }),
    });
    expect(resource.status).toBe(403);
    // still signed in
    const home = await fetch(app.url(`/projects/${projectId}`), { headers: { Cookie: cookie }, redirect: "manual" });
    expect(home.status).toBe(200);
  });
});

describe("methods and body types (finding 6)", () => {
  it("TRACE is 405; JSON, text/plain and multipart without a boundary are 415 in Chinese", async () => {
    const trace = await new Promise<number>((resolve, reject) => {
      http
        .request(app.url("/"), { method: "TRACE" }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
        .on("error", reject)
        .end();
    });
    expect(trace).toBe(405);
    for (const [type, body] of [
      ["application/json", '{"username":"admin"}'],
      ["text/plain", "username=admin"],
      ["multipart/form-data", "--x\r\n"],
    ]) {
      const res = await fetch(app.url(`/projects/${projectId}/service-logs`), {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": type },
        body,
      });
      expect(res.status, type).toBe(415);
      expect(await res.text()).toContain("不支持的提交格式");
    }
  });
});

describe("headers (finding 10)", () => {
  it("a CSP whose nonce is on every script, no-store on signed-in pages and data, nosniff, HSTS", async () => {
    const res = await fetch(app.url(`/projects/${projectId}`), { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"]) expect(csp).toContain(d);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    // a second page has another nonce
    const again = await fetch(app.url("/login"));
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);

    const data = await fetch(app.url(`/projects/${projectId}.data`), { headers: { Cookie: cookie } });
    expect(data.status).toBe(200);
    expect(data.headers.get("cache-control")).toBe("private, no-store");
    expect(data.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("readiness and the database down (finding 10)", () => {
  it("/readyz runs SELECT 1; while the database refuses connections pages are a Chinese 503, not 500", async () => {
    const ready = await fetch(app.url("/readyz"));
    expect(ready.status).toBe(200);
    const dbName = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    await sql.end(); // terminated with the others otherwise
    const admin = new pg.Client({
      connectionString: process.env.DATABASE_URL!.replace(/\/[^/?]+(\?|$)/, "/postgres$1"),
    });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [dbName],
      );
      const down = await fetch(app.url("/readyz"));
      expect(down.status).toBe(503);
      expect(await fetch(app.url("/healthz")).then((r) => r.status)).toBe(200);
      const page = await fetch(app.url(`/projects/${projectId}`), { headers: { Cookie: cookie } });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain("数据库暂不可用");
    } finally {
      await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await app.waitFor("the database to be back", () => true);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(app.url("/readyz"))).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await sql.connect();
  });
});
