// Rules for logging, correcting and withdrawing milestones (docs/design.md §3): the order SIGNED → LAND → FUNDING →
// STARTED → COMPLETED is enforced, an actual date is never in the future nor before the previous stage's,
// each stage needs its evidence, and a correction or withdrawal needs a reason and may not break the chain.
// Pure functions: the action runs them inside the write transaction on freshly read milestones; the browser
// runs the same functions on the milestones it was shown, for an early answer.
import type { IsoDate } from "./dates";
import { MILESTONE_LABELS } from "./labels";
import { MILESTONE_STAGES, stageIndex, type MilestoneStage } from "./stage";

/** What counts as evidence per stage (the label of the evidence-number field). */
export const EVIDENCE_LABELS: Record<MilestoneStage, string> = {
  SIGNED: "投资协议（合同）编号",
  LAND: "土地出让合同或不动产权证书编号",
  FUNDING: "首笔资金到位凭证（收据/进账单）编号",
  STARTED: "建筑工程施工许可证编号",
  COMPLETED: "竣工验收文件（备案）编号",
};

export interface ChainMilestone {
  stage: MilestoneStage;
  actualOn: IsoDate | null;
}

export type MilestoneField = "stage" | "actualOn" | "evidenceNo" | "reason" | "amount" | "source";
export type MilestoneErrors = Partial<Record<MilestoneField, string>>;

export interface ChainContext {
  milestones: readonly ChainMilestone[];
  /** China-time calendar date of the request. */
  today: IsoDate;
  /** Whether the project already has a funding record (FUNDING's evidence is the first receipt). */
  hasFunding?: boolean;
}

const q = (s: MilestoneStage) => `「${MILESTONE_LABELS[s]}」`;

function actualOf(ms: readonly ChainMilestone[], stage: MilestoneStage): IsoDate | null {
  return ms.find((m) => m.stage === stage)?.actualOn ?? null;
}

export function previousStage(stage: MilestoneStage): MilestoneStage | null {
  const i = stageIndex(stage);
  return i > 0 ? MILESTONE_STAGES[i - 1] : null;
}

export function nextStage(stage: MilestoneStage): MilestoneStage | null {
  return MILESTONE_STAGES[stageIndex(stage) + 1] ?? null;
}

/** The stage to log next: the first one of the chain without an actual date; null when all are logged. */
export function nextStageToLog(ms: readonly ChainMilestone[]): MilestoneStage | null {
  for (const s of MILESTONE_STAGES) if (!actualOf(ms, s)) return s;
  return null;
}

/** The last stage of the unbroken chain with an actual date (the only one that may be withdrawn). */
export function lastLoggedStage(ms: readonly ChainMilestone[]): MilestoneStage | null {
  let last: MilestoneStage | null = null;
  for (const s of MILESTONE_STAGES) {
    if (!actualOf(ms, s)) break;
    last = s;
  }
  return last;
}

/** Date bounds for a stage's actual date: not before the previous stage's, not after a later logged one's. */
function dateErrors(stage: MilestoneStage, actualOn: IsoDate, ctx: ChainContext): string | undefined {
  if (actualOn > ctx.today) return `实际日期不能晚于今天（${ctx.today}）`;
  const prev = previousStage(stage);
  const prevOn = prev ? actualOf(ctx.milestones, prev) : null;
  if (prev && prevOn && actualOn < prevOn) return `实际日期不能早于${q(prev)}的日期（${prevOn}）`;
  for (let i = stageIndex(stage) + 1; i < MILESTONE_STAGES.length; i++) {
    const later = MILESTONE_STAGES[i];
    const laterOn = actualOf(ctx.milestones, later);
    if (laterOn && actualOn > laterOn) return `实际日期不能晚于${q(later)}的日期（${laterOn}）`;
  }
  return undefined;
}

export interface LogInput {
  stage: MilestoneStage;
  actualOn: IsoDate;
  evidenceNo: string | null;
  /** FUNDING only: the first receipt's amount in 万元 (creates the first funding record). */
  amount?: number | null;
  source?: string | null;
}

export function checkLog(input: LogInput, ctx: ChainContext): MilestoneErrors {
  const errors: MilestoneErrors = {};
  const already = actualOf(ctx.milestones, input.stage);
  const next = nextStageToLog(ctx.milestones);
  if (already) {
    errors.stage = `${q(input.stage)}已于 ${already} 登记；如需修改请使用“更正”`;
  } else if (next && stageIndex(input.stage) > stageIndex(next)) {
    errors.stage = `须先登记${q(next)}，不能跳过`;
  }
  const dateError = dateErrors(input.stage, input.actualOn, ctx);
  if (dateError) errors.actualOn = dateError;
  if (!input.evidenceNo?.trim()) errors.evidenceNo = `请填写${EVIDENCE_LABELS[input.stage]}`;
  if (input.stage === "FUNDING" && !ctx.hasFunding) {
    if (input.amount === null || input.amount === undefined)
      errors.amount = "首次登记资金到位须填写首笔到位金额（万元）";
    if (!input.source?.trim()) errors.source = "请填写首笔资金来源";
  }
  return errors;
}

export interface CorrectInput {
  stage: MilestoneStage;
  actualOn: IsoDate;
  evidenceNo: string | null;
  reason: string | null;
  /** The values on record, to refuse a "correction" that changes nothing. */
  current: { actualOn: IsoDate | null; evidenceNo: string | null };
}

export function checkCorrect(input: CorrectInput, ctx: ChainContext): MilestoneErrors {
  const errors: MilestoneErrors = {};
  if (!actualOf(ctx.milestones, input.stage)) {
    errors.stage = `${q(input.stage)}尚未登记，无法更正`;
    return errors;
  }
  const dateError = dateErrors(input.stage, input.actualOn, ctx);
  if (dateError) errors.actualOn = dateError;
  if (!input.evidenceNo?.trim()) errors.evidenceNo = `请填写${EVIDENCE_LABELS[input.stage]}`;
  if (!input.reason?.trim()) errors.reason = "请填写更正原因";
  if (
    !errors.actualOn &&
    !errors.evidenceNo &&
    input.actualOn === input.current.actualOn &&
    (input.evidenceNo ?? "").trim() === (input.current.evidenceNo ?? "").trim()
  ) {
    errors.actualOn = "更正后的日期和凭证与原记录相同";
  }
  return errors;
}

export function checkWithdraw(
  input: { stage: MilestoneStage; reason: string | null },
  ctx: ChainContext,
): MilestoneErrors {
  const errors: MilestoneErrors = {};
  if (!actualOf(ctx.milestones, input.stage)) {
    errors.stage = `${q(input.stage)}尚未登记，无需撤回`;
  } else {
    for (let i = stageIndex(input.stage) + 1; i < MILESTONE_STAGES.length; i++) {
      const later = MILESTONE_STAGES[i];
      if (actualOf(ctx.milestones, later)) {
        errors.stage = `${q(later)}已登记，须先撤回${q(later)}才能撤回${q(input.stage)}`;
        break;
      }
    }
  }
  if (!input.reason?.trim()) errors.reason = "请填写撤回原因";
  return errors;
}

export function hasErrors(e: Record<string, string | undefined>): boolean {
  return Object.values(e).some(Boolean);
}
