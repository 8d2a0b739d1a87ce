// The 月度通报 as an A4 PDF, generated on the server with pdfkit and an embedded Noto Sans SC (OFL, from the npm
// package @embedpdf/fonts-sc; pdfkit embeds only the glyphs used). Text stays selectable, so what is printed can
// be copied and checked. Tables never split a row and repeat their header on every page; see drawSection for
// where sections break. docs/decisions/043.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import {
  formatCell,
  reportScopeLine,
  reportStatusLine,
  reportSummary,
  reportTables,
  reportTitle,
  type KpiDelta,
  type MonthlyReport,
  type ReportCell,
  type ReportTable,
} from "~/domain/monthlyReport";

const REGULAR = "NotoSansHans-Regular.otf";
const BOLD = "NotoSansHans-Bold.otf";

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;

/** The font files, read once per process (the package's exports hide its folder, so find it from its entry). */
function loadFonts() {
  fonts ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve("@embedpdf/fonts-sc")), "..", "fonts");
    const [regular, bold] = await Promise.all([readFile(path.join(dir, REGULAR)), readFile(path.join(dir, BOLD))]);
    return { regular: new Uint8Array(regular), bold: new Uint8Array(bold) };
  })().catch((e: unknown) => {
    fonts = null;
    throw e;
  });
  return fonts;
}

