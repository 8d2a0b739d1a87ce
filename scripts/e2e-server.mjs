// Playwright's web server: a fresh database cloned from the seeded test template, and the built app on E2E_PORT.
import { readdir, rm } from "node:fs/promises";
import { createDatabaseFrom, ensureTestCluster } from "./lib/testdb.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const { templates, stop } = await ensureTestCluster({ log: console.log });
const db = await createDatabaseFrom(templates.seed, "e2e");
process.env.DATABASE_URL = db.url;
process.env.SESSION_SECRET ??= "e2e-session-secret-0123456789abcdef";
process.env.NODE_ENV = "production";
// Playwright prints the server's output: warnings and errors only, not a line per request
process.env.LOG_LEVEL ??= "warn";
const ownUploads = !process.env.UPLOAD_DIR;
// Runs stopped without their shutdown (killed by the test runner) leave their upload folders: remove those.
for (const name of await readdir(".data").catch(() => [])) {
  const pid = Number(/^e2e-(?:uploads|backups)-(\d+)$/.exec(name)?.[1]);
  if (!pid) continue;
  let alive = true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    alive = e.code === "EPERM";
  }
  if (!alive) await rm(`.data/${name}`, { recursive: true, force: true }).catch(() => {});
}
process.env.UPLOAD_DIR ??= `.data/e2e-uploads-${process.pid}`;
// the nightly backup runs in the e2e server as in production: into a folder of this run
const ownBackups = !process.env.BACKUP_DIR;
process.env.BACKUP_DIR ??= `.data/e2e-backups-${process.pid}`;

const { createAppServer } = await import("./server.mjs");
const http = await createAppServer({ port, host: "127.0.0.1" });
console.log(`e2e server on http://127.0.0.1:${port} (database ${db.name})`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await http.close().catch(() => {});
  // Attachments the browser tests uploaded belong to this run only (removed first: local and quick).
  if (ownUploads) await rm(process.env.UPLOAD_DIR, { recursive: true, force: true }).catch(() => {});
  if (ownBackups) await rm(process.env.BACKUP_DIR, { recursive: true, force: true }).catch(() => {});
  await db.drop().catch(() => {});
  if (stop) await stop().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
