// Incentive 兑现 (issue 18 §3, docs/decisions/206): a project's promised incentive has a condition — 开工 or 投产 by a
// date, or an 产值 / 税收 threshold reached by a date — and payments (promised vs paid). One pure rule says when an
// incentive is to be recovered (追回): money was paid and the project was withdrawn (已调出), or the due date passed
// without the condition met. zod/mini forms for the condition and a payment.
import * as z from "zod/mini";
import type { IsoDate } from "./dates";
import {
  enumKeys,
  idField,
  isoDate,
  oneOf,
  optionalIsoDate,
  optionalText,
  optionalWanAmount,
  requiredText,
  versionField,
  wanAmount,
} from "./formFields";

export type IncentiveConditionKind = "STARTED" | "COMPLETED" | "OUTPUT" | "TAX";

export const INCENTIVE_CONDITION_LABELS: Record<IncentiveConditionKind, string> = {
  STARTED: "开工",
  COMPLETED: "竣工投产",
  OUTPUT: "年产值达到",
  TAX: "年税收达到",
};

export function needsThreshold(kind: IncentiveConditionKind | null): boolean {
  return kind === "OUTPUT" || kind === "TAX";
}

export interface FulfilmentFacts {
  conditionKind: IncentiveConditionKind | null;
  conditionValue: number | null;
  conditionDueOn: IsoDate | null;
  reportedValue: number | null;
  /** the project's pool: WITHDRAWN = 已调出 */
  pool: string;
  startedOn: IsoDate | null;
  completedOn: IsoDate | null;
  /** Σ paid so far, 万元 */
  paid: number;
}

export type FulfilmentState = "none" | "met" | "pending" | "missed";

/** Whether the condition is met (by its due date, where the stage's date says so), still open, or missed. */
export function conditionState(f: FulfilmentFacts, today: IsoDate): FulfilmentState {
  if (!f.conditionKind) return "none";
  const due = f.conditionDueOn;
  let met: boolean;
  if (f.conditionKind === "STARTED") met = f.startedOn !== null && (due === null || f.startedOn <= due);
  else if (f.conditionKind === "COMPLETED") met = f.completedOn !== null && (due === null || f.completedOn <= due);
  else met = f.reportedValue !== null && f.conditionValue !== null && f.reportedValue >= f.conditionValue;
  if (met) return "met";
  return due !== null && today > due ? "missed" : "pending";
}

/** 追回: paid money whose project was withdrawn or whose condition was missed; the reason in Chinese, or null. */
export function recoveryReason(f: FulfilmentFacts, today: IsoDate): string | null {
  if (f.paid <= 0) return null;
  if (f.pool === "WITHDRAWN") return "项目已调出，已兑现的优惠应追回";
  if (conditionState(f, today) === "missed")
    return `未在 ${f.conditionDueOn} 前达到兑现条件（${INCENTIVE_CONDITION_LABELS[f.conditionKind!]}），已兑现的优惠应追回`;
  return null;
}

export const IncentiveConditionForm = z
  .object({
    intent: z.literal("condition"),
    version: versionField(),
    conditionKind: oneOf(enumKeys(INCENTIVE_CONDITION_LABELS), "请选择兑现条件"),
    conditionValue: optionalWanAmount({ min: 1 }),
    conditionDueOn: optionalIsoDate(),
    reportedValue: optionalWanAmount({ min: 0 }),
  })
  .check(
    z.superRefine((v, c) => {
      if (needsThreshold(v.conditionKind) && v.conditionValue === null)
        c.issues.push({ code: "custom", path: ["conditionValue"], message: "请填写门槛金额（万元）", input: null });
      if (v.conditionDueOn === null)
        c.issues.push({ code: "custom", path: ["conditionDueOn"], message: "请填写达到条件的期限", input: null });
    }),
  );
export type IncentiveConditionValues = z.output<typeof IncentiveConditionForm>;

export const IncentivePaymentForm = z.object({
  intent: z.literal("pay"),
  paidOn: isoDate("请填写兑现日期"),
  amount: wanAmount({ required: "请填写兑现金额（万元）", min: 1 }),
  voucherNo: requiredText("请填写兑现凭证号", 60),
  note: optionalText(300),
});
export type IncentivePaymentValues = z.output<typeof IncentivePaymentForm>;

// 追回登记 (docs/decisions/274): money returned on a flagged incentive, in parts; together at most what was paid.
const recoveryFields = {
  recoveredOn: isoDate("请填写追回日期"),
  amount: wanAmount({ required: "请填写追回金额（万元）", min: 1 }),
  voucherNo: requiredText("请填写追回凭证号", 60),
  note: optionalText(300),
};

export const IncentiveRecoveryForm = z.object({ intent: z.literal("recover"), ...recoveryFields });
export type IncentiveRecoveryValues = z.output<typeof IncentiveRecoveryForm>;

export const IncentiveRecoveryEditForm = z.object({
  intent: z.literal("recoverEdit"),
  recoveryId: idField("缺少追回记录，请刷新页面后重试"),
  version: versionField(),
  ...recoveryFields,
});
export type IncentiveRecoveryEditValues = z.output<typeof IncentiveRecoveryEditForm>;

/** Where an incentive to recover stands (docs/decisions/275): all of it back, part of it, nothing yet. */
export type RecoveryStatus = "done" | "partial" | "none";

export const RECOVERY_STATUS_LABELS: Record<RecoveryStatus, string> = {
  done: "已追回完毕",
  partial: "部分追回",
  none: "未追回",
};

export function recoveryStatus(paid: number, recovered: number): RecoveryStatus {
  if (recovered <= 0) return "none";
  return recovered >= paid ? "done" : "partial";
}
