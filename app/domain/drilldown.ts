// Links from report numbers to the register with the matching filters in the URL (the register's
// projectListWhere applies them; a funnel cell's count equals the register's total for the same URL).
// Browser-safe: no zod, no Prisma.
import type { IsoDate } from "./dates";
import type { TransformationFilter } from "./projectListQuery";
import { yearEnd, yearStart, type FunnelStage } from "./kpi";

export interface RegisterFilters {
  county?: number | null;
  /** 重点专项: the programme's member projects (decision 200). */
  programme?: number | null;
  industry?: number | null;
  source?: string | null;
  method?: string | null;
  event?: number | string | null;
  origin?: "ATTRACTION" | "LOCAL";
  year?: number;
  pool?: "ACTIVE" | "RESERVE" | "WITHDRAWN";
  transformation?: TransformationFilter;
  signedFrom?: IsoDate;
  signedTo?: IsoDate;
  reached?: FunnelStage | null;
  lag?: "yellow" | "red" | "any";
  asOf?: IsoDate;
  unassigned?: "1";
  sort?: string;
  dir?: "asc" | "desc";
}

export function registerHref(f: RegisterFilters): string {
  // built by hand: a report page links hundreds of cells, and URLSearchParams was a visible share of its render
  let s = "";
  for (const k in f) {
    const v = f[k as keyof RegisterFilters];
    if (v === undefined || v === null || v === "") continue;
    s += `${s ? "&" : ""}${k}=${encodeURIComponent(String(v))}`;
  }
  return s ? `/projects?${s}` : "/projects";
}

/** Year Y's signed cohort at D as register filters (an empty window when D is before Y: no rows). */
export function cohortFilters(year: number, asOf: IsoDate): RegisterFilters {
  const end = yearEnd(year);
  return {
    origin: "ATTRACTION",
    signedFrom: yearStart(year),
    signedTo: asOf < end ? asOf : end,
    asOf,
    sort: "contractAmount",
    dir: "desc",
  };
}

/**
 * 转型项目完成投资's projects: year Y's plan (transformation=1 = is_transformation AND pool ACTIVE, the projects whose
 * investment the KPI sums — KpiPresenter's transformationRowsAt).
 */
export function transformationPlanFilters(year: number): RegisterFilters {
  return { year, transformation: "1", sort: "totalInvestment", dir: "desc" };
}

/** A funnel cell: the cohort, narrowed to a group, that had reached `stage` by D. */
export function funnelCellHref(year: number, asOf: IsoDate, stage: FunnelStage, group: RegisterFilters = {}): string {
  const base = cohortFilters(year, asOf);
  return registerHref({ ...base, ...group, reached: stage === "SIGNED" ? null : stage });
}

/** Month "2017-03" → its signing window, capped at D. */
export function monthWindow(month: string, asOf: IsoDate): { signedFrom: IsoDate; signedTo: IsoDate } {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const end = `${month}-${String(last).padStart(2, "0")}`;
  return { signedFrom: `${month}-01`, signedTo: asOf < end ? asOf : end };
}

/** The dashboard's 滞后 / 严重滞后 alert: Y's plan (ACTIVE pool) lagging at D, in the report's county if any. */
export function lagHref(year: number, asOf: IsoDate, lag: "yellow" | "red", group: RegisterFilters = {}): string {
  return registerHref({ year, pool: "ACTIVE", lag, asOf, ...group });
}

/** The dashboard's 待分配 alert (市经信委): the register's signed projects without a service team. */
export function unassignedHref(countyId: number | null): string {
  return registerHref({ unassigned: "1", county: countyId });
}

/**
 * The dashboard's 超期诉求 alert: every level (not the viewer's home tab), open issues with a 13710 deadline
 * passed — the queue's `overdue=1` filter is the alert's own condition, so the list's total is the alert's number.
 */
export function overdueIssuesHref(countyId: number | null): string {
  return `/issues?level=ALL&overdue=1${countyId ? `&county=${countyId}` : ""}`;
}
