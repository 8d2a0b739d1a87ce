// The policy library's URL state (/policies, docs/decisions/227): county (an id or "city"), category, search, page and
// page size — parsed on the server, bad values fall back to defaults (decision 186's style).
import { z } from "zod";
import { CITY_POLICY, INCENTIVE_CATEGORIES } from "./incentives";
import { optionalId, pageParam, searchParam, sizeParamWith } from "./urlParams.server";

export const PolicyListParams = z.object({
  county: z
    .union([z.literal(CITY_POLICY), optionalId])
    .optional()
    .catch(undefined),
  category: z.enum(INCENTIVE_CATEGORIES).optional().catch(undefined),
  q: searchParam,
  page: pageParam,
  size: sizeParamWith(50),
});

export function parsePolicyListQuery(sp: URLSearchParams) {
  const p = PolicyListParams.parse(Object.fromEntries(sp));
  return {
    county: p.county === CITY_POLICY ? ("city" as const) : (p.county ?? null),
    category: p.category ?? null,
    q: p.q,
    page: p.page,
    size: p.size,
  };
}
