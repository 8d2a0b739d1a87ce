// The life of an enterprise issue (企业诉求): who may do what at which level (docs/design.md §6), and what each action
// does to the issue — as pure functions, so the rules are unit-tested and the action only has to enforce them.
//
// Levels TEAM → COUNTY → CITY → PROVINCE. An escalation (or a return to a lower level) hands the issue to another
// office, which must accept it again: the status goes back to SUBMITTED and the 13710 clock restarts. A rejected
// resolution or a reopened closed issue goes to REOPENED at the same level, also with a fresh clock.
//
// Who handles each level:
//   TEAM      the issue's service team (the project's team) — its members
//   COUNTY    COUNTY users of the issue's county
//   CITY      市经信委 (EIC), every category — until 经信委 routes the issue to a 主办 责任单位 (with 协办 units,
//             docs/decisions/170): then the 主办 department's DEPARTMENT accounts handle it at this level, on the same
//             13710 clock, and the 协办 units send 协办反馈 to the 主办. 经信委 may route it again. The 投资促进局
//             (BUREAU) handles no issues (docs/design.md §6: it changes leads, projects, targets, imports and
//             reports) and does not comment on them.
//   PROVINCE  市经信委 too, recording the province's answers (the province has no accounts here, and the city's
//             coordinator towards the province is 经信委)
//   ADMIN handles every level. LEADER reads everything and comments. The enterprise comments on its own issues
//   and confirms or rejects. Comments: the enterprise, LEADER, and whoever handles the issue at some level.
import type { Viewer } from "./permissions";
import type { ClockStatus } from "./sla13710";

export const ISSUE_LEVELS = ["TEAM", "COUNTY", "CITY", "PROVINCE"] as const;
export type IssueLevel = (typeof ISSUE_LEVELS)[number];
export type IssueStatus = ClockStatus;
export const ISSUE_STATUSES: readonly IssueStatus[] = [
  "SUBMITTED",
  "ACCEPTED",
  "RESPONDED",
  "RESOLVED",
  "CLOSED",
  "REOPENED",
];
/** Statuses in which the 13710 clock runs. */
export const OPEN_STATUSES: readonly IssueStatus[] = ["SUBMITTED", "ACCEPTED", "RESPONDED", "REOPENED"];
export const ISSUE_CATEGORIES = [
  "LAND",
  "FINANCE",
  "APPROVAL",
  "UTILITIES",
  "INFRASTRUCTURE",
  "LABOR",
  "POLICY",
  "OTHER",
] as const;
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
  | "AUTO_ESCALATED"
  | "ROUTED"
  | "ASSISTED";

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
  /** The 主办 责任单位 a city-level issue is routed to (docs/decisions/170), or null (市经信委 handles it). */
  leadDepartmentId: number | null;
  /** Its 协办 units. */
  assistDepartmentIds: number[];
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
  | "reopen"
  | "route"
  | "assist";

export const HANDLER_ACTIONS: readonly IssueAction[] = [
  "accept",
  "assign",
  "respond",
  "markComplex",
  "resolve",
  "escalate",
  "return",
  "route",
];
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
  route: "交由责任单位主办",
  assist: "协办反馈",
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
  | { kind: "city"; roles: Array<"EIC"> }
  | { kind: "department"; departmentId: number };

export function handlerRule(
  issue: Pick<IssueRef, "level" | "category" | "countyId" | "teamId" | "projectTeamId"> & {
    leadDepartmentId?: number | null;
  },
): HandlerRule {
  switch (issue.level) {
    case "TEAM":
      return {
        kind: "team",
        teamIds: [...new Set([issue.teamId, issue.projectTeamId].filter((x): x is number => x !== null))],
      };
    case "COUNTY":
      return { kind: "county", countyId: issue.countyId };
    case "CITY":
      return issue.leadDepartmentId
        ? { kind: "department", departmentId: issue.leadDepartmentId }
        : { kind: "city", roles: ["EIC"] };
    case "PROVINCE":
      return { kind: "city", roles: ["EIC"] };
  }
}

/** 市经信委 coordinates the city level: it routes a city-level issue to a 主办 department (and may route it again). */
export function routesCityIssues(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "EIC";
}

/** Is the viewer's department one of the issue's 协办 units? */
export function assistsIssue(v: Viewer, issue: Pick<IssueRef, "assistDepartmentIds">): boolean {
  return v.role === "DEPARTMENT" && v.departmentId != null && issue.assistDepartmentIds.includes(v.departmentId);
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
    case "department":
      return v.role === "DEPARTMENT" && v.departmentId != null && v.departmentId === rule.departmentId;
  }
}

/**
 * Does the viewer handle the issue at one of its levels (TEAM, COUNTY, CITY, PROVINCE), whatever the current one?
 * The issue's own team, its county, 经信委 and the admin — those who may comment on it besides the enterprise and
 * the leaders.
 */
export function handlesAtSomeLevel(v: Viewer, issue: IssueRef): boolean {
  return ISSUE_LEVELS.some((level) => handlesIssue(v, { ...issue, level }));
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
export function stateAllows(
  issue: Pick<IssueRef, "status" | "level" | "isComplex" | "teamId" | "projectTeamId"> & {
    leadDepartmentId?: number | null;
  },
  action: IssueAction,
): boolean {
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
    case "route":
      return OPEN.has(s) && issue.level === "CITY";
    case "assist":
      return OPEN.has(s) && issue.level === "CITY" && (issue.leadDepartmentId ?? null) !== null;
  }
}

/**
 * May this viewer do `action` on this issue? The caller has already found the issue inside the viewer's scope
 * (issueScope), so reading is settled; this decides writing.
 */
export function canDo(v: Viewer, issue: IssueRef, action: IssueAction): boolean {
  if (!stateAllows(issue, action)) return false;
  if (action === "comment") {
    if (v.role === "ENTERPRISE") return v.enterpriseId !== null && v.enterpriseId === issue.enterpriseId;
    return v.role === "LEADER" || handlesAtSomeLevel(v, issue) || assistsIssue(v, issue);
  }
  if (action === "route") return routesCityIssues(v);
  if (action === "assist") return assistsIssue(v, issue);
  if ((ENTERPRISE_ACTIONS as string[]).includes(action)) {
    return v.role === "ENTERPRISE" && v.enterpriseId !== null && v.enterpriseId === issue.enterpriseId;
  }
  return handlesIssue(v, issue);
}

export function availableActions(v: Viewer, issue: IssueRef): IssueAction[] {
  return (Object.keys(ISSUE_ACTION_LABELS) as IssueAction[]).filter((a) => canDo(v, issue, a));
}

/** The 13710 policy and the holiday calendar are reference data: administrators only (docs/design.md §6). */
export function canConfigureClock(v: Viewer): boolean {
  return v.role === "ADMIN";
}
