// 招商线索: queries (scope in `where`) and commands (permission first, one transaction, audited, version-checked).
import { once, type CreateClaim } from "~/utils/createToken.server";
import { auditActionLabel } from "~/domain/auditLabels";
import { auditPeopleIds, describeAuditChange, formatAuditTime } from "~/domain/auditText";
import type { Prisma } from "~/generated/prisma/client";
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import { dormantCutoff, dormantDays, lastTouch, OPEN_LEAD_STAGES, overdueDays, touchedOn } from "~/domain/followUp";
import type { ConvertLeadValues, LeadFormValues, LeadStageKey } from "~/domain/leadForms";
import { LEAD_STAGES } from "~/domain/leadForms";
import type { LeadListQuery } from "~/domain/leadListQuery.server";
import { phoneSearchDigits } from "~/domain/investorContacts";
import { canCreateProject, canManageLead, seesInvestorContacts, type Viewer } from "~/domain/permissions";
import { MILESTONE_STAGES } from "~/domain/stage";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { prisma, type Tx } from "~/utils/db.server";
import { lostCreditCodeRace, resolveEnterprise } from "./enterpriseChoice.server";
import { leadScope } from "./scope.server";
import { Refusal } from "~/domain/refusal";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { checkLeadInvestor, investorOptions, linkInvestorEnterprise } from "./investor.server";
import { displayNames } from "./people.server";
import { countyOptions } from "./options.server";
import { eventOptions } from "./promotionEvent.server";

/** When a lead's stage history begins: its first contact day at 09:00 Beijing, or now when that is later. */
function firstContactAt(firstContactOn: Date): Date {
  const at = new Date(firstContactOn.getTime() + 1_000 * 3_600); // 01:00 UTC = 09:00 Beijing
  const now = clockNow();
  return at < now ? at : now;
}

