// Export of the monthly coordination list (and the month's rates) as CSV or Excel, for the 县长例会 papers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { averageScore, monthOf, parseMonth, totalRates, type RateRow } from "~/domain/coordinationList";
import { formatChinaDateTime } from "~/domain/dates";
import { ISSUE_CATEGORY_LABELS, ISSUE_LEVEL_LABELS, ISSUE_STATUS_LABELS, label } from "~/domain/labels";
import { formatPercent } from "~/domain/money";
import {
  coordinationList,
  sortCoordinationRows,
  type CoordinationRow,
} from "~/presenters/CoordinationListPresenter.server";
import { requirePage } from "~/utils/auth.server";
import { audit } from "~/utils/audit.server";
import { db } from "~/models/db.server";
import { now as clockNow } from "~/utils/clock.server";

const HEADER = [
  "编号",
  "问题",
  "企业",
  "项目",
  "县区",
  "类别",
  "本月协调层级",
  "当前层级",
  "状态",
  "13710 时限",
  "责任单位/办理人",
  "历时（天）",
  "最新进展时间",
  "最新进展",
];

function rowCells(r: CoordinationRow): Array<string | number> {
  return [
    r.code,
    r.title,
    r.enterprise,
    r.project ?? "",
    r.county,
    label(ISSUE_CATEGORY_LABELS, r.category),
    ISSUE_LEVEL_LABELS[r.levelInMonth],
    ISSUE_LEVEL_LABELS[r.levelNow],
    label(ISSUE_STATUS_LABELS, r.status),
    r.clock.text,
    r.owner,
    r.ageDays,
    r.lastProgress ? formatChinaDateTime(r.lastProgress.at) : "",
    r.lastProgress?.note ?? "",
  ];
}

const RATE_HEADER = ["办结", "按时办结", "按时办结率", "企业确认", "满意（4–5分）", "满意率", "平均分"];
function rateCells(r: RateRow): Array<string | number> {
  return [
    r.name,
    r.resolved,
    r.onTime,
    formatPercent(r.onTime, r.resolved),
    r.confirmed,
    r.satisfied,
    formatPercent(r.satisfied, r.confirmed),
    averageScore(r),
  ];
}

/** Quotes a CSV cell; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula. */
function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "issuesMonthlyExport");
  const sp = new URL(request.url).searchParams;
  const month = parseMonth(sp.get("month")) ?? monthOf(clockNow());
  const format = sp.get("format") === "csv" ? "csv" : "xlsx";
  const list = await coordinationList(db.as(viewer), viewer, month);
  const rows = sortCoordinationRows(list.rows, "level", "desc");
  const title = `${month.year}年${month.month}月需市级省级协调问题清单`;
  await db.as(viewer).$transaction((tx) =>
    audit(tx, {
      actorId: viewer.id,
      action: "EXPORT",
      entity: "CoordinationList",
      entityId: month.key,
      after: { format, rows: rows.length },
    }),
  );
  const filename = `${title}.${format}`;
  const disposition = `attachment; filename="coordination-${month.key}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

  // The rates per county and per team: a sheet each in Excel, a section each (after a blank line) in CSV.
  const rateTables = [
    ["县区办结与满意", "县区", list.countyRates],
    ["服务小组办结与满意", "服务小组", list.teamRates],
  ] as const;

  if (format === "csv") {
    const sections: Array<Array<Array<string | number>>> = [
      [HEADER, ...rows.map(rowCells)],
      ...rateTables.map(([, group, data]) => [[group, ...RATE_HEADER], ...[...data, totalRates(data)].map(rateCells)]),
    ];
    const lines = sections.map((sec) => sec.map((cells) => cells.map(csvCell).join(",")).join("\r\n"));
    // BOM: Excel opens UTF-8 CSV with Chinese correctly only with it.
    return new Response(`\uFEFF${lines.join("\r\n\r\n")}\r\n`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": disposition,
        "Cache-Control": "private, no-store",
      },
    });
  }

  const wb = new ExcelJS.Workbook();
  wb.creator = "晋中市招商引资与转型项目管理平台";
  wb.created = clockNow();
  const sheet = wb.addWorksheet("协调问题清单", { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow(HEADER).font = { bold: true };
  for (const r of rows) sheet.addRow(rowCells(r));
  const widths = [12, 40, 26, 26, 12, 10, 12, 10, 12, 20, 26, 10, 18, 60];
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.getColumn(14).alignment = { wrapText: true, vertical: "top" };
  sheet.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  for (const [name, group, data] of rateTables) {
    const ws = wb.addWorksheet(name);
    ws.addRow([group, ...RATE_HEADER]).font = { bold: true };
    for (const r of [...data, totalRates(data)]) ws.addRow(rateCells(r));
    ws.getColumn(1).width = 36;
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Response(new Uint8Array(buf as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": disposition,
      "Cache-Control": "private, no-store",
    },
  });
}
