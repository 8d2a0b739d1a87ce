// The database `npm run backup` / `npm run restore` work on: DATABASE_URL when set, otherwise the embedded
// PostgreSQL of `npm start` (EMBEDDED_PG_DIR / EMBEDDED_PG_PORT) — used while the app runs, or started for the
// duration of the command when it does not (holding the same lock as `npm start`, so neither starts mid-way).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { clusterPassword, clusterUrl, startEmbeddedPostgres } from "./embedded-pg.mjs";
import { acquireLock, lockHolder } from "./instance-lock.mjs";
import { ROOT } from "./paths.mjs";

/**
 * Runs `fn(url)` against the target database.
 * @template T
 * @param {(url: string) => Promise<T>} fn
 * @param {{ log?: (m: string) => void, whileAppRuns: "use" | "refuse" }} options
 * @returns {Promise<T>}
 */
export async function withTargetDatabase(fn, { log = console.log, whileAppRuns }) {
  if (process.env.DATABASE_URL) {
    log("使用外部 PostgreSQL（DATABASE_URL）");
    return fn(process.env.DATABASE_URL);
  }
  const dir = path.resolve(ROOT, process.env.EMBEDDED_PG_DIR ?? ".data/pg");
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  // the running app's cluster has its own password (decision 072), in the file beside its data folder
  const url = clusterUrl(port, clusterPassword(dir), "jinzhong");
  const running = lockHolder(`${dir}.lock`);
  if (running) {
    if (whileAppRuns === "refuse") {
      throw new Error(`平台正在运行（进程 ${running}，数据目录 ${dir}）。请先停止它（Ctrl-C）再恢复。`);
    }
    log(`平台正在运行（进程 ${running}），连接它的内置 PostgreSQL：127.0.0.1:${port}`);
    return fn(url);
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  const release = acquireLock(`${dir}.lock`, (pid) => `另一个进程（${pid}）正在使用数据目录 ${dir}，请稍后再试。`);
  let db;
  try {
    db = await startEmbeddedPostgres({ dir, port, log });
    await db.ensureDatabase("jinzhong");
    log(`已临时启动内置 PostgreSQL：127.0.0.1:${port}（命令结束后停止）`);
    return await fn(db.url("jinzhong"));
  } finally {
    await db?.stop().catch(() => {});
    release();
  }
}
