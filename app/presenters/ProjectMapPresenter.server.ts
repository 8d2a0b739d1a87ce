// The 招商地图's projects (issue 20 §4, docs/decisions/213): the viewer's projects under the register's own filters
// (projectListSql: the scope and the same WHERE as /projects), as points — or, when there are too many to draw, as
// grid clusters whose counts add up to the same total. A project without a point is drawn at its county's inner
// label point and flagged. Takes the client as an argument like the other presenters.
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { LngLat } from "~/domain/geo";
import type { Viewer } from "~/domain/permissions";
import type { ProjectListQuery } from "~/domain/projectListQuery.server";
import type { ProjectStage } from "~/domain/stage";
import { projectListSql } from "~/models/project.server";
import { fallbackPointOf } from "~/utils/jinzhongShapes.server";

/** More points than this are drawn as clusters (a city's few hundred are points; a province's 100,000 are not). */
export const MAX_POINTS = 2000;
/** The clusters' grid, in degrees (≈ 4.4 km north–south). */
export const CLUSTER_CELL = 0.04;

export type MapLag = "none" | "yellow" | "red";

export interface MapPoint {
  id: number;
  code: string;
  name: string;
  county: string;
  industry: string;
  stage: ProjectStage;
  lag: MapLag;
  totalInvestment: number;
  point: LngLat;
  /** false: the project has no point yet; drawn at its county's label point */
  located: boolean;
}

export interface MapCluster {
  point: LngLat;
  count: number;
  red: number;
  yellow: number;
  /** the county most of its projects are in: the cluster's link opens the register filtered by it */
  countyId: number;
  county: string;
}

export interface CountyCount {
  countyId: number;
  county: string;
  total: number;
  red: number;
  yellow: number;
  unlocated: number;
  byStage: Partial<Record<ProjectStage, number>>;
}

export interface ProjectMap {
  total: number;
  points: MapPoint[] | null;
  clusters: MapCluster[] | null;
  counties: CountyCount[];
}

type Client = Pick<PrismaClient, "$queryRaw">;

export async function projectMap(
  db: Client,
  viewer: Viewer,
  q: ProjectListQuery,
  asOf: string,
  /** tests lower it to see the clustered answer on the demo city's few hundred projects */
  maxPoints = MAX_POINTS,
): Promise<ProjectMap> {
  const where = projectListSql(viewer, q);
  const lag = Prisma.sql`CASE WHEN p.lag_red @> ${asOf}::date THEN 'red'
                              WHEN p.lag_yellow @> ${asOf}::date THEN 'yellow' ELSE 'none' END`;
  const counties = await db.$queryRaw<
    {
      county_id: number;
      county: string;
      code: string;
      stage: ProjectStage;
      lag: MapLag;
      n: number;
      unlocated: number;
    }[]
  >`
    SELECT p.county_id, c.name AS county, c.code, p.stage, ${lag} AS lag, count(*)::int AS n,
           count(*) FILTER (WHERE p.longitude IS NULL)::int AS unlocated
    FROM project p JOIN county c ON c.id = p.county_id
    WHERE ${where}
    GROUP BY p.county_id, c.name, c.code, c.sort_order, p.stage, 5
    ORDER BY c.sort_order, p.county_id`;
  const byCounty = new Map<number, CountyCount & { code: string }>();
  for (const r of counties) {
    const c = byCounty.get(r.county_id) ?? {
      countyId: r.county_id,
      county: r.county,
      code: r.code,
      total: 0,
      red: 0,
      yellow: 0,
      unlocated: 0,
      byStage: {},
    };
    c.total += r.n;
    c.unlocated += r.unlocated;
    if (r.lag === "red") c.red += r.n;
    if (r.lag === "yellow") c.yellow += r.n;
    c.byStage[r.stage] = (c.byStage[r.stage] ?? 0) + r.n;
    byCounty.set(r.county_id, c);
  }
  const countyList = [...byCounty.values()];
  const total = countyList.reduce((s, c) => s + c.total, 0);
  const fallback = (c: { code: string; county: string }) => fallbackPointOf({ code: c.code, name: c.county });

  if (total <= maxPoints) {
    const rows = await db.$queryRaw<
      {
        id: number;
        code: string;
        name: string;
        county: string;
        county_code: string;
        industry: string;
        stage: ProjectStage;
        lag: MapLag;
        total_investment: number;
        longitude: number | null;
        latitude: number | null;
      }[]
    >`
      SELECT p.id, p.code, p.name, c.name AS county, c.code AS county_code, i.name AS industry, p.stage,
             ${lag} AS lag, p.total_investment, p.longitude, p.latitude
      FROM project p JOIN county c ON c.id = p.county_id JOIN industry i ON i.id = p.industry_id
      WHERE ${where}
      ORDER BY c.sort_order, p.name, p.id`;
    return {
      total,
      counties: countyList.map(({ code: _code, ...c }) => c),
      clusters: null,
      points: rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        county: r.county,
        industry: r.industry,
        stage: r.stage,
        lag: r.lag,
        totalInvestment: r.total_investment,
        located: r.longitude !== null,
        point:
          r.longitude !== null && r.latitude !== null
            ? [r.longitude, r.latitude]
            : fallback({ code: r.county_code, county: r.county }),
      })),
    };
  }

  // Dense: one cluster per grid cell and county (unlocated projects form their county's cell at its label point).
  const cells = await db.$queryRaw<
    {
      county_id: number;
      county: string;
      code: string;
      gx: number | null;
      gy: number | null;
      n: number;
      red: number;
      yellow: number;
      lng: number | null;
      lat: number | null;
    }[]
  >`
    SELECT p.county_id, c.name AS county, c.code,
           floor(p.longitude / ${CLUSTER_CELL})::int AS gx, floor(p.latitude / ${CLUSTER_CELL})::int AS gy,
           count(*)::int AS n,
           count(*) FILTER (WHERE p.lag_red @> ${asOf}::date)::int AS red,
           count(*) FILTER (WHERE p.lag_yellow @> ${asOf}::date AND NOT p.lag_red @> ${asOf}::date)::int AS yellow,
           avg(p.longitude) AS lng, avg(p.latitude) AS lat
    FROM project p JOIN county c ON c.id = p.county_id
    WHERE ${where}
    GROUP BY p.county_id, c.name, c.code, 4, 5`;
  return {
    total,
    counties: countyList.map(({ code: _code, ...c }) => c),
    points: null,
    clusters: cells.map((r) => ({
      count: r.n,
      red: r.red,
      yellow: r.yellow,
      countyId: r.county_id,
      county: r.county,
      point:
        r.lng !== null && r.lat !== null
          ? [Math.round(r.lng * 1e6) / 1e6, Math.round(r.lat * 1e6) / 1e6]
          : fallback({ code: r.code, county: r.county }),
    })),
  };
}
