// docs/design.md §4 aggregates in SQL (GROUP BY / FILTER), scoped by role, never loading project rows into JS:
// the same definitions as app/domain/kpi.ts `aggregateProjects`, which the integration tests hold them to.
// Takes the Prisma client as an argument (docs/development.md: presenters) so it can be tested and benchmarked alone.
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { programmeMemberSql } from "~/models/programme.server";
import { projectPlanYearsSql } from "~/models/project.server";
import { cachedQueryRaw } from "~/utils/snapshotCache.server";
import type { IsoDate } from "~/domain/dates";
import {
  addAggregates,
  cohortWindow,
  EMPTY_AGGREGATES,
  monthsCounted,
  type KpiAggregates,
  type KpiMetric,
  type KpiTargets,
  yearStart,
} from "~/domain/kpi";

export type ReportDb = Pick<PrismaClient, "$queryRaw" | "target" | "setting" | "county">;

/** Group the cohort by one dimension; `null` = one total row. */
export type KpiDimension = "county" | "industry" | "source" | "method" | "event" | "month";

/**
 * A group's key on `p` — a project, or a funding_fact row (which carries the project's cohort columns but not its
 * 招商方式; `projectId` is the project's id in either): 招商方式 and 推介活动 (the event of the lead the project was
 * signed from, decision 181) are looked up by the project's id.
 */
function dimensionSql(d: KpiDimension, projectId: Prisma.Sql): Prisma.Sql {
  switch (d) {
    case "county":
      return Prisma.sql`p.county_id::text`;
    case "industry":
      return Prisma.sql`p.industry_id::text`;
    case "source":
      return Prisma.sql`p.source_region::text`;
    case "method":
      return Prisma.sql`(SELECT x.attraction_method::text FROM project x WHERE x.id = ${projectId})`;
    case "event":
      return Prisma.sql`(SELECT l.event_id::text FROM lead l WHERE l.converted_project_id = ${projectId})`;
    case "month":
      return Prisma.sql`to_char(p.signed_on, 'YYYY-MM')`;
  }
}

export interface KpiQuery {
  year: number;
  asOf: IsoDate;
  /** projectScopeSql(viewer): the viewer's rows only */
  scope: Prisma.Sql;
  /** optionally narrowed to one county (a city role looking at a county, or the ranking's rows) */
  countyId?: number | null;
  /** optionally narrowed to one 重点专项's member projects (the dashboard's programme filter, decision 200) */
  programmeId?: number | null;
}

