// One process at a time per embedded database folder: `npm start`, `npm run backup` and `npm run restore` take
// `<data dir>.lock` (the owner's pid); a second one gets a clear message, a stale lock (dead pid) is taken over.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** The pid of the live process holding the lock, or null. */
export function lockHolder(lockFile) {
  if (!existsSync(lockFile)) return null;
  const pid = Number(readFileSync(lockFile, "utf8").trim());
  return pid && pid !== process.pid && pidAlive(pid) ? pid : null;
}

/** Takes the lock or throws `message(pid)`; returns the release function. */
export function acquireLock(lockFile, message) {
  const pid = lockHolder(lockFile);
  if (pid) throw new Error(message(pid));
  writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (readFileSync(lockFile, "utf8").trim() === String(process.pid)) rmSync(lockFile);
    } catch {}
  };
}
