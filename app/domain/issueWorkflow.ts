// The life of an enterprise issue (企业诉求): who may do what at which level (DESIGN §6), and what each action
// does to the issue — as pure functions, so the rules are unit-tested and the action only has to enforce them.
//
// Levels TEAM → COUNTY → CITY → PROVINCE. An escalation (or a return to a lower level) hands the issue to another
// office, which must accept it again: the status goes back to SUBMITTED and the 13710 clock restarts. A rejected
// resolution or a reopened closed issue goes to REOPENED at the same level, also with a fresh clock.
//
// Who handles each level:
//   TEAM      the issue's service team (the project's team) — its members
//   COUNTY    COUNTY users of the issue's county
//   CITY      市经信委 (EIC). 政策兑现 issues also the 投资促进局 (BUREAU): the incentives are promised in the
//             investment agreements the bureau negotiates, so it is the office that can make them happen.
//   PROVINCE  the same city-level offices, recording the province's progress (the province has no accounts here)
//   ADMIN handles every level. LEADER reads everything and comments. The enterprise confirms or rejects.
import type { Viewer } from "./permissions";
import { clockDeadlines, workingDeadline, type ClockStatus, type SlaPolicy } from "./sla13710";
import type { WorkCalendar } from "./workdays";

export const ISSUE_LEVELS = ["TEAM", "COUNTY", "CITY", "PROVINCE"] as const;
export type IssueLevel = (typeof ISSUE_LEVELS)[number];
export type IssueStatus = ClockStatus;
export const ISSUE_STATUSES: readonly IssueStatus[] = ["SUBMITTED", "ACCEPTED", "RESPONDED", "RESOLVED", "CLOSED", "REOPENED"];
/** Statuses in which the 13710 clock runs. */
export const OPEN_STATUSES: readonly IssueStatus[] = ["SUBMITTED", "ACCEPTED", "RESPONDED", "REOPENED"];
export const ISSUE_CATEGORIES = ["LAND", "FINANCE", "APPROVAL", "UTILITIES", "INFRASTRUCTURE", "LABOR", "POLICY", "OTHER"] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export type IssueEventKind =
  | "SUBMITTED"
  | "ACCEPTED"
  | "ASSIGNED"
  | "RESPONDED"
  | "MARKED_COMPLEX"
  | "RESOLVED"
  | "CONFIRMED"
  | "REJECTED"
  | "REOPENED"
  | "ESCALATED"
  | "RETURNED"
  | "COMMENTED"
  | "OVERDUE"
  | "AUTO_ESCALATED";

export const SATISFACTION_LABELS: Record<number, string> = {
  5: "非常满意",
  4: "满意",
  3: "基本满意",
  2: "不满意",
  1: "很不满意",
};

/** What the rules need to know about an issue. */
export interface IssueRef {
  level: IssueLevel;
  status: IssueStatus;
  isComplex: boolean;
  category: IssueCategory;
  enterpriseId: number;
  countyId: number;
  teamId: number | null;
  /** The related project's service team (an issue follows its project's team). */
  projectTeamId: number | null;
}

export type IssueAction =
  | "accept"
  | "assign"
  | "respond"
  | "markComplex"
  | "resolve"
  | "escalate"
  | "return"
  | "comment"
  | "confirm"
  | "reject"
  | "reopen";

export const HANDLER_ACTIONS: readonly IssueAction[] = ["accept", "assign", "respond", "markComplex", "resolve", "escalate", "return"];
export const ENTERPRISE_ACTIONS: readonly IssueAction[] = ["confirm", "reject", "reopen"];

export const ISSUE_ACTION_LABELS: Record<IssueAction, string> = {
  accept: "受理",
  assign: "指派",
  respond: "反馈进展",
  markComplex: "标记为复杂问题",
  resolve: "办结",
  escalate: "上报上一级",
  return: "退回下一级",
  comment: "留言",
  confirm: "确认解决",
  reject: "不认可，申请重新办理",
  reopen: "问题复发，重新打开",
};

export function levelAbove(level: IssueLevel): IssueLevel | null {
  return ISSUE_LEVELS[ISSUE_LEVELS.indexOf(level) + 1] ?? null;
}

/** One level down; an issue without a service team skips TEAM. */
export function levelBelow(issue: Pick<IssueRef, "level" | "teamId" | "projectTeamId">): IssueLevel | null {
  const i = ISSUE_LEVELS.indexOf(issue.level);
  if (i <= 0) return null;
  const below = ISSUE_LEVELS[i - 1];
  if (below === "TEAM" && issueTeam(issue) === null) return null;
  return below;
}

export function issueTeam(issue: Pick<IssueRef, "teamId" | "projectTeamId">): number | null {
  return issue.teamId ?? issue.projectTeamId;
}

/** Who acts at the issue's current level, as data (the model turns it into a user query; ADMIN always may). */
export type HandlerRule =
  | { kind: "team"; teamIds: number[] }
  | { kind: "county"; countyId: number }
  | { kind: "city"; roles: Array<"EIC" | "BUREAU"> };

