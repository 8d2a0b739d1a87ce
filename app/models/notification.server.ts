// In-app notifications (the bell): new issues for the office that must accept them, due-soon and overdue steps,
// resolutions the enterprise must confirm. A dedupe key makes repeated job runs notify once. The messages to outside
// channels (钉钉, 企业微信, SMS) are written with them, in the same transaction (the outbox, docs/decisions/110).
import { NOTIFICATION_KINDS, type NotificationKind } from "~/domain/notificationLabels";
import { audit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";
import { enqueueDeliveries } from "./notificationOutbox.server";

export { NOTIFICATION_KINDS, type NotificationKind };

export interface NotificationDraft {
  /** The issue it is about (none for system notices such as a failed backup). */
  issueId?: number | null;
  kind: NotificationKind;
  title: string;
  link: string;
  /** Per-recipient keys are derived from it: `${dedupeKey}:u${userId}`. */
  dedupeKey?: string;
  /** Details for the outside channels (a list under the title); the bell shows the title. */
  lines?: string[];
}

/** Notifies each user once; returns how many notifications were created. */
export async function notifyUsers(tx: Tx, userIds: Iterable<number>, n: NotificationDraft): Promise<number> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return 0;
  const created = await tx.notification.createManyAndReturn({
    data: ids.map((userId) => ({
      userId,
      issueId: n.issueId ?? null,
      kind: n.kind,
      title: n.title.slice(0, 200),
      link: n.link,
      dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${userId}`.slice(0, 160) : null,
    })),
    skipDuplicates: true,
    select: { id: true, userId: true },
  });
  await enqueueDeliveries(tx, created, n);
  return created.length;
}

export function unreadCount(userId: number) {
  return prisma.notification.count({ where: { userId, readAt: null } });
}

export async function listNotifications(userId: number, opts: { page: number; size: number; unread: boolean }) {
  const where = { userId, ...(opts.unread ? { readAt: null } : {}) };
  const [total, rows] = await Promise.all([
    prisma.notification.count({ where }),
    prisma.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * opts.size,
      take: opts.size,
      select: { id: true, kind: true, title: true, link: true, readAt: true, createdAt: true },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({ ...r, readAt: r.readAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() })),
  };
}

/** Marks one of the user's notifications read; returns its link (null when it is not the user's). */
export async function markRead(userId: number, id: number): Promise<string | null | undefined> {
  const n = await prisma.notification.findFirst({ where: { id, userId }, select: { link: true, readAt: true } });
  if (!n) return undefined;
  if (!n.readAt) {
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.notification.updateMany({
        where: { id, userId, readAt: null },
        data: { readAt: clockNow() },
      });
      if (count) await audit(tx, { actorId: userId, action: "READ", entity: "Notification", entityId: id });
    });
  }
  return n.link;
}

export async function markAllRead(userId: number): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.notification.updateMany({
      where: { userId, readAt: null },
      data: { readAt: clockNow() },
    });
    if (count)
      await audit(tx, {
        actorId: userId,
        action: "READ_ALL",
        entity: "Notification",
        entityId: userId,
        after: { count },
      });
    return count;
  });
}
