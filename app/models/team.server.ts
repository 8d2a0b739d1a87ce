// The 30 专业化服务小组: list with workload (assigned projects, last activity, overdue items), one team's page,
// and assignment of projects and enterprises to teams (EIC and admin), one by one or in bulk, in one transaction.
// Who sees teams: everyone who sees all projects, and a team member their own team.
import { Prisma } from "~/generated/prisma/client";
import { fromIsoDate, toIsoDate } from "~/domain/dates";
import type { AssignCandidatesQuery, TeamListQuery, TeamProjectsQuery } from "~/domain/listQueries.server";
import { seesAllProjects, type Viewer } from "~/domain/permissions";
import { OPEN_TASK_STATUSES } from "~/domain/labels";
import { Refusal } from "~/domain/refusal";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { handOverOpenWork } from "./projectHandover.server";
import { today as clockToday } from "~/utils/clock.server";

export function teamScope(viewer: Viewer): Prisma.ServiceTeamWhereInput | null {
  if (seesAllProjects(viewer)) return {};
  if (viewer.role === "TEAM" && viewer.teamId) return { id: viewer.teamId };
  return null;
}

const SORT_SQL: Record<TeamListQuery["sort"], string> = {
  no: "x.no",
  leader: "leader_name",
  members: "members",
  projects: "projects",
  enterprises: "enterprises",
  lastActivity: "last_activity",
  overdue: "overdue_total",
};

/** Overdue work of a team's projects: open agency tasks past due + next milestones past their planned date. */
function overdueSql(today: Date) {
  return Prisma.sql`
    (SELECT count(*)::int FROM agency_task a JOIN project p ON p.id = a.project_id
      WHERE p.service_team_id = t.id AND a.status IN ('PENDING', 'IN_PROGRESS') AND a.due_on < ${today}) AS overdue_tasks,
    (SELECT count(*)::int FROM milestone m JOIN project p ON p.id = m.project_id
      WHERE p.service_team_id = t.id AND p.pool <> 'WITHDRAWN' AND m.actual_on IS NULL AND m.planned_on < ${today}
        AND array_position(enum_range(NULL::"MilestoneStage"), m.stage) = array_position(enum_range(NULL::"ProjectStage"), p.stage)
    ) AS overdue_milestones`;
}

export async function listTeams(viewer: Viewer, q: TeamListQuery, today = clockToday()) {
  const scope = teamScope(viewer);
  if (!scope) return { total: 0, rows: [] };
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (viewer.role === "TEAM") where.push(Prisma.sql`t.id = ${viewer.teamId ?? -1}`);
  if (q.q)
    where.push(
      Prisma.sql`(t.name ILIKE ${`%${q.q}%`} OR t.focus ILIKE ${`%${q.q}%`} OR u.display_name ILIKE ${`%${q.q}%`})`,
    );
  const whereSql = Prisma.join(where, " AND ");
  const d = fromIsoDate(today);
  // Sort column and direction come from a whitelist (TeamListQuery), never from the URL text itself.
  const order = Prisma.raw(`${SORT_SQL[q.sort]} ${q.dir === "desc" ? "DESC" : "ASC"} NULLS LAST, x.no ASC`);
  const rows = await prisma.$queryRaw<
    Array<{
      id: number;
      no: number;
      name: string;
      focus: string | null;
      leader_name: string | null;
      members: number;
      projects: number;
      enterprises: number;
      last_activity: Date | null;
      overdue_tasks: number;
      overdue_milestones: number;
    }>
  >`
    SELECT * FROM (
      SELECT t.id, t.no, t.name, t.focus, u.display_name AS leader_name,
        (SELECT count(*)::int FROM app_user m WHERE m.team_id = t.id AND m.is_active) AS members,
        (SELECT count(*)::int FROM project p WHERE p.service_team_id = t.id) AS projects,
        (SELECT count(*)::int FROM enterprise e WHERE e.service_team_id = t.id) AS enterprises,
        GREATEST(
          (SELECT max(s.created_at) FROM service_log s WHERE s.team_id = t.id),
          (SELECT max(m.logged_at) FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.service_team_id = t.id),
          (SELECT max(a.updated_at) FROM agency_task a WHERE a.team_id = t.id)
        ) AS last_activity,
        ${overdueSql(d)}
      FROM service_team t LEFT JOIN app_user u ON u.id = t.leader_id
      WHERE ${whereSql}
    ) x, LATERAL (SELECT x.overdue_tasks + x.overdue_milestones AS overdue_total) o
    ORDER BY ${order}
    LIMIT ${q.size} OFFSET ${(q.page - 1) * q.size}`;
  const [{ total }] = await prisma.$queryRaw<Array<{ total: number }>>`
    SELECT count(*)::int AS total FROM service_team t LEFT JOIN app_user u ON u.id = t.leader_id WHERE ${whereSql}`;
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      no: r.no,
      name: r.name,
      focus: r.focus,
      leader: r.leader_name,
      members: r.members,
      projects: r.projects,
      enterprises: r.enterprises,
      lastActivity: r.last_activity ? r.last_activity.toISOString() : null,
      overdueTasks: r.overdue_tasks,
      overdueMilestones: r.overdue_milestones,
      overdue: r.overdue_tasks + r.overdue_milestones,
    })),
  };
}
export type TeamRow = Awaited<ReturnType<typeof listTeams>>["rows"][number];

