// The 追回清单's URL state (/incentives/recovery, docs/decisions/225, 275): search, county, 追回 status, page and page
// size; parsed on the
// server, bad values fall back to defaults (as the reference lists, decision 186).
import { z } from "zod";
import { optionalId, pageParam, searchParam, sizeParamWith } from "./urlParams.server";

export const RecoveryListQuery = z.object({
  q: searchParam,
  county: optionalId,
  status: z.enum(["done", "partial", "none"]).optional().catch(undefined),
  page: pageParam,
  size: sizeParamWith(20),
});
export type RecoveryListQuery = z.infer<typeof RecoveryListQuery>;

export function parseRecoveryListQuery(sp: URLSearchParams): RecoveryListQuery {
  return RecoveryListQuery.parse(Object.fromEntries(sp));
}
