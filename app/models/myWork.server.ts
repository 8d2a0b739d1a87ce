// "My work" for a service team (or a county): its projects and the 一周一清单 — milestones planned this week or
// overdue, agency tasks due or overdue, coordination issues waiting on it, follow-ups from visit logs.
// Everything is limited by projectScope, so a team sees only its assigned projects.
import type { Prisma } from "~/generated/prisma/client";
import { toIsoDate, type IsoDate } from "~/domain/dates";
import type { Viewer } from "~/domain/permissions";
import { OPEN_STATUSES } from "~/domain/issueWorkflow";
import { OPEN_TASK_STATUSES } from "~/domain/labels";
import { lagging, MILESTONE_STAGES, PROJECT_STAGES } from "~/domain/stage";
import { weekOf } from "~/domain/weekList";
import { fromIsoDate } from "~/domain/dates";
import { prisma } from "~/utils/db.server";
import { OPEN_LEAD_STAGES } from "~/domain/followUp";
import { issueScope, leadScope, projectScope } from "./scope.server";

const LIST_LIMIT = 30;
/** The project list shows this many; beyond it the page links to the register filtered to the team/county. */
export const PROJECT_LIMIT = 200;

/*
 * "待办诉求": open issues (OPEN_STATUSES) at the viewer's own level — the statuses where that office must act next
 * (issueWorkflow.ts stateAllows): SUBMITTED and REOPENED wait for it to accept, ACCEPTED for its first feedback or
 * resolution, RESPONDED for its resolution. Not RESOLVED (the enterprise confirms or rejects) nor CLOSED, and not
 * issues escalated above the team/county (another office handles them; they stay readable in 诉求 but are not its
 * work). A team's are those issueScope gives it (its own and its projects', the TEAM handler rule's teams).
 */

function issuesWaitingOn(viewer: Viewer): Prisma.CoordinationIssueWhereInput | null {
  if (viewer.role === "TEAM" && viewer.teamId)
    return { AND: [issueScope(viewer), { level: "TEAM", status: { in: [...OPEN_STATUSES] } }] };
  if (viewer.role === "COUNTY" && viewer.countyId)
    return { countyId: viewer.countyId, level: "COUNTY", status: { in: [...OPEN_STATUSES] } };
  return null;
}

/** The bureau's week list has only its own leads' follow-ups; teams and counties have projects too. */
export const hasProjectWork = (viewer: Viewer) => viewer.role === "TEAM" || viewer.role === "COUNTY";

/** Visits without a project whose follow-ups are the viewer's (a team's, or a county's enterprises'). */
function visitFollowUps(viewer: Viewer): Prisma.ServiceLogWhereInput[] {
  if (viewer.role === "TEAM" && viewer.teamId)
    return [
      {
        projectId: null,
        OR: [{ teamId: viewer.teamId }, { enterprise: { serviceTeamId: viewer.teamId } }],
      },
    ];
  if (viewer.role === "COUNTY" && viewer.countyId)
    return [{ projectId: null, enterprise: { countyId: viewer.countyId } }];
  return [];
}

