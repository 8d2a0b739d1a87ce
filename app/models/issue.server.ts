// Enterprise issues (企业诉求): queries with the viewer's scope in `where`, and the commands that move an issue
// through its life — each one transaction with its events, audit entry and notifications.
import { once, type CreateClaim } from "~/utils/createToken.server";
import type { Prisma } from "~/generated/prisma/client";
import { toIsoDate } from "~/domain/dates";
import type { IssueListQuery } from "~/domain/issueListQuery.server";
import { planTransition, type IssueCommand, type IssueState } from "~/domain/issueTransitions";
import {
  canDo,
  canSubmitIssue,
  handlerRule,
  ISSUE_LEVELS,
  OPEN_STATUSES,
  type HandlerRule,
  type IssueCategory,
  type IssueLevel,
  type IssueRef,
} from "~/domain/issueWorkflow";
import { ISSUE_LEVEL_LABELS, ISSUE_STATUS_LABELS, label } from "~/domain/labels";
import { seesAllProjects, type Viewer } from "~/domain/permissions";
import {
  clockDeadlines,
  clockState,
  clockText,
  dueSoonCutoff,
  type ClockState,
  type SlaPolicy,
} from "~/domain/sla13710";
import type { WorkCalendar } from "~/domain/workdays";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { Refusal } from "~/domain/refusal";
import type { Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import type { StoredFile } from "~/utils/attachments.server";
import { createPhotoRows, type StoredPhotos } from "~/utils/photos.server";
import { notifyUsers, type NotificationKind } from "./notification.server";
import { issueScope, projectScope } from "./scope.server";
import { loadClockConfig } from "./slaConfig.server";
import { inOrderOf } from "./project.server";
import { cityIssueCounts } from "./tally.server";
import { now as clockNow } from "~/utils/clock.server";
import { displayNames, peopleByIds } from "./people.server";

export const issueStateSelect = {
  id: true,
  code: true,
  title: true,
  version: true,
  level: true,
  status: true,
  isComplex: true,
  category: true,
  enterpriseId: true,
  countyId: true,
  teamId: true,
  projectId: true,
  assigneeId: true,
  submittedAt: true,
  clockStartedAt: true,
  acceptDueAt: true,
  respondDueAt: true,
  resolveDueAt: true,
  acceptedAt: true,
  firstRespondedAt: true,
  resolvedAt: true,
  closedAt: true,
  levelEnteredAt: true,
  satisfaction: true,
  resolution: true,
  escalationCount: true,
  project: { select: { serviceTeamId: true } },
  units: { select: { departmentId: true, isLead: true } },
} satisfies Prisma.CoordinationIssueSelect;

type IssueStateRow = Prisma.CoordinationIssueGetPayload<{ select: typeof issueStateSelect }>;
export type LoadedIssue = IssueState & {
  id: number;
  code: string;
  title: string;
  version: number;
  projectId: number | null;
  submittedAt: Date;
};

export function toIssueState(r: IssueStateRow): LoadedIssue {
  const { project, units, ...rest } = r;
  return {
    ...rest,
    category: r.category as IssueCategory,
    projectTeamId: project?.serviceTeamId ?? null,
    leadDepartmentId: units.find((u) => u.isLead)?.departmentId ?? null,
    assistDepartmentIds: units.filter((u) => !u.isLead).map((u) => u.departmentId),
  };
}

/** The issue if it is inside the viewer's scope, else null (→ 404). */
export async function findIssue(viewer: Viewer, id: number, db: Tx = prisma): Promise<LoadedIssue | null> {
  const r = await db.coordinationIssue.findFirst({
    where: { AND: [{ id }, issueScope(viewer)] },
    select: issueStateSelect,
  });
  return r ? toIssueState(r) : null;
}

export function handlerWhere(rule: HandlerRule): Prisma.UserWhereInput {
  switch (rule.kind) {
    case "team":
      return { role: "TEAM", teamId: { in: rule.teamIds } };
    case "county":
      return { role: "COUNTY", countyId: rule.countyId };
    case "city":
      return { role: { in: rule.roles } };
    case "department":
      return { role: "DEPARTMENT", departmentId: rule.departmentId };
  }
}

/** The people who act on the issue at its level (assignment choices and notification recipients). */
export function handlerUsers(
  db: Tx,
  issue: Pick<IssueRef, "level" | "category" | "countyId" | "teamId" | "projectTeamId"> & {
    leadDepartmentId?: number | null;
  },
) {
  return db.user.findMany({
    where: { AND: [handlerWhere(handlerRule(issue)), { isActive: true }] },
    select: { id: true, displayName: true, title: true, role: true },
    orderBy: [{ role: "asc" }, { username: "asc" }],
  });
}

/** The active accounts of these 责任单位 (a routed issue's 主办 and 协办 units). */
function departmentUsers(db: Tx, departmentIds: number[]) {
  if (!departmentIds.length) return Promise.resolve([] as { id: number }[]);
  return db.user.findMany({
    where: { role: "DEPARTMENT", departmentId: { in: departmentIds }, isActive: true },
    select: { id: true },
  });
}

/**
 * The units 市经信委 may route a city-level issue to (docs/decisions/170): the 责任单位 whose staff are DEPARTMENT
 * accounts. 市经信委 itself handles an unrouted issue; the counties and teams work at their own levels.
 */
export function routingUnits(db: Tx = prisma) {
  return db.department.findMany({
    where: { staffedBy: "DEPARTMENT" },
    select: { id: true, name: true },
    orderBy: { sortOrder: "asc" },
  });
}

function enterpriseUsers(db: Tx, enterpriseId: number) {
  return db.user.findMany({ where: { role: "ENTERPRISE", enterpriseId, isActive: true }, select: { id: true } });
}

export const issueLink = (id: number) => `/issues/${id}`;

// — clock presentation —

export interface ClockView {
  color: ClockState["color"];
  text: string;
  dueAt: string | null;
}

export function clockView(
  i: Pick<IssueState, "status" | "acceptDueAt" | "respondDueAt" | "resolveDueAt">,
  now: Date,
  policy: Pick<SlaPolicy, "dueSoonDays">,
  cal: WorkCalendar,
): ClockView {
  const s = clockState(i, now, policy, cal);
  return { color: s.color, text: clockText(s, i.status, now), dueAt: s.dueAt?.toISOString() ?? null };
}

// — queues —

/** The level a role works at, the queue it lands on. */
export function homeLevel(v: Viewer): IssueLevel | "ALL" {
  switch (v.role) {
    case "TEAM":
      return "TEAM";
    case "COUNTY":
      return "COUNTY";
    case "EIC":
      return "CITY";
    default:
      return "ALL";
  }
}

/** Prisma `where` for "the current step's deadline is within (after, upTo]". */
function currentDueWhere(range: { gt?: Date; lte?: Date }): Prisma.CoordinationIssueWhereInput {
  return {
    OR: [
      { status: { in: ["SUBMITTED", "REOPENED"] }, acceptDueAt: range },
      { status: "ACCEPTED", respondDueAt: range },
      { status: "RESPONDED", resolveDueAt: range },
    ],
  };
}

export function clockWhere(
  color: "red" | "yellow" | "green",
  now: Date,
  cutoff: Date,
): Prisma.CoordinationIssueWhereInput {
  if (color === "red") return currentDueWhere({ lte: now });
  if (color === "yellow") return currentDueWhere({ gt: now, lte: cutoff });
  return currentDueWhere({ gt: cutoff > now ? cutoff : now });
}

/**
 * Open issues with a 13710 deadline passed (accept, first feedback or resolution) at `now`: overdue_at is the
 * earliest of the deadlines still running (set by trigger), so this is one index range per open status. The
 * dashboard's 超期诉求 count and the queue's `overdue=1` filter both use it, so the alert and its list agree.
 */
export function overdueIssueWhere(now: Date) {
  return { status: { in: [...OPEN_STATUSES] }, overdueAt: { lt: now } } satisfies Prisma.CoordinationIssueWhereInput;
}

export function issueListWhere(viewer: Viewer, q: IssueListQuery, level: IssueLevel | "ALL", now: Date, cutoff: Date) {
  const and: Prisma.CoordinationIssueWhereInput[] = [issueScope(viewer)];
  if (level !== "ALL") and.push({ level });
  if (q.view === "open") and.push({ status: { in: [...OPEN_STATUSES] } });
  if (q.view === "resolved") and.push({ status: "RESOLVED" });
  if (q.view === "closed") and.push({ status: "CLOSED" });
  if (q.clock) and.push(clockWhere(q.clock, now, cutoff));
  if (q.overdue) and.push(overdueIssueWhere(now));
  if (q.category) and.push({ category: q.category });
  if (q.county) and.push({ countyId: q.county });
  if (q.mine) and.push({ assigneeId: viewer.id });
  if (q.q) {
    and.push({
      OR: [
        { title: { contains: q.q, mode: "insensitive" } },
        { code: { equals: q.q.toUpperCase() } },
        { enterprise: { name: { contains: q.q, mode: "insensitive" } } },
        { project: { name: { contains: q.q, mode: "insensitive" } } },
      ],
    });
  }
  return { AND: and } satisfies Prisma.CoordinationIssueWhereInput;
}

function issueOrder(q: IssueListQuery): Prisma.CoordinationIssueOrderByWithRelationInput[] {
  switch (q.sort) {
    case "due":
      return [{ resolveDueAt: { sort: q.dir, nulls: "last" } }, { id: q.dir }];
    case "submittedAt":
      return [{ submittedAt: q.dir }, { id: q.dir }];
    case "updatedAt":
      return [{ updatedAt: q.dir }, { id: q.dir }];
    case "code":
      return [{ code: q.dir }];
  }
}

export async function listIssues(viewer: Viewer, q: IssueListQuery, now = clockNow()) {
  const { policy, cal } = await loadClockConfig();
  const level = q.level ?? homeLevel(viewer);
  const cutoff = dueSoonCutoff(now, policy.dueSoonDays, cal);
  const where = issueListWhere(viewer, q, level, now, cutoff);
  const openScope = { AND: [issueScope(viewer), { status: { in: [...OPEN_STATUSES] } }] };
  // The city's counts come from issue_tally (200,000 issues at province scale); a county's, a team's or an
  // enterprise's issues are few and counted directly.
  const city = seesAllProjects(viewer);
  const plain = city && !q.clock && !q.overdue && !q.category && !q.county && !q.mine && !q.q;
  const viewStatuses =
    q.view === "open"
      ? OPEN_STATUSES
      : q.view === "resolved"
        ? (["RESOLVED"] as const)
        : q.view === "closed"
          ? (["CLOSED"] as const)
          : null;
  const [total, rows, byLevel] = await Promise.all([
    plain
      ? cityIssueCounts(prisma, viewStatuses).then((m) =>
          level === "ALL" ? [...m.values()].reduce((a, b) => a + b, 0) : (m.get(level) ?? 0),
        )
      : prisma.coordinationIssue.count({ where }),
    // The page's ids first, then their rows with the relations: with the relations' lateral joins in the same
    // query the planner costs them for every match and walks the due-date index past thousands of other teams'
    // issues (50 ms for a team's queue at province scale) instead of sorting the team's few hundred (0.4 ms).
    prisma.coordinationIssue
      .findMany({ where, orderBy: issueOrder(q), skip: (q.page - 1) * q.size, take: q.size, select: { id: true } })
      .then(async (page) => {
        const ids = page.map((r) => r.id);
        if (!ids.length) return [];
        const found = await prisma.coordinationIssue.findMany({
          where: { id: { in: ids } },
          select: {
            ...issueStateSelect,
            updatedAt: true,
            enterprise: { select: { name: true } },
            project: { select: { id: true, name: true, serviceTeamId: true } },
            county: { select: { name: true } },
            team: { select: { no: true } },
          },
        });
        return inOrderOf(ids, found);
      }),
    city
      ? cityIssueCounts(prisma, OPEN_STATUSES).then((m) => [...m].map(([l, n]) => ({ level: l, _count: { _all: n } })))
      : prisma.coordinationIssue.groupBy({ by: ["level"], where: openScope, _count: { _all: true } }),
  ]);
  const nameOf = await displayNames(rows.map((r) => r.assigneeId));
  const counts = Object.fromEntries(
    ISSUE_LEVELS.map((l) => [l, byLevel.find((b) => b.level === l)?._count._all ?? 0]),
  ) as Record<IssueLevel, number>;
  return {
    level,
    total,
    openCounts: counts,
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      category: r.category,
      level: r.level,
      status: r.status,
      isComplex: r.isComplex,
      enterprise: r.enterprise.name,
      project: r.project ? { id: r.project.id, name: r.project.name } : null,
      county: r.county.name,
      teamNo: r.team?.no ?? null,
      assignee: r.assigneeId ? (nameOf.get(r.assigneeId) ?? null) : null,
      submittedAt: r.submittedAt.toISOString(),
      resolveDueAt: r.resolveDueAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
      clock: clockView(r, now, policy, cal),
    })),
  };
}
export type IssueRow = Awaited<ReturnType<typeof listIssues>>["rows"][number];

