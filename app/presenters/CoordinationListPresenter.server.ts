// 需市级/省级协调问题清单 for a month: the issues that were open at CITY or PROVINCE level during it (from their
// event history), with owner, age, clock and last progress; and the month's 按时办结率 / 满意率 per county and
// team. Takes the Prisma client as an argument so it can be tested and exported alone.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { coordinationLevelDuring, monthRates, type MonthWindow, type RateRow } from "~/domain/coordinationList";
import { daysBetween, chinaToday } from "~/domain/dates";
import type { IssueLevel } from "~/domain/issueWorkflow";
import type { Viewer } from "~/domain/permissions";
import { clockView, type ClockView } from "~/models/issue.server";
import { issueScope } from "~/models/scope.server";
import { loadClockConfig } from "~/models/slaConfig.server";
import type { Tx } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";
import { displayNames } from "~/models/people.server";

export interface CoordinationRow {
  id: number;
  code: string;
  title: string;
  enterprise: string;
  project: string | null;
  county: string;
  team: string | null;
  category: string;
  /** Highest level held during the month. */
  levelInMonth: IssueLevel;
  levelNow: IssueLevel;
  status: string;
  owner: string;
  /** Calendar days from submission to the end of the month (or today, or closing if earlier). */
  ageDays: number;
  clock: ClockView;
  lastProgress: { at: string; note: string; actor: string } | null;
}

export const COORDINATION_SORTS = ["level", "age", "code", "county"] as const;
export type CoordinationSort = (typeof COORDINATION_SORTS)[number];

