import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "./dates";
import {
  aggregateProjects,
  cohortWindow,
  DEFAULT_RANKING_WEIGHTS,
  EMPTY_AGGREGATES,
  evaluateKpi,
  evaluateKpis,
  lagThresholds,
  lateThreshold,
  monthsCounted,
  pacePercent,
  parseRankingWeights,
  previousMonthEnd,
  ragFor,
  rankByScore,
  schedulePace,
  trendDates,
  weightedScore,
  type KpiAggregates,
  type KpiProject,
} from "./kpi";
import type { MilestoneDates } from "./stage";

const ms = (dates: Partial<Record<MilestoneDates["stage"], string>>): MilestoneDates[] =>
  (["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"] as const).map((stage) => ({
    stage,
    plannedOn: null,
    actualOn: dates[stage] ?? null,
  }));

const project = (p: Partial<KpiProject>): KpiProject => ({
  origin: "ATTRACTION",
  contractAmount: 0,
  planYear: 2017,
  isTransformation: false,
  pool: "ACTIVE",
  milestones: [],
  funding: [],
  investments: [],
  ...p,
});

// A small world whose numbers are worked out by hand below.
const P1 = project({
  contractAmount: 1000,
  milestones: ms({ SIGNED: "2017-02-10", LAND: "2017-04-01", FUNDING: "2017-05-01", STARTED: "2017-07-01" }),
  funding: [
    { receivedOn: "2017-05-01", amount: 200 },
    { receivedOn: "2017-08-01", amount: 300 },
  ],
});
const P2 = project({ contractAmount: 3000, milestones: ms({ SIGNED: "2017-06-30", LAND: "2017-09-01" }) });
// signed in 2016: not in 2017's cohort even though it landed in 2017
const P3 = project({
  contractAmount: 500,
  milestones: ms({ SIGNED: "2016-12-20", LAND: "2017-01-10" }),
  funding: [{ receivedOn: "2017-02-01", amount: 100 }],
});
// a local transformation project: no contract amount, investment records in 2016 and 2017
const P4 = project({
  origin: "LOCAL",
  isTransformation: true,
  milestones: ms({ SIGNED: "2016-05-01", LAND: "2016-06-01", FUNDING: "2016-07-01", STARTED: "2016-08-01" }),
  investments: [
    { year: 2016, month: 12, amount: 999 },
    { year: 2017, month: 1, amount: 100 },
    { year: 2017, month: 6, amount: 250 },
    { year: 2017, month: 7, amount: 400 },
  ],
});
// broken chain: FUNDING and STARTED have dates but LAND has none → only SIGNED is reached; its money still counts
const P5 = project({
  contractAmount: 2000,
  milestones: ms({ SIGNED: "2017-03-15", FUNDING: "2017-04-01", STARTED: "2017-05-01" }),
  funding: [{ receivedOn: "2017-04-01", amount: 600 }],
});
// a reserve-pool transformation project: in the signed cohort, but its investment is not the plan's
const P6 = project({
  contractAmount: 800,
  isTransformation: true,
  pool: "RESERVE",
  milestones: ms({ SIGNED: "2017-11-01" }),
  investments: [{ year: 2017, month: 11, amount: 500 }],
});
const WORLD = [P1, P2, P3, P4, P5, P6];

