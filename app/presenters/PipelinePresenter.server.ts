// 线索分析 (issue 22 item 5, docs/decisions/180): how long leads stay in each stage (median and 80th percentile of
// the finished stays, in Beijing days), how many reach each stage (conversion between stages) and why leads were
// abandoned — for the whole scope and per county, owner, source region or 招商方式. Computed in SQL over the stage
// history (percentile_cont, GROUPING SETS); each number carries the lead list filters of its drill-down.
import type { PrismaClient } from "~/generated/prisma/client";
import { Prisma } from "~/generated/prisma/client";
import { ATTRACTION_METHOD_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import type { Viewer } from "~/domain/permissions";
import type { FunnelStage } from "~/models/lead.server";
import { leadScopeSql } from "~/models/scope.server";
import type { DwellStage, PipelineDimension } from "~/domain/pipeline";

/** The group key of a lead aliased `l` (a whitelisted expression, never user text). */
function keySql(by: PipelineDimension): Prisma.Sql {
  switch (by) {
    case "all":
      return Prisma.sql`'all'`;
    case "county":
      return Prisma.sql`l.county_id::text`;
    case "owner":
      return Prisma.sql`COALESCE(l.owner_id::text, 'none')`;
    case "source":
      return Prisma.sql`l.source_region::text`;
    case "method":
      return Prisma.sql`l.method::text`;
    case "event":
      return Prisma.sql`COALESCE(l.event_id::text, 'none')`;
  }
}

/** Lead list filters (URL parameters of /leads) that select a group's leads. */
export type LeadFilters = Record<string, string>;

export interface Dwell {
  /** Finished stays in the stage (a lead that went back and forth stays more than once). */
  stays: number;
  leads: number;
  median: number;
  p80: number;
}

export interface PipelineGroup {
  key: string;
  label: string;
  /** null: no list filter selects it (a lead without an owner). */
  filters: LeadFilters | null;
  dwell: Partial<Record<DwellStage, Dwell>>;
  reached: Record<FunnelStage, number>;
  abandoned: number;
  reasons: { reason: string | null; leads: number; amount: number }[];
}

type DwellRow = { key: string | null; stage: DwellStage; stays: number; leads: number; median: number; p80: number };
type ReachRow = {
  key: string | null;
  total: number;
  inspection: number;
  negotiation: number;
  signed: number;
  abandoned: number;
};
type ReasonRow = { key: string | null; reason: string | null; leads: number; amount: bigint };

export async function pipelineNumbers(db: PrismaClient, viewer: Viewer, by: PipelineDimension) {
  const key = keySql(by);
  const scope = leadScopeSql(viewer);
  // Durations: a change whose from_stage is S ends a stay in S that began at the change before it.
  const dwell = db.$queryRaw<DwellRow[]>`
    WITH c AS (
      SELECT ${key} AS key, c.lead_id, c.from_stage,
             (c.changed_at AT TIME ZONE 'Asia/Shanghai')::date
               - lag((c.changed_at AT TIME ZONE 'Asia/Shanghai')::date)
                   OVER (PARTITION BY c.lead_id ORDER BY c.changed_at, c.id) AS days
        FROM lead_stage_change c JOIN lead l ON l.id = c.lead_id
       WHERE ${scope})
    SELECT CASE WHEN GROUPING(key) = 1 THEN NULL ELSE key END AS key, from_stage::text AS stage,
           count(*)::int AS stays, count(DISTINCT lead_id)::int AS leads,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
           percentile_cont(0.8) WITHIN GROUP (ORDER BY days) AS p80
      FROM c
     WHERE from_stage IN ('CONTACT', 'INSPECTION', 'NEGOTIATION') AND days IS NOT NULL
     GROUP BY GROUPING SETS ((key, from_stage), (from_stage))`;
  // Conversion: the furthest stage each lead's history entered (接触 for every lead).
  const reach = db.$queryRaw<ReachRow[]>`
    WITH r AS (
      SELECT ${key} AS key, l.stage,
             GREATEST(1, (SELECT max(CASE c.to_stage WHEN 'CONTACT' THEN 1 WHEN 'INSPECTION' THEN 2
                                                     WHEN 'NEGOTIATION' THEN 3 WHEN 'SIGNED' THEN 4 ELSE 0 END)
                            FROM lead_stage_change c WHERE c.lead_id = l.id)) AS rank
        FROM lead l
       WHERE ${scope})
    SELECT CASE WHEN GROUPING(key) = 1 THEN NULL ELSE key END AS key, count(*)::int AS total,
           (count(*) FILTER (WHERE rank >= 2))::int AS inspection,
           (count(*) FILTER (WHERE rank >= 3))::int AS negotiation,
           (count(*) FILTER (WHERE rank >= 4))::int AS signed,
           (count(*) FILTER (WHERE stage = 'ABANDONED'))::int AS abandoned
      FROM r
     GROUP BY GROUPING SETS ((key), ())`;
  const reasons = db.$queryRaw<ReasonRow[]>`
    SELECT CASE WHEN GROUPING(key) = 1 THEN NULL ELSE key END AS key, reason,
           count(*)::int AS leads, sum(expected_amount)::bigint AS amount
      FROM (SELECT ${key} AS key, l.abandon_reason AS reason, l.expected_amount
              FROM lead l WHERE l.stage = 'ABANDONED' AND ${scope}) a
     GROUP BY GROUPING SETS ((key, reason), (reason))
     ORDER BY count(*) DESC, reason`;
  const [d, r, x] = await Promise.all([dwell, reach, reasons]);
  return { dwell: d, reach: r, reasons: x };
}

async function groupLabels(db: PrismaClient, by: PipelineDimension, keys: string[]) {
  const ids = keys.filter((k) => /^\d+$/.test(k)).map(Number);
  switch (by) {
    case "all":
      return new Map([["all", { label: "合计", order: 0 }]]);
    case "county": {
      const rows = await db.county.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, sortOrder: true },
      });
      return new Map(rows.map((c) => [String(c.id), { label: c.name, order: c.sortOrder }]));
    }
    case "owner": {
      const rows = await db.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, displayName: true, county: { select: { name: true, sortOrder: true } } },
      });
      const m = new Map(
        rows.map((u) => [
          String(u.id),
          { label: `${u.displayName}（${u.county ? u.county.name : "投资促进局"}）`, order: u.county?.sortOrder ?? -1 },
        ]),
      );
      m.set("none", { label: "未指定负责人", order: 9_999 });
      return m;
    }
    case "source":
      return new Map(Object.entries(SOURCE_REGION_LABELS).map(([k, label], i) => [k, { label, order: i }]));
    case "method":
      return new Map(Object.entries(ATTRACTION_METHOD_LABELS).map(([k, label], i) => [k, { label, order: i }]));
    case "event": {
      const rows = await db.promotionEvent.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, heldOn: true },
      });
      const m = new Map(rows.map((e) => [String(e.id), { label: e.name, order: e.heldOn.getTime() }]));
      m.set("none", { label: "未关联推介活动", order: Number.MAX_SAFE_INTEGER });
      return m;
    }
  }
}