/** The pipeline's stages in order; a lead reached a stage when its history entered it or a later one. */
export const FUNNEL_STAGES = ["CONTACT", "INSPECTION", "NEGOTIATION", "SIGNED"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Leads that reached `stage` (every lead reached 接触: it is where a lead begins). */
export function reachedWhere(stage: FunnelStage): Prisma.LeadWhereInput {
  if (stage === "CONTACT") return {};
  const later = FUNNEL_STAGES.slice(FUNNEL_STAGES.indexOf(stage));
  return { stageChanges: { some: { toStage: { in: [...later] } } } };
}

/** Open leads whose 下次跟进 date is before today. */
export function overdueWhere(today: IsoDate): Prisma.LeadWhereInput {
  return { stage: { in: [...OPEN_LEAD_STAGES] }, nextFollowUpOn: { lt: fromIsoDate(today) } };
}

/** Open leads not touched for 30 days (the later of first contact and last touch on or before the cutoff). */
export function dormantWhere(today: IsoDate): Prisma.LeadWhereInput {
  const cutoff = fromIsoDate(dormantCutoff(today));
  return {
    stage: { in: [...OPEN_LEAD_STAGES] },
    firstContactOn: { lte: cutoff },
    OR: [{ lastTouchOn: null }, { lastTouchOn: { lte: cutoff } }],
  };
}

function listWhere(viewer: Viewer, q: LeadListQuery, withStage: boolean, today: IsoDate): Prisma.LeadWhereInput {
  const and: Prisma.LeadWhereInput[] = [leadScope(viewer)];
  if (q.follow === "overdue") and.push(overdueWhere(today));
  if (q.follow === "dormant") and.push(dormantWhere(today));
  if (q.owner) and.push({ ownerId: q.owner });
  if (q.q) {
    // the lead, its company, or its 客商: the investor's name, a contact's name or — for those who see phones — a
    // contact's phone digits (decision 175's search; a masked phone is not findable by its hidden digits)
    const contact: Prisma.InvestorContactWhereInput[] = [{ name: { contains: q.q, mode: "insensitive" } }];
    const digits = phoneSearchDigits(q.q);
    if (digits && seesInvestorContacts(viewer)) contact.push({ phoneDigits: { contains: digits } });
    and.push({
      OR: [
        { name: { contains: q.q, mode: "insensitive" } },
        { enterpriseName: { contains: q.q, mode: "insensitive" } },
        {
          investor: {
            is: {
              OR: [{ name: { contains: q.q, mode: "insensitive" } }, { contacts: { some: { OR: contact } } }],
            },
          },
        },
      ],
    });
  }
  if (q.county) and.push({ countyId: q.county });
  if (q.industry) and.push({ industryId: q.industry });
  if (q.source) and.push({ sourceRegion: q.source as Prisma.LeadWhereInput["sourceRegion"] });
  if (q.method) and.push({ method: q.method as Prisma.LeadWhereInput["method"] });
  if (withStage && q.stage) and.push({ stage: q.stage });
  if (q.reached) and.push(reachedWhere(q.reached));
  if (q.left) and.push({ stageChanges: { some: { fromStage: q.left } } });
  if (q.reason) and.push({ stage: "ABANDONED", abandonReason: q.reason });
  if (q.event) and.push({ eventId: q.event });
  return { AND: and };
}

const cardSelect = {
  id: true,
  name: true,
  enterpriseName: true,
  sourceRegion: true,
  method: true,
  stage: true,
  expectedAmount: true,
  nextFollowUpOn: true,
  firstContactOn: true,
  lastTouchOn: true,
  abandonReason: true,
  convertedProjectId: true,
  countyId: true,
  version: true,
  updatedAt: true,
  county: { select: { name: true } },
  industry: { select: { name: true } },
  owner: { select: { displayName: true } },
} satisfies Prisma.LeadSelect;

type CardRow = Prisma.LeadGetPayload<{ select: typeof cardSelect }>;

function toCard(viewer: Viewer, r: CardRow, today: IsoDate) {
  const next = r.nextFollowUpOn ? toIsoDate(r.nextFollowUpOn) : null;
  const touch = {
    firstContactOn: toIsoDate(r.firstContactOn),
    lastTouchOn: r.lastTouchOn ? toIsoDate(r.lastTouchOn) : null,
  };
  return {
    id: r.id,
    name: r.name,
    enterpriseName: r.enterpriseName,
    sourceRegion: r.sourceRegion,
    method: r.method,
    stage: r.stage,
    expectedAmount: r.expectedAmount,
    nextFollowUpOn: next,
    lastTouchOn: lastTouch(touch.firstContactOn, touch.lastTouchOn),
    /** Days without a touch when the lead sleeps (沉睡), else null. */
    dormantDays: dormantDays({ stage: r.stage, ...touch }, today),
    overdueDays: overdueDays({ stage: r.stage, nextFollowUpOn: next }, today),
    abandonReason: r.abandonReason,
    convertedProjectId: r.convertedProjectId,
    county: r.county.name,
    industry: r.industry.name,
    owner: r.owner?.displayName ?? null,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    canManage: canManageLead(viewer, r) && r.stage !== "SIGNED",
  };
}
export type LeadCard = ReturnType<typeof toCard>;

/** Cards shown per kanban column; the table view lists everything. */
export const BOARD_COLUMN_LIMIT = 40;

/** Kanban: per stage the count, the Σ expected amount (万元) and the first cards. */
export async function leadBoard(viewer: Viewer, q: LeadListQuery, today: IsoDate) {
  const where = listWhere(viewer, q, false, today);
  const totals = await prisma.lead.groupBy({
    by: ["stage"],
    where,
    _count: { _all: true },
    _sum: { expectedAmount: true },
  });
  const columns = await Promise.all(
    LEAD_STAGES.map(async (stage) => {
      const rows = await prisma.lead.findMany({
        where: { AND: [where, { stage }] },
        select: cardSelect,
        // open leads: the next follow-up first; closed ones: the latest change first
        orderBy:
          stage === "SIGNED" || stage === "ABANDONED"
            ? [{ stageChangedAt: "desc" }, { id: "desc" }]
            : [{ nextFollowUpOn: { sort: "asc", nulls: "last" } }, { id: "asc" }],
        take: BOARD_COLUMN_LIMIT,
      });
      const t = totals.find((x) => x.stage === stage);
      return {
        stage,
        count: t?._count._all ?? 0,
        amount: t?._sum.expectedAmount ?? 0,
        cards: rows.map((r) => toCard(viewer, r, today)),
      };
    }),
  );
  return columns;
}

export async function listLeads(viewer: Viewer, q: LeadListQuery, today: IsoDate) {
  const where = listWhere(viewer, q, true, today);
  const dir = q.dir;
  const primary: Prisma.LeadOrderByWithRelationInput = (() => {
    switch (q.sort) {
      case "name":
        return { name: dir };
      case "county":
        return { county: { sortOrder: dir } };
      case "expectedAmount":
        return { expectedAmount: dir };
      case "stage":
        return { stage: dir };
      case "nextFollowUpOn":
        return { nextFollowUpOn: { sort: dir, nulls: "last" } };
      case "updatedAt":
        return { updatedAt: dir };
    }
  })();
  const [total, sum, rows] = await Promise.all([
    prisma.lead.count({ where }),
    prisma.lead.aggregate({ where, _sum: { expectedAmount: true } }),
    prisma.lead.findMany({
      where,
      select: cardSelect,
      orderBy: [primary, { id: dir }],
      skip: (q.page - 1) * q.size,
      take: q.size,
    }),
  ]);
  return { total, amount: sum._sum.expectedAmount ?? 0, rows: rows.map((r) => toCard(viewer, r, today)) };
}

export async function getLead(viewer: Viewer, id: number) {
  const l = await prisma.lead.findFirst({
    where: { AND: [{ id }, leadScope(viewer)] },
    include: {
      county: { select: { id: true, name: true } },
      industry: { select: { id: true, name: true } },
      owner: { select: { id: true, displayName: true } },
      enterprise: { select: { id: true, name: true, creditCode: true } },
      investor: { select: { id: true, name: true } },
      convertedProject: { select: { id: true, code: true, name: true } },
      event: { select: { id: true, name: true } },
    },
  });
  if (!l) return null;
  const history = await prisma.auditEvent.findMany({
    where: { entity: "Lead", entityId: String(l.id) },
    orderBy: { at: "desc" },
    take: 30,
    select: { id: true, at: true, action: true, actorId: true, before: true, after: true },
  });
  // one lookup for everyone the history names (who did it, owners in the changes)
  const names = await displayNames(auditPeopleIds(history));
  const d = (x: Date | null) => (x ? toIsoDate(x) : null);
  return {
    id: l.id,
    name: l.name,
    enterpriseName: l.enterpriseName,
    enterprise: l.enterprise,
    investor: l.investor,
    sourceRegion: l.sourceRegion,
    method: l.method,
    industry: l.industry,
    county: l.county,
    countyId: l.countyId,
    expectedAmount: l.expectedAmount,
    stage: l.stage,
    abandonReason: l.abandonReason,
    owner: l.owner,
    nextFollowUpOn: d(l.nextFollowUpOn),
    firstContactOn: d(l.firstContactOn),
    stageChangedAt: l.stageChangedAt.toISOString(),
    convertedProject: l.convertedProject,
    event: l.event,
    note: l.note,
    version: l.version,
    history: history.map((h) => ({
      id: h.id,
      at: formatAuditTime(h.at),
      action: auditActionLabel(h.action),
      actor: h.actorId === null ? "系统" : (names.get(h.actorId) ?? `用户 #${h.actorId}`),
      change: describeAuditChange({ entity: "Lead", before: h.before, after: h.after }, names),
    })),
  };
}
export type LeadDetail = NonNullable<Awaited<ReturnType<typeof getLead>>>;

/** Counties, industries and possible owners for the lead forms, limited to what the viewer may choose. */
export async function leadFormOptions(viewer: Viewer) {
  const [counties, industries, owners, investors, events] = await Promise.all([
    countyOptions(prisma, viewer.role === "COUNTY" ? viewer.countyId : undefined),
    prisma.industry.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.user.findMany({
      where: { AND: [{ isActive: true }, ownerWhere(viewer.role === "COUNTY" ? viewer.countyId : null)] },
      select: { id: true, displayName: true, role: true, county: { select: { name: true } } },
      orderBy: [{ role: "asc" }, { id: "asc" }],
    }),
    investorOptions(viewer),
    eventOptions(),
  ]);
  return {
    counties,
    industries,
    investors: investors.map((i) => ({
      id: i.id,
      name: i.name,
      sourceRegion: i.sourceRegion,
      industryId: i.industryId,
    })),
    events,
    owners: owners.map((o) => ({
      id: o.id,
      name: o.county ? `${o.displayName}（${o.county.name}）` : `${o.displayName}（投资促进局）`,
    })),
  };
}

/** Who may own a lead: the bureau's people, and county officials (of the lead's county when known). */
function ownerWhere(countyId: number | null): Prisma.UserWhereInput {
  return { OR: [{ role: "BUREAU" }, countyId ? { role: "COUNTY", countyId } : { role: "COUNTY" }] };
}

async function checkLeadInput(tx: Tx, viewer: Viewer, v: LeadFormValues) {
  const errors: Record<string, string> = {};
  if (!canManageLead(viewer, { countyId: v.countyId })) errors.countyId = "只能登记本县区的线索";
  // inside the transaction: one statement at a time on its connection
  const county = await tx.county.findUnique({ where: { id: v.countyId }, select: { id: true } });
  const industry = await tx.industry.findUnique({ where: { id: v.industryId }, select: { id: true } });
  const owner = v.ownerId
    ? await tx.user.findFirst({
        where: { AND: [{ id: v.ownerId, isActive: true }, ownerWhere(v.countyId)] },
        select: { id: true },
      })
    : null;
  if (!county) errors.countyId = "请选择落户县区";
  if (!industry) errors.industryId = "请选择产业";
  if (v.ownerId && !owner) errors.ownerId = "负责人须为投资促进局或该县区的工作人员";
  if (v.eventId && !(await tx.promotionEvent.findUnique({ where: { id: v.eventId }, select: { id: true } })))
    errors.eventId = "请选择推介活动";
  if (Object.keys(errors).length) throw Refusal.fields(errors, "请修改标出的字段");
  await checkLeadInvestor(tx, viewer, v.investorId ?? null);
}

function leadData(v: LeadFormValues) {
  return {
    name: v.name,
    enterpriseName: v.enterpriseName,
    ...(v.investorId !== undefined ? { investorId: v.investorId } : {}),
    sourceRegion: v.sourceRegion,
    method: v.method,
    industryId: v.industryId,
    countyId: v.countyId,
    expectedAmount: v.expectedAmount,
    ownerId: v.ownerId,
    nextFollowUpOn: v.nextFollowUpOn ? fromIsoDate(v.nextFollowUpOn) : null,
    note: v.note,
    eventId: v.eventId,
  };
}

export async function createLead(viewer: Viewer, v: LeadFormValues, claim?: CreateClaim): Promise<number> {
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      await checkLeadInput(tx, viewer, v);
      const lead = await tx.lead.create({
        data: {
          ...leadData(v),
          ownerId: v.ownerId ?? viewer.id,
          // today on the application clock, not the database's CURRENT_DATE
          firstContactOn: fromIsoDate(v.firstContactOn ?? clockToday()),
        },
      });
      // the stage history starts at the first contact (never later than now)
      await tx.leadStageChange.create({
        data: { leadId: lead.id, fromStage: null, toStage: "CONTACT", changedAt: firstContactAt(lead.firstContactOn) },
      });
      await audit(tx, { actorId: viewer.id, action: "CREATE", entity: "Lead", entityId: lead.id, after: lead });
      return lead.id;
    }),
  );
}

