// The 月度通报 as an Excel workbook: a sheet per section of the report (reportTables), Chinese headers, amounts as
// exact integer 万元 numbers, shares as percentages (the stored basis points ÷ 10000), dates as date cells — the
// same table rows the page and the PDF draw, so every number matches them.
import type ExcelJS from "exceljs";
import { fromIsoDate } from "~/domain/dates";
import {
  reportScopeLine,
  reportStatusLine,
  reportSummary,
  reportTables,
  reportTitle,
  type KpiDelta,
  type MonthlyReport,
  type ReportCell,
} from "~/domain/monthlyReport";
import { newWorkbook, type OutCell } from "./spreadsheet.server";

const PP = '"个百分点"';

/** A cell's value and number format in Excel. */
export function xlsxCell(c: ReportCell): { value: OutCell; numFmt?: string } {
  if (c === null) return { value: null };
  switch (c.t) {
    case "text":
      return { value: c.v };
    case "wan": {
      const unit = c.unit ? '"万元"' : "";
      return { value: c.v, numFmt: c.signed ? `+#,##0${unit};-#,##0${unit};0${unit}` : `#,##0${unit}` };
    }
    case "bp":
      return { value: c.v / 10_000, numFmt: "0.00%" };
    case "pp":
      return { value: c.v / 100, numFmt: `+0.00${PP};-0.00${PP};0.00${PP}` };
    case "int":
      return { value: c.v, numFmt: "#,##0" };
    case "date":
      return { value: fromIsoDate(c.v), numFmt: "yyyy-mm-dd" };
    case "score":
      return { value: c.v / 100, numFmt: "0.00" };
    case "rag":
      return { value: c.text };
  }
}

export async function monthlyReportXlsx(
  r: MonthlyReport,
  view: { frozen: { at: string; by: string } | null; deltas: KpiDelta[] | null; deltaLabel: string | null },
): Promise<Uint8Array<ArrayBuffer>> {
  const book = newWorkbook();
  book.wb.title = reportTitle(r);
  const about = book.sheet("通报说明", [
    { header: "项目", width: 14 },
    { header: "内容", width: 110 },
  ]);
  for (const [k, v] of [
    ["标题", reportTitle(r)],
    ["统计口径", reportScopeLine(r)],
    ["状态", reportStatusLine(r, view.frozen)],
    ["综述", reportSummary(r)],
    [
      "说明",
      "演示数据：项目、企业、人员和数字依据《2017年晋中市政府工作报告》编制，仅供演示。金额单位为万元（整数）。",
    ],
  ]) {
    about.addRow([k, v]).alignment = { wrapText: true, vertical: "top" };
  }

  for (const t of reportTables(r, view.deltas, view.deltaLabel)) {
    const ws: ExcelJS.Worksheet = book.sheet(
      t.sheet,
      t.columns.map((c) => ({ header: c.header, width: Math.max(8, Math.round(c.width * 5)) })),
    );
    for (const row of t.rows) {
      const cells = row.cells.map(xlsxCell);
      const added = ws.addRow(cells.map((c) => c.value));
      cells.forEach((c, i) => {
        if (c.numFmt) added.getCell(i + 1).numFmt = c.numFmt;
      });
      if (row.total) added.font = { bold: true };
    }
  }
  return book.toBytes();
}
