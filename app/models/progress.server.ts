// Funding instalments, monthly completed investment, service logs and agency tasks of one project. Callers
// have already found the project inside the viewer's scope and checked canLogProgress; every write here is
// one transaction with its audit event, and starts by locking the project with the viewer's scope again
// (lockProject: 404/403 when the project moved out of reach since the page was loaded).
import { fromIsoDate, toIsoDate } from "~/domain/dates";
import type {
  AgencyTaskForm,
  AgencyTaskUpdateForm,
  FundingForm,
  InvestmentForm,
  ServiceLogForm,
} from "~/domain/progressForms";
import type { Viewer } from "~/domain/permissions";
import { OPEN_TASK_STATUSES } from "~/domain/labels";
import { audit, diffFields } from "~/utils/audit.server";
import { insertServiceLog, updateFollowUpDone } from "./serviceLog.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { Refusal } from "~/domain/refusal";
import { prisma, type Tx } from "~/utils/db.server";
import { lockProject, touchProject } from "./milestone.server";
import { today as clockToday } from "~/utils/clock.server";
import { createPhotoRows, type StoredPhotos } from "~/utils/photos.server";
import { once, type CreateClaim } from "~/utils/createToken.server";

const d = (x: Date | null) => (x ? toIsoDate(x) : null);

export async function addFunding(viewer: Viewer, projectId: number, form: FundingForm, claim?: CreateClaim) {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      await lockProject(tx, viewer, projectId);
      const f = await tx.fundingRecord.create({
        data: {
          projectId,
          receivedOn: fromIsoDate(form.receivedOn),
          amount: form.amount,
          source: form.source,
          note: form.note,
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "FundingRecord",
        entityId: f.id,
        projectId,
        after: form,
      });
      await touchProject(tx, projectId);
      return f;
    }),
  );
}

/**
 * One value per project and month: a first report creates the row, a later one is a correction of it (version
 * checked, before/after audited). `form.version` is 0 when the user saw no value for that month.
 */
export async function saveInvestment(viewer: Viewer, projectId: number, form: InvestmentForm) {
  const [year, month] = form.month.split("-").map(Number);
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const existing = await tx.investmentRecord.findUnique({
      where: { projectId_year_month: { projectId, year, month } },
    });
    if (!existing) {
      if (form.version !== 0) throw Refusal.conflict();
      const created = await tx.investmentRecord
        .create({
          data: {
            projectId,
            year,
            month,
            amount: form.amount,
            note: form.note,
            createdById: viewer.id,
            updatedById: viewer.id,
          },
          select: { id: true },
        })
        .catch((e: unknown) => {
          // Two first reports of the same month at once: the unique key refuses the second.
          if ((e as { code?: string }).code === "P2002") throw Refusal.conflict();
          throw e;
        });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "InvestmentRecord",
        entityId: created.id,
        projectId,
        after: { year, month, amount: form.amount, note: form.note },
      });
      await touchProject(tx, projectId);
      return { created: true };
    }
    const changes = { amount: form.amount, note: form.note };
    const diff = diffFields({ amount: existing.amount, note: existing.note }, changes);
    if (diff.changed.length === 0) return { created: false, unchanged: true };
    await updateVersioned(tx.investmentRecord, "InvestmentRecord", existing.id, form.version, {
      ...changes,
      updatedById: viewer.id,
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "CORRECT",
      entity: "InvestmentRecord",
      entityId: existing.id,
      projectId,
      before: { year, month, ...diff.before },
      after: { year, month, ...diff.after },
    });
    await touchProject(tx, projectId);
    return { created: false };
  });
}

export async function addServiceLog(
  viewer: Viewer,
  project: { id: number; serviceTeamId: number | null; enterpriseId: number | null },
  form: ServiceLogForm,
  claim?: CreateClaim,
  /** site photos already checked, converted and stored (app/utils/photos.server.ts); rows written here */
  photos: StoredPhotos | null = null,
) {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const locked = await lockProject(tx, viewer, project.id);
      const photoNames = photos?.photos.map((p) => p.fileName) ?? [];
      // A team member's log counts for their team; others' for the project's team.
      const log = await insertServiceLog(
        tx,
        viewer,
        { teamId: viewer.teamId ?? locked.serviceTeamId, projectId: project.id, enterpriseId: locked.enterpriseId },
        form,
        photoNames.length ? { photos: photoNames.join("、") } : {},
      );
      await createPhotoRows(tx, photos, {
        kind: "serviceLog",
        projectId: project.id,
        serviceLogId: log.id,
        uploadedById: viewer.id,
      });
      return log;
    }),
  );
}

export async function setFollowUpDone(viewer: Viewer, projectId: number, logId: number, done: boolean) {
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const log = await tx.serviceLog.findFirst({
      where: { id: logId, projectId },
      select: { id: true, followUpDone: true },
    });
    if (!log) return null;
    await updateFollowUpDone(tx, viewer, { ...log, projectId }, done);
    return log;
  });
}

/** Members of the project's team: the handlers an agency task may be given to. */
export async function teamMembers(teamId: number | null) {
  if (!teamId) return [];
  return prisma.user.findMany({
    where: { teamId, isActive: true },
    select: { id: true, displayName: true },
    orderBy: { id: "asc" },
  });
}

