// The register's SQL (search on the name bigram indexes, filters, sorts, deep pages, totals from the rollup or
// the rows) against plain SQL written from the definitions, on the seeded data plus projects made for the search.
import { beforeAll, describe, expect, it } from "vitest";
import { registerHref, transformationPlanFilters } from "~/domain/drilldown";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { listProjects, totalsFromTally } from "~/models/project.server";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { loader as enterpriseSearch } from "~/routes/resources.enterprises";
import { requestAs, run, viewerFor } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
beforeAll(async () => {
  // Names that exercise the search: mixed-case Latin, LIKE's wildcards taken literally, an enterprise-only match.
  // an existing enterprise renamed (its name's bigrams follow by trigger)
  const ent = (
    await sql.query(
      `UPDATE enterprise SET name = '搜索测试光电有限公司' WHERE id = (SELECT min(id) FROM enterprise) RETURNING id`,
    )
  ).rows[0].id;
  await sql.query(
    `INSERT INTO project (code, name, county_id, industry_id, enterprise_id, origin, total_investment, plan_year, updated_at)
     SELECT v.code, v.name, (SELECT min(id) FROM county), (SELECT min(id) FROM industry),
            CASE WHEN v.ent THEN $1::int END, 'LOCAL', 100, 2017, now()
     FROM (VALUES ('SRCH-1', 'LED路灯Smart改造项目', false), ('SRCH-2', '百分之50%_达标工程', false), ('SRCH-3', '普通厂房', true)) v(code, name, ent)`,
    [ent],
  );
});

async function registerIds(username: string, query: string) {
  const viewer = await viewerFor(username);
  const out: number[] = [];
  for (let page = 1; ; page++) {
    const r = await listProjects(viewer, parseProjectListQuery(new URLSearchParams(`${query}&size=100&page=${page}`)));
    out.push(...r.rows.map((x) => x.id));
    if (r.rows.length < 100) return { ids: out, total: r.total, sums: [r.contractAmountSum, r.totalInvestmentSum] };
  }
}

const { ids } = queries(sql);

describe("register search", () => {
  // name or enterprise name contains the text (case-insensitive, % and _ literal), or the code is the text
  const expected = (text: string) =>
    ids(
      `SELECT p.id FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id
       WHERE strpos(lower(p.name), lower($1)) > 0 OR strpos(lower(coalesce(e.name, '')), lower($1)) > 0 OR p.code = upper($1)
       ORDER BY p.updated_at DESC, p.id DESC`,
      [text],
    );

  for (const text of ["吉利", "光", "光伏", "smart", "LED", "50%_", "%", "光电", "srch-2", "不存在的名称"]) {
    it(`「${text}」 finds exactly the matching projects, in the register's order`, async () => {
      const want = await expected(text);
      const got = await registerIds("bureau", `q=${encodeURIComponent(text)}`);
      expect(got.ids).toEqual(want);
      expect(got.total).toBe(want.length);
    });
  }

  it("stays inside the viewer's scope", async () => {
    const got = await registerIds("county.yuci", "q=项目");
    const { rows } = await sql.query(`SELECT DISTINCT county_id FROM project WHERE id = ANY($1)`, [got.ids]);
    expect(rows.length).toBeLessThanOrEqual(1);
    expect(got.ids.length).toBeGreaterThan(0);
  });
});

