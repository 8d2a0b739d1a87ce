// The application clock: the one source of "now" for business time (deadlines, "today", audit times, jobs).
// No other code reads the system time (an ESLint rule forbids the argument-less Date constructor and Date's now):
// the server's clock is read only by
// `serverWallClock()` (app/domain/demoClock.ts), which this clock offsets; pure domain functions take the instant or
// the date as a parameter.
//
// Two modes (docs/decisions/060-application-clock.md):
// - real: the server's clock. A deployment without the demo seed, or with APP_CLOCK=real.
// - demo: the seeded demo lives in its plan year. The seed stores the clock's start (2017-11-20 09:00 Beijing) in
//   setting "app_clock"; the first start of the app anchors it to the real instant, and from then on it runs
//   forward in real time: now = start + (real now − anchor). Restarts read the same anchor and continue;
//   `prisma/seed.ts --reset` writes a fresh, unanchored start; an administrator can move it (audited).
// `now()` is synchronous, so the state is read from the database by `clockReady()` — awaited by the server before
// every request (getLoadContext), by the jobs and the scripts — and kept for a few seconds. A move is announced
// with NOTIFY at its commit, and the servers' processes follow it (followClockMoves), so the other workers and
// instances read it again at once (docs/decisions/243); the few seconds are the fallback.
import { chinaToday, CST_OFFSET_MS, isIsoDate, type IsoDate } from "~/domain/dates";
import { CLOCK_SETTING, parseDemoClock, serverWallClock, type DemoClockValue } from "~/domain/demoClock";
import type { Tx } from "./db.server";
import { env } from "./env.server";

const REFRESH_MS = 5_000;

interface State {
  mode: "demo" | "real";
  /** demo time − real time, in ms (0 for the real clock) */
  offsetMs: number;
  loadedAt: number;
}

// the server's clock, which the application clock offsets
const realNow = serverWallClock;

let state: State | null = null;
let loading: Promise<void> | null = null;
let warned = false;

/** The current instant on the application clock. */
export function now(): Date {
  if (!state && !warned) {
    warned = true;
    console.warn("[clock] 应用时钟尚未读取数据库状态，暂用服务器时间（应先 await clockReady()）");
  }
  return new Date(realNow() + (state?.offsetMs ?? 0));
}

/** Today's date in Beijing (Asia/Shanghai) on the application clock, "YYYY-MM-DD". */
export function today(): IsoDate {
  return chinaToday(now());
}

/** True when the demo clock is running (the header shows 演示日期). */
export function isDemoClock(): boolean {
  return state?.mode === "demo";
}

function forcedReal(): boolean {
  return env().APP_CLOCK === "real";
}

type ClockDb = Pick<Tx, "setting" | "$queryRaw">;

async function load(db: ClockDb): Promise<State> {
  const at = realNow();
  if (forcedReal()) return { mode: "real", offsetMs: 0, loadedAt: at };
  const row = await db.setting.findUnique({ where: { key: CLOCK_SETTING }, select: { value: true } });
  const demo = parseDemoClock(row?.value);
  if (!demo) return { mode: "real", offsetMs: 0, loadedAt: at };
  let anchoredAt = demo.anchoredAt;
  if (!anchoredAt) {
    // first start after seeding: anchor now; the conditional update makes concurrent first starts agree
    const mine = new Date(at).toISOString();
    await db.$queryRaw`
      UPDATE setting SET value = jsonb_set(value, '{anchoredAt}', to_jsonb(${mine}::text)), version = version + 1,
             updated_at = now()
      WHERE key = ${CLOCK_SETTING} AND (value->>'anchoredAt') IS NULL
      RETURNING key`;
    const again = await db.setting.findUnique({ where: { key: CLOCK_SETTING }, select: { value: true } });
    anchoredAt = parseDemoClock(again?.value)?.anchoredAt ?? mine;
  }
  return { mode: "demo", offsetMs: Date.parse(demo.start) - Date.parse(anchoredAt), loadedAt: at };
}

async function defaultDb(): Promise<ClockDb> {
  return (await import("./db.server")).prisma;
}

