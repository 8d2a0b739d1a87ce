// The snapshot-keyed query cache is shared by every user (docs/decisions/051, 245): its key is the SQL with the
// viewer's scope in it. Two counties must never be given each other's cached result, and a committed write must
// show at once in every scope it touches — and in no other. Checked on the register's totals (共 N 个项目 ·
// 总投资合计, cached through cachedQueryRaw) against independent SQL, with the cache answering between writes.
import { expect, it, vi } from "vitest";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { projectListTotals } from "~/models/project.server";
import { prisma } from "~/utils/db.server";
import { viewerFor } from "../support/requests";
import { testSql } from "../support/sql";

const sql = testSql();
const q = parseProjectListQuery(new URLSearchParams(""));

async function direct(countyId: number) {
  const { rows } = await sql.query(
    `SELECT count(*)::int AS n, coalesce(sum(total_investment), 0)::bigint AS invest FROM project WHERE county_id = $1`,
    [countyId],
  );
  return { total: rows[0].n as number, totalInvestmentSum: Number(rows[0].invest) };
}

/** Whether `read` was answered from memory (no transaction opened: a miss computes in one); a few tries, because
 * snapshots are cluster-wide and another test file's write forces a recomputation. */
async function answeredFromMemory(read: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) {
    const spy = vi.spyOn(prisma, "$transaction");
    try {
      await read();
      if (spy.mock.calls.length === 0) return true;
    } finally {
      spy.mockRestore();
    }
  }
  return false;
}

it("two counties never share a cached result; a write shows at once in the scopes it touches and nowhere else", async () => {
  const a = await viewerFor("county.yuci");
  const other = await sql.query(
    `SELECT username FROM app_user WHERE role = 'COUNTY' AND county_id <> $1 ORDER BY username LIMIT 1`,
    [a.countyId],
  );
  const b = await viewerFor(other.rows[0].username);
  expect(b.countyId).not.toBe(a.countyId);
  const industry = (await sql.query(`SELECT min(id) AS id FROM industry`)).rows[0].id;
  // a project only county A has, so the two counties' totals surely differ
  await sql.query(
    `INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, plan_year)
     VALUES ('SCOPE-A1', '范围缓存测试项目甲', $1, $2, 'LOCAL', 987654, 2017)`,
    [a.countyId, industry],
  );

  // each county's totals are its own, first computed and then from memory, interleaved
  for (let round = 0; round < 3; round++) {
    for (const v of [a, b]) expect(await projectListTotals(v, q)).toMatchObject(await direct(v.countyId!));
  }
  expect((await projectListTotals(a, q)).totalInvestmentSum).not.toBe(
    (await projectListTotals(b, q)).totalInvestmentSum,
  );
  expect(await answeredFromMemory(() => projectListTotals(a, q))).toBe(true);
  expect(await answeredFromMemory(() => projectListTotals(b, q))).toBe(true);

  // a write in county A (another connection, committed): A's next read has it, B's is unchanged
  const bBefore = await projectListTotals(b, q);
  const aBefore = await projectListTotals(a, q);
  await sql.query(
    `INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, plan_year)
     VALUES ('SCOPE-A2', '范围缓存测试项目乙', $1, $2, 'LOCAL', 4321, 2017)`,
    [a.countyId, industry],
  );
  const aAfter = await projectListTotals(a, q);
  expect(aAfter.total).toBe(aBefore.total + 1);
  expect(aAfter.totalInvestmentSum).toBe(aBefore.totalInvestmentSum + 4321);
  expect(await projectListTotals(b, q)).toEqual(bBefore);
  expect(await projectListTotals(b, q)).toMatchObject(await direct(b.countyId!));

  // a project moved from A to B: both see it at once, each exactly as the database says
  await sql.query(`UPDATE project SET county_id = $1 WHERE code = 'SCOPE-A1'`, [b.countyId]);
  const [aMoved, bMoved] = [await projectListTotals(a, q), await projectListTotals(b, q)];
  expect(aMoved).toMatchObject(await direct(a.countyId!));
  expect(bMoved).toMatchObject(await direct(b.countyId!));
  expect(aMoved.total).toBe(aAfter.total - 1);
  expect(bMoved.total).toBe(bBefore.total + 1);
  expect(bMoved.totalInvestmentSum).toBe(bBefore.totalInvestmentSum + 987654);
});
