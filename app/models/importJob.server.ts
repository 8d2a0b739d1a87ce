// Spreadsheet imports of projects and signed deals (docs/decisions/041-imports.md).
// An upload becomes an import_job row holding the file; a pg-boss worker (app/jobs/importWorker.server.ts,
// docs/decisions/096) checks it
// (QUEUED → VALIDATING → READY | INVALID) and, once the uploader confirms the preview, imports it
// (COMMIT_QUEUED → IMPORTING → DONE | INVALID | FAILED). The import re-checks every row against the database
// as it is then and writes everything — enterprises, projects, milestones, audit — in ONE transaction, so a
// file is imported whole or not at all. Progress is written to the job row from outside that transaction.
import { once, type CreateClaim } from "~/utils/createToken.server";
import type { Prisma } from "~/generated/prisma/client";
import {
  duplicateCodeErrors,
  mapHeaders,
  prepareContext,
  rowIsEmpty,
  validateRow,
  type HeaderMap,
  type ImportRow,
  type RowError,
} from "~/domain/importRows";
import {
  IMPORT_HEARTBEAT_S,
  IMPORT_INTERRUPTED_AFTER_S,
  IMPORT_KINDS,
  IMPORT_STALE_AFTER_S,
  MAX_UPLOAD_MB,
  type ImportKind,
  type ImportPreviewRow,
  type ImportSummary,
} from "~/domain/importSpec";
import { SOURCE_REGION_LABELS } from "~/domain/labels";
import { canImportProjects, type Viewer } from "~/domain/permissions";
import { deriveStage, MILESTONE_STAGES } from "~/domain/stage";
import { audit, auditMany } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { formatOf, readRows } from "~/utils/spreadsheet.server";
import { log } from "~/utils/log.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";

export const MAX_IMPORT_BYTES = MAX_UPLOAD_MB * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
/** Errors kept on the job (the count is always exact). */
export const MAX_STORED_ERRORS = 20_000;
const PREVIEW_ROWS = 20;
const MAX_WARNINGS = 200;
const PROGRESS_EVERY = 2_000;
const INSERT_BATCH = 5_000;

const jobSelect = {
  id: true,
  kind: true,
  fileName: true,
  status: true,
  totalRows: true,
  processedRows: true,
  errorCount: true,
  summary: true,
  createdAt: true,
  updatedAt: true,
  attempt: true,
  finishedAt: true,
} as const;

export type ImportJobView = {
  id: number;
  kind: ImportKind;
  fileName: string;
  status: string;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  summary: ImportSummary | null;
  createdAt: string;
  finishedAt: string | null;
  /** Claims so far: more than 1 after a takeover. */
  attempt: number;
  /** Checking or importing, but the worker's heartbeat stopped: it died and the job will be taken over. */
  interrupted: boolean;
};

function view(j: {
  id: number;
  kind: string;
  fileName: string;
  status: string;
  totalRows: number;
  processedRows: number;
  errorCount: number;
  summary: unknown;
  createdAt: Date;
  updatedAt: Date;
  attempt: number;
  finishedAt: Date | null;
}): ImportJobView {
  const { updatedAt, ...rest } = j;
  return {
    ...rest,
    kind: j.kind as ImportKind,
    summary: (j.summary as ImportSummary | null) ?? null,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    interrupted: isWorkedOn(j.status) && heartbeatAgeS(updatedAt) > INTERRUPTED_AFTER_S,
  };
}

function isWorkedOn(status: string): status is ClaimedJob["status"] {
  return status === "VALIDATING" || status === "IMPORTING";
}

/** Seconds since the worker's last heartbeat, on the application clock (the heartbeat is written with it). */
function heartbeatAgeS(at: Date) {
  return (clockNow().getTime() - at.getTime()) / 1000;
}

export function isImportKind(k: unknown): k is ImportKind {
  return typeof k === "string" && (IMPORT_KINDS as readonly string[]).includes(k);
}

