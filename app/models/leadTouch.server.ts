// The lead's activity timeline (issue 22 item 2, docs/decisions/152): logging a touch (with its files and next step)
// and reading the timeline — touches and the lead's own audit trail (created, stage moves, amount and owner changes,
// signing) merged in time order, newest first.
import { auditActionLabel } from "~/domain/auditLabels";
import { auditPeopleIds, describeAuditChange, formatAuditTime } from "~/domain/auditText";
import { chinaToday, fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import { touchedOn } from "~/domain/followUp";
import type { EventKind } from "~/domain/eventLabels";
import type { LeadTouchKind, LeadTouchValues } from "~/domain/leadTouchForm";
import { canManageLead, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { audit } from "~/utils/audit.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma } from "~/utils/db.server";
import type { StoredFile } from "~/utils/attachments.server";
import type { Prisma } from "~/generated/prisma/client";
import { displayNames } from "./people.server";
import { investorAttendances } from "./promotionEvent.server";
import { leadScope } from "./scope.server";

type LeadRef = { id: number; countyId: number; stage: string };

/**
 * Logs one touch: the touch, its files, the lead's last touch (never moved back) and, when the touch names a next
 * step, the lead's 下次跟进 = that date — in one transaction, audited. A touch may be logged on a signed or
 * abandoned lead too (documents keep coming), but then it does not set a follow-up.
 */
export async function logTouch(
  viewer: Viewer,
  lead: LeadRef,
  v: LeadTouchValues,
  files: StoredFile[],
  claim?: CreateClaim,
): Promise<number> {
  if (!canManageLead(viewer, lead)) throw Refusal.form("您没有管理该线索的权限");
  const today = clockToday();
  if (v.occurredOn > today) throw Refusal.fields({ occurredOn: `跟进日期不能晚于今天（${today}）` });
  const open = lead.stage !== "SIGNED" && lead.stage !== "ABANDONED";
  if (v.nextStepOn && open && v.nextStepOn < today)
    throw Refusal.fields({ nextStepOn: `下一步日期不能早于今天（${today}）` });
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      // the row lock orders concurrent touches on one lead (each reads the last touch the other wrote)
      await tx.$queryRaw`SELECT id FROM lead WHERE id = ${lead.id} FOR UPDATE`;
      const before = await tx.lead.findUniqueOrThrow({
        where: { id: lead.id },
        select: { lastTouchOn: true, nextFollowUpOn: true },
      });
      const touch = await tx.leadTouch.create({
        data: {
          leadId: lead.id,
          kind: v.kind,
          occurredOn: fromIsoDate(v.occurredOn),
          ourPeople: v.ourPeople,
          theirPeople: v.theirPeople,
          content: v.content,
          nextStep: v.nextStep,
          nextStepOn: v.nextStepOn ? fromIsoDate(v.nextStepOn) : null,
          createdById: viewer.id,
          createdAt: clockNow(),
          attachments: {
            create: files.map((f) => ({
              fileName: f.fileName,
              mimeType: f.mimeType,
              size: f.size,
              storageKey: f.storageKey,
              uploadedById: viewer.id,
              createdAt: clockNow(),
            })),
          },
        },
      });
      const lastTouchOn = touchedOn(before.lastTouchOn ? toIsoDate(before.lastTouchOn) : null, v.occurredOn);
      const nextFollowUpOn = open && v.nextStepOn ? v.nextStepOn : null;
      await tx.lead.update({
        where: { id: lead.id },
        data: {
          lastTouchOn: fromIsoDate(lastTouchOn),
          ...(nextFollowUpOn ? { nextFollowUpOn: fromIsoDate(nextFollowUpOn) } : {}),
          version: { increment: 1 },
          updatedAt: clockNow(),
        },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "LeadTouch",
        entityId: touch.id,
        before: nextFollowUpOn && before.nextFollowUpOn ? { nextFollowUpOn: before.nextFollowUpOn } : undefined,
        after: {
          leadId: lead.id,
          kind: v.kind,
          occurredOn: v.occurredOn,
          ourPeople: v.ourPeople,
          theirPeople: v.theirPeople,
          content: v.content,
          nextStep: v.nextStep,
          nextStepOn: v.nextStepOn,
          ...(nextFollowUpOn ? { nextFollowUpOn } : {}),
          attachments: files.map((f) => f.fileName),
        },
      });
      return touch.id;
    }),
  );
}

export type TimelineItem =
  | {
      type: "touch";
      key: string;
      on: IsoDate;
      /** The lead the touch was logged on (the investor's timeline links to it). */
      lead: { id: number; name: string };
      kind: LeadTouchKind;
      ourPeople: string;
      theirPeople: string;
      content: string;
      nextStep: string | null;
      nextStepOn: IsoDate | null;
      by: string;
      at: string;
      attachments: { id: number; fileName: string; size: number }[];
    }
  | { type: "change"; key: string; on: IsoDate; action: string; actor: string; change: string; at: string }
  | {
      /** A 推介活动 the lead's 客商 attended, or the one the lead came out of (decision 195). */
      type: "event";
      key: string;
      on: IsoDate;
      event: { id: number; name: string; kind: EventKind; city: string };
      people: string | null;
      /** The lead came out of this event (lead.event_id). */
      source: boolean;
    };

