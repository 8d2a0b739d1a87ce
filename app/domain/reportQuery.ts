// URL state shared by the dashboard and the reports: plan year, "as of" date, an optional county, the funnel's
// grouping and the map's metric. Bad values fall back to defaults (a mistyped URL still shows the report).
import { z } from "zod";
import { isIsoDate, type IsoDate } from "./dates";
import { KPI_METRICS, yearEnd } from "./kpi";
import { optionalId } from "./projectListQuery";

export const FUNNEL_DIMENSIONS = ["county", "industry", "source", "month"] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];

export const ReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  asOf: z.string().refine(isIsoDate).optional().catch(undefined),
  county: optionalId,
  by: z.enum(FUNNEL_DIMENSIONS).default("county").catch("county"),
  kpi: z.enum(KPI_METRICS).default("INFLOW_AMOUNT").catch("INFLOW_AMOUNT"),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export function parseReportQuery(sp: URLSearchParams): ReportQuery {
  return ReportQuery.parse(Object.fromEntries(sp));
}

/**
 * The plan year and as-of date a report shows: the year asked for, else the current year when it has data,
 * else the latest year with data before it; as of the date asked for, else today, capped at the year's end
 * (a past year is shown as it closed).
 */
export function resolvePeriod(q: Pick<ReportQuery, "year" | "asOf">, years: readonly number[], today: IsoDate): { year: number; asOf: IsoDate } {
  const thisYear = Number(today.slice(0, 4));
  const year =
    q.year ??
    (years.includes(thisYear) ? thisYear : (years.filter((y) => y <= thisYear).sort((a, b) => b - a)[0] ?? years[0] ?? thisYear));
  const end = yearEnd(year);
  const asOf = q.asOf ?? (today < end ? today : end);
  return { year, asOf };
}
