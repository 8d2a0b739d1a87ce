// The 客商 list's URL state (search, filters, sort, page), parsed on the server; bad values fall back.
import { z } from "zod";
import { SOURCE_REGION_LABELS } from "./labels";
import { optionalId, pageParam, searchParam, sizeParam } from "./urlParams.server";

export const INVESTOR_SORT_KEYS = ["name", "updatedAt"] as const;
export const InvestorListQuery = z.object({
  /** A name, a contact's name, or a phone number (digits; separators ignored). */
  q: searchParam,
  source: z
    .enum(Object.keys(SOURCE_REGION_LABELS) as [string, ...string[]])
    .optional()
    .catch(undefined),
  industry: optionalId,
  sort: z.enum(INVESTOR_SORT_KEYS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: pageParam,
  size: sizeParam,
});
export type InvestorListQuery = z.infer<typeof InvestorListQuery>;

export function parseInvestorListQuery(sp: URLSearchParams): InvestorListQuery {
  return InvestorListQuery.parse(Object.fromEntries(sp));
}
