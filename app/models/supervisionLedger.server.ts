// 督办台账: the ledger's rows, filters and per-unit numbers (按时办结率, 催办次数), read through the viewer's scope
// (`db.as(viewer)`), so a 责任单位 sees only items where it is 主办 or 协办. The page, its XLSX export and the
// monthly 通报's 督办 section all read `supervisionLedger`, so their numbers agree.
import { z } from "zod";
import type { LedgerRowView } from "~/components/supervision/LedgerTable";
import { chinaToday } from "~/domain/dates";
import type { Viewer } from "~/domain/permissions";
import {
  OPEN_SUPERVISION_STATES,
  SUPERVISION_LEVELS,
  SUPERVISION_SOURCES,
  SUPERVISION_STATES,
  supervisionCard,
  unitStat,
  type Card,
  type SupervisionRef,
  type UnitStat,
} from "~/domain/supervision";
import type { Prisma } from "~/generated/prisma/client";
import { now as clockNow } from "~/utils/clock.server";
import { prisma, type Tx } from "~/utils/db.server";
import { db } from "./db.server";
import { loadWorkCalendar } from "./slaConfig.server";

const id = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
export const LedgerQuery = z.object({
  unit: id,
  leader: id,
  level: z.enum(SUPERVISION_LEVELS).optional().catch(undefined),
  source: z.enum(SUPERVISION_SOURCES).optional().catch(undefined),
  /** a state, or EXTENSION (an extension awaiting the office) */
  state: z
    .enum([...SUPERVISION_STATES, "EXTENSION"])
    .optional()
    .catch(undefined),
  overdue: z.enum(["1"]).optional().catch(undefined),
  /** 我的批示 */
  mine: z.enum(["1"]).optional().catch(undefined),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export function parseLedgerQuery(sp: URLSearchParams): LedgerQuery {
  const raw = Object.fromEntries([...sp.entries()].filter(([, v]) => v !== ""));
  return LedgerQuery.parse(raw);
}

/** Open items with an owed step past its deadline at `now` (the same rule as overdueSteps, in SQL terms). */
export function overdueWhere(now: Date): Prisma.SupervisionWhereInput {
  return {
    state: { in: [...OPEN_SUPERVISION_STATES] },
    OR: [
      { signedAt: null, signDueAt: { lte: now } },
      { plannedAt: null, planDueAt: { lte: now } },
      { progressedAt: null, progressDueAt: { lte: now } },
      { finishDueAt: { lte: now } },
    ],
  };
}

export function ledgerWhere(viewer: Viewer, q: LedgerQuery, now: Date): Prisma.SupervisionWhereInput {
  const and: Prisma.SupervisionWhereInput[] = [];
  if (q.unit) and.push({ units: { some: { departmentId: q.unit } } });
  if (q.leader) and.push({ leaderId: q.leader });
  if (q.mine) and.push({ leaderId: viewer.id });
  if (q.level) and.push({ level: q.level });
  if (q.source) and.push({ source: q.source });
  if (q.state === "EXTENSION") and.push({ pendingDueAt: { not: null } });
  else if (q.state) and.push({ state: q.state });
  if (q.overdue) and.push(overdueWhere(now));
  return and.length ? { AND: and } : {};
}

const rowSelect = {
  id: true,
  code: true,
  title: true,
  level: true,
  source: true,
  state: true,
  leaderId: true,
  assignedAt: true,
  finishDays: true,
  signDueAt: true,
  planDueAt: true,
  progressDueAt: true,
  finishDueAt: true,
  signedAt: true,
  plannedAt: true,
  progressedAt: true,
  reportedAt: true,
  closedAt: true,
  pendingDueAt: true,
  extensionCount: true,
  urgeCount: true,
  onTime: true,
  latestProgress: true,
  latestAt: true,
  version: true,
  leader: { select: { displayName: true, title: true } },
  units: { select: { isLead: true, department: { select: { id: true, name: true, sortOrder: true } } } },
} as const;

export interface LedgerRow {
  id: number;
  code: string;
  title: string;
  level: (typeof SUPERVISION_LEVELS)[number];
  source: (typeof SUPERVISION_SOURCES)[number];
  state: (typeof SUPERVISION_STATES)[number];
  leader: string;
  leadUnit: { id: number; name: string } | null;
  assistUnits: { id: number; name: string }[];
  assignedAt: Date;
  finishDueAt: Date;
  /** 时限 as people read it: "2017-11-29" (+ 已延期 n 次) */
  deadlineText: string;
  pendingDueAt: Date | null;
  closedAt: Date | null;
  extensionCount: number;
  urgeCount: number;
  onTime: boolean | null;
  latestProgress: string | null;
  latestAt: Date | null;
  card: Card;
  overdue: boolean;
}

export interface UnitStatRow extends UnitStat {
  unitId: number;
  unit: string;
}

export interface Ledger {
  rows: LedgerRow[];
  units: UnitStatRow[];
  total: UnitStat;
  asOf: Date;
}

const deadlineDay = (d: Date) => chinaToday(new Date(d.getTime() - 1));

/** The ledger for the viewer and the filters, at `now` (the application clock unless a report asks as of a date). */
export async function supervisionLedger(viewer: Viewer, q: LedgerQuery, now = clockNow()): Promise<Ledger> {
  return ledgerOf(db.as(viewer), ledgerWhere(viewer, q, now), now);
}

/**
 * The ledger of the items `where` selects, read through `client`: the viewer's scoped client for the page, or the
 * freezing transaction for the monthly 通报 (whose 督办 section is the report scope's, docs/decisions/190). One
 * statement at a time, so a transaction's connection can run it.
 */
export async function ledgerOf(client: Tx, where: Prisma.SupervisionWhereInput, now: Date): Promise<Ledger> {
  const found = await client.supervision.findMany({
    where,
    select: rowSelect,
    orderBy: [{ assignedAt: "desc" }, { id: "desc" }],
  });
  const cal = await loadWorkCalendar(client);
  const rows: LedgerRow[] = found.map((r) => {
    const units = [...r.units].sort((a, b) => a.department.sortOrder - b.department.sortOrder);
    const lead = units.find((u) => u.isLead)?.department ?? null;
    const card = supervisionCard(r as unknown as SupervisionRef, now, cal);
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      level: r.level,
      source: r.source,
      state: r.state,
      leader: r.leader.displayName,
      leadUnit: lead ? { id: lead.id, name: lead.name } : null,
      assistUnits: units.filter((u) => !u.isLead).map((u) => ({ id: u.department.id, name: u.department.name })),
      assignedAt: r.assignedAt,
      finishDueAt: r.finishDueAt,
      deadlineText: `${deadlineDay(r.finishDueAt)}${r.extensionCount ? `（已延期 ${r.extensionCount} 次）` : ""}`,
      pendingDueAt: r.pendingDueAt,
      closedAt: r.closedAt,
      extensionCount: r.extensionCount,
      urgeCount: r.urgeCount,
      onTime: r.onTime,
      latestProgress: r.latestProgress,
      latestAt: r.latestAt,
      card,
      overdue: card.color === "red",
    };
  });
  // per 主办 unit, in the units' order
  const byUnit = new Map<number, { unit: string; order: number; rows: LedgerRow[] }>();
  for (const r of rows) {
    if (!r.leadUnit) continue;
    const g = byUnit.get(r.leadUnit.id) ?? { unit: r.leadUnit.name, order: 0, rows: [] };
    g.rows.push(r);
    byUnit.set(r.leadUnit.id, g);
  }
  const order = new Map(
    found.flatMap((r) => r.units.map((u) => [u.department.id, u.department.sortOrder] as [number, number])),
  );
  const units = [...byUnit.entries()]
    .sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))
    .map(([unitId, g]) => ({ unitId, unit: g.unit, ...unitStat(g.rows, now) }));
  return { rows, units, total: unitStat(rows, now), asOf: now };
}

