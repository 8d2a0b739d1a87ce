// Quick look at a few pages on the province dataset, caches off: per page the server time p50/p95 over 35 requests,
// the server process's CPU time per request (user + system, from /proc: what a shared, loaded machine does not
// inflate the way it inflates wall time) and the HTML size; with PROF=1 a CPU profile of the server in /tmp/prof
// (what `npm run bench` does not show: where a page spends its time).
//   PATHS="/reports/funnel?by=county,/" [AS=bench.u0] [N=35] [PROF=1] node scripts/bench/probe.mjs
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
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
/** The server's CPU time so far in ms (utime + stime; clock ticks are 100 per second on Linux). */
function cpuMs() {
  const f = readFileSync(`/proc/${child.pid}/stat`, "utf8");
  const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
// a failed sign-in must not leave the server running
process.on("exit", () => child.kill("SIGTERM"));
const res = await fetch(`${BASE}/login`, {
  method: "POST",
  body: new URLSearchParams({ username: process.env.AS ?? "bureau", password: "Demo@2017", redirectTo: "/" }),
  redirect: "manual",
});
const cookie = res.headers.get("set-cookie")?.split(";")[0];
if (!cookie) throw new Error(`could not sign in as ${process.env.AS ?? "bureau"} (${res.status})`);
const paths = (
  process.env.PATHS ?? "/healthz,/notifications,/no-such-page,/,/reports/funnel?by=county,/reports/ranking,/projects"
).split(",");
const N = Number(process.env.N ?? 35);
for (const p of paths) {
  const xs = [];
  let bytes = 0,
    status = 0,
    cpu0 = 0;
  for (let i = 0; i < N + 5; i++) {
    if (i === 5) cpu0 = cpuMs();
    const r = await fetch(BASE + p, { headers: { cookie }, redirect: "manual" });
    bytes = (await r.arrayBuffer()).byteLength;
    status = r.status;
    const st = r.headers.get("server-timing");
    if (i >= 5) xs.push(Number(/dur=([\d.]+)/.exec(st ?? "")?.[1] ?? NaN));
  }
  const cpu = (cpuMs() - cpu0) / N;
  xs.sort((a, b) => a - b);
  console.log(
    p.padEnd(32),
    "status",
    status,
    "p50",
    xs[Math.floor(xs.length / 2)]?.toFixed(1),
    "p95",
    xs[Math.floor(xs.length * 0.95)]?.toFixed(1),
    "cpu/req",
    cpu.toFixed(1),
    "KB",
    (bytes / 1024).toFixed(1),
  );
}
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
await stop();