// ---------------------------------------------------------------- the uploader's commands and queries
// A job belongs to whoever uploaded it: anyone else gets a 404 (its rows may be another county's).

export async function createImportJob(
  viewer: Viewer,
  input: { kind: ImportKind; fileName: string; bytes: Uint8Array },
  claim?: CreateClaim,
) {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const job = await tx.importJob.create({
        data: {
          kind: input.kind,
          fileName: input.fileName.slice(0, 200),
          status: "QUEUED",
          file: new Uint8Array(input.bytes),
          createdById: viewer.id,
        },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "UPLOAD",
        entity: "ImportJob",
        entityId: job.id,
        after: { kind: input.kind, fileName: input.fileName, size: input.bytes.length },
      });
      return job.id;
    }),
  );
}

export async function getImportJob(viewer: Viewer, id: number): Promise<ImportJobView | null> {
  const j = await prisma.importJob.findFirst({ where: { id, createdById: viewer.id }, select: jobSelect });
  return j ? view(j) : null;
}

export async function listImportJobs(viewer: Viewer, take = 10): Promise<ImportJobView[]> {
  const jobs = await prisma.importJob.findMany({
    where: { createdById: viewer.id },
    select: jobSelect,
    orderBy: { id: "desc" },
    take,
  });
  return jobs.map(view);
}

/** The stored errors of a job (row, column, problem), or null outside the viewer's jobs. */
export async function getImportErrors(viewer: Viewer, id: number): Promise<RowError[] | null> {
  const j = await prisma.importJob.findFirst({ where: { id, createdById: viewer.id }, select: { errors: true } });
  if (!j) return null;
  return (j.errors as RowError[] | null) ?? [];
}

/** READY → COMMIT_QUEUED. False when the job is not (or no longer) waiting for confirmation. */
export async function requestImportCommit(viewer: Viewer, id: number): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.importJob.updateMany({
      where: { id, createdById: viewer.id, status: "READY" },
      data: { status: "COMMIT_QUEUED", processedRows: 0, updatedAt: clockNow() },
    });
    if (count) await audit(tx, { actorId: viewer.id, action: "CONFIRM", entity: "ImportJob", entityId: id });
    return count > 0;
  });
}

/** READY → CANCELLED (the file is dropped). */
export async function cancelImportJob(viewer: Viewer, id: number): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.importJob.updateMany({
      where: { id, createdById: viewer.id, status: "READY" },
      data: { status: "CANCELLED", file: null, finishedAt: clockNow() },
    });
    if (count) await audit(tx, { actorId: viewer.id, action: "CANCEL", entity: "ImportJob", entityId: id });
    return count > 0;
  });
}

// ---------------------------------------------------------------- the worker's side

export const HEARTBEAT_S = IMPORT_HEARTBEAT_S;
export const INTERRUPTED_AFTER_S = IMPORT_INTERRUPTED_AFTER_S;
export const STALE_AFTER_S = IMPORT_STALE_AFTER_S;

export type ClaimedJob = { id: number; status: "VALIDATING" | "IMPORTING"; attempt: number };

// What a worker may claim: a waiting job, or one whose worker stopped beating. The heartbeat is written on the
// application clock (like every time here), so it is compared with the application clock too.
const CLAIMABLE = `("status" IN ('QUEUED', 'COMMIT_QUEUED')
                   OR ("status" IN ('VALIDATING', 'IMPORTING') AND "updated_at" < $1::timestamptz - make_interval(secs => $2)))`;

/**
 * Claims job `id` (or, without one, the oldest claimable job) when it is waiting or abandoned: the claim moves it
 * to the worker's status, counts an attempt and beats the heart, in one statement. SKIP LOCKED keeps two workers
 * from taking the same job; null when there is nothing to do (already taken, finished, or still alive).
 */
