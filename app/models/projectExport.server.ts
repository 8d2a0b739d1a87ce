// The register as a spreadsheet: every row the filters match (all pages), in the register's order, in the
// import template's columns (so the file imports again unchanged) plus a few read-only columns. Rows are read
// in batches by id and streamed out, so a 100,000-row export never sits in memory (only its ids do).
import type { Prisma } from "~/generated/prisma/client";
import { formatChinaDateTime, toIsoDate } from "~/domain/dates";
import {
  EXPORT_EXTRA_HEADERS,
  KIND_SPECS,
  STAGE_DATE_COLUMN,
  type ColumnKey,
  type ColumnSpec,
} from "~/domain/importSpec";
import {
  ATTRACTION_METHOD_LABELS,
  label,
  ORIGIN_LABELS,
  POOL_LABELS,
  SOURCE_REGION_LABELS,
  STAGE_LABELS,
} from "~/domain/labels";
import type { Viewer } from "~/domain/permissions";
import type { ProjectListQuery } from "~/domain/projectListQuery.server";
import { MILESTONE_STAGES } from "~/domain/stage";
import { prisma } from "~/utils/db.server";
import {
  attachmentHeaders,
  CSV_BOM,
  CSV_MIME,
  csvLines,
  XLSX_MIME,
  xlsxWriter,
  type OutCell,
  type SheetColumn,
  type SpreadsheetFormat,
} from "~/utils/spreadsheet.server";
import { inOrderOf, projectListIds } from "./project.server";
import { log } from "~/utils/log.server";

export const EXPORT_BATCH = 1000;

/** Excel formats per column type: amounts stay exact integers, codes stay text. */
export function sheetColumn(c: ColumnSpec): SheetColumn {
  const numFmt =
    c.type === "amount"
      ? "#,##0"
      : c.type === "date"
        ? "yyyy-mm-dd"
        : c.type === "decimal"
          ? "0.00"
          : c.type === "text"
            ? "@"
            : undefined;
  return { header: c.header, width: c.width, numFmt };
}

export const exportSelect = {
  id: true,
  code: true,
  name: true,
  origin: true,
  sourceRegion: true,
  attractionMethod: true,
  totalInvestment: true,
  contractAmount: true,
  annualPlanInvestment: true,
  planYear: true,
  isTransformation: true,
  pool: true,
  constructionContent: true,
  landArea: true,
  landSupplyMethod: true,
  landTermYears: true,
  landPremiumInstalments: true,
  stage: true,
  updatedAt: true,
  county: { select: { name: true } },
  industry: { select: { name: true } },
  enterprise: { select: { name: true, creditCode: true } },
  serviceTeam: { select: { name: true } },
  officials: { select: { official: { select: { name: true } } }, orderBy: { officialId: "asc" } },
  milestones: { select: { stage: true, actualOn: true } },
} satisfies Prisma.ProjectSelect;
type ExportProject = Prisma.ProjectGetPayload<{ select: typeof exportSelect }>;

/** One project as the export's cells, in column order; `csv` writes decimals as exact strings. */
export function exportCells(p: ExportProject, format: SpreadsheetFormat): OutCell[] {
  const actual = new Map(p.milestones.map((m) => [m.stage, m.actualOn]));
  const byKey: Record<ColumnKey, OutCell> = {
    code: p.code,
    name: p.name,
    county: p.county.name,
    industry: p.industry.name,
    origin: ORIGIN_LABELS[p.origin],
    enterpriseName: p.enterprise?.name ?? null,
    creditCode: p.enterprise?.creditCode ?? null,
    sourceRegion: p.sourceRegion ? label(SOURCE_REGION_LABELS, p.sourceRegion) : null,
    attractionMethod: p.attractionMethod ? label(ATTRACTION_METHOD_LABELS, p.attractionMethod) : null,
    totalInvestment: p.totalInvestment,
    contractAmount: p.contractAmount,
    annualPlanInvestment: p.annualPlanInvestment,
    planYear: p.planYear,
    isTransformation: p.isTransformation ? "是" : "否",
    pool: POOL_LABELS[p.pool],
    constructionContent: p.constructionContent,
    landArea: p.landArea === null ? null : format === "csv" ? p.landArea.toFixed(2) : p.landArea.toNumber(),
    landSupplyMethod: p.landSupplyMethod,
    landTermYears: p.landTermYears,
    landPremiumInstalments: p.landPremiumInstalments ? "是" : "否",
    signedOn: null,
    landOn: null,
    fundingOn: null,
    startedOn: null,
    completedOn: null,
  };
  for (const s of MILESTONE_STAGES) {
    const on = actual.get(s) ?? null;
    byKey[STAGE_DATE_COLUMN[s]] = on === null ? null : format === "csv" ? toIsoDate(on) : on;
  }
  return [
    ...KIND_SPECS.projects.columns.map((c) => byKey[c.key]),
    STAGE_LABELS[p.stage],
    p.serviceTeam?.name ?? null,
    p.officials.map((o) => o.official.name).join("、") || null,
    formatChinaDateTime(p.updatedAt),
  ];
}

export const EXPORT_COLUMNS: SheetColumn[] = [
  ...KIND_SPECS.projects.columns.map(sheetColumn),
  { header: EXPORT_EXTRA_HEADERS[0], width: 10 },
  { header: EXPORT_EXTRA_HEADERS[1], width: 28 },
  { header: EXPORT_EXTRA_HEADERS[2], width: 20 },
  { header: EXPORT_EXTRA_HEADERS[3], width: 17 },
];

/**
 * Every matching project in the register's order, a batch at a time: the ordered ids in one query (the register's
 * own filter and sort, projectListSql), then each batch's rows by id.
 */
export async function* exportBatches(viewer: Viewer, q: ProjectListQuery, batch = EXPORT_BATCH) {
  const ids = await projectListIds(viewer, q);
  for (let i = 0; i < ids.length; i += batch) {
    const slice = ids.slice(i, i + batch);
    yield inOrderOf(slice, await prisma.project.findMany({ where: { id: { in: slice } }, select: exportSelect }));
  }
}

/** The download Response: streamed XLSX or UTF-8 CSV with BOM, Chinese headers. */
export function projectExportResponse(viewer: Viewer, q: ProjectListQuery, format: SpreadsheetFormat, today: string) {
  const fileName = `项目库导出-${today}.${format}`;
  if (format === "csv") {
    const encoder = new TextEncoder();
    async function* chunks() {
      yield CSV_BOM + csvLines([EXPORT_COLUMNS.map((c) => c.header)]);
      for await (const rows of exportBatches(viewer, q)) yield csvLines(rows.map((p) => exportCells(p, "csv")));
    }
    const it = chunks();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await it.return(undefined);
      },
    });
    return new Response(body, { headers: attachmentHeaders(fileName, CSV_MIME) });
  }
  const xlsx = xlsxWriter("项目库", EXPORT_COLUMNS);
  void (async () => {
    try {
      for await (const rows of exportBatches(viewer, q)) for (const p of rows) xlsx.add(exportCells(p, "xlsx"));
      await xlsx.finish();
    } catch (err) {
      log.error({ err }, "项目库导出失败");
      xlsx.fail(err);
    }
  })();
  return new Response(xlsx.body, { headers: attachmentHeaders(fileName, XLSX_MIME) });
}