type LeadRef = { id: number; countyId: number; stage: LeadStageKey };

function assertManageable(viewer: Viewer, lead: LeadRef) {
  if (!canManageLead(viewer, lead)) throw Refusal.form("您没有管理该线索的权限");
  if (lead.stage === "SIGNED") throw Refusal.form("该线索已签约并转为项目，不能再修改");
}

export async function updateLead(viewer: Viewer, lead: LeadRef, version: number, v: LeadFormValues) {
  assertManageable(viewer, lead);
  await prisma.$transaction(async (tx) => {
    await checkLeadInput(tx, viewer, v);
    const before = await tx.lead.findUniqueOrThrow({ where: { id: lead.id } });
    const data = { ...leadData(v), ...(v.firstContactOn ? { firstContactOn: fromIsoDate(v.firstContactOn) } : {}) };
    await updateVersioned(tx.lead, "Lead", lead.id, version, data);
    if (v.firstContactOn && v.firstContactOn !== toIsoDate(before.firstContactOn)) {
      // the history's first row follows the first contact, never past the first move
      const firstMove = await tx.leadStageChange.findFirst({
        where: { leadId: lead.id, fromStage: { not: null } },
        orderBy: { changedAt: "asc" },
        select: { changedAt: true },
      });
      const at = firstContactAt(fromIsoDate(v.firstContactOn));
      await tx.leadStageChange.updateMany({
        where: { leadId: lead.id, fromStage: null },
        data: { changedAt: firstMove && firstMove.changedAt < at ? firstMove.changedAt : at },
      });
    }
    // the 客商 by name in the audit log (an id means nothing to the reader)
    const investorName = async (id: number | null | undefined) =>
      id ? ((await tx.investor.findUnique({ where: { id }, select: { name: true } }))?.name ?? `#${id}`) : null;
    const investorChange =
      data.investorId !== undefined && data.investorId !== before.investorId
        ? {
            before: { investorId: await investorName(before.investorId) },
            after: { investorId: await investorName(data.investorId) },
          }
        : null;
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "Lead",
      entityId: lead.id,
      before: { ...before, ...investorChange?.before },
      after: { ...data, ...investorChange?.after },
    });
  });
}

