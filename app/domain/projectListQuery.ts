// The register's URL vocabulary that the page itself needs (sort keys, page sizes, filter values). The zod
// schema that parses a URL into a ProjectListQuery lives in projectListQuery.server.ts, so that full zod
// (≈ 90 KB gzipped) stays out of the browser bundle.
import { SOURCE_REGION_LABELS } from "./labels";

export const PROJECT_SORT_KEYS = [
  "name",
  "county",
  "industry",
  "totalInvestment",
  "contractAmount",
  "stage",
  "team",
  "updatedAt",
] as const;
export type ProjectSortKey = (typeof PROJECT_SORT_KEYS)[number];
export const PAGE_SIZES = [20, 50, 100] as const;
export const SOURCE_REGIONS = Object.keys(SOURCE_REGION_LABELS) as [
  keyof typeof SOURCE_REGION_LABELS,
  ...(keyof typeof SOURCE_REGION_LABELS)[],
];
/** The register's source filter: a region, or "none" for projects without a source region (the funnel's 未填写 row). */
export const NO_SOURCE = "none";
export const SOURCE_FILTER_OPTIONS: Array<[string, string]> = [
  ...Object.entries(SOURCE_REGION_LABELS),
  [NO_SOURCE, "未填写"],
];
export const LAG_FILTERS = ["yellow", "red", "any"] as const;

/**
 * 待分配 (awaiting a service team): a signed project still in the plan or the reserve pool (not withdrawn) that no
 * service team has been assigned to. 市经信委 assigns one (the teams' 分配项目 pages); until then the dashboard's
 * alert counts it and the register's `unassigned=1` lists it. SQL on `project p`: one definition for both.
 */
export const UNASSIGNED_PROJECT_SQL = "p.signed_on IS NOT NULL AND p.service_team_id IS NULL AND p.pool <> 'WITHDRAWN'";

/**
 * 转型项目 filter values: "1" = the year's plan (is_transformation AND pool ACTIVE — the plan's 61 in 2017, as
 * app/domain/planAdjustment.ts defines "in the plan"), "out" = transformation projects moved out of the plan
 * (pool RESERVE/WITHDRAWN), "0" = not transformation projects. The three partition every year's projects.
 */
export const TRANSFORMATION_FILTERS = ["1", "out", "0"] as const;
export type TransformationFilter = (typeof TRANSFORMATION_FILTERS)[number];
export const TRANSFORMATION_FILTER_LABELS: Record<TransformationFilter, string> = {
  "1": "年度转型项目",
  out: "已调出的转型项目",
  "0": "非转型项目",
};