// — detail —

export async function getIssueDetail(viewer: Viewer, id: number, now = clockNow()) {
  const r = await prisma.coordinationIssue.findFirst({
    where: { AND: [{ id }, issueScope(viewer)] },
    select: {
      ...issueStateSelect,
      description: true,
      onBehalf: true,
      updatedAt: true,
      enterprise: { select: { id: true, name: true } },
      project: { select: { id: true, code: true, name: true, serviceTeamId: true } },
      county: { select: { name: true } },
      team: { select: { id: true, name: true, phone: true, leader: { select: { displayName: true, phone: true } } } },
      events: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          fromStatus: true,
          toStatus: true,
          fromLevel: true,
          toLevel: true,
          note: true,
          createdAt: true,
          actorId: true,
        },
      },
      // documents; the issue's 现场照片 (thumb_key set) are read with photosOf (docs/decisions/230)
      attachments: {
        where: { thumbKey: null },
        orderBy: { id: "asc" },
        select: { id: true, fileName: true, size: true, createdAt: true },
      },
      units: {
        select: { departmentId: true, isLead: true, department: { select: { name: true, sortOrder: true } } },
      },
    },
  });
  if (!r) return null;
  const routedUnits = [...r.units].sort(
    (a, b) => Number(b.isLead) - Number(a.isLead) || a.department.sortOrder - b.department.sortOrder,
  );
  const issue = toIssueState(r);
  const { policy, cal } = await loadClockConfig();
  const userOf = await peopleByIds([r.assigneeId, ...r.events.map((e) => e.actorId)]);
  const handlers = await handlerUsers(prisma, issue);
  return {
    issue,
    view: {
      id: r.id,
      code: r.code,
      title: r.title,
      description: r.description,
      category: r.category,
      level: r.level,
      status: r.status,
      isComplex: r.isComplex,
      onBehalf: r.onBehalf,
      version: r.version,
      enterprise: r.enterprise,
      project: r.project ? { id: r.project.id, code: r.project.code, name: r.project.name } : null,
      county: r.county.name,
      team: r.team
        ? {
            name: r.team.name,
            phone: r.team.phone,
            leader: r.team.leader?.displayName ?? null,
            leaderPhone: r.team.leader?.phone ?? null,
          }
        : null,
      assignee: r.assigneeId ? (userOf.get(r.assigneeId)?.displayName ?? null) : null,
      submittedAt: r.submittedAt.toISOString(),
      clockStartedAt: r.clockStartedAt.toISOString(),
      deadlines: {
        accept: r.acceptDueAt?.toISOString() ?? null,
        respond: r.respondDueAt?.toISOString() ?? null,
        resolve: r.resolveDueAt?.toISOString() ?? null,
      },
      done: {
        accept: r.acceptedAt?.toISOString() ?? null,
        respond: r.firstRespondedAt?.toISOString() ?? null,
        resolve: r.resolvedAt?.toISOString() ?? null,
      },
      satisfaction: r.satisfaction,
      resolution: r.resolution,
      escalationCount: r.escalationCount,
      leadUnit: routedUnits.find((u) => u.isLead)?.department.name ?? null,
      assistUnits: routedUnits.filter((u) => !u.isLead).map((u) => u.department.name),
      clock: clockView(r, now, policy, cal),
      events: r.events.map((e) => {
        const u = e.actorId ? userOf.get(e.actorId) : undefined;
        return {
          id: e.id,
          kind: e.kind,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          fromLevel: e.fromLevel,
          toLevel: e.toLevel,
          note: e.note,
          at: e.createdAt.toISOString(),
          actor: e.actorId ? (u?.displayName ?? `用户#${e.actorId}`) : "系统（13710 时限）",
          actorRole: u?.role ?? null,
        };
      }),
      attachments: r.attachments.map((a) => ({
        id: a.id,
        fileName: a.fileName,
        size: a.size,
        at: a.createdAt.toISOString(),
      })),
    },
    handlers: handlers.map((h) => ({ id: h.id, name: h.title ? `${h.displayName}（${h.title}）` : h.displayName })),
  };
}

