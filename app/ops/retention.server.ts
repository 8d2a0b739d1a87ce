// Applies the retention rule (app/domain/backupRetention.ts) to the nightly backups in BACKUP_DIR, and removes
// half-written folders (".partial") left by a process that died more than a day ago.
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { backupsToKeep, DEFAULT_RETENTION, type RetentionPolicy } from "../domain/backupRetention";
import { serverWallClock } from "../domain/demoClock";
import { BACKUP_NAME, type BackupManifest, MANIFEST_FILE } from "./backupFormat";

export interface StoredBackup {
  name: string;
  dir: string;
  manifest: BackupManifest;
}

/** Complete backups in `backupDir` (a folder named like a backup, with a readable manifest), newest first. */
export async function listBackups(backupDir: string): Promise<StoredBackup[]> {
  const entries = await readdir(backupDir, { withFileTypes: true }).catch(() => []);
  const out: StoredBackup[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !BACKUP_NAME.test(e.name)) continue;
    const dir = path.join(backupDir, e.name);
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as BackupManifest;
      out.push({ name: e.name, dir, manifest });
    } catch {
      // not (yet) a complete backup
    }
  }
  return out.sort((a, b) => (a.manifest.createdAt < b.manifest.createdAt ? 1 : -1));
}

/**
 * Deletes the nightly backups the policy does not keep; returns their names. Backups someone asked for (the
 * admin's button, `npm run backup`) and those taken before an upgrade are kept until the operator removes them.
 */
export async function applyRetention(backupDir: string, policy: RetentionPolicy = DEFAULT_RETENTION) {
  const all = (await listBackups(backupDir)).filter((b) => b.manifest.kind === "NIGHTLY");
  const keep = backupsToKeep(
    all.map((b) => ({ name: b.name, takenAt: new Date(b.manifest.createdAt) })),
    policy,
  );
  const removed: string[] = [];
  for (const b of all) {
    if (keep.has(b.name)) continue;
    await rm(b.dir, { recursive: true, force: true });
    removed.push(b.name);
  }
  const entries = await readdir(backupDir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() || !e.name.endsWith(".partial")) continue;
    const st = await stat(path.join(backupDir, e.name)).catch(() => null);
    // a day old: no backup runs that long, so its process is gone (wall clock: this is about files, not business)
    if (st && serverWallClock() - st.mtimeMs > 86_400_000)
      await rm(path.join(backupDir, e.name), { recursive: true, force: true });
  }
  return removed.sort();
}