/** The filter choices: units, leaders who wrote 批示. */
export async function ledgerOptions() {
  const [units, leaders] = await Promise.all([
    prisma.department.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.user.findMany({
      where: { role: "LEADER" },
      select: { id: true, displayName: true },
      orderBy: { id: "asc" },
    }),
  ]);
  return { units, leaders };
}

/** A row as the pages get it (plain JSON for the loader; app/components/supervision/LedgerTable.tsx draws it). */
export function ledgerRowView(r: LedgerRow): LedgerRowView {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    level: r.level,
    source: r.source,
    state: r.state,
    leader: r.leader,
    leadUnit: r.leadUnit?.name ?? "",
    assistUnits: r.assistUnits.map((u) => u.name).join("、"),
    deadline: r.deadlineText,
    pending: r.pendingDueAt !== null,
    urgeCount: r.urgeCount,
    latestProgress: r.latestProgress,
    latestAt: r.latestAt?.toISOString() ?? null,
    card: { color: r.card.color, text: r.card.text, dueAt: r.card.dueAt?.toISOString() ?? null },
  };
}

const CARD_RANK = { red: 0, yellow: 1, green: 2, stopped: 3 } as const;
const STATE_RANK: Record<LedgerRow["state"], number> = {
  ASSIGNED: 0,
  RETURNED: 0,
  HANDLING: 0,
  REPORTED: 1,
  CLOSED: 2,
  EVALUATED: 2,
};