// — submitting —

export interface SubmitIssueInput {
  category: IssueCategory;
  title: string;
  description: string;
  projectId: number | null;
}

export type SubmitResult = { ok: true; id: number; code: string };

/** Projects an issue may be about: the viewer's own (enterprise) or in its scope with an investor (on behalf). */
export function submittableProjects(viewer: Viewer) {
  return prisma.project.findMany({
    where: { AND: [projectScope(viewer), { enterpriseId: { not: null } }, { pool: { not: "WITHDRAWN" } }] },
    select: { id: true, code: true, name: true, enterprise: { select: { name: true } } },
    orderBy: [{ name: "asc" }],
  });
}

export async function submitIssue(
  viewer: Viewer,
  input: SubmitIssueInput,
  files: StoredFile[],
  now = clockNow(),
  claim?: CreateClaim,
  /** 现场照片 already checked, converted and stored (app/utils/photos.server.ts); rows written here */
  photos: StoredPhotos | null = null,
): Promise<SubmitResult> {
  if (!canSubmitIssue(viewer)) throw Refusal.fields({ _form: "您的账号不能提交诉求" }, "您的账号不能提交诉求");
  const project = input.projectId
    ? await prisma.project.findFirst({
        where: { AND: [{ id: input.projectId }, projectScope(viewer), { enterpriseId: { not: null } }] },
        select: { id: true, countyId: true, serviceTeamId: true, enterpriseId: true },
      })
    : null;
  if (input.projectId && !project) throw Refusal.fields({ projectId: "请选择您可以提交诉求的项目" });
  const onBehalf = viewer.role !== "ENTERPRISE";
  if (onBehalf && !project) throw Refusal.fields({ projectId: "代企业提交诉求时请选择相关项目" });
  const enterpriseId = onBehalf ? project!.enterpriseId! : viewer.enterpriseId!;
  const enterprise = await prisma.enterprise.findUnique({
    where: { id: enterpriseId },
    select: { countyId: true, serviceTeamId: true },
  });
  const countyId = project?.countyId ?? enterprise?.countyId ?? null;
  if (!countyId) throw Refusal.fields({ projectId: "请选择相关项目，以便确定办理的县区" });
  const teamId = project?.serviceTeamId ?? enterprise?.serviceTeamId ?? null;
  const level: IssueLevel = teamId ? "TEAM" : "COUNTY";

  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const { policy, cal } = await loadClockConfig(tx);
      const [{ id }] = await tx.$queryRaw<
        { id: number }[]
      >`SELECT nextval(pg_get_serial_sequence('coordination_issue', 'id'))::int AS id`;
      const code = `SQ-${String(id).padStart(6, "0")}`;
      const deadlines = clockDeadlines(now, false, policy, cal);
      const data = {
        id,
        code,
        enterpriseId,
        projectId: project?.id ?? null,
        countyId,
        teamId,
        category: input.category,
        title: input.title,
        description: input.description,
        level,
        status: "SUBMITTED" as const,
        onBehalf,
        submittedById: viewer.id,
        submittedAt: now,
        clockStartedAt: now,
        levelEnteredAt: now,
        ...deadlines,
      };
      await tx.coordinationIssue.create({ data });
      await tx.issueEvent.create({
        data: {
          issueId: id,
          kind: "SUBMITTED",
          toStatus: "SUBMITTED",
          toLevel: level,
          actorId: viewer.id,
          note: onBehalf ? "代企业提交。" : null,
          createdAt: now,
        },
      });
      if (files.length) {
        await tx.attachment.createMany({
          data: files.map((f) => ({ ...f, issueId: id, uploadedById: viewer.id, createdAt: now })),
        });
      }
      // an issue's photos carry no project_id: only those who see the issue see them and their place
      const photoNames = await createPhotoRows(tx, photos, {
        kind: "issue",
        issueId: id,
        uploadedById: viewer.id,
        createdAt: now,
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "CoordinationIssue",
        entityId: id,
        projectId: project?.id ?? null,
        after: {
          ...data,
          attachments: files.map((f) => f.fileName),
          ...(photoNames.length ? { photos: photoNames.join("、") } : {}),
        },
      });
      const handlers = await handlerUsers(tx, {
        level,
        category: input.category,
        countyId,
        teamId,
        projectTeamId: project?.serviceTeamId ?? null,
        leadDepartmentId: null,
      });
      await notifyUsers(
        tx,
        handlers.map((h) => h.id).filter((uid) => uid !== viewer.id),
        { issueId: id, kind: "NEW", title: `新诉求待受理：${code} ${input.title}`, link: issueLink(id) },
      );
      return { ok: true as const, id, code };
    }),
  );
}

