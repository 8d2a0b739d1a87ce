// 重点项目动态调整 (report §二(三): "建立预备项目库 … 9月底视项目推进情况进行动态调整"): the year's plan is the
// ACTIVE transformation projects of the plan year; lagging ones may be moved out, ready reserve projects in.
// Pure rules here; the database side is app/models/planAdjustment.server.ts.
import { reachedBy, type MilestoneDates } from "./stage";

export type Pool = "ACTIVE" | "RESERVE" | "WITHDRAWN";

/** The review the source names happens at the end of September. */
export function defaultReviewDate(year: number): string {
  return `${year}-09-30`;
}

/**
 * A reserve project is ready to move into the plan once it is signed and has its land (落地/供地) by the
 * review date: the stage where construction can follow within the year.
 */
export function isReadyReserve(milestones: readonly MilestoneDates[], asOf: string): boolean {
  return reachedBy(milestones, "LAND", asOf);
}

export interface PlanMember {
  pool: Pool;
  isTransformation: boolean;
}

export function inPlan(p: PlanMember): boolean {
  return p.pool === "ACTIVE" && p.isTransformation;
}

/** Where a project may be moved from where it is: out of the plan, into it, or out of the reserve pool. */
export function allowedMoves(p: PlanMember): Pool[] {
  if (inPlan(p)) return ["RESERVE", "WITHDRAWN"];
  if (p.pool === "RESERVE") return ["ACTIVE", "WITHDRAWN"];
  return [];
}

/** What a move writes: joining the plan makes it a transformation project of the year. */
export function moveChanges(p: PlanMember, to: Pool): { pool: Pool; isTransformation: boolean } {
  return { pool: to, isTransformation: to === "ACTIVE" ? true : p.isTransformation };
}

export const MOVE_LABELS: Record<Pool, string> = {
  ACTIVE: "调入年度计划",
  RESERVE: "调出至预备项目库",
  WITHDRAWN: "调出（终止跟踪）",
};

export interface PlanTotals {
  count: number;
  /** Σ annual plan investment, 万元 */
  annual: number;
}

export function planTotals(members: ReadonlyArray<{ annualPlanInvestment: number }>): PlanTotals {
  return { count: members.length, annual: members.reduce((s, p) => s + p.annualPlanInvestment, 0) };
}

/** The plan's totals after moving one project (no change when the move neither enters nor leaves the plan). */
export function totalsAfterMove(
  totals: PlanTotals,
  p: PlanMember & { annualPlanInvestment: number },
  to: Pool,
): PlanTotals {
  const was = inPlan(p);
  const will = inPlan(moveChanges(p, to));
  if (was === will) return totals;
  const sign = will ? 1 : -1;
  return { count: totals.count + sign, annual: totals.annual + sign * p.annualPlanInvestment };
}

/**
 * The plan before the year's adjustments, from the plan now and the moves made: undo every move in and out.
 * Uses each project's current annual plan investment.
 */
export function totalsBeforeAdjustments(
  now: PlanTotals,
  moves: ReadonlyArray<{ fromPool: Pool; toPool: Pool; annualPlanInvestment: number }>,
): PlanTotals & { movedIn: number; movedOut: number } {
  let { count, annual } = now;
  let movedIn = 0;
  let movedOut = 0;
  for (const m of moves) {
    if (m.toPool === "ACTIVE" && m.fromPool !== "ACTIVE") {
      count -= 1;
      annual -= m.annualPlanInvestment;
      movedIn += 1;
    } else if (m.fromPool === "ACTIVE" && m.toPool !== "ACTIVE") {
      count += 1;
      annual += m.annualPlanInvestment;
      movedOut += 1;
    }
  }
  return { count, annual, movedIn, movedOut };
}
