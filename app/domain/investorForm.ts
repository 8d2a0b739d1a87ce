// The 客商 forms (issue 22 §1, docs/decisions/175): the investor itself, one contact, and the merge confirmation.
// zod/mini: shared by react-hook-form in the browser and the actions.
import * as z from "zod/mini";
import { phoneProblem } from "./enterpriseContactForm";
import { idField, optionalId, optionalText, requiredText, versionField } from "./formFields";
import { SOURCE_REGION_LABELS } from "./labels";

const SOURCE_KEYS = Object.keys(SOURCE_REGION_LABELS) as [
  keyof typeof SOURCE_REGION_LABELS,
  ...(keyof typeof SOURCE_REGION_LABELS)[],
];

export const InvestorForm = z.object({
  name: requiredText("请填写客商名称", 120),
  sourceRegion: z.enum(SOURCE_KEYS, "请选择来源地"),
  industryId: optionalId("产业无效"),
  /** The registry's record once the investor has registered: its 统一社会信用代码 (looked up on the server). */
  enterpriseCode: optionalText(22),
  /** The county that keeps the record; empty: the city's (only the bureau and the admin may choose that). */
  countyId: optionalId("县区无效"),
  note: optionalText(2000),
});
export type InvestorFormInput = z.input<typeof InvestorForm>;
export type InvestorFormValues = z.output<typeof InvestorForm>;

export const InvestorEditForm = z.extend(InvestorForm, { version: versionField() });
export type InvestorEditValues = z.output<typeof InvestorEditForm>;

const phone = z.pipe(
  optionalText(30),
  z.nullable(z.string()).check(
    z.superRefine((s, ctx) => {
      const problem = s === null ? null : phoneProblem(s);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: s });
    }),
  ),
);

/** A WeChat id: 6–20 letters, digits, "_" or "-", starting with a letter (or a phone number, which WeChat accepts). */
export function wechatProblem(s: string): string | null {
  if (/^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/.test(s)) return null;
  if (/^\+?\d{7,20}$/.test(s)) return null;
  return "微信号为 6–20 位字母、数字、下划线或减号，以字母开头（或填写手机号）";
}

const wechat = z.pipe(
  optionalText(40),
  z.nullable(z.string()).check(
    z.superRefine((s, ctx) => {
      const problem = s === null ? null : wechatProblem(s);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: s });
    }),
  ),
);

const email = z.pipe(
  optionalText(120),
  z
    .nullable(z.string())
    .check(
      z.refine((s) => s === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), "电子邮箱格式不正确，例如 name@example.com"),
    ),
);

export const InvestorContactForm = z.object({
  name: requiredText("请填写联系人姓名", 40),
  title: optionalText(60),
  phone,
  wechat,
  email,
});
export type InvestorContactValues = z.output<typeof InvestorContactForm>;

export const InvestorMergeForm = z.object({
  duplicateId: idField("请选择要并入的重复客商"),
  survivorVersion: versionField(),
  duplicateVersion: versionField(),
});
export type InvestorMergeValues = z.output<typeof InvestorMergeForm>;
