// 推介活动 (issue 22 item 4, docs/decisions/181): queries and commands. Events are the city's (every role that sees
// leads sees the events); their yield — the leads that came out of them, the signed deals and amounts — counts only
// the leads the viewer sees (leadScopeSql), so a county sees its own county's harvest. The bureau and the
// administrator create and edit events and their attendees; every write is audited in one transaction.
import { fromIsoDate, toIsoDate } from "~/domain/dates";
import type { AttendeeValues, EventFormValues } from "~/domain/eventForms";
import { canManagePipeline, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { now as clockNow } from "~/utils/clock.server";
import { prisma, type Tx } from "~/utils/db.server";
import { investorScope, leadScopeSql } from "./scope.server";

export interface EventYield {
  /** Leads that came out of the event (the viewer's). */
  leads: number;
  /** Σ their expected amounts, 万元. */
  expectedAmount: number;
  /** Of those, signed (converted into projects). */
  signed: number;
  /** Σ the contracted amount (签约额) of the projects they became, 万元. */
  signedAmount: number;
}

type YieldRow = { id: number; leads: number; expected: bigint; signed: number; signed_amount: bigint };

/** Yield per event id (all events, or those given), counting the viewer's leads only. */
export async function eventYields(viewer: Viewer, ids?: number[]): Promise<Map<number, EventYield>> {
  const only = ids ? Prisma.sql`WHERE e.id IN (${Prisma.join(ids.length ? ids : [0])})` : Prisma.empty;
  const rows = await prisma.$queryRaw<YieldRow[]>`
    SELECT e.id, count(l.id)::int AS leads, coalesce(sum(l.expected_amount), 0)::bigint AS expected,
           (count(l.id) FILTER (WHERE l.stage = 'SIGNED' AND p.id IS NOT NULL))::int AS signed,
           coalesce(sum(p.contract_amount) FILTER (WHERE l.stage = 'SIGNED'), 0)::bigint AS signed_amount
      FROM promotion_event e
      LEFT JOIN lead l ON l.event_id = e.id AND ${leadScopeSql(viewer)}
      LEFT JOIN project p ON p.id = l.converted_project_id
      ${only}
     GROUP BY e.id`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        leads: r.leads,
        expectedAmount: Number(r.expected),
        signed: r.signed,
        signedAmount: Number(r.signed_amount),
      },
    ]),
  );
}

const EMPTY_YIELD: EventYield = { leads: 0, expectedAmount: 0, signed: 0, signedAmount: 0 };

export async function listEvents(viewer: Viewer) {
  const [events, yields] = await Promise.all([
    prisma.promotionEvent.findMany({
      orderBy: [{ heldOn: "desc" }, { id: "desc" }],
      select: {
        id: true,
        name: true,
        kind: true,
        city: true,
        heldOn: true,
        organiser: true,
        budget: true,
        _count: { select: { attendees: true } },
      },
    }),
    eventYields(viewer),
  ]);
  return events.map((e) => ({
    id: e.id,
    name: e.name,
    kind: e.kind,
    city: e.city,
    heldOn: toIsoDate(e.heldOn),
    organiser: e.organiser,
    budget: e.budget,
    attendees: e._count.attendees,
    yield: yields.get(e.id) ?? EMPTY_YIELD,
  }));
}

