// The app server for the benchmark, in its own process so the load generator does not share its event loop.
import { createAppServer } from "../server.mjs";

const http = await createAppServer({ port: Number(process.env.PORT), host: "127.0.0.1" });
const stop = async () => {
  await http.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
// the benchmark asks for the page cache's counters over IPC
process.on("message", (m) => {
  if (m === "stats") process.send?.({ ...http.cacheStats });
});
process.on("SIGINT", stop);
