// A reference-data list's URL state (/org/:kind, docs/decisions/186): search, the officials' level and county, page
// and page size; parsed on the server, bad values fall back to defaults.
import { z } from "zod";
import { optionalId, pageParam, searchParam, sizeParamWith } from "./urlParams.server";

export const ReferenceListQuery = z.object({
  q: searchParam,
  /** 领办领导 only: 市级 / 县级 */
  level: z.enum(["CITY", "COUNTY"]).optional().catch(undefined),
  /** 领办领导 only: a county's leaders */
  county: optionalId,
  page: pageParam,
  size: sizeParamWith(50),
});
export type ReferenceListQuery = z.infer<typeof ReferenceListQuery>;

export function parseReferenceListQuery(sp: URLSearchParams): ReferenceListQuery {
  return ReferenceListQuery.parse(Object.fromEntries(sp));
}
