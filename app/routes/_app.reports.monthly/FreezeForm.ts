// The freeze form's schema, shared by the browser (react-hook-form) and the action; zod/mini because it ships.
import * as z from "zod/mini";

export const FreezeForm = z.object({
  intent: z.literal("freeze"),
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/, "月份格式不正确")),
  confirm: z.literal("on", { error: "请先确认已核对本月数据" }),
});
