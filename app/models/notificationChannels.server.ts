// The administrator's view of the outside channels (/admin/notifications, issue 16, docs/decisions/110): which are
// configured, each one's last success and last failure, how many messages wait, the recent messages; and the
// 发送测试消息 button, which sends one message at once and records it in the outbox like any other.
import { chinaToday } from "~/domain/dates";
import { CHANNEL_LABELS, CHANNELS, type Channel, type MessagePayload } from "~/domain/notificationMessage";
import type { Prisma } from "~/generated/prisma/client";
import { unitKey, type UnitRef } from "~/domain/unitChannels";
import { adapterFor, configuredChannels, type ChannelAdapter } from "~/notify/channels.server";
import { audit } from "~/utils/audit.server";
import { now as clockNow } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { loadUnitChannels, robotFor, unitName, type RobotConfig } from "./unitChannels.server";

/** Where a channel sends, without its token or key (the webhook's origin and path). */
function where(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

/** The mail server without its user and password. */
function smtpWhere(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export interface ChannelState {
  channel: Channel;
  configured: boolean;
  /** the endpoint, secrets left out; null when not configured */
  endpoint: string | null;
  /** e.g. "已加签" for a 钉钉 robot with DINGTALK_SECRET */
  note: string | null;
  /** false for a channel this version cannot send on yet */
  supported: boolean;
  queued: number;
  failed: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  /** how many units have their own robot on this channel (docs/decisions/166) */
  unitRobots: number;
}

export async function channelStates(): Promise<ChannelState[]> {
  const e = env();
  const configured = new Set(configuredChannels().map((c) => c.channel));
  const endpoint: Record<Channel, string | null> = {
    DINGTALK: where(e.DINGTALK_WEBHOOK_URL),
    WECOM: where(e.WECOM_WEBHOOK_URL),
    SMS: where(e.SMS_GATEWAY_URL),
    EMAIL: e.SMTP_URL ? smtpWhere(e.SMTP_URL) : null,
  };
  const perUnit = await prisma.unitChannel.groupBy({ by: ["channel"], _count: { _all: true } });
  return Promise.all(
    CHANNELS.map(async (channel) => {
      const [queued, failed, ok, bad] = await Promise.all([
        prisma.notificationDelivery.count({ where: { channel, state: { in: ["PENDING", "SENDING"] } } }),
        prisma.notificationDelivery.count({ where: { channel, state: "FAILED" } }),
        prisma.notificationDelivery.findFirst({
          where: { channel, state: "SENT" },
          orderBy: { sentAt: "desc" },
          select: { sentAt: true },
        }),
        prisma.notificationDelivery.findFirst({
          where: { channel, lastError: { not: null } },
          orderBy: { id: "desc" },
          select: { lastError: true, failures: true },
        }),
      ]);
      const failures = (bad?.failures ?? []) as unknown as { at?: string }[];
      return {
        channel,
        configured: configured.has(channel),
        endpoint: endpoint[channel],
        note: channel === "DINGTALK" && e.DINGTALK_WEBHOOK_URL ? (e.DINGTALK_SECRET ? "已加签" : "未加签") : null,
        supported: true,
        queued,
        failed,
        lastSuccessAt: ok?.sentAt?.toISOString() ?? null,
        lastFailureAt: failures.at(-1)?.at ?? null,
        lastError: bad?.lastError ?? null,
        unitRobots: perUnit.find((u) => u.channel === channel)?._count._all ?? 0,
      };
    }),
  );
}

export async function recentDeliveries(take = 30) {
  const rows = await prisma.notificationDelivery.findMany({
    orderBy: { id: "desc" },
    take,
    select: {
      id: true,
      channel: true,
      target: true,
      template: true,
      payload: true,
      state: true,
      attempts: true,
      lastError: true,
      sentAt: true,
      createdAt: true,
    },
  });
  return rows.map((r) => ({
    ...r,
    title: (r.payload as unknown as MessagePayload).title ?? "",
    payload: undefined,
    sentAt: r.sentAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** `sent`: the message went to the channel (which may still have refused it). */
export type TestResult = { ok: true; message: string } | { ok: false; sent: boolean; message: string };

/**
 * Sends one test message on `channel` now (SMS and e-mail: to the administrator's own phone or address) and records it in the outbox,
 * SENT or FAILED, with an audit event.
 */
export async function sendTestMessage(
  channel: Channel,
  admin: { id: number; displayName: string },
  unit?: UnitRef,
): Promise<TestResult> {
  const adapter = adapterFor(channel);
  // a unit's test goes through its effective robot: its own, else the environment's (docs/decisions/166)
  if (unit) {
    if (adapter?.audience !== "group") return { ok: false, sent: false, message: "单位只能设置钉钉、企业微信群机器人" };
    const name = await unitName(prisma, unit);
    if (!name) return { ok: false, sent: false, message: "请选择单位" };
    const robot = await robotFor(prisma, unitKey(unit), channel);
    if (!robot)
      return {
        ok: false,
        sent: false,
        message: `${name}没有可用的${CHANNEL_LABELS[channel]}：既无自有机器人，也未配置环境变量`,
      };
    const own = (await loadUnitChannels(prisma)).has(`${unitKey(unit)}|${channel}`);
    return record(
      adapter,
      channel,
      admin,
      own ? unitKey(unit) : "group",
      robot,
      `（${name}${own ? "自有机器人" : "，使用全市默认机器人"}）`,
    );
  }
  if (!adapter || !configuredChannels().some((c) => c.channel === channel)) {
    return { ok: false, sent: false, message: "该通道尚未配置，无法发送测试消息" };
  }
  let target = "group";
  if (adapter.audience === "user") {
    const me = await prisma.user.findUnique({ where: { id: admin.id }, select: { phone: true } });
    if (!me?.phone?.trim())
      return { ok: false, sent: false, message: "您的账号没有登记手机号，请先在“我的账号”中填写" };
    target = me.phone.trim();
  }
  return record(adapter, channel, admin, target, undefined, "");
}

/** Sends the test message and records it in the outbox (SENT or FAILED) with an audit event. */
async function record(
  adapter: ChannelAdapter,
  channel: Channel,
  admin: { id: number; displayName: string },
  target: string,
  robot: RobotConfig | undefined,
  where: string,
): Promise<TestResult> {
  const at = clockNow();
  const payload: MessagePayload = {
    kind: "TEST",
    title: `测试消息${where}：${admin.displayName} 从外部通知页面发送`,
    url: `${env().APP_BASE_URL?.replace(/\/$/, "") ?? ""}/admin/notifications`,
  };
  const result = await adapter.send(target, payload, { currentYear: Number(chinaToday(at).slice(0, 4)), robot });
  const done = clockNow();
  const error = result.ok ? null : result.error.slice(0, 500);
  await prisma.$transaction(async (tx) => {
    const row = await tx.notificationDelivery.create({
      data: {
        userId: adapter.audience === "user" ? admin.id : null,
        channel,
        target,
        template: "TEST",
        payload: payload as unknown as Prisma.InputJsonValue,
        idempotencyKey: `TEST:${channel}:${target}:${admin.id}:${at.getTime()}`.slice(0, 200),
        state: result.ok ? "SENT" : "FAILED",
        attempts: 1,
        nextAttemptAt: done,
        lastError: error,
        failures: error ? [{ at: done.toISOString(), attempt: 1, error }] : [],
        sentAt: result.ok ? done : null,
        createdAt: at,
      },
    });
    await audit(tx, {
      actorId: admin.id,
      action: "NOTIFY_TEST",
      entity: "NotificationDelivery",
      entityId: row.id,
      after: { channel, target, result: result.ok ? "已送达" : `失败：${error}` },
    });
  });
  return result.ok
    ? { ok: true, message: `测试消息已发送${where}` }
    : { ok: false, sent: true, message: `测试消息发送失败${where}：${error}` };
}