export async function claimImportJob(id?: number): Promise<ClaimedJob | null> {
  const rows = await prisma.$queryRawUnsafe<ClaimedJob[]>(
    `UPDATE "import_job"
        SET "status" = CASE "status" WHEN 'QUEUED' THEN 'VALIDATING' WHEN 'COMMIT_QUEUED' THEN 'IMPORTING' ELSE "status" END,
            "processed_rows" = 0,
            "attempt" = "attempt" + 1,
            "updated_at" = $1
      WHERE "id" = (SELECT "id" FROM "import_job"
                     WHERE ${CLAIMABLE} AND ($3::int IS NULL OR "id" = $3)
                     ORDER BY "id"
                     FOR UPDATE SKIP LOCKED
                     LIMIT 1)
      RETURNING "id", "status", "attempt"`,
    clockNow(),
    STALE_AFTER_S,
    id ?? null,
  );
  return rows[0] ?? null;
}

/** Jobs a worker should claim now: waiting ones and those whose worker died (for the queue's sweep). */
export async function claimableImportJobIds(): Promise<number[]> {
  const rows = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `SELECT "id" FROM "import_job" WHERE ${CLAIMABLE} ORDER BY "id"`,
    clockNow(),
    STALE_AFTER_S,
  );
  return rows.map((r) => r.id);
}

/** Where a job stands for its watch: worked on by a live worker, abandoned (claimable), or not worked on. */
export async function importJobLiveness(id: number): Promise<"alive" | "claimable" | "idle"> {
  const j = await prisma.importJob.findUnique({ where: { id }, select: { status: true, updatedAt: true } });
  if (!j) return "idle";
  if (j.status === "QUEUED" || j.status === "COMMIT_QUEUED") return "claimable";
  if (!isWorkedOn(j.status)) return "idle";
  return heartbeatAgeS(j.updatedAt) > STALE_AFTER_S ? "claimable" : "alive";
}

/** This worker's hold on the job: its status and attempt are still the current ones. */
function mine(job: ClaimedJob) {
  return { id: job.id, status: job.status, attempt: job.attempt };
}

/** Heartbeat + progress, only while the job is still this worker's. */
async function progress(job: ClaimedJob, processedRows: number, totalRows?: number) {
  await prisma.importJob.updateMany({
    where: mine(job),
    data: { processedRows, ...(totalRows === undefined ? {} : { totalRows }), updatedAt: clockNow() },
  });
}

/**
 * Beats the heart every HEARTBEAT_S while the worker holds the job, so that a long stretch without progress
 * writes (a big batch, a slow disk) never looks like a dead worker. Returns the stop function.
 */
function startHeartbeat(job: ClaimedJob): () => void {
  let beating = false;
  const t = setInterval(() => {
    if (beating) return;
    beating = true;
    prisma.importJob
      .updateMany({ where: mine(job), data: { updatedAt: clockNow() } })
      .catch((err) => log.warn({ err }, `导入任务 ${job.id}：心跳写入失败`))
      .finally(() => (beating = false));
  }, HEARTBEAT_S * 1000);
  t.unref?.();
  return () => clearInterval(t);
}

type JobUpdate = Parameters<typeof prisma.importJob.updateMany>[0]["data"];

/** Leaves the worker's status; `finishedAt` only for end states (READY waits for the uploader). */
async function finish(job: ClaimedJob, data: JobUpdate) {
  const ends = data.status !== "READY";
  await prisma.importJob.updateMany({
    where: mine(job),
    data: { ...data, updatedAt: clockNow(), ...(ends ? { finishedAt: clockNow() } : {}) },
  });
}

/** Milliseconds per phase of one run, for the log line that ends it (where an import's time goes). */
type Laps = Record<string, number>;
function stopwatch() {
  let last = performance.now();
  const laps: Laps = {};
  return {
    laps,
    lap(name: string) {
      const t = performance.now();
      laps[name] = Math.round(t - last);
      last = t;
    },
  };
}

function json(v: unknown): Prisma.InputJsonValue {
  return v as Prisma.InputJsonValue;
}

const SYSTEM_ERROR = "系统错误：导入未完成，没有写入任何数据。请稍后重试；如问题持续，请联系系统管理员。";