/** Between the open stages, to 放弃 (with a reason), or back from 放弃 (reopened). Signing is convertLead. */
export async function moveLead(
  viewer: Viewer,
  lead: LeadRef,
  version: number,
  stage: Exclude<LeadStageKey, "SIGNED">,
  reason: string | null,
) {
  assertManageable(viewer, lead);
  if (stage === lead.stage) return;
  await prisma.$transaction(async (tx) => {
    const before = await tx.lead.findUniqueOrThrow({
      where: { id: lead.id },
      select: { stage: true, abandonReason: true, lastTouchOn: true },
    });
    // a stage move is a touch: the lead is awake again
    const last = touchedOn(before.lastTouchOn ? toIsoDate(before.lastTouchOn) : null, clockToday());
    const data = {
      stage,
      abandonReason: stage === "ABANDONED" ? reason : null,
      stageChangedAt: clockNow(),
      lastTouchOn: fromIsoDate(last),
    };
    await updateVersioned(tx.lead, "Lead", lead.id, version, data);
    await tx.leadStageChange.create({
      data: { leadId: lead.id, fromStage: before.stage, toStage: stage, changedAt: data.stageChangedAt },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: stage === "ABANDONED" ? "ABANDON" : "MOVE",
      entity: "Lead",
      entityId: lead.id,
      before: { stage: before.stage, abandonReason: before.abandonReason },
      after: { stage, abandonReason: data.abandonReason },
    });
  });
}