describe("register filters, sorts and totals", () => {
  const cases: Array<[string, string, string]> = [
    // [query, SQL condition, SQL order]
    ["", "TRUE", "p.updated_at DESC, p.id DESC"],
    [
      "year=2017&transformation=1&pool=ACTIVE&sort=totalInvestment&dir=desc",
      "p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'",
      "p.total_investment DESC, p.id DESC",
    ],
    ["stage=STARTED&sort=name&dir=asc", "p.stage = 'STARTED'", "p.name ASC, p.id ASC"],
    ["origin=ATTRACTION&sort=contractAmount&dir=asc", "p.origin = 'ATTRACTION'", "p.contract_amount ASC, p.id ASC"],
    ["county=1&sort=stage&dir=desc", "p.county_id = 1", "p.stage DESC, p.id DESC"],
    ["sort=team&dir=desc", "TRUE", "p.service_team_id DESC NULLS LAST, p.id DESC"],
    ["sort=county&dir=asc", "TRUE", "(SELECT sort_order FROM county c WHERE c.id = p.county_id) ASC, p.id ASC"],
    ["industry=2&year=2017", "p.industry_id = 2 AND p.plan_year = 2017", "p.updated_at DESC, p.id DESC"],
    // 转型项目: 1 = the year's plan (transformation AND ACTIVE), out = moved out of it, 0 = not a transformation project
    [
      "year=2017&transformation=1",
      "p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'",
      "p.updated_at DESC, p.id DESC",
    ],
    [
      "year=2017&transformation=out&sort=name&dir=asc",
      "p.plan_year = 2017 AND p.is_transformation AND p.pool <> 'ACTIVE'",
      "p.name ASC, p.id ASC",
    ],
    ["transformation=0&stage=LAND", "NOT p.is_transformation AND p.stage = 'LAND'", "p.updated_at DESC, p.id DESC"],
    [
      "county=2&transformation=out",
      "p.county_id = 2 AND p.is_transformation AND p.pool <> 'ACTIVE'",
      "p.updated_at DESC, p.id DESC",
    ],
  ];
  for (const [query, where, order] of cases) {
    it(`${query || "(no filter)"}: rows, order and totals as plain SQL`, async () => {
      const got = await registerIds("bureau", query);
      expect(got.ids).toEqual(await ids(`SELECT p.id FROM project p WHERE ${where} ORDER BY ${order}`));
      const { rows } = await sql.query(`SELECT count(*)::int AS n, coalesce(sum(contract_amount), 0)::bigint AS c,
        coalesce(sum(total_investment), 0)::bigint AS t FROM project p WHERE ${where}`);
      expect([got.total, ...got.sums]).toEqual([rows[0].n, Number(rows[0].c), Number(rows[0].t)]);
    });
  }

  it("a deep page is the same slice of the whole order", async () => {
    const viewer = await viewerFor("bureau");
    const all = await ids(`SELECT p.id FROM project p ORDER BY p.name ASC, p.id ASC`);
    const r = await listProjects(
      viewer,
      parseProjectListQuery(new URLSearchParams("sort=name&dir=asc&size=20&page=3")),
    );
    expect(r.rows.map((x) => x.id)).toEqual(all.slice(40, 60));
  });

  it("takes the city's totals from the rollup only when the filters are the rollup's own", async () => {
    const bureau = await viewerFor("bureau");
    const yuci = await viewerFor("county.yuci");
    const q = (s: string) => parseProjectListQuery(new URLSearchParams(s));
    expect(totalsFromTally(bureau, q("year=2017&stage=LAND&pool=ACTIVE&transformation=1&origin=ATTRACTION"))).toBe(
      true,
    );
    expect(totalsFromTally(bureau, q("county=1"))).toBe(false);
    expect(totalsFromTally(bureau, q("q=吉利"))).toBe(false);
    expect(totalsFromTally(bureau, q("industry=1"))).toBe(false);
    expect(totalsFromTally(yuci, q(""))).toBe(false);
  });
});