export async function myWork(viewer: Viewer, today: IsoDate) {
  const week = weekOf(today);
  const end = fromIsoDate(week.end);
  const inScope: Prisma.ProjectWhereInput = hasProjectWork(viewer)
    ? { AND: [projectScope(viewer), { pool: { not: "WITHDRAWN" } }] }
    : { id: { in: [] } };
  // 下次跟进 of the viewer's own open leads (issue 22 item 3): due this week or overdue
  const leadWhere: Prisma.LeadWhereInput = {
    AND: [
      leadScope(viewer),
      { ownerId: viewer.id, stage: { in: [...OPEN_LEAD_STAGES] }, nextFollowUpOn: { lte: end } },
    ],
  };
  const issueWhere = issuesWaitingOn(viewer);

  // Only the next stage of each project is actionable this week; later stages follow from it.
  const nextOf = MILESTONE_STAGES.map((stage, i) => ({ stage, project: { stage: PROJECT_STAGES[i] } }));
  const milestoneWhere: Prisma.MilestoneWhereInput = {
    project: inScope,
    actualOn: null,
    plannedOn: { lte: end },
    OR: nextOf,
  };
  const taskWhere: Prisma.AgencyTaskWhereInput = {
    project: inScope,
    status: { in: [...OPEN_TASK_STATUSES] },
    dueOn: { lte: end },
  };
  // follow-ups of its projects' logs, and of visits to enterprises without a project (docs/decisions/117): a team's
  // own visits and those to the enterprises assigned to it; a county's those to enterprises registered in it
  const followWhere: Prisma.ServiceLogWhereInput = {
    followUpDone: false,
    followUpOn: { lte: end },
    OR: [{ project: inScope }, ...visitFollowUps(viewer)],
  };
  // 出让金分期 (issue 18 §4, docs/decisions/221): instalments of its projects' land due this week or overdue, unpaid
  const landWhere: Prisma.LandInstalmentWhereInput = {
    landSupply: { project: inScope },
    dueOn: { lte: end },
    OR: [{ paidAmount: null }, { paidAmount: { lt: prisma.landInstalment.fields.amount } }],
  };
  const projectSelect = { select: { id: true, name: true, code: true } } as const;
  const enterpriseSelect = { select: { id: true, name: true } } as const;

  const [
    projects,
    projectCount,
    milestones,
    milestoneCount,
    tasks,
    taskCount,
    follows,
    followCount,
    issues,
    issueCount,
  ] = await Promise.all([
    prisma.project.findMany({
      where: inScope,
      orderBy: [{ stage: "asc" }, { name: "asc" }],
      take: PROJECT_LIMIT,
      select: {
        id: true,
        code: true,
        name: true,
        stage: true,
        isTransformation: true,
        county: { select: { name: true } },
        milestones: { select: { stage: true, plannedOn: true, actualOn: true } },
        agencyTasks: { where: { status: { in: [...OPEN_TASK_STATUSES] } }, select: { dueOn: true } },
        serviceLogs: { orderBy: { occurredOn: "desc" }, take: 1, select: { occurredOn: true } },
      },
    }),
    prisma.project.count({ where: inScope }),
    prisma.milestone.findMany({
      where: milestoneWhere,
      orderBy: [{ plannedOn: "asc" }, { id: "asc" }],
      take: LIST_LIMIT,
      select: { id: true, stage: true, plannedOn: true, project: projectSelect },
    }),
    prisma.milestone.count({ where: milestoneWhere }),
    prisma.agencyTask.findMany({
      where: taskWhere,
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
      take: LIST_LIMIT,
      select: { id: true, title: true, status: true, dueOn: true, handlerName: true, project: projectSelect },
    }),
    prisma.agencyTask.count({ where: taskWhere }),
    prisma.serviceLog.findMany({
      where: followWhere,
      orderBy: [{ followUpOn: "asc" }, { id: "asc" }],
      take: LIST_LIMIT,
      select: {
        id: true,
        kind: true,
        followUpOn: true,
        content: true,
        project: projectSelect,
        enterprise: enterpriseSelect,
      },
    }),
    prisma.serviceLog.count({ where: followWhere }),
    issueWhere
      ? prisma.coordinationIssue.findMany({
          where: issueWhere,
          orderBy: [{ resolveDueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
          take: LIST_LIMIT,
          select: {
            id: true,
            code: true,
            title: true,
            status: true,
            level: true,
            resolveDueAt: true,
            enterprise: { select: { name: true } },
          },
        })
      : Promise.resolve([]),
    issueWhere ? prisma.coordinationIssue.count({ where: issueWhere }) : Promise.resolve(0),
  ]);
  const [land, landCount] = await Promise.all([
    prisma.landInstalment.findMany({
      where: landWhere,
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
      take: LIST_LIMIT,
      select: {
        id: true,
        seq: true,
        dueOn: true,
        amount: true,
        paidAmount: true,
        landSupply: { select: { location: true, project: projectSelect } },
      },
    }),
    prisma.landInstalment.count({ where: landWhere }),
  ]);
  const [leads, leadCount] = await Promise.all([
    prisma.lead.findMany({
      where: leadWhere,
      orderBy: [{ nextFollowUpOn: "asc" }, { id: "asc" }],
      take: LIST_LIMIT,
      select: { id: true, name: true, enterpriseName: true, stage: true, nextFollowUpOn: true },
    }),
    prisma.lead.count({ where: leadWhere }),
  ]);

  const iso = (x: Date | null) => (x ? toIsoDate(x) : null);
  return {
    week,
    projectCount,
    /** Where the whole list is when it is longer than the page shows. */
    projectsLink:
      viewer.role === "TEAM" && viewer.teamId
        ? `/projects?team=${viewer.teamId}`
        : viewer.countyId
          ? `/projects?county=${viewer.countyId}`
          : "/projects",
    projects: projects.map((p) => {
      const ms = p.milestones.map((m) => ({ stage: m.stage, plannedOn: iso(m.plannedOn), actualOn: iso(m.actualOn) }));
      const nextPlanned =
        ms.filter((m) => !m.actualOn && m.plannedOn).sort((a, b) => a.plannedOn!.localeCompare(b.plannedOn!))[0] ??
        null;
      return {
        id: p.id,
        code: p.code,
        name: p.name,
        stage: p.stage,
        county: p.county.name,
        isTransformation: p.isTransformation,
        lag: lagging(ms, today).level,
        next: nextPlanned ? { stage: nextPlanned.stage, plannedOn: nextPlanned.plannedOn! } : null,
        overdueTasks: p.agencyTasks.filter((t) => t.dueOn && toIsoDate(t.dueOn) < today).length,
        lastService: iso(p.serviceLogs[0]?.occurredOn ?? null),
      };
    }),
    milestones: {
      count: milestoneCount,
      items: milestones.map((m) => ({ id: m.id, stage: m.stage, plannedOn: iso(m.plannedOn)!, project: m.project })),
    },
    tasks: { count: taskCount, items: tasks.map((t) => ({ ...t, dueOn: iso(t.dueOn)! })) },
    followUps: { count: followCount, items: follows.map((f) => ({ ...f, followUpOn: iso(f.followUpOn)! })) },
    land: {
      count: landCount,
      items: land.map((i) => ({
        id: i.id,
        seq: i.seq,
        dueOn: iso(i.dueOn)!,
        amount: i.amount,
        owed: i.amount - (i.paidAmount ?? 0),
        location: i.landSupply.location,
        project: i.landSupply.project,
      })),
    },
    leadFollowUps: { count: leadCount, items: leads.map((l) => ({ ...l, nextFollowUpOn: iso(l.nextFollowUpOn)! })) },
    issues: {
      count: issueCount,
      items: issues.map((i) => ({ ...i, resolveDueAt: i.resolveDueAt?.toISOString() ?? null })),
    },
  };
}
