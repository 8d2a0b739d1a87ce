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
