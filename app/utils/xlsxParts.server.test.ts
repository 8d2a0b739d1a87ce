// XLSX part order (issue 21, finding 8): the same workbook with its zip parts in several orders reads the same
// rows — before the fix, workbook.xml after the sheets was refused and late shared strings lost every header.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readRows } from "./spreadsheet.server";
import { partsInReadableOrder, withReadablePartOrder, zipPartOrder } from "./xlsxParts.server";

async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("数据");
  ws.addRow(["项目名称", "县区", "总投资（万元）", "签约日期"]);
  for (let i = 1; i <= 200; i++) ws.addRow([`测试项目${i}`, "榆次区", i * 100, new Date(Date.UTC(2017, 2, 1))]);
  wb.addWorksheet("填写说明").addRow(["说明"]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The same parts, written in `order` (names not listed keep their place after those that are). */
async function reorder(bytes: Uint8Array, sort: (names: string[]) => string[]): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const out = new JSZip();
  for (const n of sort(names)) out.file(n, await zip.files[n].async("uint8array"));
  return out.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

async function rows(bytes: Uint8Array) {
  const out = [];
  for await (const r of readRows(bytes, "xlsx")) out.push(r);
  return out;
}

const late = (parts: string[]) => (names: string[]) => [
  ...names.filter((n) => !parts.includes(n)),
  ...parts.filter((p) => names.includes(p)),
];

describe("XLSX part order", () => {
  it("reads the same rows whatever the order of the parts", async () => {
    const original = await workbook();
    expect(zipPartOrder(original)).toContain("xl/sharedStrings.xml");
    const expected = await rows(original);
    expect(expected).toHaveLength(201);
    expect(expected[0].cells.slice(0, 2)).toEqual(["项目名称", "县区"]);
    const orders = {
      "workbook.xml after the sheets": late(["xl/workbook.xml", "xl/_rels/workbook.xml.rels"]),
      "shared strings and styles last": late(["xl/sharedStrings.xml", "xl/styles.xml"]),
      "everything reversed": (names: string[]) => [...names].sort().reverse(),
    };
    for (const [label, sort] of Object.entries(orders)) {
      const bytes = await reorder(original, sort);
      expect(partsInReadableOrder(zipPartOrder(bytes)!), label).toBe(false);
      expect(await rows(bytes), label).toEqual(expected);
    }
  });

  it("rewrites a workbook once into the readable order, and leaves one in that order untouched", async () => {
    const original = await workbook();
    const fixed = await withReadablePartOrder(original);
    expect(partsInReadableOrder(zipPartOrder(fixed)!)).toBe(true);
    expect(
      zipPartOrder(fixed)!
        .filter((n) => !n.endsWith("/"))
        .slice(0, 3),
    ).toEqual(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]);
    expect(await withReadablePartOrder(fixed)).toBe(fixed);
  });
});
