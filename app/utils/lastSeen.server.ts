// Sessions' last-seen times, written in batches (docs/decisions/250). A signed-in request notes the time here; every
// FLUSH_MS this process writes all noted times in one statement. One write per session per minute looked cheap, but
// every committed write moves the database snapshot that keys the exact caches (docs/decisions/051): with 50 people
// signed in that was almost one cache-emptying write a second with nobody changing any data. This process reads its
// own pending times back (`seenAt`), so its idle check never lags; another process or instance reads the database,
// which lags by at most LAST_SEEN_GRANULARITY_MS + FLUSH_MS, far inside the shortest idle timeout (5 minutes).
import { prisma } from "./db.server";
import { log } from "./log.server";

/** Seconds a session's last-seen time may lag (one note per minute per session, not per request). */
export const LAST_SEEN_GRANULARITY_MS = 60_000;
/** How often the noted times are written. */
export const FLUSH_MS = 30_000;

const pending = new Map<string, Date>();
let timer: ReturnType<typeof setInterval> | null = null;
let hooked = false;

/** The later of the stored last-seen time and one this process has noted but not yet written. */
export function seenAt(sid: string, stored: Date | null): Date | null {
  const p = pending.get(sid);
  if (!p) return stored;
  return !stored || p.getTime() > stored.getTime() ? p : stored;
}

/** Notes a request at `at` when the session's last-seen time is older than the granularity. */
export function noteSeen(sid: string, last: Date | null, at: Date): void {
  if (last && at.getTime() - last.getTime() < LAST_SEEN_GRANULARITY_MS) return;
  pending.set(sid, at);
  if (!timer) {
    timer = setInterval(() => void flushLastSeen(), FLUSH_MS);
    timer.unref();
  }
  if (!hooked) {
    // written once more when the server drains (scripts/server.mjs close())
    hooked = true;
    globalThis.__jzShutdownHooks ??= [];
    globalThis.__jzShutdownHooks.push(flushLastSeen);
  }
}

/** Writes every noted time in one statement (a session signed out meanwhile matches no row). */
export async function flushLastSeen(): Promise<void> {
  if (!pending.size) return;
  const batch = [...pending];
  pending.clear();
  try {
    await prisma.$executeRaw`
      UPDATE session s SET last_seen_at = v.at
      FROM unnest(${batch.map(([id]) => id)}::text[], ${batch.map(([, at]) => at)}::timestamptz[]) AS v(id, at)
      WHERE s.id = v.id`;
  } catch (err) {
    // not put back: a later request notes the session again; a lost note only makes it look idle sooner elsewhere
    log.warn({ err }, `会话最近活动时间写入失败（${batch.length} 个）`);
  }
}