describe("calendar: 序时进度 and counted months", () => {
  it("counts D itself as elapsed, over 365 or 366 days", () => {
    expect(schedulePace(2017, "2017-01-01")).toEqual({ elapsed: 1, total: 365 });
    expect(schedulePace(2017, "2017-06-30")).toEqual({ elapsed: 181, total: 365 });
    expect(schedulePace(2017, "2017-12-31")).toEqual({ elapsed: 365, total: 365 });
    // leap year: 31 (Jan) + 29 (Feb)
    expect(schedulePace(2016, "2016-02-29")).toEqual({ elapsed: 60, total: 366 });
    expect(schedulePace(2016, "2016-12-31")).toEqual({ elapsed: 366, total: 366 });
    expect(schedulePace(2016, "2016-07-01")).toEqual({ elapsed: 183, total: 366 });
    expect(schedulePace(2000, "2000-12-31").total).toBe(366); // divisible by 400
    expect(schedulePace(1900, "1900-12-31").total).toBe(365); // divisible by 100 only
  });
  it("is 0 before the year and 100% after it", () => {
    expect(schedulePace(2017, "2016-12-31")).toEqual({ elapsed: 0, total: 365 });
    expect(pacePercent(2017, "2018-03-01")).toBe(100);
    expect(pacePercent(2016, "2016-07-01")).toBeCloseTo(50, 10); // 183/366 exactly half
  });
  it("counts a month's investment once the month has ended", () => {
    expect(monthsCounted(2017, "2017-06-30")).toBe(6);
    expect(monthsCounted(2017, "2017-06-29")).toBe(5);
    expect(monthsCounted(2017, "2017-01-15")).toBe(0);
    expect(monthsCounted(2017, "2017-02-28")).toBe(2);
    expect(monthsCounted(2016, "2016-02-28")).toBe(1); // leap February ends on the 29th
    expect(monthsCounted(2016, "2016-02-29")).toBe(2);
    expect(monthsCounted(2017, "2017-12-31")).toBe(12);
    expect(monthsCounted(2017, "2016-12-31")).toBe(0);
    expect(monthsCounted(2017, "2019-05-01")).toBe(12);
  });
  it("has a signing window only from the year's first day, capped at its last", () => {
    expect(cohortWindow(2017, "2016-12-31")).toBeNull();
    expect(cohortWindow(2017, "2017-06-30")).toEqual({ from: "2017-01-01", to: "2017-06-30" });
    expect(cohortWindow(2017, "2018-02-01")).toEqual({ from: "2017-01-01", to: "2017-12-31" });
  });
  it("finds the previous month end and the trend's dates", () => {
    expect(previousMonthEnd("2017-12-31")).toBe("2017-11-30");
    expect(previousMonthEnd("2017-03-15")).toBe("2017-02-28");
    expect(previousMonthEnd("2016-03-01")).toBe("2016-02-29");
    expect(previousMonthEnd("2017-01-10")).toBe("2016-12-31");
    expect(trendDates(2017, "2017-03-31")).toEqual(["2017-01-31", "2017-02-28", "2017-03-31"]);
    expect(trendDates(2017, "2017-03-15")).toEqual(["2017-01-31", "2017-02-28", "2017-03-15"]);
    expect(trendDates(2017, "2016-12-31")).toEqual([]);
    expect(trendDates(2016, "2017-05-01")).toHaveLength(12);
  });
});

describe("aggregates (docs/design.md §4 over plain records)", () => {
  it("as of 2017-12-31", () => {
    expect(aggregateProjects(WORLD, 2017, "2017-12-31")).toEqual({
      // cohort: P1, P2, P5, P6 (P3 was signed in 2016, P4 is local)
      signedCount: 4,
      signedAmount: 1000 + 3000 + 2000 + 800,
      landCount: 2, // P1, P2
      landAmount: 4000,
      fundingCount: 1, // P1 (P5's chain is broken at LAND)
      fundingAmount: 1000,
      startedCount: 1,
      startedAmount: 1000,
      completedCount: 0,
      completedAmount: 0,
      fundingReceived: 200 + 300 + 600, // P1 and P5; P3's money is not on the cohort
      transformationInvestment: 100 + 250 + 400, // P4's 2017 months; P6 is in the reserve pool
    } satisfies KpiAggregates);
  });

  it("as of 2017-06-30: signings on D count, later milestones and money do not, June counts", () => {
    expect(aggregateProjects(WORLD, 2017, "2017-06-30")).toMatchObject({
      signedCount: 3, // P1, P2 (signed on D), P5
      signedAmount: 6000,
      landCount: 1,
      fundingCount: 1,
      startedCount: 0, // P1 started 07-01
      fundingReceived: 200 + 600,
      transformationInvestment: 100 + 250,
    });
    expect(aggregateProjects(WORLD, 2017, "2017-06-29")).toMatchObject({
      signedCount: 2,
      signedAmount: 3000,
      transformationInvestment: 100, // June has not ended
    });
  });

  it("as of a date before any signing: everything is zero and every rate has an empty denominator", () => {
    const a = aggregateProjects(WORLD, 2017, "2017-02-09");
    // only January's investment (month ended) is in; no 2017 signing yet
    expect(a).toEqual({ ...EMPTY_AGGREGATES, transformationInvestment: 100 });
    expect(aggregateProjects(WORLD, 2017, "2016-12-31")).toEqual({ ...EMPTY_AGGREGATES });
    const cards = evaluateKpis(
      a,
      { LANDING_RATE: 5000, START_RATE: 3000, FUNDING_RATE: 3000, INFLOW_AMOUNT: 10000 },
      2017,
      "2017-02-09",
    );
    expect(cards.LANDING_RATE).toMatchObject({
      value: null,
      fraction: { num: 0, den: 0 },
      completionPct: null,
      rag: "none",
    });
    expect(cards.FUNDING_RATE.rag).toBe("none");
    // 0 against 40/365 = 10.96% of the year elapsed: 10.96 points behind → yellow
    expect(cards.INFLOW_AMOUNT).toMatchObject({ value: 0, completionPct: 0, rag: "yellow" });
  });

  it("follows corrections: a corrected date moves the numbers, a removed one breaks the chain", () => {
    const landLater = {
      ...P1,
      milestones: ms({ SIGNED: "2017-02-10", LAND: "2017-07-15", FUNDING: "2017-05-01", STARTED: "2017-07-01" }),
    };
    // as of 06-30 P1 has not landed, so FUNDING (dated 05-01) does not count either; its money still does
    expect(aggregateProjects([landLater, P2, P5], 2017, "2017-06-30")).toMatchObject({
      signedCount: 3,
      landCount: 0,
      fundingCount: 0,
      fundingReceived: 800,
    });
    // by year end the corrected chain is whole again
    expect(aggregateProjects([landLater], 2017, "2017-12-31")).toMatchObject({
      landCount: 1,
      fundingCount: 1,
      startedCount: 1,
    });
    // a signing date corrected into the next year leaves the 2017 cohort and enters 2018's
    const signedLater = { ...P2, milestones: ms({ SIGNED: "2018-01-05" }) };
    expect(aggregateProjects([signedLater], 2017, "2017-12-31").signedCount).toBe(0);
    expect(aggregateProjects([signedLater], 2018, "2018-12-31")).toMatchObject({ signedCount: 1, signedAmount: 3000 });
    // a withdrawn signing date: the project is no longer signed at all
    expect(aggregateProjects([{ ...P1, milestones: ms({ LAND: "2017-04-01" }) }], 2017, "2017-12-31").signedCount).toBe(
      0,
    );
  });

  it("handles a leap day signing and the leap year's month ends", () => {
    const leap = project({
      contractAmount: 70,
      milestones: ms({ SIGNED: "2016-02-29" }),
      isTransformation: true,
      planYear: 2016,
      investments: [{ year: 2016, month: 2, amount: 9 }],
    });
    expect(aggregateProjects([leap], 2016, "2016-02-28")).toMatchObject({
      signedCount: 0,
      transformationInvestment: 0,
    });
    expect(aggregateProjects([leap], 2016, "2016-02-29")).toMatchObject({
      signedCount: 1,
      signedAmount: 70,
      transformationInvestment: 9,
    });
  });
});

