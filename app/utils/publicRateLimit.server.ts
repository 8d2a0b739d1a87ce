// The per-address limit of the public pages without sign-in (/open/map and its data, /open/geojson;
// docs/decisions/235). The address is the login limit's (`clientIp`: X-Forwarded-For only with TRUST_PROXY=true).
// The count holds across the instance's worker processes and across instances (docs/decisions/266) without a
// query per request: each process takes a share of an address's allowance from the database (one upsert on the
// UNLOGGED public_rate_window) and answers that many requests from memory before it asks again; once the database
// says the window is used up, the process refuses the address until the window ends without asking again.
import { FixedWindowLimiter, type RateAnswer, type RateRule } from "~/domain/rateLimit";
import { clientIp } from "./auth.server";
import { now } from "./clock.server";
import { dbPool, getPrisma } from "./db.server";
import { log } from "./log.server";

/** Per address and minute, across the public routes: a person browsing uses a few; a script is stopped. */
export const PUBLIC_RATE = { limit: 120, windowMs: 60_000 } as const;

/** What the limiter needs of a connection or pool (pg's `query`). */
export interface Queryable {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

// A share is an eighth of what is left of the window (at least 1): a person's first request takes 15 of 120 and
// the next 14 need no query; near the limit the shares shrink to 1, so what other processes hold unused when an
// address is refused stays small (docs/decisions/266).
const SHARE_DIVISOR = 8;
// "the clock went back" (a demo administrator's move) only beyond a window: two processes' clocks differ by
// milliseconds, and a claim a little older than the window's start must not start the window over
const left = `($5::int - w.used)`;
const share = `GREATEST(0, LEAST(${left}, GREATEST(1, ${left} / ${SHARE_DIVISOR})))`;
const fresh = `($2::timestamptz >= w.window_start + $4::int * interval '1 millisecond'
  OR $2::timestamptz < w.window_start - $4::int * interval '1 millisecond')`;
// With $6, the same statement first drops the rows of windows long over (addresses that stopped asking), at most
// once a window per process; never this address's row, which the insert may update.
const CLAIM_SQL = `
  WITH swept AS (
    DELETE FROM public_rate_window
     WHERE $6::boolean AND address <> $1
       AND (window_start < $2::timestamptz - $4::int * interval '2 millisecond'
         OR window_start > $2::timestamptz + $4::int * interval '2 millisecond')
  )
  INSERT INTO public_rate_window AS w (address, window_start, used, granted)
  VALUES ($1, $2::timestamptz, $3::int, $3::int)
  ON CONFLICT (address) DO UPDATE SET
    window_start = CASE WHEN ${fresh} THEN $2::timestamptz ELSE w.window_start END,
    used = CASE WHEN ${fresh} THEN $3::int ELSE w.used + ${share} END,
    granted = CASE WHEN ${fresh} THEN $3::int ELSE ${share} END
  RETURNING window_start, granted`;

type Lease = { start: number; left: number; spent: boolean };

/**
 * A fixed-window limit per key shared through the database by any number of processes. Never more than
 * `rule.limit` requests of a key are let through per window, whichever processes answer them.
 */
export class SharedWindowLimiter {
  private readonly leases = new Map<string, Lease>();
  // while the database cannot be reached: the count of this process alone, as before decision 266
  private readonly fallback: FixedWindowLimiter;
  private lastSweep = Number.NEGATIVE_INFINITY;
  /** queries sent (read by the tests: the point is to send few) */
  claims = 0;

  constructor(
    readonly rule: RateRule,
    private readonly db: () => Queryable,
    readonly maxKeys = 10_000,
  ) {
    this.fallback = new FixedWindowLimiter(rule, maxKeys);
  }

