// The lead pages' URL state: kanban (default) or table view, filters, and the table's sort and page.
import { z } from "zod";
import { ATTRACTION_METHOD_LABELS, SOURCE_REGION_LABELS } from "./labels";
import { LEAD_STAGES } from "./leadForms";
import { PAGE_SIZES } from "./projectListQuery";

export const LEAD_SORT_KEYS = ["name", "county", "expectedAmount", "stage", "nextFollowUpOn", "updatedAt"] as const;
const optionalId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);

export const LeadListQuery = z.object({
  view: z.enum(["kanban", "table"]).default("kanban").catch("kanban"),
  q: z
    .string()
    .trim()
    .max(60)
    .optional()
    .catch(undefined)
    .transform((s) => (s ? s : undefined)),
  county: optionalId,
  industry: optionalId,
  source: z.enum(Object.keys(SOURCE_REGION_LABELS) as [string, ...string[]]).optional().catch(undefined),
  method: z.enum(Object.keys(ATTRACTION_METHOD_LABELS) as [string, ...string[]]).optional().catch(undefined),
  stage: z.enum(LEAD_STAGES).optional().catch(undefined),
  sort: z.enum(LEAD_SORT_KEYS).default("nextFollowUpOn").catch("nextFollowUpOn"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .default(20)
    .catch(20),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export function parseLeadListQuery(sp: URLSearchParams): LeadListQuery {
  return LeadListQuery.parse(Object.fromEntries(sp));
}
