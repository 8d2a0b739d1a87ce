// The move form's schema, shared by the browser (react-hook-form) and the action; zod/mini because it ships.
import * as z from "zod/mini";
import { isIsoDate } from "~/domain/dates";

export const AdjustForm = z.object({
  toPool: z.enum(["ACTIVE", "RESERVE", "WITHDRAWN"], { error: "请选择调整方式" }),
  reason: z
    .string({ error: "请填写调整理由" })
    .check(
      z.trim(),
      z.minLength(4, "请填写调整理由（至少 4 个字），说明项目推进情况"),
      z.maxLength(500, "调整理由不能超过 500 字"),
    ),
  decidedOn: z.string({ error: "请填写决定日期" }).check(z.refine(isIsoDate, "请填写有效的决定日期")),
  version: z.coerce.number().check(z.int(), z.positive(), z.maximum(2_147_483_647)),
  asOf: z.optional(z.string()),
});