export function handlerRule(issue: Pick<IssueRef, "level" | "category" | "countyId" | "teamId" | "projectTeamId">): HandlerRule {
  switch (issue.level) {
    case "TEAM":
      return { kind: "team", teamIds: [...new Set([issue.teamId, issue.projectTeamId].filter((x): x is number => x !== null))] };
    case "COUNTY":
      return { kind: "county", countyId: issue.countyId };
    case "CITY":
    case "PROVINCE":
      return { kind: "city", roles: issue.category === "POLICY" ? ["EIC", "BUREAU"] : ["EIC"] };
  }
}

/** Does the viewer handle the issue at its current level? */
export function handlesIssue(v: Viewer, issue: IssueRef): boolean {
  if (v.role === "ADMIN") return true;
  const rule = handlerRule(issue);
  switch (rule.kind) {
    case "team":
      return v.role === "TEAM" && v.teamId !== null && rule.teamIds.includes(v.teamId);
    case "county":
      return v.role === "COUNTY" && v.countyId === rule.countyId;
    case "city":
      return (rule.roles as string[]).includes(v.role);
  }
}

/** Who may file an issue: an enterprise for itself, a team or county on an enterprise's behalf (代为提交). */
export function canSubmitIssue(v: Viewer): boolean {
  return (
    (v.role === "ENTERPRISE" && v.enterpriseId !== null) ||
    (v.role === "TEAM" && v.teamId !== null) ||
    (v.role === "COUNTY" && v.countyId !== null)
  );
}

const OPEN = new Set<IssueStatus>(OPEN_STATUSES);

/** The state machine alone: is the action possible in the issue's current state (whoever asks)? */
export function stateAllows(issue: Pick<IssueRef, "status" | "level" | "isComplex" | "teamId" | "projectTeamId">, action: IssueAction): boolean {
  const s = issue.status;
  switch (action) {
    case "accept":
      return s === "SUBMITTED" || s === "REOPENED";
    case "assign":
    case "respond":
    case "resolve":
      return s === "ACCEPTED" || s === "RESPONDED";
    case "markComplex":
      return (s === "ACCEPTED" || s === "RESPONDED") && !issue.isComplex;
    case "escalate":
      return OPEN.has(s) && levelAbove(issue.level) !== null;
    case "return":
      return OPEN.has(s) && levelBelow(issue) !== null;
    case "comment":
      return true;
    case "confirm":
    case "reject":
      return s === "RESOLVED";
    case "reopen":
      return s === "CLOSED";
  }
}

/**
 * May this viewer do `action` on this issue? The caller has already found the issue inside the viewer's scope
 * (issueScope), so reading is settled; this decides writing.
 */
export function canDo(v: Viewer, issue: IssueRef, action: IssueAction): boolean {
  if (!stateAllows(issue, action)) return false;
  if (action === "comment") return v.role !== "ENTERPRISE" || v.enterpriseId === issue.enterpriseId;
  if ((ENTERPRISE_ACTIONS as string[]).includes(action)) {
    return v.role === "ENTERPRISE" && v.enterpriseId !== null && v.enterpriseId === issue.enterpriseId;
  }
  return handlesIssue(v, issue);
}

export function availableActions(v: Viewer, issue: IssueRef): IssueAction[] {
  return (Object.keys(ISSUE_ACTION_LABELS) as IssueAction[]).filter((a) => canDo(v, issue, a));
}

// — what an action does —

export type IssueCommand =
  | { type: "accept"; assigneeId: number; assigneeName: string; note?: string | null }
  | { type: "assign"; assigneeId: number; assigneeName: string; note?: string | null }
  | { type: "respond"; note: string }
  | { type: "markComplex"; note: string }
  | { type: "resolve"; note: string }
  | { type: "escalate"; note: string; auto?: boolean }
  | { type: "return"; note: string }
  | { type: "comment"; note: string }
  | { type: "confirm"; satisfaction: number; note?: string | null }
  | { type: "reject"; note: string }
  | { type: "reopen"; note: string };

/** The issue columns the workflow reads and writes. */
export interface IssueState extends IssueRef {
  assigneeId: number | null;
  clockStartedAt: Date;
  acceptDueAt: Date | null;
  respondDueAt: Date | null;
  resolveDueAt: Date | null;
  acceptedAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  levelEnteredAt: Date;
  satisfaction: number | null;
  resolution: string | null;
  escalationCount: number;
}

export type IssuePatch = Partial<
  Pick<
    IssueState,
    | "status"
    | "level"
    | "isComplex"
    | "assigneeId"
    | "clockStartedAt"
    | "acceptDueAt"
    | "respondDueAt"
    | "resolveDueAt"
    | "acceptedAt"
    | "firstRespondedAt"
    | "resolvedAt"
    | "closedAt"
    | "levelEnteredAt"
    | "satisfaction"
    | "resolution"
    | "escalationCount"
  >
>;

export interface EventDraft {
  kind: IssueEventKind;
  fromStatus: IssueStatus | null;
  toStatus: IssueStatus | null;
  fromLevel: IssueLevel | null;
  toLevel: IssueLevel | null;
  note: string | null;
}

