// The 招商地图's vocabulary shared by the server and the page (issue 20 §4): colour classes and the public
// investment bands. Pure.
import { STAGE_LABELS } from "./labels";
import type { ProjectStage } from "./stage";

export const MAP_COLOR_MODES = ["stage", "lag"] as const;
export type MapColorMode = (typeof MAP_COLOR_MODES)[number];
export const MAP_COLOR_MODE_LABELS: Record<MapColorMode, string> = { stage: "按阶段", lag: "按滞后情况" };

export const STAGE_COLORS: Record<ProjectStage, string> = {
  PREPARING: "#8c96a3",
  SIGNED: "#2f6fd6",
  LAND: "#00897b",
  FUNDING: "#7e57c2",
  STARTED: "#d48806",
  COMPLETED: "#2e7d32",
};

export const LAG_GROUPS = { none: "进度正常", yellow: "滞后", red: "严重滞后" } as const;
export const LAG_COLORS: Record<keyof typeof LAG_GROUPS, string> = {
  none: "#2e7d32",
  yellow: "#e0a800",
  red: "#c62828",
};

export function stageGroups(): Array<[string, string]> {
  return (Object.keys(STAGE_LABELS) as ProjectStage[]).map((s) => [STAGE_LABELS[s], STAGE_COLORS[s]]);
}

export function lagGroups(): Array<[string, string]> {
  return (Object.keys(LAG_GROUPS) as (keyof typeof LAG_GROUPS)[]).map((k) => [LAG_GROUPS[k], LAG_COLORS[k]]);
}

/** 投资规模 on the public map (docs/decisions/212): a band, never the exact amount (万元 in). */
export const INVESTMENT_BANDS = [
  { key: "lt1", label: "1 亿元以下", min: 0, max: 10_000 },
  { key: "1to5", label: "1–5 亿元", min: 10_000, max: 50_000 },
  { key: "5to10", label: "5–10 亿元", min: 50_000, max: 100_000 },
  { key: "ge10", label: "10 亿元以上", min: 100_000, max: Infinity },
] as const;

export function investmentBand(wan: number): string {
  return (INVESTMENT_BANDS.find((b) => wan >= b.min && wan < b.max) ?? INVESTMENT_BANDS[0]).label;
}

/** A cluster's colour class: its worst lag (clusters mix stages, so they are always coloured by lag). */
export function clusterGroup(c: { red: number; yellow: number }): string {
  return c.red > 0 ? LAG_GROUPS.red : c.yellow > 0 ? LAG_GROUPS.yellow : LAG_GROUPS.none;
}

/** The legend's colour classes: by the chosen mode for points; by lag whenever the map shows clusters. */
export function colourGroups(mode: MapColorMode, clustered: boolean): Array<[string, string]> {
  return mode === "lag" || clustered ? lagGroups() : stageGroups();
}
