// The app server for the benchmark, in its own process so the load generator does not share its event loop.
// BENCH_WORKERS=N (N > 1) serves from N worker processes on one port instead, as `npm start` does in production
// with WEB_CONCURRENCY (scripts/lib/workers.mjs, docs/decisions/240); the page cache's counters are then per
// worker and not reported.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createAppServer } from "../server.mjs";
import { startWorkers } from "../lib/workers.mjs";

const port = Number(process.env.PORT);
const workers = Number(process.env.BENCH_WORKERS ?? 1);
const http =
  workers > 1
    ? await startWorkers({ count: workers, port, log: () => {} })
    : await createAppServer({ port, host: "127.0.0.1" });
const stop = async () => {
  await http.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
/** @type {Session | null} */
let profiler = null;
// the benchmark asks for the page cache's counters over IPC; scripts/bench/probe.mjs for the CPU used so far, and
// to profile only its measured requests (not the start-up) into a file (one process: without BENCH_WORKERS)
process.on("message", async (m) => {
  if (m === "stats") process.send?.("cacheStats" in http ? { ...http.cacheStats } : null);
  if (m === "cpu") {
    const timers = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    process.send?.({ cpu: process.cpuUsage(), timers, heapUsed: process.memoryUsage().heapUsed });
  }
  if (m?.profile === "start") {
    profiler = new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
    await profiler.post("Profiler.start");
    process.send?.({ profiling: true });
  }
  if (m?.profile === "stop" && profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    profiler.disconnect();
    profiler = null;
    writeFileSync(m.file, JSON.stringify(profile));
    process.send?.({ profiled: m.file });
  }
});
process.on("SIGINT", stop);
