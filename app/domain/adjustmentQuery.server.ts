// URL state of the dynamic adjustment screen: plan year, review date, filters and each table's sort and page.
// Bad values fall back to defaults (a mistyped URL still shows the screen).
import { z } from "zod";
import { OUT_SORTS, IN_SORTS } from "./adjustmentQuery";
import { isIsoDate } from "./dates";
import { optionalId } from "./urlParams.server";

const dir = z.enum(["asc", "desc"]).default("desc").catch("desc");
const page = z.coerce.number().int().min(1).max(100_000).default(1).catch(1);

export const AdjustmentQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  asOf: z.string().refine(isIsoDate).optional().catch(undefined),
  county: optionalId,
  /** lagging: only plan projects that lag; all: every plan project */
  out: z.enum(["lagging", "all"]).default("lagging").catch("lagging"),
  /** ready: only reserve projects signed and landed; all: the whole reserve pool */
  in: z.enum(["ready", "all"]).default("ready").catch("ready"),
  osort: z.enum(OUT_SORTS).default("lag").catch("lag"),
  odir: dir,
  opage: page,
  isort: z.enum(IN_SORTS).default("stage").catch("stage"),
  idir: dir,
  ipage: page,
  hpage: page,
});
export type AdjustmentQuery = z.infer<typeof AdjustmentQuery>;

export function parseAdjustmentQuery(sp: URLSearchParams): AdjustmentQuery {
  return AdjustmentQuery.parse(Object.fromEntries(sp));
}
