// Quick look at a few pages on the province dataset, caches off: server time p50/p95 over 35 requests each, and with
// PROF=1 a CPU profile of the server in /tmp/prof (what `npm run bench` does not show: where a page spends its time).
//   PATHS="/reports/funnel?by=county,/" [PROF=1] node scripts/bench/probe.mjs
import { spawn } from "node:child_process";
import { benchDatabase } from "./generate.mjs";
const { url, stop } = await benchDatabase();
const PORT = Number(process.env.BENCH_PORT ?? 3299),
  BASE = `http://127.0.0.1:${PORT}`;
const env = {
  ...process.env,
  DATABASE_URL: url,
  PORT: String(PORT),
  NODE_ENV: "production",
  JOBS_ENABLED: "false",
  SNAPSHOT_CACHE: "off",
  PAGE_CACHE: "off",
};
const args = process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : [];
const child = spawn(process.execPath, [...args, "scripts/bench/serve.mjs"], {
  env,
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`${BASE}/healthz`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 200));
}
const res = await fetch(`${BASE}/login`, {
  method: "POST",
  body: new URLSearchParams({ username: "bureau", password: "Demo@2017", redirectTo: "/" }),
  redirect: "manual",
});
const cookie = res.headers.get("set-cookie").split(";")[0];
const paths = (
  process.env.PATHS ?? "/healthz,/notifications,/no-such-page,/,/reports/funnel?by=county,/reports/ranking,/projects"
).split(",");
for (const p of paths) {
  const xs = [];
  for (let i = 0; i < 40; i++) {
    const r = await fetch(BASE + p, { headers: { cookie }, redirect: "manual" });
    await r.arrayBuffer();
    const st = r.headers.get("server-timing");
    if (i >= 5) xs.push(Number(/dur=([\d.]+)/.exec(st ?? "")?.[1] ?? NaN));
  }
  xs.sort((a, b) => a - b);
  console.log(
    p.padEnd(32),
    "p50",
    xs[Math.floor(xs.length / 2)]?.toFixed(1),
    "p95",
    xs[Math.floor(xs.length * 0.95)]?.toFixed(1),
  );
}
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
await stop();
