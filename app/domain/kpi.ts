// KPI engine (docs/design.md §4) — pure, no I/O. For plan year Y, a scope and an "as of" date D:
//   cohort            = 招商引资 (origin ATTRACTION) projects whose SIGNED actual date is in Y and ≤ D
//   引资总额           = Σ contract amount of the cohort                                  (target 2100亿)
//   签约项目落地率      = #(cohort with LAND reached by D) / #cohort                        (count-weighted)
//   开工率             = #(cohort with STARTED reached by D) / #cohort                     (count-weighted)
//   资金到位率          = Σ funding received by D on the cohort / Σ cohort contract amount  (amount-weighted)
//   转型项目完成投资     = Σ monthly investment of Y's ACTIVE transformation projects, months of Y ended by D
//   序时进度           = elapsed share of Y at D (D counted as elapsed; 365 or 366 days)
// "Reached by D" follows app/domain/stage.ts: the unbroken chain of milestones with actual dates ≤ D.
// The SQL presenters compute the same aggregates with GROUP BY; `aggregateProjects` below is the executable
// definition over plain records that the unit tests pin down with hand-computed cases.
// See docs/decisions/020-kpi-definitions.md for the choices docs/design.md leaves open.
import { addDays, addMonths, type IsoDate } from "./dates";
import { deriveStage, stageIndex, type MilestoneDates, type MilestoneStage } from "./stage";

export const KPI_METRICS = [
  "INFLOW_AMOUNT",
  "LANDING_RATE",
  "START_RATE",
  "FUNDING_RATE",
  "TRANSFORMATION_INVESTMENT",
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];
export const AMOUNT_METRICS: readonly KpiMetric[] = ["INFLOW_AMOUNT", "TRANSFORMATION_INVESTMENT"];
export const RATE_METRICS: readonly KpiMetric[] = ["LANDING_RATE", "START_RATE", "FUNDING_RATE"];
export function isAmountMetric(m: KpiMetric): boolean {
  return m === "INFLOW_AMOUNT" || m === "TRANSFORMATION_INVESTMENT";
}

/** The funnel's stages after signing, in order (签约 → 落地 → 到资 → 开工 → 投产). */
export const FUNNEL_STAGES = [
  "SIGNED",
  "LAND",
  "FUNDING",
  "STARTED",
  "COMPLETED",
] as const satisfies readonly MilestoneStage[];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

// ---------------------------------------------------------------------------------------------------------------
// Calendar

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

export function yearStart(year: number): IsoDate {
  return `${String(year).padStart(4, "0")}-01-01`;
}