export async function getEvent(viewer: Viewer, id: number) {
  const e = await prisma.promotionEvent.findUnique({
    where: { id },
    include: {
      attendees: { orderBy: { id: "asc" }, include: { investor: { select: { id: true, name: true } } } },
    },
  });
  if (!e) return null;
  const [yields, visible, leads] = await Promise.all([
    eventYields(viewer, [id]),
    prisma.investor
      .findMany({
        where: { AND: [{ id: { in: e.attendees.map((a) => a.investorId) } }, investorScope(viewer)] },
        select: { id: true },
      })
      .then((rows) => new Set(rows.map((r) => r.id))),
    prisma.$queryRaw<
      {
        id: number;
        name: string;
        enterprise_name: string;
        investor_id: number | null;
        stage: string;
        expected_amount: number;
        county: string;
        contract_amount: number | null;
      }[]
    >`
      SELECT l.id, l.name, l.enterprise_name, l.investor_id, l.stage::text AS stage, l.expected_amount, c.name AS county,
             CASE WHEN l.stage = 'SIGNED' THEN p.contract_amount END AS contract_amount
        FROM lead l JOIN county c ON c.id = l.county_id
        LEFT JOIN project p ON p.id = l.converted_project_id
       WHERE l.event_id = ${id} AND ${leadScopeSql(viewer)}
       ORDER BY l.id`,
  ]);
  // an attendee whose investor has a lead from this event: the lead's link
  const leadOf = new Map(leads.filter((l) => l.investor_id !== null).map((l) => [l.investor_id!, l.id]));
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    city: e.city,
    venue: e.venue,
    heldOn: toIsoDate(e.heldOn),
    organiser: e.organiser,
    budget: e.budget,
    note: e.note,
    version: e.version,
    attendees: e.attendees.map((a) => ({
      id: a.id,
      investorName: a.investor.name,
      // the investor's page, when it is the viewer's to open (a county: not another county's own investor)
      investorId: visible.has(a.investorId) ? a.investorId : null,
      people: a.people,
      leadId: leadOf.get(a.investorId) ?? null,
    })),
    leads: leads.map((l) => ({
      id: l.id,
      name: l.name,
      enterpriseName: l.enterprise_name,
      stage: l.stage,
      expectedAmount: l.expected_amount,
      county: l.county,
      contractAmount: l.contract_amount,
    })),
    yield: yields.get(id) ?? EMPTY_YIELD,
    canManage: canManagePipeline(viewer),
  };
}
export type EventDetail = NonNullable<Awaited<ReturnType<typeof getEvent>>>;

/** Events for the lead form's 来源推介活动 select, latest first. */
export function eventOptions() {
  return prisma.promotionEvent
    .findMany({ orderBy: [{ heldOn: "desc" }, { id: "desc" }], select: { id: true, name: true, heldOn: true } })
    .then((rows) => rows.map((e) => ({ id: e.id, name: `${e.name}（${toIsoDate(e.heldOn)}）` })));
}

/** Industries for the attendee form's new-investor fields. */
export function industryChoices() {
  return prisma.industry.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } });
}

function assertManager(viewer: Viewer) {
  if (!canManagePipeline(viewer)) throw Refusal.forbidden("只有投资促进局可以登记和修改推介活动");
}

function eventData(v: EventFormValues) {
  return {
    name: v.name,
    kind: v.kind,
    city: v.city,
    venue: v.venue,
    heldOn: fromIsoDate(v.heldOn),
    organiser: v.organiser,
    budget: v.budget,
    note: v.note,
  };
}

export async function createEvent(viewer: Viewer, v: EventFormValues, claim?: CreateClaim): Promise<number> {
  assertManager(viewer);
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      const e = await tx.promotionEvent.create({ data: eventData(v) });
      await audit(tx, { actorId: viewer.id, action: "CREATE", entity: "PromotionEvent", entityId: e.id, after: e });
      return e.id;
    }),
  );
}

export async function updateEvent(viewer: Viewer, id: number, version: number, v: EventFormValues) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const before = await tx.promotionEvent.findUnique({ where: { id } });
    if (!before) throw Refusal.notFound("未找到该推介活动");
    const data = eventData(v);
    await updateVersioned(tx.promotionEvent, "PromotionEvent", id, version, data);
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "PromotionEvent",
      entityId: id,
      before,
      after: data,
    });
  });
}

/**
 * The attendee's investor (docs/decisions/195): the one picked (its id, when the text still names it), the one whose
 * name is exactly the text (a form posted without JavaScript), or — asked for — a new city investor registered here.
 */
