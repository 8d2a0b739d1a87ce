// The snapshot-keyed result cache (docs/decisions/051): answers repeated reads from memory, and never a result
// older than the reader's snapshot — whoever commits the write (this client, another connection, a transaction).
import { describe, expect, it, vi } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { cachedQueryRaw } from "~/utils/snapshotCache.server";
import { prisma } from "~/utils/db.server";
import { viewerFor } from "../support/requests";
import { listProjects } from "~/models/project.server";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { testSql } from "../support/sql";

const sql = testSql();

const countyTotal = (countyId: number) =>
  Prisma.sql`SELECT count(*)::int AS n, coalesce(sum(total_investment), 0)::bigint AS invest FROM project WHERE county_id = ${countyId}`;
const direct = async (countyId: number) =>
  (
    await sql.query(
      `SELECT count(*)::int AS n, coalesce(sum(total_investment), 0)::bigint AS invest FROM project WHERE county_id = $1`,
      [countyId],
    )
  ).rows[0];

/** How many transactions `run` opened on the root client (a cache miss computes in one; a hit in none). */
async function transactionsOf(run: () => Promise<unknown>) {
  const spy = vi.spyOn(prisma, "$transaction");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("cachedQueryRaw", () => {
  it("gives the query's result, and a repeat without writes is answered from memory (one snapshot read, no transaction)", async () => {
    const county = (await sql.query(`SELECT min(id) AS id FROM county`)).rows[0].id as number;
    const [first] = await cachedQueryRaw<{ n: number; invest: bigint }>(prisma, countyTotal(county));
    const expected = await direct(county);
    expect(first.n).toBe(expected.n);
    expect(first.invest.toString()).toBe(String(expected.invest));
    // a miss runs the query in a REPEATABLE READ transaction; a hit only reads the snapshot
    expect(await transactionsOf(() => cachedQueryRaw(prisma, countyTotal(county + 1000)))).toBe(1);
    // (snapshots are cluster-wide: a write in another test file's database may force a recomputation; a few tries)
    let hit = false;
    for (let i = 0; i < 10 && !hit; i++)
      hit = (await transactionsOf(() => cachedQueryRaw(prisma, countyTotal(county)))) === 0;
    expect(hit).toBe(true);
    const [again] = await cachedQueryRaw<{ n: number }>(prisma, countyTotal(county));
    expect(again.n).toBe(first.n);
  });

  it("sees a write committed by another connection at once", async () => {
    const county = (await sql.query(`SELECT max(id) AS id FROM county`)).rows[0].id as number;
    const [before] = await cachedQueryRaw<{ n: number; invest: bigint }>(prisma, countyTotal(county));
    await sql.query(
      `INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, plan_year)
       VALUES ('CACHE-1', '缓存测试项目', $1, (SELECT min(id) FROM industry), 'LOCAL', 777, 2017)`,
      [county],
    );
    const [after] = await cachedQueryRaw<{ n: number; invest: bigint }>(prisma, countyTotal(county));
    expect(after.n).toBe(before.n + 1);
    expect(after.invest - before.invest).toBe(777n);
    await sql.query(`UPDATE project SET total_investment = 778 WHERE code = 'CACHE-1'`);
    const [updated] = await cachedQueryRaw<{ invest: bigint }>(prisma, countyTotal(county));
    expect(updated.invest - before.invest).toBe(778n);
  });

  it("inside a transaction runs the query, so the transaction sees its own uncommitted write", async () => {
    const county = (await sql.query(`SELECT min(id) AS id FROM county`)).rows[0].id as number;
    const [outside] = await cachedQueryRaw<{ n: number }>(prisma, countyTotal(county));
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, plan_year)
          VALUES ('CACHE-2', '缓存事务测试', ${county}, (SELECT min(id) FROM industry), 'LOCAL', 1, 2017)`;
        const [inside] = await cachedQueryRaw<{ n: number }>(tx, countyTotal(county));
        expect(inside.n).toBe(outside.n + 1);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const [afterRollback] = await cachedQueryRaw<{ n: number }>(prisma, countyTotal(county));
    expect(afterRollback.n).toBe(outside.n);
  });

  it("concurrent readers of one snapshot share one computation and agree", async () => {
    const county = (await sql.query(`SELECT min(id) AS id FROM county`)).rows[0].id as number;
    await sql.query(`UPDATE project SET total_investment = total_investment WHERE id = (SELECT min(id) FROM project)`); // a new snapshot
    let results: { n: number }[][] = [];
    const opened = await transactionsOf(async () => {
      results = await Promise.all(
        Array.from({ length: 8 }, () => cachedQueryRaw<{ n: number }>(prisma, countyTotal(county))),
      );
    });
    expect(opened).toBeLessThanOrEqual(2); // one per snapshot seen (a concurrent commit elsewhere could add one)
    expect(new Set(results.map((r) => r[0].n)).size).toBe(1);
    expect(results[0][0].n).toBe((await direct(county)).n);
  });

  it("the register's totals follow a rename that makes a project match a search", async () => {
    const viewer = await viewerFor("bureau");
    const q = parseProjectListQuery(new URLSearchParams("q=缓存专用词"));
    expect((await listProjects(viewer, q)).total).toBe(0);
    await sql.query(`UPDATE project SET name = name || '缓存专用词' WHERE id = (SELECT min(id) FROM project)`);
    const after = await listProjects(viewer, q);
    expect(after.total).toBe(1);
    expect(after.rows).toHaveLength(1);
  });
});
