// 2017 targets: the city's (report §二(三)) and their split over the 14 counties and zones. Amount metrics
// are split so the county values sum exactly to the city value; rate metrics are set per county.
import { COUNTIES, CITY_TARGETS } from "./reference.ts";
import { Rng, splitInteger } from "./rng.ts";
import type { ProjectSpec } from "./types.ts";

export type TargetMetric = keyof typeof CITY_TARGETS;

export interface TargetDraft {
  metric: TargetMetric;
  county: string | null;
  value: number;
}

export function buildTargets(projects: readonly ProjectSpec[]): TargetDraft[] {
  const rng = Rng.stream("targets");
  const out: TargetDraft[] = [];
  for (const [metric, value] of Object.entries(CITY_TARGETS) as [TargetMetric, number][]) {
    out.push({ metric, county: null, value });
  }
  // Inflow: proportional to what each county attracts, with some counties set more ambitious targets.
  const inflow = COUNTIES.map((c) => {
    const signed = projects
      .filter((p) => p.county === c.key && p.origin === "ATTRACTION" && p.signed?.startsWith("2017"))
      .reduce((s, p) => s + p.contract, 0);
    return Math.max(200_000, signed) * rng.float(0.92, 1.25);
  });
  const inflowSplit = splitInteger(CITY_TARGETS.INFLOW_AMOUNT, inflow, 100);
  // Transformation investment: the counties' share of the 61 projects' annual plans.
  const plan = COUNTIES.map((c) =>
    projects
      .filter((p) => p.county === c.key && p.isTransformation && p.pool === "ACTIVE")
      .reduce((s, p) => s + p.plan, 0),
  );
  const planSplit = splitInteger(CITY_TARGETS.TRANSFORMATION_INVESTMENT, plan, 100);
  COUNTIES.forEach((c, i) => {
    out.push({ metric: "INFLOW_AMOUNT", county: c.key, value: inflowSplit[i] });
    out.push({ metric: "TRANSFORMATION_INVESTMENT", county: c.key, value: planSplit[i] });
    out.push({
      metric: "LANDING_RATE",
      county: c.key,
      value: rng.weighted([
        [4500, 2],
        [5000, 6],
        [5500, 2],
      ] as const),
    });
    out.push({
      metric: "START_RATE",
      county: c.key,
      value: rng.weighted([
        [2500, 2],
        [3000, 6],
        [3500, 2],
      ] as const),
    });
    out.push({
      metric: "FUNDING_RATE",
      county: c.key,
      value: rng.weighted([
        [2500, 2],
        [3000, 6],
        [3500, 2],
      ] as const),
    });
  });
  return out;
}
