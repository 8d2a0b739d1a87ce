// 追回清单 (issue 18 §3, decision 225): the city-wide list of paid incentives to recover = independent SQL and = the
// domain rule (recoveryReason through fulfilmentOf) on every incentive; the seed flags withdrawn and missed ones through
// that rule; a county sees only its own (also when it asks for another county), a team and an enterprise are refused;
// paging and search. The fund ↔ policy link on both pages (decision 226) and the policy library's search and paging
// (decision 227) against SQL.
import { beforeAll, describe, expect, it } from "vitest";
import { fulfilmentOf } from "~/models/incentiveFulfilment.server";
import { loader as recoveryLoader } from "~/routes/_app.incentives.recovery/route";
import { loader as fundLoader } from "~/routes/_app.funds.$fundId/route";
import { loader as policyLoader } from "~/routes/_app.policies.$policyId/route";
import { loader as policiesLoader } from "~/routes/_app.policies._index/route";
import { today } from "~/utils/clock.server";
import { createProject, createUser } from "../support/factories";
import { requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows, ids } = queries(sql);
const args = { params: {}, context: {} };

type List = { total: number; paid: number; promised: number; rows: { id: number; county: string; reason: string }[] };
const list = async (user: string, qs = "") => {
  const r = await run(async () =>
    recoveryLoader({ request: await requestAs(user, `/incentives/recovery${qs}`), ...args }),
  );
  return { status: r.status, data: r.data as List };
};

/** Independent SQL: paid money, and the project withdrawn or the condition's due date passed unmet (decision 206). */
const FLAGGED = `
  SELECT i.id, p.county_id, (SELECT sum(x.amount) FROM incentive_payment x WHERE x.incentive_id = i.id)::int AS paid
    FROM project_incentive i JOIN project p ON p.id = i.project_id
   WHERE EXISTS (SELECT 1 FROM incentive_payment x WHERE x.incentive_id = i.id AND x.amount > 0)
     AND (p.pool = 'WITHDRAWN' OR (i.condition_due_on < $1::date AND (
          (i.condition_kind = 'STARTED' AND (p.started_on IS NULL OR p.started_on > i.condition_due_on))
       OR (i.condition_kind = 'COMPLETED' AND (p.completed_on IS NULL OR p.completed_on > i.condition_due_on))
       OR (i.condition_kind IN ('OUTPUT', 'TAX') AND (i.reported_value IS NULL OR i.reported_value < i.condition_value)))))`;

let xiyang: number;
beforeAll(async () => {
  xiyang = await countyId(sql, "昔阳县");
});

