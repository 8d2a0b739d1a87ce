// DESIGN §4 aggregates in SQL (GROUP BY / FILTER), scoped by role, never loading project rows into JS:
// the same definitions as app/domain/kpi.ts `aggregateProjects`, which the integration tests hold them to.
// Takes the Prisma client as an argument (CONVENTIONS: presenters) so it can be tested and benchmarked alone.
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { IsoDate } from "~/domain/dates";
import {
  cohortWindow,
  EMPTY_AGGREGATES,
  lagThresholds,
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

/** Cohort aggregates (everything but transformation investment) per group. */
async function cohortRows(db: Db, q: KpiQuery, dimension: KpiDimension | null): Promise<Map<string | null, KpiAggregates>> {
  const out = new Map<string | null, KpiAggregates>();
  const w = cohortWindow(q.year, q.asOf);
  if (!w) return out;
  const key = dimension ? DIMENSION_SQL[dimension] : Prisma.sql`NULL::text`;
  const rows = await db.$queryRaw<Row[]>`
    WITH cohort AS (
      SELECT p.id, p.contract_amount, ${key} AS key
      FROM project p
      WHERE p.origin = 'ATTRACTION'
        AND p.signed_on BETWEEN ${w.from}::date AND ${w.to}::date
        AND (${q.scope}) ${countyFilter(q.countyId)}
    ),
    -- Reached stage X by D ⇔ every milestone SIGNED..X has an actual date ≤ D (stage.ts: the unbroken chain);
    -- with one row per (project, stage), that is "count of such milestones = X's ordinal".
    reach AS (
      SELECT m.project_id,
        count(*) FILTER (WHERE m.stage <= 'LAND'::"MilestoneStage") = 2 AS land,
        count(*) FILTER (WHERE m.stage <= 'FUNDING'::"MilestoneStage") = 3 AS funding,
        count(*) FILTER (WHERE m.stage <= 'STARTED'::"MilestoneStage") = 4 AS started,
        count(*) = 5 AS completed
      FROM milestone m
      WHERE m.project_id IN (SELECT id FROM cohort) AND m.actual_on <= ${q.asOf}::date
      GROUP BY m.project_id
    ),
    money AS (
      SELECT f.project_id, sum(f.amount)::bigint AS received
      FROM funding_record f
      WHERE f.project_id IN (SELECT id FROM cohort) AND f.received_on <= ${q.asOf}::date
      GROUP BY f.project_id
    )
    SELECT c.key,
      count(*)::int AS "signedCount",
      coalesce(sum(c.contract_amount), 0)::bigint AS "signedAmount",
      count(*) FILTER (WHERE r.land)::int AS "landCount",
      coalesce(sum(c.contract_amount) FILTER (WHERE r.land), 0)::bigint AS "landAmount",
      count(*) FILTER (WHERE r.funding)::int AS "fundingCount",
      coalesce(sum(c.contract_amount) FILTER (WHERE r.funding), 0)::bigint AS "fundingAmount",
      count(*) FILTER (WHERE r.started)::int AS "startedCount",
      coalesce(sum(c.contract_amount) FILTER (WHERE r.started), 0)::bigint AS "startedAmount",
      count(*) FILTER (WHERE r.completed)::int AS "completedCount",
      coalesce(sum(c.contract_amount) FILTER (WHERE r.completed), 0)::bigint AS "completedAmount",
      coalesce(sum(mo.received), 0)::bigint AS "fundingReceived",
      0 AS "transformationInvestment"
    FROM cohort c
    LEFT JOIN reach r ON r.project_id = c.id
    LEFT JOIN money mo ON mo.project_id = c.id
    GROUP BY c.key`;
  for (const r of rows) {
    const a = { ...EMPTY_AGGREGATES };
    for (const k of Object.keys(EMPTY_AGGREGATES) as (keyof KpiAggregates)[]) a[k] = toNumber(r[k]);
    out.set(r.key, a);
  }
  return out;
}

/** 转型项目完成投资: Σ counted months of Y's ACTIVE transformation projects, per county or in total. */
async function transformationRows(db: Db, q: KpiQuery, byCounty: boolean): Promise<Map<string | null, number>> {
  const months = monthsCounted(q.year, q.asOf);
  const out = new Map<string | null, number>();
  if (months === 0) return out;
  const key = byCounty ? Prisma.sql`p.county_id::text` : Prisma.sql`NULL::text`;
  const rows = await db.$queryRaw<{ key: string | null; amount: bigint }[]>`
    SELECT ${key} AS key, sum(i.amount)::bigint AS amount
    FROM investment_record i
    JOIN project p ON p.id = i.project_id
    WHERE p.plan_year = ${q.year} AND p.is_transformation AND p.pool = 'ACTIVE'
      AND i.year = ${q.year} AND i.month <= ${months}
      AND (${q.scope}) ${countyFilter(q.countyId)}
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
        SELECT i.month, sum(i.amount)::bigint AS amount
        FROM investment_record i JOIN project p ON p.id = i.project_id
        WHERE p.plan_year = ${q.year} AND p.is_transformation AND p.pool = 'ACTIVE'
          AND i.year = ${q.year} AND i.month <= ${months}
          AND (${q.scope}) ${countyFilter(q.countyId)}
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

/** Lagging projects of Y's plan (ACTIVE pool) at D, by worst level (DESIGN §4). */
export async function laggingCounts(db: Db, q: KpiQuery): Promise<{ yellow: number; red: number }> {
  const t = lagThresholds(q.asOf);
  const rows = await db.$queryRaw<{ level: "yellow" | "red"; n: number }[]>`
    SELECT level, count(*)::int AS n FROM (
      SELECT p.id, CASE WHEN bool_or(m.planned_on <= ${t.red}::date) THEN 'red' ELSE 'yellow' END AS level
      FROM project p JOIN milestone m ON m.project_id = p.id
      WHERE p.plan_year = ${q.year} AND p.pool = 'ACTIVE'
        AND (${q.scope}) ${countyFilter(q.countyId)}
        AND m.planned_on <= ${t.yellow}::date
        AND (m.actual_on IS NULL OR m.actual_on > ${q.asOf}::date)
      GROUP BY p.id
    ) x GROUP BY level`;
  return { yellow: rows.find((r) => r.level === "yellow")?.n ?? 0, red: rows.find((r) => r.level === "red")?.n ?? 0 };
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
    SELECT year FROM (SELECT DISTINCT year FROM target UNION SELECT DISTINCT plan_year FROM project) y ORDER BY year DESC`;
  return rows.map((r) => r.year);
}