describe("register 转型项目 filter", () => {
  it("year 2017's plan is the 61 (the 2 moved out in September are apart), and the three values partition the year", async () => {
    const plan = await registerIds("bureau", "year=2017&transformation=1");
    const out = await registerIds("bureau", "year=2017&transformation=out");
    const not = await registerIds("bureau", "year=2017&transformation=0");
    const year = await registerIds("bureau", "year=2017");
    expect([plan.ids.length, plan.total]).toEqual([61, 61]);
    expect([out.ids.length, out.total]).toEqual([2, 2]);
    expect(plan.total + out.total + not.total).toBe(year.total);
    expect(new Set([...plan.ids, ...out.ids, ...not.ids])).toEqual(new Set(year.ids));
    for (let i = 0; i < 2; i++) expect(plan.sums[i] + out.sums[i] + not.sums[i]).toBe(year.sums[i]);
  });

  it("the same counts for a county (rows counted directly instead of the rollup)", async () => {
    const yuci = await viewerFor("county.yuci");
    const q = (s: string) => parseProjectListQuery(new URLSearchParams(s));
    expect(totalsFromTally(yuci, q("year=2017&transformation=1"))).toBe(false);
    const [plan, out, not, year] = await Promise.all(
      ["transformation=1", "transformation=out", "transformation=0", ""].map((t) =>
        registerIds("county.yuci", `year=2017&${t}`),
      ),
    );
    const { rows } = await sql.query(
      `SELECT count(*) FILTER (WHERE is_transformation AND pool = 'ACTIVE')::int AS plan, count(*) FILTER (WHERE is_transformation AND pool <> 'ACTIVE')::int AS out,
              count(*) FILTER (WHERE NOT is_transformation)::int AS not, count(*)::int AS all
       FROM project WHERE plan_year = 2017 AND county_id = $1`,
      [yuci.countyId],
    );
    expect([plan.total, out.total, not.total, year.total]).toEqual([
      rows[0].plan,
      rows[0].out,
      rows[0].not,
      rows[0].all,
    ]);
    expect(plan.total).toBeGreaterThan(0);
  });

  it("the dashboard's 转型项目完成投资 drill-down lands on the projects whose investment the KPI sums", async () => {
    for (const county of [null, 2]) {
      const href = registerHref({ ...transformationPlanFilters(2017), county });
      const got = await registerIds("bureau", new URL(href, "http://x").searchParams.toString());
      // KpiPresenter's transformationRowsAt: plan_year = Y AND is_transformation AND pool = 'ACTIVE'
      const want = await ids(
        `SELECT p.id FROM project p WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND ($1::int IS NULL OR p.county_id = $1)
         ORDER BY p.total_investment DESC, p.id DESC`,
        [county],
      );
      expect(got.ids).toEqual(want);
      expect(got.total).toBe(want.length);
      if (county === null) expect(got.total).toBe(61);
    }
  });
});

describe("register 服务小组 filter", () => {
  it("shows exactly the team's projects", async () => {
    const { rows } = await sql.query(
      `SELECT service_team_id AS id, count(*)::int AS n FROM project WHERE service_team_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    const team = rows[0].id as number;
    const got = await registerIds("bureau", `team=${team}`);
    expect(got.total).toBe(rows[0].n);
    expect(got.ids).toEqual(
      await ids(`SELECT p.id FROM project p WHERE p.service_team_id = $1 ORDER BY p.updated_at DESC, p.id DESC`, [
        team,
      ]),
    );
    expect(got.total).toBeGreaterThan(0);
  });
});

describe("NUL characters in the URL", () => {
  it("/projects?q=%00abc is the search for 'abc' (200), not a PostgreSQL error", async () => {
    const res = await run(async () =>
      registerLoader({
        request: await requestAs("bureau", "/projects?q=%00abc&year=2017%00"),
        params: {},
        context: {},
      }),
    );
    expect(res.status).toBe(200);
    const d = res.data as { query: { q?: string }; total: number };
    expect(d.query.q).toBe("abc");
    expect(d.total).toBe((await registerIds("bureau", "q=abc")).total);
    const onlyNul = await run(async () =>
      registerLoader({ request: await requestAs("bureau", "/projects?q=%00%00"), params: {}, context: {} }),
    );
    expect(onlyNul.status).toBe(200);
    expect((onlyNul.data as { query: { q?: string } }).query.q).toBeUndefined();
  });

  it("the project form's enterprise search drops NULs too", async () => {
    const res = await run(async () =>
      enterpriseSearch({
        request: await requestAs("county.yuci", "/resources/enterprises?q=%00%E5%90%89%E5%88%A9"),
        params: {},
        context: {},
      }),
    );
    expect(res.status).toBe(200);
    expect((res.data as { q: string }).q).toBe("吉利");
  });
});
