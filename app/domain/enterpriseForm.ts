// The enterprise form's schema (issue 15 §1), shared by react-hook-form in the browser and the actions: zod/mini.
// The credit code is checked with its GB 32100 check digit and stored normalised (upper case, no spaces).
import * as z from "zod/mini";
import { checkCreditCode, CREDIT_CODE_MESSAGES, normalizeCreditCode } from "./creditCode";
import { checkbox, optionalId, optionalText, optionalWanAmount, requiredText } from "./formFields";

const creditCode = z.pipe(
  z.string({ error: CREDIT_CODE_MESSAGES.empty }).check(
    z.superRefine((s, ctx) => {
      const problem = checkCreditCode(s);
      if (problem) ctx.issues.push({ code: "custom", message: CREDIT_CODE_MESSAGES[problem], input: s });
    }),
  ),
  z.transform((s) => normalizeCreditCode(s)),
);

const fields = {
  name: requiredText("请填写企业名称", 120),
  creditCode,
  countyId: optionalId("请选择县区"),
  originRegion: optionalText(60),
  address: optionalText(200),
  isKeyEnterprise: checkbox(),
  /** 年产值 in 万元 (integer, ≥ 0); empty = not known. */
  annualOutput: optionalWanAmount({ min: 0 }),
};

export const EnterpriseForm = z.object(fields);
export type EnterpriseFormValues = z.output<typeof EnterpriseForm>;

export const EnterpriseEditForm = z.object({
  ...fields,
  version: z.pipe(
    z.string({ error: "页面已过期，请刷新后重试" }).check(z.regex(/^\d{1,10}$/, "页面已过期，请刷新后重试")),
    z.transform(Number),
  ),
});
export type EnterpriseEditValues = z.output<typeof EnterpriseEditForm>;

/** Chinese names of the form's fields (conflict table). */
export const ENTERPRISE_FIELD_LABELS: Record<keyof EnterpriseFormValues, string> = {
  name: "企业名称",
  creditCode: "统一社会信用代码",
  countyId: "所在县区",
  originRegion: "来源地",
  address: "地址",
  isKeyEnterprise: "优势企业",
  annualOutput: "年产值（万元）",
};
