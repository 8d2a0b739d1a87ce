// A/B of the server's CPU per request: two checkouts' servers (A = AB_BASE, a copy of the tree before a change, with
// its own build; B = this checkout) on the same bench database, caches off, hit in alternation (AB_ROUNDS rounds of
// AB_N sequential requests per path and side, one session each) so the machine's load drifts over both alike.
// Prints per path and side: the median over rounds of the server's CPU per request (process.cpuUsage(): user +
// system), min / p50 of Server-Timing over all requests, and the server's pending timers after a batch (median).
// Used for docs/decisions/268.
//   AB_BASE=/tmp/base PATHS="/no-such-page,/projects" [AB_ROUNDS=8] [AB_N=50] node scripts/bench/ab.mjs
import { spawn } from "node:child_process";
import path from "node:path";
import { benchDatabase } from "./generate.mjs";

const { url, stop } = await benchDatabase();
const ROUNDS = Number(process.env.AB_ROUNDS ?? 8);
const N = Number(process.env.AB_N ?? 50);
const paths = (process.env.PATHS ?? "/no-such-page,/projects").split(",");
const user = process.env.PROBE_USER ?? "bureau";
const basePort = Number(process.env.BENCH_PORT ?? 3299);

async function start(dir, port) {
  const child = spawn(process.execPath, [path.join(dir, "scripts/bench/serve.mjs")], {
    cwd: dir,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      NODE_ENV: "production",
      JOBS_ENABLED: "false",
      SNAPSHOT_CACHE: "off",
      PAGE_CACHE: "off",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ username: user, password: "Demo@2017", redirectTo: "/" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie").split(";")[0];
  const cpu = () =>
    new Promise((resolve) => {
      child.once("message", (m) => resolve({ ...m.cpu, timers: m.timers }));
      child.send("cpu");
    });
  return { child, base, cookie, cpu, stats: new Map() };
}

const sides = {
  A: await start(path.resolve(process.env.AB_BASE), basePort + 1),
  B: await start(process.cwd(), basePort),
};
for (let round = 0; round < ROUNDS; round++) {
  for (const p of paths) {
    for (const name of round % 2 ? ["B", "A"] : ["A", "B"]) {
      const s = sides[name];
      if (!s.stats.has(p)) s.stats.set(p, { cpu: [], times: [], timers: [] });
      const st = s.stats.get(p);
      for (let i = 0; i < 5; i++) await (await fetch(s.base + p, { headers: { cookie: s.cookie } })).arrayBuffer();
      const before = await s.cpu();
      for (let i = 0; i < N; i++) {
        const r = await fetch(s.base + p, { headers: { cookie: s.cookie }, redirect: "manual" });
        await r.arrayBuffer();
        st.times.push(Number(/dur=([\d.]+)/.exec(r.headers.get("server-timing") ?? "")?.[1] ?? NaN));
      }
      const after = await s.cpu();
      st.cpu.push((after.user + after.system - before.user - before.system) / 1000 / N);
      st.timers.push(after.timers);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const p of paths) {
  for (const name of ["A", "B"]) {
    const st = sides[name].stats.get(p);
    const t = [...st.times].sort((a, b) => a - b);
    console.log(
      `${p.padEnd(24)} ${name}  cpu/req median ${median(st.cpu).toFixed(2)} ms (rounds ${st.cpu.map((x) => x.toFixed(1)).join(" ")})  time min ${t[0].toFixed(2)} p50 ${median(t).toFixed(2)} ms  timers pending after a batch ${median(st.timers)}`,
    );
  }
}
for (const s of Object.values(sides)) {
  s.child.kill("SIGTERM");
  await new Promise((r) => s.child.once("exit", r));
}
await stop();
