// Stage rules (docs/design.md §3): SIGNED → LAND → FUNDING → STARTED → COMPLETED; the stage is derived from dated
// milestones (the unbroken chain with actual dates), never typed in. The database trigger
// project_stage_recompute implements the same rule for the cached project.stage column.
import { addMonths, type IsoDate } from "./dates";

export const MILESTONE_STAGES = ["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"] as const;
export type MilestoneStage = (typeof MILESTONE_STAGES)[number];
export type ProjectStage = "PREPARING" | MilestoneStage;
export const PROJECT_STAGES: readonly ProjectStage[] = ["PREPARING", ...MILESTONE_STAGES];

export interface MilestoneDates {
  stage: MilestoneStage;
  plannedOn: IsoDate | null;
  actualOn: IsoDate | null;
}

export function stageIndex(stage: MilestoneStage): number {
  return MILESTONE_STAGES.indexOf(stage);
}

/** The stage reached by `asOf` (inclusive); all milestones if asOf is omitted. */
export function deriveStage(milestones: readonly MilestoneDates[], asOf?: IsoDate): ProjectStage {
  const byStage = new Map(milestones.map((m) => [m.stage, m]));
  let stage: ProjectStage = "PREPARING";
  for (const s of MILESTONE_STAGES) {
    const actual = byStage.get(s)?.actualOn;
    if (!actual || (asOf && actual > asOf)) break;
    stage = s;
  }
  return stage;
}

/** True when the project had reached `target` by `asOf`. */
export function reachedBy(milestones: readonly MilestoneDates[], target: MilestoneStage, asOf?: IsoDate): boolean {
  const s = deriveStage(milestones, asOf);
  return s !== "PREPARING" && stageIndex(s) >= stageIndex(target);
}

export type LagLevel = "none" | "yellow" | "red";

/**
 * docs/design.md §4: a project lags when a milestone's planned date passed without an actual date:
 * yellow after 1 month, red after 3. Returns the worst level and the milestone that causes it.
 */
export function lagging(
  milestones: readonly MilestoneDates[],
  asOf: IsoDate,
): { level: LagLevel; stage: MilestoneStage | null; plannedOn: IsoDate | null } {
  let worst: { level: LagLevel; stage: MilestoneStage | null; plannedOn: IsoDate | null } = {
    level: "none",
    stage: null,
    plannedOn: null,
  };
  for (const m of milestones) {
    if (!m.plannedOn) continue;
    const doneInTime = m.actualOn && m.actualOn <= asOf;
    if (doneInTime) continue;
    let level: LagLevel = "none";
    if (addMonths(m.plannedOn, 3) < asOf) level = "red";
    else if (addMonths(m.plannedOn, 1) < asOf) level = "yellow";
    if (rank(level) > rank(worst.level)) worst = { level, stage: m.stage, plannedOn: m.plannedOn };
  }
  return worst;
}

function rank(l: LagLevel) {
  return l === "red" ? 2 : l === "yellow" ? 1 : 0;
}
