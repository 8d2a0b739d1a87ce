// 要素保障 — land (issue 18 §4, docs/decisions/220–222). A project's land records and their 出让金 instalments are
// read inside the project's scope and written by those who log its progress (its county, its team, the bureau,
// admin: lockProject), each write in one transaction with its audit event; the schedule must add up to the price,
// refused otherwise before anything is written. Each county's annual 用地指标 is set by the bureau (or admin),
// version-checked and audited; the counties' use of it is the Σ area of their projects' land supplied that year.
import { Prisma } from "~/generated/prisma/client";
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import {
  instalmentState,
  muString,
  owed,
  type InstalmentValues,
  type LandSupplyMethod,
  type LandSupplyValues,
} from "~/domain/land";
import { formatWan } from "~/domain/money";
import type { ReportLandRow } from "~/domain/monthlyReport";
import { canLogProgress, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import type { StoredFile } from "~/utils/attachments.server";
import { now as clockNow } from "~/utils/clock.server";
import { lockProject, touchProject } from "./milestone.server";
import { findProjectRef } from "./projectAccess.server";
import { projectScope } from "./scope.server";

/** Set the counties' 用地指标: the bureau and the 系统管理员. */
export function canManageLandQuota(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU";
}

const INSTALMENT = { id: true, seq: true, dueOn: true, amount: true, paidOn: true, paidAmount: true } as const;
const iso = (d: Date | null) => (d ? toIsoDate(d) : null);

function instalmentOf(
  i: { id: number; seq: number; dueOn: Date; amount: number; paidOn: Date | null; paidAmount: number | null },
  today: IsoDate,
) {
  const f = { dueOn: toIsoDate(i.dueOn), amount: i.amount, paidOn: iso(i.paidOn), paidAmount: i.paidAmount };
  return { id: i.id, seq: i.seq, ...f, owed: owed(f), state: instalmentState(f, today) };
}

/** A project's land records with their schedules, if the project is in the viewer's scope. */
export async function projectLand(viewer: Viewer, projectId: number, today: IsoDate) {
  const project = await findProjectRef(viewer, projectId);
  if (!project) return null;
  const rows = await prisma.landSupply.findMany({
    where: { projectId },
    orderBy: [{ suppliedOn: "asc" }, { id: "asc" }],
    select: {
      id: true,
      method: true,
      parcelNo: true,
      location: true,
      area: true,
      years: true,
      price: true,
      suppliedOn: true,
      note: true,
      version: true,
      instalments: { select: INSTALMENT, orderBy: { seq: "asc" } },
      // the project is in scope (findProjectRef above), and a land document carries its project_id, so
      // attachmentScope grants the download to exactly those who read this page
      documents: { orderBy: { id: "asc" }, select: { id: true, fileName: true, size: true, createdAt: true } },
    },
  });
  return {
    project,
    canEdit: canLogProgress(viewer, project),
    records: rows.map((r) => ({
      ...r,
      method: r.method as LandSupplyMethod,
      area: r.area.toFixed(2),
      suppliedOn: toIsoDate(r.suppliedOn),
      instalments: r.instalments.map((i) => instalmentOf(i, today)),
      documents: r.documents.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    })),
  };
}

/**
 * A land record's documents (出让合同, 不动产权证书, 租赁合同; docs/decisions/271), already stored by the caller:
 * rows with the record's project_id (the project's scope reads them, as the project's other documents) and
 * audited as 上传附件 like a fund application's documents — in the caller's transaction.
 */
async function recordLandFiles(tx: Tx, viewer: Viewer, projectId: number, landSupplyId: number, files: StoredFile[]) {
  if (!files.length) return;
  await tx.attachment.createMany({
    data: files.map((f) => ({ ...f, projectId, landSupplyId, uploadedById: viewer.id, createdAt: clockNow() })),
  });
  await audit(tx, {
    actorId: viewer.id,
    action: "UPLOAD",
    entity: "LandSupply",
    entityId: landSupplyId,
    projectId,
    after: { attachments: files.map((f) => ({ fileName: f.fileName })) },
  });
}

function auditShape(v: {
  method: string;
  parcelNo: string | null;
  location: string;
  area: string;
  years: number | null;
  price: number | null;
  suppliedOn: IsoDate;
  note: string | null;
  instalments: { seq: number; dueOn: IsoDate; amount: number; paidOn: IsoDate | null; paidAmount: number | null }[];
}) {
  return {
    supplyMethod: v.method,
    area: v.area,
    years: v.years,
    price: v.price,
    instalments: v.instalments.map(
      (i) =>
        `第${i.seq}期 ${i.dueOn} 应缴${i.amount}万元${i.paidOn ? `，${i.paidOn} 实缴${i.paidAmount}万元` : "，未缴"}`,
    ),
    // one field for the place (the audit line shows at most 8 fields)
    location: v.parcelNo ? `${v.location}（宗地编号 ${v.parcelNo}）` : v.location,
    suppliedOn: v.suppliedOn,
    note: v.note,
  };
}

function rowData(v: LandSupplyValues) {
  return {
    method: v.method,
    parcelNo: v.parcelNo,
    location: v.location,
    area: new Prisma.Decimal(muString(v.area)),
    years: v.years,
    price: v.price,
    suppliedOn: fromIsoDate(v.suppliedOn),
    note: v.note,
  };
}

const instalmentData = (i: InstalmentValues) => ({
  dueOn: fromIsoDate(i.dueOn),
  amount: i.amount,
  paidOn: i.paidOn ? fromIsoDate(i.paidOn) : null,
  paidAmount: i.paidAmount,
});

/** The schedule must add up to the price (the form says so too; this is the transaction's own check). */
function checkSchedule(v: LandSupplyValues) {
  if (!v.instalments.length) return;
  const total = v.instalments.reduce((a, i) => a + i.amount, 0);
  if (v.price === null) throw Refusal.fields({ price: "分期缴纳须填写出让金（万元）" }, "请修改标出的字段");
  if (total !== v.price)
    throw Refusal.fields(
      { schedule: `各期应缴金额合计 ${formatWan(total)}，须等于出让金 ${formatWan(v.price)}` },
      "请修改标出的字段",
    );
}

/** 登记供地: a land record with its schedule and documents, once per create token. */
export async function createLand(
  viewer: Viewer,
  projectId: number,
  v: LandSupplyValues,
  claim?: CreateClaim | null,
  files: StoredFile[] = [],
) {
  checkSchedule(v);
  return prisma.$transaction((tx) =>
    once(tx, claim, async () => {
      await lockProject(tx, viewer, projectId);
      const r = await tx.landSupply.create({
        data: {
          projectId,
          ...rowData(v),
          createdById: viewer.id,
          instalments: { create: v.instalments.map((i) => ({ seq: i.seq, ...instalmentData(i) })) },
        },
        select: { id: true },
      });
      await touchProject(tx, projectId);
      await audit(tx, {
        actorId: viewer.id,
        action: "LAND_CREATE",
        entity: "LandSupply",
        entityId: r.id,
        projectId,
        after: auditShape({ ...v, area: muString(v.area) }),
      });
      await recordLandFiles(tx, viewer, projectId, r.id, files);
      return r.id;
    }),
  );
}

async function readForAudit(tx: Tx, id: number) {
  const r = await tx.landSupply.findUniqueOrThrow({
    where: { id },
    include: { instalments: { select: INSTALMENT, orderBy: { seq: "asc" } } },
  });
  return auditShape({
    ...r,
    area: r.area.toFixed(2),
    suppliedOn: toIsoDate(r.suppliedOn),
    instalments: r.instalments.map((i) => ({ ...i, dueOn: toIsoDate(i.dueOn), paidOn: iso(i.paidOn) })),
  });
}

/**
 * 修改供地: the record (version-checked) and its schedule, rows kept by their number (so an instalment keeps its
 * id, and its overdue notice is not sent again), rows past the new count removed.
 */
export async function updateLand(viewer: Viewer, projectId: number, id: number, v: LandSupplyValues) {
  checkSchedule(v);
  await prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const found = await tx.landSupply.findFirst({ where: { id, projectId }, select: { id: true } });
    if (!found) throw Refusal.notFound("未找到该供地记录");
    const before = await readForAudit(tx, id);
    await updateVersioned(tx.landSupply, "LandSupply", id, v.version ?? -1, rowData(v));
    await tx.landInstalment.deleteMany({ where: { landSupplyId: id, seq: { gt: v.instalments.length } } });
    for (const i of v.instalments)
      await tx.landInstalment.upsert({
        where: { landSupplyId_seq: { landSupplyId: id, seq: i.seq } },
        create: { landSupplyId: id, seq: i.seq, ...instalmentData(i) },
        update: instalmentData(i),
      });
    await touchProject(tx, projectId);
    await audit(tx, {
      actorId: viewer.id,
      action: "LAND_UPDATE",
      entity: "LandSupply",
      entityId: id,
      projectId,
      before,
      after: auditShape({ ...v, area: muString(v.area) }),
    });
  });
}

