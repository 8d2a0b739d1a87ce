// When a project changes service team (EIC's assignment, one or in bulk, or the project edit form), its open work
// goes with it, in the same transaction as the change: open agency tasks (代办事项) and open coordination issues
// (企业诉求) get the new team, a handler or assignee who is not a member of the new team is cleared, and each
// moved row gets a version bump and an audit event. Finished work (done/cancelled tasks, resolved/closed issues)
// keeps the team that did it — that is history.
//
// Without a new team (the project is taken out of every team) an open issue at TEAM level has nobody to handle
// it there: it goes to the county, as an issue without a service team does when it is submitted, with a new
// 13710 clock (the county has to accept it).
import type { Prisma } from "~/generated/prisma/client";
import { OPEN_STATUSES } from "~/domain/issueWorkflow";
import { OPEN_TASK_STATUSES } from "~/domain/labels";
import type { Viewer } from "~/domain/permissions";
import { clockDeadlines } from "~/domain/sla13710";
import { audit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { handlerUsers, issueLink } from "./issue.server";
import { notifyUsers } from "./notification.server";
import { loadClockConfig } from "./slaConfig.server";
import { now as clockNow } from "~/utils/clock.server";

export interface HandoverResult {
  tasksMoved: number;
  issuesMoved: number;
}

/** Call after the project row has its new `serviceTeamId` (same transaction). */
export async function handOverOpenWork(
  tx: Tx,
  viewer: Viewer,
  projectId: number,
  fromTeamId: number | null,
  toTeamId: number | null,
  now = clockNow(),
): Promise<HandoverResult> {
  const members = toTeamId
    ? await tx.user.findMany({ where: { teamId: toTeamId, role: "TEAM", isActive: true }, select: { id: true } })
    : [];
  const isMember = new Set(members.map((m) => m.id));
  // inside the caller's transaction: one statement at a time on its connection
  const team = toTeamId ? await tx.serviceTeam.findUnique({ where: { id: toTeamId }, select: { name: true } }) : null;
  const tasks = await tx.agencyTask.findMany({
    where: { projectId, status: { in: [...OPEN_TASK_STATUSES] } },
    select: { id: true, teamId: true, handlerId: true, handlerName: true, version: true },
    orderBy: { id: "asc" },
  });
  const issues = await tx.coordinationIssue.findMany({
    where: { projectId, status: { in: [...OPEN_STATUSES] } },
    select: {
      id: true,
      code: true,
      title: true,
      teamId: true,
      level: true,
      status: true,
      assigneeId: true,
      isComplex: true,
      category: true,
      countyId: true,
      version: true,
    },
    orderBy: { id: "asc" },
  });

  let tasksMoved = 0;
  let issuesMoved = 0;
  for (const t of tasks) {
    const keepHandler = t.handlerId !== null && isMember.has(t.handlerId);
    const handler = keepHandler
      ? { handlerId: t.handlerId, handlerName: t.handlerName }
      : { handlerId: null, handlerName: null };
    if (t.teamId === toTeamId && handler.handlerId === t.handlerId) continue;
    tasksMoved++;
    const saved = await tx.agencyTask.update({
      where: { id: t.id },
      data: { teamId: toTeamId, ...handler, version: { increment: 1 } },
      select: { version: true },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "HANDOVER_TEAM",
      entity: "AgencyTask",
      entityId: t.id,
      projectId,
      before: { teamId: t.teamId, handlerId: t.handlerId, handlerName: t.handlerName },
      after: { teamId: toTeamId, ...handler, version: saved.version },
    });
  }

  let clock: Awaited<ReturnType<typeof loadClockConfig>> | null = null;
  for (const i of issues) {
    const toCounty = toTeamId === null && i.level === "TEAM";
    // Only a TEAM-level assignee belongs to a team; at the county or city the assignee is that office's person.
    const clearAssignee = i.level === "TEAM" && i.assigneeId !== null && !isMember.has(i.assigneeId);
    if (i.teamId === toTeamId && !clearAssignee && !toCounty) continue;
    let patch: Prisma.CoordinationIssueUncheckedUpdateInput = { teamId: toTeamId };
    if (clearAssignee) patch.assigneeId = null;
    if (toCounty) {
      clock ??= await loadClockConfig(tx);
      patch = {
        ...patch,
        level: "COUNTY",
        status: "SUBMITTED",
        levelEnteredAt: now,
        clockStartedAt: now,
        ...clockDeadlines(now, i.isComplex, clock.policy, clock.cal),
        acceptedAt: null,
        firstRespondedAt: null,
        resolvedAt: null,
        assigneeId: null,
      };
    }
    issuesMoved++;
    const saved = await tx.coordinationIssue.update({
      where: { id: i.id },
      data: { ...patch, version: { increment: 1 }, updatedAt: now },
      select: { version: true },
    });
    const note = toCounty
      ? "项目已移出服务小组，诉求转县区办理。"
      : `项目改由${team?.name ?? "新的服务小组"}服务，诉求随项目转交该组办理${clearAssignee ? "，原办理人不在该组，需重新指派" : ""}。`;
    await tx.issueEvent.create({
      data: toCounty
        ? {
            issueId: i.id,
            kind: "ESCALATED",
            fromStatus: i.status,
            toStatus: "SUBMITTED",
            fromLevel: "TEAM",
            toLevel: "COUNTY",
            note,
            actorId: viewer.id,
            createdAt: now,
          }
        : { issueId: i.id, kind: "ASSIGNED", note, actorId: viewer.id, createdAt: now },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "HANDOVER_TEAM",
      entity: "CoordinationIssue",
      entityId: i.id,
      projectId,
      before: { teamId: i.teamId, level: i.level, status: i.status, assigneeId: i.assigneeId, fromTeamId },
      after: { ...patch, version: saved.version },
    });
    // The new handlers hear of it when the issue is now theirs to act on.
    if (i.level === "TEAM") {
      const after = {
        level: (toCounty ? "COUNTY" : "TEAM") as "COUNTY" | "TEAM",
        category: i.category,
        countyId: i.countyId,
        teamId: toTeamId,
        projectTeamId: toTeamId,
      };
      const handlers = await handlerUsers(tx, after);
      await notifyUsers(
        tx,
        handlers.map((h) => h.id).filter((id) => id !== viewer.id),
        {
          issueId: i.id,
          kind: "NEW",
          title: `诉求转交本${toCounty ? "县区" : "组"}办理：${i.code} ${i.title}`,
          link: issueLink(i.id),
        },
      );
    }
  }
  return { tasksMoved, issuesMoved };
}
