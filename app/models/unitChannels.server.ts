// A unit's own group robot (issue 16 §2, docs/decisions/166): the administrator gives a service team, a county or a
// department its own 钉钉 robot (webhook + 加签 secret) or 企业微信 robot; the outbox routes its members' group
// messages there, everyone else's to the environment's robot. Secrets are kept in the database and never shown back.
import { CHANNEL_LABELS, type Channel } from "~/domain/notificationMessage";
import { Refusal } from "~/domain/refusal";
import { maskSecret, maskWebhook, unitKey, webhookError, type RobotChannel, type UnitRef } from "~/domain/unitChannels";
import { audit } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";

export interface RobotConfig {
  url: string;
  secret?: string;
}

export interface UnitChannelRow {
  teamId: number | null;
  countyId: number | null;
  departmentId: number | null;
  channel: string;
  webhookUrl: string;
  secret: string | null;
}

const rowUnit = (r: Pick<UnitChannelRow, "teamId" | "countyId" | "departmentId">): UnitRef =>
  r.teamId
    ? { kind: "team", id: r.teamId }
    : r.countyId
      ? { kind: "county", id: r.countyId }
      : { kind: "department", id: r.departmentId! };

const unitWhere = (u: UnitRef) =>
  u.kind === "team" ? { teamId: u.id } : u.kind === "county" ? { countyId: u.id } : { departmentId: u.id };

/** Every unit's robots (a small table), keyed "team:3|DINGTALK". */
export async function loadUnitChannels(db: Db | Tx): Promise<Map<string, UnitChannelRow>> {
  const rows = await db.unitChannel.findMany({
    select: { teamId: true, countyId: true, departmentId: true, channel: true, webhookUrl: true, secret: true },
  });
  return new Map(rows.map((r) => [`${unitKey(rowUnit(r))}|${r.channel}`, r]));
}

/**
 * Where a user's group message on `channel` goes: the robot of their team, else of their county, else of their
 * department ("team:3" …), else the environment's ("group"); null when there is none at all.
 */
export function groupTarget(
  user: { teamId: number | null; countyId: number | null; departmentId: number | null },
  channel: Channel,
  units: Map<string, UnitChannelRow>,
): string | null {
  const mine: UnitRef[] = [];
  if (user.teamId) mine.push({ kind: "team", id: user.teamId });
  if (user.countyId) mine.push({ kind: "county", id: user.countyId });
  if (user.departmentId) mine.push({ kind: "department", id: user.departmentId });
  for (const u of mine) if (units.has(`${unitKey(u)}|${channel}`)) return unitKey(u);
  return envRobot(channel) ? "group" : null;
}

/** The environment's robot for a group channel, if configured. */
export function envRobot(channel: Channel): RobotConfig | null {
  const e = env();
  if (channel === "DINGTALK" && e.DINGTALK_WEBHOOK_URL)
    return { url: e.DINGTALK_WEBHOOK_URL, secret: e.DINGTALK_SECRET || undefined };
  if (channel === "WECOM" && e.WECOM_WEBHOOK_URL) return { url: e.WECOM_WEBHOOK_URL };
  return null;
}

/** The robot a group row's target stands for: the unit's own, else (removed since) the environment's. */
export async function robotFor(db: Db | Tx, target: string, channel: Channel): Promise<RobotConfig | null> {
  const [kind, id] = target.split(":");
  if (target !== "group" && id) {
    const row = await db.unitChannel.findFirst({
      where: { ...unitWhere({ kind: kind as UnitRef["kind"], id: Number(id) }), channel },
      select: { webhookUrl: true, secret: true },
    });
    if (row) return { url: row.webhookUrl, secret: row.secret ?? undefined };
  }
  return envRobot(channel);
}

export interface UnitChannelView {
  id: number;
  unit: string;
  unitName: string;
  channel: RobotChannel;
  channelLabel: string;
  webhook: string;
  secret: string | null;
  updatedAt: string;
}

