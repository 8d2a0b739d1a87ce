// 签约 → 落地 → 到资 → 开工 → 投产 for year Y's signed cohort as of D, in total and by county, industry,
// source region or signing month, scoped by role. Each group carries the register filters of its drill-down.
import { countyOptions } from "~/models/options.server";
import type { PrismaClient } from "~/generated/prisma/client";
import type { IsoDate } from "~/domain/dates";
import { monthWindow, type RegisterFilters } from "~/domain/drilldown";
import { addAggregates, EMPTY_AGGREGATES, type KpiAggregates } from "~/domain/kpi";
import { ATTRACTION_METHOD_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import { NO_SOURCE } from "~/domain/projectListQuery";
import type { Viewer } from "~/domain/permissions";
import { resolvePeriod, type FunnelDimension } from "~/domain/reportQuery";
import type { ReportQuery } from "~/domain/reportQuery.server";
import { projectScopeSql } from "~/models/scope.server";
import { reportCounty } from "./DashboardPresenter.server";
import { aggregatesBy, defaultReportYears, planYears } from "./KpiPresenter.server";

export interface FunnelGroup {
  key: string;
  label: string;
  filters: RegisterFilters;
  agg: KpiAggregates;
}

async function groupLabels(
  db: PrismaClient,
  by: FunnelDimension,
): Promise<{ key: string; label: string; order: number }[]> {
  if (by === "county") {
    const rows = await db.county.findMany({ select: { id: true, name: true, sortOrder: true } });
    return rows.map((r) => ({ key: String(r.id), label: r.name, order: r.sortOrder }));
  }
  if (by === "industry") {
    const rows = await db.industry.findMany({ select: { id: true, name: true, sortOrder: true } });
    return rows.map((r) => ({ key: String(r.id), label: r.name, order: r.sortOrder }));
  }
  if (by === "source") return Object.entries(SOURCE_REGION_LABELS).map(([key, label], i) => ({ key, label, order: i }));
  if (by === "method")
    return Object.entries(ATTRACTION_METHOD_LABELS).map(([key, label], i) => ({ key, label, order: i }));
  if (by === "event") {
    const rows = await db.promotionEvent.findMany({ select: { id: true, name: true, heldOn: true } });
    return rows.map((r) => ({ key: String(r.id), label: r.name, order: r.heldOn.getTime() }));
  }
  return [];
}

function groupFilters(by: FunnelDimension, key: string, asOf: IsoDate): RegisterFilters {
  switch (by) {
    case "county":
      return { county: Number(key) };
    case "industry":
      return { industry: Number(key) };
    case "source":
      return { source: key };
    case "method":
      return { method: key };
    case "event":
      return { event: Number(key) };
    case "month":
      return monthWindow(key, asOf);
  }
}

export async function presentFunnel(db: PrismaClient, viewer: Viewer, rq: ReportQuery, today: IsoDate) {
  const years = await planYears(db);
  const { year, asOf } = resolvePeriod(rq, await defaultReportYears(db, years), today);
  const county = await reportCounty(db, viewer, rq.county);
  if (county === undefined) return null;
  const q = { year, asOf, scope: projectScopeSql(viewer), countyId: county?.id ?? null };
  const [byKey, labels, counties] = await Promise.all([
    aggregatesBy(db, q, rq.by),
    groupLabels(db, rq.by),
    viewer.role === "COUNTY" ? Promise.resolve([]) : countyOptions(db),
  ]);
  const labelOf = new Map(labels.map((l) => [l.key, l]));
  const groups: FunnelGroup[] = [...byKey.entries()]
    .filter((e): e is [string, KpiAggregates] => e[0] !== null)
    .map(([key, agg]) => ({
      key,
      label:
        rq.by === "month"
          ? `${Number(key.slice(0, 4))}年${Number(key.slice(5, 7))}月`
          : (labelOf.get(key)?.label ?? key),
      filters: groupFilters(rq.by, key, asOf),
      agg,
    }))
    .sort((a, b) =>
      rq.by === "month"
        ? a.key.localeCompare(b.key)
        : (labelOf.get(a.key)?.order ?? 999) - (labelOf.get(b.key)?.order ?? 999),
    );
  // Projects without a value of the dimension are in the total. Only the source region may be empty (county,
  // industry and the signing date are required in the cohort); they get a 未填写 row the register can filter
  // (source=none), so the rows add up to 合计.
  // 招商方式 may be empty too, and most projects came from no 推介活动: their rows are 未填写 / 未关联推介活动
  // (method=none, event=none in the register).
  const unkeyed = byKey.get(null);
  const optional = { source: "未填写", method: "未填写", event: "未关联推介活动" } as const;
  if (unkeyed && (rq.by === "source" || rq.by === "method" || rq.by === "event")) {
    groups.push({ key: NO_SOURCE, label: optional[rq.by], filters: { [rq.by]: NO_SOURCE }, agg: unkeyed });
  }
  const ungrouped = unkeyed && !(rq.by in optional) ? unkeyed.signedCount : 0;
  const total = [...byKey.values()].reduce((t, a) => addAggregates(t, a), { ...EMPTY_AGGREGATES });
  return { year, asOf, years, by: rq.by, county, counties, groups, total, ungrouped };
}
export type FunnelData = NonNullable<Awaited<ReturnType<typeof presentFunnel>>>;