describe("追回清单", () => {
  it("the seed's flagged incentives: list = independent SQL = the domain rule on every incentive", async () => {
    const day = today();
    const expected = await rows(`${FLAGGED} ORDER BY i.id`, [day]);
    const r = await list("bureau", "?size=100");
    expect(r.status).toBe(200);
    expect(r.data.rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(expected.map((e) => e.id));
    expect(r.data.total).toBe(expected.length);
    expect(r.data.paid).toBe(expected.reduce((s, e) => s + e.paid, 0));
    // the seed flags a withdrawn project and missed conditions (开工 and 产值) through the same rule
    const reasons = r.data.rows.map((x) => x.reason);
    expect(reasons.some((x) => x.startsWith("项目已调出"))).toBe(true);
    expect(reasons.some((x) => x.includes("（开工）"))).toBe(true);
    expect(reasons.some((x) => x.includes("（年产值达到）"))).toBe(true);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    // the domain rule, project by project, flags exactly these
    const projects = await rows(`SELECT DISTINCT project_id FROM project_incentive ORDER BY 1`);
    const byRule: number[] = [];
    for (const p of projects)
      for (const [id, f] of await fulfilmentOf(p.project_id, day)) if (f.recovery) byRule.push(id);
    expect(byRule.sort((a, b) => a - b)).toEqual(expected.map((e) => e.id));
    // conditions on many, 兑现 records on some
    const seeded = await one(`SELECT count(condition_kind)::int AS c, (SELECT count(DISTINCT incentive_id)::int
      FROM incentive_payment) AS paid FROM project_incentive`);
    expect(seeded.c).toBeGreaterThan(100);
    expect(seeded.paid).toBeGreaterThan(10);
  });

  it("a county sees only its own, whatever county it asks for; the city's roles all; a team and an enterprise 403", async () => {
    const day = today();
    const own = await ids(`SELECT id FROM (${FLAGGED}) f WHERE county_id = $2 ORDER BY id`, [day, xiyang]);
    expect(own.length).toBeGreaterThan(0);
    const taigu = await countyId(sql, "太谷县");
    for (const qs of ["", `?county=${taigu}`]) {
      const r = await list("county.xiyang", qs);
      expect(r.status).toBe(200);
      expect(r.data.rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(own);
      expect(new Set(r.data.rows.map((x) => x.county))).toEqual(new Set(["昔阳县"]));
    }
    const all = (await rows(FLAGGED, [day])).length;
    for (const u of ["leader", "eic", "admin"]) expect((await list(u, "?size=100")).data.total).toBe(all);
    const cityByCounty = await list("bureau", `?county=${xiyang}`);
    expect(cityByCounty.data.rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(own);
    expect((await list("team01")).status).toBe(403);
    const ent = (await one(`SELECT username FROM app_user WHERE role = 'ENTERPRISE' ORDER BY id LIMIT 1`)).username;
    expect((await list(ent)).status).toBe(403);
  });

  it("pages and searches in SQL", async () => {
    const yushe = await countyId(sql, "榆社县");
    const user = (await createUser(sql, "COUNTY", { countyId: yushe })).username;
    const p = await createProject(sql, {
      countyId: yushe,
      name: "追回分页测试项目",
      pool: "WITHDRAWN",
      milestones: { SIGNED: { actual: "2017-02-01" } },
    });
    for (let n = 0; n < 23; n++) {
      const i = await one(
        `INSERT INTO project_incentive (project_id, kind, content, amount) VALUES ($1, '奖补', $2, 100) RETURNING id`,
        [p.id, `分页奖补${n}`],
      );
      await sql.query(
        `INSERT INTO incentive_payment (incentive_id, paid_on, amount, voucher_no) VALUES ($1, '2017-03-01', 30, $2)`,
        [i.id, `FY-${n}`],
      );
    }
    const own = await ids(`SELECT id FROM (${FLAGGED}) f WHERE county_id = $2 ORDER BY id`, [today(), yushe]);
    expect(own.length).toBeGreaterThanOrEqual(23);
    const first = await list(user);
    const second = await list(user, "?page=2");
    expect(first.data.rows).toHaveLength(20);
    expect(first.data.total).toBe(own.length);
    expect(second.data.total).toBe(own.length);
    expect([...first.data.rows, ...second.data.rows].map((x) => x.id).sort((a, b) => a - b)).toEqual(own);
    // past the last page: no rows, the totals still right
    const past = await list(user, "?page=9");
    expect(past.data.rows).toHaveLength(0);
    expect(past.data.total).toBe(own.length);
    // search by the project's name; bad paging values fall back
    const found = await list("bureau", `?q=${encodeURIComponent("追回分页")}&size=50&page=x`);
    expect(found.data.total).toBe(23);
    expect(found.data.rows).toHaveLength(23);
  });
});

describe("专项资金 ↔ 优惠政策", () => {
  it("each seeded fund names its library policies, and each policy its fund (both pages)", async () => {
    const links = await rows(`SELECT f.id AS fund, f.code, ip.id AS policy, ip.title FROM fund f
      JOIN incentive_policy ip ON ip.fund_id = f.id ORDER BY f.id, ip.id`);
    expect(links.map((l) => l.code)).toEqual(["PPP", "TRANSFORM", "TRANSFORM"]);
    for (const fund of new Set(links.map((l) => l.fund))) {
      const r = await run(async () =>
        fundLoader({
          request: await requestAs("county.yuci", `/funds/${fund}`),
          params: { fundId: String(fund) },
          context: {},
        }),
      );
      const d = r.data as { fund: { policies: { id: number }[] }; canSeePolicies: boolean };
      expect(d.fund.policies.map((p) => p.id)).toEqual(links.filter((l) => l.fund === fund).map((l) => l.policy));
      expect(d.canSeePolicies).toBe(true);
    }
    for (const l of links) {
      const r = await run(async () =>
        policyLoader({
          request: await requestAs("county.yuci", `/policies/${l.policy}`),
          params: { policyId: String(l.policy) },
          context: {},
        }),
      );
      expect((r.data as { policy: { fund: { id: number } | null } }).policy.fund?.id).toBe(l.fund);
    }
  });
});

describe("优惠政策库的搜索和分页", () => {
  type Policies = { total: number; rows: { id: number; title: string }[] };
  const policies = async (user: string, qs: string) =>
    (await run(async () => policiesLoader({ request: await requestAs(user, `/policies${qs}`), ...args })))
      .data as Policies;

  it("a page of the viewer's policies, the count and a search = SQL", async () => {
    const scope = `(county_id IS NULL OR county_id = ${xiyang})`;
    const total = (await one(`SELECT count(*)::int AS n FROM incentive_policy WHERE ${scope}`)).n;
    const order = await ids(
      `SELECT id FROM incentive_policy WHERE ${scope} ORDER BY county_id NULLS FIRST, category, id`,
    );
    const p1 = await policies("county.xiyang", "?size=20");
    const p2 = await policies("county.xiyang", "?size=20&page=2");
    expect(p1.total).toBe(total);
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(order.slice(0, 40));
    const hits = await ids(
      `SELECT id FROM incentive_policy WHERE ${scope} AND (title ILIKE '%弹性%' OR content ILIKE '%弹性%') ORDER BY id`,
    );
    const found = await policies("county.xiyang", `?q=${encodeURIComponent("弹性")}`);
    expect(found.total).toBe(hits.length);
    expect(found.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(hits);
    expect(hits.length).toBeGreaterThan(0);
  });
});