export function yearEnd(year: number): IsoDate {
  return `${String(year).padStart(4, "0")}-12-31`;
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * The window of signing dates the cohort of year Y takes at D: [Y-01-01, min(D, Y-12-31)], or null when D is
 * before the year started (nothing can have been signed "in Y by D").
 */
export function cohortWindow(year: number, asOf: IsoDate): { from: IsoDate; to: IsoDate } | null {
  const from = yearStart(year);
  if (asOf < from) return null;
  const end = yearEnd(year);
  return { from, to: asOf < end ? asOf : end };
}

/** 序时进度 as an exact fraction: days of Y elapsed at D (D itself included) over the days of Y. */
export function schedulePace(year: number, asOf: IsoDate): { elapsed: number; total: number } {
  const total = daysInYear(year);
  if (asOf < yearStart(year)) return { elapsed: 0, total };
  if (asOf >= yearEnd(year)) return { elapsed: total, total };
  const elapsed = Math.round((Date.parse(asOf) - Date.parse(yearStart(year))) / 86_400_000) + 1;
  return { elapsed, total };
}

export function pacePercent(year: number, asOf: IsoDate): number {
  const p = schedulePace(year, asOf);
  return (p.elapsed * 100) / p.total;
}

/**
 * A month's investment record counts once the month has ended (its last day ≤ D): monthly figures are
 * reported after the month closes, so a half-finished month is not in the numbers yet.
 * Returns how many months of `year` count at D (0–12); records of other years never count.
 */
export function monthsCounted(year: number, asOf: IsoDate): number {
  if (asOf < yearStart(year)) return 0;
  if (asOf >= yearEnd(year)) return 12;
  const month = Number(asOf.slice(5, 7));
  return asOf === lastDayOfMonth(year, month) ? month : month - 1;
}

/** The last day of the month before D's month (the ranking's "change" compares with it). */
export function previousMonthEnd(asOf: IsoDate): IsoDate {
  return addDays(`${asOf.slice(0, 7)}-01`, -1);
}

/** Month-ends of Y up to D, for trend series ("2017-01-31" … and D itself when it is not a month-end). */
export function trendDates(year: number, asOf: IsoDate): IsoDate[] {
  const w = cohortWindow(year, asOf);
  if (!w) return [];
  const out: IsoDate[] = [];
  for (let m = 1; m <= 12; m++) {
    const end = lastDayOfMonth(year, m);
    if (end <= w.to) out.push(end);
    else {
      if (w.to >= `${end.slice(0, 7)}-01`) out.push(w.to);
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Aggregates (what the SQL presenters return per group) and the executable definition over plain records

export interface KpiAggregates {
  /** cohort size and Σ contract amount (引资总额) */
  signedCount: number;
  signedAmount: number;
  landCount: number;
  landAmount: number;
  fundingCount: number;
  fundingAmount: number;
  startedCount: number;
  startedAmount: number;
  completedCount: number;
  completedAmount: number;
  /** Σ funding records received by D on the cohort (资金到位) */
  fundingReceived: number;
  /** Σ counted monthly investment of Y's active transformation projects (转型项目完成投资) */
  transformationInvestment: number;
}

export const EMPTY_AGGREGATES: Readonly<KpiAggregates> = Object.freeze({
  signedCount: 0,
  signedAmount: 0,
  landCount: 0,
  landAmount: 0,
  fundingCount: 0,
  fundingAmount: 0,
  startedCount: 0,
  startedAmount: 0,
  completedCount: 0,
  completedAmount: 0,
  fundingReceived: 0,
  transformationInvestment: 0,
});

export function addAggregates(a: KpiAggregates, b: Partial<KpiAggregates>): KpiAggregates {
  const out = { ...a };
  for (const k of Object.keys(EMPTY_AGGREGATES) as (keyof KpiAggregates)[]) out[k] += b[k] ?? 0;
  return out;
}

export function funnelCount(a: KpiAggregates, s: FunnelStage): number {
  return {
    SIGNED: a.signedCount,
    LAND: a.landCount,
    FUNDING: a.fundingCount,
    STARTED: a.startedCount,
    COMPLETED: a.completedCount,
  }[s];
}

export function funnelAmount(a: KpiAggregates, s: FunnelStage): number {
  return {
    SIGNED: a.signedAmount,
    LAND: a.landAmount,
    FUNDING: a.fundingAmount,
    STARTED: a.startedAmount,
    COMPLETED: a.completedAmount,
  }[s];
}

export interface KpiProject {
  origin: "ATTRACTION" | "LOCAL";
  contractAmount: number;
  planYear: number;
  isTransformation: boolean;
  pool: "ACTIVE" | "RESERVE" | "WITHDRAWN";
  milestones: readonly MilestoneDates[];
  funding: readonly { receivedOn: IsoDate; amount: number }[];
  investments: readonly { year: number; month: number; amount: number }[];
}

/** True when the project belongs to year Y's signed cohort at D. */
export function inCohort(p: Pick<KpiProject, "origin" | "milestones">, year: number, asOf: IsoDate): boolean {
  const w = cohortWindow(year, asOf);
  if (!w || p.origin !== "ATTRACTION") return false;
  const signed = p.milestones.find((m) => m.stage === "SIGNED")?.actualOn;
  return Boolean(signed && signed >= w.from && signed <= w.to);
}

/** docs/design.md §4 over plain project records: the reference the SQL presenters are checked against. */
export function aggregateProjects(projects: readonly KpiProject[], year: number, asOf: IsoDate): KpiAggregates {
  const a: KpiAggregates = { ...EMPTY_AGGREGATES };
  const months = monthsCounted(year, asOf);
  for (const p of projects) {
    if (p.isTransformation && p.pool === "ACTIVE" && p.planYear === year) {
      for (const r of p.investments) if (r.year === year && r.month <= months) a.transformationInvestment += r.amount;
    }
    if (!inCohort(p, year, asOf)) continue;
    const stage = deriveStage(p.milestones, asOf);
    const reached = (s: MilestoneStage) => stage !== "PREPARING" && stageIndex(stage) >= stageIndex(s);
    a.signedCount += 1;
    a.signedAmount += p.contractAmount;
    if (reached("LAND")) {
      a.landCount += 1;
      a.landAmount += p.contractAmount;
    }
    if (reached("FUNDING")) {
      a.fundingCount += 1;
      a.fundingAmount += p.contractAmount;
    }
    if (reached("STARTED")) {
      a.startedCount += 1;
      a.startedAmount += p.contractAmount;
    }
    if (reached("COMPLETED")) {
      a.completedCount += 1;
      a.completedAmount += p.contractAmount;
    }
    for (const f of p.funding) if (f.receivedOn <= asOf) a.fundingReceived += f.amount;
  }
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Values, targets, 序时进度 and RAG

export type Rag = "green" | "yellow" | "red" | "none";
export const RAG_LABELS: Record<Rag, string> = {
  green: "进度正常",
  yellow: "落后序时进度",
  red: "严重落后",
  none: "暂无数据",
};

/** Points behind schedule below which a KPI still counts as on schedule, and above which it is red. */
export const RAG_YELLOW_FROM = 10;
export const RAG_RED_ABOVE = 30;

/**
 * docs/design.md §4: green at (or within 10 points of) the expected completion, yellow 10–30 points behind, red more.
 * `completionPct` is value ÷ target × 100; `expectedPct` is 序时进度 for amounts and 100 for rates.
 */
export function ragFor(completionPct: number | null, expectedPct: number): Rag {
  if (completionPct === null || !Number.isFinite(completionPct)) return "none";
  const behind = expectedPct - completionPct;
  // A tiny epsilon keeps "exactly 10 / 30 points" on the documented side despite binary fractions.
  if (behind < RAG_YELLOW_FROM - 1e-9) return "green";
  if (behind <= RAG_RED_ABOVE + 1e-9) return "yellow";
  return "red";
}

export interface Fraction {
  num: number;
  den: number;
}

export interface KpiCard {
  metric: KpiMetric;
  kind: "amount" | "rate";
  /** Amounts: 万元. Rates: null when the denominator is 0. */
  value: number | null;
  /** Rates: the exact fraction behind the value (counts, or 万元 for 资金到位率). */
  fraction: Fraction | null;
  /** Rates as a percentage (0–100+), amounts null. */
  ratePct: number | null;
  /** 万元 for amounts, basis points for rates; null when no target is set. */
  target: number | null;
  /** value ÷ target × 100 (for rates: rate ÷ target rate × 100); null without data or target. */
  completionPct: number | null;
  /** What completion should be by D: 序时进度 for amounts, 100 for rates. */
  expectedPct: number;
  /** expectedPct − completionPct */
  behindPoints: number | null;
  rag: Rag;
}

export type KpiTargets = Partial<Record<KpiMetric, number | null>>;

export function rateFraction(a: KpiAggregates, metric: KpiMetric): Fraction {
  switch (metric) {
    case "LANDING_RATE":
      return { num: a.landCount, den: a.signedCount };
    case "START_RATE":
      return { num: a.startedCount, den: a.signedCount };
    case "FUNDING_RATE":
      return { num: a.fundingReceived, den: a.signedAmount };
    default:
      throw new Error(`${metric} is not a rate`);
  }
}

export function evaluateKpi(
  metric: KpiMetric,
  a: KpiAggregates,
  targets: KpiTargets,
  year: number,
  asOf: IsoDate,
): KpiCard {
  const target = targets[metric] ?? null;
  if (isAmountMetric(metric)) {
    const value = metric === "INFLOW_AMOUNT" ? a.signedAmount : a.transformationInvestment;
    const expectedPct = pacePercent(year, asOf);
    const completionPct = target ? (value * 100) / target : null;
    return {
      metric,
      kind: "amount",
      value,
      fraction: null,
      ratePct: null,
      target,
      completionPct,
      expectedPct,
      behindPoints: completionPct === null ? null : expectedPct - completionPct,
      rag: ragFor(completionPct, expectedPct),
    };
  }
  const fraction = rateFraction(a, metric);
  const ratePct = fraction.den === 0 ? null : (fraction.num * 100) / fraction.den;
  // Rate targets hold at every date: the rate is over the deals signed so far, not a running total.
  const expectedPct = 100;
  const completionPct = ratePct === null || !target ? null : (ratePct * 100) / (target / 100);
  return {
    metric,
    kind: "rate",
    value: ratePct,
    fraction,
    ratePct,
    target,
    completionPct,
    expectedPct,
    behindPoints: completionPct === null ? null : expectedPct - completionPct,
    rag: ragFor(completionPct, expectedPct),
  };
}

export function evaluateKpis(
  a: KpiAggregates,
  targets: KpiTargets,
  year: number,
  asOf: IsoDate,
): Record<KpiMetric, KpiCard> {
  return Object.fromEntries(KPI_METRICS.map((m) => [m, evaluateKpi(m, a, targets, year, asOf)])) as Record<
    KpiMetric,
    KpiCard
  >;
}

// ---------------------------------------------------------------------------------------------------------------
// County ranking (考核排名)

export type RankingWeights = Record<KpiMetric, number>;

/** The source: "重点考核签约项目开工率、资金到位率，并加大考核权重" — those two weigh most by default. */
export const DEFAULT_RANKING_WEIGHTS: RankingWeights = {
  START_RATE: 30,
  FUNDING_RATE: 30,
  LANDING_RATE: 20,
  INFLOW_AMOUNT: 10,
  TRANSFORMATION_INVESTMENT: 10,
};

/** No single over-achieved metric may carry a county: completion counts up to this cap. */
export const SCORE_COMPLETION_CAP = 120;

/**
 * Weighted score 0–120: Σ wᵢ·min(completionᵢ / expectedᵢ × 100, 120) / Σ wᵢ over the metrics that have a
 * completion (a metric without target or data is left out and the others' weights re-normalised).
 * null when no metric can be scored.
 */
export function weightedScore(cards: Record<KpiMetric, KpiCard>, weights: RankingWeights): number | null {
  let sum = 0;
  let wsum = 0;
  for (const m of KPI_METRICS) {
    const c = cards[m];
    const w = weights[m] ?? 0;
    if (w <= 0 || c.completionPct === null || c.expectedPct <= 0) continue;
    const onSchedule = (c.completionPct * 100) / c.expectedPct;
    sum += w * Math.min(onSchedule, SCORE_COMPLETION_CAP);
    wsum += w;
  }
  return wsum === 0 ? null : sum / wsum;
}

/** Competition ranking (1, 2, 2, 4) on scores rounded to 0.01; unscored entries get no rank. */
export function rankByScore<K>(entries: readonly { key: K; score: number | null }[]): Map<K, number | null> {
  const rounded = entries.map((e) => ({ key: e.key, s: e.score === null ? null : Math.round(e.score * 100) }));
  const scored = rounded.filter((e) => e.s !== null).sort((a, b) => b.s! - a.s!);
  const out = new Map<K, number | null>();
  scored.forEach((e, i) => {
    const prev = scored[i - 1];
    out.set(e.key, prev && prev.s === e.s ? out.get(prev.key)! : i + 1);
  });
  for (const e of rounded) if (e.s === null) out.set(e.key, null);
  return out;
}

export function parseRankingWeights(raw: unknown): RankingWeights {
  const out = { ...DEFAULT_RANKING_WEIGHTS };
  if (raw && typeof raw === "object") {
    for (const m of KPI_METRICS) {
      const v = (raw as Record<string, unknown>)[m];
      if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100) out[m] = v;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Lagging projects (docs/design.md §4: planned date passed without an actual date — yellow after 1 month, red after 3)

/**
 * The latest planned date that is more than `months` months overdue at D, i.e. the largest p with
 * addMonths(p, months) < D. Lets SQL filter `planned_on <= threshold` with exactly stage.ts's month arithmetic
 * (which clamps to month ends: 01-31 + 1 month = 02-28).
 */
export function lateThreshold(asOf: IsoDate, months: number): IsoDate {
  let p = addMonths(asOf, -months);
  while (addMonths(p, months) >= asOf) p = addDays(p, -1);
  while (addMonths(addDays(p, 1), months) < asOf) p = addDays(p, 1);
  return p;
}

export function lagThresholds(asOf: IsoDate): { yellow: IsoDate; red: IsoDate } {
  return { yellow: lateThreshold(asOf, 1), red: lateThreshold(asOf, 3) };
}

/** Weights sum to this in the bureau's form (so each weight reads as a share of the score). */
export const WEIGHTS_TOTAL = 100;
