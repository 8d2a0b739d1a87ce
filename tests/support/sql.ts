// A plain pg connection to the test file's database, for setting data up and checking it with independent SQL.
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

/** Connects before the file's tests (ahead of any beforeAll registered after this call) and ends after them. */
export function testSql(): pg.Client {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());
  return client;
}

/**
 * The small query helpers test files used to redeclare, bound to one client:
 * `one` (first row), `rows`, `count` (a `count(*) AS n` query as a number) and `ids` (the `id` column).
 */
export function queries(client: pg.Client) {
  const rows = async <T = any>(q: string, params: unknown[] = []) => (await client.query(q, params)).rows as T[];
  const one = async <T = any>(q: string, params: unknown[] = []) => (await rows<T>(q, params))[0];
  const count = async (q: string, params: unknown[] = []) => Number((await one<{ n: unknown }>(q, params)).n);
  const ids = async (q: string, params: unknown[] = []) => (await rows<{ id: number }>(q, params)).map((r) => r.id);
  return { rows, one, count, ids };
}

/** A county's id by its name (the seed's 11 counties and zones). */
export async function countyId(client: pg.Client, name: string): Promise<number> {
  const { rows } = await client.query("SELECT id FROM county WHERE name = $1", [name]);
  if (!rows[0]) throw new Error(`no county named ${name}`);
  return rows[0].id as number;
}

/**
 * Waits until `n` sessions of the file's database are blocked on a lock — for race tests that hold a row lock in
 * one transaction, start the app's write, and release the lock once the write is queued behind it.
 */
export async function waitForLockWaiters(n: number, timeoutMs = 10_000): Promise<void> {
  const probe = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await probe.connect();
  try {
    for (const start = Date.now(); Date.now() - start < timeoutMs;) {
      const { rows } = await probe.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      if (rows[0].n >= n) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${n} lock waiter(s) after ${timeoutMs} ms`);
  } finally {
    await probe.end();
  }
}
