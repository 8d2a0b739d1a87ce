// URL state of the team pages' tables (sort, page, filters), parsed on the server; bad values fall back to
// defaults so a mistyped URL still shows the page (as projectListQuery.server.ts does for the register).
import { z } from "zod";
import {
  optionalId,
  pageParam as page,
  searchParam as text,
  sizeParam as size,
  sizeParamWith as sizeWith,
} from "./urlParams.server";

const dir = z.enum(["asc", "desc"]);

export const TEAM_SORT_KEYS = [
  "no",
  "leader",
  "members",
  "projects",
  "enterprises",
  "lastActivity",
  "overdue",
] as const;
export const TeamListQuery = z.object({
  q: text,
  sort: z.enum(TEAM_SORT_KEYS).default("no").catch("no"),
  dir: dir.default("asc").catch("asc"),
  page,
  size: sizeWith(50),
});
export type TeamListQuery = z.infer<typeof TeamListQuery>;

export const TEAM_PROJECT_SORT_KEYS = ["name", "county", "stage", "totalInvestment", "updatedAt"] as const;
export const TeamProjectsQuery = z.object({
  sort: z.enum(TEAM_PROJECT_SORT_KEYS).default("name").catch("name"),
  dir: dir.default("asc").catch("asc"),
  page,
  size,
});
export type TeamProjectsQuery = z.infer<typeof TeamProjectsQuery>;

export const AssignCandidatesQuery = z.object({
  kind: z.enum(["projects", "enterprises"]).default("projects").catch("projects"),
  q: text,
  county: optionalId,
  /** "unassigned" (default), "other" (assigned to another team) or "all". */
  show: z.enum(["unassigned", "other", "all"]).default("unassigned").catch("unassigned"),
  sort: z.enum(["name", "county", "team"]).default("name").catch("name"),
  dir: dir.default("asc").catch("asc"),
  page,
  size,
});
export type AssignCandidatesQuery = z.infer<typeof AssignCandidatesQuery>;

export function parseQuery<T extends z.ZodTypeAny>(schema: T, sp: URLSearchParams): z.infer<T> {
  return schema.parse(Object.fromEntries(sp));
}
