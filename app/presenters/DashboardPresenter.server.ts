// The home dashboard: KPI cards against targets with 序时进度 and RAG, the funnel, the monthly trend and the
// alerts, for the viewer's scope (a county sees its own numbers against its own targets).
import { countyOptions } from "~/models/options.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { IsoDate } from "~/domain/dates";
import { evaluateKpis, schedulePace } from "~/domain/kpi";
import { OPEN_STATUSES } from "~/domain/issueWorkflow";
import { canManageTeams, seesAllProjects, type Viewer } from "~/domain/permissions";
import { UNASSIGNED_PROJECT_SQL } from "~/domain/projectListQuery";
import { resolvePeriod } from "~/domain/reportQuery";
import type { ReportQuery } from "~/domain/reportQuery.server";
import { overdueIssueWhere } from "~/models/issue.server";
import { programmeMemberSql } from "~/models/programme.server";
import { issueScope, projectScopeSql } from "~/models/scope.server";
import { cityOverdueCount } from "~/models/tally.server";
import { defaultReportYears, laggingCounts, planYears, targetsFor, yearAtByMonth } from "./KpiPresenter.server";

/**
 * The county a report is about: a county official's own county whatever the URL says; for the city's roles
 * the county asked for (null = the whole city). Returns undefined for a county id that does not exist.
 */
export async function reportCounty(db: PrismaClient, viewer: Viewer, asked: number | undefined) {
  const id = viewer.role === "COUNTY" ? viewer.countyId : (asked ?? null);
  if (!id) return null;
  const c = await db.county.findUnique({ where: { id }, select: { id: true, name: true, code: true, kind: true } });
  return c ?? undefined;
}

/** Signed projects in the viewer's scope (and county) that wait for a service team (待分配). */
async function unassignedCount(
  db: PrismaClient,
  viewer: Viewer,
  countyId: number | null,
  programmeId: number | null,
): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM project p
     WHERE (${projectScopeSql(viewer)}) AND ${Prisma.raw(UNASSIGNED_PROJECT_SQL)}
       ${countyId ? Prisma.sql`AND p.county_id = ${countyId}` : Prisma.empty}
       ${programmeId ? Prisma.sql`AND ${programmeMemberSql(programmeId)}` : Prisma.empty}`;
  return rows[0]?.n ?? 0;
}

export async function presentDashboard(db: PrismaClient, viewer: Viewer, rq: ReportQuery, today: IsoDate, now: Date) {
  const years = await planYears(db);
  const { year, asOf } = resolvePeriod(rq, await defaultReportYears(db, years), today);
  const county = await reportCounty(db, viewer, rq.county);
  if (county === undefined) return null;
  // 重点专项 (decision 200): the members only; measured against the programme's own targets on its page, not the
  // city's or a county's annual targets here
  const programme = rq.programme
    ? await db.programme.findUnique({ where: { id: rq.programme }, select: { id: true, name: true } })
    : null;
  if (programme === null && rq.programme) return null;
  const programmeId = programme?.id ?? null;
  const q = { year, asOf, scope: projectScopeSql(viewer), countyId: county?.id ?? null, programmeId };
  const [{ total: agg, series }, targets, lag, overdueIssues, counties, unassigned, programmes] = await Promise.all([
    yearAtByMonth(db, q),
    programmeId ? Promise.resolve({}) : targetsFor(db, year, county?.id ?? null),
    laggingCounts(db, q),
    seesAllProjects(viewer) && !county && !programmeId
      ? cityOverdueCount(db, OPEN_STATUSES, now)
      : db.coordinationIssue.count({
          where: {
            AND: [
              issueScope(viewer),
              county ? { countyId: county.id } : {},
              programmeId ? { project: { programmes: { some: { programmeId } } } } : {},
              overdueIssueWhere(now),
            ],
          },
        }),
    viewer.role === "COUNTY" ? Promise.resolve([]) : countyOptions(db),
    // 待分配: only for who assigns teams (市经信委, admin); the same condition as the register's unassigned=1
    canManageTeams(viewer) ? unassignedCount(db, viewer, county?.id ?? null, programmeId) : Promise.resolve(null),
    db.programme.findMany({ orderBy: [{ startsOn: "asc" }, { id: "asc" }], select: { id: true, name: true } }),
  ]);
  return {
    year,
    asOf,
    years,
    county,
    counties,
    programme,
    programmes,
    pace: schedulePace(year, asOf),
    cards: evaluateKpis(agg, targets, year, asOf),
    agg,
    series,
    lag,
    overdueIssues,
    unassigned,
  };
}
export type DashboardData = NonNullable<Awaited<ReturnType<typeof presentDashboard>>>;
