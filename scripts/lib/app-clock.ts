// The application clock for `npm run backup` (a backup's name and times are on it, like the app's own backups).
// The app's clock module is loaded only once the database is known, because it reads the clock's state from the
// database (a demo clock's anchor) before it answers; on a database without that state (an older release's, before
// its upgrade) it falls back to the server's clock and says so.
export async function appClock(databaseUrl: string, log: (m: string) => void): Promise<() => Date> {
  process.env.DATABASE_URL = databaseUrl;
  try {
    const clock = await import("../../app/utils/clock.server");
    const ready = (clock as { clockReady?: () => Promise<void> }).clockReady;
    if (ready) await ready();
    clock.now();
    return clock.now;
  } catch (err) {
    log(`无法读取应用时钟（${(err as Error)?.message ?? err}），备份名称使用服务器时间`);
    // the documented fallback when the application clock cannot be read
    return () => new Date();
  }
}