/** Most urgent first: open items by card (red, yellow, green) and the owed step's deadline; then 待审核; then done. */
export function byUrgency(a: LedgerRow, b: LedgerRow): number {
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    CARD_RANK[a.card.color] - CARD_RANK[b.card.color] ||
    (a.card.dueAt?.getTime() ?? 0) - (b.card.dueAt?.getTime() ?? 0) ||
    b.assignedAt.getTime() - a.assignedAt.getTime()
  );
}

/** Counts a home page shows above its list. */
export function ledgerCounts(rows: readonly LedgerRow[]) {
  const open = rows.filter((r) => OPEN_SUPERVISION_STATES.includes(r.state));
  return {
    total: rows.length,
    toSign: rows.filter((r) => r.state === "ASSIGNED").length,
    handling: rows.filter((r) => r.state === "HANDLING" || r.state === "RETURNED").length,
    reported: rows.filter((r) => r.state === "REPORTED").length,
    done: rows.filter((r) => r.state === "CLOSED" || r.state === "EVALUATED").length,
    red: open.filter((r) => r.card.color === "red").length,
    yellow: open.filter((r) => r.card.color === "yellow").length,
    pending: rows.filter((r) => r.pendingDueAt !== null).length,
  };
}
export type LedgerCounts = ReturnType<typeof ledgerCounts>;

const HOME_ROWS = 20;
const RECENTLY_CLOSED_MS = 30 * 24 * 3600 * 1000;

/**
 * 我的批示 on a leader's home: the leader's own 批示 still in hand (open, or awaiting 销号) and those 销号 in the last
 * 30 days, most urgent first, with the counts over all of them.
 */
export async function myInstructions(viewer: Viewer, now = clockNow()) {
  const { rows } = await supervisionLedger(viewer, { mine: "1" }, now);
  const current = rows.filter((r) => r.closedAt === null || now.getTime() - r.closedAt.getTime() <= RECENTLY_CLOSED_MS);
  return { counts: ledgerCounts(rows), rows: current.sort(byUrgency).slice(0, HOME_ROWS).map(ledgerRowView) };
}

/** The 责任单位 an account acts for on its home: a department's own, a county's government (decision 140). */
async function ownUnitId(viewer: Viewer): Promise<number | null> {
  if (viewer.role === "DEPARTMENT") return viewer.departmentId ?? null;
  if (viewer.role === "COUNTY" && viewer.countyId !== null) {
    const gov = await prisma.department.findUnique({ where: { countyId: viewer.countyId }, select: { id: true } });
    return gov?.id ?? null;
  }
  return null;
}

/**
 * A 责任单位's 督办 work on its home (a department's 工作台, a county's dashboard): the items it handles as 主办 (open ones most urgent first, then those
 * awaiting the office's 销号) and the open items it assists as 协办. The scope is the viewer's (supervisionScope).
 */
export async function unitSupervisionWork(viewer: Viewer, now = clockNow()) {
  const { rows } = await supervisionLedger(viewer, {}, now);
  const unitId = await ownUnitId(viewer);
  const lead = rows.filter((r) => r.leadUnit?.id === unitId).sort(byUrgency);
  const assist = rows
    .filter((r) => r.leadUnit?.id !== unitId && OPEN_SUPERVISION_STATES.includes(r.state))
    .sort(byUrgency);
  const active = lead.filter((r) => OPEN_SUPERVISION_STATES.includes(r.state) || r.state === "REPORTED");
  const unit = unitId ? await prisma.department.findUnique({ where: { id: unitId }, select: { name: true } }) : null;
  return {
    unit: unit?.name ?? null,
    counts: ledgerCounts(lead),
    lead: active.map(ledgerRowView),
    assist: assist.map(ledgerRowView),
  };
}
