// The audit log for the 安全审计员 (issue 14): filtered, paged on the server, exported as CSV or XLSX. Read-only: the
// table itself refuses UPDATE and DELETE (trigger, docs/decisions/080).
import { z } from "zod";
import { FAILURE_ACTIONS, auditActionLabel, auditEntityLabel, auditResult } from "~/domain/auditLabels";
import { auditPeopleIds, describeAuditChange, formatAuditTime } from "~/domain/auditText";
import { formatChinaDateTime, isIsoDate } from "~/domain/dates";
import { ROLE_LABELS, type RoleKey } from "~/domain/labels";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { xlsxWriter, type SheetColumn } from "~/utils/spreadsheet.server";
import { peopleByIds } from "./people.server";

const isoDate = z
  .string()
  .trim()
  .optional()
  .transform((s) => (s && isIsoDate(s) ? s : undefined));

export const AuditQuery = z.object({
  who: z.string().trim().max(60).optional().catch(undefined),
  role: z
    .enum(Object.keys(ROLE_LABELS) as [RoleKey, ...RoleKey[]])
    .optional()
    .catch(undefined),
  action: z.string().trim().max(40).optional().catch(undefined),
  entity: z.string().trim().max(40).optional().catch(undefined),
  from: isoDate.catch(undefined),
  to: isoDate.catch(undefined),
  result: z.enum(["ok", "fail"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 100_000;

const CST_MS = 8 * 3_600_000;
/** 00:00 Beijing time of an ISO date, as an instant. */
const beijingMidnight = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - CST_MS);

export async function auditWhere(q: AuditQuery): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (q.who || q.role) {
    const users = await prisma.user.findMany({
      where: {
        ...(q.role ? { role: q.role } : {}),
        ...(q.who
          ? {
              OR: [
                { username: { contains: q.who.toLowerCase() } },
                { displayName: { contains: q.who, mode: "insensitive" as const } },
              ],
            }
          : {}),
      },
      select: { id: true },
    });
    const ids = users.map((u) => u.id);
    // by them, or about them (a lock, a reset, a failed sign-in on their account)
    and.push({ OR: [{ actorId: { in: ids } }, { entity: "User", entityId: { in: ids.map(String) } }] });
  }
  if (q.action) and.push({ action: q.action });
  if (q.entity) and.push({ entity: q.entity });
  if (q.from) and.push({ at: { gte: beijingMidnight(q.from) } });
  if (q.to) and.push({ at: { lt: new Date(beijingMidnight(q.to).getTime() + 86_400_000) } });
  if (q.result === "fail") and.push({ action: { in: [...FAILURE_ACTIONS] } });
  if (q.result === "ok") and.push({ action: { notIn: [...FAILURE_ACTIONS] } });
  return and.length ? { AND: and } : {};
}

type Row = Prisma.AuditEventGetPayload<{
  select: { id: true; at: true; actorId: true; action: true; entity: true; entityId: true; before: true; after: true };
}>;

async function present(rows: Row[]) {
  const actors = await peopleByIds(auditPeopleIds(rows));
  const names = new Map([...actors.values()].map((u) => [u.id, u.displayName]));
  return rows.map((r) => {
    const a = r.actorId !== null ? actors.get(r.actorId) : undefined;
    return {
      id: r.id,
      at: formatAuditTime(r.at),
      // the CSV keeps a sortable time for spreadsheets
      atSortable: formatChinaDateTime(r.at),
      actor: a ? `${a.displayName}（${a.username}）` : r.actorId === null ? "系统/匿名" : `用户 #${r.actorId}`,
      role: a ? ROLE_LABELS[a.role] : "—",
      action: auditActionLabel(r.action),
      entity: `${auditEntityLabel(r.entity)} ${r.entityId}`,
      result: auditResult(r.action),
      detail: describeAuditChange(r, names, 12),
    };
  });
}

const rowSelect = {
  id: true,
  at: true,
  actorId: true,
  action: true,
  entity: true,
  entityId: true,
  before: true,
  after: true,
} as const;

export async function listAudit(q: AuditQuery) {
  const where = await auditWhere(q);
  const [total, rows, actions, entities] = await Promise.all([
    prisma.auditEvent.count({ where }),
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: rowSelect,
    }),
    prisma.auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    prisma.auditEvent.groupBy({ by: ["entity"], orderBy: { entity: "asc" } }),
  ]);
  return {
    total,
    rows: await present(rows),
    actions: actions.map((a) => [a.action, auditActionLabel(a.action)] as [string, string]),
    entities: entities.map((e) => [e.entity, auditEntityLabel(e.entity)] as [string, string]),
  };
}

const csvCell = (s: string) => {
  // a leading = + - @ would be a formula in Excel
  const t = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** The export's columns, the same for CSV and XLSX. */
export const AUDIT_EXPORT_COLUMNS: SheetColumn[] = [
  { header: "时间（北京时间）", width: 20 },
  { header: "操作人", width: 24 },
  { header: "角色", width: 14 },
  { header: "操作", width: 16 },
  { header: "对象", width: 22 },
  { header: "结果", width: 8 },
  { header: "详情", width: 80 },
];

/** The filtered log, newest first, in batches of presented rows, up to AUDIT_EXPORT_MAX rows. */
async function* auditExportRows(q: AuditQuery): AsyncGenerator<string[][]> {
  const where = await auditWhere(q);
  let cursor: number | undefined;
  let count = 0;
  while (count < AUDIT_EXPORT_MAX) {
    const batch = await prisma.auditEvent.findMany({
      where: cursor ? { AND: [where, { id: { lt: cursor } }] } : where,
      orderBy: { id: "desc" },
      take: Math.min(2000, AUDIT_EXPORT_MAX - count),
      select: rowSelect,
    });
    if (!batch.length) break;
    yield (await present(batch)).map((r) => [r.atSortable, r.actor, r.role, r.action, r.entity, r.result, r.detail]);
    count += batch.length;
    cursor = batch[batch.length - 1].id;
  }
}

/** How many rows an export of this filter holds (recorded in the export's own audit event before it streams). */
export async function auditExportCount(q: AuditQuery): Promise<number> {
  return Math.min(AUDIT_EXPORT_MAX, await prisma.auditEvent.count({ where: await auditWhere(q) }));
}

/** The filtered log as CSV lines (北京时间), newest first, up to AUDIT_EXPORT_MAX rows. */
export async function auditCsv(q: AuditQuery): Promise<{ csv: string; rows: number }> {
  const lines = [AUDIT_EXPORT_COLUMNS.map((c) => c.header).join(",")];
  for await (const batch of auditExportRows(q)) for (const r of batch) lines.push(r.map(csvCell).join(","));
  return { csv: lines.join("\r\n") + "\r\n", rows: lines.length - 1 };
}

/**
 * The filtered log as a streamed XLSX (one sheet 审计日志, the CSV's columns): the body to answer with. Text cells
 * are written as strings, so nothing in a detail can become a formula.
 */
export function auditXlsx(q: AuditQuery): ReadableStream<Uint8Array> {
  const xlsx = xlsxWriter("审计日志", AUDIT_EXPORT_COLUMNS);
  void (async () => {
    try {
      for await (const batch of auditExportRows(q)) for (const r of batch) xlsx.add(r);
      await xlsx.finish();
    } catch (err) {
      log.error({ err }, "审计日志导出失败");
      xlsx.fail(err);
    }
  })();
  return xlsx.body;
}
