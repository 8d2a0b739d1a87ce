// Downloads of the 月度通报: `format=pdf` (A4, for the 县长例会 papers), `format=xlsx`, or `format=docx` (Word, for
// officials who rewrite it into a 红头文件; docs/decisions/150), drawn from the same report
// model as the page (the stored one for a frozen month). Same access as the page: the city's roles any scope, a
// county its own county.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { monthKey, reportTitle } from "~/domain/monthlyReport";
import { loadMonthlyReport, reportRequest } from "~/models/reportSnapshot.server";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { notFound } from "~/utils/http.server";
import { monthlyReportPdf } from "~/utils/monthlyReportPdf.server";
import { monthlyReportXlsx } from "~/utils/monthlyReportXlsx.server";
import { DOCX_MIME, monthlyReportDocx } from "~/utils/monthlyReportDocx.server";
import { attachmentHeaders, XLSX_MIME } from "~/utils/spreadsheet.server";
import { today as clockToday } from "~/utils/clock.server";

const MIME = { pdf: "application/pdf", xlsx: XLSX_MIME, docx: DOCX_MIME } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "monthlyReport");
  const sp = new URL(request.url).searchParams;
  const today = clockToday();
  const req = await reportRequest(viewer, sp, today);
  if (!req) notFound("未找到该县区");
  const asked = sp.get("format");
  const format = asked === "xlsx" || asked === "docx" ? asked : "pdf";
  const view = await loadMonthlyReport(viewer, req.month, { county: req.county }, today);
  const opts = { frozen: view.frozen, deltas: view.deltas, deltaLabel: view.previous?.label ?? null };
  const bytes =
    format === "pdf"
      ? await monthlyReportPdf(view.model, opts)
      : format === "xlsx"
        ? await monthlyReportXlsx(view.model, opts)
        : await monthlyReportDocx(view.model, opts);
  await db.as(viewer).$transaction((tx) =>
    audit(tx, {
      actorId: viewer.id,
      action: "EXPORT",
      entity: "MonthlyReport",
      entityId: monthKey(req.month),
      after: { format, county: req.county?.id ?? null, frozen: view.frozen !== null },
    }),
  );
  return new Response(bytes, {
    headers: attachmentHeaders(`${reportTitle(view.model)}.${format}`, MIME[format]),
  });
}
