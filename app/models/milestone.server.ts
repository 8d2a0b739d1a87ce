// Milestone commands: log, correct, withdraw, plan. Each runs in one transaction that locks the project row,
// re-reads the chain, re-runs the pure rules (app/domain/milestoneRules.ts) on that fresh data, writes the
// milestone, its history event (milestone_event), any attachment or first funding record, and the audit events.
// The project's stage follows from the database trigger; it is never written here.
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import { checkCorrect, checkLog, checkWithdraw, hasErrors, type ChainContext } from "~/domain/milestoneRules";
import type {
  MilestoneCorrectForm,
  MilestoneLogForm,
  MilestonePlanForm,
  MilestoneWithdrawForm,
} from "~/domain/progressForms";
import type { MilestoneStage } from "~/domain/stage";
import type { ProjectOwners, Viewer } from "~/domain/permissions";
import { audit } from "~/utils/audit.server";
import { Refusal } from "~/domain/refusal";
import { prisma, type Tx } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { createAttachmentRow, type StoredUpload } from "./attachment.server";
import { createPhotoRows, type StoredPhotos } from "~/utils/photos.server";
import { requireLogRight } from "./projectAccess.server";
import { projectScopeSql } from "./scope.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { displayNames } from "./people.server";

const d = (x: Date | null) => (x ? toIsoDate(x) : null);

/**
 * Serialises writes to one project's progress so the rules always see the chain they change — and checks the
 * viewer's scope and right to log progress again on the locked row: the route found the project before the
 * transaction, and it may have moved to another team (or county) since. Outside scope → 404, not allowed → 403,
 * thrown as Responses (the transaction rolls back).
 */
export async function lockProject(tx: Tx, viewer: Viewer, projectId: number): Promise<ProjectOwners & { id: number }> {
  const rows = await tx.$queryRaw<
    Array<{ id: number; county_id: number; service_team_id: number | null; enterprise_id: number | null }>
  >`
    SELECT p.id, p.county_id, p.service_team_id, p.enterprise_id FROM project p
    WHERE p.id = ${projectId} AND ${projectScopeSql(viewer)} FOR UPDATE`;
  const r = rows[0];
  if (!r) notFound();
  const ref = { id: r.id, countyId: r.county_id, serviceTeamId: r.service_team_id, enterpriseId: r.enterprise_id };
  requireLogRight(viewer, ref);
  return ref;
}

/** Register's "最近更新" follows progress too (the stage itself is the trigger's business). */
export async function touchProject(tx: Tx, projectId: number) {
  await tx.project.update({ where: { id: projectId }, data: { updatedAt: clockNow() }, select: { id: true } });
}

async function readChain(tx: Tx | typeof prisma, projectId: number) {
  // `tx` may be a transaction: one statement at a time on its connection
  const rows = await tx.milestone.findMany({
    where: { projectId },
    select: {
      id: true,
      stage: true,
      plannedOn: true,
      actualOn: true,
      evidenceNo: true,
      evidenceNote: true,
      attachmentId: true,
      version: true,
    },
  });
  const funding = await tx.fundingRecord.count({ where: { projectId } });
  return {
    rows,
    byStage: (s: MilestoneStage) => rows.find((r) => r.stage === s) ?? null,
    ctx: (today: IsoDate): ChainContext => ({
      milestones: rows.map((r) => ({ stage: r.stage, actualOn: d(r.actualOn) })),
      today,
      hasFunding: funding > 0,
    }),
  };
}

/** The chain as the browser's rule check needs it. */
export async function chainContext(projectId: number, today = clockToday()): Promise<ChainContext> {
  return (await readChain(prisma, projectId)).ctx(today);
}

function checkVersion(
  row: { id: number; version: number } | null,
  expected: number,
  current: Record<string, unknown> | null,
) {
  const actual = row?.version ?? 0;
  if (actual !== expected) throw Refusal.conflict({ current });
}

function snapshot(
  m: { plannedOn: Date | null; actualOn: Date | null; evidenceNo: string | null; attachmentId?: number | null } | null,
) {
  if (!m) return null;
  return {
    plannedOn: d(m.plannedOn),
    actualOn: d(m.actualOn),
    evidenceNo: m.evidenceNo,
    attachmentId: m.attachmentId ?? null,
  };
}

interface Cmd<F> {
  viewer: Viewer;
  projectId: number;
  form: F;
  upload?: StoredUpload | null;
  /** site photos already checked, converted and stored (app/utils/photos.server.ts); rows written here */
  photos?: StoredPhotos | null;
  today?: IsoDate;
}

