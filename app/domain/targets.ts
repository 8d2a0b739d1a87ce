// Annual targets (docs/design.md §3 Target, §4 metrics): the city's value and its county split per metric. Amounts
// (万元) must add up: the counties' sum equals the city target. Rates (basis points) are set per county; a
// county below the city's rate is pointed out, not an error. Browser-safe (zod/mini): the grid's schema is
// shared by the edit form and the action.
import * as z from "zod/mini";
import { isAmountMetric, KPI_METRICS, type KpiMetric } from "./kpi";
import { parseWan } from "./money";
import { MAX_WAN } from "./leadForms";

export type TargetScopeKey = "city" | number;
export type TargetGrid = Map<TargetScopeKey, Partial<Record<KpiMetric, number>>>;

export interface SplitCheck {
  metric: KpiMetric;
  city: number | null;
  countySum: number;
  /** countySum − city (amount metrics; 0 when they agree) */
  diff: number | null;
  /** counties without a value for the metric */
  missing: number[];
  /** rate metrics: counties whose target is below the city's */
  belowCity: number[];
  ok: boolean;
}

export function checkSplit(grid: TargetGrid, countyIds: readonly number[]): Record<KpiMetric, SplitCheck> {
  const city = grid.get("city") ?? {};
  const out = {} as Record<KpiMetric, SplitCheck>;
  for (const m of KPI_METRICS) {
    const c = city[m] ?? null;
    const missing = countyIds.filter((id) => grid.get(id)?.[m] === undefined);
    const countySum = countyIds.reduce((s, id) => s + (grid.get(id)?.[m] ?? 0), 0);
    if (isAmountMetric(m)) {
      const diff = c === null ? null : countySum - c;
      out[m] = {
        metric: m,
        city: c,
        countySum,
        diff,
        missing,
        belowCity: [],
        ok: c !== null && diff === 0 && missing.length === 0,
      };
    } else {
      const belowCity = c === null ? [] : countyIds.filter((id) => (grid.get(id)?.[m] ?? c) < c);
      out[m] = {
        metric: m,
        city: c,
        countySum,
        diff: null,
        missing,
        belowCity,
        ok: c !== null && missing.length === 0,
      };
    }
  }
  return out;
}

/** "50" / "32.5" / "33.33" (%) → basis points, or null when not a percentage with ≤ 2 decimals in 0–100. */
export function parsePercentToBp(raw: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(raw.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : null;
}

export function bpToPercentInput(bp: number): string {
  return `${Math.floor(bp / 100)}${
    bp % 100
      ? `.${String(bp % 100)
          .padStart(2, "0")
          .replace(/0$/, "")}`
      : ""
  }`;
}

export function cellName(scope: TargetScopeKey, m: KpiMetric): string {
  return `t_${scope}_${m}`;
}

export function versionName(scope: TargetScopeKey, m: KpiMetric): string {
  return `v_${scope}_${m}`;
}

const amountCell = z.pipe(
  z.optional(
    z
      .string()
      .check(
        z.refine(
          (s) => s.trim() === "" || (parseWan(s) !== null && parseWan(s)! >= 0 && parseWan(s)! <= MAX_WAN),
          "请填写以万元为单位的非负整数",
        ),
      ),
  ),
  z.transform((s) => (s && s.trim() ? parseWan(s)! : null)),
);
const rateCell = z.pipe(
  z.optional(
    z
      .string()
      .check(
        z.refine((s) => s.trim() === "" || parsePercentToBp(s) !== null, "请填写 0–100 之间的百分数，最多两位小数"),
      ),
  ),
  z.transform((s) => (s && s.trim() ? parsePercentToBp(s)! : null)),
);
const versionCell = z.pipe(
  z.optional(z.string().check(z.regex(/^\d*$/, "版本号无效"))),
  z.transform((s) => (s ? Number(s) : null)),
);

/** The edit grid's schema for these counties: one cell (and the version it was loaded at) per scope × metric. */
export function targetGridSchema(countyIds: readonly number[]) {
  const shape: Record<string, typeof amountCell | typeof rateCell | typeof versionCell> = {};
  for (const scope of ["city" as const, ...countyIds]) {
    for (const m of KPI_METRICS) {
      shape[cellName(scope, m)] = isAmountMetric(m) ? amountCell : rateCell;
      shape[versionName(scope, m)] = versionCell;
    }
  }
  return z.object(shape);
}

export interface TargetCellInput {
  countyId: number | null;
  metric: KpiMetric;
  value: number | null;
  version: number | null;
}

/** The parsed grid as a list of cells. */
export function gridCells(parsed: Record<string, number | null>, countyIds: readonly number[]): TargetCellInput[] {
  const out: TargetCellInput[] = [];
  for (const scope of ["city" as const, ...countyIds]) {
    for (const m of KPI_METRICS) {
      out.push({
        countyId: scope === "city" ? null : scope,
        metric: m,
        value: parsed[cellName(scope, m)] ?? null,
        version: parsed[versionName(scope, m)] ?? null,
      });
    }
  }
  return out;
}
