// Spreadsheet plumbing shared by imports, exports and reports: reading XLSX/CSV rows as plain cells, writing
// XLSX (streamed, for big exports; or in memory, for small styled workbooks) and Excel-friendly CSV.
// See docs/decisions/040-spreadsheets.md.
import { PassThrough, Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { guardFormula, type Cell } from "~/domain/importRows";
import { withReadablePartOrder } from "./xlsxParts.server";

export type SpreadsheetFormat = "xlsx" | "csv";
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_MIME = "text/csv; charset=utf-8";
/** Excel opens a CSV as UTF-8 only when it starts with a byte-order mark. */
export const CSV_BOM = "\uFEFF";

export function formatOf(fileName: string): SpreadsheetFormat | null {
  const ext = fileName.toLowerCase().split(".").pop();
  return ext === "xlsx" ? "xlsx" : ext === "csv" ? "csv" : null;
}

/** Headers for a download with a Chinese file name (RFC 6266 filename* plus an ASCII fallback). */
export function attachmentHeaders(fileName: string, contentType: string): Record<string, string> {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

// ---------------------------------------------------------------- reading

export interface SheetRow {
  /** The row number the spreadsheet shows (1 = first line). */
  rowNo: number;
  cells: Cell[];
}

/** What exceljs hands out for a cell → a plain value (formulas give their cached result). */
export function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join("");
    if ("result" in o) return cellValue(o.result);
    if ("formula" in o || "sharedFormula" in o) return null;
    if ("text" in o) return String(o.text);
    if ("error" in o) return String(o.error);
  }
  return String(v);
}

/**
 * Text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 — what Excel's
 * "CSV（逗号分隔）" writes on a Chinese Windows.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** Rows of the first worksheet (XLSX, streamed) or of a CSV, in order; blank rows may be skipped. */
export async function* readRows(bytes: Uint8Array, format: SpreadsheetFormat): AsyncGenerator<SheetRow> {
  if (format === "csv") {
    const text = decodeText(bytes);
    const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
    // Excel's "Unicode text" export is tab-separated
    const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? "\t" : ",";
    const parser = Readable.from([text]).pipe(
      parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }),
    );
    let rowNo = 0;
    for await (const rec of parser as AsyncIterable<string[]>) {
      rowNo += 1;
      yield { rowNo, cells: rec.map((s) => (s === "" ? null : s)) };
    }
    return;
  }
  // the streaming reader needs the workbook, shared strings and styles before the sheets (any writer's order)
  const ordered = await withReadablePartOrder(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(ordered)]), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache", // needed to tell date cells from numbers
    hyperlinks: "ignore",
    entries: "ignore",
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
      yield { rowNo: row.number, cells };
    }
    return; // the data is on the first worksheet; the instructions sheets follow it
  }
}

// ---------------------------------------------------------------- writing

export interface SheetColumn {
  header: string;
  width?: number;
  /** Excel number format: "0" for 万元 integers, "yyyy-mm-dd" for dates, "@" for text. */
  numFmt?: string;
}

/** Plain cell values for writing; dates must be UTC-midnight Dates (Prisma's @db.Date). */
export type OutCell = string | number | boolean | Date | null;

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF0F4F8" } };

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.fill = HEADER_FILL;
  row.alignment = { vertical: "middle" };
}

function applyColumns(sheet: ExcelJS.Worksheet, columns: SheetColumn[]) {
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
}

/** The header row stays in view while scrolling. */
const FROZEN_HEADER = { views: [{ state: "frozen" as const, ySplit: 1 }] };

/**
 * A streamed XLSX with one sheet: rows are zipped as they are added, so a 100,000-row export never sits in
 * memory. Returns the web stream to answer with; call `add` per row and `finish` at the end (or `fail`).
 */
export function xlsxWriter(sheetName: string, columns: SheetColumn[]) {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "晋中市招商引资与转型项目管理平台";
  const sheet = wb.addWorksheet(sheetName, FROZEN_HEADER);
  applyColumns(sheet, columns);
  styleHeader(sheet.getRow(1));
  sheet.getRow(1).commit();
  return {
    body: createReadableStreamFromReadable(out),
    add(values: OutCell[]) {
      sheet.addRow(values).commit();
    },
    async finish() {
      sheet.commit();
      await wb.commit();
    },
    fail(err: unknown) {
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  };
}

/** An in-memory workbook for small, styled files (templates, error reports). */
export function newWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = "晋中市招商引资与转型项目管理平台";
  return {
    wb,
    sheet(name: string, columns: SheetColumn[], rows: OutCell[][] = []) {
      const ws = wb.addWorksheet(name, FROZEN_HEADER);
      applyColumns(ws, columns);
      styleHeader(ws.getRow(1));
      for (const r of rows) ws.addRow(r);
      return ws;
    },
    async toBytes(): Promise<Uint8Array<ArrayBuffer>> {
      // copies out of Node's pooled buffer into a standalone ArrayBuffer (a valid Response body)
      return new Uint8Array(new Uint8Array(await wb.xlsx.writeBuffer()));
    },
  };
}

/** CSV lines (CRLF, quoted as needed) with text that Excel would run as a formula defused. */
export function csvLines(rows: OutCell[][]): string {
  return stringify(
    rows.map((r) =>
      r.map((v) => {
        if (v === null) return "";
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        if (typeof v === "string") return guardFormula(v);
        if (typeof v === "boolean") return v ? "是" : "否";
        return String(v);
      }),
    ),
    { record_delimiter: "windows" },
  );
}
