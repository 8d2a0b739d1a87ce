// 优惠政策 (issue 15 §5, docs/decisions/121): the policy library's and a project's granted incentives' form schemas
// and the validity rule. Pure: shared by the browser and the actions.
import * as z from "zod/mini";
import type { IsoDate } from "./dates";
import { isoDate, optionalIsoDate, optionalWanAmount, requiredText } from "./formFields";

/** The categories, as the Chinese labels stored on policies and on projects' incentives (the seed's `kind`). */
export const INCENTIVE_CATEGORIES = ["土地", "电价", "奖补", "税收", "基金", "其他"] as const;
export type IncentiveCategory = (typeof INCENTIVE_CATEGORIES)[number];

/** The county select's value for the city's own policies (no county). */
export const CITY_POLICY = "city";
export const CITY_POLICY_LABEL = "市级（全市适用）";

export const POLICY_CONTENT_MAX = 2000;
export const TERMS_MAX = 300;

// a string in (what a <select> posts), one of the categories out
const category = z.pipe(
  z
    .string({ error: "请选择政策类别" })
    .check(z.refine((s) => (INCENTIVE_CATEGORIES as readonly string[]).includes(s), "请选择政策类别")),
  z.transform((s) => s as IncentiveCategory),
);
const version = z.pipe(
  z.string({ error: "页面已过期，请刷新后重试" }).check(z.regex(/^\d{1,9}$/, "页面已过期，请刷新后重试")),
  z.transform(Number),
);

const policyFields = {
  county: z.pipe(
    z.string({ error: "请选择适用县区" }).check(
      z.trim(),
      z.refine((s) => s === CITY_POLICY || /^\d{1,9}$/.test(s), "请选择适用县区"),
    ),
    z.transform((s) => (s === CITY_POLICY ? null : Number(s))),
  ),
  category,
  title: requiredText("请填写政策名称", 120),
  content: requiredText("请填写政策内容", POLICY_CONTENT_MAX),
  validFrom: isoDate("请填写生效日期"),
  validTo: optionalIsoDate(),
};

const validRange = z.superRefine((v: { validFrom: string; validTo: string | null }, ctx) => {
  if (v.validTo && v.validTo < v.validFrom)
    ctx.issues.push({ code: "custom", message: "失效日期不能早于生效日期", path: ["validTo"], input: v.validTo });
});

export const PolicyForm = z.object(policyFields).check(validRange);
export type PolicyFormValues = z.output<typeof PolicyForm>;
export const PolicyEditForm = z.object({ ...policyFields, version }).check(validRange);
export type PolicyEditValues = z.output<typeof PolicyEditForm>;
export const DeletePolicyForm = z.object({ version });

/** A project's granted incentive: a library policy (optional), its category, the promised terms and an amount. */
export const ProjectIncentiveForm = z.object({
  policyId: z.pipe(
    z.optional(z.string().check(z.trim(), z.regex(/^(\d{1,9})?$/, "请选择政策"))),
    z.transform((s) => (s ? Number(s) : null)),
  ),
  kind: category,
  content: requiredText("请填写对该项目承诺的政策条件", TERMS_MAX),
  amount: optionalWanAmount({ min: 1 }),
});
export const ProjectIncentiveEditForm = z.object({
  id: z.pipe(z.string({ error: "记录无效" }).check(z.regex(/^\d{1,9}$/, "记录无效")), z.transform(Number)),
  policyId: ProjectIncentiveForm.shape.policyId,
  kind: category,
  content: ProjectIncentiveForm.shape.content,
  amount: ProjectIncentiveForm.shape.amount,
});
export type ProjectIncentiveValues = z.output<typeof ProjectIncentiveForm>;

export type PolicyStatus = "未生效" | "有效" | "已失效";

/** Whether a policy is in force on `today` (Beijing date): from validFrom through validTo, both included. */
export function policyStatus(p: { validFrom: IsoDate; validTo: IsoDate | null }, today: IsoDate): PolicyStatus {
  if (today < p.validFrom) return "未生效";
  if (p.validTo && today > p.validTo) return "已失效";
  return "有效";
}

/** The refusal to delete a policy that projects still apply, naming them (at most five). */
export function policyInUseMessage(projects: readonly { name: string }[], total: number): string {
  const names = projects
    .slice(0, 5)
    .map((p) => `「${p.name}」`)
    .join("、");
  return `该政策已被 ${total} 个项目引用（${names}${total > 5 ? " 等" : ""}），不能删除；如政策已停止执行，请修改失效日期。`;
}
