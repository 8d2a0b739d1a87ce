// 客商 (issue 22 §1, docs/decisions/175): the investor list with its search (name, contact, phone), the investor's
// page (contacts — masked for roles that do not call them —, leads, projects, the activity timeline of its leads),
// and the commands: register, edit (version-checked), contacts. Reads go through the viewer's scope (investorScope
// via db.as; the leads and projects shown are ANDed with their own scopes); every write is audited in its
// transaction.
import { normalizeCreditCode } from "~/domain/creditCode";
import { toIsoDate } from "~/domain/dates";
import type { InvestorContactValues, InvestorEditValues, InvestorFormValues } from "~/domain/investorForm";
import { contactFor, phoneDigits, phoneSearchDigits } from "~/domain/investorContacts";
import type { InvestorListQuery } from "~/domain/investorListQuery.server";
import { SOURCE_REGION_LABELS } from "~/domain/labels";
import {
  canEditInvestor,
  canManagePipeline,
  canMergeInvestors,
  seesInvestorContacts,
  type Viewer,
} from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import type { Prisma } from "~/generated/prisma/client";
import { audit, diffFields } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { db } from "./db.server";
import { countyOptions } from "./options.server";
import { enterpriseScope, investorScope, leadScope, projectScope } from "./scope.server";

const CONTACT_SELECT = { id: true, name: true, title: true, phone: true, wechat: true, email: true } as const;

/** The list's `where` (the scope is added by db.as): name, a contact's name, or — for those who see phones — a phone. */
export function investorListWhere(viewer: Viewer, q: InvestorListQuery): Prisma.InvestorWhereInput {
  const and: Prisma.InvestorWhereInput[] = [];
  const text = q.q?.trim();
  if (text) {
    const or: Prisma.InvestorWhereInput[] = [
      { name: { contains: text, mode: "insensitive" } },
      { contacts: { some: { name: { contains: text, mode: "insensitive" } } } },
    ];
    const digits = phoneSearchDigits(text);
    // a masked phone must not be findable by its hidden digits
    if (digits && seesInvestorContacts(viewer)) or.push({ contacts: { some: { phoneDigits: { contains: digits } } } });
    and.push({ OR: or });
  }
  if (q.source) and.push({ sourceRegion: q.source as Prisma.InvestorWhereInput["sourceRegion"] });
  if (q.industry) and.push({ industryId: q.industry });
  return and.length ? { AND: and } : {};
}