/** 补充文件: documents added to an existing land record by those who may edit it. */
export async function attachToLand(viewer: Viewer, projectId: number, id: number, files: StoredFile[]) {
  if (!files.length) throw Refusal.fields({ attachments: "请选择要上传的文件" });
  await prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const found = await tx.landSupply.findFirst({ where: { id, projectId }, select: { id: true } });
    if (!found) throw Refusal.notFound("未找到该供地记录");
    await recordLandFiles(tx, viewer, projectId, id, files);
    await touchProject(tx, projectId);
  });
}

/** 删除供地: the record and its schedule; its documents stay the project's files (land_supply_id SET NULL). */
export async function deleteLand(viewer: Viewer, projectId: number, id: number, version: number) {
  await prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const row = await tx.landSupply.findFirst({ where: { id, projectId }, select: { id: true, version: true } });
    if (!row) throw Refusal.notFound("未找到该供地记录");
    if (row.version !== version) throw Refusal.conflict({ current: await tx.landSupply.findUnique({ where: { id } }) });
    const before = await readForAudit(tx, id);
    await tx.landSupply.delete({ where: { id } });
    await touchProject(tx, projectId);
    await audit(tx, {
      actorId: viewer.id,
      action: "LAND_DELETE",
      entity: "LandSupply",
      entityId: id,
      projectId,
      before,
    });
  });
}

