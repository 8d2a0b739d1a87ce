// Downloadable import templates (data sheet with drop-downs, instructions, reference data) and error reports.
import type { RowError } from "~/domain/importRows";
import { IMPORT_KIND_SHORT, KIND_SPECS, type ColumnKey, type ImportKind } from "~/domain/importSpec";
import {
  ATTRACTION_METHOD_LABELS,
  LAND_SUPPLY_METHODS,
  ORIGIN_LABELS,
  POOL_LABELS,
  SOURCE_REGION_LABELS,
} from "~/domain/labels";
import { prisma } from "~/utils/db.server";
import {
  attachmentHeaders,
  CSV_BOM,
  CSV_MIME,
  csvLines,
  newWorkbook,
  XLSX_MIME,
  type SpreadsheetFormat,
} from "~/utils/spreadsheet.server";
import { sheetColumn } from "./projectExport.server";

const DATA_ROWS = 10_000; // rows the drop-downs cover; more rows are fine, they just have no drop-down
const REF_SHEET = "参考数据";

export async function templateResponse(kind: ImportKind, format: SpreadsheetFormat) {
  const spec = KIND_SPECS[kind];
  const fileName = `${IMPORT_KIND_SHORT[kind]}导入模板.${format}`;
  if (format === "csv") {
    return new Response(CSV_BOM + csvLines([spec.columns.map((c) => c.header)]), {
      headers: attachmentHeaders(fileName, CSV_MIME),
    });
  }
  const [counties, industries] = await Promise.all([
    prisma.county.findMany({ select: { code: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.industry.findMany({ select: { code: true, name: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  const lists: Array<{ title: string; values: string[]; key?: ColumnKey; codes?: string[] }> = [
    { title: "县（区、市）", values: counties.map((c) => c.name), codes: counties.map((c) => c.code), key: "county" },
    { title: "产业", values: industries.map((i) => i.name), codes: industries.map((i) => i.code), key: "industry" },
    { title: "项目来源", values: Object.values(ORIGIN_LABELS), key: "origin" },
    { title: "来源地区", values: Object.values(SOURCE_REGION_LABELS), key: "sourceRegion" },
    { title: "招商方式", values: Object.values(ATTRACTION_METHOD_LABELS), key: "attractionMethod" },
    { title: "项目库", values: Object.values(POOL_LABELS), key: "pool" },
    { title: "供地方式", values: [...LAND_SUPPLY_METHODS], key: "landSupplyMethod" },
    { title: "是/否", values: ["是", "否"] },
  ];

  const book = newWorkbook();
  // The data sheet comes first: the importer reads the first worksheet.
  const data = book.sheet(
    `${IMPORT_KIND_SHORT[kind]}数据`,
    spec.columns.map((c) => ({ ...sheetColumn(c), header: c.header })),
  );
  spec.columns.forEach((c, i) => {
    if (spec.required.has(c.key)) data.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: "FFB42318" } };
  });

  const help = book.sheet(
    "填写说明",
    [
      { header: "列名", width: 22 },
      { header: "是否必填", width: 10 },
      { header: "填写要求", width: 70 },
      { header: "示例", width: 26 },
    ],
    spec.columns.map((c) => [
      c.header,
      spec.required.has(c.key) ? "必填" : "选填",
      c.help,
      c.example === "" ? null : c.example,
    ]),
  );
  help.addRow([]);
  for (const line of [
    `数据请填写在第一个工作表“${IMPORT_KIND_SHORT[kind]}数据”中，第一行为表头，请勿修改表头；红色表头为必填列。`,
    "金额单位为万元，填整数（1 亿元 = 10000 万元）；日期填实际发生日期，格式 2017-03-15。",
    "导入前系统会逐行检查并预览；任何一行有错时整个文件都不会导入，请按错误报告修改后重新上传。",
    kind === "deals"
      ? "签约项目即招商引资签约项目：计划年度留空时取签约日期所在年度，总投资留空时按签约额计。"
      : "项目编号可留空，系统将自动编号；从项目库导出的文件可直接导入（导出文件末尾的只读列会被忽略）。",
    "本文件也可另存为 CSV（UTF-8 或 GBK 编码均可）后导入。",
  ]) {
    help.addRow([line]);
  }

  const ref = book.sheet(
    REF_SHEET,
    lists.flatMap((l) =>
      l.codes
        ? [
            { header: l.title, width: 22 },
            { header: `${l.title}代码`, width: 12 },
          ]
        : [{ header: l.title, width: 18 }],
    ),
  );
  let col = 1;
  const dv = (data as unknown as { dataValidations: { add(range: string, v: object): void } }).dataValidations;
  for (const l of lists) {
    l.values.forEach((v, i) => (ref.getRow(i + 2).getCell(col).value = v));
    l.codes?.forEach((v, i) => (ref.getRow(i + 2).getCell(col + 1).value = v));
    const letter = ref.getColumn(col).letter;
    const keys = l.key ? [l.key] : (["isTransformation", "landPremiumInstalments"] as ColumnKey[]);
    for (const key of keys) {
      const at = spec.columns.findIndex((c) => c.key === key);
      if (at < 0) continue;
      const target = data.getColumn(at + 1).letter;
      dv.add(`${target}2:${target}${DATA_ROWS + 1}`, {
        type: "list",
        allowBlank: true,
        formulae: [`'${REF_SHEET}'!$${letter}$2:$${letter}$${l.values.length + 1}`],
        // a warning, not a stop: a county's code is accepted too
        errorStyle: "warning",
        showErrorMessage: true,
        errorTitle: "不在可选值中",
        error: `请从下拉列表选择${l.title}，或填写其代码`,
      });
    }
    col += l.codes ? 2 : 1;
  }

  return new Response(await book.toBytes(), { headers: attachmentHeaders(fileName, XLSX_MIME) });
}

/** The error report of a job: row, column, problem — the same list the page shows. */
export async function errorReportResponse(jobId: number, errors: RowError[], format: SpreadsheetFormat) {
  const fileName = `导入错误报告-${jobId}.${format}`;
  const columns = [
    { header: "行号", width: 8 },
    { header: "列", width: 22 },
    { header: "问题", width: 80 },
  ];
  const rows = errors.map((e) => [e.row, e.column, e.message]);
  if (format === "csv") {
    return new Response(CSV_BOM + csvLines([columns.map((c) => c.header), ...rows]), {
      headers: attachmentHeaders(fileName, CSV_MIME),
    });
  }
  const book = newWorkbook();
  book.sheet("错误报告", columns, rows);
  return new Response(await book.toBytes(), { headers: attachmentHeaders(fileName, XLSX_MIME) });
}
