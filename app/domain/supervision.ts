// 督办 (issue 17, docs/decisions/141): a leader's 批示 becomes a 督办事项 with a 主办 unit, 协办 units and 13710
// deadlines — 1 working day to 签收, 3 to a plan (办理方案), 7 to the first progress report, 10 to 办结 (or the
// leader's own number of working days, or a fixed date). The workflow:
//   交办 (ASSIGNED) → 签收 → 办理 (HANDLING: 方案, 进展, 协办反馈; 申请延期 → 批准/不批准) → 办结报告 (REPORTED)
//   → 审核销号 (CLOSED) or 退回 (RETURNED, handled again) → 评价 (EVALUATED).
// Who may do what, what each step writes, the 红黄牌 and the overdue steps the sweep 催办s are decided here, pure;
// the commands (app/models/supervision.server.ts) lock, re-read, apply the plan, and audit.
import { Refusal } from "./refusal";
import type { RoleKey } from "./labels";
import { chinaToday, type IsoDate } from "./dates";
import { dueSoonCutoff, endOfChinaDay, workingDeadline, workingDaysLeft, workingDaysOverdue } from "./sla13710";
import type { WorkCalendar } from "./workdays";
import {
  DONE_SUPERVISION_STATES,
  OPEN_SUPERVISION_STATES,
  RATING_LABELS,
  SUPERVISION_ACTION_LABELS,
  type SupervisionAction,
  type SupervisionEventKind,
  type SupervisionState,
  SUPERVISION_POLICY,
  SUPERVISION_STEP_LABELS,
  SUPERVISION_STEPS,
  type SupervisionStep,
} from "./supervisionLabels";

export * from "./supervisionLabels";

/** 办结 by the 13710 policy, within N working days, or by a fixed date. */
export type DueRule = { kind: "days"; days: number } | { kind: "date"; date: IsoDate };

export interface SupervisionDeadlines {
  signDueAt: Date;
  planDueAt: Date;
  progressDueAt: Date;
  finishDueAt: Date;
}

/** The four deadlines of an item assigned at `assignedAt`; no step is due after 办结. */
export function supervisionDeadlines(assignedAt: Date, rule: DueRule, cal: WorkCalendar): SupervisionDeadlines {
  const finishDueAt = rule.kind === "days" ? workingDeadline(assignedAt, rule.days, cal) : endOfChinaDay(rule.date);
  const cap = (d: Date) => (d.getTime() > finishDueAt.getTime() ? finishDueAt : d);
  return {
    signDueAt: cap(workingDeadline(assignedAt, SUPERVISION_POLICY.signDays, cal)),
    planDueAt: cap(workingDeadline(assignedAt, SUPERVISION_POLICY.planDays, cal)),
    progressDueAt: cap(workingDeadline(assignedAt, SUPERVISION_POLICY.progressDays, cal)),
    finishDueAt,
  };
}

/** The item's columns the workflow reads. */
export interface SupervisionRef {
  id: number;
  state: SupervisionState;
  leaderId: number;
  signDueAt: Date;
  planDueAt: Date;
  progressDueAt: Date;
  finishDueAt: Date;
  signedAt: Date | null;
  plannedAt: Date | null;
  progressedAt: Date | null;
  reportedAt: Date | null;
  pendingDueAt: Date | null;
  version: number;
}

function stepDue(s: SupervisionRef, step: SupervisionStep): Date {
  return step === "SIGN"
    ? s.signDueAt
    : step === "PLAN"
      ? s.planDueAt
      : step === "PROGRESS"
        ? s.progressDueAt
        : s.finishDueAt;
}

function stepDone(s: SupervisionRef, step: SupervisionStep): boolean {
  if (!OPEN_SUPERVISION_STATES.includes(s.state)) return true; // reported, closed: the unit's clock stopped
  if (step === "SIGN") return s.signedAt !== null;
  if (step === "PLAN") return s.plannedAt !== null;
  if (step === "PROGRESS") return s.progressedAt !== null;
  return false;
}

