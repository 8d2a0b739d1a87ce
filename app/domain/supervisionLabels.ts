// 督办 labels and constants, browser-safe (no calendar): the pages import these; the workflow (./supervision.ts,
// server side in practice: it needs the working-day calendar) re-exports them.
export const SUPERVISION_STATES = ["ASSIGNED", "HANDLING", "REPORTED", "RETURNED", "CLOSED", "EVALUATED"] as const;
export type SupervisionState = (typeof SUPERVISION_STATES)[number];
export const SUPERVISION_STATE_LABELS: Record<SupervisionState, string> = {
  ASSIGNED: "待签收",
  HANDLING: "办理中",
  REPORTED: "待审核销号",
  RETURNED: "已退回重办",
  CLOSED: "已销号",
  EVALUATED: "已评价",
};
export const OPEN_SUPERVISION_STATES: readonly SupervisionState[] = ["ASSIGNED", "HANDLING", "RETURNED"];
export const DONE_SUPERVISION_STATES: readonly SupervisionState[] = ["CLOSED", "EVALUATED"];

export const SUPERVISION_LEVELS = ["NORMAL", "KEY", "URGENT"] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_LEVEL_LABELS: Record<SupervisionLevel, string> = {
  NORMAL: "一般",
  KEY: "重点",
  URGENT: "特急",
};

export const SUPERVISION_SOURCES = ["PROJECT", "ISSUE", "REPORT", "DECISION", "WORK"] as const;
export type SupervisionSource = (typeof SUPERVISION_SOURCES)[number];
export const SUPERVISION_SOURCE_LABELS: Record<SupervisionSource, string> = {
  PROJECT: "项目批示",
  ISSUE: "企业诉求批示",
  REPORT: "月度通报批示",
  DECISION: "重大决策部署",
  WORK: "重点工作",
};

export type SupervisionEventKind =
  | "ASSIGNED"
  | "SIGNED"
  | "PLAN"
  | "PROGRESS"
  | "ASSIST"
  | "EXTENSION_REQUESTED"
  | "EXTENSION_APPROVED"
  | "EXTENSION_REFUSED"
  | "FINISH_REPORTED"
  | "CLOSED"
  | "RETURNED"
  | "EVALUATED"
  | "URGED"
  | "AUTO_URGED";
export const SUPERVISION_EVENT_LABELS: Record<SupervisionEventKind, string> = {
  ASSIGNED: "批示交办",
  SIGNED: "签收",
  PLAN: "报送办理方案",
  PROGRESS: "报送办理进展",
  ASSIST: "协办单位反馈",
  EXTENSION_REQUESTED: "申请延期",
  EXTENSION_APPROVED: "批准延期",
  EXTENSION_REFUSED: "不批准延期",
  FINISH_REPORTED: "报送办结报告",
  CLOSED: "审核销号",
  RETURNED: "退回重办",
  EVALUATED: "评价",
  URGED: "催办",
  AUTO_URGED: "超时自动催办",
};

export const RATING_LABELS: Record<number, string> = { 4: "优秀", 3: "良好", 2: "一般", 1: "较差" };

export type SupervisionAction =
  | "sign"
  | "plan"
  | "progress"
  | "assist"
  | "requestExtension"
  | "approveExtension"
  | "refuseExtension"
  | "finish"
  | "close"
  | "return"
  | "evaluate"
  | "urge";

export const SUPERVISION_ACTION_LABELS: Record<SupervisionAction, string> = {
  sign: "签收",
  plan: "报送办理方案",
  progress: "报送办理进展",
  assist: "协办反馈",
  requestExtension: "申请延期",
  approveExtension: "批准延期",
  refuseExtension: "不批准延期",
  finish: "报送办结报告",
  close: "审核销号",
  return: "退回重办",
  evaluate: "评价",
  urge: "催办",
};

/** The 13710 policy for 督办 (issue 17): working days from 交办 to each step. */
export const SUPERVISION_POLICY = { signDays: 1, planDays: 3, progressDays: 7, finishDays: 10 } as const;

export type SupervisionStep = "SIGN" | "PLAN" | "PROGRESS" | "FINISH";
export const SUPERVISION_STEPS: readonly SupervisionStep[] = ["SIGN", "PLAN", "PROGRESS", "FINISH"];
export const SUPERVISION_STEP_LABELS: Record<SupervisionStep, string> = {
  SIGN: "签收",
  PLAN: "办理方案",
  PROGRESS: "进展反馈",
  FINISH: "办结",
};
