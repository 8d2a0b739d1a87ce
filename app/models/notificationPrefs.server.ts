// Each user's channels per notification event (issue 16 §3, docs/decisions/165): read for the settings page, saved
// (audited, in one transaction) from it, and asked by the outbox writer for every recipient of an event.
import type { Channel } from "~/domain/notificationMessage";
import type { NotificationKind } from "~/domain/notificationLabels";
import {
  applies,
  defaultChannels,
  effectiveChannels,
  eventsFor,
  PREF_CHANNEL_LABELS,
  PREF_CHANNELS,
  type SavedChoice,
} from "~/domain/notificationPrefs";
import type { RoleKey } from "~/domain/labels";
import type { Viewer } from "~/domain/permissions";
import { audit } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";

export interface PrefRow {
  kind: NotificationKind;
  label: string;
  group: string;
  /** the channels on (saved or default) */
  on: Channel[];
  /** the role's default */
  defaults: Channel[];
}

async function savedFor(db: Db | Tx, userIds: number[], kinds?: string[]) {
  const rows = await db.notificationPreference.findMany({
    where: { userId: { in: userIds }, ...(kinds ? { kind: { in: kinds } } : {}) },
    select: { userId: true, kind: true, channel: true, enabled: true },
  });
  const out = new Map<string, SavedChoice>();
  for (const r of rows) {
    const key = `${r.userId}:${r.kind}`;
    const c = out.get(key) ?? {};
    c[r.channel as Channel] = r.enabled;
    out.set(key, c);
  }
  return out;
}

/** The settings page's table for this user: each event of the role with the channels on. */
export async function preferencesOf(viewer: Viewer): Promise<PrefRow[]> {
  const saved = await savedFor(prisma, [viewer.id]);
  return eventsFor(viewer.role).map((e) => ({
    ...e,
    on: [...effectiveChannels(viewer.role, e.kind, saved.get(`${viewer.id}:${e.kind}`))],
    defaults: [...defaultChannels(viewer.role, e.kind)],
  }));
}

/**
 * Saves the user's whole table (`on`: kind → channels checked; an event missing from it has every channel off).
 * Writes a row per event × channel of the role's events; audited with the changes in Chinese. Returns how many
 * choices changed.
 */
export async function savePreferences(viewer: Viewer, on: Map<NotificationKind, Set<Channel>>): Promise<number> {
  const events = eventsFor(viewer.role);
  return prisma.$transaction(async (tx) => {
    const before = await savedFor(tx, [viewer.id]);
    const changes: string[] = [];
    for (const e of events) {
      const was = effectiveChannels(viewer.role, e.kind, before.get(`${viewer.id}:${e.kind}`));
      const now = on.get(e.kind) ?? new Set<Channel>();
      for (const c of PREF_CHANNELS) {
        if (!applies(e.kind, c)) continue;
        if (was.has(c) !== now.has(c))
          changes.push(`${e.label}·${PREF_CHANNEL_LABELS[c]}：${now.has(c) ? "开" : "关"}`);
      }
    }
    await tx.notificationPreference.deleteMany({ where: { userId: viewer.id } });
    await tx.notificationPreference.createMany({
      data: events.flatMap((e) =>
        PREF_CHANNELS.filter((c) => applies(e.kind, c)).map((c) => ({
          userId: viewer.id,
          kind: e.kind,
          channel: c,
          enabled: on.get(e.kind)?.has(c) ?? false,
        })),
      ),
    });
    if (changes.length)
      await audit(tx, {
        actorId: viewer.id,
        action: "NOTIFY_PREFS",
        entity: "NotificationPreference",
        entityId: viewer.id,
        after: { 变更: changes },
      });
    return changes.length;
  });
}

/** Back to the role's defaults (the user's rows removed). */
export async function resetPreferences(viewer: Viewer): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.notificationPreference.deleteMany({ where: { userId: viewer.id } });
    if (count)
      await audit(tx, {
        actorId: viewer.id,
        action: "NOTIFY_PREFS",
        entity: "NotificationPreference",
        entityId: viewer.id,
        after: { 变更: ["恢复默认设置"] },
      });
  });
}

/** For the outbox writer: the channels each recipient wants `kind` by. */
export async function wantedChannels(
  tx: Tx,
  users: { id: number; role: RoleKey }[],
  kind: NotificationKind,
): Promise<Map<number, Set<Channel>>> {
  const saved = await savedFor(
    tx,
    users.map((u) => u.id),
    [kind],
  );
  return new Map(users.map((u) => [u.id, effectiveChannels(u.role, kind, saved.get(`${u.id}:${kind}`))]));
}
