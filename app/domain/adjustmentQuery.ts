// URL state of the dynamic adjustment screen: plan year, review date, filters and each table's sort and page.
// Bad values fall back to defaults (a mistyped URL still shows the screen).
import { z } from "zod";
import { isIsoDate } from "./dates";

export const OUT_SORTS = ["lag", "name", "annual"] as const;
export const IN_SORTS = ["stage", "name", "annual"] as const;
export const ADJUSTMENT_PAGE_SIZE = 20;

const dir = z.enum(["asc", "desc"]).default("desc").catch("desc");
const page = z.coerce.number().int().min(1).max(100_000).default(1).catch(1);

export const AdjustmentQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  asOf: z
    .string()
    .refine(isIsoDate)
    .optional()
    .catch(undefined),
  county: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
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
