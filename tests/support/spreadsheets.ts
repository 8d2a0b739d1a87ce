// Spreadsheet files for tests, built and read with exceljs directly (not through the app's own reader).
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { requestAs } from "./requests";

export type TestCell = string | number | boolean | Date | null;

export async function xlsxBytes(rows: TestCell[][], sheetName = "数据"): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function csvBytes(rows: TestCell[][], bom = true): Uint8Array {
  const text = stringify(
    rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))),
    { record_delimiter: "windows" },
  );
  return new TextEncoder().encode((bom ? "\uFEFF" : "") + text);
}

/** Every sheet's rows as plain values (row 1 = headers), read with exceljs's in-memory reader. */
export async function readXlsx(bytes: ArrayBuffer | Uint8Array): Promise<Record<string, TestCell[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes instanceof Uint8Array
      ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
      : bytes,
  );
  const out: Record<string, TestCell[][]> = {};
  wb.eachSheet((ws) => {
    const rows: TestCell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: TestCell[] = [];
      for (let i = 1; i <= ws.columnCount; i++) {
        const v = row.getCell(i).value as unknown;
        cells.push(v === undefined || v === null ? null : (v as TestCell));
      }
      rows.push(cells);
    });
    out[ws.name] = rows;
  });
  return out;
}

/** Rows of a CSV download (a BOM, if any, dropped). */
export function parseCsvText(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, record_delimiter: ["\r\n", "\n"] });
}

/** A multipart upload to /import as a real browser form would send it. */
export async function uploadRequest(username: string, kind: string, fileName: string, bytes: Uint8Array | null) {
  const fd = new FormData();
  fd.set("kind", kind);
  fd.set("createToken", randomUUID()); // the upload form's one-time token (docs/decisions/093)
  if (bytes) fd.set("file", new File([bytes as Uint8Array<ArrayBuffer>], fileName));
  else fd.set("file", new File([], ""));
  return requestAs(username, "/import", { method: "POST", body: fd });
}