/** Next free code "QY<year>-NNN" (the seed numbers signed deals chronologically the same way). */
async function nextProjectCode(tx: Tx, year: number): Promise<string> {
  const prefix = `QY${year}-`;
  const rows = await tx.$queryRaw<{ n: number | null }[]>`
    SELECT max(substring(code FROM ${`^${prefix}(\\d+)$`})::int) AS n FROM project WHERE code LIKE ${`${prefix}%`}`;
  return `${prefix}${String((rows[0]?.n ?? 0) + 1).padStart(3, "0")}`;
}

/**
 * 签约: the lead becomes a project (origin ATTRACTION) with its SIGNED milestone dated, the contracted amount,
 * and lead.convertedProjectId — in one transaction; the stage trigger derives project.stage from the milestone.
 */
export async function convertLead(viewer: Viewer, lead: LeadRef, v: ConvertLeadValues): Promise<number> {
  assertManageable(viewer, lead);
  if (!canCreateProject(viewer, lead.countyId)) throw Refusal.form("您没有在该县区创建项目的权限");
  // A signing is a fact: it cannot be dated after today on the application clock (as on the project form).
  const today = clockToday();
  if (v.signedOn > today) throw Refusal.fields({ signedOn: `签约日期不能晚于今天（${today}）` }, "请修改标出的字段");
  // Two conversions at once can pick the same next code; the unique key refuses one, which then retries.
  for (let attempt = 1; ; attempt++) {
    try {
      return await convertOnce(viewer, lead, v);
    } catch (e) {
      const code = (e as { code?: string; meta?: { target?: unknown } }).code;
      // A new enterprise's credit code registered by someone else meanwhile: a field error, not a retry.
      const lost = v.enterpriseMode ? await lostCreditCodeRace(e, { ...v, enterpriseMode: v.enterpriseMode }) : null;
      if (lost) throw lost;
      if (code !== "P2002" || attempt >= 3) throw e;
    }
  }
}

