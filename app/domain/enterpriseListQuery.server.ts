// The enterprise registry's URL state (search, filters, sort, page), parsed on the server; bad values fall back.
import { z } from "zod";
import { optionalId, pageParam, searchParam, sizeParam } from "./urlParams.server";

export const ENTERPRISE_SORT_KEYS = ["name", "updatedAt"] as const;
export const EnterpriseListQuery = z.object({
  q: searchParam,
  county: optionalId,
  industry: optionalId,
  team: optionalId,
  /** 优势企业: "1" only them, "0" only the others. */
  key: z.enum(["1", "0"]).optional().catch(undefined),
  sort: z.enum(ENTERPRISE_SORT_KEYS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: pageParam,
  size: sizeParam,
});
export type EnterpriseListQuery = z.infer<typeof EnterpriseListQuery>;

export function parseEnterpriseListQuery(sp: URLSearchParams): EnterpriseListQuery {
  return EnterpriseListQuery.parse(Object.fromEntries(sp));
}