async function resolveAttendeeInvestor(
  tx: Tx,
  viewer: Viewer,
  v: AttendeeValues,
): Promise<{ id: number; name: string }> {
  const q = v.investorQuery.trim();
  const scoped = (where: Prisma.InvestorWhereInput) => ({ AND: [where, investorScope(viewer)] });
  if (v.newInvestor) {
    const same = await tx.investor.findFirst({ where: scoped({ name: q }), select: { id: true } });
    if (same)
      throw Refusal.fields(
        { investorQuery: `客商库已有「${q}」，请取消「登记为新客商」并从列表中选择` },
        "请修改标出的字段",
      );
    if (v.industryId !== null && !(await tx.industry.findUnique({ where: { id: v.industryId }, select: { id: true } })))
      throw Refusal.fields({ industryId: "请选择有效的产业" }, "请修改标出的字段");
    const at = clockNow();
    const data = {
      name: q,
      sourceRegion: v.sourceRegion!,
      industryId: v.industryId,
      countyId: null,
      createdById: viewer.id,
      createdAt: at,
      updatedAt: at,
    };
    const created = await tx.investor.create({ data, select: { id: true, name: true } });
    await audit(tx, {
      actorId: viewer.id,
      action: "CREATE",
      entity: "Investor",
      entityId: created.id,
      after: { name: q, sourceRegion: data.sourceRegion, industryId: data.industryId, countyId: "市级" },
    });
    return created;
  }
  if (v.investorId !== null) {
    const picked = await tx.investor.findFirst({
      where: scoped({ id: v.investorId }),
      select: { id: true, name: true },
    });
    // without JavaScript the hidden id can go stale while the text is edited: the text wins when they disagree
    if (picked && picked.name === q) return picked;
  }
  const named = await tx.investor.findMany({ where: scoped({ name: q }), select: { id: true, name: true }, take: 2 });
  if (named.length === 1) return named[0];
  throw Refusal.fields(
    {
      investorQuery:
        named.length > 1
          ? `客商库中有多家「${q}」，请从列表中选择`
          : `客商库中没有「${q}」：请从列表中选择，或勾选「登记为新客商」`,
    },
    "请修改标出的字段",
  );
}

/** A 客商 attended: one row per investor per event (a repeat is a field error, not a duplicate). */
export async function addAttendee(viewer: Viewer, eventId: number, v: AttendeeValues, claim?: CreateClaim) {
  assertManager(viewer);
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      // lock the event: two people adding the same investor at once get one row and one field error
      const locked = await tx.$queryRaw<
        { id: number; name: string }[]
      >`SELECT id, name FROM promotion_event WHERE id = ${eventId} FOR UPDATE`;
      if (!locked.length) throw Refusal.notFound("未找到该推介活动");
      const inv = await resolveAttendeeInvestor(tx, viewer, v);
      const dup = await tx.eventAttendee.findUnique({
        where: { eventId_investorId: { eventId, investorId: inv.id } },
      });
      if (dup) throw Refusal.fields({ investorQuery: `「${inv.name}」已在参会名单中` }, "请修改标出的字段");
      const a = await tx.eventAttendee.create({
        data: { eventId, investorId: inv.id, people: v.people, createdAt: clockNow() },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "EventAttendee",
        entityId: a.id,
        after: { event: locked[0].name, investor: inv.name, people: a.people },
      });
      return { id: a.id, investorName: inv.name };
    }),
  );
}

export async function removeAttendee(viewer: Viewer, eventId: number, attendeeId: number) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const a = await tx.eventAttendee.findFirst({
      where: { id: attendeeId, eventId },
      include: { event: { select: { name: true } }, investor: { select: { name: true } } },
    });
    if (!a) throw Refusal.notFound("未找到该参会记录");
    await tx.eventAttendee.delete({ where: { id: a.id } });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "EventAttendee",
      entityId: a.id,
      before: { event: a.event.name, investor: a.investor.name, people: a.people },
    });
  });
}

/** The 推介活动 an investor attended (the investor page and its timeline), latest first. */
export async function investorAttendances(investorId: number) {
  const rows = await prisma.eventAttendee.findMany({
    where: { investorId },
    orderBy: [{ event: { heldOn: "desc" } }, { id: "desc" }],
    select: {
      id: true,
      people: true,
      createdAt: true,
      event: { select: { id: true, name: true, kind: true, city: true, heldOn: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    people: r.people,
    createdAt: r.createdAt,
    event: { ...r.event, heldOn: toIsoDate(r.event.heldOn) },
  }));
}
