// 考核排名 and the 招商地图's numbers: every county's KPIs against its own targets, the weighted score, the
// rank, and the change against the previous month-end. The score needs every county's numbers, so they are
// computed over all projects; a county official is shown only its own row and place (docs/design.md §6).
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { IsoDate } from "~/domain/dates";
import {
  EMPTY_AGGREGATES,
  evaluateKpis,
  previousMonthEnd,
  ragFor,
  rankByScore,
  weightedScore,
  yearStart,
  type RankingWeights,
} from "~/domain/kpi";
import { canManageTargets, type Viewer } from "~/domain/permissions";
import { resolvePeriod } from "~/domain/reportQuery";
import type { ReportQuery } from "~/domain/reportQuery.server";
import { getRankingWeights } from "~/models/target.server";
import {
  aggregatesByCountyAt,
  countyTargets,
  defaultReportYears,
  planYears,
  type ReportDb,
} from "./KpiPresenter.server";

/** Every county's KPIs, score and rank at each date (one scan per measure for all the dates). */
export async function countyKpisAt(db: ReportDb, year: number, asOfs: IsoDate[], weights: RankingWeights) {
  const [counties, aggsAt, targets] = await Promise.all([
    db.county.findMany({ select: { id: true, name: true, code: true, kind: true }, orderBy: { sortOrder: "asc" } }),
    aggregatesByCountyAt(db, { year, scope: Prisma.sql`TRUE` }, asOfs),
    countyTargets(db, year),
  ]);
  return asOfs.map((asOf) => {
    const aggs = aggsAt.get(asOf)!;
    const rows = counties.map((c) => {
      const agg = aggs.get(c.id) ?? { ...EMPTY_AGGREGATES };
      const cards = evaluateKpis(agg, targets.get(c.id) ?? {}, year, asOf);
      const score = weightedScore(cards, weights);
      // the score is "% of on-schedule completion", so the cards' RAG rule applies with 100 expected
      return { county: c, agg, cards, score, scoreRag: ragFor(score, 100) };
    });
    const ranks = rankByScore(rows.map((r) => ({ key: r.county.id, score: r.score })));
    return rows.map((r) => ({ ...r, rank: ranks.get(r.county.id) ?? null }));
  });
}

export async function countyKpis(db: ReportDb, year: number, asOf: IsoDate, weights: RankingWeights) {
  return (await countyKpisAt(db, year, [asOf], weights))[0];
}

export async function presentRanking(db: PrismaClient, viewer: Viewer, rq: ReportQuery, today: IsoDate) {
  const years = await planYears(db);
  const { year, asOf } = resolvePeriod(rq, await defaultReportYears(db, years), today);
  const { weights, version } = await getRankingWeights();
  const prevAsOf = previousMonthEnd(asOf);
  const withPrev = prevAsOf >= yearStart(year);
  const [now, prevOrNull] = await countyKpisAt(db, year, withPrev ? [asOf, prevAsOf] : [asOf], weights);
  const prev = withPrev ? prevOrNull : null;
  const rows = now
    .map((r) => {
      const prevRank = prev?.find((p) => p.county.id === r.county.id)?.rank ?? null;
      return { ...r, prevRank, change: r.rank !== null && prevRank !== null ? prevRank - r.rank : null };
    })
    .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999) || a.county.id - b.county.id);
  const visible = viewer.role === "COUNTY" ? rows.filter((r) => r.county.id === viewer.countyId) : rows;
  return {
    year,
    asOf,
    prevAsOf: prev ? prevAsOf : null,
    years,
    weights,
    weightsVersion: version,
    rows: visible,
    ranked: rows.filter((r) => r.rank !== null).length,
    canEditWeights: canManageTargets(viewer),
    isCounty: viewer.role === "COUNTY",
  };
}
export type RankingData = Awaited<ReturnType<typeof presentRanking>>;
