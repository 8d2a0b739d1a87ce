// URL params every list shares (the register, the leads' and teams' tables, the issue queues, the reports),
// parsed with full zod on the server only: bad values fall back to defaults instead of failing, so a mistyped
// URL still shows the page. Client code imports constants from the client-safe modules beside these.
import { z } from "zod";
import { PAGE_SIZES } from "./projectListQuery";
import { stripNul } from "./text";

export const optionalId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
/** Free text (a search): NULs dropped (PostgreSQL text cannot hold them), trimmed, at most 60 characters. */
export const searchParam = z
  .string()
  .overwrite(stripNul)
  .trim()
  .max(60)
  .optional()
  .catch(undefined)
  .transform((s) => (s ? s : undefined));
export const pageParam = z.coerce.number().int().min(1).max(1_000_000).default(1).catch(1);
export const sizeParamWith = (fallback: (typeof PAGE_SIZES)[number]) =>
  z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .default(fallback)
    .catch(fallback);
export const sizeParam = sizeParamWith(20);
