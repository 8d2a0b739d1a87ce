// 重点项目动态调整: the screen's data (lagging plan projects beside ready reserve projects, the plan's totals
// before and after the year's moves) and the move itself — pool change + plan_adjustment row + audit, in one
// transaction, version-checked.
import { countyOptions } from "./options.server";
import type { AdjustmentQuery } from "~/domain/adjustmentQuery.server";
import { ADJUSTMENT_PAGE_SIZE } from "~/domain/adjustmentQuery";
import { fromIsoDate, toIsoDate } from "~/domain/dates";
import type { Viewer } from "~/domain/permissions";
import {
  allowedMoves,
  defaultReviewDate,
  isReadyReserve,
  moveChanges,
  planTotals,
  totalsAfterMove,
  totalsBeforeAdjustments,
  type Pool,
} from "~/domain/planAdjustment";
import { deriveStage, lagging, PROJECT_STAGES, type LagLevel, type MilestoneDates } from "~/domain/stage";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { Refusal } from "~/domain/refusal";
import { prisma } from "~/utils/db.server";
import { projectScope } from "./scope.server";
import { today as clockToday } from "~/utils/clock.server";
import { displayNames } from "./people.server";

const candidateSelect = {
  id: true,
  code: true,
  name: true,
  version: true,
  pool: true,
  isTransformation: true,
  planYear: true,
  annualPlanInvestment: true,
  totalInvestment: true,
  county: { select: { id: true, name: true } },
  milestones: { select: { stage: true, plannedOn: true, actualOn: true } },
} as const;

type Candidate = {
  id: number;
  code: string;
  name: string;
  version: number;
  pool: Pool;
  isTransformation: boolean;
  planYear: number;
  annualPlanInvestment: number;
  totalInvestment: number;
  county: { id: number; name: string };
  milestones: Array<{ stage: MilestoneDates["stage"]; plannedOn: Date | null; actualOn: Date | null }>;
};

function dates(ms: Candidate["milestones"]): MilestoneDates[] {
  return ms.map((m) => ({
    stage: m.stage,
    plannedOn: m.plannedOn ? toIsoDate(m.plannedOn) : null,
    actualOn: m.actualOn ? toIsoDate(m.actualOn) : null,
  }));
}

const LAG_RANK: Record<LagLevel, number> = { none: 0, yellow: 1, red: 2 };

function row(p: Candidate, asOf: string) {
  const ms = dates(p.milestones);
  const lag = lagging(ms, asOf);
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    version: p.version,
    county: p.county.name,
    annualPlanInvestment: p.annualPlanInvestment,
    totalInvestment: p.totalInvestment,
    stage: deriveStage(ms, asOf),
    signedOn: ms.find((m) => m.stage === "SIGNED")?.actualOn ?? null,
    lag,
    ready: isReadyReserve(ms, asOf),
  };
}
export type AdjustmentRow = ReturnType<typeof row>;

function page<T>(items: T[], n: number) {
  const pages = Math.max(1, Math.ceil(items.length / ADJUSTMENT_PAGE_SIZE));
  const p = Math.min(n, pages);
  return { rows: items.slice((p - 1) * ADJUSTMENT_PAGE_SIZE, p * ADJUSTMENT_PAGE_SIZE), total: items.length, page: p };
}

function by<T>(key: (x: T) => number | string, dir: "asc" | "desc", tie: (x: T) => number) {
  const sign = dir === "asc" ? 1 : -1;
  return (a: T, b: T) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -sign;
    if (ka > kb) return sign;
    return tie(a) - tie(b);
  };
}

/** The plan year the screen opens on: the latest year that has a transformation plan. */
async function latestPlanYear(): Promise<number> {
  const p = await prisma.project.findFirst({
    where: { isTransformation: true },
    orderBy: { planYear: "desc" },
    select: { planYear: true },
  });
  return p?.planYear ?? Number(clockToday().slice(0, 4));
}