// — acting on an issue —

export type ActionResult = { ok: true; message: string };

const DONE_MESSAGES: Record<IssueCommand["type"], string> = {
  accept: "已受理",
  assign: "已指派",
  respond: "已反馈进展",
  markComplex: "已标记为复杂问题，办结时限延长",
  resolve: "已办结，等待企业确认",
  escalate: "已上报上一级",
  return: "已退回下一级",
  comment: "留言已发布",
  confirm: "已确认办结，感谢您的评价",
  reject: "已退回重新办理",
  reopen: "诉求已重新打开",
  route: "已交由责任单位主办，主办和协办单位已收到通知",
  assist: "协办反馈已报送主办单位",
};

/** The refusal of an action taken on a stale page: where the issue is now (409). */
export function issueConflict(status?: string | null, level?: string | null) {
  return Refusal.conflict({
    message: `该诉求已被他人更新（当前：${label(ISSUE_LEVEL_LABELS, level)} · ${label(ISSUE_STATUS_LABELS, status)}），您看到的不是最新状态，请刷新页面后再操作。`,
  });
}

/**
 * Applies a user's action: scope (404), permission (403), the version the user saw (409), then the planned
 * change, its events, the audit entry and the notifications — in one transaction. Refusals are thrown.
 */
export async function applyIssueAction(
  viewer: Viewer,
  id: number,
  expectedVersion: number,
  cmd: IssueCommand,
  now = clockNow(),
  /** Comments create a row each and change no version: their form's one-time token (docs/decisions/093). */
  claim?: CreateClaim,
): Promise<ActionResult> {
  const notAllowed = (message: string) =>
    new Refusal(
      {
        fieldErrors: cmd.type === "accept" || cmd.type === "assign" ? { assigneeId: message } : {},
        formError: message,
      },
      403,
    );
  try {
    return await prisma.$transaction(async (tx) =>
      once(tx, cmd.type === "comment" || cmd.type === "assist" ? claim : undefined, async () => {
        const issue = await findIssue(viewer, id, tx);
        if (!issue) throw Refusal.notFound("未找到该诉求，或您无权查看");
        if (!canDo(viewer, issue, cmd.type)) {
          // A stale page (someone else moved the issue on) is a conflict, not a permission problem.
          if (issue.version !== expectedVersion) throw issueConflict(issue.status, issue.level);
          throw notAllowed("您不能对该诉求执行此操作");
        }
        if (cmd.type === "accept" || cmd.type === "assign") {
          const allowed = await handlerUsers(tx, issue);
          if (!allowed.some((u) => u.id === cmd.assigneeId)) throw notAllowed("办理人须为本级办理单位的人员");
        }
        if (cmd.type === "route") await checkRouting(tx, cmd);
        const { policy, cal } = await loadClockConfig(tx);
        const plan = planTransition(issue, cmd, { now, actorId: viewer.id, policy, cal });
        // Comments and 协办反馈 do not change the issue, so they never conflict with someone else's edit.
        if (cmd.type !== "comment" && cmd.type !== "assist") {
          const { leadDepartmentId: _l, assistDepartmentIds: _a, ...columns } = plan.patch;
          await updateVersioned(tx.coordinationIssue, "CoordinationIssue", id, expectedVersion, {
            ...columns,
            updatedAt: now,
          });
        }
        if (cmd.type === "route") {
          await tx.issueUnit.deleteMany({ where: { issueId: id } });
          await tx.issueUnit.createMany({
            data: [
              { issueId: id, departmentId: cmd.leadDepartmentId, isLead: true },
              ...cmd.assistDepartmentIds.map((departmentId) => ({ issueId: id, departmentId, isLead: false })),
            ],
          });
        }
        await tx.issueEvent.createMany({
          data: plan.events.map((e) => ({ ...e, issueId: id, actorId: viewer.id, createdAt: now })),
        });
        const before = Object.fromEntries(Object.keys(plan.patch).map((k) => [k, issue[k as keyof IssueState]]));
        await audit(tx, {
          actorId: viewer.id,
          action: `ISSUE_${cmd.type.toUpperCase()}`,
          entity: "CoordinationIssue",
          entityId: id,
          projectId: issue.projectId,
          before,
          after: { ...plan.patch, events: plan.events.map((e) => e.kind), note: "note" in cmd ? cmd.note : undefined },
        });
        await notifyAfter(tx, viewer, { ...issue, ...plan.patch }, cmd, issue.assigneeId);
        return { ok: true as const, message: DONE_MESSAGES[cmd.type] };
      }),
    );
  } catch (e) {
    // updateVersioned's conflict: say where the issue is now.
    if (e instanceof Refusal && e.detail.current !== undefined) {
      const cur = e.detail.current as { status?: string; level?: string } | null;
      throw issueConflict(cur?.status, cur?.level);
    }
    throw e;
  }
}