const MARGIN = { top: 48, bottom: 56, left: 42, right: 42 };
const INK = "#1f2933";
const MUTED = "#52606d";
const LINE = "#9fb3c8";
const HEAD_BG = "#eef2f6";
const TONE: Record<string, string> = { green: "#1e7b34", yellow: "#8a6100", red: "#b42318" };
const CELL_PAD = 3;
const TABLE_FONT = 8;

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc) {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

function bottom(doc: Doc) {
  return doc.page.height - MARGIN.bottom;
}

/** Row heights of a table at the table font, and the header's. */
function layoutTable(doc: Doc, t: ReportTable) {
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  let widths = t.columns.map((c) => (c.width / total) * contentWidth(doc));
  // a column that must not wrap (codes, dates, 13710 states) gets at least its longest text's width; the others
  // share the rest by their weights (kept proportional when the no-wrap columns alone would not fit)
  doc.font("regular").fontSize(TABLE_FONT);
  const need = t.columns.map((c, i) =>
    c.nowrap
      ? Math.max(widths[i], ...t.rows.map((r) => doc.widthOfString(formatCell(r.cells[i])) + 2 * CELL_PAD + 1))
      : 0,
  );
  const fixed = need.reduce((s, w) => s + w, 0);
  const restWeight = t.columns.reduce((s, c) => s + (c.nowrap ? 0 : c.width), 0);
  if (fixed < contentWidth(doc) * 0.8 && restWeight > 0) {
    const rest = contentWidth(doc) - fixed;
    widths = t.columns.map((c, i) => (c.nowrap ? need[i] : (c.width / restWeight) * rest));
  }
  // a number is never split across lines ("11000.0" / "0"): a numeric column narrower than its longest figure (bold,
  // as in a 合计 row) is widened, the room taken from the text columns that may wrap, each keeping at least half
  doc.font("bold").fontSize(TABLE_FONT);
  const figure = t.columns.map((c, i) =>
    c.numeric ? Math.max(...t.rows.map((r) => doc.widthOfString(formatCell(r.cells[i])) + 2 * CELL_PAD + 1)) : 0,
  );
  const short = figure.reduce((s, w, i) => s + Math.max(0, w - widths[i]), 0);
  const give = t.columns.map((c, i) => (c.numeric || c.nowrap ? 0 : widths[i] / 2));
  const room = give.reduce((s, w) => s + w, 0);
  if (short > 0 && short <= room) {
    widths = widths.map((w, i) => (t.columns[i].numeric ? Math.max(w, figure[i]) : w - (give[i] / room) * short));
  }
  const measure = (texts: string[], bold: boolean) => {
    doc.font(bold ? "bold" : "regular").fontSize(TABLE_FONT);
    return Math.max(...texts.map((s, i) => doc.heightOfString(s, { width: widths[i] - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  };
  const headerTexts = t.columns.map((c) => c.header);
  const rows = t.rows.map((r) => {
    const texts = r.cells.map(formatCell);
    return { r, texts, height: measure(texts, Boolean(r.total)) };
  });
  const headerHeight = measure(headerTexts, true);
  return { widths, headerTexts, headerHeight, rows, height: headerHeight + rows.reduce((s, x) => s + x.height, 0) };
}

function drawTable(doc: Doc, t: ReportTable, layout: ReturnType<typeof layoutTable>) {
  const { widths, headerTexts, headerHeight, rows } = layout;
  const drawRow = (
    texts: string[],
    height: number,
    opts: { header?: boolean; bold?: boolean; cells?: ReportCell[] },
  ) => {
    const y = doc.y;
    let x = MARGIN.left;
    if (opts.header) doc.rect(MARGIN.left, y, contentWidth(doc), height).fill(HEAD_BG);
    doc.font(opts.header || opts.bold ? "bold" : "regular").fontSize(TABLE_FONT);
    texts.forEach((s, i) => {
      const cell = opts.cells?.[i] ?? null;
      const right = Boolean(t.columns[i].numeric);
      const tone = cell && cell.t === "rag" ? TONE[cell.v] : undefined;
      doc
        .fillColor(tone ?? INK)
        .text(s, x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align: right ? "right" : "left" });
      x += widths[i];
    });
    doc
      .moveTo(MARGIN.left, y + height)
      .lineTo(MARGIN.left + contentWidth(doc), y + height)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc.fillColor(INK);
    doc.x = MARGIN.left;
    doc.y = y + height;
  };
  const header = () => drawRow(headerTexts, headerHeight, { header: true });
  header();
  for (const row of rows) {
    // rows are never split: a row that does not fit starts the next page, under a repeated header
    if (doc.y + row.height > bottom(doc)) {
      doc.addPage();
      header();
    }
    drawRow(row.texts, row.height, { bold: row.r.total, cells: row.r.cells });
  }
}

const HEADING = 12;
const LEAD = 9;
const NOTE = 7.5;

/**
 * A section: heading, lead sentence, table (or its empty message), note. A section that fits on a page moves to
 * the next page whole rather than being cut, unless that would leave more than half a page empty; a table that
 * breaks does so between rows (never inside one) under a repeated header, its heading kept with its first rows.
 */
function drawSection(doc: Doc, t: ReportTable) {
  const width = contentWidth(doc);
  doc.font("bold").fontSize(HEADING);
  const headingH = doc.heightOfString(t.title, { width }) + 4;
  doc.font("regular").fontSize(LEAD);
  const leadH = doc.heightOfString(t.lead, { width }) + 5;
  const layout = t.rows.length ? layoutTable(doc, t) : null;
  const bodyH = layout ? layout.height : doc.heightOfString(t.empty, { width });
  doc.fontSize(NOTE);
  const noteH = t.note ? doc.heightOfString(t.note, { width }) + 4 : 0;
  const whole = headingH + leadH + bodyH + noteH;
  const start =
    headingH +
    leadH +
    (layout ? layout.headerHeight + layout.rows.slice(0, 3).reduce((s, r) => s + r.height, 0) : bodyH);
  const pageRoom = bottom(doc) - MARGIN.top;
  const left = bottom(doc) - doc.y;
  // moving a whole section on is worth at most half a page of white space; else it breaks between rows
  if (whole > left && ((whole <= pageRoom && left < pageRoom / 2) || start > left)) doc.addPage();
  paragraph(doc, t.title, HEADING, INK, true);
  doc.moveDown(0.2);
  paragraph(doc, t.lead, LEAD, MUTED);
  doc.moveDown(0.3);
  if (layout) drawTable(doc, t, layout);
  else paragraph(doc, t.empty, LEAD);
  if (t.note) {
    doc.moveDown(0.3);
    paragraph(doc, t.note, NOTE, MUTED);
  }
}

function paragraph(doc: Doc, text: string, size: number, color = INK, bold = false) {
  doc
    .font(bold ? "bold" : "regular")
    .fontSize(size)
    .fillColor(color);
  const h = doc.heightOfString(text, { width: contentWidth(doc) });
  if (doc.y + h > bottom(doc)) doc.addPage();
  doc.text(text, MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor(INK);
}

export async function monthlyReportPdf(
  r: MonthlyReport,
  view: { frozen: { at: string; by: string } | null; deltas: KpiDelta[] | null; deltaLabel: string | null },
): Promise<Uint8Array<ArrayBuffer>> {
  const { regular, bold } = await loadFonts();
  const title = reportTitle(r);
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    lang: "zh-CN",
    displayTitle: true,
    info: { Title: title, Author: "晋中市招商引资与转型项目管理平台", Subject: "县（区、市）长例会月度通报" },
  });
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);

  doc.font("bold").fontSize(16).fillColor(INK).text(title, { align: "center" });
  doc.moveDown(0.4);
  doc.font("regular").fontSize(9).fillColor(MUTED).text(reportScopeLine(r), { align: "center" });
  doc.text(reportStatusLine(r, view.frozen), { align: "center" });
  doc.moveDown(0.8);
  paragraph(doc, reportSummary(r), 10);

  for (const t of reportTables(r, view.deltas, view.deltaLabel)) {
    doc.moveDown(0.9);
    drawSection(doc, t);
  }
  doc.moveDown(1);
  paragraph(doc, "演示数据：项目、企业、人员和数字依据《2017年晋中市政府工作报告》编制，仅供演示。", 7.5, MUTED);

  // page numbers, written into the bottom margin of every buffered page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("regular").fontSize(8).fillColor(MUTED);
    doc.text(`${title}\u3000第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN.left, doc.page.height - MARGIN.bottom + 20, {
      width: contentWidth(doc),
      align: "center",
      lineBreak: false,
    });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  await done;
  const size = chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
