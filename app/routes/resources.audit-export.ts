// CSV export of the filtered audit log (安全审计员 only). The export itself is recorded in the log.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canReadAudit } from "~/domain/permissions";
import { AuditQuery, auditCsv } from "~/models/auditLog.server";
import { audit } from "~/utils/audit.server";
import { requireUser } from "~/utils/auth.server";
import { today } from "~/utils/clock.server";
import { db } from "~/models/db.server";
import { forbidden } from "~/utils/http.server";
import { attachmentHeaders, CSV_BOM, CSV_MIME } from "~/utils/spreadsheet.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (!canReadAudit(viewer)) forbidden("仅安全审计员可以导出审计日志");
  const q = AuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { csv, rows } = await auditCsv(q);
  const { page: _p, ...filters } = q;
  await db.as(viewer).$transaction((tx) =>
    audit(tx, {
      actorId: viewer.id,
      action: "EXPORT",
      entity: "AuditEvent",
      entityId: "csv",
      after: { ...filters, rows },
    }),
  );
  return new Response(CSV_BOM + csv, { headers: attachmentHeaders(`审计日志-${today()}.csv`, CSV_MIME) });
}