type Sorted = TimelineItem & { sort: string };

const TIMELINE_LIMIT = 200;

/** Timelines sort by date, then by when the row was recorded (decision 152). */
const sortKey = (on: IsoDate, at: Date) => `${on}|${at.toISOString()}`;

/** The touches matching `where` (the caller ANDs the lead scope in), newest first, as timeline items. */
async function touchItems(where: Prisma.LeadTouchWhereInput): Promise<Sorted[]> {
  const touches = await prisma.leadTouch.findMany({
    where,
    orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    take: TIMELINE_LIMIT,
    include: {
      lead: { select: { id: true, name: true } },
      createdBy: { select: { displayName: true } },
      attachments: { select: { id: true, fileName: true, size: true }, orderBy: { id: "asc" } },
    },
  });
  return touches.map((t) => {
    const on = toIsoDate(t.occurredOn);
    return {
      type: "touch" as const,
      key: `t${t.id}`,
      sort: sortKey(on, t.createdAt),
      on,
      lead: t.lead,
      kind: t.kind,
      ourPeople: t.ourPeople,
      theirPeople: t.theirPeople,
      content: t.content,
      nextStep: t.nextStep,
      nextStepOn: t.nextStepOn ? toIsoDate(t.nextStepOn) : null,
      by: t.createdBy?.displayName ?? "—",
      at: formatAuditTime(t.createdAt),
      attachments: t.attachments,
    };
  });
}

/** Newest first, at most TIMELINE_LIMIT items. */
function newestFirst(items: Sorted[]): TimelineItem[] {
  items.sort((a, b) => (a.sort < b.sort ? 1 : a.sort > b.sort ? -1 : 0));
  return items.slice(0, TIMELINE_LIMIT).map(({ sort: _sort, ...rest }) => rest as TimelineItem);
}

/**
 * The lead's timeline, newest first: touches by their date, changes by when they were made (Beijing dates), and the
 * 推介活动 its 客商 attended (or the lead came out of) by the event's date.
 */
export async function leadTimeline(viewer: Viewer, leadId: number): Promise<TimelineItem[]> {
  const [touches, changes, events] = await Promise.all([
    touchItems({ leadId, lead: { is: leadScope(viewer) } }),
    prisma.auditEvent.findMany({
      where: { entity: "Lead", entityId: String(leadId) },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: TIMELINE_LIMIT,
      select: { id: true, at: true, action: true, actorId: true, before: true, after: true },
    }),
    leadEvents(viewer, leadId),
  ]);
  const names = await displayNames(auditPeopleIds(changes));
  return newestFirst([
    ...touches,
    ...changes.map((h) => {
      const on = chinaToday(h.at);
      return {
        type: "change" as const,
        key: `a${h.id}`,
        sort: sortKey(on, h.at),
        on,
        action: auditActionLabel(h.action),
        actor: h.actorId === null ? "系统" : (names.get(h.actorId) ?? `用户 #${h.actorId}`),
        change: describeAuditChange({ entity: "Lead", before: h.before, after: h.after }, names),
        at: formatAuditTime(h.at),
      };
    }),
    ...events,
  ]);
}

/**
 * The investor's activity: every touch logged on its leads (those the viewer sees) and every 推介活动 it attended,
 * newest first, in the lead timeline's order.
 */
export async function investorTimeline(viewer: Viewer, investorId: number): Promise<TimelineItem[]> {
  const [touches, attended] = await Promise.all([
    touchItems({ lead: { is: { AND: [{ investorId }, leadScope(viewer)] } } }),
    investorAttendances(investorId),
  ]);
  return newestFirst([
    ...touches,
    ...attended.map((a) => eventItem({ key: `e${a.id}`, event: a.event, people: a.people, at: a.createdAt }, false)),
  ]);
}

type EventRow = {
  key: string;
  event: { id: number; name: string; kind: EventKind; city: string; heldOn: IsoDate };
  people: string | null;
  at: Date;
};

function eventItem(r: EventRow, source: boolean): Sorted {
  return {
    type: "event" as const,
    key: r.key,
    sort: sortKey(r.event.heldOn, r.at),
    on: r.event.heldOn,
    event: { id: r.event.id, name: r.event.name, kind: r.event.kind, city: r.event.city },
    people: r.people,
    source,
  };
}

/** The 推介活动 on a lead's timeline: those its 客商 attended, and the one it came out of (when not among them). */
async function leadEvents(viewer: Viewer, leadId: number) {
  const lead = await prisma.lead.findFirst({
    where: { AND: [{ id: leadId }, leadScope(viewer)] },
    select: {
      investorId: true,
      event: { select: { id: true, name: true, kind: true, city: true, heldOn: true, createdAt: true } },
    },
  });
  if (!lead) return [];
  const attended = lead.investorId === null ? [] : await investorAttendances(lead.investorId);
  const rows: EventRow[] = attended.map((a) => ({
    key: `e${a.id}`,
    event: a.event,
    people: a.people,
    at: a.createdAt,
  }));
  const src = lead.event;
  if (src && !rows.some((r) => r.event.id === src.id))
    rows.push({ key: `s${src.id}`, event: { ...src, heldOn: toIsoDate(src.heldOn) }, people: null, at: src.createdAt });
  return rows.map((r) => eventItem(r, r.event.id === src?.id));
}