/** Checks (VALIDATING) or imports (IMPORTING) a claimed job. Never throws. */
export async function processImportJob(job: ClaimedJob): Promise<void> {
  const stopHeartbeat = startHeartbeat(job);
  try {
    await runClaimed(job);
  } finally {
    stopHeartbeat();
  }
}

async function runClaimed(job: ClaimedJob): Promise<void> {
  try {
    const row = await prisma.importJob.findUnique({
      where: { id: job.id },
      select: { id: true, kind: true, fileName: true, file: true, createdById: true },
    });
    const user = row?.createdById
      ? await prisma.user.findUnique({
          where: { id: row.createdById },
          select: {
            id: true,
            username: true,
            displayName: true,
            role: true,
            countyId: true,
            teamId: true,
            enterpriseId: true,
            isActive: true,
          },
        })
      : null;
    if (!row || !row.file || !isImportKind(row.kind) || !formatOf(row.fileName)) {
      await finish(job, {
        status: "FAILED",
        file: null,
        errorCount: 1,
        errors: json([fileError("文件已不存在或格式不受支持，请重新上传")]),
      });
      return;
    }
    if (!user || !user.isActive || !canImportProjects(user)) {
      await finish(job, {
        status: "FAILED",
        file: null,
        errorCount: 1,
        errors: json([fileError("上传人已无导入权限，未导入")]),
      });
      return;
    }
    // The import re-checks the file first: that pass only beats the heart (processed rows stay 0), so the
    // progress the page shows while importing counts written rows only and never goes back.
    const sw = stopwatch();
    const a = await analyseImport(
      { id: row.id, kind: row.kind, fileName: row.fileName, file: row.file },
      user,
      (n) => progress(job, job.status === "IMPORTING" ? 0 : n),
      sw.lap,
    );
    if (a.errorCount > 0) {
      await finish(job, {
        status: "INVALID",
        file: null,
        totalRows: a.dataRows,
        processedRows: a.dataRows,
        errorCount: a.errorCount,
        errors: json(a.errors),
        ...(a.summary ? { summary: json(a.summary) } : {}),
      });
      return;
    }
    if (job.status === "VALIDATING") {
      sw.lap("summary");
      log.info({ laps: sw.laps }, `导入任务 ${job.id}：检查完成，${a.dataRows} 行`);
      await finish(job, {
        status: "READY",
        totalRows: a.dataRows,
        processedRows: a.dataRows,
        errorCount: 0,
        errors: [],
        summary: json(a.summary),
      });
      return;
    }
    await writeImport(job, user, a, sw.lap);
    log.info({ laps: sw.laps }, `导入任务 ${job.id}：导入结束，${a.dataRows} 行`);
  } catch (err) {
    log.error({ err }, `导入任务 ${job.id} 失败`);
    await finish(job, { status: "FAILED", file: null, errorCount: 1, errors: json([fileError(SYSTEM_ERROR)]) }).catch(
      (e) => log.error({ err: e }, `无法记录导入任务 ${job.id} 的失败`),
    );
  }
}

function fileError(message: string): RowError {
  return { row: 0, column: "—", message };
}

interface Analysis {
  dataRows: number;
  rows: ImportRow[];
  errors: RowError[];
  errorCount: number;
  summary: ImportSummary | null;
  /** credit code → existing enterprise id */
  existing: Map<string, number>;
  /** credit code → what a new enterprise gets */
  fresh: Map<string, { name: string; countyId: number; originRegion: string | null }>;
  /** The file's own headers of the code and credit code columns, for error messages. */
  codeColumn: string;
  creditColumn: string;
}