const CoordinationQuery = z.object({
  sort: z.enum(COORDINATION_SORTS).default("level").catch("level"),
  dir: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export function parseCoordinationQuery(sp: URLSearchParams) {
  return CoordinationQuery.parse(Object.fromEntries(sp));
}

function ownerOf(level: IssueLevel, assignee: string | null): string {
  const office =
    level === "PROVINCE"
      ? "省级部门（市经信委跟踪）"
      : level === "CITY"
        ? "市经信委"
        : level === "COUNTY"
          ? "县级企业服务办公室"
          : "服务小组";
  return assignee ? `${office} · ${assignee}` : `${office}（待受理）`;
}

/**
 * `countyId` narrows the list to one county (a county's 月度通报 seen by a city role); the viewer's scope applies
 * either way. `db` may be a transaction (the frozen monthly report reads everything in one snapshot).
 */
export async function coordinationList(
  db: Tx,
  viewer: Viewer,
  month: MonthWindow,
  now = clockNow(),
  countyId: number | null = null,
) {
  const cutoff = month.end < now ? month.end : now;
  const inCounty: Prisma.CoordinationIssueWhereInput = countyId ? { countyId } : {};
  const coordination: Prisma.CoordinationIssueWhereInput = {
    AND: [
      issueScope(viewer),
      inCounty,
      { submittedAt: { lt: cutoff } },
      {
        OR: [
          { level: { in: ["CITY", "PROVINCE"] } },
          { events: { some: { toLevel: { in: ["CITY", "PROVINCE"] }, createdAt: { lt: cutoff } } } },
        ],
      },
    ],
  };
  const [candidates, { policy, cal }] = await Promise.all([
    db.coordinationIssue.findMany({
      where: coordination,
      orderBy: { id: "asc" },
      select: {
        id: true,
        code: true,
        title: true,
        category: true,
        level: true,
        status: true,
        submittedAt: true,
        closedAt: true,
        assigneeId: true,
        acceptDueAt: true,
        respondDueAt: true,
        resolveDueAt: true,
        enterprise: { select: { name: true } },
        project: { select: { name: true } },
        county: { select: { name: true } },
        team: { select: { name: true } },
        events: {
          where: { createdAt: { lt: cutoff } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { kind: true, toLevel: true, createdAt: true, note: true, actorId: true },
        },
      },
    }),
    loadClockConfig(db),
  ]);
  const listed = candidates
    .map((c) => ({
      c,
      level: coordinationLevelDuring(
        c.events.map((e) => ({ kind: e.kind, toLevel: e.toLevel, at: e.createdAt })),
        month.start,
        month.end,
        now,
      ),
    }))
    .filter((x): x is { c: (typeof candidates)[number]; level: IssueLevel } => x.level !== null);

  const people = new Set<number>();
  for (const { c } of listed) {
    if (c.assigneeId) people.add(c.assigneeId);
    for (const e of c.events) if (e.actorId) people.add(e.actorId);
  }
  const nameOf = await displayNames(people, db);

  const rows: CoordinationRow[] = listed.map(({ c, level }) => {
    const progress = [...c.events].reverse().find((e) => e.note && e.kind !== "SUBMITTED");
    const end = c.closedAt && c.closedAt < cutoff ? c.closedAt : cutoff;
    return {
      id: c.id,
      code: c.code,
      title: c.title,
      enterprise: c.enterprise.name,
      project: c.project?.name ?? null,
      county: c.county.name,
      team: c.team?.name ?? null,
      category: c.category,
      levelInMonth: level,
      levelNow: c.level,
      status: c.status,
      owner: ownerOf(c.level, c.assigneeId ? (nameOf.get(c.assigneeId) ?? null) : null),
      ageDays: Math.max(0, daysBetween(chinaToday(c.submittedAt), chinaToday(new Date(end.getTime() - 1)))),
      clock: clockView(c, now, policy, cal),
      lastProgress: progress
        ? {
            at: progress.createdAt.toISOString(),
            note: progress.note!,
            actor: progress.actorId ? (nameOf.get(progress.actorId) ?? "") : "系统",
          }
        : null,
    };
  });

  // — rates: every issue in scope resolved or confirmed during the month —
  const rated = await db.coordinationIssue.findMany({
    where: {
      AND: [
        issueScope(viewer),
        inCounty,
        {
          OR: [{ resolvedAt: { gte: month.start, lt: month.end } }, { closedAt: { gte: month.start, lt: month.end } }],
        },
      ],
    },
    select: {
      acceptDueAt: true,
      respondDueAt: true,
      resolveDueAt: true,
      acceptedAt: true,
      firstRespondedAt: true,
      resolvedAt: true,
      closedAt: true,
      satisfaction: true,
      events: { where: { kind: { in: ["OVERDUE", "AUTO_ESCALATED"] } }, select: { createdAt: true } },
      county: { select: { id: true, name: true, sortOrder: true } },
      team: { select: { id: true, no: true, name: true } },
    },
  });
  const countyOrder = new Map(rated.map((r) => [String(r.county.id), r.county.sortOrder]));
  const teamOrder = new Map(rated.map((r) => [r.team ? String(r.team.id) : "none", r.team?.no ?? 999]));
  const base = (r: (typeof rated)[number]) => ({
    acceptDueAt: r.acceptDueAt,
    respondDueAt: r.respondDueAt,
    resolveDueAt: r.resolveDueAt,
    acceptedAt: r.acceptedAt,
    firstRespondedAt: r.firstRespondedAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    satisfaction: r.satisfaction,
    overdueMarks: r.events.map((e) => e.createdAt),
  });
  const countyRates = monthRates(
    rated.map((r) => ({ ...base(r), groupKey: String(r.county.id), groupName: r.county.name })),
    month,
  ).sort((a, b) => (countyOrder.get(a.key) ?? 0) - (countyOrder.get(b.key) ?? 0));
  const teamRates = monthRates(
    rated.map((r) => ({
      ...base(r),
      groupKey: r.team ? String(r.team.id) : "none",
      groupName: r.team?.name ?? "未分配服务小组",
    })),
    month,
  ).sort((a, b) => (teamOrder.get(a.key) ?? 0) - (teamOrder.get(b.key) ?? 0));
  return { rows, countyRates, teamRates };
}

const LEVEL_RANK: Record<IssueLevel, number> = { TEAM: 0, COUNTY: 1, CITY: 2, PROVINCE: 3 };

export function sortCoordinationRows(rows: CoordinationRow[], sort: CoordinationSort, dir: "asc" | "desc") {
  const k = dir === "asc" ? 1 : -1;
  const cmp: Record<CoordinationSort, (a: CoordinationRow, b: CoordinationRow) => number> = {
    level: (a, b) => LEVEL_RANK[a.levelInMonth] - LEVEL_RANK[b.levelInMonth] || b.ageDays - a.ageDays,
    age: (a, b) => a.ageDays - b.ageDays,
    code: (a, b) => a.code.localeCompare(b.code),
    county: (a, b) => a.county.localeCompare(b.county, "zh-CN"),
  };
  return [...rows].sort((a, b) => k * cmp[sort](a, b) || a.id - b.id);
}

export type { RateRow };
