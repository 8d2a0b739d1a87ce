// Every dashboard and funnel number equals an independent SQL computation of the docs/design.md §4 formula on the seed,
// for 2017-12-31 and an earlier as-of date, for the city and for a county — and the pure reference
// (app/domain/kpi.ts aggregateProjects) agrees with both. The SQL here is deliberately written differently
// from the presenter's: the SIGNED milestone instead of the cached signed_on, NOT EXISTS over the chain of
// required stages, and interval arithmetic for month ends and lateness.
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/dates";
import { funnelCellHref, lagHref } from "~/domain/drilldown";
import {
  aggregateProjects,
  FUNNEL_STAGES,
  funnelCount,
  KPI_METRICS,
  type KpiAggregates,
  type KpiCard,
} from "~/domain/kpi";
import { loader as dashboardLoader } from "~/routes/_app._index";
import { loader as funnelLoader } from "~/routes/_app.reports.funnel/route";
import { loader as mapLoader } from "~/routes/_app.reports.map/route";
import { loader as rankingLoader } from "~/routes/_app.reports.ranking/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { prisma } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { projectScope, projectScopeSql } from "~/models/scope.server";
import {
  expectedAggregates as expectedAggregatesSql,
  expectedLag as expectedLagSql,
  expectedTargets as expectedTargetsSql,
} from "../support/kpiSql";
import { requestAs, run, viewerFor } from "../support/requests";
import { countyId, testSql } from "../support/sql";

const sql = testSql();
let yuci: number;
beforeAll(async () => {
  yuci = await countyId(sql, "榆次区");
});

const DATES = ["2017-12-31", "2017-06-30"] as const;
const expectedAggregates = (asOf: string, county: number | null, groupBy?: string) =>
  expectedAggregatesSql(sql, asOf, county, groupBy);
const expectedLag = (asOf: string, county: number | null) => expectedLagSql(sql, asOf, county);
const expectedTargets = (county: number | null) => expectedTargetsSql(sql, county);
/** The pure reference over every seeded project, loaded as plain records. */
async function referenceAggregates(asOf: string, county: number | null) {
  const projects = await prisma.project.findMany({
    where: county ? { countyId: county } : {},
    select: {
      origin: true,
      contractAmount: true,
      planYear: true,
      isTransformation: true,
      pool: true,
      milestones: { select: { stage: true, plannedOn: true, actualOn: true } },
      funding: { select: { receivedOn: true, amount: true } },
      investments: { select: { year: true, month: true, amount: true } },
    },
  });
  const d = (x: Date | null) => (x ? toIsoDate(x) : null);
  return aggregateProjects(
    projects.map((p) => ({
      ...p,
      milestones: p.milestones.map((m) => ({ stage: m.stage, plannedOn: d(m.plannedOn), actualOn: d(m.actualOn) })),
      funding: p.funding.map((f) => ({ receivedOn: toIsoDate(f.receivedOn), amount: f.amount })),
    })),
    2017,
    asOf,
  );
}

type Dashboard = {
  kind: string;
  year: number;
  asOf: string;
  agg: KpiAggregates;
  cards: Record<string, KpiCard>;
  lag: { red: number; yellow: number };
  county: { id: number } | null;
};

