// Visits to an enterprise without a project (走访优势企业, issue 15 §2, docs/decisions/117): a service log whose
// project is empty and whose enterprise is set. Logged by a service team for an enterprise in its scope (assigned to
// it or with one of its projects) or by 市经信委 / the admin; it counts for the logging member's team, or else for the
// enterprise's assigned team, so it shows on that team's page and in its week list's follow-ups. A visit may carry
// 现场照片 (docs/decisions/272) through the shared photo pipeline; they are read within the enterprise's scope.
import { toIsoDate } from "~/domain/dates";
import { canLogEnterpriseVisit, type Viewer } from "~/domain/permissions";
import type { ServiceLogForm } from "~/domain/progressForms";
import { Refusal } from "~/domain/refusal";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { createPhotoRows, type StoredPhotos } from "~/utils/photos.server";
import { db } from "./db.server";
import { enterpriseScope } from "./scope.server";
import { insertServiceLog, updateFollowUpDone } from "./serviceLog.server";

/** The enterprise, read in the viewer's scope inside `tx`; 404 outside it, 403 for a role that may not log. */
async function visitableEnterprise(tx: Tx, viewer: Viewer, enterpriseId: number) {
  const e = await tx.enterprise.findFirst({
    where: { AND: [{ id: enterpriseId }, enterpriseScope(viewer)] },
    select: { id: true, name: true, serviceTeamId: true },
  });
  if (!e) throw Refusal.notFound();
  if (!canLogEnterpriseVisit(viewer)) throw Refusal.forbidden("只有服务小组和市经信委可以记录企业走访");
  return e;
}

/** The visits page: the enterprise and its visits without a project, newest first (null outside the scope). */
export async function enterpriseVisits(viewer: Viewer, enterpriseId: number) {
  const e = await db.as(viewer).enterprise.findFirst({
    where: { id: enterpriseId },
    select: {
      id: true,
      name: true,
      isKeyEnterprise: true,
      serviceTeam: { select: { id: true, name: true } },
      serviceLogs: {
        where: { projectId: null },
        orderBy: [{ occurredOn: "desc" }, { id: "desc" }],
        take: 50,
        select: {
          id: true,
          kind: true,
          occurredOn: true,
          people: true,
          content: true,
          followUpOn: true,
          followUpDone: true,
          team: { select: { name: true } },
        },
      },
    },
  });
  if (!e) return null;
  return {
    ...e,
    serviceLogs: e.serviceLogs.map((l) => ({
      ...l,
      occurredOn: toIsoDate(l.occurredOn),
      followUpOn: l.followUpOn ? toIsoDate(l.followUpOn) : null,
    })),
  };
}

export async function addEnterpriseVisit(
  viewer: Viewer,
  enterpriseId: number,
  form: ServiceLogForm,
  claim?: CreateClaim,
  /** site photos already checked, converted and stored (app/utils/photos.server.ts); rows written here */
  photos: StoredPhotos | null = null,
): Promise<number> {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const e = await visitableEnterprise(tx, viewer, enterpriseId);
      const photoNames = photos?.photos.map((p) => p.fileName) ?? [];
      const log = await insertServiceLog(
        tx,
        viewer,
        { teamId: viewer.teamId ?? e.serviceTeamId, projectId: null, enterpriseId: e.id },
        form,
        { enterpriseName: e.name, ...(photoNames.length ? { photos: photoNames.join("、") } : {}) },
      );
      await createPhotoRows(tx, photos, { kind: "visit", serviceLogId: log.id, uploadedById: viewer.id });
      return log.id;
    }),
  );
}

/** Marks a visit's follow-up done (or not); null when the visit is not one of this enterprise's. */
export async function setVisitFollowUpDone(viewer: Viewer, enterpriseId: number, logId: number, done: boolean) {
  return prisma.$transaction(async (tx) => {
    const e = await visitableEnterprise(tx, viewer, enterpriseId);
    const [log] = await tx.$queryRaw<{ id: number; follow_up_done: boolean }[]>`
      SELECT id, follow_up_done FROM service_log
      WHERE id = ${logId} AND enterprise_id = ${e.id} AND project_id IS NULL FOR UPDATE`;
    if (!log) return null;
    await updateFollowUpDone(tx, viewer, { id: log.id, followUpDone: log.follow_up_done }, done, {
      enterpriseName: e.name,
    });
    return log;
  });
}