  /** Counts one request of `key` at `atMs` (the application clock). */
  async hit(key: string, atMs: number): Promise<RateAnswer> {
    const held = this.current(key, atMs);
    if (held && held.left > 0) {
      held.left -= 1;
      return { ok: true, remaining: held.left };
    }
    if (held?.spent) return this.refusal(held, atMs);
    let grant: { start: number; granted: number };
    try {
      grant = await this.claim(key, atMs);
    } catch (err) {
      log.warn({ err }, "公开页面访问限制：数据库计数失败，暂按本进程计数");
      return this.fallback.hit(key, atMs);
    }
    // another request of this process may have taken a share of the same window meanwhile: the shares add up
    const meanwhile = this.current(key, atMs);
    const lease = meanwhile?.start === grant.start ? meanwhile : { start: grant.start, left: 0, spent: false };
    lease.left += grant.granted;
    if (grant.granted === 0) lease.spent = true;
    this.leases.delete(key);
    this.leases.set(key, lease);
    this.prune(atMs);
    if (lease.left > 0) {
      lease.left -= 1;
      return { ok: true, remaining: lease.left };
    }
    return this.refusal(lease, atMs);
  }

  /** Forgets what this process holds (the database's counts stay). */
  clear(): void {
    this.leases.clear();
    this.fallback.clear();
  }

  private current(key: string, atMs: number): Lease | undefined {
    const l = this.leases.get(key);
    const w = this.rule.windowMs;
    return l && atMs < l.start + w && atMs >= l.start - w ? l : undefined;
  }

  private refusal(lease: Lease, atMs: number): RateAnswer {
    const seconds = Math.ceil((lease.start + this.rule.windowMs - atMs) / 1000);
    return { ok: false, retryAfterSeconds: Math.min(Math.max(1, seconds), Math.ceil(this.rule.windowMs / 1000)) };
  }

  private async claim(key: string, atMs: number): Promise<{ start: number; granted: number }> {
    const db = this.db();
    const first = Math.max(1, Math.min(this.rule.limit, Math.floor(this.rule.limit / SHARE_DIVISOR)));
    const w = this.rule.windowMs;
    const sweep = !(atMs >= this.lastSweep && atMs < this.lastSweep + w);
    if (sweep) this.lastSweep = atMs;
    this.claims += 1;
    const { rows } = await db.query(CLAIM_SQL, [key, new Date(atMs), first, w, this.rule.limit, sweep]);
    const row = rows[0] as { window_start: Date; granted: number };
    return { start: row.window_start.getTime(), granted: row.granted };
  }

  private prune(atMs: number): void {
    if (this.leases.size <= this.maxKeys) return;
    for (const [k, l] of this.leases) if (atMs >= l.start + this.rule.windowMs) this.leases.delete(k);
    for (const k of this.leases.keys()) {
      if (this.leases.size <= this.maxKeys) break;
      this.leases.delete(k);
    }
  }
}

/** The app's connection pool (the one behind `prisma`). */
function appPool(): Queryable {
  getPrisma();
  const pool = dbPool();
  if (!pool) throw new Error("数据库连接池未建立");
  return pool;
}

const limiter = new SharedWindowLimiter(PUBLIC_RATE, appPool);

export function publicRateMessage(seconds: number): string {
  return `访问过于频繁，请 ${seconds} 秒后再试`;
}

/** Counts the request against its address; over the limit throws a 429 with Retry-After and a Chinese message. */
export async function limitPublicRequest(
  request: Request,
  context?: { clientAddress?: unknown } | null,
): Promise<void> {
  const answer = await limiter.hit(clientIp(request, context), now().getTime());
  if (answer.ok) return;
  throw new Response(publicRateMessage(answer.retryAfterSeconds), {
    status: 429,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Retry-After": String(answer.retryAfterSeconds),
      "Cache-Control": "no-store",
    },
  });
}

/** Tests start from an empty count, in this process and in the database. */
export async function resetPublicRateLimit(): Promise<void> {
  limiter.clear();
  await appPool().query(`DELETE FROM public_rate_window`, []);
}
