// 月度通报: builds the report model (app/domain/monthlyReport.ts) for a month and a scope — the city, or one county
// — from the KPI engine, the ranking, the lag rule, the 13710 coordination list and the service teams' records.
// The viewer's scope is in every query; `countyId` narrows a city role's view to one county. Takes the database
// (or a transaction: freezing reads every scope in one snapshot) as an argument.
import { countyOptions } from "~/models/options.server";
import { Prisma } from "~/generated/prisma/client";
import { monthWindow } from "~/domain/coordinationList";
import { formatChinaDateTime, fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import { evaluateKpis, KPI_METRICS, lagThresholds, schedulePace, type Rag, type RankingWeights } from "~/domain/kpi";
import {
  daysLate,
  ratio,
  REPORT_MODEL_VERSION,
  reportPeriod,
  toReportKpi,
  type MonthlyReport,
  type ReportCountyRow,
  type ReportMonth,
  type ReportProgramme,
  type ReportSupervision,
} from "~/domain/monthlyReport";
import { endOfChinaDay } from "~/domain/sla13710";
import { SUPERVISION_STATES, type SupervisionState, type UnitStat } from "~/domain/supervision";
import { ledgerOf } from "~/models/supervisionLedger.server";
import { seesAllProjects, type Viewer } from "~/domain/permissions";
import type { ProgrammeRow } from "~/domain/programmes";
import { programmeReportRows } from "~/models/programme.server";
import { landReportRows } from "~/models/land.server";
import { deriveStage, lagging, type MilestoneDates } from "~/domain/stage";
import { enterpriseLogScopeSql, projectScope, projectScopeSql } from "~/models/scope.server";
import { getRankingWeights } from "~/models/target.server";
import type { Tx } from "~/utils/db.server";
import { coordinationList, sortCoordinationRows } from "./CoordinationListPresenter.server";
import { targetsFor, totalAggregates } from "./KpiPresenter.server";
import { countyKpis } from "./RankingPresenter.server";

export interface ReportScopeInput {
  /** null = the whole city */
  county: { id: number; name: string } | null;
}

type CountyKpiRows = Awaited<ReturnType<typeof countyKpis>>;

interface Context {
  today: IsoDate;
  now: Date;
  /** Every county's KPIs and rank (computed once when several scopes are built together). */
  countyRows?: CountyKpiRows;
  weights?: RankingWeights;
}

const countyFilter = (countyId: number | null) => (countyId ? Prisma.sql`AND p.county_id = ${countyId}` : Prisma.empty);

/** Service logs kept against an enterprise rather than a project count for the enterprise's county. */
function enterpriseLogScope(viewer: Viewer, countyId: number | null): Prisma.Sql {
  const own = enterpriseLogScopeSql(viewer);
  return countyId ? Prisma.sql`(${own}) AND e.county_id = ${countyId}` : own;
}

function countyRow(r: CountyKpiRows[number], pace: { elapsed: number; total: number }): ReportCountyRow {
  const inflow = toReportKpi(r.cards.INFLOW_AMOUNT, pace);
  const inv = toReportKpi(r.cards.TRANSFORMATION_INVESTMENT, pace);
  return {
    countyId: r.county.id,
    name: r.county.name,
    signedCount: r.agg.signedCount,
    inflow: r.agg.signedAmount,
    inflowTarget: inflow.target,
    inflowCompletionBp: inflow.completionBp,
    landingBp: ratio(r.agg.landCount, r.agg.signedCount),
    startBp: ratio(r.agg.startedCount, r.agg.signedCount),
    fundingBp: ratio(r.agg.fundingReceived, r.agg.signedAmount),
    investment: r.agg.transformationInvestment,
    investmentTarget: inv.target,
    investmentCompletionBp: inv.completionBp,
    score: r.score === null ? null : Math.round(r.score * 100),
    scoreRag: r.scoreRag,
    rank: r.rank,
  };
}

/**
 * 督办 in the 通报 (issue 17, docs/decisions/190): the 督办台账 (the same `ledgerOf` and `unitStat`) over the items
 * 交办 by the end of the as-of day, in the report's scope — the city: every item; a county: its government's (主办 or
 * 协办) — with their state as of `now`. The report's scope, not the reader's: a 通报 is one document for the meeting.
 */
async function supervisionSection(
  db: Tx,
  countyId: number | null,
  asOf: IsoDate,
  now: Date,
): Promise<ReportSupervision> {
  const ledger = await ledgerOf(
    db,
    {
      assignedAt: { lt: endOfChinaDay(asOf) },
      ...(countyId ? { units: { some: { department: { countyId } } } } : {}),
    },
    now,
  );
  const zero = () => Object.fromEntries(SUPERVISION_STATES.map((st) => [st, 0])) as Record<SupervisionState, number>;
  const all = zero();
  const byUnit = new Map<number, Record<SupervisionState, number>>();
  for (const r of ledger.rows) {
    all[r.state]++;
    if (!r.leadUnit) continue;
    const m = byUnit.get(r.leadUnit.id) ?? zero();
    m[r.state]++;
    byUnit.set(r.leadUnit.id, m);
  }
  const pick = (u: UnitStat) => ({ total: u.total, overdue: u.overdue, due: u.due, onTime: u.onTime, urges: u.urges });
  return {
    at: now.toISOString(),
    rows: ledger.units.map((u) => ({
      unitId: u.unitId,
      unit: u.unit,
      ...pick(u),
      states: byUnit.get(u.unitId) ?? zero(),
    })),
    total: { ...pick(ledger.total), states: all },
    pending: ledger.rows.filter((r) => r.pendingDueAt !== null).length,
  };
}

/** 重点专项 (issue 18 §1, docs/decisions/200): each programme's project targets against the members in scope. */
async function programmeSection(db: Tx, scope: Prisma.Sql, asOf: IsoDate, whole: boolean): Promise<ReportProgramme[]> {
  const rows = await programmeReportRows(db, scope, asOf, whole);
  const RANK: Record<Rag, number> = { none: 0, green: 1, yellow: 2, red: 3 };
  return rows.map((p) => {
    const of = (m: ProgrammeRow["metric"]) => p.rows.find((x) => x.metric === m);
    const annual = of("ANNUAL_INVESTMENT");
    return {
      programmeId: p.programmeId,
      name: p.name,
      projects: of("PROJECTS")?.actual ?? 0,
      targetProjects: of("PROJECTS")?.target ?? null,
      totalInvestment: of("TOTAL_INVESTMENT")?.actual ?? 0,
      targetTotalInvestment: of("TOTAL_INVESTMENT")?.target ?? null,
      annualInvestment: annual?.actual ?? 0,
      targetAnnualInvestment: annual?.target ?? null,
      annualCompletionBp: annual?.target ? ratio(annual.actual, annual.target) : null,
      started: of("STARTED")?.actual ?? 0,
      targetStarted: of("STARTED")?.target ?? null,
      lagging: p.lagging,
      rag: p.rows.reduce<Rag>((w, x) => (RANK[x.rag] > RANK[w] ? x.rag : w), "none"),
    };
  });
}

export async function buildMonthlyReport(
  db: Tx,
  viewer: Viewer,
  m: ReportMonth,
  { county }: ReportScopeInput,
  ctx: Context,
): Promise<MonthlyReport> {
  const { year } = m;
  const { from, asOf, complete } = reportPeriod(m, ctx.today);
  const countyId = county?.id ?? null;
  const scope = projectScopeSql(viewer);
  const pace = schedulePace(year, asOf);
  const weights = ctx.weights ?? (await getRankingWeights(db)).weights;
  const lagBounds = lagThresholds(asOf);

  const [agg, targets, countyRows, signings, milestones, lateProjects, coordination, teams] = await Promise.all([
    totalAggregates(db, { year, asOf, scope, countyId }),
    targetsFor(db, year, countyId),
    ctx.countyRows ?? countyKpis(db, year, asOf, weights),
    db.$queryRaw<
      Array<{
        id: number;
        code: string;
        name: string;
        county: string;
        industry: string;
        enterprise: string | null;
        source: string | null;
        signed_on: Date;
        contract_amount: number;
        total_investment: number;
      }>
    >`
      SELECT p.id, p.code, p.name, c.name AS county, ind.name AS industry, e.name AS enterprise, p.source_region::text AS source,
             p.signed_on, p.contract_amount, p.total_investment
      FROM project p
      JOIN county c ON c.id = p.county_id
      JOIN industry ind ON ind.id = p.industry_id
      LEFT JOIN enterprise e ON e.id = p.enterprise_id
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN ${from}::date AND ${asOf}::date
        AND (${scope}) ${countyFilter(countyId)}
      ORDER BY p.signed_on, p.id`,
    db.$queryRaw<
      Array<{
        id: number;
        code: string;
        name: string;
        county: string;
        team: string | null;
        stage: MilestoneDates["stage"];
        actual_on: Date;
        evidence_no: string | null;
      }>
    >`
      SELECT p.id, p.code, p.name, c.name AS county, t.name AS team, m.stage::text AS stage, m.actual_on, m.evidence_no
      FROM milestone m
      JOIN project p ON p.id = m.project_id
      JOIN county c ON c.id = p.county_id
      LEFT JOIN service_team t ON t.id = p.service_team_id
      WHERE m.stage <> 'SIGNED' AND m.actual_on BETWEEN ${from}::date AND ${asOf}::date
        AND (${scope}) ${countyFilter(countyId)}
      ORDER BY m.actual_on, p.id, m.stage`,
    // docs/design.md §4 lag rule over the year's plan (ACTIVE pool), as the dashboard's alerts count it
    db.project.findMany({
      where: {
        AND: [
          projectScope(viewer),
          countyId ? { countyId } : {},
          { planYear: year, pool: "ACTIVE" },
          {
            milestones: {
              some: {
                plannedOn: { lte: fromIsoDate(lagBounds.yellow) },
                OR: [{ actualOn: null }, { actualOn: { gt: fromIsoDate(asOf) } }],
              },
            },
          },
        ],
      },
      select: {
        id: true,
        code: true,
        name: true,
        isTransformation: true,
        county: { select: { name: true } },
        serviceTeam: { select: { name: true } },
        officials: { select: { official: { select: { id: true, name: true, level: true } } } },
        milestones: { select: { stage: true, plannedOn: true, actualOn: true } },
      },
    }),
    coordinationList(db, viewer, monthWindow(year, m.month), ctx.now, countyId),
    db.$queryRaw<
      Array<{
        id: number;
        no: number;
        name: string;
        leader: string | null;
        projects: number;
        visits: number;
        calls: number;
        meetings: number;
        tasks_done: number;
        milestones: number;
      }>
    >`
      WITH logs AS (
        SELECT s.team_id, s.kind FROM service_log s
        LEFT JOIN project p ON p.id = s.project_id
        LEFT JOIN enterprise e ON e.id = s.enterprise_id
        WHERE s.team_id IS NOT NULL AND s.occurred_on BETWEEN ${from}::date AND ${asOf}::date
          AND ((p.id IS NOT NULL AND (${scope}) ${countyFilter(countyId)}) OR (p.id IS NULL AND ${enterpriseLogScope(viewer, countyId)}))
      ), tasks AS (
        SELECT a.team_id FROM agency_task a JOIN project p ON p.id = a.project_id
        WHERE a.team_id IS NOT NULL AND a.status = 'DONE' AND a.completed_on BETWEEN ${from}::date AND ${asOf}::date
          AND (${scope}) ${countyFilter(countyId)}
      ), reached AS (
        SELECT p.service_team_id AS team_id FROM milestone m JOIN project p ON p.id = m.project_id
        WHERE p.service_team_id IS NOT NULL AND m.stage <> 'SIGNED' AND m.actual_on BETWEEN ${from}::date AND ${asOf}::date
          AND (${scope}) ${countyFilter(countyId)}
      ), assigned AS (
        SELECT p.service_team_id AS team_id, count(*)::int AS n FROM project p
        WHERE p.service_team_id IS NOT NULL AND p.pool <> 'WITHDRAWN' AND (${scope}) ${countyFilter(countyId)}
        GROUP BY 1
      )
      SELECT t.id, t.no, t.name, u.display_name AS leader, coalesce(a.n, 0) AS projects,
        (SELECT count(*)::int FROM logs l WHERE l.team_id = t.id AND l.kind = 'VISIT') AS visits,
        (SELECT count(*)::int FROM logs l WHERE l.team_id = t.id AND l.kind = 'CALL') AS calls,
        (SELECT count(*)::int FROM logs l WHERE l.team_id = t.id AND l.kind = 'MEETING') AS meetings,
        (SELECT count(*)::int FROM tasks k WHERE k.team_id = t.id) AS tasks_done,
        (SELECT count(*)::int FROM reached r WHERE r.team_id = t.id) AS milestones
      FROM service_team t
      LEFT JOIN app_user u ON u.id = t.leader_id
      LEFT JOIN assigned a ON a.team_id = t.id
      ORDER BY t.no`,
  ]);

  // after the parallel reads: a transaction's connection runs one statement at a time
  const supervision = await supervisionSection(db, countyId, asOf, ctx.now);
  const programmes = await programmeSection(
    db,
    countyId === null ? scope : Prisma.sql`(${scope}) ${countyFilter(countyId)}`,
    asOf,
    countyId === null && seesAllProjects(viewer),
  );
  // 要素保障 (issue 18 §4, docs/decisions/223)
  const land = { year, rows: await landReportRows(db, scope, countyId, year, asOf) };
  const cards = evaluateKpis(agg, targets, year, asOf);
  const kpis = KPI_METRICS.map((k) => toReportKpi(cards[k], pace));
  const k = Object.fromEntries(kpis.map((x) => [x.metric, x]));
  const ranked = countyRows.filter((r) => r.rank !== null).length;
  const rows = countyRows.filter((r) => countyId === null || r.county.id === countyId).map((r) => countyRow(r, pace));

  const lagRows = lateProjects
    .map((p) => {
      const ms = p.milestones.map((x) => ({
        stage: x.stage,
        plannedOn: x.plannedOn ? toIsoDate(x.plannedOn) : null,
        actualOn: x.actualOn ? toIsoDate(x.actualOn) : null,
      }));
      const lag = lagging(ms, asOf);
      const officials = p.officials
        .map((o) => o.official)
        .sort((a, b) => (a.level === b.level ? a.id - b.id : a.level === "CITY" ? -1 : 1))
        .map((o) => o.name)
        .join("、");
      return { p, ms, lag, officials };
    })
    // the query's bound and stage.ts agree; the filter only narrows the types
    .filter(
      (
        x,
      ): x is typeof x & {
        lag: { level: "yellow" | "red"; stage: NonNullable<typeof x.lag.stage>; plannedOn: string };
      } => x.lag.level !== "none",
    )
    .map(({ p, ms, lag, officials }) => ({
      projectId: p.id,
      code: p.code,
      name: p.name,
      county: p.county.name,
      team: p.serviceTeam?.name ?? null,
      officials,
      isTransformation: p.isTransformation,
      stage: deriveStage(ms, asOf),
      lateStage: lag.stage,
      plannedOn: lag.plannedOn,
      daysLate: daysLate(lag.plannedOn, asOf),
      level: lag.level,
    }))
    .sort(
      (a, b) =>
        (a.level === b.level ? 0 : a.level === "red" ? -1 : 1) ||
        a.plannedOn.localeCompare(b.plannedOn) ||
        a.projectId - b.projectId,
    );

  const rates = [...coordination.countyRates].reduce(
    (t, r) => ({
      resolved: t.resolved + r.resolved,
      onTime: t.onTime + r.onTime,
      confirmed: t.confirmed + r.confirmed,
      satisfied: t.satisfied + r.satisfied,
    }),
    { resolved: 0, onTime: 0, confirmed: 0, satisfied: 0 },
  );

  return {
    version: REPORT_MODEL_VERSION,
    year,
    month: m.month,
    asOf,
    complete,
    scope: { countyId, name: county?.name ?? "全市" },
    generatedAt: ctx.now.toISOString(),
    pace,
    kpis,
    counties: {
      rows,
      ranked,
      total:
        countyId === null
          ? {
              countyId: 0,
              name: "全市",
              signedCount: agg.signedCount,
              inflow: agg.signedAmount,
              inflowTarget: k.INFLOW_AMOUNT.target,
              inflowCompletionBp: k.INFLOW_AMOUNT.completionBp,
              landingBp: k.LANDING_RATE.value,
              startBp: k.START_RATE.value,
              fundingBp: k.FUNDING_RATE.value,
              investment: agg.transformationInvestment,
              investmentTarget: k.TRANSFORMATION_INVESTMENT.target,
              investmentCompletionBp: k.TRANSFORMATION_INVESTMENT.completionBp,
              score: null,
              scoreRag: "none",
              rank: null,
            }
          : null,
    },
    signings: signings.map((s) => ({
      projectId: s.id,
      code: s.code,
      name: s.name,
      county: s.county,
      industry: s.industry,
      enterprise: s.enterprise,
      source: s.source,
      signedOn: toIsoDate(s.signed_on),
      contractAmount: Number(s.contract_amount),
      totalInvestment: Number(s.total_investment),
    })),
    milestones: milestones.map((x) => ({
      projectId: x.id,
      code: x.code,
      name: x.name,
      county: x.county,
      team: x.team,
      stage: x.stage,
      actualOn: toIsoDate(x.actual_on),
      evidenceNo: x.evidence_no,
    })),
    lagging: lagRows,
    issues: {
      rows: sortCoordinationRows(coordination.rows, "level", "desc").map((r) => ({
        issueId: r.id,
        code: r.code,
        title: r.title,
        enterprise: r.enterprise,
        county: r.county,
        level: r.levelInMonth,
        levelNow: r.levelNow,
        status: r.status,
        clock: { color: r.clock.color, text: r.clock.text },
        owner: r.owner,
        ageDays: r.ageDays,
        lastProgress: r.lastProgress
          ? `${formatChinaDateTime(r.lastProgress.at).slice(0, 10)} ${r.lastProgress.note}`
          : null,
      })),
      ...rates,
    },
    teams: teams
      // a county's report lists the teams working in it; the city's every team, idle ones included
      .filter(
        (t) => countyId === null || t.projects + t.visits + t.calls + t.meetings + t.tasks_done + t.milestones > 0,
      )
      .map((t) => ({
        teamId: t.id,
        no: t.no,
        name: t.name,
        leader: t.leader,
        projects: t.projects,
        visits: t.visits,
        calls: t.calls,
        meetings: t.meetings,
        tasksDone: t.tasks_done,
        milestones: t.milestones,
      })),
    supervision,
    programmes,
    land,
  };
}

/**
 * What a frozen month stores: the city's report and every county's, built by the freezing (city) viewer from one
 * database snapshot, so a county later reads its own part of the same frozen month.
 */
export async function buildSnapshotData(db: Tx, viewer: Viewer, m: ReportMonth, today: IsoDate, now: Date) {
  const { asOf } = reportPeriod(m, today);
  const { weights } = await getRankingWeights(db);
  // one transaction's connection runs one statement at a time: no Promise.all on `db` here
  const countyRows = await countyKpis(db, m.year, asOf, weights);
  const counties = await countyOptions(db);
  const ctx = { today, now, countyRows, weights };
  const city = await buildMonthlyReport(db, viewer, m, { county: null }, ctx);
  const byCounty: Record<string, MonthlyReport> = {};
  for (const c of counties) byCounty[String(c.id)] = await buildMonthlyReport(db, viewer, m, { county: c }, ctx);
  return { version: REPORT_MODEL_VERSION, city, counties: byCounty };
}
