#!/usr/bin/env node
// `npm run bench` (not part of npm test): measures the production build against the province-scale dataset
// made by `npm run bench:data`, and writes docs/benchmarks.md.
//   - server time (Server-Timing, i.e. request → response headers, loaders included) p50/p95/p99 per page,
//     sequential requests after a warm-up;
//   - for aggregate pages, the raw SQL that yields the same numbers (over the base tables), timed the same way, and
//     the ratio; beside it the page's own statements (derived columns, rollups) — see scenarios.mjs;
//   - writes (logging a milestone);
//   - a mixed read load at 50 concurrent connections (autocannon): as fast as it goes (requests/s, latency under
//     saturation) and at an offered 300 requests/s (p95 at that rate);
//   - the gzipped JavaScript each main route loads on first visit.
//   BENCH_N=100 npm run bench      samples per page (default 60)
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { buildApp, buildIsStale } from "../lib/build.mjs";
import { ROOT } from "../lib/paths.mjs";
import { benchDatabase } from "./generate.mjs";
import { scenarios, writeScenarios, loadMix, mainRoutes, BUDGETS } from "./scenarios.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const BASE = `http://127.0.0.1:${PORT}`;
const SAMPLES = Number(process.env.BENCH_N ?? 60);
const WARMUP = 5;
const WRITES_PER_SECOND = Number(process.env.BENCH_WRITES ?? 5);
const log = (m) => console.log(`[bench] ${m}`);

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), n: s.length };
}
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : "—");

async function waitForServer(url, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer at ${url}`);
}

async function login(username) {
  const res = await fetch(`${BASE}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password: "Demo@2017", redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`login ${username} failed: ${res.status}`);
  return cookie;
}

/** Server time of one request: the Server-Timing header, with the client's wall time beside it. */
async function timeRequest(url, init) {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: "manual", ...init });
  await res.arrayBuffer();
  const wall = performance.now() - t0;
  const st = res.headers.get("server-timing");
  const server = st ? Number(/dur=([\d.]+)/.exec(st)?.[1]) : wall;
  return { status: res.status, server, wall };
}

async function measurePage(sc, cookies) {
  const cookie = cookies[sc.user];
  const url = `${BASE}${sc.resolvedPath}`;
  for (let i = 0; i < WARMUP; i++) await timeRequest(url, { headers: { cookie } });
  const server = [];
  const wall = [];
  let status = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const r = await timeRequest(url, { headers: { cookie } });
    status = r.status;
    server.push(r.server);
    wall.push(r.wall);
  }
  if (status !== 200) throw new Error(`${sc.name}: ${url} answered ${status}`);
  return { server: stats(server), wall: stats(wall) };
}

