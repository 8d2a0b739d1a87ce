import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { attachmentHeaders, cellValue, csvLines, decodeText, readRows } from "./spreadsheet.server";

async function all(bytes: Uint8Array, format: "xlsx" | "csv") {
  const out = [];
  for await (const r of readRows(bytes, format)) out.push(r);
  return out;
}

describe("reading spreadsheets", () => {
  it("decodes UTF-8 with or without BOM, and GB18030 as Excel writes it on Chinese Windows", () => {
    expect(decodeText(new TextEncoder().encode("\uFEFF榆次区"))).toBe("榆次区");
    expect(decodeText(new TextEncoder().encode("榆次区"))).toBe("榆次区");
    // 榆次区 in GB18030
    expect(decodeText(new Uint8Array([0xd3, 0xdc, 0xb4, 0xce, 0xc7, 0xf8]))).toBe("榆次区");
  });

  it("reads CSV records with quoted commas and line breaks, numbering rows as Excel shows them", async () => {
    const text = '项目名称,总投资（万元）\r\n"甲,乙项目",100\r\n"多行\r\n内容",\r\n';
    expect(await all(new TextEncoder().encode(text), "csv")).toEqual([
      { rowNo: 1, cells: ["项目名称", "总投资（万元）"] },
      { rowNo: 2, cells: ["甲,乙项目", "100"] },
      { rowNo: 3, cells: ["多行\r\n内容", null] },
    ]);
  });

  it("reads tab-separated text (Excel's Unicode text) too", async () => {
    expect(await all(new TextEncoder().encode("a\tb\r\n1\t2\r\n"), "csv")).toEqual([
      { rowNo: 1, cells: ["a", "b"] },
      { rowNo: 2, cells: ["1", "2"] },
    ]);
  });

  it("reads the first worksheet of an XLSX: numbers, date cells, rich text and formula results", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("数据");
    ws.addRow(["名称", "金额", "日期"]);
    ws.addRow([
      { richText: [{ text: "吉利" }, { text: "汽车" }] },
      { formula: "1+1", result: 2 },
      new Date(Date.UTC(2017, 2, 5)),
    ]);
    ws.getCell("C2").numFmt = "yyyy-mm-dd";
    ws.addRow([]);
    ws.addRow(["第四行", 7, null]);
    wb.addWorksheet("说明").addRow(["不读取"]);
    const rows = await all(new Uint8Array(await wb.xlsx.writeBuffer()), "xlsx");
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 4]);
    expect(rows[1].cells).toEqual(["吉利汽车", 2, new Date(Date.UTC(2017, 2, 5))]);
    expect(rows[2].cells).toEqual(["第四行", 7]);
  });

  it("cellValue flattens what exceljs hands out", () => {
    expect(cellValue({ text: "链接", hyperlink: "http://x" })).toBe("链接");
    expect(cellValue({ error: "#N/A" })).toBe("#N/A");
    expect(cellValue(undefined)).toBeNull();
  });
});

describe("writing", () => {
  it("CSV lines are CRLF, quoted when needed, formulas defused, dates plain", () => {
    expect(csvLines([["=1+1", "a,b", 12, new Date(Date.UTC(2017, 0, 2)), null, true]])).toBe(
      '\'=1+1,"a,b",12,2017-01-02,,是\r\n',
    );
  });
  it("a Chinese file name survives the download headers", () => {
    expect(attachmentHeaders("项目库.csv", "text/csv")["Content-Disposition"]).toBe(
      "attachment; filename=\"___.csv\"; filename*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%BA%93.csv",
    );
  });
});
