// `npm run restore -- <backup folder> [--replace]`: restores a backup made by `npm run backup` / the nightly job
// into an empty database and upload folder (or replaces them with --replace), then verifies it against the
// manifest (docs/decisions/075). The app must be stopped. Exit code 0 only when everything matches.
import path from "node:path";
import { RestoreError, restoreBackup } from "../app/ops/restore.server";
import { withTargetDatabase } from "./lib/cli-database.mjs";
import { getLogger } from "./lib/observability/log.mjs";
import { ROOT } from "./lib/paths.mjs";

const logger = getLogger().child({ component: "恢复" });
const log = (m: string) => logger.info(m);
const args = process.argv.slice(2);
const replace = args.includes("--replace");
const target = args.find((a) => !a.startsWith("--"));
if (!target) {
  console.error("用法：npm run restore -- <备份目录> [--replace]\n（备份目录在 .data/backups/ 下，或 BACKUP_DIR）");
  process.exit(2);
}
const backupDir = path.resolve(ROOT, process.env.BACKUP_DIR ?? ".data/backups");
// a bare name means a folder in BACKUP_DIR
const backup = target.includes("/") ? path.resolve(target) : path.join(backupDir, target);
const uploadDir = path.resolve(ROOT, process.env.UPLOAD_DIR ?? ".data/uploads");

try {
  const report = await withTargetDatabase(
    (databaseUrl) => restoreBackup({ backup, databaseUrl, uploadDir, replace, log }),
    { log, whileAppRuns: "refuse" },
  );
  for (const t of report.tables)
    if (t.expected !== t.actual) log(`  ${t.name}: 备份 ${t.expected} 行，恢复后 ${t.actual} 行`);
  if (report.previousUploads) log(`原上传目录已改名保留：${report.previousUploads}`);
  if (report.mismatches.length) {
    logger.error({ mismatches: report.mismatches }, `核对不一致：${report.mismatches.join("；")}`);
    process.exit(1);
  }
  const rows = report.tables.reduce((s, t) => s + t.actual, 0);
  log(
    `恢复完成并已核对：${report.tables.length} 张表 ${rows} 行与清单一致，${report.files.verified} 个文件校验和一致。` +
      "启动平台（npm start）时会自动应用本版本更新的迁移。",
  );
  process.exit(0);
} catch (err) {
  const msg = err instanceof RestoreError ? err.message : ((err as Error)?.message ?? String(err));
  logger.error(`恢复失败：${msg}`);
  process.exit(1);
}