export async function adjustmentBoard(viewer: Viewer, q: AdjustmentQuery) {
  const year = q.year ?? (await latestPlanYear());
  const asOf = q.asOf ?? defaultReviewDate(year);
  const scope = projectScope(viewer);
  const [plan, reserve, years, counties, moves] = await Promise.all([
    prisma.project.findMany({
      where: { AND: [scope, { planYear: year, isTransformation: true, pool: "ACTIVE" }] },
      select: candidateSelect,
    }),
    prisma.project.findMany({ where: { AND: [scope, { planYear: year, pool: "RESERVE" }] }, select: candidateSelect }),
    prisma.project.findMany({
      where: { isTransformation: true },
      distinct: ["planYear"],
      select: { planYear: true },
      orderBy: { planYear: "desc" },
    }),
    countyOptions(),
    prisma.planAdjustment.findMany({
      where: { planYear: year, project: scope },
      orderBy: [{ decidedOn: "desc" }, { id: "desc" }],
      select: {
        id: true,
        fromPool: true,
        toPool: true,
        reason: true,
        decidedOn: true,
        decidedById: true,
        project: { select: { id: true, code: true, name: true, annualPlanInvestment: true } },
      },
    }),
  ]);
  const now = planTotals(plan);
  const before = totalsBeforeAdjustments(
    now,
    moves.map((m) => ({
      fromPool: m.fromPool,
      toPool: m.toPool,
      annualPlanInvestment: m.project.annualPlanInvestment,
    })),
  );
  const inCounty = (p: Candidate) => !q.county || p.county.id === q.county;

  const outRows = plan
    .filter(inCounty)
    .map((p) => row(p, asOf))
    .filter((r) => q.out === "all" || r.lag.level !== "none");
  const outKey: Record<AdjustmentQuery["osort"], (r: AdjustmentRow) => number | string> = {
    // worst first, then the longest overdue milestone
    lag: (r) => LAG_RANK[r.lag.level] * 100_000_000 - Number((r.lag.plannedOn ?? "9999-12-31").replaceAll("-", "")),
    name: (r) => r.name,
    annual: (r) => r.annualPlanInvestment,
  };
  outRows.sort(by(outKey[q.osort], q.odir, (r) => r.id));

  const inRows = reserve
    .filter(inCounty)
    .map((p) => row(p, asOf))
    .filter((r) => q.in === "all" || r.ready);
  const inKey: Record<AdjustmentQuery["isort"], (r: AdjustmentRow) => number | string> = {
    stage: (r) => PROJECT_STAGES.indexOf(r.stage),
    name: (r) => r.name,
    annual: (r) => r.annualPlanInvestment,
  };
  inRows.sort(by(inKey[q.isort], q.idir, (r) => r.id));

  const names = await displayNames(moves.map((m) => m.decidedById));
  const history = page(
    moves.map((m) => ({
      id: m.id,
      project: m.project,
      fromPool: m.fromPool,
      toPool: m.toPool,
      reason: m.reason,
      decidedOn: toIsoDate(m.decidedOn),
      decidedBy: m.decidedById ? (names.get(m.decidedById) ?? `用户#${m.decidedById}`) : "—",
    })),
    q.hpage,
  );

  return {
    year,
    asOf,
    years: years.map((y) => y.planYear),
    counties,
    totals: { now, before },
    out: page(outRows, q.opage),
    in: page(inRows, q.ipage),
    history,
  };
}

/** A project that can be moved, with the plan's totals now and after each allowed move; null if none. */
export async function adjustmentCandidate(viewer: Viewer, id: number, asOf?: string) {
  const p = await prisma.project.findFirst({ where: { AND: [{ id }, projectScope(viewer)] }, select: candidateSelect });
  if (!p) return null;
  const moves = allowedMoves(p);
  if (!moves.length) return null;
  const agg = await prisma.project.aggregate({
    where: { planYear: p.planYear, isTransformation: true, pool: "ACTIVE" },
    _count: { _all: true },
    _sum: { annualPlanInvestment: true },
  });
  const now = { count: agg._count._all, annual: agg._sum.annualPlanInvestment ?? 0 };
  const reviewDate = asOf ?? defaultReviewDate(p.planYear);
  return {
    project: { ...row(p, reviewDate), pool: p.pool, isTransformation: p.isTransformation, planYear: p.planYear },
    asOf: reviewDate,
    now,
    moves: moves.map((to) => ({ to, after: totalsAfterMove(now, p, to) })),
  };
}

/** Moves a project in or out of the plan: pool change + plan_adjustment + audit in one transaction. */
export async function adjustPlan(
  viewer: Viewer,
  input: { projectId: number; toPool: Pool; reason: string; decidedOn: string; version: number },
) {
  return prisma.$transaction(async (tx) => {
    const p = await tx.project.findFirst({
      where: { AND: [{ id: input.projectId }, projectScope(viewer)] },
      select: { id: true, code: true, name: true, pool: true, isTransformation: true, planYear: true, version: true },
    });
    if (!p) return null;
    // someone else changed the project since the form was loaded: report that, not a stale "invalid move"
    if (p.version !== input.version) throw Refusal.conflict({ current: p });
    if (!allowedMoves(p).includes(input.toPool))
      throw Refusal.fields({ toPool: "该项目当前不能这样调整，请刷新后重试" }, null, 409);
    const changes = moveChanges(p, input.toPool);
    await updateVersioned(tx.project, "Project", p.id, input.version, changes);
    const adj = await tx.planAdjustment.create({
      data: {
        projectId: p.id,
        planYear: p.planYear,
        fromPool: p.pool,
        toPool: input.toPool,
        reason: input.reason,
        decidedById: viewer.id,
        decidedOn: fromIsoDate(input.decidedOn),
      },
      select: { id: true },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "PLAN_ADJUST",
      entity: "Project",
      entityId: p.id,
      projectId: p.id,
      before: { pool: p.pool, isTransformation: p.isTransformation },
      after: { ...changes, reason: input.reason },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "CREATE",
      entity: "PlanAdjustment",
      entityId: adj.id,
      projectId: p.id,
      after: {
        planYear: p.planYear,
        fromPool: p.pool,
        toPool: input.toPool,
        reason: input.reason,
        decidedOn: input.decidedOn,
      },
    });
    return { adjustmentId: adj.id, project: p, changes };
  });
}