/** Reads and checks every row of the file, then the whole file against the database. */
export async function analyseImport(
  job: { id: number; kind: ImportKind; fileName: string; file: Uint8Array },
  viewer: Viewer,
  onProgress: (rowsRead: number) => Promise<void>,
  lap: (phase: string) => void = () => {},
): Promise<Analysis> {
  const format = formatOf(job.fileName)!;
  const [counties, industries] = await Promise.all([
    prisma.county.findMany({ select: { id: true, code: true, name: true } }),
    prisma.industry.findMany({ select: { id: true, code: true, name: true } }),
  ]);
  const ctx = prepareContext({
    kind: job.kind,
    counties,
    industries,
    today: clockToday(),
    onlyCountyId: viewer.role === "COUNTY" ? viewer.countyId : null,
    source: format,
  });
  const out: Analysis = {
    dataRows: 0,
    rows: [],
    errors: [],
    errorCount: 0,
    summary: null,
    existing: new Map(),
    fresh: new Map(),
    codeColumn: "项目编号",
    creditColumn: "统一社会信用代码",
  };
  const push = (es: readonly RowError[]) => {
    out.errorCount += es.length;
    for (const e of es) if (out.errors.length < MAX_STORED_ERRORS) out.errors.push(e);
  };

  let header: HeaderMap | null = null;
  try {
    for await (const { rowNo, cells } of readRows(job.file, format)) {
      if (rowIsEmpty(cells)) continue;
      if (!header) {
        header = mapHeaders(cells, job.kind);
        if (header.errors.length) break;
        continue;
      }
      out.dataRows += 1;
      if (out.dataRows > MAX_IMPORT_ROWS) {
        push([fileError(`文件超过 ${MAX_IMPORT_ROWS.toLocaleString("zh-CN")} 行数据，请拆分为多个文件分别导入`)]);
        out.dataRows -= 1;
        break;
      }
      const r = validateRow(cells, rowNo, header, ctx);
      push(r.errors);
      if (r.row) out.rows.push(r.row);
      if (out.dataRows % PROGRESS_EVERY === 0) await onProgress(out.dataRows);
    }
  } catch (err) {
    log.warn(`导入任务 ${job.id}：文件无法读取：${err instanceof Error ? err.message : String(err)}`);
    push([
      fileError(
        format === "xlsx"
          ? "无法读取该 Excel 文件：请确认它是 .xlsx 格式（旧版 .xls 请先另存为 .xlsx）且没有加密"
          : "无法读取该 CSV 文件，请确认它是逗号分隔的文本文件",
      ),
    ]);
    return out;
  }
  if (!header) {
    push([fileError("文件是空的：第一行应为表头，请使用导入模板")]);
    return out;
  }
  if (header.errors.length) {
    push(header.errors);
    return out;
  }
  if (out.dataRows === 0) {
    push([fileError("文件中没有数据：第一行为表头，数据从第二行起填写")]);
    return out;
  }

  lap("read");
  push(duplicateCodeErrors(out.rows, header));
  const codeColumn = (out.codeColumn = header.labels[header.keys.indexOf("code")] || out.codeColumn);
  const creditColumn = (out.creditColumn = header.labels[header.keys.indexOf("creditCode")] || out.creditColumn);

  const codes = out.rows.flatMap((r) => (r.code ? [r.code] : []));
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += INSERT_BATCH) {
    const found = await prisma.project.findMany({
      where: { code: { in: codes.slice(i, i + INSERT_BATCH) } },
      select: { code: true },
    });
    for (const f of found) taken.add(f.code);
  }
  for (const r of out.rows) {
    if (r.code && taken.has(r.code))
      push([{ row: r.rowNo, column: codeColumn, message: `项目编号“${r.code}”已存在，项目库中已有该编号的项目` }]);
  }

  // Enterprises: matched by credit code, else created from the first row that names them.
  const byCredit = new Map<string, ImportRow[]>();
  for (const r of out.rows) if (r.creditCode) byCredit.set(r.creditCode, [...(byCredit.get(r.creditCode) ?? []), r]);
  const credits = [...byCredit.keys()];
  const known = new Map<string, { id: number; name: string }>();
  for (let i = 0; i < credits.length; i += INSERT_BATCH) {
    const found = await prisma.enterprise.findMany({
      where: { creditCode: { in: credits.slice(i, i + INSERT_BATCH) } },
      select: { id: true, name: true, creditCode: true },
    });
    for (const f of found) known.set(f.creditCode, { id: f.id, name: f.name });
  }
  const warnings: RowError[] = [];
  for (const [credit, rows] of byCredit) {
    const k = known.get(credit);
    if (k) {
      out.existing.set(credit, k.id);
      for (const r of rows) {
        if (r.enterpriseName && r.enterpriseName !== k.name && warnings.length < MAX_WARNINGS) {
          warnings.push({
            row: r.rowNo,
            column: creditColumn,
            message: `系统中该信用代码的企业名为“${k.name}”，将关联到该企业（文件中写作“${r.enterpriseName}”）`,
          });
        }
      }
      continue;
    }
    const named = rows.find((r) => r.enterpriseName);
    if (!named) {
      push(
        rows.map((r) => ({
          row: r.rowNo,
          column: creditColumn,
          message: `系统中没有统一社会信用代码为“${credit}”的企业，新企业须填写投资企业名称`,
        })),
      );
      continue;
    }
    out.fresh.set(credit, {
      name: named.enterpriseName!,
      countyId: named.countyId,
      originRegion: named.sourceRegion ? SOURCE_REGION_LABELS[named.sourceRegion] : null,
    });
  }
  out.errors.sort((a, b) => a.row - b.row);
  lap("lookups");

  const countyName = new Map(counties.map((c) => [c.id, c.name]));
  const industryName = new Map(industries.map((c) => [c.id, c.name]));
  const byStage: Record<string, number> = {};
  let milestones = 0;
  let totalInvestment = 0;
  let contractAmount = 0;
  for (const r of out.rows) {
    const stage = stageOf(r);
    byStage[stage] = (byStage[stage] ?? 0) + 1;
    milestones += Object.keys(r.milestones).length;
    totalInvestment += r.totalInvestment;
    contractAmount += r.contractAmount;
  }
  out.summary = {
    rows: out.rows.length,
    milestones,
    newEnterprises: out.fresh.size,
    matchedEnterprises: out.existing.size,
    transformation: out.rows.filter((r) => r.isTransformation).length,
    totalInvestment,
    contractAmount,
    byStage,
    ignoredHeaders: header.ignored,
    warnings,
    preview: out.rows.slice(0, PREVIEW_ROWS).map((r): ImportPreviewRow => ({
      rowNo: r.rowNo,
      code: r.code,
      name: r.name,
      county: countyName.get(r.countyId) ?? "",
      industry: industryName.get(r.industryId) ?? "",
      enterprise: r.enterpriseName ?? (r.creditCode ? `（信用代码 ${r.creditCode}）` : null),
      totalInvestment: r.totalInvestment,
      contractAmount: r.contractAmount,
      planYear: r.planYear,
      stage: stageOf(r),
    })),
  };
  return out;
}