const toNumber = (v: bigint | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

function countyFilter(countyId: number | null | undefined): Prisma.Sql {
  return countyId ? Prisma.sql`AND p.county_id = ${countyId}` : Prisma.empty;
}

/** The query's county and programme narrowing; `projectId` is the project's id on `p` (funding_fact: project_id). */
function narrowing(q: Pick<KpiQuery, "countyId" | "programmeId">, projectId = Prisma.sql`p.id`): Prisma.Sql {
  return q.programmeId
    ? Prisma.sql`${countyFilter(q.countyId)} AND ${programmeMemberSql(q.programmeId, projectId)}`
    : countyFilter(q.countyId);
}

/**
 * Cohort aggregates (everything but transformation investment) per group, as of one or more dates in one scan.
 * Reached stage X by D ⇔ project.X_on ≤ D: the trigger-maintained date the unbroken chain SIGNED..X was complete
 * (stage.ts); funding received by D comes from funding_fact, the funding records carrying their project's cohort
 * attributes. Both are index-only range scans over the year's cohort (docs/decisions/050); the same definitions
 * as ever, which the integration tests hold to independent SQL over milestones and funding records. A group with
 * no signing by a date is absent from that date's map.
 */
async function cohortRowsAt(db: ReportDb, q: Omit<KpiQuery, "asOf">, dimension: KpiDimension | null, asOfs: IsoDate[]) {
  const out = new Map<IsoDate, Map<string | null, KpiAggregates>>();
  const dates = asOfs.flatMap((asOf) => {
    out.set(asOf, new Map());
    const w = cohortWindow(q.year, asOf);
    return w ? [{ asOf, to: w.to, i: out.size - 1 }] : [];
  });
  if (!dates.length) return out;
  const from = yearStart(q.year);
  const to = dates
    .map((x) => x.to)
    .sort()
    .at(-1)!;
  const key = dimension ? dimensionSql(dimension, Prisma.sql`p.id`) : Prisma.sql`NULL::text`;
  const moneyKey = dimension ? dimensionSql(dimension, Prisma.sql`p.project_id`) : Prisma.sql`NULL::text`;
  const col = (name: string, i: number) => Prisma.raw(`"${name}_${i}"`);
  const cohortColumns = dates.map(({ asOf, to: t, i }) => {
    const signed = Prisma.sql`p.signed_on <= ${t}::date`;
    const stage = (name: string, column: string) => {
      const reached = Prisma.sql`${signed} AND ${Prisma.raw(`p.${column}`)} <= ${asOf}::date`;
      return Prisma.sql`count(*) FILTER (WHERE ${reached})::int AS ${col(`${name}Count`, i)},
        coalesce(sum(p.contract_amount) FILTER (WHERE ${reached}), 0)::bigint AS ${col(`${name}Amount`, i)}`;
    };
    return Prisma.sql`count(*) FILTER (WHERE ${signed})::int AS ${col("signedCount", i)},
      coalesce(sum(p.contract_amount) FILTER (WHERE ${signed}), 0)::bigint AS ${col("signedAmount", i)},
      ${stage("land", "land_on")}, ${stage("funding", "funding_on")}, ${stage("started", "started_on")}, ${stage("completed", "completed_on")}`;
  });
  const moneyColumns = dates.map(
    ({ asOf, to: t, i }) =>
      Prisma.sql`coalesce(sum(p.amount) FILTER (WHERE p.signed_on <= ${t}::date AND p.received_on <= ${asOf}::date), 0)::bigint AS ${col("fundingReceived", i)}`,
  );
  // Two statements run side by side (the reached stages over project, the money over funding_fact: ~15 ms each at
  // province scale) rather than one that computes them one after the other. funding_fact is aliased p: it carries
  // the columns the scope and the dimensions refer to.
  type SqlRow = Record<string, bigint | number | string | null>;
  const [rows, money] = await Promise.all([
    cachedQueryRaw<SqlRow>(
      db,
      Prisma.sql`
      SELECT ${key} AS key, ${Prisma.join(cohortColumns)}
      FROM project p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN ${from}::date AND ${to}::date
        AND (${q.scope}) ${narrowing(q)}
      GROUP BY 1`,
    ),
    cachedQueryRaw<SqlRow>(
      db,
      Prisma.sql`
      SELECT ${moneyKey} AS key, ${Prisma.join(moneyColumns)}
      FROM funding_fact p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN ${from}::date AND ${to}::date
        AND (${q.scope}) ${narrowing(q, Prisma.sql`p.project_id`)}
      GROUP BY 1`,
    ),
  ]);
  const moneyOf = new Map(money.map((m) => [m.key as string | null, m]));
  for (const r of rows) {
    for (const { asOf, i } of dates) {
      if (!toNumber(r[`signedCount_${i}`] as number)) continue;
      const a = { ...EMPTY_AGGREGATES };
      for (const k of Object.keys(EMPTY_AGGREGATES) as (keyof KpiAggregates)[]) {
        if (k === "fundingReceived")
          a[k] = toNumber(moneyOf.get(r.key as string | null)?.[`${k}_${i}`] as bigint | null | undefined);
        else if (k !== "transformationInvestment") a[k] = toNumber(r[`${k}_${i}`] as number | null);
      }
      out.get(asOf)!.set(r.key as string | null, a);
    }
  }
  return out;
}

async function cohortRows(
  db: ReportDb,
  q: KpiQuery,
  dimension: KpiDimension | null,
): Promise<Map<string | null, KpiAggregates>> {
  return (await cohortRowsAt(db, q, dimension, [q.asOf])).get(q.asOf)!;
}

/**
 * Investment records of Y's ACTIVE transformation projects up to month M, per project and month (a nested loop over
 * the plan's few hundred projects on investment_record's (project, year, month) key, not a scan of the year's
 * records: the grouped subquery keeps the planner from flattening it into a hash join with every record of the year).
 */
function planInvestments(q: Omit<KpiQuery, "asOf">, months: number) {
  return Prisma.sql`
    FROM project p
    JOIN LATERAL (SELECT i.month, sum(i.amount) AS amount FROM investment_record i
                  WHERE i.project_id = p.id AND i.year = ${q.year} AND i.month <= ${months} GROUP BY i.month) i ON true
    WHERE p.plan_year = ${q.year} AND p.is_transformation AND p.pool = 'ACTIVE'
      AND (${q.scope}) ${narrowing(q)}`;
}

/** 转型项目完成投资: Σ counted months of Y's ACTIVE transformation projects, per county or in total, at each date. */
async function transformationRowsAt(db: ReportDb, q: Omit<KpiQuery, "asOf">, byCounty: boolean, asOfs: IsoDate[]) {
  const out = new Map<IsoDate, Map<string | null, number>>(asOfs.map((d) => [d, new Map()]));
  const months = asOfs.map((d) => monthsCounted(q.year, d));
  const most = Math.max(0, ...months);
  if (most === 0) return out;
  const key = byCounty ? Prisma.sql`p.county_id::text` : Prisma.sql`NULL::text`;
  const sums = months.map(
    (m, i) => Prisma.sql`sum(i.amount) FILTER (WHERE i.month <= ${m})::bigint AS ${Prisma.raw(`"amount_${i}"`)}`,
  );
  const rows = await cachedQueryRaw<Record<string, bigint | string | null>>(
    db,
    Prisma.sql`
    SELECT ${key} AS key, ${Prisma.join(sums)} ${planInvestments(q, most)}
    GROUP BY 1`,
  );
  for (const r of rows) {
    asOfs.forEach((d, i) => {
      if (months[i] > 0 && r[`amount_${i}`] !== null)
        out.get(d)!.set(r.key as string | null, toNumber(r[`amount_${i}`] as bigint));
    });
  }
  return out;
}

async function transformationRows(db: ReportDb, q: KpiQuery, byCounty: boolean): Promise<Map<string | null, number>> {
  return (await transformationRowsAt(db, q, byCounty, [q.asOf])).get(q.asOf)!;
}

/** The scope's total aggregates at D. */
export async function totalAggregates(db: ReportDb, q: KpiQuery): Promise<KpiAggregates> {
  const [cohort, inv] = await Promise.all([cohortRows(db, q, null), transformationRows(db, q, false)]);
  return { ...(cohort.get(null) ?? EMPTY_AGGREGATES), transformationInvestment: inv.get(null) ?? 0 };
}

/** Aggregates per county id at each date (every county with data; add the empty ones from the county list). */
export async function aggregatesByCountyAt(
  db: ReportDb,
  q: Omit<KpiQuery, "asOf">,
  asOfs: IsoDate[],
): Promise<Map<IsoDate, Map<number, KpiAggregates>>> {
  const [cohorts, invs] = await Promise.all([
    cohortRowsAt(db, q, "county", asOfs),
    transformationRowsAt(db, q, true, asOfs),
  ]);
  const out = new Map<IsoDate, Map<number, KpiAggregates>>();
  for (const d of asOfs) {
    const cohort = cohorts.get(d)!;
    const inv = invs.get(d)!;
    const byCounty = new Map<number, KpiAggregates>();
    for (const key of new Set([...cohort.keys(), ...inv.keys()])) {
      if (key === null) continue;
      byCounty.set(Number(key), {
        ...(cohort.get(key) ?? EMPTY_AGGREGATES),
        transformationInvestment: inv.get(key) ?? 0,
      });
    }
    out.set(d, byCounty);
  }
  return out;
}

/** Aggregates per county id (every county with data; add the empty ones from the county list). */
export async function aggregatesByCounty(db: ReportDb, q: KpiQuery): Promise<Map<number, KpiAggregates>> {
  return (await aggregatesByCountyAt(db, q, [q.asOf])).get(q.asOf)!;
}

/** Cohort aggregates per funnel dimension value (no transformation investment: it is not a cohort figure). */
export async function aggregatesBy(db: ReportDb, q: KpiQuery, dimension: KpiDimension) {
  return cohortRows(db, q, dimension);
}

/**
 * The dashboard's year at D from two scans: the cohort by signing month and the plan's investment by month. The
 * totals are their sums, the monthly series (signings by signing month, investment by counted month) their rows.
 */
export async function yearAtByMonth(db: ReportDb, q: KpiQuery) {
  const w = cohortWindow(q.year, q.asOf);
  const months = monthsCounted(q.year, q.asOf);
  const [cohort, invested] = await Promise.all([
    cohortRows(db, q, "month"),
    months
      ? cachedQueryRaw<{ month: number; amount: bigint }>(
          db,
          Prisma.sql`
        SELECT i.month, sum(i.amount)::bigint AS amount ${planInvestments(q, months)}
        GROUP BY 1`,
        )
      : Promise.resolve([]),
  ]);
  const total = [...cohort.values()].reduce((t, a) => addAggregates(t, a), { ...EMPTY_AGGREGATES });
  total.transformationInvestment = invested.reduce((t, r) => t + toNumber(r.amount), 0);
  const lastMonth = w ? Number(w.to.slice(5, 7)) : 0;
  const series = Array.from({ length: lastMonth }, (_, i) => {
    const m = i + 1;
    const s = cohort.get(`${q.year}-${String(m).padStart(2, "0")}`);
    const inv = invested.find((r) => r.month === m);
    return {
      month: m,
      signedCount: s?.signedCount ?? 0,
      signedAmount: s?.signedAmount ?? 0,
      investment: m <= months ? toNumber(inv?.amount) : null,
    };
  });
  return { total, series };
}

/**
 * Lagging projects of Y's plan (ACTIVE pool) at D, by worst level (docs/design.md §4): lag_yellow / lag_red hold the
 * dates at which some planned date is over 1 / 3 months past without an actual date (trigger-maintained from
 * milestones, the same month arithmetic as lagThresholds), so this is one index-only scan of the plan.
 */
export async function laggingCounts(db: ReportDb, q: KpiQuery): Promise<{ yellow: number; red: number }> {
  const d = Prisma.sql`${q.asOf}::date`;
  const rows = await cachedQueryRaw<{ yellow: number; red: number }>(
    db,
    Prisma.sql`
    SELECT count(*) FILTER (WHERE p.lag_yellow @> ${d} AND NOT p.lag_red @> ${d})::int AS yellow,
           count(*) FILTER (WHERE p.lag_red @> ${d})::int AS red
    FROM project p
    WHERE p.plan_year = ${q.year} AND p.pool = 'ACTIVE'
      AND (${q.scope}) ${narrowing(q)}`,
  );
  return { yellow: rows[0]?.yellow ?? 0, red: rows[0]?.red ?? 0 };
}

/** Targets of Y for the city (countyId null) or one county. */
export async function targetsFor(db: ReportDb, year: number, countyId: number | null): Promise<KpiTargets> {
  const rows = await db.target.findMany({ where: { year, countyId }, select: { metric: true, value: true } });
  return Object.fromEntries(rows.map((r) => [r.metric, r.value])) as KpiTargets;
}

/** Targets of Y for every county: countyId → metric → value. */
export async function countyTargets(db: ReportDb, year: number): Promise<Map<number, KpiTargets>> {
  const rows = await db.target.findMany({
    where: { year, countyId: { not: null } },
    select: { metric: true, value: true, countyId: true },
  });
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
export async function defaultReportYears(db: ReportDb, planYearsNewestFirst: number[]): Promise<number[]> {
  const rows = await db.$queryRaw<{ year: number }[]>`SELECT DISTINCT year FROM target ORDER BY year DESC`;
  return rows.length ? rows.map((r) => r.year) : planYearsNewestFirst;
}

/** Plan years that have targets or projects, newest first (the year pickers). */
export async function planYears(db: ReportDb): Promise<number[]> {
  const rows = await db.$queryRaw<{ year: number }[]>`
    SELECT year FROM (SELECT DISTINCT year FROM target UNION SELECT year FROM (${projectPlanYearsSql}) p) y ORDER BY year DESC`;
  return rows.map((r) => r.year);
}