/**
 * Reads the clock's state from the database unless it was read in the last few seconds. Cheap enough to await
 * before every request. `force` re-reads (after this process changed it, or in tests).
 */
export async function clockReady(opts: { db?: ClockDb; force?: boolean } = {}): Promise<void> {
  if (!opts.force && state && realNow() - state.loadedAt < REFRESH_MS) return;
  if (loading && !opts.force) return loading;
  const p = (async () => {
    try {
      state = await load(opts.db ?? (await defaultDb()));
    } catch (err) {
      // a database without the setting table (an old release before its upgrade) runs on the real clock
      if (!state) state = { mode: "real", offsetMs: 0, loadedAt: realNow() };
      throw err;
    }
  })().finally(() => {
    if (loading === p) loading = null;
  });
  loading = p;
  return p;
}

/** The channel a clock move is announced on (NOTIFY at its commit; docs/decisions/243). */
export const CLOCK_CHANNEL = "app_clock";

let follower: { stop: () => Promise<void> } | null = null;

/**
 * Follows clock moves made by other processes (the workers of an instance, other instances): a dedicated
 * connection LISTENs on CLOCK_CHANNEL and a notification makes the next `clockReady()` read the database again, so
 * a move is seen at once everywhere instead of within REFRESH_MS (which stays as the fallback while the connection
 * is down; it is re-made after 5 s). Started by the server (scripts/server.mjs); returns its stop function.
 */
export async function followClockMoves(databaseUrl: string | undefined): Promise<() => Promise<void>> {
  if (!databaseUrl || forcedReal()) return async () => {};
  if (follower) return follower.stop;
  const { default: pg } = await import("pg");
  let stopped = false;
  let client: InstanceType<typeof pg.Client> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const stale = () => {
    if (state) state = { ...state, loadedAt: Number.NEGATIVE_INFINITY };
  };
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: `jinzhong-clock:${process.pid}` });
    const again = () => {
      if (client !== c) return;
      client = null;
      stale();
      if (!stopped) retry = setTimeout(() => void connect(), 5_000).unref();
    };
    c.on("error", again);
    c.on("end", again);
    c.on("notification", (n) => {
      if (n.channel === CLOCK_CHANNEL) stale();
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${CLOCK_CHANNEL}`);
      stale(); // a move between the last read and the LISTEN
    } catch {
      again();
      await c.end().catch(() => {});
    }
  };
  await connect();
  const stop = async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    follower = null;
    await c?.end().catch(() => {});
  };
  follower = { stop };
  return stop;
}

/** Forgets the loaded state (tests that switch databases). */
export function resetClockCache(): void {
  state = null;
  loading = null;
}

/** The demo instant for a date an administrator picks: 09:00 Beijing that day. */
export function demoInstantFor(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new Error(`invalid date ${date}`);
  return new Date(Date.parse(`${date}T09:00:00.000Z`) - CST_OFFSET_MS);
}

/**
 * Moves the demo clock so that it reads `at` now (in the caller's transaction; the caller audits). Returns the
 * before/after demo instants. Throws when the clock is not a demo clock.
 */
export async function moveDemoClock(tx: Tx, at: Date): Promise<{ before: string; after: string }> {
  const row = await tx.setting.findUnique({ where: { key: CLOCK_SETTING }, select: { value: true } });
  const demo = parseDemoClock(row?.value);
  if (!demo || forcedReal()) throw new Error("应用时钟不是演示时钟");
  const real = realNow();
  const before = demo.anchoredAt
    ? new Date(Date.parse(demo.start) + real - Date.parse(demo.anchoredAt)).toISOString()
    : demo.start;
  const value: DemoClockValue = { mode: "demo", start: at.toISOString(), anchoredAt: new Date(real).toISOString() };
  await tx.setting.update({
    where: { key: CLOCK_SETTING },
    data: { value: value as unknown as object, version: { increment: 1 } },
  });
  // every other process reads the clock again when this transaction commits (followClockMoves)
  await tx.$executeRaw`SELECT pg_notify(${CLOCK_CHANNEL}, '')`;
  state = { mode: "demo", offsetMs: at.getTime() - real, loadedAt: real };
  return { before, after: value.start };
}
