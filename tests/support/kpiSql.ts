// docs/design.md §4 written out in plain SQL, independently of the presenters (the SIGNED milestone instead of the
// cached signed_on, NOT EXISTS over the chain of required stages, interval arithmetic for month ends and lateness):
// what the integration tests hold the dashboard, funnel and ranking numbers to.
import type pg from "pg";
import type { KpiAggregates } from "~/domain/kpi";

const STAGE_CHAIN: Record<string, string[]> = {
  SIGNED: ["SIGNED"],
  LAND: ["SIGNED", "LAND"],
  FUNDING: ["SIGNED", "LAND", "FUNDING"],
  STARTED: ["SIGNED", "LAND", "FUNDING", "STARTED"],
  COMPLETED: ["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"],
};

/** docs/design.md §4 in SQL, for the city (county null) or one county, grouped by an optional expression. */
export async function expectedAggregates(
  sql: pg.Client,
  asOf: string,
  county: number | null,
  groupBy = "NULL::text",
): Promise<Map<string | null, KpiAggregates>> {
  const reached = (stage: string) => `NOT EXISTS (
      SELECT 1 FROM unnest(ARRAY[${STAGE_CHAIN[stage].map((s) => `'${s}'`).join(",")}]::"MilestoneStage"[]) AS need(stage)
      WHERE NOT EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = c.id AND m.stage = need.stage AND m.actual_on <= $1::date))`;
  const { rows } = await sql.query(
    `WITH c AS (
       SELECT p.id, p.contract_amount, ${groupBy} AS g
       FROM project p
       JOIN milestone s ON s.project_id = p.id AND s.stage = 'SIGNED'
       WHERE p.origin = 'ATTRACTION'
         AND s.actual_on >= DATE '2017-01-01' AND s.actual_on <= LEAST($1::date, DATE '2017-12-31')
         AND ($2::int IS NULL OR p.county_id = $2::int)
     )
     SELECT g,
       count(*)::int AS "signedCount", sum(contract_amount)::bigint AS "signedAmount",
       ${["LAND", "FUNDING", "STARTED", "COMPLETED"]
         .map((s) => {
           const name = { LAND: "land", FUNDING: "funding", STARTED: "started", COMPLETED: "completed" }[s];
           return `count(*) FILTER (WHERE ${reached(s)})::int AS "${name}Count",
                   coalesce(sum(contract_amount) FILTER (WHERE ${reached(s)}), 0)::bigint AS "${name}Amount"`;
         })
         .join(",\n")},
       coalesce(sum((SELECT sum(f.amount) FROM funding_record f WHERE f.project_id = c.id AND f.received_on <= $1::date)), 0)::bigint AS "fundingReceived"
     FROM c GROUP BY g`,
    [asOf, county],
  );
  const inv = await sql.query(
    `SELECT coalesce(sum(i.amount), 0)::bigint AS amount
     FROM investment_record i JOIN project p ON p.id = i.project_id
     WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND i.year = 2017
       AND (make_date(i.year, i.month, 1) + interval '1 month' - interval '1 day')::date <= $1::date
       AND ($2::int IS NULL OR p.county_id = $2::int)`,
    [asOf, county],
  );
  const out = new Map<string | null, KpiAggregates>();
  for (const r of rows) {
    const a = {} as KpiAggregates;
    for (const [k, v] of Object.entries(r)) if (k !== "g") (a as unknown as Record<string, number>)[k] = Number(v);
    a.transformationInvestment = groupBy === "NULL::text" ? Number(inv.rows[0].amount) : 0;
    out.set(r.g, a);
  }
  if (groupBy === "NULL::text" && !out.has(null)) {
    out.set(null, {
      signedCount: 0,
      signedAmount: 0,
      landCount: 0,
      landAmount: 0,
      fundingCount: 0,
      fundingAmount: 0,
      startedCount: 0,
      startedAmount: 0,
      completedCount: 0,
      completedAmount: 0,
      fundingReceived: 0,
      transformationInvestment: Number(inv.rows[0].amount),
    });
  }
  return out;
}

export async function expectedLag(sql: pg.Client, asOf: string, county: number | null) {
  const { rows } = await sql.query(
    `SELECT count(*) FILTER (WHERE red)::int AS red, count(*) FILTER (WHERE NOT red)::int AS yellow FROM (
       SELECT p.id, bool_or(m.planned_on + interval '3 months' < $1::date) AS red
       FROM project p JOIN milestone m ON m.project_id = p.id
       WHERE p.plan_year = 2017 AND p.pool = 'ACTIVE' AND ($2::int IS NULL OR p.county_id = $2::int)
         AND m.planned_on + interval '1 month' < $1::date
         AND (m.actual_on IS NULL OR m.actual_on > $1::date)
       GROUP BY p.id) x`,
    [asOf, county],
  );
  return rows[0] as { red: number; yellow: number };
}

export async function expectedTargets(sql: pg.Client, county: number | null) {
  const { rows } = await sql.query(
    `SELECT metric, value FROM target WHERE year = 2017 AND county_id IS NOT DISTINCT FROM $1`,
    [county],
  );
  return Object.fromEntries(rows.map((r) => [r.metric, r.value])) as Record<string, number>;
}
