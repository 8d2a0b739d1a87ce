// 考核排名 (numbers = independent SQL, score, rank and change), the bureau's weights, the targets grid (split
// check, version-checked audited saves) and the map's numbers — with access per role.
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateKpis, weightedScore, DEFAULT_RANKING_WEIGHTS, KPI_METRICS, type KpiCard } from "~/domain/kpi";
import { action as rankingAction, loader as rankingLoader } from "~/routes/_app.reports.ranking/route";
import { loader as mapLoader } from "~/routes/_app.reports.map/route";
import { action as targetsAction, loader as targetsLoader } from "~/routes/_app.targets/route";
import { expectedAggregates, expectedTargets } from "../support/kpiSql";
import { postForm, requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
let yuci: number;
let jiexiu: number;
beforeAll(async () => {
  yuci = await countyId(sql, "榆次区");
  jiexiu = await countyId(sql, "介休市");
});

const { one } = queries(sql);

type RankRow = {
  county: { id: number; name: string };
  cards: Record<string, Partial<KpiCard>>;
  score: number | null;
  rank: number | null;
  prevRank: number | null;
  change: number | null;
};
type Ranking = { rows: RankRow[]; prevAsOf: string | null; ranked: number };

async function ranking(user: string, asOf: string) {
  const res = await run(async () =>
    rankingLoader({
      request: await requestAs(user, `/reports/ranking?year=2017&asOf=${asOf}`),
      params: {},
      context: {},
    }),
  );
  return res;
}

describe("考核排名 numbers = independent SQL", () => {
  for (const asOf of ["2017-12-31", "2017-06-30"]) {
    it(`every county's KPIs, score and rank as of ${asOf}`, async () => {
      const res = await ranking("leader", asOf);
      expect(res.status).toBe(200);
      const d = res.data as Ranking;
      const counties = (await sql.query(`SELECT id FROM county`)).rows.map((r) => r.id as number);
      expect(d.rows.map((r) => r.county.id).sort((a, b) => a - b)).toEqual(counties.sort((a, b) => a - b));
      for (const r of d.rows) {
        const want = (await expectedAggregates(sql, asOf, r.county.id)).get(null)!;
        const targets = await expectedTargets(sql, r.county.id);
        const cards = evaluateKpis(want, targets, 2017, asOf);
        // every figure a cell shows (the value, its exact fraction, the completion against the county's target)
        for (const m of KPI_METRICS) {
          const { metric, kind, value, fraction, ratePct, completionPct } = cards[m];
          expect(r.cards[m], `${r.county.name} ${m}`).toEqual({
            metric,
            kind,
            value,
            fraction,
            ratePct,
            completionPct,
          });
        }
        expect(r.score, r.county.name).toBeCloseTo(weightedScore(cards, DEFAULT_RANKING_WEIGHTS)!, 10);
      }
      // ranks follow the scores, best first
      const scored = [...d.rows].sort((a, b) => b.score! - a.score!);
      expect(scored.map((r) => r.rank)).toEqual([...scored.map((r) => r.rank)].sort((a, b) => a! - b!));
      expect(d.rows.find((r) => r.rank === 1)!.score).toBe(Math.max(...d.rows.map((r) => r.score!)));
    });
  }

  it("the change compares with the previous month-end's ranking", async () => {
    // on the demo date against the end of October (the seed records nothing after the demo date)
    const now = (await ranking("bureau", "2017-11-20")).data as Ranking;
    const prev = (await ranking("bureau", "2017-10-31")).data as Ranking;
    expect(now.prevAsOf).toBe("2017-10-31");
    for (const r of now.rows) {
      const p = prev.rows.find((x) => x.county.id === r.county.id)!;
      expect(r.prevRank).toBe(p.rank);
      expect(r.change).toBe(p.rank! - r.rank!);
    }
    expect(now.rows.some((r) => r.change !== 0)).toBe(true);
  });

  it("a county sees its own row and place only; teams and enterprises nothing", async () => {
    const d = (await ranking("county.yuci", "2017-12-31")).data as Ranking;
    expect(d.rows.map((r) => r.county.id)).toEqual([yuci]);
    expect(d.ranked).toBe(Number((await one(`SELECT count(*)::int AS n FROM county`)).n));
    const city = (await ranking("bureau", "2017-12-31")).data as Ranking;
    expect(d.rows[0].rank).toBe(city.rows.find((r) => r.county.id === yuci)!.rank);
    for (const user of ["team01", "ent.geely"]) expect((await ranking(user, "2017-12-31")).status).toBe(403);
  });

  it("the map shows the same numbers; a county only its own", async () => {
    const res = await run(async () =>
      mapLoader({
        request: await requestAs("bureau", "/reports/map?year=2017&asOf=2017-12-31&kpi=START_RATE"),
        params: {},
        context: {},
      }),
    );
    const d = res.data as { rows: { county: { id: number }; card: KpiCard }[] };
    expect(d.rows).toHaveLength(14);
    const y = d.rows.find((r) => r.county.id === yuci)!;
    const want = (await expectedAggregates(sql, "2017-12-31", yuci)).get(null)!;
    expect(y.card.fraction).toEqual({ num: want.startedCount, den: want.signedCount });
    const own = await run(async () =>
      mapLoader({ request: await requestAs("county.yuci", "/reports/map"), params: {}, context: {} }),
    );
    expect((own.data as { rows: { county: { id: number } }[] }).rows.map((r) => r.county.id)).toEqual([yuci]);
    expect(
      (
        await run(async () =>
          mapLoader({ request: await requestAs("team01", "/reports/map"), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("ranking weights", () => {
  const weights = (version: number, w: Record<string, string>) => ({ version: String(version), ...w });

  it("the bureau changes them (version-checked, audited); others may not", async () => {
    const before = await one(`SELECT version FROM setting WHERE key = 'ranking.weights'`);
    const form = weights(before.version, {
      START_RATE: "40",
      FUNDING_RATE: "30",
      LANDING_RATE: "10",
      INFLOW_AMOUNT: "10",
      TRANSFORMATION_INVESTMENT: "10",
    });
    expect(
      (
        await run(async () =>
          rankingAction({ request: await postForm("leader", "/reports/ranking", form), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await run(async () =>
          rankingAction({ request: await postForm("county.yuci", "/reports/ranking", form), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);

    const bad = await run(async () =>
      rankingAction({
        request: await postForm("bureau", "/reports/ranking", { ...form, START_RATE: "45" }),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.total).toBe(
      "各项权重合计须为 100（现为 105）",
    );

    const ok = await run(async () =>
      rankingAction({ request: await postForm("bureau", "/reports/ranking", form), params: {}, context: {} }),
    );
    expect(ok.status).toBe(302);
    const after = await one(`SELECT value, version FROM setting WHERE key = 'ranking.weights'`);
    expect(after.version).toBe(before.version + 1);
    expect(after.value).toMatchObject({ START_RATE: 40, LANDING_RATE: 10 });
    expect(
      (
        await one(
          `SELECT count(*)::int AS n FROM audit_event WHERE entity = 'Setting' AND entity_id = 'ranking.weights'`,
        )
      ).n,
    ).toBe(1);

    // the ranking uses them
    const d = (await ranking("bureau", "2017-12-31")).data as Ranking;
    const r = d.rows[0];
    const want = (await expectedAggregates(sql, "2017-12-31", r.county.id)).get(null)!;
    const cards = evaluateKpis(want, await expectedTargets(sql, r.county.id), 2017, "2017-12-31");
    expect(r.score).toBeCloseTo(
      weightedScore(cards, { ...DEFAULT_RANKING_WEIGHTS, START_RATE: 40, LANDING_RATE: 10 })!,
      10,
    );

    const stale = await run(async () =>
      rankingAction({ request: await postForm("bureau", "/reports/ranking", form), params: {}, context: {} }),
    );
    expect(stale.status).toBe(409);
  });
});

describe("targets", () => {
  async function grid(user: string) {
    const res = await run(async () =>
      targetsLoader({ request: await requestAs(user, "/targets?year=2017&edit=1"), params: {}, context: {} }),
    );
    return res;
  }
  /** The edit form's fields as loaded (every cell and its version). */
  async function formFields() {
    const rows = (await sql.query(`SELECT county_id, metric, value, version FROM target WHERE year = 2017`)).rows;
    const f: Record<string, string> = {};
    for (const r of rows) {
      const scope = r.county_id ?? "city";
      const rate = !["INFLOW_AMOUNT", "TRANSFORMATION_INVESTMENT"].includes(r.metric);
      f[`t_${scope}_${r.metric}`] = rate ? String(r.value / 100) : String(r.value);
      f[`v_${scope}_${r.metric}`] = String(r.version);
    }
    return f;
  }
  const save = async (user: string, fields: Record<string, string>) =>
    run(async () =>
      targetsAction({ request: await postForm(user, "/targets?year=2017", fields), params: {}, context: {} }),
    );

  it("shows the split as adding up on the seed; a county sees the city and its own row", async () => {
    const d = (await grid("bureau")).data as {
      split: Record<string, { ok: boolean; diff: number | null }>;
      editing: boolean;
      counties: unknown[];
    };
    expect(d.editing).toBe(true);
    expect(d.split.INFLOW_AMOUNT).toMatchObject({ ok: true, diff: 0 });
    expect(d.split.TRANSFORMATION_INVESTMENT).toMatchObject({ ok: true, diff: 0 });
    const c = (await grid("county.yuci")).data as {
      split: unknown;
      editing: boolean;
      rows: { countyId: number | null }[];
    };
    expect(c.editing).toBe(false);
    expect(c.split).toBeNull();
    expect(new Set(c.rows.map((r) => r.countyId))).toEqual(new Set([null, yuci]));
    expect((await grid("ent.geely")).status).toBe(403);
  });

  it("saves a changed split in one audited transaction and flags it when it no longer adds up", async () => {
    const f = await formFields();
    const y = Number(f[`t_${yuci}_INFLOW_AMOUNT`]);
    const j = Number(f[`t_${jiexiu}_INFLOW_AMOUNT`]);
    // moving 10亿 from 介休 to 榆次 keeps the sum
    const ok = await save("bureau", {
      ...f,
      [`t_${yuci}_INFLOW_AMOUNT`]: String(y + 100_000),
      [`t_${jiexiu}_INFLOW_AMOUNT`]: String(j - 100_000),
      [`t_${yuci}_LANDING_RATE`]: "52.5",
    });
    expect(ok.status).toBe(302);
    expect(
      await one(`SELECT value, version FROM target WHERE year = 2017 AND metric = 'INFLOW_AMOUNT' AND county_id = $1`, [
        yuci,
      ]),
    ).toEqual({ value: y + 100_000, version: 2 });
    expect(
      (await one(`SELECT value FROM target WHERE year = 2017 AND metric = 'LANDING_RATE' AND county_id = $1`, [yuci]))
        .value,
    ).toBe(5250);
    expect(
      (await one(`SELECT count(*)::int AS n FROM audit_event WHERE entity = 'Target' AND action = 'UPDATE'`)).n,
    ).toBe(3);
    let d = (await grid("bureau")).data as { split: Record<string, { ok: boolean; diff: number | null }> };
    expect(d.split.INFLOW_AMOUNT.ok).toBe(true);

    // changing one county only: saved, but flagged
    const f2 = await formFields();
    const flagged = await save("bureau", { ...f2, [`t_${yuci}_INFLOW_AMOUNT`]: String(y) });
    expect(flagged.status).toBe(302);
    d = (await grid("bureau")).data as typeof d;
    expect(d.split.INFLOW_AMOUNT).toMatchObject({ ok: false, diff: -100_000 });
  });

  it("refuses a stale edit as a whole (409) and bad cells with Chinese messages (400)", async () => {
    const f = await formFields();
    const stale = {
      ...f,
      [`v_${yuci}_START_RATE`]: String(Number(f[`v_${yuci}_START_RATE`]) - 1 || 99),
      [`t_${yuci}_START_RATE`]: "31",
      [`t_${jiexiu}_START_RATE`]: "32",
    };
    const before = (await sql.query(`SELECT id, value, version FROM target ORDER BY id`)).rows;
    const res = await save("bureau", stale);
    expect(res.status).toBe(409);
    expect((res.data as { formError: string }).formError).toContain("榆次区 签约项目开工率");
    expect((await sql.query(`SELECT id, value, version FROM target ORDER BY id`)).rows).toEqual(before);

    const bad = await save("bureau", { ...f, t_city_INFLOW_AMOUNT: "2100亿", [`t_${yuci}_FUNDING_RATE`]: "130" });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      t_city_INFLOW_AMOUNT: "请填写以万元为单位的非负整数",
      [`t_${yuci}_FUNDING_RATE`]: "请填写 0–100 之间的百分数，最多两位小数",
    });
    for (const user of ["county.yuci", "leader", "eic"]) expect((await save(user, f)).status, user).toBe(403);
  });

  it("creates the targets of a new year", async () => {
    const res = await run(async () =>
      targetsAction({
        request: await postForm("bureau", "/targets?year=2018", {
          t_city_INFLOW_AMOUNT: "23000000",
          t_city_LANDING_RATE: "55",
        }),
        params: {},
        context: {},
      }),
    );
    expect(res.status).toBe(302);
    const rows = (
      await sql.query(`SELECT metric, value FROM target WHERE year = 2018 AND county_id IS NULL ORDER BY metric`)
    ).rows;
    expect(rows).toEqual([
      { metric: "INFLOW_AMOUNT", value: 23_000_000 },
      { metric: "LANDING_RATE", value: 5500 },
    ]);
  });
});