async function handlerFor(
  tx: Tx,
  teamId: number | null,
  handlerId: number | null,
): Promise<{ handlerId: number | null; handlerName: string | null } | null> {
  if (!handlerId) return { handlerId: null, handlerName: null };
  const u = await tx.user.findFirst({
    where: { id: handlerId, teamId: teamId ?? -1, isActive: true },
    select: { id: true, displayName: true },
  });
  return u ? { handlerId: u.id, handlerName: u.displayName } : null;
}

export async function addAgencyTask(
  viewer: Viewer,
  project: { id: number },
  form: AgencyTaskForm,
  claim?: CreateClaim,
) {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const locked = await lockProject(tx, viewer, project.id);
      const handler = await handlerFor(tx, locked.serviceTeamId, form.handlerId);
      if (!handler) throw Refusal.fields({ handlerId: "经办人须是本项目服务小组的成员" });
      const t = await tx.agencyTask.create({
        data: {
          projectId: project.id,
          teamId: locked.serviceTeamId,
          kind: form.kind,
          title: form.title,
          dueOn: fromIsoDate(form.dueOn),
          note: form.note,
          ...handler,
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "AgencyTask",
        entityId: t.id,
        projectId: project.id,
        after: { ...form, handlerName: handler.handlerName },
      });
      await touchProject(tx, project.id);
      return { task: t };
    }),
  );
}

export async function updateAgencyTask(
  viewer: Viewer,
  project: { id: number },
  form: AgencyTaskUpdateForm,
  /** site photos already checked, converted and stored (app/utils/photos.server.ts); rows written here */
  photos: StoredPhotos | null = null,
) {
  return prisma.$transaction(async (tx) => {
    const locked = await lockProject(tx, viewer, project.id);
    const existing = await tx.agencyTask.findFirst({ where: { id: form.taskId, projectId: project.id } });
    if (!existing) throw Refusal.notFound();
    const handler = await handlerFor(tx, existing.teamId ?? locked.serviceTeamId, form.handlerId);
    if (!handler) throw Refusal.fields({ handlerId: "经办人须是本项目服务小组的成员" });
    const changes = {
      status: form.status,
      dueOn: fromIsoDate(form.dueOn),
      completedOn: form.status === "DONE" && form.completedOn ? fromIsoDate(form.completedOn) : null,
      note: form.note,
      ...handler,
    };
    const plain = (x: typeof changes) => ({ ...x, dueOn: d(x.dueOn), completedOn: d(x.completedOn) });
    const diff = diffFields(
      plain({
        status: existing.status,
        dueOn: existing.dueOn ?? new Date(0),
        completedOn: existing.completedOn,
        note: existing.note,
        handlerId: existing.handlerId,
        handlerName: existing.handlerName,
      }),
      plain(changes),
    );
    const photoNames = photos?.photos.map((p) => p.fileName) ?? [];
    if (diff.changed.length === 0 && !photoNames.length) return { unchanged: true as const };
    // new photos alone are an update too: the version moves, so a stale form still refuses (409)
    await updateVersioned(tx.agencyTask, "AgencyTask", existing.id, form.version, changes);
    await createPhotoRows(tx, photos, {
      kind: "agencyTask",
      projectId: project.id,
      agencyTaskId: existing.id,
      uploadedById: viewer.id,
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "AgencyTask",
      entityId: existing.id,
      projectId: project.id,
      before: diff.before,
      after: { ...diff.after, ...(photoNames.length ? { photos: photoNames.join("、") } : {}) },
    });
    await touchProject(tx, project.id);
    return { ok: true as const };
  });
}

/** Lists the project page shows below the register fields. */
export async function projectWorkspace(projectId: number) {
  const [logs, tasks, attachments] = await Promise.all([
    prisma.serviceLog.findMany({
      where: { projectId },
      orderBy: [{ occurredOn: "desc" }, { id: "desc" }],
      take: 30,
      select: {
        id: true,
        kind: true,
        occurredOn: true,
        people: true,
        content: true,
        followUpOn: true,
        followUpDone: true,
      },
    }),
    prisma.agencyTask.findMany({
      where: { projectId },
      orderBy: [{ status: "asc" }, { dueOn: "asc" }, { id: "asc" }],
      select: {
        id: true,
        kind: true,
        title: true,
        status: true,
        dueOn: true,
        completedOn: true,
        handlerId: true,
        handlerName: true,
        note: true,
        version: true,
      },
    }),
    prisma.attachment.findMany({
      where: { projectId },
      orderBy: { createdAt: "desc" },
      select: { id: true, fileName: true, size: true, createdAt: true, milestone: { select: { stage: true } } },
    }),
  ]);
  const today = clockToday();
  return {
    serviceLogs: logs.map((l) => ({ ...l, occurredOn: toIsoDate(l.occurredOn), followUpOn: d(l.followUpOn) })),
    agencyTasks: tasks.map((t) => ({
      ...t,
      dueOn: d(t.dueOn),
      completedOn: d(t.completedOn),
      overdue:
        (OPEN_TASK_STATUSES as readonly string[]).includes(t.status) && t.dueOn !== null && toIsoDate(t.dueOn) < today,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      size: a.size,
      createdAt: a.createdAt.toISOString(),
      stage: a.milestone?.stage ?? null,
    })),
  };
}
