// DESIGN §4 aggregates in SQL (GROUP BY / FILTER), scoped by role, never loading project rows into JS:
// the same definitions as app/domain/kpi.ts `aggregateProjects`, which the integration tests hold them to.
// Takes the Prisma client as an argument (CONVENTIONS: presenters) so it can be tested and benchmarked alone.
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { projectPlanYearsSql } from "~/models/project.server";
import type { IsoDate } from "~/domain/dates";
import {
  cohortWindow,
  EMPTY_AGGREGATES,
  monthsCounted,
  type KpiAggregates,
  type KpiMetric,
  type KpiTargets,
} from "~/domain/kpi";

export type Db = Pick<PrismaClient, "$queryRaw" | "target" | "setting" | "county">;

/** Group the cohort by one dimension; `null` = one total row. */
export type KpiDimension = "county" | "industry" | "source" | "month";

const DIMENSION_SQL: Record<KpiDimension, Prisma.Sql> = {
  county: Prisma.sql`p.county_id::text`,
  industry: Prisma.sql`p.industry_id::text`,
  source: Prisma.sql`p.source_region::text`,
  month: Prisma.sql`to_char(p.signed_on, 'YYYY-MM')`,
};

export interface KpiQuery {
  year: number;
  asOf: IsoDate;
  /** projectScopeSql(viewer): the viewer's rows only */
  scope: Prisma.Sql;
  /** optionally narrowed to one county (a city role looking at a county, or the ranking's rows) */
  countyId?: number | null;
}

type Row = Record<keyof KpiAggregates, bigint | number | null> & { key: string | null };

