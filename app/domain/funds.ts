// 专项资金 (issue 18 §2, docs/decisions/205): the two 2亿 funds of the report (docs/design.md §2, 要素保障), their uses,
// the application workflow's labels and the forms. zod/mini: shared by react-hook-form in the browser and the actions.
// Money is integer 万元. The budget rule itself (Σ commitments of a year ≤ its budget) is checked in the database
// transaction (app/models/fund.server.ts); `fundBalance` here is the one formula the pages and the report show.
import * as z from "zod/mini";
import {
  enumKeys,
  idField,
  isoDate,
  oneOf,
  optionalId,
  optionalIsoDate,
  optionalText,
  requiredText,
  versionField,
  wanAmount,
} from "./formFields";

export type FundUse = "PPP_EQUITY" | "PPP_GUIDANCE" | "PPP_AWARD" | "INVESTMENT" | "GUARANTEE";
export type FundApplicationStatus = "SUBMITTED" | "REVIEWED" | "APPROVED" | "REJECTED";
export type GuaranteeRisk = "NORMAL" | "WATCH" | "COMPENSATED";

export const FUND_USE_LABELS: Record<FundUse, string> = {
  PPP_EQUITY: "股权投入",
  PPP_GUIDANCE: "项目引导",
  PPP_AWARD: "示范奖补",
  INVESTMENT: "投资基金（股权投资）",
  GUARANTEE: "担保资金（融资担保）",
};

/** The uses of each fund, by its code (the seed's two funds: PPP and TRANSFORM). */
export const FUND_USES: Record<string, readonly FundUse[]> = {
  PPP: ["PPP_EQUITY", "PPP_GUIDANCE", "PPP_AWARD"],
  TRANSFORM: ["INVESTMENT", "GUARANTEE"],
};

export function usesOf(fundCode: string): readonly FundUse[] {
  return FUND_USES[fundCode] ?? [];
}

export const FUND_STATUS_LABELS: Record<FundApplicationStatus, string> = {
  SUBMITTED: "已申请（待审核）",
  REVIEWED: "审核通过（待批复）",
  APPROVED: "已批复",
  REJECTED: "不予支持",
};

export const GUARANTEE_RISK_LABELS: Record<GuaranteeRisk, string> = {
  NORMAL: "正常",
  WATCH: "关注（有代偿风险）",
  COMPENSATED: "已代偿",
};

/** A guarantee is a commitment of the fund's capacity, not money paid out: it has no disbursements. */
export function isGuarantee(use: FundUse): boolean {
  return use === "GUARANTEE";
}

export interface FundTotals {
  budget: number;
  /** Σ approved amounts (commitments, 担保额度 included) of the year */
  committed: number;
  /** Σ disbursements of the year's applications */
  disbursed: number;
}

/** 余额 = 年度预算 − Σ 承诺（批复）: what may still be committed this year. */
export function fundBalance(t: Pick<FundTotals, "budget" | "committed">): number {
  return t.budget - t.committed;
}

// ── forms ────────────────────────────────────────────────────────────────────────────────────────────────

const USES = enumKeys(FUND_USE_LABELS);

/** 申请资金: a project of the applicant's, the use, the amount asked for, what it is for; files come alongside. */
export const FundApplyForm = z.object({
  intent: z.literal("apply"),
  projectId: idField("请选择申请项目"),
  use: oneOf(USES, "请选择资金用途"),
  requestedAmount: wanAmount({ required: "请填写申请金额（万元）", min: 1 }),
  purpose: requiredText("请填写资金用途说明", 500),
});
export type FundApplyValues = z.output<typeof FundApplyForm>;

/** 审核: pass it on to 批复, or refuse it (a note is then required). */
export const FundReviewForm = z
  .object({
    intent: z.literal("review"),
    version: versionField(),
    outcome: oneOf(["pass", "reject"] as const, "请选择审核结果"),
    reviewNote: optionalText(500),
  })
  .check(
    z.superRefine((v, c) => {
      if (v.outcome === "reject" && !v.reviewNote)
        c.issues.push({ code: "custom", path: ["reviewNote"], message: "不予支持须填写审核意见", input: v.reviewNote });
    }),
  );
export type FundReviewValues = z.output<typeof FundReviewForm>;

/** 批复: the committed amount (at most what was asked), the date and the 批复文号; a guarantee also its terms. */
export const FundApproveForm = z.object({
  intent: z.literal("approve"),
  version: versionField(),
  approvedAmount: wanAmount({ required: "请填写批复金额（万元）", min: 1 }),
  approvedOn: isoDate("请填写批复日期"),
  approvalNo: requiredText("请填写批复文号", 60),
  lender: optionalText(60),
  guaranteeEndsOn: optionalIsoDate(),
});
export type FundApproveValues = z.output<typeof FundApproveForm>;

/** 拨付: date, amount, voucher; links an existing funding record of the project or creates one. */
export const FundDisburseForm = z.object({
  intent: z.literal("disburse"),
  paidOn: isoDate("请填写拨付日期"),
  amount: wanAmount({ required: "请填写拨付金额（万元）", min: 1 }),
  voucherNo: requiredText("请填写拨付凭证号", 60),
  fundingRecordId: optionalId("到位记录无效"),
  note: optionalText(300),
});
export type FundDisburseValues = z.output<typeof FundDisburseForm>;

/** 担保状态: the 代偿 risk and what the fund has paid the lender in its place. */
export const GuaranteeStatusForm = z.object({
  intent: z.literal("guarantee"),
  version: versionField(),
  risk: oneOf(enumKeys(GUARANTEE_RISK_LABELS), "请选择代偿风险"),
  compensatedAmount: wanAmount({ required: "请填写代偿金额（万元），没有代偿填 0", min: 0 }),
});
export type GuaranteeStatusValues = z.output<typeof GuaranteeStatusForm>;

/** 年度预算 of a fund; `version` 0 when the year has no budget yet. */
export const FundBudgetForm = z.object({
  intent: z.literal("budget"),
  year: z.pipe(
    z.string({ error: "请填写年度" }).check(z.trim(), z.regex(/^20\d\d$/, "请填写有效的年度")),
    z.transform(Number),
  ),
  amount: wanAmount({ required: "请填写年度预算（万元）", min: 0 }),
  version: z.pipe(
    z.string({ error: "缺少版本号，请刷新页面后重试" }).check(z.regex(/^\d{1,9}$/, "版本号无效，请刷新页面后重试")),
    z.transform(Number),
  ),
});
export type FundBudgetValues = z.output<typeof FundBudgetForm>;

/** The year a fund page shows: `?year=` when it is a plausible year, else the current one. */
export function fundYear(raw: string | null, current: number): number {
  return raw && /^20\d\d$/.test(raw) ? Number(raw) : current;
}
