// The notification outbox (issue 16, docs/decisions/110). `enqueueDeliveries` writes, in the transaction of the
// bell notifications, one row per message to an outside channel: one per event for a group robot (钉钉, 企业微信),
// one per recipient for a personal channel (SMS, e-mail). `runDueDeliveries` claims due rows (FOR UPDATE SKIP LOCKED, so
// any number of workers share them and none sends a row another holds), sends each through its channel adapter and
// records the outcome: SENT; PENDING again after an exponential backoff (timeouts, 5xx, rate limits); or FAILED
// (a final refusal, or MAX_ATTEMPTS used up), which the recipient sees in the bell. A worker that dies mid-send
// leaves its rows SENDING until their lease ends; another worker then sends them again (at least once).
import { chinaToday } from "~/domain/dates";
import { backoffMs, CHANNELS, MAX_ATTEMPTS, type Channel, type MessagePayload } from "~/domain/notificationMessage";
import { BULK_KINDS, PERSONAL_KINDS, URGENT_KINDS, type NotificationKind } from "~/domain/notificationLabels";
import { releaseAt } from "~/domain/reminders";
import type { Prisma } from "~/generated/prisma/client";
import { adapterFor, configuredChannels, dingtalk, wecom, type ChannelAdapter } from "~/notify/channels.server";
import { now as clockNow } from "~/utils/clock.server";
import type { Db, Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { wantedChannels } from "./notificationPrefs.server";
import { groupTarget, loadUnitChannels, robotFor, type RobotConfig } from "./unitChannels.server";

/** How long a claimed row belongs to its worker (a send times out after 10 s). */
export const LEASE_MS = 60_000;
/** At most this many messages a minute per group robot (a 钉钉 robot accepts about 20). */
export const GROUP_PER_MINUTE = 20;
const BATCH = 50;

export interface OutboxEvent {
  issueId?: number | null;
  kind: NotificationKind;
  title: string;
  link: string;
  dedupeKey?: string;
  /** details shown as a list under the title (a reminder's facts, the weekly digest's items) */
  lines?: string[];
}

// set by the delivery worker of this instance: asks for a run soon after new rows are written
let kick: (() => void) | null = null;
export function setDeliveryKick(fn: (() => void) | null) {
  kick = fn;
}

/**
 * Writes the outside messages for bell notifications just created in `tx` (nothing when no channel is
 * configured). Returns how many rows were written.
 */
export async function enqueueDeliveries(
  tx: Tx,
  created: { id: number; userId: number }[],
  ev: OutboxEvent,
): Promise<number> {
  if (!created.length) return 0;
  const envChannels = configuredChannels();
  // a unit's own robot counts even when the environment has none (docs/decisions/166)
  const units = await loadUnitChannels(tx);
  const unitRobots = new Set([...units.values()].map((u) => u.channel));
  const personal = envChannels.filter((c) => c.audience === "user");
  const groups = [dingtalk, wecom].filter((a) => envChannels.includes(a) || unitRobots.has(a.channel));
  if (!personal.length && !groups.length) return 0;
  const at = clockNow();
  const issue = ev.issueId
    ? await tx.coordinationIssue.findUnique({
        where: { id: ev.issueId },
        select: { title: true, code: true, overdueAt: true },
      })
    : null;
  const payload: MessagePayload = {
    kind: ev.kind,
    title: ev.title,
    issueTitle: issue?.title ?? null,
    issueCode: issue?.code ?? null,
    deadline: issue?.overdueAt?.toISOString() ?? null,
    url: `${env().APP_BASE_URL?.replace(/\/$/, "") ?? ""}${ev.link}`,
    lines: ev.lines?.length ? ev.lines : null,
  };
  const first = Math.min(...created.map((c) => c.id));
  const rows: {
    notificationId: number;
    userId: number | null;
    channel: Channel;
    target: string;
    template: string;
    payload: Prisma.InputJsonValue;
    idempotencyKey: string;
    nextAttemptAt: Date;
    createdAt: Date;
  }[] = [];
  const base = {
    template: ev.kind,
    payload: payload as unknown as Prisma.InputJsonValue,
    // quiet hours: a non-urgent message written between 22:00 and 07:30 waits until 07:30 (docs/decisions/131)
    nextAttemptAt: releaseAt(at, URGENT_KINDS.has(ev.kind)),
    createdAt: at,
  };
  const users = await tx.user.findMany({
    where: { id: { in: created.map((c) => c.userId) } },
    select: {
      id: true,
      role: true,
      isActive: true,
      phone: true,
      email: true,
      teamId: true,
      countyId: true,
      departmentId: true,
    },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  // each recipient's own choice of channels for this kind, else the role's default (docs/decisions/165)
  const wants = await wantedChannels(tx, users, ev.kind);
  // group chats hear about the work (issues, reminders, digests), not about one person's account or the backups
  if (!PERSONAL_KINDS.has(ev.kind)) {
    for (const ch of groups) {
      // one message per robot: the recipients' units' own robots, else the environment's; a robot gets it when at
      // least one of its recipients wants this kind in the group chat
      const targets = new Set<string>();
      for (const n of created) {
        const u = byId.get(n.userId);
        if (!u?.isActive || !wants.get(u.id)?.has(ch.channel)) continue;
        const t = groupTarget(u, ch.channel, units);
        if (t) targets.add(t);
      }
      for (const target of targets) {
        rows.push({
          ...base,
          notificationId: first,
          userId: null,
          channel: ch.channel,
          target,
          // the environment's robot keeps the key it always had; a unit's robot has its own
          idempotencyKey: `${ch.channel}:${target === "group" ? "" : `${target}:`}${ev.dedupeKey ?? `n${first}`}`,
        });
      }
    }
  }
  for (const ch of personal) {
    for (const n of created) {
      const u = byId.get(n.userId);
      if (!u?.isActive || !wants.get(u.id)?.has(ch.channel)) continue;
      const target = (ch.channel === "SMS" ? u.phone : u.email)?.trim();
      if (!target) continue;
      rows.push({
        ...base,
        notificationId: n.id,
        userId: n.userId,
        channel: ch.channel,
        target,
        idempotencyKey: `${ch.channel}:n${n.id}`,
      });
    }
  }
  if (!rows.length) return 0;
  const { count } = await tx.notificationDelivery.createMany({ data: rows, skipDuplicates: true });
  kick?.();
  return count;
}

interface Claimed {
  id: number;
  channel: string;
  target: string;
  user_id: number | null;
  template: string;
  payload: MessagePayload;
  attempts: number;
  idempotency_key: string;
}

/** Claims up to `limit` due rows of `channel` for this worker (state SENDING, lease until at + LEASE_MS). */
export async function claimDeliveries(
  db: Db,
  channel: Channel,
  at: Date,
  limit: number,
  target?: string,
): Promise<Claimed[]> {
  if (limit <= 0) return [];
  return db.$queryRawUnsafe<Claimed[]>(
    `UPDATE notification_delivery d
        SET state = 'SENDING', locked_until = $2::timestamptz, attempts = d.attempts + 1
      WHERE d.id IN (
        SELECT id FROM notification_delivery
         WHERE channel = $3::text AND ($6::text IS NULL OR target = $6::text)
           AND ((state = 'PENDING' AND next_attempt_at <= $1::timestamptz) OR (state = 'SENDING' AND locked_until <= $1::timestamptz))
         ORDER BY template = ANY($5::text[]), next_attempt_at, id
         LIMIT $4::int
         FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.channel, d.target, d.user_id, d.template, d.payload, d.attempts, d.idempotency_key`,
    at,
    new Date(at.getTime() + LEASE_MS),
    channel,
    limit,
    BULK_KINDS,
    target ?? null,
  );
}

/** How many more messages a group robot (one target: the environment's or a unit's) may take in the minute before `at`. */
async function groupAllowance(db: Db, channel: Channel, target: string, at: Date): Promise<number> {
  const recent = await db.notificationDelivery.count({
    where: { channel, target, sentAt: { gt: new Date(at.getTime() - 60_000) } },
  });
  return Math.max(0, GROUP_PER_MINUTE - recent);
}

/** The robots (targets) with rows of a group channel due at `at`. */
async function dueTargets(db: Db, channel: Channel, at: Date): Promise<string[]> {
  const rows = await db.notificationDelivery.findMany({
    where: {
      channel,
      OR: [
        { state: "PENDING", nextAttemptAt: { lte: at } },
        { state: "SENDING", lockedUntil: { lte: at } },
      ],
    },
    distinct: ["target"],
    select: { target: true },
  });
  return rows.map((r) => r.target);
}

export interface DeliveryRun {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends every due row (claimed in batches) and records each outcome; returns the tallies. `at` defaults to the
 * application clock (tests pass later instants to let backoffs expire).
 */
export async function runDueDeliveries(opts: { db?: Db; at?: () => Date } = {}): Promise<DeliveryRun> {
  const db = opts.db ?? prisma;
  const at = opts.at ?? clockNow;
  const run: DeliveryRun = { sent: 0, retried: 0, failed: 0 };
  for (const channel of CHANNELS) {
    const adapter = adapterFor(channel);
    if (!adapter) continue;
    // a group robot's rate limit is per robot: each unit's own robot and the environment's count apart
    const targets = adapter.audience === "group" ? await dueTargets(db, channel, at()) : [undefined];
    for (const target of targets) {
      const robot = target === undefined ? undefined : await robotFor(db, target, channel);
      for (;;) {
        const t = at();
        const limit = target === undefined ? BATCH : Math.min(BATCH, await groupAllowance(db, channel, target, t));
        const claimed = await claimDeliveries(db, channel, t, limit, target);
        if (!claimed.length) break;
        for (const row of claimed) await deliver(db, adapter, row, robot, at, run);
      }
    }
  }
  return run;
}

async function deliver(
  db: Db,
  adapter: ChannelAdapter,
  row: Claimed,
  robot: RobotConfig | null | undefined,
  at: () => Date,
  run: DeliveryRun,
) {
  const channel = adapter.channel;
  const result = await adapter
    .send(row.target, row.payload, {
      currentYear: Number(chinaToday(at()).slice(0, 4)),
      idempotencyKey: row.idempotency_key,
      robot,
    })
    .catch((err: unknown) => ({
      ok: false as const,
      retry: true,
      error: String((err as Error)?.message ?? err),
    }));
  const done = at();
  if (result.ok) {
    await db.notificationDelivery.updateMany({
      where: { id: row.id, state: "SENDING", attempts: row.attempts },
      data: { state: "SENT", sentAt: done, lockedUntil: null },
    });
    run.sent += 1;
    return;
  }
  const final = !result.retry || row.attempts >= MAX_ATTEMPTS;
  const error = result.error.slice(0, 500);
  await db.$executeRawUnsafe(
    `UPDATE notification_delivery
        SET state = $2::text, next_attempt_at = $3::timestamptz, locked_until = NULL, last_error = $4::text,
            failures = failures || jsonb_build_array(jsonb_build_object('at', $5::text, 'attempt', $6::int, 'error', $4::text))
      WHERE id = $1::int AND state = 'SENDING' AND attempts = $6::int`,
    row.id,
    final ? "FAILED" : "PENDING",
    new Date(done.getTime() + (final ? 0 : backoffMs(row.attempts))),
    error,
    done.toISOString(),
    row.attempts,
  );
  log.warn(
    { job: "notify", deliveryId: row.id, channel, attempt: row.attempts, error },
    final ? `外部通知发送失败（不再重试）：${error}` : `外部通知发送失败，稍后重试：${error}`,
  );
  if (final) {
    run.failed += 1;
    await noteFailure(db, row, error).catch((err) => log.error({ err }, "无法在站内通知中记录发送失败"));
  } else run.retried += 1;
}

/** A message given up: its recipient (or, for a group robot, the administrators) hears of it in the bell. */
async function noteFailure(db: Db, row: Claimed, error: string) {
  const ids = row.user_id
    ? [row.user_id]
    : (await db.user.findMany({ where: { role: "ADMIN", isActive: true }, select: { id: true } })).map((u) => u.id);
  if (!ids.length) return;
  const label =
    { DINGTALK: "钉钉", WECOM: "企业微信", SMS: "短信", EMAIL: "邮件" }[row.channel as Channel] ?? row.channel;
  await db.notification.createMany({
    data: ids.map((userId) => ({
      userId,
      kind: "DELIVERY_FAILED",
      title: `${label}通知未能送达（${error.slice(0, 60)}）：${row.payload.title}`.slice(0, 200),
      link: row.payload.url.replace(/^https?:\/\/[^/]+/, "").slice(0, 200) || "/notifications",
      dedupeKey: `delivery-failed:${row.id}:u${userId}`,
    })),
    skipDuplicates: true,
  });
}

/** The earliest instant a PENDING row comes due (null when none waits). */
export async function nextDueAt(db: Db = prisma): Promise<Date | null> {
  const r = await db.notificationDelivery.findFirst({
    where: { state: "PENDING" },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  return r?.nextAttemptAt ?? null;
}