function stageOf(r: ImportRow) {
  return deriveStage(MILESTONE_STAGES.map((s) => ({ stage: s, plannedOn: null, actualOn: r.milestones[s] ?? null })));
}

/** Generated code for a row without one: unique because the job id is. */
export function generatedCode(jobId: number, rowNo: number) {
  return `IMP${jobId}-${String(rowNo).padStart(6, "0")}`;
}

/**
 * Everything in one transaction; the job turns DONE inside it, so DONE means the rows are there. When the write
 * fails because someone else took one of the file's project codes or created one of its new enterprises after
 * the re-check (a unique key refuses the insert), the job ends INVALID with those rows named, like the check
 * would have named them; any other failure is the caller's (FAILED, system error).
 */
async function writeImport(job: ClaimedJob, viewer: Viewer, a: Analysis, lap: (phase: string) => void) {
  const codes = a.rows.map((r) => r.code ?? generatedCode(job.id, r.rowNo));
  try {
    await writeRows(job, viewer, a, codes, lap);
  } catch (err) {
    const taken = await takenMeanwhile(a, codes);
    if (!taken.length) throw err;
    log.warn(`导入任务 ${job.id}：写入时发现 ${taken.length} 处编号或企业已被他人录入，未导入`);
    await finish(job, {
      status: "INVALID",
      file: null,
      errorCount: taken.length,
      errors: json(taken.slice(0, MAX_STORED_ERRORS)),
    });
  }
}