describe("KPI values against targets, 序时进度 and RAG", () => {
  const a = aggregateProjects(WORLD, 2017, "2017-12-31");
  const targets = {
    INFLOW_AMOUNT: 13_600,
    LANDING_RATE: 5000,
    START_RATE: 3000,
    FUNDING_RATE: 3000,
    TRANSFORMATION_INVESTMENT: 1000,
  };

  it("computes rates count- or amount-weighted and compares them with their target", () => {
    const c = evaluateKpis(a, targets, 2017, "2017-12-31");
    expect(c.LANDING_RATE).toMatchObject({
      fraction: { num: 2, den: 4 },
      ratePct: 50,
      completionPct: 100,
      expectedPct: 100,
      rag: "green",
    });
    // 1/4 = 25% of a 30% target = 83.33% → 16.67 points behind → yellow
    expect(c.START_RATE.ratePct).toBe(25);
    expect(c.START_RATE.completionPct).toBeCloseTo(83.333, 3);
    expect(c.START_RATE.rag).toBe("yellow");
    // 1100 / 6800 = 16.18% of a 30% target = 53.9% → red
    expect(c.FUNDING_RATE.fraction).toEqual({ num: 1100, den: 6800 });
    expect(c.FUNDING_RATE.ratePct).toBeCloseTo(16.176, 3);
    expect(c.FUNDING_RATE.rag).toBe("red");
  });

  it("holds amounts to target × 序时进度", () => {
    // at year end: 6800 of 13600 = 50% against 100% → red
    expect(evaluateKpi("INFLOW_AMOUNT", a, targets, 2017, "2017-12-31")).toMatchObject({
      value: 6800,
      completionPct: 50,
      expectedPct: 100,
      rag: "red",
    });
    // the same 50% at mid-year (181/365 = 49.59%) is ahead of schedule → green
    const mid = evaluateKpi("INFLOW_AMOUNT", a, targets, 2017, "2017-06-30");
    expect(mid.expectedPct).toBeCloseTo(49.589, 3);
    expect(mid.rag).toBe("green");
    // 750 of 1000 = 75% at year end: 25 points behind → yellow
    expect(evaluateKpi("TRANSFORMATION_INVESTMENT", a, targets, 2017, "2017-12-31")).toMatchObject({
      value: 750,
      completionPct: 75,
      rag: "yellow",
    });
  });

  it("has no completion without a target", () => {
    expect(evaluateKpi("INFLOW_AMOUNT", a, {}, 2017, "2017-12-31")).toMatchObject({
      value: 6800,
      target: null,
      completionPct: null,
      rag: "none",
    });
    expect(evaluateKpi("LANDING_RATE", a, { LANDING_RATE: 0 }, 2017, "2017-12-31").rag).toBe("none");
  });

  it("draws the RAG lines at 10 and 30 points behind", () => {
    expect(ragFor(100, 100)).toBe("green");
    expect(ragFor(130, 100)).toBe("green");
    expect(ragFor(90.01, 100)).toBe("green");
    expect(ragFor(90, 100)).toBe("yellow");
    expect(ragFor(70, 100)).toBe("yellow");
    expect(ragFor(69.99, 100)).toBe("red");
    expect(ragFor(30, 49.589)).toBe("yellow");
    expect(ragFor(null, 100)).toBe("none");
  });
});