export async function getTeam(viewer: Viewer, id: number) {
  const scope = teamScope(viewer);
  if (!scope) return null;
  const t = await prisma.serviceTeam.findFirst({
    where: { AND: [{ id }, scope] },
    select: {
      id: true,
      no: true,
      name: true,
      focus: true,
      phone: true,
      county: { select: { name: true } },
      leader: { select: { id: true, displayName: true, phone: true, title: true } },
      members: {
        where: { isActive: true },
        select: { id: true, displayName: true, title: true, phone: true },
        orderBy: { id: "asc" },
      },
      enterprises: {
        select: { id: true, name: true, creditCode: true, isKeyEnterprise: true },
        orderBy: { name: "asc" },
      },
    },
  });
  if (!t) return null;
  const today = clockToday();
  const [openTasks, overdueTasks, logs] = await Promise.all([
    prisma.agencyTask.count({ where: { project: { serviceTeamId: id }, status: { in: [...OPEN_TASK_STATUSES] } } }),
    prisma.agencyTask.count({
      where: {
        project: { serviceTeamId: id },
        status: { in: [...OPEN_TASK_STATUSES] },
        dueOn: { lt: fromIsoDate(today) },
      },
    }),
    prisma.serviceLog.findMany({
      where: { teamId: id },
      orderBy: [{ occurredOn: "desc" }, { id: "desc" }],
      take: 8,
      select: {
        id: true,
        kind: true,
        occurredOn: true,
        content: true,
        project: { select: { id: true, name: true } },
        enterprise: { select: { id: true, name: true } },
      },
    }),
  ]);
  return {
    ...t,
    openTasks,
    overdueTasks,
    recentLogs: logs.map((l) => ({ ...l, occurredOn: toIsoDate(l.occurredOn) })),
  };
}

const PROJECT_ORDER: Record<
  TeamProjectsQuery["sort"],
  (dir: "asc" | "desc") => Prisma.ProjectOrderByWithRelationInput
> = {
  name: (dir) => ({ name: dir }),
  county: (dir) => ({ county: { sortOrder: dir } }),
  stage: (dir) => ({ stage: dir }),
  totalInvestment: (dir) => ({ totalInvestment: dir }),
  updatedAt: (dir) => ({ updatedAt: dir }),
};