/** The file's project codes and new enterprises' credit codes that exist now (after a failed write). */
async function takenMeanwhile(a: Analysis, codes: string[]): Promise<RowError[]> {
  const out: RowError[] = [];
  const rowOfCode = new Map(codes.map((c, k) => [c, a.rows[k].rowNo]));
  for (let i = 0; i < codes.length; i += INSERT_BATCH) {
    const found = await prisma.project.findMany({
      where: { code: { in: codes.slice(i, i + INSERT_BATCH) } },
      select: { code: true },
    });
    for (const f of found) {
      out.push({
        row: rowOfCode.get(f.code)!,
        column: a.codeColumn,
        message: `项目编号“${f.code}”已存在：确认导入后有人录入了该编号的项目，本次导入未写入任何数据`,
      });
    }
  }
  const credits = [...a.fresh.keys()];
  for (let i = 0; i < credits.length; i += INSERT_BATCH) {
    const found = await prisma.enterprise.findMany({
      where: { creditCode: { in: credits.slice(i, i + INSERT_BATCH) } },
      select: { creditCode: true },
    });
    for (const f of found) {
      const first = a.rows.find((r) => r.creditCode === f.creditCode)!;
      out.push({
        row: first.rowNo,
        column: a.creditColumn,
        message: `统一社会信用代码“${f.creditCode}”的企业已在确认导入后由他人录入，本次导入未写入任何数据；请重新上传，将关联到该企业`,
      });
    }
  }
  return out.sort((x, y) => x.row - y.row);
}