export interface TransitionPlan {
  patch: IssuePatch;
  events: EventDraft[];
  /** A new 13710 clock started (escalation, return, rejection, reopening). */
  restartsClock: boolean;
}

export interface TransitionContext {
  now: Date;
  actorId: number | null;
  policy: SlaPolicy;
  cal: WorkCalendar;
}

export class InvalidTransition extends Error {
  constructor(
    public readonly action: IssueAction,
    public readonly status: IssueStatus,
  ) {
    super(`action ${action} is not possible in status ${status}`);
  }
}

const clean = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/** The new clock of an issue handed to another office (or reopened): everything since the last start is reset. */
function restartClock(issue: IssueState, ctx: TransitionContext): IssuePatch {
  return {
    clockStartedAt: ctx.now,
    ...clockDeadlines(ctx.now, issue.isComplex, ctx.policy, ctx.cal),
    acceptedAt: null,
    firstRespondedAt: null,
    resolvedAt: null,
    assigneeId: null,
  };
}

export function planTransition(issue: IssueState, cmd: IssueCommand, ctx: TransitionContext): TransitionPlan {
  if (!stateAllows(issue, cmd.type)) throw new InvalidTransition(cmd.type, issue.status);
  const from = issue.status;
  const ev = (kind: IssueEventKind, to: IssueStatus | null, note: string | null, toLevel: IssueLevel | null = null): EventDraft => ({
    kind,
    fromStatus: to ? from : null,
    toStatus: to,
    fromLevel: toLevel ? issue.level : null,
    toLevel,
    note,
  });
  switch (cmd.type) {
    case "accept": {
      const events = [ev("ACCEPTED", "ACCEPTED", clean(cmd.note) ?? "已受理。")];
      if (cmd.assigneeId !== ctx.actorId) events.push(ev("ASSIGNED", null, `指派 ${cmd.assigneeName} 办理。`));
      return { patch: { status: "ACCEPTED", acceptedAt: ctx.now, assigneeId: cmd.assigneeId }, events, restartsClock: false };
    }
    case "assign": {
      const note = [`指派 ${cmd.assigneeName} 办理。`, clean(cmd.note)].filter(Boolean).join("");
      return { patch: { assigneeId: cmd.assigneeId }, events: [ev("ASSIGNED", null, note)], restartsClock: false };
    }
    case "respond":
      return {
        patch: { status: "RESPONDED", firstRespondedAt: issue.firstRespondedAt ?? ctx.now },
        events: [ev("RESPONDED", "RESPONDED", clean(cmd.note))],
        restartsClock: false,
      };
    case "markComplex":
      return {
        patch: {
          isComplex: true,
          resolveDueAt: workingDeadline(issue.clockStartedAt, ctx.policy.complexDays, ctx.cal),
        },
        events: [ev("MARKED_COMPLEX", null, clean(cmd.note))],
        restartsClock: false,
      };
    case "resolve":
      return {
        patch: {
          status: "RESOLVED",
          resolvedAt: ctx.now,
          firstRespondedAt: issue.firstRespondedAt ?? ctx.now,
          resolution: clean(cmd.note),
        },
        events: [ev("RESOLVED", "RESOLVED", clean(cmd.note))],
        restartsClock: false,
      };
    case "escalate": {
      const to = levelAbove(issue.level)!;
      return {
        patch: {
          ...restartClock(issue, ctx),
          status: "SUBMITTED",
          level: to,
          levelEnteredAt: ctx.now,
          escalationCount: issue.escalationCount + 1,
        },
        events: [ev(cmd.auto ? "AUTO_ESCALATED" : "ESCALATED", "SUBMITTED", clean(cmd.note), to)],
        restartsClock: true,
      };
    }
    case "return": {
      const to = levelBelow(issue)!;
      return {
        patch: { ...restartClock(issue, ctx), status: "SUBMITTED", level: to, levelEnteredAt: ctx.now },
        events: [ev("RETURNED", "SUBMITTED", clean(cmd.note), to)],
        restartsClock: true,
      };
    }
    case "comment":
      return { patch: {}, events: [ev("COMMENTED", null, clean(cmd.note))], restartsClock: false };
    case "confirm": {
      const note = [`满意度：${cmd.satisfaction} 分（${SATISFACTION_LABELS[cmd.satisfaction] ?? ""}）。`, clean(cmd.note)]
        .filter(Boolean)
        .join("");
      return {
        patch: { status: "CLOSED", closedAt: ctx.now, satisfaction: cmd.satisfaction },
        events: [ev("CONFIRMED", "CLOSED", note)],
        restartsClock: false,
      };
    }
    case "reject":
      return {
        patch: { ...restartClock(issue, ctx), status: "REOPENED" },
        events: [ev("REJECTED", "REOPENED", clean(cmd.note))],
        restartsClock: true,
      };
    case "reopen":
      return {
        patch: { ...restartClock(issue, ctx), status: "REOPENED", closedAt: null, satisfaction: null },
        events: [ev("REOPENED", "REOPENED", clean(cmd.note))],
        restartsClock: true,
      };
  }
}
