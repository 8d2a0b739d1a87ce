// 督办台账 as Excel (issue 17): one row per 督办事项 the viewer may see under the page's filters, with the columns
// 督办事项, 批示领导, 主办单位, 协办单位, 时限, 状态, 催办次数, 最新进展 (and the per-unit numbers on a second sheet).
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { SUPERVISION_STATE_LABELS } from "~/domain/supervisionLabels";
import { db } from "~/models/db.server";
import { parseLedgerQuery, supervisionLedger, type LedgerRow } from "~/models/supervisionLedger.server";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { now as clockNow } from "~/utils/clock.server";
import { attachmentHeaders, XLSX_MIME } from "~/utils/spreadsheet.server";

export const EXPORT_HEADER = ["督办事项", "批示领导", "主办单位", "协办单位", "时限", "状态", "催办次数", "最新进展"];

function cells(r: LedgerRow): Array<string | number> {
  return [
    `${r.code} ${r.title}`,
    r.leader,
    r.leadUnit?.name ?? "",
    r.assistUnits.map((u) => u.name).join("、"),
    r.deadlineText,
    `${SUPERVISION_STATE_LABELS[r.state]}${r.pendingDueAt ? "（延期待审批）" : ""}${r.card.color === "red" ? "（超期）" : ""}`,
    r.urgeCount,
    r.latestProgress ?? "",
  ];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "supervisionExport");
  const q = parseLedgerQuery(new URL(request.url).searchParams);
  const ledger = await supervisionLedger(viewer, q);
  await db.as(viewer).$transaction((tx) =>
    audit(tx, {
      actorId: viewer.id,
      action: "EXPORT",
      entity: "Supervision",
      entityId: "ledger",
      after: { format: "xlsx", rows: ledger.rows.length, filters: q },
    }),
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = "晋中市招商引资与转型项目管理平台";
  wb.created = clockNow();
  const sheet = wb.addWorksheet("督办台账", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(EXPORT_HEADER).font = { bold: true };
  for (const r of ledger.rows) sheet.addRow(cells(r));
  [44, 12, 22, 36, 22, 18, 10, 60].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.getColumn(8).alignment = { wrapText: true, vertical: "top" };
  const units = wb.addWorksheet("责任单位办理情况");
  units.addRow(["主办单位", "督办事项", "应办结", "按时办结", "按时办结率", "超期未办结", "催办次数"]).font = {
    bold: true,
  };
  for (const u of [...ledger.units, { unit: "合计", ...ledger.total }])
    units.addRow([
      u.unit,
      u.total,
      u.due,
      u.onTime,
      u.onTimeRate === null ? "—" : `${u.onTimeRate.toFixed(1)}%`,
      u.overdue,
      u.urges,
    ]);
  units.getColumn(1).width = 30;
  const buf = await wb.xlsx.writeBuffer();
  return new Response(new Uint8Array(buf as ArrayBuffer), {
    headers: { ...attachmentHeaders("督办台账.xlsx", XLSX_MIME), "Cache-Control": "private, no-store" },
  });
}