async function notifyAfter(
  tx: Tx,
  viewer: Viewer,
  after: LoadedIssue,
  cmd: IssueCommand,
  previousAssignee: number | null,
) {
  const link = issueLink(after.id);
  const send = (ids: number[], kind: NotificationKind, title: string) =>
    notifyUsers(
      tx,
      ids.filter((uid) => uid !== viewer.id),
      { issueId: after.id, kind, title: `${title}：${after.code} ${after.title}`, link },
    );
  const handlers = async () => (await handlerUsers(tx, after)).map((u) => u.id);
  switch (cmd.type) {
    case "accept":
    case "assign":
      return send([cmd.assigneeId], "ASSIGNED", "诉求指派给您办理");
    case "escalate":
    case "return":
      return send(
        await handlers(),
        "NEW",
        `诉求${cmd.type === "escalate" ? "上报" : "退回"}至${ISSUE_LEVEL_LABELS[after.level]}待受理`,
      );
    case "resolve":
      return send(
        (await enterpriseUsers(tx, after.enterpriseId)).map((u) => u.id),
        "RESOLVED",
        "诉求已办结，请确认",
      );
    case "reject":
    case "reopen":
      return send(
        [...(await handlers()), ...(previousAssignee ? [previousAssignee] : [])],
        "REOPENED",
        "企业不认可办理结果，诉求重新打开",
      );
    case "comment":
      return send(after.assigneeId ? [after.assigneeId] : [], "COMMENTED", `${viewer.displayName}留言`);
    case "route":
      return send(
        (await departmentUsers(tx, [cmd.leadDepartmentId, ...cmd.assistDepartmentIds])).map((u) => u.id),
        "NEW",
        `市级诉求交由${cmd.leadName}主办`,
      );
    case "assist":
      return send(
        [
          ...(await departmentUsers(tx, after.leadDepartmentId ? [after.leadDepartmentId] : [])).map((u) => u.id),
          ...(after.assigneeId ? [after.assigneeId] : []),
        ],
        "COMMENTED",
        `${cmd.unitName}协办反馈`,
      );
    default:
      return 0;
  }
}

