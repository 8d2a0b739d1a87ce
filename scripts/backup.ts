// `npm run backup`: a backup of the database and the uploaded files into BACKUP_DIR (docs/decisions/075).
//   npm run backup                     the embedded database (running or not) or DATABASE_URL
//   npm run backup -- --kind pre-upgrade   (used by `npm start` before it migrates an existing database)
// Exit code 0 on success, 1 on failure (for cron and the upgrade path).
import path from "node:path";
import { createBackup } from "../app/ops/backup.server";
import type { BackupKindKey } from "../app/ops/backupFormat";
import { formatBytes } from "../app/ops/backupFormat";
import { applyRetention } from "../app/ops/retention.server";
import { appClock } from "./lib/app-clock";
import { withTargetDatabase } from "./lib/cli-database.mjs";
import { MIGRATIONS_DIR } from "./lib/migrate.mjs";
import { getLogger } from "./lib/observability/log.mjs";
import { ROOT } from "./lib/paths.mjs";

const logger = getLogger().child({ component: "备份" });
const log = (m: string) => logger.info(m);
const args = process.argv.slice(2);
const kindArg = args.includes("--kind") ? args[args.indexOf("--kind") + 1] : "cli";
const kind: BackupKindKey = kindArg === "pre-upgrade" ? "PRE_UPGRADE" : "CLI";
const backupDir = path.resolve(ROOT, process.env.BACKUP_DIR ?? ".data/backups");
const uploadDir = path.resolve(ROOT, process.env.UPLOAD_DIR ?? ".data/uploads");

try {
  const result = await withTargetDatabase(
    async (databaseUrl) => {
      const now = await appClock(databaseUrl, log);
      return createBackup({ databaseUrl, uploadDir, backupDir, migrationsDir: MIGRATIONS_DIR, kind, now, log });
    },
    { log, whileAppRuns: "use" },
  );
  if (result) {
    log(`备份位置：${result.dir}（${formatBytes(result.manifest.totals.bytes)}）`);
    const removed = await applyRetention(backupDir);
    if (removed.length) log(`按保留策略删除了 ${removed.length} 个旧备份：${removed.join("、")}`);
  }
  process.exit(0);
} catch (err) {
  logger.error(`备份失败：${(err as Error)?.message ?? err}`);
  process.exit(1);
}
