// Export of the filtered audit log (安全审计员 only): /resources/audit-export?format=csv|xlsx&<the viewer's filters>.
// The export is itself recorded in the log (a data export, issue 14 §5) before the file is sent.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { AuditQuery, auditCsv, auditExportCount, auditXlsx } from "~/models/auditLog.server";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { today } from "~/utils/clock.server";
import { db } from "~/models/db.server";
import { attachmentHeaders, CSV_BOM, CSV_MIME, XLSX_MIME } from "~/utils/spreadsheet.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "auditExport");
  const params = new URL(request.url).searchParams;
  const format = params.get("format") === "xlsx" ? "xlsx" : "csv";
  const q = AuditQuery.parse(Object.fromEntries(params));
  const { page: _p, ...filters } = q;
  const record = (rows: number) =>
    db.as(viewer).$transaction((tx) =>
      audit(tx, {
        actorId: viewer.id,
        action: "EXPORT",
        entity: "AuditEvent",
        entityId: format,
        after: { ...filters, rows },
      }),
    );
  if (format === "xlsx") {
    // streamed: the row count is taken first, so the record exists before the file leaves
    await record(await auditExportCount(q));
    return new Response(auditXlsx(q), { headers: attachmentHeaders(`审计日志-${today()}.xlsx`, XLSX_MIME) });
  }
  const { csv, rows } = await auditCsv(q);
  await record(rows);
  return new Response(CSV_BOM + csv, { headers: attachmentHeaders(`审计日志-${today()}.csv`, CSV_MIME) });
}