function convertOnce(viewer: Viewer, lead: LeadRef, v: ConvertLeadValues): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const l = await tx.lead.findUniqueOrThrow({ where: { id: lead.id } });
    // The investor: the lead's enterprise, or the one the signing picks or registers (never a project without one).
    let enterpriseId = l.enterpriseId;
    if (!enterpriseId) {
      if (!v.enterpriseMode)
        throw Refusal.fields({ enterpriseMode: "请选择已登记的投资企业或新建企业" }, "请修改标出的字段");
      enterpriseId = await resolveEnterprise(tx, viewer, { ...v, enterpriseMode: v.enterpriseMode }, l.countyId);
    }
    const signedOn = fromIsoDate(v.signedOn);
    const year = Number(v.signedOn.slice(0, 4));
    const project = await tx.project.create({
      data: {
        code: await nextProjectCode(tx, year),
        name: v.projectName,
        countyId: l.countyId,
        industryId: l.industryId,
        enterpriseId,
        origin: "ATTRACTION",
        sourceRegion: l.sourceRegion,
        attractionMethod: l.method,
        totalInvestment: v.totalInvestment,
        contractAmount: v.contractAmount,
        planYear: year,
        pool: "ACTIVE",
        createdById: viewer.id,
        milestones: {
          create: MILESTONE_STAGES.map((stage) =>
            stage === "SIGNED"
              ? {
                  stage,
                  plannedOn: signedOn,
                  actualOn: signedOn,
                  evidenceNote: `由招商线索 #${l.id} 签约转入`,
                  loggedById: viewer.id,
                  loggedAt: clockNow(),
                  events: {
                    create: { kind: "LOGGED" as const, toPlanned: signedOn, toActual: signedOn, actorId: viewer.id },
                  },
                }
              : { stage },
          ),
        },
      },
    });
    const signedAt = clockNow();
    await updateVersioned(tx.lead, "Lead", l.id, v.version, {
      stage: "SIGNED",
      abandonReason: null,
      stageChangedAt: signedAt,
      convertedProjectId: project.id,
      enterpriseId,
    });
    await tx.leadStageChange.create({
      data: { leadId: l.id, fromStage: l.stage, toStage: "SIGNED", changedAt: signedAt },
    });
    // the lead's 客商 has registered: link it to the enterprise when it has none yet (decision 196)
    if (l.investorId !== null && enterpriseId !== null)
      await linkInvestorEnterprise(tx, viewer, l.investorId, enterpriseId);
    await audit(tx, {
      actorId: viewer.id,
      action: "CREATE",
      entity: "Project",
      entityId: project.id,
      projectId: project.id,
      after: { ...project, fromLead: l.id, signedOn: v.signedOn },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "CONVERT",
      entity: "Lead",
      entityId: l.id,
      before: { stage: l.stage },
      after: {
        stage: "SIGNED",
        convertedProjectId: project.id,
        enterpriseId,
        contractAmount: v.contractAmount,
        signedOn: v.signedOn,
      },
    });
    return project.id;
  });
}