describe("dashboard numbers = independent SQL (docs/design.md §4)", () => {
  for (const asOf of DATES) {
    for (const who of [
      { user: "bureau", county: null as number | null, query: "" },
      { user: "leader", county: "yuci", query: "county=yuci" },
      { user: "county.yuci", county: "yuci", query: "" },
    ]) {
      it(`${who.user} ${who.query || "city"} as of ${asOf}`, async () => {
        const county = who.county === "yuci" ? yuci : null;
        const query = `year=2017&asOf=${asOf}${who.query ? `&county=${yuci}` : ""}`;
        const res = await run(() =>
          requestAs(who.user, `/?${query}`).then((request) => dashboardLoader({ request, params: {}, context: {} })),
        );
        expect(res.status).toBe(200);
        const d = res.data as Dashboard;
        expect(d.kind).toBe("dashboard");
        expect(d.asOf).toBe(asOf);
        const want = (await expectedAggregates(asOf, county)).get(null)!;
        expect(d.agg).toEqual(want);
        expect(await referenceAggregates(asOf, county)).toEqual(want);
        // the trend: signings by signing month, investment by month
        const series = (
          res.data as {
            series: Array<{ month: number; signedCount: number; signedAmount: number; investment: number | null }>;
          }
        ).series;
        const byMonth = await expectedAggregates(asOf, county, "extract(month FROM s.actual_on)::int::text");
        const { rows: inv } = await sql.query(
          `SELECT i.month, sum(i.amount)::int AS amount FROM investment_record i JOIN project p ON p.id = i.project_id
           WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND i.year = 2017
             AND (make_date(i.year, i.month, 1) + interval '1 month' - interval '1 day')::date <= $1::date
             AND ($2::int IS NULL OR p.county_id = $2::int) GROUP BY 1`,
          [asOf, county],
        );
        expect(series.length).toBe(Number(asOf.slice(5, 7)));
        for (const m of series) {
          const signed = byMonth.get(String(m.month));
          expect([m.signedCount, m.signedAmount], `month ${m.month}`).toEqual([
            signed?.signedCount ?? 0,
            signed?.signedAmount ?? 0,
          ]);
          // both dates are month-ends, so every month shown has ended and counts
          expect(m.investment, `investment ${m.month}`).toBe(inv.find((r) => r.month === m.month)?.amount ?? 0);
        }
        expect(want.signedCount).toBeGreaterThan(0);

        // the cards: values, exact fractions and the targets of the right scope
        const targets = await expectedTargets(county);
        expect(d.cards.INFLOW_AMOUNT.value).toBe(want.signedAmount);
        expect(d.cards.TRANSFORMATION_INVESTMENT.value).toBe(want.transformationInvestment);
        expect(d.cards.LANDING_RATE.fraction).toEqual({ num: want.landCount, den: want.signedCount });
        expect(d.cards.START_RATE.fraction).toEqual({ num: want.startedCount, den: want.signedCount });
        expect(d.cards.FUNDING_RATE.fraction).toEqual({ num: want.fundingReceived, den: want.signedAmount });
        expect(d.cards.LANDING_RATE.ratePct).toBeCloseTo((want.landCount * 100) / want.signedCount, 10);
        for (const m of KPI_METRICS) expect(d.cards[m].target, m).toBe(targets[m]);
        // 序时进度: 2017-06-30 is day 181 of 365
        expect(d.cards.INFLOW_AMOUNT.expectedPct).toBeCloseTo(asOf === "2017-06-30" ? (181 * 100) / 365 : 100, 10);
        expect(d.cards.INFLOW_AMOUNT.completionPct).toBeCloseTo((want.signedAmount * 100) / targets.INFLOW_AMOUNT, 10);

        expect(d.lag).toEqual(await expectedLag(asOf, county));
      });
    }
  }

  it("the seed's year-end numbers are the ones the demo is built around", async () => {
    const want = (await expectedAggregates("2017-12-31", null)).get(null)!;
    // The seed records nothing after the demo date (2017-11-20), so the year end shows the demo date's facts:
    // ≈1967亿 signed in 2017 against 2100亿; ≈234亿 transformation investment (January–October 月报) against 260亿
    expect(want.signedAmount).toBeGreaterThan(19_500_000);
    expect(want.transformationInvestment).toBeGreaterThan(2_300_000);
    expect(want.landCount).toBeLessThan(want.signedCount);
  });
});