describe("county ranking", () => {
  const cardsFor = (landing: number, start: number, funding: number, inflowPct: number, invPct: number) =>
    evaluateKpis(
      {
        ...EMPTY_AGGREGATES,
        signedCount: 100,
        landCount: landing,
        startedCount: start,
        signedAmount: 10_000,
        fundingReceived: funding * 100,
        transformationInvestment: invPct * 10,
      },
      {
        INFLOW_AMOUNT: 1_000_000 / inflowPct,
        LANDING_RATE: 5000,
        START_RATE: 3000,
        FUNDING_RATE: 3000,
        TRANSFORMATION_INVESTMENT: 1000,
      },
      2017,
      "2017-12-31",
    );

  it("weights completion, capped at 120%", () => {
    // landing 50/50 = 100%, start 30/30 = 100%, funding 15/30 = 50%, inflow 10000/(1e6/100)=100%, inv 80%
    const c = cardsFor(50, 30, 15, 100, 80);
    // (20·100 + 30·100 + 30·50 + 10·100 + 10·80) / 100 = 83
    expect(weightedScore(c, DEFAULT_RANKING_WEIGHTS)).toBeCloseTo(83, 10);
    // landing 90/50 = 180% counts as 120%
    const capped = cardsFor(90, 30, 15, 100, 80);
    expect(weightedScore(capped, DEFAULT_RANKING_WEIGHTS)).toBeCloseTo(87, 10);
  });

  it("leaves out metrics without a target and re-normalises the weights", () => {
    const c = cardsFor(50, 30, 15, 100, 80);
    c.FUNDING_RATE = { ...c.FUNDING_RATE, completionPct: null };
    // (20·100 + 30·100 + 10·100 + 10·80) / 70
    expect(weightedScore(c, DEFAULT_RANKING_WEIGHTS)).toBeCloseTo(6800 / 70, 10);
    const none = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, { ...v, completionPct: null }])) as typeof c;
    expect(weightedScore(none, DEFAULT_RANKING_WEIGHTS)).toBeNull();
  });

  it("ranks with ties sharing a place and unscored entries unranked", () => {
    const r = rankByScore([
      { key: "a", score: 80 },
      { key: "b", score: 95.004 },
      { key: "c", score: 80.001 },
      { key: "d", score: null },
      { key: "e", score: 60 },
    ]);
    expect(Object.fromEntries(r)).toEqual({ b: 1, a: 2, c: 2, e: 4, d: null });
  });

  it("reads weights from the setting, falling back per metric on bad values", () => {
    expect(parseRankingWeights(null)).toEqual(DEFAULT_RANKING_WEIGHTS);
    expect(parseRankingWeights({ START_RATE: 50, FUNDING_RATE: -1, LANDING_RATE: "x", INFLOW_AMOUNT: 2.5 })).toEqual({
      ...DEFAULT_RANKING_WEIGHTS,
      START_RATE: 50,
    });
  });
});

describe("lag thresholds agree with stage.ts month arithmetic", () => {
  it("is the latest planned date more than N months overdue", () => {
    expect(lateThreshold("2017-05-01", 1)).toBe("2017-03-31");
    expect(lateThreshold("2017-03-01", 1)).toBe("2017-01-31"); // 01-31 + 1 month = 02-28 < 03-01
    expect(lateThreshold("2017-03-29", 1)).toBe("2017-02-28"); // 02-28 + 1 month = 03-28 < 03-29
    expect(lateThreshold("2017-03-30", 1)).toBe("2017-02-28");
    expect(lagThresholds("2017-12-31")).toEqual({ yellow: "2017-11-30", red: "2017-09-30" });
  });
  it("matches brute force for every day of two years", () => {
    for (let d = "2016-01-01"; d <= "2017-12-31"; d = addDays(d, 1)) {
      for (const months of [1, 3]) {
        const t = lateThreshold(d, months);
        expect(addMonths(t, months) < d, `${d} ${months}`).toBe(true);
        expect(addMonths(addDays(t, 1), months) < d, `${d} ${months}`).toBe(false);
      }
    }
  });
});
