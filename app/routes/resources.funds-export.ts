// 专项资金报表 as Excel (issue 18 §2, docs/decisions/205): the year's funds (budget, committed, disbursed, balance,
// guarantees), then the same money by county, by use and by 重点专项 (programme), and every application with its numbers. The city's roles
// (the page-rights table); read-only, audited as an export.
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { fundYear } from "~/domain/funds";
import { fundReport } from "~/models/fund.server";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { db } from "~/models/db.server";
import { attachmentHeaders, XLSX_MIME } from "~/utils/spreadsheet.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "fundsExport");
  const year = fundYear(new URL(request.url).searchParams.get("year"), Number(clockToday().slice(0, 4)));
  const r = await fundReport(year);
  await db.as(viewer).$transaction((tx) =>
    audit(tx, {
      actorId: viewer.id,
      action: "EXPORT",
      entity: "Fund",
      entityId: "report",
      after: { format: "xlsx", year, rows: r.details.length },
    }),
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = "晋中市招商引资与转型项目管理平台";
  wb.created = clockNow();
  const sheet = (name: string, header: string[], rows: (string | number)[][], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  };
  sheet(
    "按资金",
    [
      "资金",
      "年度",
      "年度预算（万元）",
      "已批复（万元）",
      "已拨付（万元）",
      "余额（万元）",
      "在保额度（万元）",
      "已代偿（万元）",
    ],
    r.funds.map((f) => [f.name, year, f.budget, f.committed, f.disbursed, f.balance, f.guaranteed, f.compensated]),
    [34, 8, 16, 16, 16, 16, 16, 16],
  );
  sheet(
    "按县区",
    ["县区", "资金", "申请（件）", "批复（件）", "已批复（万元）", "已拨付（万元）"],
    r.byCounty.map((c) => [c.county, c.fund, c.applications, c.approved, c.committed, c.disbursed]),
    [18, 34, 12, 12, 16, 16],
  );
  sheet(
    "按用途",
    ["资金", "用途", "申请（件）", "批复（件）", "已批复（万元）", "已拨付（万元）"],
    r.byUse.map((u) => [u.fund, u.use, u.applications, u.approved, u.committed, u.disbursed]),
    [34, 22, 12, 12, 16, 16],
  );
  sheet(
    "按重点专项",
    ["重点专项", "资金", "申请（件）", "批复（件）", "已批复（万元）", "已拨付（万元）"],
    r.byProgramme.map((g) => [g.programme, g.fund, g.applications, g.approved, g.committed, g.disbursed]),
    [24, 34, 12, 12, 16, 16],
  );
  sheet(
    "申请明细",
    [
      "资金",
      "项目",
      "县区",
      "用途",
      "申请日期",
      "申请金额（万元）",
      "状态",
      "批复金额（万元）",
      "批复文号",
      "已拨付（万元）",
      "代偿风险",
    ],
    r.details.map((d) => [
      d.fund,
      d.project,
      d.county,
      d.use,
      d.submittedOn,
      d.requestedAmount,
      d.status,
      d.approvedAmount ?? "",
      d.approvalNo ?? "",
      d.disbursed,
      d.risk ?? "",
    ]),
    [34, 36, 14, 22, 12, 14, 18, 14, 24, 14, 16],
  );
  const buf = await wb.xlsx.writeBuffer();
  return new Response(new Uint8Array(buf as ArrayBuffer), {
    headers: {
      ...attachmentHeaders(`专项资金报表（${year}年度）.xlsx`, XLSX_MIME),
      "Cache-Control": "private, no-store",
    },
  });
}
