// The lead pages' URL state: kanban (default) or table view, filters, and the table's sort and page.
import { z } from "zod";
import { ATTRACTION_METHOD_LABELS, SOURCE_REGION_LABELS } from "./labels";
import { LEAD_STAGES } from "./leadForms";
import { optionalId, pageParam, searchParam, sizeParam } from "./urlParams.server";

export const LEAD_SORT_KEYS = ["name", "county", "expectedAmount", "stage", "nextFollowUpOn", "updatedAt"] as const;

export const LeadListQuery = z.object({
  view: z.enum(["kanban", "table"]).default("kanban").catch("kanban"),
  q: searchParam,
  county: optionalId,
  industry: optionalId,
  source: z
    .enum(Object.keys(SOURCE_REGION_LABELS) as [string, ...string[]])
    .optional()
    .catch(undefined),
  method: z
    .enum(Object.keys(ATTRACTION_METHOD_LABELS) as [string, ...string[]])
    .optional()
    .catch(undefined),
  stage: z.enum(LEAD_STAGES).optional().catch(undefined),
  /** Drill-down from 跟进督办: only overdue follow-ups or 沉睡 leads, optionally of one owner. */
  follow: z.enum(["overdue", "dormant"]).optional().catch(undefined),
  owner: optionalId,
  /** Drill-down from 线索分析 (decision 180): leads that reached a stage (or a later one but 放弃) … */
  reached: z.enum(["CONTACT", "INSPECTION", "NEGOTIATION", "SIGNED"]).optional().catch(undefined),
  /** … that left a stage (a finished stay in it: its time counts in the stage durations) … */
  left: z.enum(["CONTACT", "INSPECTION", "NEGOTIATION"]).optional().catch(undefined),
  /** … or were abandoned for this reason (exact text). */
  reason: z.string().trim().max(300).optional().catch(undefined),
  /** The leads that came out of one 推介活动 (decision 181). */
  event: optionalId,
  sort: z.enum(LEAD_SORT_KEYS).default("nextFollowUpOn").catch("nextFollowUpOn"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: pageParam,
  size: sizeParam,
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export function parseLeadListQuery(sp: URLSearchParams): LeadListQuery {
  return LeadListQuery.parse(Object.fromEntries(sp));
}