// ── 用地指标 ───────────────────────────────────────────────────────────────────────────────────────────────────
export interface CountyLandRow {
  countyId: number;
  county: string;
  quota: string | null;
  quotaVersion: number | null;
  used: string;
  records: number;
  flexible: number;
  instalmentRecords: number;
  overdue: number;
  overdueAmount: number;
}

/**
 * Each county's 用地指标 of `year` against its use (Σ area of its projects' land supplied in the year, to today);
 * a county's viewer gets its own row only (the scope is in the query).
 */
export async function landOverview(viewer: Viewer, year: number, today: IsoDate): Promise<CountyLandRow[]> {
  const county = viewer.role === "COUNTY" ? Prisma.sql`AND c.id = ${viewer.countyId ?? -1}` : Prisma.empty;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const rows = await prisma.$queryRaw<
    {
      county_id: number;
      county: string;
      quota: string | null;
      quota_version: number | null;
      used: string;
      records: number;
      flexible: number;
      instalment_records: number;
      overdue: number;
      overdue_amount: bigint;
    }[]
  >`
    SELECT c.id AS county_id, c.name AS county, q.quota::text AS quota, q.version AS quota_version,
           coalesce((SELECT sum(l.area) FROM land_supply l JOIN project p ON p.id = l.project_id
                      WHERE p.county_id = c.id AND l.supplied_on BETWEEN ${from}::date AND ${to}::date), 0)::numeric(14,2)::text AS used,
           (SELECT count(*) FROM land_supply l JOIN project p ON p.id = l.project_id
             WHERE p.county_id = c.id AND l.supplied_on BETWEEN ${from}::date AND ${to}::date)::int AS records,
           (SELECT count(*) FROM land_supply l JOIN project p ON p.id = l.project_id
             WHERE p.county_id = c.id AND l.method = 'FLEXIBLE' AND l.supplied_on BETWEEN ${from}::date AND ${to}::date)::int AS flexible,
           (SELECT count(*) FROM land_supply l JOIN project p ON p.id = l.project_id
             WHERE p.county_id = c.id AND EXISTS (SELECT 1 FROM land_instalment i WHERE i.land_supply_id = l.id))::int AS instalment_records,
           (SELECT count(*) FROM land_instalment i JOIN land_supply l ON l.id = i.land_supply_id JOIN project p ON p.id = l.project_id
             WHERE p.county_id = c.id AND i.due_on < ${today}::date AND coalesce(i.paid_amount, 0) < i.amount)::int AS overdue,
           (SELECT coalesce(sum(i.amount - coalesce(i.paid_amount, 0)), 0) FROM land_instalment i JOIN land_supply l ON l.id = i.land_supply_id JOIN project p ON p.id = l.project_id
             WHERE p.county_id = c.id AND i.due_on < ${today}::date AND coalesce(i.paid_amount, 0) < i.amount)::bigint AS overdue_amount
      FROM county c LEFT JOIN land_quota q ON q.county_id = c.id AND q.year = ${year}
     WHERE true ${county}
     ORDER BY c.sort_order, c.id`;
  return rows.map((r) => ({
    countyId: r.county_id,
    county: r.county,
    quota: r.quota,
    quotaVersion: r.quota_version,
    used: r.used,
    records: r.records,
    flexible: r.flexible,
    instalmentRecords: r.instalment_records,
    overdue: r.overdue,
    overdueAmount: Number(r.overdue_amount),
  }));
}