async function writeRows(job: ClaimedJob, viewer: Viewer, a: Analysis, codes: string[], lap: (phase: string) => void) {
  const total = a.rows.length;
  await progress(job, 0, total);
  lap("summary");
  const now = clockNow();
  await prisma.$transaction(
    async (tx) => {
      const enterpriseId = new Map(a.existing);
      const fresh = [...a.fresh];
      for (let i = 0; i < fresh.length; i += INSERT_BATCH) {
        const chunk = fresh.slice(i, i + INSERT_BATCH);
        const created = await tx.$queryRawUnsafe<{ id: number; credit_code: string }[]>(
          `INSERT INTO "enterprise" ("name", "credit_code", "origin_region", "county_id", "updated_at")
           SELECT u.n, u.c, u.r, u.k, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS u(n, c, r, k)
           RETURNING "id", "credit_code"`,
          chunk.map(([, e]) => e.name),
          chunk.map(([c]) => c),
          chunk.map(([, e]) => e.originRegion),
          chunk.map(([, e]) => e.countyId),
        );
        for (const c of created) enterpriseId.set(c.credit_code, c.id);
      }
      lap("enterprises");

      const projectId = new Map<string, number>();
      for (let i = 0; i < total; i += INSERT_BATCH) {
        const rows = a.rows.slice(i, i + INSERT_BATCH);
        const col = <T>(f: (r: ImportRow, k: number) => T) => rows.map((r, k) => f(r, i + k));
        const created = await tx.$queryRawUnsafe<{ id: number; code: string }[]>(
          `INSERT INTO "project" ("code", "name", "county_id", "industry_id", "enterprise_id", "origin", "source_region",
              "attraction_method", "total_investment", "contract_amount", "annual_plan_investment", "plan_year",
              "is_transformation", "pool", "construction_content", "land_area", "land_supply_method", "land_term_years",
              "land_premium_instalments", "created_by_id", "updated_at")
           SELECT u.code, u.name, u.county, u.industry, u.ent, u.origin::"ProjectOrigin", u.region::"SourceRegion",
              u.method::"AttractionMethod", u.total, u.contract, u.plan, u.year, u.tf, u.pool::"ProjectPool", u.content,
              u.area, u.supply, u.term, u.inst, $20, now()
           FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[],
              $9::int[], $10::int[], $11::int[], $12::int[], $13::bool[], $14::text[], $15::text[], $16::numeric[],
              $17::text[], $18::int[], $19::bool[])
             AS u(code, name, county, industry, ent, origin, region, method, total, contract, plan, year, tf, pool,
                  content, area, supply, term, inst)
           RETURNING "id", "code"`,
          col((_, k) => codes[k]),
          col((r) => r.name),
          col((r) => r.countyId),
          col((r) => r.industryId),
          col((r) => (r.creditCode ? (enterpriseId.get(r.creditCode) ?? null) : null)),
          col((r) => r.origin),
          col((r) => r.sourceRegion),
          col((r) => r.attractionMethod),
          col((r) => r.totalInvestment),
          col((r) => r.contractAmount),
          col((r) => r.annualPlanInvestment),
          col((r) => r.planYear),
          col((r) => r.isTransformation),
          col((r) => r.pool),
          col((r) => r.constructionContent),
          col((r) => r.landArea),
          col((r) => r.landSupplyMethod),
          col((r) => r.landTermYears),
          col((r) => r.landPremiumInstalments),
          viewer.id,
        );
        for (const c of created) projectId.set(c.code, c.id);
        await progress(job, Math.min(total, i + INSERT_BATCH), total);
      }

      lap("projects");
      // Milestones with actual dates; the stage trigger derives each project's stage from them.
      const ms: { p: number; s: string; on: string }[] = [];
      a.rows.forEach((r, k) => {
        for (const s of MILESTONE_STAGES) {
          const on = r.milestones[s];
          if (on) ms.push({ p: projectId.get(codes[k])!, s, on });
        }
      });
      for (let i = 0; i < ms.length; i += INSERT_BATCH * 4) {
        const chunk = ms.slice(i, i + INSERT_BATCH * 4);
        await tx.$executeRawUnsafe(
          `INSERT INTO "milestone" ("project_id", "stage", "actual_on", "evidence_note", "logged_by_id", "logged_at", "updated_at")
           SELECT u.p, u.s::"MilestoneStage", u.d, $4, $5, now(), now() FROM unnest($1::int[], $2::text[], $3::date[]) AS u(p, s, d)`,
          chunk.map((m) => m.p),
          chunk.map((m) => m.s),
          chunk.map((m) => m.on),
          `批量导入（导入任务 #${job.id}）`,
          viewer.id,
        );
        await progress(job, total, total);
      }

      lap("milestones");
      await auditMany(tx, [
        ...fresh.map(([credit, e]) => ({
          actorId: viewer.id,
          action: "IMPORT",
          entity: "Enterprise",
          entityId: enterpriseId.get(credit)!,
          after: { name: e.name, creditCode: credit, importJobId: job.id },
        })),
        ...a.rows.map((r, k) => ({
          actorId: viewer.id,
          action: "IMPORT",
          entity: "Project",
          entityId: projectId.get(codes[k])!,
          projectId: projectId.get(codes[k])!,
          after: { code: codes[k], name: r.name, importJobId: job.id, row: r.rowNo, milestones: r.milestones },
        })),
      ]);
      const result = {
        imported: total,
        enterprisesCreated: fresh.length,
        firstCode: codes[0],
        lastCode: codes[total - 1],
      };
      lap("audit");
      await audit(tx, { actorId: viewer.id, action: "IMPORT", entity: "ImportJob", entityId: job.id, after: result });
      const { count } = await tx.importJob.updateMany({
        where: mine(job),
        data: {
          status: "DONE",
          file: null,
          totalRows: total,
          processedRows: total,
          errorCount: 0,
          errors: [],
          summary: json({ ...a.summary!, result }),
          finishedAt: now,
          updatedAt: clockNow(),
        },
      });
      // another worker took the job over (this one looked dead): roll back rather than import twice
      if (count !== 1) throw new Error(`import job ${job.id} is no longer ours`);
      lap("done");
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  lap("commit");
}
