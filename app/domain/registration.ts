// 企业自助注册 (issue 15 §3, docs/decisions/120): the public form's schema, the review forms' schemas and the rules
// that do not need the database. Pure: shared by the browser (field checks) and the actions.
import * as z from "zod/mini";
import { PHONE_RE } from "./accountPolicy";
import { normalizeCreditCode } from "./creditCode";
import { EnterpriseForm } from "./enterpriseForm";
import { requiredText } from "./formFields";

/** The county select's value for an enterprise of the city itself (市本级): 市经信委 reviews it. */
export const CITY_LEVEL = "city";
export const CITY_LEVEL_LABEL = "市本级（由市经信委审核）";

export const RegistrationForm = z.object({
  // the registry's own fields (GB 32100 check digit, the code normalised; the name)
  creditCode: EnterpriseForm.shape.creditCode,
  name: EnterpriseForm.shape.name,
  county: z.pipe(
    z.string({ error: "请选择所在县区" }).check(
      z.trim(),
      z.refine((s) => s === CITY_LEVEL || /^\d{1,9}$/.test(s), "请选择所在县区"),
    ),
    z.transform((s) => (s === CITY_LEVEL ? null : Number(s))),
  ),
  contactName: requiredText("请填写联系人姓名", 40),
  phone: z.string({ error: "请填写联系电话" }).check(
    z.trim(),
    z.minLength(1, "请填写联系电话"),
    z.refine((s) => s === "" || PHONE_RE.test(s), "请填写有效的手机号或座机号（如 13912345678、0354-1234567）"),
  ),
});
export type RegistrationFormValues = z.output<typeof RegistrationForm>;

export const REFUSAL_REASON_MAX = 300;
export const RefuseRegistrationForm = z.object({
  reason: requiredText("请填写不予通过的理由（将告知申请企业）", REFUSAL_REASON_MAX),
  version: z.pipe(
    z.string({ error: "页面已过期，请刷新后重试" }).check(z.regex(/^\d{1,9}$/, "页面已过期，请刷新后重试")),
    z.transform(Number),
  ),
});

export const ApproveRegistrationForm = z.object({
  version: z.pipe(
    z.string({ error: "页面已过期，请刷新后重试" }).check(z.regex(/^\d{1,9}$/, "页面已过期，请刷新后重试")),
    z.transform(Number),
  ),
});

/**
 * The one answer to a credit code that already has an enterprise account or a pending application. It names no
 * enterprise, county or date, and has the shape of every other refusal of the form, so the form cannot be used to
 * list who is registered (each try also counts against the address's limit).
 */
export const DUPLICATE_CODE_MESSAGE =
  "该统一社会信用代码已开通企业账号或已有待审核的申请，不能重复申请。如需找回账号，请联系所在县区企业服务办公室。";

export const REGISTRATION_RATE_MESSAGE = "提交过于频繁，请 1 小时后再试";
/** Submissions per address per window (accepted or refused alike). */
export const REGISTRATION_LIMIT = { perAddress: 5, windowMinutes: 60 } as const;

/** Whether an address may submit again: fewer than the limit in the window before `at`. */
export function underRegistrationLimit(attemptTimes: readonly Date[], at: Date): boolean {
  const since = at.getTime() - REGISTRATION_LIMIT.windowMinutes * 60_000;
  return (
    attemptTimes.filter((t) => t.getTime() > since && t.getTime() <= at.getTime()).length <
    REGISTRATION_LIMIT.perAddress
  );
}

/** The account's user name: `ent.` and the credit code in lower case (unique because the code is). */
export function registrationUsername(creditCode: string): string {
  return `ent.${normalizeCreditCode(creditCode).toLowerCase()}`;
}

export const REGISTRATION_STATUS_LABELS = { PENDING: "待审核", APPROVED: "已通过", REFUSED: "未通过" } as const;
export type RegistrationStatusKey = keyof typeof REGISTRATION_STATUS_LABELS;
