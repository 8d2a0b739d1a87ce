// Every funnel row's cells — the count and the amount of each stage — drill down to a register page whose total
// and 签约额合计 are the cell's numbers, for each grouping (县区, 产业, 来源地, 签约月份), for the city and for a
// county. Projects without a source region get a 未填写 row (register filter source=none), so by 来源地 the rows
// add up to 合计.
import { beforeAll, describe, expect, it } from "vitest";
import { funnelCellHref } from "~/domain/drilldown";
import {
  addAggregates,
  EMPTY_AGGREGATES,
  FUNNEL_STAGES,
  funnelAmount,
  funnelCount,
  type KpiAggregates,
} from "~/domain/kpi";
import { loader as funnelLoader } from "~/routes/_app.reports.funnel/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { requestAs, run } from "../support/requests";
import { countyId, testSql } from "../support/sql";

const sql = testSql();
const ASOF = "2017-06-30";
let yuci: number;
let noSource: number[];

beforeAll(async () => {
  yuci = await countyId(sql, "榆次区");
  // The seed records a source region for every project; clear it on a few of 2017's cohort (one in 榆次区) so the
  // 未填写 group exists for the city and for the county.
  const { rows } = await sql.query(
    `(SELECT id FROM project WHERE origin = 'ATTRACTION' AND signed_on BETWEEN '2017-01-01' AND $1::date AND county_id = $2 ORDER BY id LIMIT 1)
     UNION
     (SELECT id FROM project WHERE origin = 'ATTRACTION' AND signed_on BETWEEN '2017-01-01' AND $1::date AND county_id <> $2 ORDER BY id LIMIT 2)`,
    [ASOF, yuci],
  );
  noSource = rows.map((r) => r.id);
  expect(noSource).toHaveLength(3);
  await sql.query(`UPDATE project SET source_region = NULL WHERE id = ANY($1::int[])`, [noSource]);
});

type Funnel = {
  groups: { key: string; label: string; filters: Record<string, unknown>; agg: KpiAggregates }[];
  total: KpiAggregates;
  ungrouped: number;
  county: { id: number } | null;
};

async function funnel(user: string, by: string): Promise<Funnel> {
  const res = await run(async () =>
    funnelLoader({
      request: await requestAs(user, `/reports/funnel?year=2017&asOf=${ASOF}&by=${by}`),
      params: {},
      context: {},
    }),
  );
  expect(res.status).toBe(200);
  return res.data as Funnel;
}

async function register(user: string, href: string) {
  const r = await run(async () => registerLoader({ request: await requestAs(user, href), params: {}, context: {} }));
  expect(r.status).toBe(200);
  return r.data as { total: number; contractAmountSum: number };
}

describe("funnel cells drill down to the same projects (as of 2017-06-30)", () => {
  for (const by of ["industry", "source", "method", "event", "month", "county"] as const) {
    for (const user of ["bureau", "county.yuci"] as const) {
      it(`by ${by}, ${user}: each stage's count and amount = the register's total and 签约额合计 for its link`, async () => {
        const d = await funnel(user, by);
        const scope = d.county ? { county: d.county.id } : {};
        expect(d.groups.length).toBeGreaterThan(0);
        let checked = 0;
        for (const g of d.groups) {
          for (const s of FUNNEL_STAGES) {
            // the count cell and the amount cell share this link (the page renders both with it)
            const href = funnelCellHref(2017, ASOF, s, { ...scope, ...g.filters } as never);
            const r = await register(user, href);
            expect([r.total, r.contractAmountSum], `${g.label} ${s} ${href}`).toEqual([
              funnelCount(g.agg, s),
              funnelAmount(g.agg, s),
            ]);
            checked++;
          }
        }
        expect(checked).toBe(d.groups.length * FUNNEL_STAGES.length);
        // the 合计 row's links, too
        for (const s of FUNNEL_STAGES) {
          const r = await register(user, funnelCellHref(2017, ASOF, s, scope));
          expect([r.total, r.contractAmountSum], `合计 ${s}`).toEqual([
            funnelCount(d.total, s),
            funnelAmount(d.total, s),
          ]);
        }
        // every project of the total is in exactly one row
        const sum = d.groups.reduce((t, g) => addAggregates(t, g.agg), { ...EMPTY_AGGREGATES });
        expect({ ...sum, transformationInvestment: 0 }).toEqual({ ...d.total, transformationInvestment: 0 });
        expect(d.ungrouped).toBe(0);
      });
    }
  }

  it("by source, projects without a source region form the 未填写 row, filtered by source=none", async () => {
    for (const [user, expected] of [
      ["bureau", 3],
      ["county.yuci", 1],
    ] as const) {
      const d = await funnel(user, "source");
      const none = d.groups.find((g) => g.key === "none");
      expect(none, user).toMatchObject({ label: "未填写", filters: { source: "none" } });
      expect(none!.agg.signedCount, user).toBe(expected);
      expect(d.groups.at(-1)!.key).toBe("none"); // listed after the regions
    }
    const d = await funnel("bureau", "source");
    const r = await run(async () =>
      registerLoader({
        request: await requestAs(
          "bureau",
          funnelCellHref(2017, ASOF, "SIGNED", { source: "none", size: 100 } as never),
        ),
        params: {},
        context: {},
      }),
    );
    const rows = (r.data as { rows: { id: number }[] }).rows.map((x) => x.id).sort((a, b) => a - b);
    expect(rows).toEqual([...noSource].sort((a, b) => a - b));
    expect(d.total.signedCount).toBeGreaterThan(rows.length);
  });
});
