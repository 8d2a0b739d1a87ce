// The 月度通报 as an editable Word document (.docx), for officials who turn it into a 红头文件: the same title,
// summary and sections (reportTables) as the page, the PDF and the Excel, each number formatted by formatCell as the
// page shows it. Laid out after GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, title in 小标宋
// (黑体 where that font is missing) 二号, headings 黑体 三号, body 仿宋 三号, tables 仿宋 小五, page numbers
// "— 1 —" in 宋体 四号 at the outer edge (odd pages right, even pages left). Written with the `docx` package
// (docs/decisions/150).
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from "docx";
import {
  formatCell,
  reportScopeLine,
  reportStatusLine,
  reportSummary,
  reportTables,
  reportTitle,
  type KpiDelta,
  type MonthlyReport,
  type ReportTable,
} from "~/domain/monthlyReport";

export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Sizes in half-points, as Word stores them: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 小五 9pt. */
const SIZE = { title: 44, body: 32, pageNo: 28, small: 24, table: 18 } as const;
const FANGSONG = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "仿宋" };
const HEITI = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体" };
const TITLE_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "方正小标宋简体" };
const SONG = { ascii: "宋体", hAnsi: "宋体", eastAsia: "宋体" };

/** Millimetres to twentieths of a point (twips). */
const mm = (x: number) => Math.round((x / 25.4) * 1440);
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** 28 磅 fixed line spacing for the body, as the standard's 22 lines × 28 characters page asks. */
const BODY_LINE = { line: 560, lineRule: "exact" as const };

function run(text: string, opts: Omit<IRunOptions, "text"> = {}) {
  return new TextRun({ text, font: FANGSONG, size: SIZE.body, ...opts });
}

function bodyParagraph(text: string, opts: { size?: number; indent?: boolean } = {}) {
  return new Paragraph({
    spacing: opts.size ? undefined : BODY_LINE,
    // 首行缩进两字
    indent: opts.indent === false ? undefined : { firstLine: (opts.size ?? SIZE.body) * 20 },
    alignment: AlignmentType.JUSTIFIED,
    children: [run(text, opts.size ? { size: opts.size } : {})],
  });
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

function sectionTable(t: ReportTable): Table {
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * CONTENT_WIDTH));
  const cell = (text: string, i: number, opts: { header?: boolean; bold?: boolean }) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 60, right: 60 },
      children: [
        new Paragraph({
          alignment: opts.header
            ? AlignmentType.CENTER
            : t.columns[i].numeric
              ? AlignmentType.RIGHT
              : AlignmentType.LEFT,
          children: [
            new TextRun({
              text,
              font: opts.header ? HEITI : FANGSONG,
              size: SIZE.table,
              bold: opts.bold && !opts.header,
            }),
          ],
        }),
      ],
    });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: {
      top: THIN,
      bottom: THIN,
      left: THIN,
      right: THIN,
      insideHorizontal: THIN,
      insideVertical: THIN,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: t.columns.map((c, i) => cell(c.header, i, { header: true })),
      }),
      ...t.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.cells.map((c, i) => cell(formatCell(c), i, { bold: Boolean(r.total) })),
          }),
      ),
    ],
  });
}

function pageNumberFooter(align: "left" | "right") {
  return new Footer({
    children: [
      new Paragraph({
        alignment: align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // 空一字 from the outer edge
        indent: align === "right" ? { right: SIZE.pageNo * 10 } : { left: SIZE.pageNo * 10 },
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: SONG, size: SIZE.pageNo })],
      }),
    ],
  });
}

export async function monthlyReportDocx(
  r: MonthlyReport,
  view: { frozen: { at: string; by: string } | null; deltas: KpiDelta[] | null; deltaLabel: string | null },
): Promise<Uint8Array<ArrayBuffer>> {
  const title = reportTitle(r);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240, line: 700, lineRule: "exact" },
      children: [new TextRun({ text: title, font: TITLE_FONT, size: SIZE.title })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(reportScopeLine(r), { size: SIZE.small })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [run(reportStatusLine(r, view.frozen), { size: SIZE.small })],
    }),
    bodyParagraph(reportSummary(r)),
  ];
  for (const t of reportTables(r, view.deltas, view.deltaLabel)) {
    children.push(
      new Paragraph({
        spacing: { ...BODY_LINE, before: 120 },
        indent: { firstLine: SIZE.body * 20 },
        keepNext: true,
        children: [new TextRun({ text: t.title, font: HEITI, size: SIZE.body })],
      }),
      bodyParagraph(t.lead),
    );
    if (t.rows.length) children.push(sectionTable(t));
    else children.push(bodyParagraph(t.empty));
    if (t.note) children.push(bodyParagraph(t.note, { size: SIZE.small }));
  }
  children.push(
    new Paragraph({ spacing: { before: 240 }, children: [] }),
    bodyParagraph("演示数据：项目、企业、人员和数字依据《2017年晋中市政府工作报告》编制，仅供演示。", {
      size: SIZE.small,
    }),
  );

  const doc = new Document({
    creator: "晋中市招商引资与转型项目管理平台",
    title,
    subject: "县（区、市）长例会月度通报",
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: { font: FANGSONG, size: SIZE.body }, paragraph: { spacing: { line: 240 } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: PAGE,
            margin: { ...MARGIN, header: mm(15), footer: mm(20) },
          },
        },
        footers: { default: pageNumberFooter("right"), even: pageNumberFooter("left") },
        children,
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  const out = new Uint8Array(new ArrayBuffer(buf.byteLength));
  out.set(buf);
  return out;
}