export async function teamProjects(teamId: number, q: TeamProjectsQuery) {
  const where: Prisma.ProjectWhereInput = { serviceTeamId: teamId };
  const today = clockToday();
  const [total, rows] = await Promise.all([
    prisma.project.count({ where }),
    prisma.project.findMany({
      where,
      orderBy: [PROJECT_ORDER[q.sort](q.dir), { id: q.dir }],
      skip: (q.page - 1) * q.size,
      take: q.size,
      select: {
        id: true,
        code: true,
        name: true,
        stage: true,
        totalInvestment: true,
        updatedAt: true,
        county: { select: { name: true } },
        enterprise: { select: { name: true } },
        _count: {
          select: {
            agencyTasks: { where: { status: { in: [...OPEN_TASK_STATUSES] }, dueOn: { lt: fromIsoDate(today) } } },
          },
        },
      },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      stage: r.stage,
      totalInvestment: r.totalInvestment,
      county: r.county.name,
      enterprise: r.enterprise?.name ?? null,
      overdueTasks: r._count.agencyTasks,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
export type TeamProjectRow = Awaited<ReturnType<typeof teamProjects>>["rows"][number];

/** Projects or enterprises that could be assigned to `teamId` (EIC's assignment page). */
export async function assignCandidates(teamId: number, q: AssignCandidatesQuery) {
  const show =
    q.show === "unassigned"
      ? { serviceTeamId: null }
      : q.show === "other"
        ? { serviceTeamId: { not: teamId } }
        : { OR: [{ serviceTeamId: null }, { serviceTeamId: { not: teamId } }] };
  const dir = q.dir;
  if (q.kind === "projects") {
    const where: Prisma.ProjectWhereInput = {
      AND: [
        show as Prisma.ProjectWhereInput,
        q.county ? { countyId: q.county } : {},
        q.q
          ? {
              OR: [
                { name: { contains: q.q, mode: "insensitive" } },
                { enterprise: { name: { contains: q.q, mode: "insensitive" } } },
                { code: q.q.toUpperCase() },
              ],
            }
          : {},
      ],
    };
    const orderBy: Prisma.ProjectOrderByWithRelationInput =
      q.sort === "county"
        ? { county: { sortOrder: dir } }
        : q.sort === "team"
          ? { serviceTeamId: { sort: dir, nulls: "first" } }
          : { name: dir };
    const [total, rows] = await Promise.all([
      prisma.project.count({ where }),
      prisma.project.findMany({
        where,
        orderBy: [orderBy, { id: dir }],
        skip: (q.page - 1) * q.size,
        take: q.size,
        select: {
          id: true,
          code: true,
          name: true,
          stage: true,
          county: { select: { name: true } },
          serviceTeam: { select: { name: true } },
          enterprise: { select: { name: true } },
        },
      }),
    ]);
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        name: r.name,
        sub: [r.code, r.enterprise?.name].filter(Boolean).join(" · "),
        county: r.county.name,
        team: r.serviceTeam?.name ?? null,
        stage: r.stage,
      })),
    };
  }
  const where: Prisma.EnterpriseWhereInput = {
    AND: [
      show as Prisma.EnterpriseWhereInput,
      q.county ? { countyId: q.county } : {},
      q.q
        ? { OR: [{ name: { contains: q.q, mode: "insensitive" } }, { creditCode: { startsWith: q.q.toUpperCase() } }] }
        : {},
    ],
  };
  const orderBy: Prisma.EnterpriseOrderByWithRelationInput =
    q.sort === "county"
      ? { county: { sortOrder: dir } }
      : q.sort === "team"
        ? { serviceTeamId: { sort: dir, nulls: "first" } }
        : { name: dir };
  const [total, rows] = await Promise.all([
    prisma.enterprise.count({ where }),
    prisma.enterprise.findMany({
      where,
      orderBy: [orderBy, { id: dir }],
      skip: (q.page - 1) * q.size,
      take: q.size,
      select: {
        id: true,
        name: true,
        creditCode: true,
        isKeyEnterprise: true,
        county: { select: { name: true } },
        serviceTeam: { select: { name: true } },
      },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      sub: `${r.creditCode}${r.isKeyEnterprise ? " · 优势企业" : ""}`,
      county: r.county?.name ?? "—",
      team: r.serviceTeam?.name ?? null,
      stage: null,
    })),
  };
}
export type CandidateRow = Awaited<ReturnType<typeof assignCandidates>>["rows"][number];

/**
 * Moves projects to `teamId` (null = unassign) in one transaction: every project, its open agency tasks and open
 * coordination issues (the new team handles them, projectHandover.server.ts) and one audit event per project that
 * changed. Unknown ids refuse the whole batch.
 */
export async function assignProjects(viewer: Viewer, ids: number[], teamId: number | null) {
  return prisma.$transaction(async (tx) => {
    if (teamId !== null && !(await tx.serviceTeam.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      throw Refusal.form("服务小组不存在");
    }
    const rows = await tx.project.findMany({ where: { id: { in: ids } }, select: { id: true, serviceTeamId: true } });
    if (rows.length !== ids.length) throw Refusal.form("所选项目中有不存在的项目，请刷新后重试");
    let changed = 0;
    for (const p of rows) {
      if (p.serviceTeamId === teamId) continue;
      // The version moves too: someone editing the project meanwhile is told the team changed.
      const saved = await tx.project.update({
        where: { id: p.id },
        data: { serviceTeamId: teamId, version: { increment: 1 } },
        select: { version: true },
      });
      const moved = await handOverOpenWork(tx, viewer, p.id, p.serviceTeamId, teamId);
      await audit(tx, {
        actorId: viewer.id,
        action: "ASSIGN_TEAM",
        entity: "Project",
        entityId: p.id,
        projectId: p.id,
        before: { serviceTeamId: p.serviceTeamId },
        after: {
          serviceTeamId: teamId,
          openTasksMoved: moved.tasksMoved,
          openIssuesMoved: moved.issuesMoved,
          version: saved.version,
        },
      });
      changed++;
    }
    return { changed };
  });
}

export async function assignEnterprises(viewer: Viewer, ids: number[], teamId: number | null) {
  return prisma.$transaction(async (tx) => {
    if (teamId !== null && !(await tx.serviceTeam.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      throw Refusal.form("服务小组不存在");
    }
    const rows = await tx.enterprise.findMany({
      where: { id: { in: ids } },
      select: { id: true, serviceTeamId: true },
    });
    if (rows.length !== ids.length) throw Refusal.form("所选企业中有不存在的企业，请刷新后重试");
    let changed = 0;
    for (const e of rows) {
      if (e.serviceTeamId === teamId) continue;
      await tx.enterprise.update({
        where: { id: e.id },
        data: { serviceTeamId: teamId, version: { increment: 1 } },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "ASSIGN_TEAM",
        entity: "Enterprise",
        entityId: e.id,
        before: { serviceTeamId: e.serviceTeamId },
        after: { serviceTeamId: teamId },
      });
      changed++;
    }
    return { changed };
  });
}

export function allTeams() {
  return prisma.serviceTeam.findMany({ select: { id: true, no: true, name: true }, orderBy: { no: "asc" } });
}
