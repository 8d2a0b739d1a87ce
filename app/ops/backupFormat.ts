// The backup folder's layout and manifest (docs/decisions/075-backups.md). Pure: shared by the writer, the
// restorer, the admin page and the retention rule.
//
//   <BACKUP_DIR>/<name>/manifest.json             what is inside, with row counts and sha256 of every file
//   <BACKUP_DIR>/<name>/schema/<migration>/migration.sql   the migrations the database had (replayed on restore)
//   <BACKUP_DIR>/<name>/data/<table>.copy.gz      each table's rows (COPY text format, gzip), one snapshot
//   <BACKUP_DIR>/<name>/files/<storage key>       the uploaded files (UPLOAD_DIR)

export const BACKUP_FORMAT = "jinzhong-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";

export type BackupKindKey = "NIGHTLY" | "MANUAL" | "CLI" | "PRE_UPGRADE";

export const BACKUP_KIND_LABELS: Record<BackupKindKey, string> = {
  NIGHTLY: "每日自动备份",
  MANUAL: "管理员手动备份",
  CLI: "命令行备份",
  PRE_UPGRADE: "升级前自动备份",
};

export interface ManifestTable {
  name: string;
  /** Columns in COPY order (generated columns are left out: PostgreSQL computes them again on restore). */
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
  /** Rows left out on purpose (SQL condition the dump used), e.g. the backup run that is still running. */
  filter?: string;
}

export interface ManifestFile {
  /** Path under UPLOAD_DIR with "/" separators (the attachment's storage key). */
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  name: string;
  kind: BackupKindKey;
  /** Application clock (ISO) when the snapshot was taken; the name carries the same instant in Beijing time. */
  createdAt: string;
  /** The server's wall clock at the same moment (differs from createdAt when the demo clock runs). */
  wallClock: string;
  appVersion: string;
  serverVersion: string;
  database: string;
  migrations: Array<{ name: string; checksum: string; file: string; sha256: string }>;
  tables: ManifestTable[];
  sequences: Array<{ name: string; lastValue: string | null; isCalled: boolean }>;
  files: ManifestFile[];
  /** Storage keys that attachment rows reference but the upload folder did not have when the backup was taken. */
  missingFiles: string[];
  totals: { rows: number; tables: number; files: number; fileBytes: number; bytes: number };
}

/** "YYYYMMDD-HHmmss" in Beijing time for an instant (names sort by time). */
export function beijingStamp(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600_000).toISOString(); // Beijing has no daylight saving time
  return `${b.slice(0, 4)}${b.slice(5, 7)}${b.slice(8, 10)}-${b.slice(11, 13)}${b.slice(14, 16)}${b.slice(17, 19)}`;
}

export function backupName(at: Date, kind: BackupKindKey): string {
  return `jinzhong-${beijingStamp(at)}-${kind.toLowerCase().replace("_", "-")}`;
}

/** A backup folder name written by `backupName` (optionally with a "-2" … suffix for a name already taken). */
export const BACKUP_NAME = /^jinzhong-\d{8}-\d{6}-(nightly|manual|cli|pre-upgrade)(-\d+)?$/;

/** The table's data file name: table names here are lower-case identifiers, anything else is encoded. */
export function dataFileFor(table: string): string {
  return `data/${table.replace(/[^a-z0-9_]/gi, (c) => `%${c.charCodeAt(0).toString(16)}`)}.copy.gz`;
}

/** Byte counts as people read them (1.5 MB). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
