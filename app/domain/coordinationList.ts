// 需市级/省级协调问题清单 (report §二(三): "每月梳理上报需省市级层面解决的问题"): which issues were at CITY or
// PROVINCE level during a month, from their event history, and the month's 按时办结率 / 满意率 per county and team.
// Months are China calendar months.
import { CST_OFFSET_MS } from "./dates";
import type { IssueEventKind, IssueLevel } from "./issueWorkflow";

export interface MonthWindow {
  /** "2017-11" */
  key: string;
  year: number;
  month: number;
  /** 00:00 China time on the 1st. */
  start: Date;
  /** 00:00 China time on the 1st of the next month (exclusive). */
  end: Date;
}

const YM = /^(\d{4})-(\d{2})$/;

export function monthWindow(year: number, month: number): MonthWindow {
  const start = new Date(Date.UTC(year, month - 1, 1) - CST_OFFSET_MS);
  const end = new Date(Date.UTC(year, month, 1) - CST_OFFSET_MS);
  return { key: `${year}-${String(month).padStart(2, "0")}`, year, month, start, end };
}

/** "2017-11" → its window, or null for anything else (a bad URL falls back to the current month). */
export function parseMonth(s: string | null | undefined): MonthWindow | null {
  const m = s ? YM.exec(s) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return monthWindow(year, month);
}

/** The China month an instant falls in. */
export function monthOf(at: Date): MonthWindow {
  const local = new Date(at.getTime() + CST_OFFSET_MS);
  return monthWindow(local.getUTCFullYear(), local.getUTCMonth() + 1);
}

export function shiftMonth(w: MonthWindow, by: number): MonthWindow {
  const total = w.year * 12 + (w.month - 1) + by;
  return monthWindow(Math.floor(total / 12), (total % 12) + 1);
}

export interface LevelEvent {
  kind: IssueEventKind;
  toLevel: IssueLevel | null;
  at: Date;
}

export interface LevelSpan {
  level: IssueLevel;
  from: Date;
  /** Exclusive; `until` for the span still running. */
  to: Date;
}

const LEVEL_CHANGES = new Set<IssueEventKind>(["SUBMITTED", "ESCALATED", "AUTO_ESCALATED", "RETURNED"]);

/**
 * The spans during which the issue was open at each level, from its events in order. Closing (CONFIRMED) ends
 * a span; reopening (REJECTED / REOPENED) starts one at the same level.
 */
export function levelSpans(events: readonly LevelEvent[], until: Date): LevelSpan[] {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const spans: LevelSpan[] = [];
  let level: IssueLevel | null = null;
  let openSince: Date | null = null;
  const close = (at: Date) => {
    if (level && openSince && at > openSince) spans.push({ level, from: openSince, to: at });
    openSince = null;
  };
  for (const e of sorted) {
    if (e.at > until) break;
    if (LEVEL_CHANGES.has(e.kind) && e.toLevel) {
      close(e.at);
      level = e.toLevel;
      openSince = e.at;
    } else if (e.kind === "CONFIRMED") {
      close(e.at);
    } else if ((e.kind === "REOPENED" || e.kind === "REJECTED") && openSince === null) {
      openSince = e.at;
    }
  }
  close(until);
  return spans;
}

const COORDINATION: ReadonlySet<IssueLevel> = new Set(["CITY", "PROVINCE"]);

/**
 * The highest coordination level (PROVINCE over CITY) the issue was open at during [start, end), or null when
 * it was not at CITY/PROVINCE level in that window.
 */
export function coordinationLevelDuring(
  events: readonly LevelEvent[],
  start: Date,
  end: Date,
  now: Date,
): IssueLevel | null {
  const until = end < now ? end : now;
  let best: IssueLevel | null = null;
  for (const s of levelSpans(events, until)) {
    if (!COORDINATION.has(s.level) || s.to <= start || s.from >= end) continue;
    if (best !== "PROVINCE") best = s.level;
  }
  return best;
}

// — the month's rates per county and per team —