/** The units' robots for the admin page, secrets masked. */
export async function listUnitChannels(): Promise<UnitChannelView[]> {
  const rows = await prisma.unitChannel.findMany({
    orderBy: [{ teamId: "asc" }, { countyId: "asc" }, { departmentId: "asc" }, { channel: "asc" }],
    include: {
      team: { select: { name: true } },
      county: { select: { name: true } },
      department: { select: { name: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    unit: unitKey(rowUnit(r)),
    unitName: r.team?.name ?? r.county?.name ?? r.department?.name ?? "",
    channel: r.channel as RobotChannel,
    channelLabel: CHANNEL_LABELS[r.channel as Channel],
    webhook: maskWebhook(r.webhookUrl),
    secret: maskSecret(r.secret),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The units an administrator may give a robot, for the page's select. */
export async function unitOptions() {
  const [teams, counties, departments] = await Promise.all([
    prisma.serviceTeam.findMany({ orderBy: { no: "asc" }, select: { id: true, name: true } }),
    prisma.county.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }),
    prisma.department.findMany({ orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }),
  ]);
  return {
    team: teams.map((t) => ({ value: `team:${t.id}`, label: t.name })),
    county: counties.map((c) => ({ value: `county:${c.id}`, label: c.name })),
    department: departments.map((d) => ({ value: `department:${d.id}`, label: d.name })),
  };
}

async function unitName(db: Db | Tx, u: UnitRef): Promise<string | null> {
  if (u.kind === "team")
    return (await db.serviceTeam.findUnique({ where: { id: u.id }, select: { name: true } }))?.name ?? null;
  if (u.kind === "county")
    return (await db.county.findUnique({ where: { id: u.id }, select: { name: true } }))?.name ?? null;
  return (await db.department.findUnique({ where: { id: u.id }, select: { name: true } }))?.name ?? null;
}

/**
 * Gives a unit its own robot on `channel` (or changes it). An empty secret keeps the one saved (the page never shows
 * it); `clearSecret` removes it. Audited with the address and secret masked.
 */
export async function setUnitChannel(
  admin: { id: number },
  input: { unit: UnitRef; channel: RobotChannel; webhookUrl: string; secret: string; clearSecret?: boolean },
): Promise<void> {
  const url = input.webhookUrl.trim();
  const bad = webhookError(url);
  if (bad) throw Refusal.fields({ webhookUrl: bad });
  if (input.secret.length > 200) throw Refusal.fields({ secret: "加签密钥不能超过 200 个字符" });
  await prisma.$transaction(async (tx) => {
    const name = await unitName(tx, input.unit);
    if (!name) throw Refusal.fields({ unit: "请选择单位" });
    const where = { ...unitWhere(input.unit), channel: input.channel };
    const before = await tx.unitChannel.findFirst({ where });
    const secret =
      input.channel !== "DINGTALK" || input.clearSecret ? null : input.secret.trim() || before?.secret || null;
    const row = before
      ? await tx.unitChannel.update({ where: { id: before.id }, data: { webhookUrl: url, secret } })
      : await tx.unitChannel.create({ data: { ...where, webhookUrl: url, secret } });
    await audit(tx, {
      actorId: admin.id,
      action: "UNIT_CHANNEL_SET",
      entity: "UnitChannel",
      entityId: row.id,
      before: before
        ? {
            单位: name,
            通道: CHANNEL_LABELS[input.channel],
            地址: maskWebhook(before.webhookUrl),
            加签: maskSecret(before.secret) ?? "无",
          }
        : undefined,
      after: {
        单位: name,
        通道: CHANNEL_LABELS[input.channel],
        地址: maskWebhook(url),
        加签: maskSecret(secret) ?? "无",
      },
    });
  });
}

/** Removes a unit's robot: its messages go to the environment's robot again. */
export async function clearUnitChannel(admin: { id: number }, id: number): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.unitChannel.findUnique({ where: { id } });
    if (!row) return false;
    const name = await unitName(tx, rowUnit(row));
    await tx.unitChannel.delete({ where: { id } });
    await audit(tx, {
      actorId: admin.id,
      action: "UNIT_CHANNEL_CLEAR",
      entity: "UnitChannel",
      entityId: id,
      before: { 单位: name, 通道: CHANNEL_LABELS[row.channel as Channel], 地址: maskWebhook(row.webhookUrl) },
    });
    return true;
  });
}

export { unitName };
