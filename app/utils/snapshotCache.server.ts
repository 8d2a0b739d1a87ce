// Exact result cache for the expensive read-only aggregates (KPI cohorts, lateness counts, register totals),
// keyed by the database snapshot they were computed in (docs/decisions/051).
//
// PostgreSQL's pg_current_snapshot() (xmin:xmax:in-progress xids) determines exactly which transactions a query
// sees: two queries under equal snapshots see the same committed data. So a result computed under snapshot S is
// the result any later query would get while the snapshot is still S, and a reader that looks up the current
// snapshot first and finds an entry for it gets what running the query would have given. Any committed write
// (through this app, a job, another process or psql) changes the snapshot, so nothing is ever served stale; a
// read-mostly load (dashboards, the register) is answered from memory between writes.
//
// Only for SQL whose result depends on the data and its parameters alone: no now()/current_date inside (pass dates
// as parameters; they are part of the key).
import { LRUCache } from "lru-cache";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { getPrisma } from "./db.server";

type QueryDb = Pick<PrismaClient, "$queryRaw">;
type Rows = unknown[];

const caches = new WeakMap<object, LRUCache<string, Promise<Rows>>>();

function cacheOf(client: object) {
  let c = caches.get(client);
  if (!c) {
    c = new LRUCache<string, Promise<Rows>>({ max: 2_000 });
    caches.set(client, c);
  }
  return c;
}

/** Bigints and dates appear as parameters; neither survives plain JSON.stringify. */
function paramsKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, v) =>
    typeof v === "bigint" ? `${v}n` : v instanceof Date ? `D${v.toISOString()}` : v,
  );
}

let enabled = process.env.SNAPSHOT_CACHE !== "off";

/** For the benchmark's and tests' comparisons: run every query for real. */
export function setSnapshotCache(on: boolean) {
  enabled = on;
}

/** The app's client itself (a transaction's client also has $transaction, which then refuses to nest). */
const isRootClient = (db: QueryDb): db is PrismaClient => db === getPrisma();

/**
 * `db.$queryRaw(sql)`, answered from the cache when the database's current snapshot already has the result. Inside
 * a transaction (any client but the app's own) the query simply runs: a transaction sees its own writes.
 */
export async function cachedQueryRaw<T>(db: QueryDb, sql: Prisma.Sql): Promise<T[]> {
  if (!enabled || !isRootClient(db)) return db.$queryRaw<T[]>(sql);
  const cache = cacheOf(db);
  const key = `${sql.sql}\u0000${paramsKey(sql.values)}`;
  const [{ snapshot }] = await db.$queryRaw<{ snapshot: string }[]>`SELECT pg_current_snapshot()::text AS snapshot`;
  const hit = cache.get(`${snapshot}\u0001${key}`);
  if (hit) return hit as Promise<T[]>;
  // Computed in one REPEATABLE READ transaction, so the snapshot read first is the one the query runs under. It
  // may be newer than the one looked up (a write committed in between): stored under both, since a reader of the
  // older snapshot may be given the newer result (as if it had asked a moment later), never the reverse.
  const pending = db.$transaction(
    async (tx) => {
      const [{ snapshot: own }] = await tx.$queryRaw<
        { snapshot: string }[]
      >`SELECT pg_current_snapshot()::text AS snapshot`;
      const rows = await tx.$queryRaw<T[]>(sql);
      if (own !== snapshot) cache.set(`${own}\u0001${key}`, Promise.resolve(rows));
      return rows;
    },
    { isolationLevel: "RepeatableRead" },
  );
  cache.set(`${snapshot}\u0001${key}`, pending);
  pending.catch(() => cache.delete(`${snapshot}\u0001${key}`));
  return pending;
}