function groupFilters(by: PipelineDimension, key: string): LeadFilters | null {
  switch (by) {
    case "all":
      return {};
    case "owner":
      return key === "none" ? null : { owner: key };
    case "event":
      return key === "none" ? null : { event: key };
    default:
      return { [by]: key };
  }
}

function emptyGroup(key: string, label: string, filters: LeadFilters | null): PipelineGroup {
  return {
    key,
    label,
    filters,
    dwell: {},
    reached: { CONTACT: 0, INSPECTION: 0, NEGOTIATION: 0, SIGNED: 0 },
    abandoned: 0,
    reasons: [],
  };
}

/** The page's numbers: the total (whole scope) and one group per value of the dimension that has leads. */
export async function presentPipeline(db: PrismaClient, viewer: Viewer, by: PipelineDimension) {
  const n = await pipelineNumbers(db, viewer, by);
  const keys = [...new Set(n.reach.map((r) => r.key).filter((k): k is string => k !== null))];
  const labels = await groupLabels(db, by, keys);
  const total = emptyGroup("total", "合计", {});
  const groups = new Map<string, PipelineGroup>(
    keys.map((k) => [k, emptyGroup(k, labels.get(k)?.label ?? k, groupFilters(by, k))]),
  );
  const at = (k: string | null) => (k === null ? total : groups.get(k));
  for (const r of n.reach) {
    const g = at(r.key);
    if (!g) continue;
    g.reached = { CONTACT: r.total, INSPECTION: r.inspection, NEGOTIATION: r.negotiation, SIGNED: r.signed };
    g.abandoned = r.abandoned;
  }
  for (const r of n.dwell) {
    const g = at(r.key);
    if (g) g.dwell[r.stage] = { stays: r.stays, leads: r.leads, median: Number(r.median), p80: Number(r.p80) };
  }
  for (const r of n.reasons) at(r.key)?.reasons.push({ reason: r.reason, leads: r.leads, amount: Number(r.amount) });
  const order = (k: string) => labels.get(k)?.order ?? 9_999;
  const list =
    by === "all"
      ? []
      : [...groups.values()].sort((a, b) => order(a.key) - order(b.key) || a.label.localeCompare(b.label, "zh-CN"));
  return { by, total, groups: list };
}
export type PipelineView = Awaited<ReturnType<typeof presentPipeline>>;