/** The overdue instalments a viewer may see (its project scope), most overdue first. */
export async function overdueInstalments(viewer: Viewer, today: IsoDate, take = 50) {
  const rows = await prisma.landInstalment.findMany({
    where: {
      dueOn: { lt: fromIsoDate(today) },
      OR: [{ paidAmount: null }, { paidAmount: { lt: prisma.landInstalment.fields.amount } }],
      landSupply: { project: projectScope(viewer) },
    },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    take,
    select: {
      ...INSTALMENT,
      landSupply: {
        select: {
          method: true,
          location: true,
          project: { select: { id: true, name: true, county: { select: { name: true } } } },
        },
      },
    },
  });
  return rows.map((r) => ({ ...instalmentOf(r, today), land: r.landSupply }));
}

/** 设置用地指标: one county's quota of a year (created, or changed version-checked), audited. */
export async function saveLandQuota(
  viewer: Viewer,
  v: { countyId: number; year: number; quota: number; version: number | null },
) {
  if (!canManageLandQuota(viewer)) throw Refusal.forbidden("只有投资促进局和系统管理员可以设置用地指标");
  const quota = new Prisma.Decimal(muString(v.quota));
  await prisma.$transaction(async (tx) => {
    const county = await tx.county.findUnique({ where: { id: v.countyId }, select: { id: true, name: true } });
    if (!county) throw Refusal.fields({ countyId: "请选择县区" });
    const rows = await tx.$queryRaw<{ id: number; version: number; quota: string }[]>`
      SELECT id, version, quota::text AS quota FROM land_quota WHERE county_id = ${v.countyId} AND year = ${v.year} FOR UPDATE`;
    const row = rows[0];
    if (!row) {
      try {
        const q = await tx.landQuota.create({ data: { countyId: v.countyId, year: v.year, quota } });
        await audit(tx, {
          actorId: viewer.id,
          action: "LAND_QUOTA",
          entity: "LandQuota",
          entityId: q.id,
          after: { county: county.name, year: v.year, quota: muString(v.quota) },
        });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
          throw Refusal.form("另一位用户刚刚设置了该县区的用地指标，请刷新页面", 409);
        throw e;
      }
      return;
    }
    if (v.version === null || row.version !== v.version)
      throw Refusal.conflict({ current: { quota: row.quota, version: row.version } });
    await updateVersioned(tx.landQuota, "LandQuota", row.id, v.version, { quota });
    await audit(tx, {
      actorId: viewer.id,
      action: "LAND_QUOTA",
      entity: "LandQuota",
      entityId: row.id,
      before: { county: county.name, year: v.year, quota: row.quota },
      after: { county: county.name, year: v.year, quota: muString(v.quota) },
    });
  });
}

/**
 * 要素保障 in the monthly 通报 (docs/decisions/223): per county in the report's scope (`scope` on projects `p`), land
 * supplied from 1 January of `year` to `asOf`, its schedules and what was paid by `asOf`; overdue instalments of any
 * year's land (due before `asOf`, not paid in full by it); the year's quota. `db` may be the report's transaction.
 */
