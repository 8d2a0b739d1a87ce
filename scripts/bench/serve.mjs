// The app server for the benchmark, in its own process so the load generator does not share its event loop.
// BENCH_WORKERS=N (N > 1) serves from N worker processes on one port instead, as `npm start` does in production
// with WEB_CONCURRENCY (scripts/lib/workers.mjs, docs/decisions/240); the page cache's counters are then per
// worker and not reported.
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
// the benchmark asks for the page cache's counters over IPC
process.on("message", (m) => {
  if (m === "stats") process.send?.("cacheStats" in http ? { ...http.cacheStats } : null);
});
process.on("SIGINT", stop);