export async function logMilestone({
  viewer,
  projectId,
  form,
  upload,
  photos,
  today = clockToday(),
}: Cmd<MilestoneLogForm>) {
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const chain = await readChain(tx, projectId);
    const row = chain.byStage(form.stage);
    checkVersion(row, form.version, snapshot(row));
    const errors = checkLog(form, chain.ctx(today));
    if (hasErrors(errors)) throw Refusal.fields(errors as Record<string, string>);

    const attachment = upload ? await createAttachmentRow(tx, upload, projectId, viewer.id) : null;
    const data = {
      actualOn: fromIsoDate(form.actualOn),
      evidenceNo: form.evidenceNo,
      evidenceNote: form.evidenceNote,
      attachmentId: attachment?.id ?? row?.attachmentId ?? null,
      loggedById: viewer.id,
      loggedAt: clockNow(),
    };
    const saved = row
      ? await tx.milestone.update({
          where: { id: row.id },
          data: { ...data, version: { increment: 1 } },
          select: { id: true, version: true },
        })
      : await tx.milestone.create({
          data: { ...data, projectId, stage: form.stage },
          select: { id: true, version: true },
        });
    const photoNames = await createPhotoRows(tx, photos ?? null, {
      kind: "milestone",
      projectId,
      milestoneId: saved.id,
      uploadedById: viewer.id,
    });
    await tx.milestoneEvent.create({
      data: {
        milestoneId: saved.id,
        kind: "LOGGED",
        toActual: data.actualOn,
        evidenceNo: form.evidenceNo,
        actorId: viewer.id,
      },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "LOG_MILESTONE",
      entity: "Milestone",
      entityId: saved.id,
      projectId,
      before: snapshot(row),
      after: {
        stage: form.stage,
        actualOn: form.actualOn,
        evidenceNo: form.evidenceNo,
        attachment: attachment?.fileName ?? null,
        ...(photoNames.length ? { photos: photoNames.join("、") } : {}),
      },
    });
    if (form.stage === "FUNDING" && form.amount) {
      // The first receipt is FUNDING's evidence: it becomes the first funding record in the same transaction.
      const f = await tx.fundingRecord.create({
        data: {
          projectId,
          receivedOn: data.actualOn,
          amount: form.amount,
          source: form.source ?? "未注明",
          note: `首笔到位凭证 ${form.evidenceNo ?? ""}`.trim(),
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
        after: { receivedOn: form.actualOn, amount: form.amount, source: form.source },
      });
    }
    await touchProject(tx, projectId);
    return saved;
  });
}

export async function correctMilestone({
  viewer,
  projectId,
  form,
  upload,
  photos,
  today = clockToday(),
}: Cmd<MilestoneCorrectForm>) {
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const chain = await readChain(tx, projectId);
    const row = chain.byStage(form.stage);
    checkVersion(row, form.version, snapshot(row));
    const errors = checkCorrect(
      { ...form, current: { actualOn: d(row?.actualOn ?? null), evidenceNo: row?.evidenceNo ?? null } },
      chain.ctx(today),
    );
    // A new attachment (or new site photos) alone is a legitimate correction even when date and number stay the same.
    if ((upload || photos?.photos.length) && errors.actualOn === "更正后的日期和凭证与原记录相同")
      delete errors.actualOn;
    if (hasErrors(errors) || !row) throw Refusal.fields(errors as Record<string, string>);

    const attachment = upload ? await createAttachmentRow(tx, upload, projectId, viewer.id) : null;
    const actualOn = fromIsoDate(form.actualOn);
    await tx.milestone.update({
      where: { id: row.id },
      data: {
        actualOn,
        evidenceNo: form.evidenceNo,
        attachmentId: attachment?.id ?? row.attachmentId,
        loggedById: viewer.id,
        loggedAt: clockNow(),
        version: { increment: 1 },
      },
    });
    // photos added with a correction (issue 20 §2): the stage's photos, marked against the corrected date
    const photoNames = await createPhotoRows(tx, photos ?? null, {
      kind: "milestone",
      projectId,
      milestoneId: row.id,
      uploadedById: viewer.id,
    });
    await tx.milestoneEvent.create({
      data: {
        milestoneId: row.id,
        kind: "CORRECTED",
        fromActual: row.actualOn,
        toActual: actualOn,
        evidenceNo: form.evidenceNo,
        reason: form.reason,
        actorId: viewer.id,
      },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "CORRECT_MILESTONE",
      entity: "Milestone",
      entityId: row.id,
      projectId,
      before: snapshot(row),
      after: {
        stage: form.stage,
        actualOn: form.actualOn,
        evidenceNo: form.evidenceNo,
        reason: form.reason,
        attachment: attachment?.fileName ?? undefined,
        ...(photoNames.length ? { photos: photoNames.join("、") } : {}),
      },
    });
    await touchProject(tx, projectId);
  });
}

