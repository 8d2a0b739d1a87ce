// The monthly 通报's newer sections in its downloads (issue 18 §1 and §4, docs/decisions/200 and 223): the 重点专项
// and 土地要素保障 sections the page draws are carried, heading, header row and every cell, in the Excel (a worksheet
// of their own), the Word (a table found by its header row) and the PDF (heading and cells in reading order) — for
// the city's report and for a county's own. Their numbers against independent SQL are programmes.test and land.test.
import { describe, expect, it } from "vitest";
import { formatCell, reportTables, type MonthlyReport, type ReportTable } from "~/domain/monthlyReport";
import { loader as monthlyLoader } from "~/routes/_app.reports.monthly/route";
import { loader as monthlyDownload } from "~/routes/resources.monthly-report";
import { readDocx } from "../support/docx";
import { expectInOrder, readPdf } from "../support/pdf";
import { requestAs, run } from "../support/requests";
import { readXlsx } from "../support/spreadsheets";

const args = { params: {}, context: {} };
const MONTH = "2017-11";

async function pageTables(user: string): Promise<ReportTable[]> {
  const page = await run(async () =>
    monthlyLoader({ request: await requestAs(user, `/reports/monthly?month=${MONTH}`), ...args }),
  );
  expect(page.status).toBe(200);
  return reportTables((page.data as { model: MonthlyReport }).model);
}

async function download(user: string, format: "xlsx" | "docx" | "pdf"): Promise<ArrayBuffer> {
  const res = await run(async () =>
    monthlyDownload({
      request: await requestAs(user, `/resources/monthly-report?month=${MONTH}&format=${format}`),
      ...args,
    }),
  );
  expect(res.status).toBe(200);
  return res.response!.arrayBuffer();
}

describe.each([
  ["the city's report", "bureau"],
  ["a county's own report", "county.yuci"],
])("重点专项 and 土地要素保障 in the downloads: %s", (_name, user) => {
  it("the Excel, Word and PDF carry each section's heading, header row and cells as the page draws them", async () => {
    const tables = await pageTables(user);
    const sections = (["programmes", "land"] as const).map((key) => tables.find((t) => t.key === key)!);
    for (const t of sections) {
      expect(t, "section on the page").toBeDefined();
      expect(t.rows.length).toBeGreaterThan(0);
    }
    const [programmes, land] = sections;
    expect(programmes.title).toMatch(/、重点专项推进情况$/);
    expect(land.title).toMatch(/、土地要素保障情况$/);

    const book = await readXlsx(new Uint8Array(await download(user, "xlsx")));
    const doc = await readDocx(await download(user, "docx"));
    const pdf = await readPdf(new Uint8Array(await download(user, "pdf")));
    for (const t of sections) {
      const headers = t.columns.map((c) => c.header);
      // Excel: its own worksheet, the header row, one row per table row, the first column as drawn
      const sheet = book[t.sheet];
      expect(sheet, `worksheet ${t.sheet}`).toBeDefined();
      expect(sheet[0]).toEqual(headers);
      const body = sheet.slice(1).filter((r) => r.some((c) => c !== null && c !== ""));
      expect(body.map((r) => String(r[0]))).toEqual(t.rows.map((r) => formatCell(r.cells[0])));
      // Word: the heading, and the table by its header row with every cell formatted as on the page
      expect(doc.paragraphs).toContain(t.title);
      expect(doc.tables.find((x) => JSON.stringify(x[0]) === JSON.stringify(headers))).toEqual([
        headers,
        ...t.rows.map((r) => r.cells.map(formatCell)),
      ]);
      // PDF: the heading, then the cells in reading order
      expectInOrder(pdf.items, [t.title, ...t.rows.flatMap((r) => r.cells.slice(1).map(formatCell))]);
    }
  }, 120_000);
});
