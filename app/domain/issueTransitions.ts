// What each action does to an issue (the state change, its events, a fresh 13710 clock where the issue changes
// hands) — pure, so it is unit-tested; who may do it is decided in issueWorkflow.ts. Server-side only in practice:
// it needs the working-day calendar, which the browser bundles should not carry.
import { Refusal } from "./refusal";
import {
  levelAbove,
  levelBelow,
  stateAllows,
  SATISFACTION_LABELS,
  type IssueEventKind,
  type IssueLevel,
  type IssueRef,
  type IssueStatus,
} from "./issueWorkflow";
import { clockDeadlines, workingDeadline, type SlaPolicy } from "./sla13710";
import type { WorkCalendar } from "./workdays";

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
  | { type: "reopen"; note: string }
  | {
      type: "route";
      leadDepartmentId: number;
      leadName: string;
      assistDepartmentIds: number[];
      assistNames: string[];
      note?: string | null;
    }
  | { type: "assist"; note: string; unitName: string };

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
    | "leadDepartmentId"
    | "assistDepartmentIds"
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
  if (!stateAllows(issue, cmd.type)) throw Refusal.form("该诉求当前状态下不能执行此操作，请刷新页面后再操作。", 409);
  const from = issue.status;
  const ev = (
    kind: IssueEventKind,
    to: IssueStatus | null,
    note: string | null,
    toLevel: IssueLevel | null = null,
  ): EventDraft => ({
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
      return {
        patch: { status: "ACCEPTED", acceptedAt: ctx.now, assigneeId: cmd.assigneeId },
        events,
        restartsClock: false,
      };
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
      const note = [
        `满意度：${cmd.satisfaction} 分（${SATISFACTION_LABELS[cmd.satisfaction] ?? ""}）。`,
        clean(cmd.note),
      ]
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
    case "route": {
      // 交办 within the city level (docs/decisions/170): the department answers on the city level's 13710 clock
      // — the enterprise's wait does not start again because the city passed the issue on — and names its own
      // handler (受理 or 指派), so the previous assignee is cleared.
      const units = [
        `交由${cmd.leadName}主办`,
        cmd.assistNames.length ? `，${cmd.assistNames.join("、")}协办` : "",
        "。",
      ].join("");
      return {
        patch: {
          assigneeId: null,
          leadDepartmentId: cmd.leadDepartmentId,
          assistDepartmentIds: cmd.assistDepartmentIds,
        },
        events: [ev("ROUTED", null, [units, clean(cmd.note)].filter(Boolean).join(""))],
        restartsClock: false,
      };
    }
    case "assist":
      return {
        patch: {},
        events: [ev("ASSISTED", null, `【${cmd.unitName}】${clean(cmd.note) ?? ""}`)],
        restartsClock: false,
      };
  }
}