/** A route names existing 责任单位 staffed by DEPARTMENT accounts, the 主办 not among the 协办 (refusals by field). */
async function checkRouting(tx: Tx, cmd: Extract<IssueCommand, { type: "route" }>) {
  const units = await routingUnits(tx);
  const ids = new Set(units.map((u) => u.id));
  if (!ids.has(cmd.leadDepartmentId))
    throw Refusal.fields({ leadDepartmentId: "请选择主办单位" }).with({ form: "route" });
  if (cmd.assistDepartmentIds.some((d) => !ids.has(d)))
    throw Refusal.fields({ assistDepartmentIds: "协办单位须为市直责任单位" }).with({ form: "route" });
  if (cmd.assistDepartmentIds.includes(cmd.leadDepartmentId))
    throw Refusal.fields({ assistDepartmentIds: "主办单位不能同时作为协办单位" }).with({ form: "route" });
}

// — the enterprise portal —

export async function portalData(viewer: Viewer, now = clockNow()) {
  if (!viewer.enterpriseId) return null;
  const [enterprise, projects, issues, counts] = await Promise.all([
    prisma.enterprise.findUnique({
      where: { id: viewer.enterpriseId },
      select: {
        name: true,
        creditCode: true,
        isKeyEnterprise: true,
        county: { select: { name: true } },
        serviceTeam: { select: { name: true, phone: true, leader: { select: { displayName: true, phone: true } } } },
      },
    }),
    prisma.project.findMany({
      where: projectScope(viewer),
      orderBy: [{ planYear: "desc" }, { name: "asc" }],
      select: {
        id: true,
        code: true,
        name: true,
        stage: true,
        stageOn: true,
        totalInvestment: true,
        isTransformation: true,
        planYear: true,
        county: { select: { name: true } },
        serviceTeam: { select: { name: true, phone: true, leader: { select: { displayName: true, phone: true } } } },
      },
    }),
    prisma.coordinationIssue.findMany({
      where: issueScope(viewer),
      orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { ...issueStateSelect, updatedAt: true },
    }),
    prisma.coordinationIssue.groupBy({ by: ["status"], where: issueScope(viewer), _count: { _all: true } }),
  ]);
  if (!enterprise) return null;
  const { policy, cal } = await loadClockConfig();
  const count = (s: string[]) => counts.filter((c) => s.includes(c.status)).reduce((n, c) => n + c._count._all, 0);
  return {
    enterprise: {
      name: enterprise.name,
      creditCode: enterprise.creditCode,
      isKeyEnterprise: enterprise.isKeyEnterprise,
      county: enterprise.county?.name ?? null,
      team: enterprise.serviceTeam,
    },
    projects: projects.map((p) => ({
      ...p,
      stageOn: p.stageOn ? toIsoDate(p.stageOn) : null,
      county: p.county.name,
    })),
    issues: issues.map((i) => ({
      id: i.id,
      code: i.code,
      title: i.title,
      status: i.status,
      statusLabel: ISSUE_STATUS_LABELS[i.status],
      level: i.level,
      submittedAt: i.submittedAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
      clock: clockView(i, now, policy, cal),
    })),
    counts: {
      open: count([...OPEN_STATUSES]),
      toConfirm: count(["RESOLVED"]),
      closed: count(["CLOSED"]),
    },
  };
}
