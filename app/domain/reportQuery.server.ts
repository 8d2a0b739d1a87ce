// URL state shared by the dashboard and the reports: plan year, "as of" date, an optional county, the funnel's
// grouping and the map's metric. Bad values fall back to defaults (a mistyped URL still shows the report).
import { z } from "zod";
import { isIsoDate } from "./dates";
import { KPI_METRICS } from "./kpi";
import { FUNNEL_DIMENSIONS } from "./reportQuery";
import { optionalId } from "./urlParams.server";

export const ReportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  asOf: z.string().refine(isIsoDate).optional().catch(undefined),
  county: optionalId,
  /** 重点专项: the dashboard narrowed to a programme's members (decision 200). */
  programme: optionalId,
  by: z.enum(FUNNEL_DIMENSIONS).default("county").catch("county"),
  kpi: z.enum(KPI_METRICS).default("INFLOW_AMOUNT").catch("INFLOW_AMOUNT"),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export function parseReportQuery(sp: URLSearchParams): ReportQuery {
  return ReportQuery.parse(Object.fromEntries(sp));
}
