// The issue queues' URL state (level tab, filters, sort, page) — parsed on the server. Bad values fall back to
// defaults so a mistyped link still shows a queue. Server-only (full zod): components import only the type.
import { z } from "zod";
import { ISSUE_CATEGORIES, ISSUE_LEVELS } from "./issueWorkflow";
import { optionalId, pageParam, searchParam, sizeParam } from "./urlParams.server";

export const ISSUE_SORT_KEYS = ["due", "submittedAt", "updatedAt", "code"] as const;
export const ISSUE_VIEWS = ["open", "resolved", "closed", "all"] as const;
export const CLOCK_FILTERS = ["red", "yellow", "green"] as const;

export const IssueListQuery = z.object({
  /** A level tab, or ALL; absent = the viewer's own level (see homeLevel). */
  level: z
    .enum([...ISSUE_LEVELS, "ALL"])
    .optional()
    .catch(undefined),
  view: z.enum(ISSUE_VIEWS).default("open").catch("open"),
  clock: z.enum(CLOCK_FILTERS).optional().catch(undefined),
  /** "1": open issues with any running 13710 step past its deadline (the dashboard's 超期诉求 alert). */
  overdue: z.enum(["1"]).optional().catch(undefined),
  category: z.enum(ISSUE_CATEGORIES).optional().catch(undefined),
  county: optionalId,
  mine: z.enum(["1"]).optional().catch(undefined),
  q: searchParam,
  sort: z.enum(ISSUE_SORT_KEYS).default("due").catch("due"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: pageParam,
  size: sizeParam,
});
export type IssueListQuery = z.infer<typeof IssueListQuery>;

export function parseIssueListQuery(searchParams: URLSearchParams): IssueListQuery {
  return IssueListQuery.parse(Object.fromEntries(searchParams));
}
