// The register's URL state (filters, sort, page) — parsed on the server, built into links on the client.
// Invalid values fall back to defaults instead of failing: a mistyped URL still shows the register.
import { z } from "zod";
import { isIsoDate } from "./dates";
import { ATTRACTION_METHOD_LABELS } from "./labels";
import { LAG_FILTERS, NO_SOURCE, PROJECT_SORT_KEYS, SOURCE_REGIONS, TRANSFORMATION_FILTERS } from "./projectListQuery";
import { MILESTONE_STAGES, PROJECT_STAGES } from "./stage";
import { optionalId, pageParam, searchParam, sizeParam } from "./urlParams.server";

const optionalDate = z.string().refine(isIsoDate).optional().catch(undefined);
export const ProjectListQuery = z.object({
  q: searchParam,
  county: optionalId,
  industry: optionalId,
  team: optionalId,
  /** 领办领导: projects this official leads (project_official); docs/decisions/115. */
  official: optionalId,
  /** 重点专项: the programme's member projects (programme_project, docs/decisions/200). */
  programme: optionalId,
  /** 待分配: signed, not withdrawn, no service team yet (assignedTeamSql's complement; projectListQuery.ts). */
  unassigned: z.enum(["1"]).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  stage: z
    .enum(PROJECT_STAGES as [string, ...string[]])
    .optional()
    .catch(undefined),
  pool: z.enum(["ACTIVE", "RESERVE", "WITHDRAWN"]).optional().catch(undefined),
  transformation: z.enum(TRANSFORMATION_FILTERS).optional().catch(undefined),
  origin: z.enum(["ATTRACTION", "LOCAL"]).optional().catch(undefined),
  // Drill-down from the reports (docs/decisions/021-register-drill-down.md): the signed cohort and the stage
  // reached as of a date, the source region, and lagging projects (yellow = worst lag is yellow).
  source: z
    .enum([...SOURCE_REGIONS, NO_SOURCE])
    .optional()
    .catch(undefined),
  /** 招商方式 (attraction_method), or "none" for projects without one (the funnel by 招商方式, decision 181). */
  method: z
    .enum([...(Object.keys(ATTRACTION_METHOD_LABELS) as [string, ...string[]]), NO_SOURCE])
    .optional()
    .catch(undefined),
  /** The 推介活动 whose lead the project was signed from, or "none" (the funnel by 推介活动, decision 181). */
  event: z
    .union([z.literal(NO_SOURCE), z.coerce.number().int().positive().max(2_147_483_647)])
    .optional()
    .catch(undefined),
  signedFrom: optionalDate,
  signedTo: optionalDate,
  reached: z.enum(MILESTONE_STAGES).optional().catch(undefined),
  lag: z.enum(LAG_FILTERS).optional().catch(undefined),
  asOf: optionalDate,
  sort: z.enum(PROJECT_SORT_KEYS).default("updatedAt").catch("updatedAt"),
  dir: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  page: pageParam,
  size: sizeParam,
});
export type ProjectListQuery = z.infer<typeof ProjectListQuery>;

export function parseProjectListQuery(searchParams: URLSearchParams): ProjectListQuery {
  return ProjectListQuery.parse(Object.fromEntries(searchParams));
}