export async function listInvestors(viewer: Viewer, q: InvestorListQuery) {
  const where = investorListWhere(viewer, q);
  const scoped = db.as(viewer);
  const orderBy: Prisma.InvestorOrderByWithRelationInput[] =
    q.sort === "updatedAt" ? [{ updatedAt: q.dir }, { id: q.dir }] : [{ name: q.dir }, { id: q.dir }];
  const [rows, total] = await Promise.all([
    scoped.investor.findMany({
      where,
      orderBy,
      skip: (q.page - 1) * q.size,
      take: q.size,
      select: {
        id: true,
        name: true,
        sourceRegion: true,
        updatedAt: true,
        industry: { select: { name: true } },
        enterprise: { select: { id: true, name: true } },
        contacts: { select: { name: true }, orderBy: { id: "asc" }, take: 3 },
        _count: { select: { contacts: true, leads: { where: leadScope(viewer) } } },
      },
    }),
    scoped.investor.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      sourceRegion: SOURCE_REGION_LABELS[r.sourceRegion],
      industry: r.industry?.name ?? null,
      enterprise: r.enterprise,
      contacts: r.contacts.map((c) => c.name).join("、") + (r._count.contacts > 3 ? " 等" : ""),
      leadCount: r._count.leads,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
export type InvestorRow = Awaited<ReturnType<typeof listInvestors>>["rows"][number];

/** The investor's page, or null outside the viewer's scope (404). */
export async function getInvestor(viewer: Viewer, id: number) {
  const inv = await db.as(viewer).investor.findFirst({
    where: { id },
    select: {
      id: true,
      name: true,
      sourceRegion: true,
      countyId: true,
      note: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      industry: { select: { id: true, name: true } },
      county: { select: { name: true } },
      enterprise: { select: { id: true, name: true, creditCode: true } },
      contacts: { select: CONTACT_SELECT, orderBy: { id: "asc" } },
      leads: {
        where: leadScope(viewer),
        orderBy: [{ firstContactOn: "desc" }, { id: "desc" }],
        select: {
          id: true,
          name: true,
          stage: true,
          expectedAmount: true,
          nextFollowUpOn: true,
          county: { select: { name: true } },
          owner: { select: { displayName: true } },
          convertedProjectId: true,
        },
      },
    },
  });
  if (!inv) return null;
  // its projects: those of its registered enterprise and those its leads turned into, each within the viewer's scope
  const projectIds = inv.leads.map((l) => l.convertedProjectId).filter((x): x is number => x !== null);
  const or: Prisma.ProjectWhereInput[] = [{ id: { in: projectIds } }];
  if (inv.enterprise) or.push({ enterpriseId: inv.enterprise.id });
  const projects = await prisma.project.findMany({
    where: { AND: [projectScope(viewer), { OR: or }] },
    orderBy: [{ planYear: "desc" }, { id: "asc" }],
    take: 100,
    select: {
      id: true,
      code: true,
      name: true,
      stage: true,
      contractAmount: true,
      totalInvestment: true,
      county: { select: { name: true } },
    },
  });
  const full = seesInvestorContacts(viewer);
  return {
    ...inv,
    sourceRegionLabel: SOURCE_REGION_LABELS[inv.sourceRegion],
    createdAt: inv.createdAt.toISOString(),
    updatedAt: inv.updatedAt.toISOString(),
    contacts: inv.contacts.map((c) => contactFor(c, full)),
    contactsMasked: !full,
    leads: inv.leads.map((l) => ({ ...l, nextFollowUpOn: l.nextFollowUpOn ? toIsoDate(l.nextFollowUpOn) : null })),
    projects,
    canEdit: canEditInvestor(viewer, inv),
    canMerge: canMergeInvestors(viewer),
    canCreateLead: canManagePipeline(viewer) || viewer.role === "COUNTY",
  };
}
export type InvestorDetail = NonNullable<Awaited<ReturnType<typeof getInvestor>>>;

/** The contacts of an investor as 对方人员 suggestions on the touch form ("姓名（职务）"), within the viewer's scope. */
export async function investorContactNames(viewer: Viewer, investorId: number): Promise<string[]> {
  const inv = await db.as(viewer).investor.findFirst({
    where: { id: investorId },
    select: { contacts: { select: { name: true, title: true }, orderBy: { id: "asc" } } },
  });
  return (inv?.contacts ?? []).map((c) => (c.title ? `${c.name}（${c.title}）` : c.name));
}

/** The 客商 records of a registered enterprise (its profile links to them), within the viewer's scope. */
export function investorsOfEnterprise(viewer: Viewer, enterpriseId: number) {
  return db.as(viewer).investor.findMany({
    where: { enterpriseId },
    select: { id: true, name: true },
    orderBy: { id: "asc" },
  });
}

/**
 * A signing names the enterprise its lead's 客商 became (decision 196): the investor is linked to it when it has no
 * enterprise yet — never re-pointed —, version bumped and audited, in the signing's transaction.
 */
export async function linkInvestorEnterprise(tx: Tx, viewer: Viewer, investorId: number, enterpriseId: number) {
  const linked = await tx.investor.updateMany({
    where: { id: investorId, enterpriseId: null },
    data: { enterpriseId, version: { increment: 1 }, updatedAt: clockNow() },
  });
  if (!linked.count) return;
  const ent = await tx.enterprise.findUnique({ where: { id: enterpriseId }, select: { name: true } });
  await audit(tx, {
    actorId: viewer.id,
    action: "UPDATE",
    entity: "Investor",
    entityId: investorId,
    before: { enterpriseId: null },
    after: { enterpriseId: ent?.name ?? enterpriseId },
  });
}

/** The investors a lead form may pick (those in the viewer's scope), by name. */
export async function investorOptions(viewer: Viewer) {
  return db.as(viewer).investor.findMany({
    select: { id: true, name: true, sourceRegion: true, industryId: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 2000,
  });
}

/** A lead's investor as a form may set it: one the viewer sees, or a field error. */
export async function checkLeadInvestor(tx: Tx, viewer: Viewer, investorId: number | null): Promise<number | null> {
  if (investorId === null) return null;
  const found = await tx.investor.findFirst({
    where: { AND: [{ id: investorId }, investorScope(viewer)] },
    select: { id: true },
  });
  if (!found) throw Refusal.fields({ investorId: "该客商不存在或您无权选用，请重新选择" }, "请修改标出的字段");
  return found.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

/** The county a new or edited investor is kept by: a county's own; the bureau's choice (or the city's, null). */
async function checkInput(tx: Tx, viewer: Viewer, v: InvestorFormValues) {
  const errors: Record<string, string> = {};
  let countyId = v.countyId;
  if (viewer.role === "COUNTY") {
    if (countyId !== null && countyId !== viewer.countyId) errors.countyId = "只能登记本县区的客商";
    countyId = viewer.countyId;
  } else if (countyId !== null && !(await tx.county.findUnique({ where: { id: countyId }, select: { id: true } }))) {
    errors.countyId = "请选择有效的县区";
  }
  if (v.industryId !== null && !(await tx.industry.findUnique({ where: { id: v.industryId }, select: { id: true } })))
    errors.industryId = "请选择有效的产业";
  let enterpriseId: number | null = null;
  if (v.enterpriseCode) {
    const e = await tx.enterprise.findFirst({
      where: { AND: [{ creditCode: normalizeCreditCode(v.enterpriseCode) }, enterpriseScope(viewer)] },
      select: { id: true },
    });
    if (e) enterpriseId = e.id;
    else errors.enterpriseCode = "企业库中没有该统一社会信用代码的企业（或您无权查看），请核对或留空";
  }
  if (Object.keys(errors).length) throw Refusal.fields(errors, "请修改标出的字段");
  return {
    name: v.name,
    sourceRegion: v.sourceRegion,
    industryId: v.industryId,
    enterpriseId,
    countyId,
    note: v.note,
  };
}

/** What the audit log says for an investor's fields (names instead of ids). */
async function describe(
  tx: Tx,
  d: { industryId?: number | null; enterpriseId?: number | null; countyId?: number | null },
) {
  const out: Record<string, unknown> = {};
  if (d.industryId !== undefined)
    out.industryId = d.industryId
      ? ((await tx.industry.findUnique({ where: { id: d.industryId }, select: { name: true } }))?.name ?? d.industryId)
      : null;
  if (d.enterpriseId !== undefined)
    out.enterpriseId = d.enterpriseId
      ? ((await tx.enterprise.findUnique({ where: { id: d.enterpriseId }, select: { name: true } }))?.name ??
        d.enterpriseId)
      : null;
  if (d.countyId !== undefined)
    out.countyId = d.countyId
      ? ((await tx.county.findUnique({ where: { id: d.countyId }, select: { name: true } }))?.name ?? d.countyId)
      : "市级";
  return out;
}

export async function createInvestor(viewer: Viewer, v: InvestorFormValues, claim?: CreateClaim): Promise<number> {
  if (!canEditInvestor(viewer)) throw Refusal.forbidden("只有投资促进局和县区可以登记客商");
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const data = await checkInput(tx, viewer, v);
      const inv = await tx.investor.create({
        data: { ...data, createdById: viewer.id, createdAt: clockNow(), updatedAt: clockNow() },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "Investor",
        entityId: inv.id,
        after: { ...data, ...(await describe(tx, data)) },
      });
      return inv.id;
    }),
  );
}

/** The edit form's values, or null outside the viewer's scope. */
export async function investorFormValues(viewer: Viewer, id: number) {
  return db.as(viewer).investor.findFirst({
    where: { id },
    select: {
      id: true,
      name: true,
      sourceRegion: true,
      industryId: true,
      countyId: true,
      note: true,
      version: true,
      enterprise: { select: { creditCode: true } },
    },
  });
}

export async function updateInvestor(viewer: Viewer, id: number, v: InvestorEditValues) {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM investor WHERE id = ${id} FOR UPDATE`;
    const before = await tx.investor.findFirst({
      where: { AND: [{ id }, investorScope(viewer)] },
      select: {
        name: true,
        sourceRegion: true,
        industryId: true,
        enterpriseId: true,
        countyId: true,
        note: true,
        version: true,
      },
    });
    if (!before) throw Refusal.notFound();
    if (!canEditInvestor(viewer, before)) throw Refusal.forbidden("您没有修改该客商的权限");
    const data = await checkInput(tx, viewer, v);
    // a county keeps its own investors; the bureau's record of another county stays where it is
    const d = diffFields(before, data);
    if (d.changed.length === 0) {
      if (before.version !== v.version) throw Refusal.conflict({ current: { ...before } });
      return { changed: [] as string[] };
    }
    await updateVersioned(tx.investor, "Investor", id, v.version, { ...data, updatedAt: clockNow() });
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "Investor",
      entityId: id,
      before: { name: before.name, ...d.before, ...(await describe(tx, d.before)) },
      after: { name: data.name, ...d.after, ...(await describe(tx, d.after)) },
    });
    return { changed: d.changed };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts

/** The investor (locked) when it is in the viewer's scope and theirs to keep; 404 / 403 otherwise. */
async function lockEditable(tx: Tx, viewer: Viewer, investorId: number) {
  await tx.$queryRaw`SELECT id FROM investor WHERE id = ${investorId} FOR UPDATE`;
  const inv = await tx.investor.findFirst({
    where: { AND: [{ id: investorId }, investorScope(viewer)] },
    select: { id: true, name: true, countyId: true },
  });
  if (!inv) throw Refusal.notFound();
  if (!canEditInvestor(viewer, inv)) throw Refusal.forbidden("您没有修改该客商联系人的权限");
  return inv;
}

/** The investor and its contacts for the contacts page (in full: only those who keep it open it). */
export async function investorContactsPage(viewer: Viewer, investorId: number) {
  return db.as(viewer).investor.findFirst({
    where: { id: investorId },
    select: { id: true, name: true, countyId: true, contacts: { select: CONTACT_SELECT, orderBy: { id: "asc" } } },
  });
}

const contactAudit = (v: InvestorContactValues) => ({
  姓名: v.name,
  职务: v.title,
  电话: v.phone,
  微信号: v.wechat,
  电子邮箱: v.email,
});

export async function addInvestorContact(
  viewer: Viewer,
  investorId: number,
  v: InvestorContactValues,
  claim?: CreateClaim,
): Promise<number> {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const inv = await lockEditable(tx, viewer, investorId);
      const c = await tx.investorContact.create({
        data: { investorId, ...v, phoneDigits: phoneDigits(v.phone) },
        select: { id: true },
      });
      await tx.investor.update({ where: { id: investorId }, data: { updatedAt: clockNow() } });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "InvestorContact",
        entityId: c.id,
        after: { 客商: inv.name, ...contactAudit(v) },
      });
      return c.id;
    }),
  );
}

export async function updateInvestorContact(
  viewer: Viewer,
  investorId: number,
  contactId: number,
  v: InvestorContactValues,
) {
  return prisma.$transaction(async (tx) => {
    const inv = await lockEditable(tx, viewer, investorId);
    const before = await tx.investorContact.findFirst({ where: { id: contactId, investorId }, select: CONTACT_SELECT });
    if (!before) throw Refusal.form("该联系人已被他人删除，请刷新页面", 409);
    const d = diffFields(before, v);
    if (d.changed.length === 0) return { changed: [] as string[] };
    await tx.investorContact.update({ where: { id: contactId }, data: { ...v, phoneDigits: phoneDigits(v.phone) } });
    await tx.investor.update({ where: { id: investorId }, data: { updatedAt: clockNow() } });
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "InvestorContact",
      entityId: contactId,
      before: { 客商: inv.name, 姓名: before.name, ...d.before },
      after: { 客商: inv.name, 姓名: v.name, ...d.after },
    });
    return { changed: d.changed };
  });
}

export async function removeInvestorContact(viewer: Viewer, investorId: number, contactId: number) {
  return prisma.$transaction(async (tx) => {
    const inv = await lockEditable(tx, viewer, investorId);
    const before = await tx.investorContact.findFirst({ where: { id: contactId, investorId }, select: CONTACT_SELECT });
    // already gone (a second click, or someone else removed it): nothing to do
    if (!before) return false;
    await tx.investorContact.delete({ where: { id: contactId } });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "InvestorContact",
      entityId: contactId,
      before: { 客商: inv.name, ...contactAudit(before) },
    });
    return true;
  });
}

/** Counties and industries for the investor form, limited to what the viewer may choose. */
export async function investorFormOptions(viewer: Viewer) {
  const [counties, industries] = await Promise.all([
    countyOptions(prisma, viewer.role === "COUNTY" ? viewer.countyId : undefined),
    prisma.industry.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  return { counties, industries, cityAllowed: viewer.role !== "COUNTY" };
}