async function measureSql(client, sqlList) {
  const run = async () => {
    for (const q of sqlList) await client.query(q.text, q.values ?? []);
  };
  for (let i = 0; i < WARMUP; i++) await run();
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

async function measureWrite(ws, cookies, client) {
  const cookie = cookies[ws.user];
  const targets = await ws.targets(client, WARMUP + SAMPLES);
  const server = [];
  for (let i = 0; i < targets.length; i++) {
    const { path: p, form } = targets[i];
    const r = await timeRequest(`${BASE}${p}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    if (r.status >= 400) throw new Error(`${ws.name}: POST ${p} answered ${r.status}`);
    if (i >= WARMUP) server.push(r.server);
  }
  return stats(server);
}

/**
 * Milestone writes at `perSecond` in the background until `stop()` (each on another SIGNED project, as the write
 * scenario): every write commits, so every cached query and page is stale afterwards and the next reader renders.
 */
function writeStream(ws, cookies, targets, perSecond) {
  let i = 0;
  let failed = 0;
  let stopped = false;
  const done = (async () => {
    const t0 = performance.now();
    while (!stopped && i < targets.length) {
      const { path: p, form } = targets[i++];
      const r = await timeRequest(`${BASE}${p}`, {
        method: "POST",
        headers: { cookie: cookies[ws.user], "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
      if (r.status >= 400) failed++;
      const wait = t0 + (i * 1000) / perSecond - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return { writes: i, failed };
  };
}

/**
 * One browser per connection: each connection signs every user of the mix in again, so its session cookies are its
 * own (the page cache is per session: different people never share an entry).
 */
async function sessionsPerConnection(connections) {
  const users = [...new Set(loadMix.map((m) => m.user))];
  const out = [];
  for (let i = 0; i < connections; i++)
    out.push(Object.fromEntries(await Promise.all(users.map(async (u) => [u, await login(u)]))));
  return out;
}

/**
 * `rate` null: every connection sends its next request as soon as the last one is answered (saturation).
 * `perConnection`: a list of cookie sets, one per connection (distinct sessions); otherwise all share `cookies`.
 */
async function mixedLoad(
  cookies,
  { seconds = 20, connections = 50, rate = null, writes = null, perConnection = null } = {},
) {
  const requests = loadMix.map((m) => ({ method: "GET", path: m.path, headers: { cookie: cookies[m.user] } }));
  let next = 0;
  const setupClient = perConnection
    ? (client) => {
        const own = perConnection[next++ % perConnection.length];
        client.setRequests(loadMix.map((m) => ({ method: "GET", path: m.path, headers: { cookie: own[m.user] } })));
      }
    : undefined;
  const latencies = [];
  let non2xx = 0;
  const stopWrites = writes ? writeStream(writes.scenario, cookies, writes.targets, writes.perSecond) : null;
  const result = await new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: BASE,
        connections,
        duration: seconds,
        requests,
        pipelining: 1,
        ...(rate ? { overallRate: rate } : {}),
        ...(setupClient ? { setupClient } : {}),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 300) non2xx++;
    });
  });
  const w = stopWrites ? await stopWrites() : null;
  const s = stats(latencies);
  return {
    rate,
    rps: latencies.length / seconds,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    total: latencies.length,
    non2xx,
    errors: result.errors,
    writesPerSecond: writes ? writes.perSecond : 0,
    distinctSessions: Boolean(perConnection),
    writes: w,
  };
}

/** Gzipped JS a route loads on first visit: entry + root + its route modules and their imports (manifest). */
function jsSizes() {
  const dir = path.join(ROOT, "public/build");
  const manifestFile = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!manifestFile) throw new Error("no Remix manifest in public/build");
  const text = readFileSync(path.join(dir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  const gz = new Map();
  const sizeOf = (url) => {
    if (!gz.has(url)) gz.set(url, gzipSync(readFileSync(path.join(ROOT, "public", url))).length);
    return gz.get(url);
  };
  const out = [];
  for (const { label, routeIds } of mainRoutes) {
    const files = new Set([manifest.url, manifest.entry.module, ...manifest.entry.imports]);
    for (const id of ["root", ...routeIds]) {
      const r = manifest.routes[id];
      if (!r) throw new Error(`route ${id} not in the manifest`);
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    let bytes = 0;
    for (const f of files) bytes += sizeOf(f);
    out.push({ label, kb: bytes / 1024 });
  }
  return out;
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function verdict(ok) {
  return ok ? "✅ met" : "❌ not met";
}

/**
 * The app server in its own process. `caches`: "off" (every query and page computed: SNAPSHOT_CACHE=off,
 * PAGE_CACHE=off), "query" (the snapshot-keyed query cache only) or "shipped" (both, as `npm start` runs).
 */
async function startServer(url, caches) {
  const env = { ...process.env, DATABASE_URL: url, PORT: String(PORT), NODE_ENV: "production", JOBS_ENABLED: "false" };
  env.SNAPSHOT_CACHE = caches === "off" ? "off" : "on";
  env.PAGE_CACHE = caches === "shipped" ? "on" : "off";
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/bench/serve.mjs")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await waitForServer(`${BASE}/healthz`);
  return {
    stats: () =>
      new Promise((resolve) => {
        child.once("message", resolve);
        child.send("stats");
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

async function main() {
  if (buildIsStale()) buildApp(log);
  const { url, stop } = await benchDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`SELECT (SELECT count(*) FROM project)::int AS projects,
      (SELECT count(*) FROM milestone)::int + (SELECT count(*) FROM funding_record)::int + (SELECT count(*) FROM investment_record)::int AS progress,
      (SELECT count(*) FROM coordination_issue)::int AS issues, (SELECT count(*) FROM issue_event)::int AS events,
      (SELECT count(*) FROM app_user)::int AS users`);
  const dataset = rows[0];
  if (dataset.projects < 1000) throw new Error("benchmark database is nearly empty: run `npm run bench:data` first");
  log(`dataset: ${JSON.stringify(dataset)}`);

  const results = { pages: [], writes: [], load: [], js: [], loadavg: os.loadavg() };
  let server = null;
  try {
    // 1. Every query and page computed (caches off): the pages' cost after a write, the SQL beside them, the writes.
    server = await startServer(url, "off");
    const users = [...new Set([...scenarios, ...writeScenarios, ...loadMix].map((s) => s.user))];
    const cookies = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await login(u)])));
    for (const sc of scenarios) {
      const resolvedPath = typeof sc.path === "function" ? await sc.path(client) : sc.path;
      const page = await measurePage({ ...sc, resolvedPath }, cookies);
      const sql = sc.sql ? await measureSql(client, sc.sql) : null;
      const own = sc.ownSql ? await measureSql(client, sc.ownSql) : null;
      results.pages.push({ ...sc, resolvedPath, page, sqlStats: sql, ownStats: own });
      log(
        `${sc.name}: p50 ${fmt(page.server.p50)} p95 ${fmt(page.server.p95)} p99 ${fmt(page.server.p99)} ms` +
          (sql
            ? ` · SQL p95 ${fmt(sql.p95)} ms · ×${fmt(page.server.p95 / sql.p95)} · own SQL p95 ${fmt(own?.p95)} ms`
            : ""),
      );
    }
    for (const ws of writeScenarios) {
      const w = await measureWrite(ws, cookies, client);
      results.writes.push({ ...ws, stats: w });
      log(`${ws.name}: p50 ${fmt(w.p50)} p95 ${fmt(w.p95)} ms`);
    }
    const cold = await mixedLoad(cookies, {});
    results.load.push({ ...cold, caches: "off" });
    log(`mixed load, caches off: ${fmt(cold.rps)} req/s, p95 ${fmt(cold.p95)} ms`);
    await server.stop();

    // 2. The snapshot query cache on (between writes, the aggregates come from memory; pages still render).
    server = await startServer(url, "query");
    for (const p of results.pages) {
      const warm = await measurePage(p, cookies);
      p.warm = warm;
      log(`${p.name} (query cache): p95 ${fmt(warm.server.p95)} ms`);
    }
    await server.stop();

    // 3. As shipped (query cache and page cache): the mixed load, saturated and at the budget's rate.
    server = await startServer(url, "shipped");
    // the last run adds a stream of writes (WRITES_PER_SECOND milestone logs): the caches' worst case
    const ws = writeScenarios[0];
    const writeTargets = await ws.targets(client, 20 * WRITES_PER_SECOND + 5);
    const perConnection = await sessionsPerConnection(50);
    const runs = [
      { rate: null },
      { rate: BUDGETS.rps },
      { rate: BUDGETS.rps, writes: { scenario: ws, targets: writeTargets, perSecond: WRITES_PER_SECOND } },
      // 50 people rather than 4 sessions shared by 50 connections: the page cache almost never replays
      { rate: null, perConnection },
      { rate: BUDGETS.rps, perConnection },
    ];
    for (const { rate, writes = null, perConnection: own = null } of runs) {
      const before = await server.stats();
      const L = await mixedLoad(cookies, { rate, writes, perConnection: own });
      const after = await server.stats();
      const hits = after.hits - before.hits;
      const misses = after.misses - before.misses;
      results.load.push({ ...L, caches: "shipped", hitRate: hits / Math.max(1, hits + misses) });
      log(
        `mixed load${rate ? ` at ${rate} req/s` : ""}${writes ? ` + ${writes.perSecond} writes/s (${L.writes.writes} written, ${L.writes.failed} failed)` : ""}${own ? ", a session per connection" : ""}: ${fmt(L.rps)} req/s, p95 ${fmt(L.p95)} ms (${L.total} requests, ${L.non2xx} non-2xx, page cache ${hits} hits / ${misses} misses)`,
      );
    }
    await server.stop();
    server = null;
    results.js = jsSizes();
    for (const j of results.js) log(`JS ${j.label}: ${fmt(j.kb)} KB gz`);
  } finally {
    await server?.stop();
    await client.end();
    await stop();
  }
  writeReport(results, dataset);
}

function writeReport(r, dataset) {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [];
  lines.push("# Benchmarks", "");
  lines.push(
    `Run: ${date} · Machine: ${machine()} · load average at the start ${r.loadavg.map((x) => x.toFixed(2)).join(" / ")} (1/5/15 min) · PostgreSQL 18 (embedded, default settings) · production build, one Node process.`,
  );
  lines.push(
    `Dataset (\`npm run bench:data\`): ${dataset.projects.toLocaleString("en")} projects, ${dataset.progress.toLocaleString("en")} milestone/funding/investment rows, ${dataset.issues.toLocaleString("en")} coordination issues with ${dataset.events.toLocaleString("en")} events, ${dataset.users.toLocaleString("en")} users.`,
  );
  lines.push(
    `Method: ${SAMPLES} sequential requests per page after ${WARMUP} warm-up requests; server time from the Server-Timing header (request → response headers: loaders and the server render included). Raw SQL timed the same way on its own connection, statement after statement: "direct SQL" computes the page's numbers from the base tables, "own SQL" is what the page runs now — the derived columns and rollups, the fastest SQL known for the same numbers; the budget's "≤ 1.5× raw SQL" is judged against own SQL, the stricter reading (scripts/bench/scenarios.mjs). For the register, own SQL is one page of rows with every shown column plus the totals. The server runs three times (docs/decisions/051): with its caches off, so every request computes every query and renders (the page columns, the writes, the first load row: the cost right after any write); with the snapshot-keyed query cache on (the "query cache on" column: aggregates from memory while nothing was written, pages still rendered); and as shipped, query and page cache on (the other load rows; the page cache replays a response only for the same session, URL, database snapshot and second). Repeat with \`npm run bench:data && npm run bench\`.`,
    "",
  );
  lines.push("## Pages (server time, ms)", "");
  lines.push(
    "| page | p50 | p95 | p99 | p95, query cache on | direct SQL p95 | page ÷ direct SQL | own SQL p95 | page ÷ own SQL | budget | |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
  );
  const x = (a, b) => (b ? `×${(a / b).toFixed(2)}` : "—");
  for (const p of r.pages) {
    // the ratio budget is judged against the page's own statements (the fastest SQL known for its numbers)
    const base = p.ownStats ?? p.sqlStats;
    const ratio = base ? p.page.server.p95 / base.p95 : null;
    const misses = [];
    if (p.page.server.p95 > BUDGETS.pageP95) misses.push(`p95 +${fmt(p.page.server.p95 - BUDGETS.pageP95)} ms`);
    if (ratio !== null && ratio > BUDGETS.sqlRatio) misses.push(`×${ratio.toFixed(2)} own SQL`);
    const v = misses.length ? `❌ not met (${misses.join("; ")})` : verdict(true);
    lines.push(
      `| ${p.name} | ${fmt(p.page.server.p50)} | ${fmt(p.page.server.p95)} | ${fmt(p.page.server.p99)} | ${fmt(p.warm?.server.p95)} | ${p.sqlStats ? fmt(p.sqlStats.p95) : "—"} | ${p.sqlStats ? x(p.page.server.p95, p.sqlStats.p95) : "—"} | ${p.ownStats ? fmt(p.ownStats.p95) : "—"} | ${p.ownStats ? x(p.page.server.p95, p.ownStats.p95) : "—"} | p95 ≤ ${BUDGETS.pageP95}${base ? `, ≤ ×${BUDGETS.sqlRatio} own SQL` : ""} | ${v} |`,
    );
  }
  lines.push("", `Paths: ${r.pages.map((p) => `${p.name} \`${p.resolvedPath}\` (${p.user})`).join("; ")}.`);
  lines.push(
    "",
    "## Writes (server time, ms)",
    "",
    "| action | p50 | p95 | p99 | budget | |",
    "|---|---:|---:|---:|---|---|",
  );
  for (const w of r.writes) {
    lines.push(
      `| ${w.name} | ${fmt(w.stats.p50)} | ${fmt(w.stats.p95)} | ${fmt(w.stats.p99)} | p95 ≤ ${BUDGETS.writeP95} | ${verdict(w.stats.p95 <= BUDGETS.writeP95)} |`,
    );
  }
  lines.push("", "## Mixed read load (autocannon, 50 connections, 20 s each)", "");
  lines.push(
    "The as-shipped rows differ in what they give the caches: the first three share 4 sessions among the 50 connections (the page cache replays a page to the same session for the same URL within the same second, so it answers most of them); the third also writes milestones at a steady rate (each commit makes every cached query and page stale); the last two give every connection its own sessions, as 50 people would have, so the page cache almost never replays and every page is rendered (aggregates still from the query cache between writes).",
    "",
  );
  lines.push(
    "| server | offered load | requests/s | p50 | p95 | p99 | requests | non-2xx | page cache hits | budget | |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
  );
  for (const L of r.load) {
    // At saturation the latency is mostly queueing (50 requests always in flight); the budget is the rate.
    const ok = L.rate ? L.rps >= BUDGETS.rps * 0.98 && L.p95 < BUDGETS.loadP95 : L.rps >= BUDGETS.rps;
    const budget = L.rate ? `p95 < ${BUDGETS.loadP95} ms at ${BUDGETS.rps} req/s` : `≥ ${BUDGETS.rps} req/s`;
    const server =
      L.caches === "off"
        ? "caches off (every page rendered)"
        : `as shipped (query + page cache)${L.writesPerSecond ? `, ${L.writesPerSecond} milestone writes/s beside it (${L.writes.writes} written)` : ""}${L.distinctSessions ? ", every connection its own sessions (50 people)" : ", 4 sessions shared by the 50 connections"}`;
    const hitRate = L.hitRate === undefined ? "—" : `${(L.hitRate * 100).toFixed(1)} %`;
    lines.push(
      `| ${server} | ${L.rate ? `${L.rate} req/s` : "as fast as it goes"} | ${fmt(L.rps)} | ${fmt(L.p50)} | ${fmt(L.p95)} | ${fmt(L.p99)} | ${L.total} | ${L.non2xx} | ${hitRate} | ${budget}${L.caches === "off" ? " (see notes)" : ""} | ${verdict(ok)} |`,
    );
  }
  lines.push(
    "",
    `Mix (each connection cycles through it): ${loadMix.map((m) => `\`${m.path}\` (${m.user})`).join(", ")}.`,
  );
  lines.push(
    "",
    "## First-load JavaScript per main route (gzipped)",
    "",
    "| route | KB | budget | |",
    "|---|---:|---|---|",
  );
  for (const j of r.js)
    lines.push(`| ${j.label} | ${fmt(j.kb)} | ≤ ${BUDGETS.jsKb} KB | ${verdict(j.kb <= BUDGETS.jsKb)} |`);
  const notes = path.join(ROOT, "docs/benchmarks.notes.md");
  if (existsSync(notes)) lines.push("", readFileSync(notes, "utf8").trim());
  writeFileSync(path.join(ROOT, "docs/benchmarks.md"), `${lines.join("\n")}\n`);
  log("wrote docs/benchmarks.md");
}

main().catch((err) => {
  console.error(`[bench] 失败：${err?.stack ?? err}`);
  process.exit(1);
});