export interface RateInput {
  groupKey: string;
  groupName: string;
  /** The running (last) clock's deadlines and the steps done under it. */
  acceptDueAt: Date | null;
  respondDueAt: Date | null;
  resolveDueAt: Date | null;
  acceptedAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  satisfaction: number | null;
  /**
   * When the issue's earlier clocks went past a deadline: its OVERDUE events (the 13710 sweep marks every step
   * that passes its deadline) and AUTO_ESCALATED events (the resolve deadline passed).
   */
  overdueMarks: readonly Date[];
}

/**
 * 按时办结: resolved, and no step of the issue ever went past its deadline — not in the clock it was resolved
 * under (accepted, first feedback — or the resolution itself when there was none — and resolved by their
 * deadlines) and not in any earlier clock (no OVERDUE / AUTO_ESCALATED mark up to the resolution). An escalation
 * or a rejection starts a fresh clock, so the last clock alone would forgive an issue that was late at a lower
 * level and then resolved quickly above it.
 */
export function resolvedOnTime(i: Omit<RateInput, "groupKey" | "groupName" | "closedAt" | "satisfaction">): boolean {
  const resolved = i.resolvedAt;
  if (!resolved || !i.resolveDueAt) return false;
  const within = (done: Date | null, due: Date | null) => due === null || (done ?? resolved) <= due;
  return (
    resolved <= i.resolveDueAt &&
    within(i.acceptedAt, i.acceptDueAt) &&
    within(i.firstRespondedAt, i.respondDueAt) &&
    !i.overdueMarks.some((at) => at <= resolved)
  );
}

export interface RateRow {
  key: string;
  name: string;
  /** Issues resolved in the month (their latest resolution). */
  resolved: number;
  /** …of them with no step of the issue ever past its 13710 deadline (resolvedOnTime). */
  onTime: number;
  /** Issues the enterprise confirmed in the month. */
  confirmed: number;
  /** …with 满意 or 非常满意 (4–5). */
  satisfied: number;
  /** Sum of the confirmed scores (average = scoreSum / confirmed). */
  scoreSum: number;
}

const inWindow = (d: Date | null, w: { start: Date; end: Date }) => d !== null && d >= w.start && d < w.end;

export function monthRates(items: readonly RateInput[], w: { start: Date; end: Date }): RateRow[] {
  const rows = new Map<string, RateRow>();
  for (const i of items) {
    const resolved = inWindow(i.resolvedAt, w);
    const confirmed = inWindow(i.closedAt, w) && i.satisfaction !== null;
    if (!resolved && !confirmed) continue;
    let r = rows.get(i.groupKey);
    if (!r) {
      r = { key: i.groupKey, name: i.groupName, resolved: 0, onTime: 0, confirmed: 0, satisfied: 0, scoreSum: 0 };
      rows.set(i.groupKey, r);
    }
    if (resolved) {
      r.resolved++;
      if (resolvedOnTime(i)) r.onTime++;
    }
    if (confirmed) {
      r.confirmed++;
      r.scoreSum += i.satisfaction!;
      if (i.satisfaction! >= 4) r.satisfied++;
    }
  }
  return [...rows.values()];
}

/** The sum row of a rates table. */
export function totalRates(rows: readonly RateRow[], name = "合计"): RateRow {
  return rows.reduce(
    (t, r) => ({
      ...t,
      resolved: t.resolved + r.resolved,
      onTime: t.onTime + r.onTime,
      confirmed: t.confirmed + r.confirmed,
      satisfied: t.satisfied + r.satisfied,
      scoreSum: t.scoreSum + r.scoreSum,
    }),
    { key: "total", name, resolved: 0, onTime: 0, confirmed: 0, satisfied: 0, scoreSum: 0 },
  );
}

/** "4.5" — one decimal, integer arithmetic; "—" without scores. */
export function averageScore(r: Pick<RateRow, "scoreSum" | "confirmed">): string {
  if (r.confirmed === 0) return "—";
  const tenths = Math.round((r.scoreSum * 10) / r.confirmed);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