export async function landReportRows(
  db: Tx | typeof prisma,
  scope: Prisma.Sql,
  countyId: number | null,
  year: number,
  asOf: IsoDate,
): Promise<ReportLandRow[]> {
  const from = `${year}-01-01`;
  const rows = await db.$queryRaw<
    {
      county_id: number;
      county: string;
      records: number;
      area: string;
      instalment_records: number;
      instalment_amount: bigint;
      paid: bigint;
      overdue: number;
      overdue_amount: bigint;
      flexible: number;
      flexible_area: string;
      flexible_years: number;
      lease_then_transfer: number;
      lease: number;
      quota: string | null;
    }[]
  >`
    WITH l AS (
      SELECT l.id, l.method, l.area, l.years, l.supplied_on, p.county_id,
             l.supplied_on >= ${from}::date AS this_year
        FROM land_supply l JOIN project p ON p.id = l.project_id
       WHERE (${scope}) AND l.supplied_on <= ${asOf}::date
    ), i AS (
      SELECT i.amount, i.due_on, l.county_id, l.this_year,
             CASE WHEN i.paid_on <= ${asOf}::date THEN coalesce(i.paid_amount, 0) ELSE 0 END AS paid
        FROM land_instalment i JOIN l ON l.id = i.land_supply_id
    )
    SELECT c.id AS county_id, c.name AS county,
           (SELECT count(*) FROM l WHERE l.county_id = c.id AND l.this_year)::int AS records,
           (SELECT coalesce(sum(l.area), 0) FROM l WHERE l.county_id = c.id AND l.this_year)::numeric(14,2)::text AS area,
           (SELECT count(*) FROM l WHERE l.county_id = c.id AND l.this_year
               AND EXISTS (SELECT 1 FROM land_instalment x WHERE x.land_supply_id = l.id))::int AS instalment_records,
           (SELECT coalesce(sum(i.amount), 0) FROM i WHERE i.county_id = c.id AND i.this_year)::bigint AS instalment_amount,
           (SELECT coalesce(sum(i.paid), 0) FROM i WHERE i.county_id = c.id AND i.this_year)::bigint AS paid,
           (SELECT count(*) FROM i WHERE i.county_id = c.id AND i.due_on < ${asOf}::date AND i.paid < i.amount)::int AS overdue,
           (SELECT coalesce(sum(i.amount - i.paid), 0) FROM i
             WHERE i.county_id = c.id AND i.due_on < ${asOf}::date AND i.paid < i.amount)::bigint AS overdue_amount,
           (SELECT count(*) FROM l WHERE l.county_id = c.id AND l.this_year AND l.method = 'FLEXIBLE')::int AS flexible,
           (SELECT coalesce(sum(l.area), 0) FROM l WHERE l.county_id = c.id AND l.this_year AND l.method = 'FLEXIBLE')::numeric(14,2)::text AS flexible_area,
           (SELECT coalesce(sum(l.years), 0) FROM l WHERE l.county_id = c.id AND l.this_year AND l.method = 'FLEXIBLE')::int AS flexible_years,
           (SELECT count(*) FROM l WHERE l.county_id = c.id AND l.this_year AND l.method = 'LEASE_THEN_TRANSFER')::int AS lease_then_transfer,
           (SELECT count(*) FROM l WHERE l.county_id = c.id AND l.this_year AND l.method = 'LEASE')::int AS lease,
           (SELECT q.quota::numeric(14,2)::text FROM land_quota q WHERE q.county_id = c.id AND q.year = ${year}) AS quota
      FROM county c
     WHERE ${countyId === null ? Prisma.sql`TRUE` : Prisma.sql`c.id = ${countyId}`}
     ORDER BY c.sort_order, c.id`;
  return rows.map((r) => ({
    countyId: r.county_id,
    county: r.county,
    records: r.records,
    area: r.area,
    instalmentRecords: r.instalment_records,
    instalmentAmount: Number(r.instalment_amount),
    paid: Number(r.paid),
    overdue: r.overdue,
    overdueAmount: Number(r.overdue_amount),
    flexible: r.flexible,
    flexibleArea: r.flexible_area,
    flexibleYears: r.flexible_years,
    leaseThenTransfer: r.lease_then_transfer,
    lease: r.lease,
    quota: r.quota,
  }));
}