export async function withdrawMilestone({ viewer, projectId, form, today = clockToday() }: Cmd<MilestoneWithdrawForm>) {
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const chain = await readChain(tx, projectId);
    const row = chain.byStage(form.stage);
    checkVersion(row, form.version, snapshot(row));
    const errors = checkWithdraw(form, chain.ctx(today));
    if (hasErrors(errors) || !row) throw Refusal.fields(errors as Record<string, string>);
    // The evidence and the file stay in the history (event + attachment list); the milestone itself is reopened.
    await tx.milestone.update({
      where: { id: row.id },
      data: {
        actualOn: null,
        evidenceNo: null,
        evidenceNote: null,
        attachmentId: null,
        loggedById: null,
        loggedAt: null,
        version: { increment: 1 },
      },
    });
    // the withdrawn log's site photos stay with the project's files but no longer show as the stage's photos
    await tx.attachment.updateMany({ where: { milestoneId: row.id }, data: { milestoneId: null } });
    await tx.milestoneEvent.create({
      data: {
        milestoneId: row.id,
        kind: "WITHDRAWN",
        fromActual: row.actualOn,
        evidenceNo: row.evidenceNo,
        reason: form.reason,
        actorId: viewer.id,
      },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "WITHDRAW_MILESTONE",
      entity: "Milestone",
      entityId: row.id,
      projectId,
      before: snapshot(row),
      after: { stage: form.stage, actualOn: null, reason: form.reason },
    });
    await touchProject(tx, projectId);
  });
}

export async function planMilestone({ viewer, projectId, form }: Cmd<MilestonePlanForm>) {
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const chain = await readChain(tx, projectId);
    const row = chain.byStage(form.stage);
    checkVersion(row, form.version, snapshot(row));
    const plannedOn = form.plannedOn ? fromIsoDate(form.plannedOn) : null;
    if (d(row?.plannedOn ?? null) === form.plannedOn) throw Refusal.fields({ stage: "计划日期没有变化" });
    const saved = row
      ? await tx.milestone.update({
          where: { id: row.id },
          data: { plannedOn, version: { increment: 1 } },
          select: { id: true },
        })
      : await tx.milestone.create({ data: { projectId, stage: form.stage, plannedOn }, select: { id: true } });
    await tx.milestoneEvent.create({
      data: {
        milestoneId: saved.id,
        kind: "PLANNED",
        fromPlanned: row?.plannedOn ?? null,
        toPlanned: plannedOn,
        reason: form.reason,
        actorId: viewer.id,
      },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "PLAN_MILESTONE",
      entity: "Milestone",
      entityId: saved.id,
      projectId,
      before: row ? { plannedOn: d(row.plannedOn) } : null,
      after: { stage: form.stage, plannedOn: form.plannedOn, reason: form.reason },
    });
    await touchProject(tx, projectId);
  });
}

/** Every milestone event of a project, newest first, with the actor's name (the history on the project page). */
export async function milestoneHistory(projectId: number) {
  const events = await prisma.milestoneEvent.findMany({
    where: { milestone: { projectId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: {
      id: true,
      kind: true,
      fromPlanned: true,
      toPlanned: true,
      fromActual: true,
      toActual: true,
      evidenceNo: true,
      reason: true,
      actorId: true,
      createdAt: true,
      milestone: { select: { stage: true } },
    },
  });
  const name = await displayNames(events.map((e) => e.actorId));
  return events.map((e) => ({
    id: e.id,
    stage: e.milestone.stage,
    kind: e.kind,
    fromPlanned: d(e.fromPlanned),
    toPlanned: d(e.toPlanned),
    fromActual: d(e.fromActual),
    toActual: d(e.toActual),
    evidenceNo: e.evidenceNo,
    reason: e.reason,
    actor: e.actorId ? (name.get(e.actorId) ?? `用户#${e.actorId}`) : "系统",
    at: e.createdAt.toISOString(),
  }));
}
export type MilestoneHistoryItem = Awaited<ReturnType<typeof milestoneHistory>>[number];