const toNumber = (v: bigint | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

function countyFilter(countyId: number | null | undefined): Prisma.Sql {
  return countyId ? Prisma.sql`AND p.county_id = ${countyId}` : Prisma.empty;
}

/**
 * Cohort aggregates (everything but transformation investment) per group. Reached stage X by D ⇔ project.X_on ≤ D:
 * the trigger-maintained date the unbroken chain SIGNED..X was complete (stage.ts); funding received by D comes
 * from funding_fact, the funding records carrying their project's cohort attributes. Both are index-only range
 * scans over the year's cohort (docs/decisions/050-province-scale-performance.md); the same definitions as
 * before, which the integration tests hold to independent SQL over milestones and funding records.
 */
async function cohortRows(db: Db, q: KpiQuery, dimension: KpiDimension | null): Promise<Map<string | null, KpiAggregates>> {
  const out = new Map<string | null, KpiAggregates>();
  const w = cohortWindow(q.year, q.asOf);
  if (!w) return out;
  const key = dimension ? DIMENSION_SQL[dimension] : Prisma.sql`NULL::text`;
  const d = Prisma.sql`${q.asOf}::date`;
  const reached = (column: string) => Prisma.raw(`p.${column}`);
  const stage = (name: string, column: string) => Prisma.sql`
      count(*) FILTER (WHERE ${reached(column)} <= ${d})::int AS ${Prisma.raw(`"${name}Count"`)},
      coalesce(sum(p.contract_amount) FILTER (WHERE ${reached(column)} <= ${d}), 0)::bigint AS ${Prisma.raw(`"${name}Amount"`)}`;
  // funding_fact is aliased p: it carries the columns the scope and the dimensions refer to
  const rows = await db.$queryRaw<Row[]>`
    WITH cohort AS (
      SELECT ${key} AS key,
        count(*)::int AS "signedCount",
        coalesce(sum(p.contract_amount), 0)::bigint AS "signedAmount",
        ${stage("land", "land_on")},
        ${stage("funding", "funding_on")},
        ${stage("started", "started_on")},
        ${stage("completed", "completed_on")}
      FROM project p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN ${w.from}::date AND ${w.to}::date
        AND (${q.scope}) ${countyFilter(q.countyId)}
      GROUP BY 1
    ),
    money AS (
      SELECT ${key} AS key, sum(p.amount)::bigint AS received
      FROM funding_fact p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN ${w.from}::date AND ${w.to}::date AND p.received_on <= ${d}
        AND (${q.scope}) ${countyFilter(q.countyId)}
      GROUP BY 1
    )
    SELECT c.*, coalesce(m.received, 0)::bigint AS "fundingReceived", 0 AS "transformationInvestment"
    FROM cohort c LEFT JOIN money m ON m.key IS NOT DISTINCT FROM c.key`;
  for (const r of rows) {
    const a = { ...EMPTY_AGGREGATES };
    for (const k of Object.keys(EMPTY_AGGREGATES) as (keyof KpiAggregates)[]) a[k] = toNumber(r[k]);
    out.set(r.key, a);
  }
  return out;
}

/**
 * Investment records of Y's ACTIVE transformation projects up to month M, per project (a nested loop over the
 * plan's few hundred projects on investment_record's (project, year, month) key, not a scan of the year's records:
 * the grouped subquery keeps the planner from flattening it into a hash join with every record of the year).
 */
function planInvestments(q: KpiQuery, months: number) {
  return Prisma.sql`
    FROM project p
    JOIN LATERAL (SELECT i.month, sum(i.amount) AS amount FROM investment_record i
                  WHERE i.project_id = p.id AND i.year = ${q.year} AND i.month <= ${months} GROUP BY i.month) i ON true
    WHERE p.plan_year = ${q.year} AND p.is_transformation AND p.pool = 'ACTIVE'
      AND (${q.scope}) ${countyFilter(q.countyId)}`;
}

/** 转型项目完成投资: Σ counted months of Y's ACTIVE transformation projects, per county or in total. */
async function transformationRows(db: Db, q: KpiQuery, byCounty: boolean): Promise<Map<string | null, number>> {
  const months = monthsCounted(q.year, q.asOf);
  const out = new Map<string | null, number>();
  if (months === 0) return out;
  const key = byCounty ? Prisma.sql`p.county_id::text` : Prisma.sql`NULL::text`;
  const rows = await db.$queryRaw<{ key: string | null; amount: bigint }[]>`
    SELECT ${key} AS key, sum(i.amount)::bigint AS amount ${planInvestments(q, months)}
    GROUP BY 1`;
  for (const r of rows) out.set(r.key, toNumber(r.amount));
  return out;
}

/** The scope's total aggregates at D. */
export async function totalAggregates(db: Db, q: KpiQuery): Promise<KpiAggregates> {
  const [cohort, inv] = await Promise.all([cohortRows(db, q, null), transformationRows(db, q, false)]);
  return { ...(cohort.get(null) ?? EMPTY_AGGREGATES), transformationInvestment: inv.get(null) ?? 0 };
}

/** Aggregates per county id (every county with data; add the empty ones from the county list). */
export async function aggregatesByCounty(db: Db, q: KpiQuery): Promise<Map<number, KpiAggregates>> {
  const [cohort, inv] = await Promise.all([cohortRows(db, q, "county"), transformationRows(db, q, true)]);
  const out = new Map<number, KpiAggregates>();
  for (const key of new Set([...cohort.keys(), ...inv.keys()])) {
    if (key === null) continue;
    out.set(Number(key), { ...(cohort.get(key) ?? EMPTY_AGGREGATES), transformationInvestment: inv.get(key) ?? 0 });
  }
  return out;
}

/** Cohort aggregates per funnel dimension value (no transformation investment: it is not a cohort figure). */
export async function aggregatesBy(db: Db, q: KpiQuery, dimension: KpiDimension) {
  return cohortRows(db, q, dimension);
}

/** Monthly series of Y up to D: signings (count, 万元) by signing month, investment by counted month. */
export async function monthlySeries(db: Db, q: KpiQuery) {
  const w = cohortWindow(q.year, q.asOf);
  const months = monthsCounted(q.year, q.asOf);
  const [signed, invested] = await Promise.all([
    w
      ? db.$queryRaw<{ month: number; n: number; amount: bigint }[]>`
        SELECT extract(month FROM p.signed_on)::int AS month, count(*)::int AS n, sum(p.contract_amount)::bigint AS amount
        FROM project p
        WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN ${w.from}::date AND ${w.to}::date
          AND (${q.scope}) ${countyFilter(q.countyId)}
        GROUP BY 1`
      : Promise.resolve([]),
    months
      ? db.$queryRaw<{ month: number; amount: bigint }[]>`
        SELECT i.month, sum(i.amount)::bigint AS amount ${planInvestments(q, months)}
        GROUP BY 1`
      : Promise.resolve([]),
  ]);
  const lastMonth = w ? Number(w.to.slice(5, 7)) : 0;
  return Array.from({ length: lastMonth }, (_, i) => {
    const m = i + 1;
    const s = signed.find((r) => r.month === m);
    const inv = invested.find((r) => r.month === m);
    return {
      month: m,
      signedCount: s?.n ?? 0,
      signedAmount: toNumber(s?.amount),
      investment: m <= months ? toNumber(inv?.amount) : null,
    };
  });
}

/**
 * Lagging projects of Y's plan (ACTIVE pool) at D, by worst level (DESIGN §4): lag_yellow / lag_red hold the dates
 * at which some planned date is over 1 / 3 months past without an actual date (trigger-maintained from milestones,
 * the same month arithmetic as lagThresholds), so this is one index-only scan of the plan.
 */
export async function laggingCounts(db: Db, q: KpiQuery): Promise<{ yellow: number; red: number }> {
  const d = Prisma.sql`${q.asOf}::date`;
  const rows = await db.$queryRaw<{ yellow: number; red: number }[]>`
    SELECT count(*) FILTER (WHERE p.lag_yellow @> ${d} AND NOT p.lag_red @> ${d})::int AS yellow,
           count(*) FILTER (WHERE p.lag_red @> ${d})::int AS red
    FROM project p
    WHERE p.plan_year = ${q.year} AND p.pool = 'ACTIVE'
      AND (${q.scope}) ${countyFilter(q.countyId)}`;
  return { yellow: rows[0]?.yellow ?? 0, red: rows[0]?.red ?? 0 };
}

/** Targets of Y for the city (countyId null) or one county. */
export async function targetsFor(db: Db, year: number, countyId: number | null): Promise<KpiTargets> {
  const rows = await db.target.findMany({ where: { year, countyId }, select: { metric: true, value: true } });
  return Object.fromEntries(rows.map((r) => [r.metric, r.value])) as KpiTargets;
}

/** Targets of Y for every county: countyId → metric → value. */
export async function countyTargets(db: Db, year: number): Promise<Map<number, KpiTargets>> {
  const rows = await db.target.findMany({ where: { year, countyId: { not: null } }, select: { metric: true, value: true, countyId: true } });
  const out = new Map<number, KpiTargets>();
  for (const r of rows) {
    const t = out.get(r.countyId!) ?? {};
    t[r.metric as KpiMetric] = r.value;
    out.set(r.countyId!, t);
  }
  return out;
}

/**
 * Years a report may open on by default: those the bureau has set targets for (a project created for a later year
 * should not switch everyone's dashboard to a year without targets), else every plan year.
 */
export async function defaultReportYears(db: Db, planYearsNewestFirst: number[]): Promise<number[]> {
  const rows = await db.$queryRaw<{ year: number }[]>`SELECT DISTINCT year FROM target ORDER BY year DESC`;
  return rows.length ? rows.map((r) => r.year) : planYearsNewestFirst;
}

/** Plan years that have targets or projects, newest first (the year pickers). */
export async function planYears(db: Db): Promise<number[]> {
  const rows = await db.$queryRaw<{ year: number }[]>`
    SELECT year FROM (SELECT DISTINCT year FROM target UNION SELECT year FROM (${projectPlanYearsSql}) p) y ORDER BY year DESC`;
  return rows.map((r) => r.year);
}
