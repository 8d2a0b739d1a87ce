// The one place a service log row is written (a project's 服务日志 in progress.server.ts, an enterprise visit without a
// project in enterpriseVisit.server.ts): the insert with its audit entry, and the follow-up toggle with its audit
// entry, both inside the caller's transaction after the caller has checked scope and locked what it needs.
import { fromIsoDate } from "~/domain/dates";
import type { Viewer } from "~/domain/permissions";
import type { ServiceLogForm } from "~/domain/progressForms";
import { audit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";

type LogTarget = {
  /** The team the log counts for: the logging member's team, or else the project's / enterprise's team. */
  teamId: number | null;
  projectId: number | null;
  enterpriseId: number | null;
};

/** Inserts the log and its audit entry; `auditAfter` adds context (e.g. the enterprise's name) to the form. */
export async function insertServiceLog(
  tx: Tx,
  viewer: Viewer,
  target: LogTarget,
  form: ServiceLogForm,
  auditAfter: Record<string, unknown> = {},
) {
  // the photos are files: the caller writes their rows and names them in auditAfter
  const { photos: _photos, ...formFields } = form;
  const log = await tx.serviceLog.create({
    data: {
      teamId: target.teamId,
      projectId: target.projectId,
      enterpriseId: target.enterpriseId,
      kind: form.kind,
      occurredOn: fromIsoDate(form.occurredOn),
      people: form.people,
      content: form.content,
      followUpOn: form.followUpOn ? fromIsoDate(form.followUpOn) : null,
      createdById: viewer.id,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: viewer.id,
    action: "CREATE",
    entity: "ServiceLog",
    entityId: log.id,
    ...(target.projectId ? { projectId: target.projectId } : {}),
    after: { ...auditAfter, ...formFields },
  });
  return log;
}

/** Sets a log's follow-up done flag (a no-op when unchanged) and audits the change with `context` on both sides. */
export async function updateFollowUpDone(
  tx: Tx,
  viewer: Viewer,
  log: { id: number; followUpDone: boolean; projectId?: number },
  done: boolean,
  context: Record<string, unknown> = {},
) {
  if (log.followUpDone === done) return;
  await tx.serviceLog.update({ where: { id: log.id }, data: { followUpDone: done } });
  await audit(tx, {
    actorId: viewer.id,
    action: "UPDATE",
    entity: "ServiceLog",
    entityId: log.id,
    ...(log.projectId ? { projectId: log.projectId } : {}),
    before: { ...context, followUpDone: log.followUpDone },
    after: { ...context, followUpDone: done },
  });
}