/** Steps still owed, each with its deadline, earliest first. */
export function openSteps(s: SupervisionRef): { step: SupervisionStep; dueAt: Date }[] {
  return SUPERVISION_STEPS.filter((st) => !stepDone(s, st))
    .map((step) => ({ step, dueAt: stepDue(s, step) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Owed steps whose deadline has passed at `now`: each gets one automatic 催办 (per deadline). */
export function overdueSteps(s: SupervisionRef, now: Date): { step: SupervisionStep; dueAt: Date }[] {
  return openSteps(s).filter((x) => x.dueAt.getTime() <= now.getTime());
}

/** The sweep's once-only key for an overdue step's 催办 (a new deadline after an extension may be urged again). */
export function autoUrgeKey(id: number, step: SupervisionStep, dueAt: Date): string {
  return `supervision:${id}:${step}:${dueAt.toISOString()}`;
}

export type CardColor = "green" | "yellow" | "red" | "stopped";
export interface Card {
  color: CardColor;
  step: SupervisionStep | null;
  dueAt: Date | null;
  /** Working days left (green/yellow) or overdue (red). */
  workingDays: number | null;
  text: string;
}

/**
 * 红黄牌: red once the earliest owed step's deadline has passed, yellow within 1 working day of it (today counts when
 * it is a working day, as on issues), green otherwise; stopped once 办结 is reported.
 */
export function supervisionCard(s: SupervisionRef, now: Date, cal: WorkCalendar): Card {
  const next = openSteps(s)[0];
  if (!next) return { color: "stopped", step: null, dueAt: null, workingDays: null, text: stoppedText(s.state) };
  const label = SUPERVISION_STEP_LABELS[next.step];
  if (next.dueAt.getTime() <= now.getTime()) {
    const days = workingDaysOverdue(now, next.dueAt, cal);
    return {
      color: "red",
      step: next.step,
      dueAt: next.dueAt,
      workingDays: days,
      text: days ? `红牌：${label}已超期 ${days} 个工作日` : `红牌：${label}已超期`,
    };
  }
  const left = workingDaysLeft(now, next.dueAt, cal);
  const yellow = next.dueAt.getTime() <= dueSoonCutoff(now, 1, cal).getTime();
  return {
    color: yellow ? "yellow" : "green",
    step: next.step,
    dueAt: next.dueAt,
    workingDays: left,
    text: yellow ? `黄牌：${label}即将到期` : `${label}剩余 ${left} 个工作日`,
  };
}

function stoppedText(state: SupervisionState): string {
  return state === "REPORTED" ? "已报办结，待审核" : state === "CLOSED" ? "已销号" : "已评价";
}

export function isOverdue(s: SupervisionRef, now: Date): boolean {
  return overdueSteps(s, now).length > 0;
}

// — who may do what —

/** A 责任单位 as the workflow sees it: whose accounts act for it (docs/decisions/140). */
export interface UnitRef {
  departmentId: number;
  staffedBy: string;
  countyId: number | null;
  isLead: boolean;
}

export interface ActorRef {
  id: number;
  role: RoleKey;
  countyId: number | null;
  departmentId?: number | null;
}

/** Does this account act for the unit? DEPARTMENT accounts for theirs; EIC, BUREAU, COUNTY accounts for theirs. */
export function actsFor(v: ActorRef, u: Pick<UnitRef, "departmentId" | "staffedBy" | "countyId">): boolean {
  switch (v.role) {
    case "DEPARTMENT":
      return u.staffedBy === "DEPARTMENT" && u.departmentId === (v.departmentId ?? null);
    case "EIC":
      return u.staffedBy === "EIC";
    case "BUREAU":
      return u.staffedBy === "BUREAU";
    case "COUNTY":
      return u.staffedBy === "COUNTY" && u.countyId !== null && u.countyId === v.countyId;
    default:
      return false;
  }
}

/** The 督查 office (市政府督查室): a right of the bureau (docs/decisions/140), and the 系统管理员's. */
export function isSupervisionOffice(v: Pick<ActorRef, "role">): boolean {
  return v.role === "BUREAU" || v.role === "ADMIN";
}

/** Who writes 批示: the city leaders. */
export function canInstruct(v: Pick<ActorRef, "role">): boolean {
  return v.role === "LEADER";
}

const HANDLING: readonly SupervisionState[] = ["HANDLING", "RETURNED"];

/** Does the state allow the action (whoever asks)? */
export function stateAllows(s: Pick<SupervisionRef, "state" | "pendingDueAt">, a: SupervisionAction): boolean {
  switch (a) {
    case "sign":
      return s.state === "ASSIGNED";
    case "plan":
    case "progress":
    case "finish":
      return HANDLING.includes(s.state);
    case "assist":
      return OPEN_SUPERVISION_STATES.includes(s.state);
    case "requestExtension":
      return HANDLING.includes(s.state) && s.pendingDueAt === null;
    case "approveExtension":
    case "refuseExtension":
      return s.pendingDueAt !== null && OPEN_SUPERVISION_STATES.includes(s.state);
    case "close":
    case "return":
      return s.state === "REPORTED";
    case "evaluate":
      return s.state === "CLOSED";
    case "urge":
      return OPEN_SUPERVISION_STATES.includes(s.state);
  }
}

/** Does the role side allow it: the 主办 unit handles, 协办 units feed back, the office decides, the leader urges. */
export function roleAllows(v: ActorRef, s: Pick<SupervisionRef, "leaderId">, units: UnitRef[], a: SupervisionAction) {
  const lead = units.some((u) => u.isLead && actsFor(v, u));
  const assist = units.some((u) => !u.isLead && actsFor(v, u));
  switch (a) {
    case "sign":
    case "plan":
    case "progress":
    case "requestExtension":
    case "finish":
      return lead;
    case "assist":
      return assist;
    case "approveExtension":
    case "refuseExtension":
    case "close":
    case "return":
    case "evaluate":
      return isSupervisionOffice(v);
    case "urge":
      return isSupervisionOffice(v) || (v.role === "LEADER" && v.id === s.leaderId);
  }
}

export function canDoSupervision(v: ActorRef, s: SupervisionRef, units: UnitRef[], a: SupervisionAction): boolean {
  return stateAllows(s, a) && roleAllows(v, s, units, a);
}

export function supervisionActions(v: ActorRef, s: SupervisionRef, units: UnitRef[]): SupervisionAction[] {
  return (Object.keys(SUPERVISION_ACTION_LABELS) as SupervisionAction[]).filter((a) =>
    canDoSupervision(v, s, units, a),
  );
}

// — what each step writes —

export type SupervisionCommand =
  | { type: "sign"; note?: string | null }
  | { type: "plan"; note: string }
  | { type: "progress"; note: string }
  | { type: "assist"; note: string }
  | { type: "requestExtension"; note: string; newDueOn: IsoDate }
  | { type: "approveExtension"; note?: string | null }
  | { type: "refuseExtension"; note: string }
  | { type: "finish"; note: string }
  | { type: "close"; note?: string | null }
  | { type: "return"; note: string }
  | { type: "evaluate"; rating: number; note?: string | null }
  | { type: "urge"; note?: string | null };

export interface SupervisionPatch {
  state?: SupervisionState;
  signedAt?: Date;
  plannedAt?: Date;
  progressedAt?: Date;
  reportedAt?: Date;
  closedAt?: Date;
  evaluatedAt?: Date;
  onTime?: boolean;
  rating?: number;
  evaluation?: string | null;
  finishDueAt?: Date;
  pendingDueAt?: Date | null;
  pendingReason?: string | null;
  extensionCount?: { increment: number };
  urgeCount?: { increment: number };
  latestProgress?: string;
  latestAt?: Date;
}

export interface SupervisionPlan {
  patch: SupervisionPatch;
  event: { kind: SupervisionEventKind; note: string | null; dueAt?: Date | null };
  /** What the flash says. */
  message: string;
}

/**
 * The change a command makes at `now` (who may do it is checked first, with canDoSupervision). Throws a Refusal
 * for a rule the form cannot check alone (an extension date not after the current deadline).
 */
export function planSupervision(
  s: SupervisionRef,
  cmd: SupervisionCommand,
  now: Date,
  unitName: string | null,
): SupervisionPlan {
  const note = "note" in cmd ? (cmd.note?.trim() ?? "") || null : null;
  const who = unitName ?? "";
  switch (cmd.type) {
    case "sign":
      return {
        patch: { state: "HANDLING", signedAt: now },
        event: { kind: "SIGNED", note },
        message: "已签收，请在时限内报送办理方案和进展",
      };
    case "plan":
      return {
        patch: { plannedAt: now, latestProgress: `【办理方案】${note}`, latestAt: now },
        event: { kind: "PLAN", note },
        message: "办理方案已报送",
      };
    case "progress":
      return {
        patch: {
          progressedAt: s.progressedAt ?? now,
          // a progress report before any plan is the plan too: the step is the report, not its label
          ...(s.plannedAt ? {} : { plannedAt: now }),
          latestProgress: note ?? "",
          latestAt: now,
        },
        event: { kind: "PROGRESS", note },
        message: "办理进展已报送",
      };
    case "assist":
      return {
        patch: { latestProgress: `【${who}】${note}`, latestAt: now },
        event: { kind: "ASSIST", note },
        message: "协办反馈已报送主办单位",
      };
    case "requestExtension": {
      const due = endOfChinaDay(cmd.newDueOn);
      if (due.getTime() <= s.finishDueAt.getTime())
        throw Refusal.fields({ newDueOn: "延期后的办结时限须晚于现在的时限" });
      if (due.getTime() <= now.getTime()) throw Refusal.fields({ newDueOn: "延期后的办结时限须在今天之后" });
      return {
        patch: { pendingDueAt: due, pendingReason: note },
        event: { kind: "EXTENSION_REQUESTED", note, dueAt: due },
        message: "延期申请已提交督查室审批",
      };
    }
    case "approveExtension":
      return {
        patch: {
          finishDueAt: s.pendingDueAt ?? s.finishDueAt,
          pendingDueAt: null,
          pendingReason: null,
          extensionCount: { increment: 1 },
        },
        event: { kind: "EXTENSION_APPROVED", note, dueAt: s.pendingDueAt },
        message: "已批准延期，办结时限已调整",
      };
    case "refuseExtension":
      return {
        patch: { pendingDueAt: null, pendingReason: null },
        event: { kind: "EXTENSION_REFUSED", note, dueAt: s.pendingDueAt },
        message: "已不批准延期，原时限不变",
      };
    case "finish":
      return {
        patch: { state: "REPORTED", reportedAt: now, latestProgress: `【办结报告】${note}`, latestAt: now },
        event: { kind: "FINISH_REPORTED", note },
        message: "办结报告已报送督查室审核",
      };
    case "close":
      return {
        patch: {
          state: "CLOSED",
          closedAt: now,
          onTime: (s.reportedAt ?? now).getTime() <= s.finishDueAt.getTime(),
        },
        event: { kind: "CLOSED", note },
        message: "已审核销号",
      };
    case "return":
      return {
        patch: { state: "RETURNED" },
        event: { kind: "RETURNED", note },
        message: "已退回主办单位重新办理",
      };
    case "evaluate":
      return {
        patch: { state: "EVALUATED", evaluatedAt: now, rating: cmd.rating, evaluation: note },
        event: { kind: "EVALUATED", note: `${RATING_LABELS[cmd.rating] ?? cmd.rating}${note ? `：${note}` : ""}` },
        message: "评价已保存",
      };
    case "urge":
      return {
        patch: { urgeCount: { increment: 1 } },
        event: { kind: "URGED", note },
        message: "已催办，主办单位已收到提醒",
      };
  }
}

// — the ledger's numbers —

export interface UnitStatRow {
  state: SupervisionState;
  onTime: boolean | null;
  finishDueAt: Date;
  urgeCount: number;
}

export interface UnitStat {
  total: number;
  /** 应办结: closed, or still open past the 办结 deadline. */
  due: number;
  onTime: number;
  /** 按时办结率 in percent (one decimal), null when nothing is due yet. */
  onTimeRate: number | null;
  urges: number;
  overdue: number;
}

/**
 * Per 主办 unit: 按时办结率 = items closed by their deadline (extensions approved count) ÷ items that should be
 * closed (closed, or open past the 办结 deadline); 催办次数 = all 催办, by hand and automatic.
 */
export function unitStat(rows: readonly UnitStatRow[], now: Date): UnitStat {
  let due = 0;
  let onTime = 0;
  let urges = 0;
  let overdue = 0;
  for (const r of rows) {
    urges += r.urgeCount;
    const done = DONE_SUPERVISION_STATES.includes(r.state);
    const late = !done && r.state !== "REPORTED" && r.finishDueAt.getTime() <= now.getTime();
    if (late) overdue++;
    if (done || late) due++;
    if (done && r.onTime) onTime++;
  }
  return {
    total: rows.length,
    due,
    onTime,
    onTimeRate: due ? Math.round((onTime / due) * 1000) / 10 : null,
    urges,
    overdue,
  };
}

/** "DB-2017-0001": 督办 and the year of 交办. */
export function supervisionCode(year: number, seq: number): string {
  return `DB-${year}-${String(seq).padStart(4, "0")}`;
}

export function dueRuleText(finishDays: number | null, finishDueAt: Date): string {
  return finishDays === null
    ? `限 ${chinaToday(new Date(finishDueAt.getTime() - 1))} 前办结`
    : finishDays === SUPERVISION_POLICY.finishDays
      ? "13710（10 个工作日办结）"
      : `${finishDays} 个工作日办结`;
}