describe("funnel numbers = independent SQL", () => {
  const dims = {
    county: "p.county_id::text",
    industry: "p.industry_id::text",
    source: "p.source_region::text",
    month: "to_char(s.actual_on, 'YYYY-MM')",
  } as const;
  for (const asOf of DATES) {
    for (const [by, expr] of Object.entries(dims)) {
      it(`by ${by} as of ${asOf} (city, then 榆次区)`, async () => {
        for (const [user, county] of [
          ["bureau", null],
          ["county.yuci", yuci],
        ] as const) {
          const req = await requestAs(user, `/reports/funnel?year=2017&asOf=${asOf}&by=${by}`);
          const res = await run(() => funnelLoader({ request: req, params: {}, context: {} }));
          expect(res.status).toBe(200);
          const d = res.data as { groups: { key: string; agg: KpiAggregates }[]; total: KpiAggregates };
          const want = await expectedAggregates(asOf, county, expr);
          const got = new Map(d.groups.map((g) => [g.key, { ...g.agg, transformationInvestment: 0 }]));
          expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
          const total = (await expectedAggregates(asOf, county)).get(null)!;
          expect({ ...d.total, transformationInvestment: 0 }).toEqual({ ...total, transformationInvestment: 0 });
        }
      });
    }
  }

  it("every county-funnel cell's drill-down URL gives a register total equal to the cell (as of 2017-06-30)", async () => {
    const asOf = "2017-06-30";
    const req = await requestAs("bureau", `/reports/funnel?year=2017&asOf=${asOf}&by=county`);
    const d = (await run(() => funnelLoader({ request: req, params: {}, context: {} }))).data as {
      groups: { key: string; filters: Record<string, unknown>; agg: KpiAggregates }[];
    };
    let checked = 0;
    for (const g of d.groups) {
      for (const s of FUNNEL_STAGES) {
        const href = funnelCellHref(2017, asOf, s, g.filters as never);
        const r = await run(async () =>
          registerLoader({ request: await requestAs("bureau", href), params: {}, context: {} }),
        );
        expect((r.data as { total: number }).total, `${g.key} ${s} ${href}`).toBe(funnelCount(g.agg, s));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe("dashboard alert links", () => {
  it("each lag alert's link gives a register total equal to the alert (city and 榆次区, two dates)", async () => {
    let nonZero = 0;
    for (const asOf of DATES) {
      for (const user of ["bureau", "county.yuci"]) {
        const d = (
          await run(async () =>
            dashboardLoader({ request: await requestAs(user, `/?year=2017&asOf=${asOf}`), params: {}, context: {} }),
          )
        ).data as Dashboard;
        for (const lag of ["red", "yellow"] as const) {
          const href = lagHref(d.year, d.asOf, lag, d.county ? { county: d.county.id } : {});
          const r = await run(async () =>
            registerLoader({ request: await requestAs(user, href), params: {}, context: {} }),
          );
          expect((r.data as { total: number }).total, `${user} ${asOf} ${href}`).toBe(d.lag[lag]);
          if (d.lag[lag] > 0) nonZero++;
        }
      }
    }
    expect(nonZero).toBeGreaterThan(0);
  });
});

describe("default report year", () => {
  it("the map opens on the same year and date as the dashboard, the funnel and the ranking (the newest year with targets)", async () => {
    // a project planned for a year without targets must not move the map's default
    const { id, plan_year: was } = (await sql.query(`SELECT id, plan_year FROM project ORDER BY id LIMIT 1`)).rows[0];
    await sql.query(`UPDATE project SET plan_year = 2019 WHERE id = $1`, [id]);
    const get = async (loader: typeof mapLoader, path: string) =>
      (await run(async () => loader({ request: await requestAs("bureau", path), params: {}, context: {} }))).data as {
        year: number;
        asOf: string;
      };
    const home = await get(dashboardLoader as never, "/");
    const targetYear = (await sql.query(`SELECT max(year) AS y FROM target`)).rows[0].y;
    expect(home.year).toBe(targetYear);
    for (const [loader, path] of [
      [mapLoader, "/reports/map"],
      [funnelLoader, "/reports/funnel"],
      [rankingLoader, "/reports/ranking"],
    ] as const) {
      const d = await get(loader as never, path);
      expect({ year: d.year, asOf: d.asOf }, path).toEqual({ year: home.year, asOf: home.asOf });
    }
    await sql.query(`UPDATE project SET plan_year = $2 WHERE id = $1`, [id, was]);
  });
});

describe("report access by role", () => {
  it("the presenters' SQL scope selects exactly the register's scope for every role", async () => {
    for (const user of ["admin", "bureau", "leader", "eic", "county.yuci", "team01", "ent.geely"]) {
      const v = await viewerFor(user);
      const viaSql = await prisma.$queryRaw<{ id: number }[]>(
        Prisma.sql`SELECT p.id FROM project p WHERE ${projectScopeSql(v)} ORDER BY p.id`,
      );
      const viaWhere = await prisma.project.findMany({
        where: projectScope(v),
        select: { id: true },
        orderBy: { id: "asc" },
      });
      expect(
        viaSql.map((r) => r.id),
        user,
      ).toEqual(viaWhere.map((r) => r.id));
    }
  });

  it("a county sees only its own numbers whatever the URL says", async () => {
    const other = await countyId(sql, "介休市");
    const res = await run(async () =>
      dashboardLoader({
        request: await requestAs("county.yuci", `/?year=2017&asOf=2017-12-31&county=${other}`),
        params: {},
        context: {},
      }),
    );
    const d = res.data as Dashboard;
    expect(d.county?.id).toBe(yuci);
    expect(d.agg).toEqual((await expectedAggregates("2017-12-31", yuci)).get(null));
  });

  it("teams and enterprises are sent to their own homes and get no reports", async () => {
    for (const [user, home] of [
      ["team01", "/my-work"],
      ["ent.geely", "/portal"],
    ] as const) {
      const res = await run(async () =>
        dashboardLoader({ request: await requestAs(user, "/"), params: {}, context: {} }),
      );
      expect(res.status).toBe(302);
      expect(res.response!.headers.get("Location")).toBe(home);
      const funnel = await run(async () =>
        funnelLoader({ request: await requestAs(user, "/reports/funnel"), params: {}, context: {} }),
      );
      expect(funnel.status).toBe(403);
    }
  });

  it("an unknown county id is a 404, not a 500", async () => {
    const res = await run(async () =>
      dashboardLoader({ request: await requestAs("bureau", "/?county=999999"), params: {}, context: {} }),
    );
    expect(res.status).toBe(404);
  });
});
