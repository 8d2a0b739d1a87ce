// The derived columns and rollups the reports and the register read (project.signed_on … completed_on,
// lag_yellow / lag_red, funding_fact, project_tally, issue_tally, coordination_issue.overdue_at / project_team_id)
// recomputed from the base rows with plain SQL, independently of the triggers that maintain them: what the integration
// tests hold them to. Each query returns the rows that disagree (none when the derivation is exact).
import type pg from "pg";

const CHAIN = ["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"] as const;
const COLUMN = {
  SIGNED: "signed_on",
  LAND: "land_on",
  FUNDING: "funding_on",
  STARTED: "started_on",
  COMPLETED: "completed_on",
} as const;

/** Projects whose reached date of some stage is not "every stage up to it has an actual date; the latest of them". */
export async function reachedDateMismatches(sql: pg.Client): Promise<unknown[]> {
  const checks = CHAIN.map((stage, k) => {
    const need = CHAIN.slice(0, k + 1)
      .map((s) => `'${s}'`)
      .join(",");
    return `SELECT p.id, '${stage}' AS stage, p.${COLUMN[stage]} AS stored,
        CASE WHEN NOT EXISTS (SELECT 1 FROM unnest(ARRAY[${need}]::"MilestoneStage"[]) AS need(stage)
                              WHERE NOT EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = p.id AND m.stage = need.stage AND m.actual_on IS NOT NULL))
             THEN (SELECT max(m.actual_on) FROM milestone m WHERE m.project_id = p.id AND m.stage = ANY(ARRAY[${need}]::"MilestoneStage"[]))
        END AS expected
      FROM project p`;
  });
  const { rows } = await sql.query(
    `SELECT * FROM (${checks.join(" UNION ALL ")}) x WHERE stored IS DISTINCT FROM expected ORDER BY id, stage`,
  );
  return rows;
}

/**
 * Projects whose lateness ranges disagree with docs/design.md §4 at some date D: late (yellow) at D when a milestone's
 * planned date + 1 month is before D and it has no actual date ≤ D; red the same with 3 months. D runs over every
 * boundary of every milestone (the day before, on and after each planned + 1/3 months and each actual date).
 */
export async function lagMismatches(sql: pg.Client): Promise<unknown[]> {
  const { rows } = await sql.query(`
    WITH dates AS (
      SELECT DISTINCT m.project_id, (b.d + k * interval '1 day')::date AS d
      FROM milestone m
      CROSS JOIN LATERAL (VALUES ((m.planned_on + interval '1 month')::date), ((m.planned_on + interval '3 months')::date), (m.actual_on)) AS b(d)
      CROSS JOIN generate_series(-1, 1) AS k
      WHERE b.d IS NOT NULL),
    judged AS (
      SELECT d.project_id, d.d,
        p.lag_yellow @> d.d AS stored_yellow,
        p.lag_red @> d.d AS stored_red,
        EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = d.project_id AND m.planned_on + interval '1 month' < d.d
                AND (m.actual_on IS NULL OR m.actual_on > d.d)) AS yellow,
        EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = d.project_id AND m.planned_on + interval '3 months' < d.d
                AND (m.actual_on IS NULL OR m.actual_on > d.d)) AS red
      FROM dates d JOIN project p ON p.id = d.project_id)
    SELECT * FROM judged WHERE stored_yellow <> yellow OR stored_red <> red ORDER BY project_id, d`);
  return rows;
}

/** funding_fact rows that are not exactly funding_record ⋈ project (missing, extra or different). */
export async function fundingFactMismatches(sql: pg.Client): Promise<unknown[]> {
  const expected = `SELECT f.id AS funding_id, f.project_id, f.received_on, f.amount, p.signed_on, p.origin, p.county_id,
      p.industry_id, p.source_region, p.service_team_id, p.enterprise_id
    FROM funding_record f JOIN project p ON p.id = f.project_id`;
  const stored = `SELECT funding_id, project_id, received_on, amount, signed_on, origin, county_id, industry_id, source_region,
      service_team_id, enterprise_id FROM funding_fact`;
  const { rows } = await sql.query(`(${expected} EXCEPT ${stored}) UNION ALL (${stored} EXCEPT ${expected})`);
  return rows;
}

/** project_tally's groups (its deltas summed) that differ from counting the projects themselves. */
export async function tallyMismatches(sql: pg.Client): Promise<unknown[]> {
  const dims = "plan_year, stage, pool, is_transformation, origin";
  const stored = `SELECT ${dims}, sum(projects)::bigint AS n, sum(contract_amount)::bigint AS c, sum(total_investment)::bigint AS t
    FROM project_tally GROUP BY ${dims} HAVING sum(projects) <> 0 OR sum(contract_amount) <> 0 OR sum(total_investment) <> 0`;
  const expected = `SELECT ${dims}, count(*)::bigint, sum(contract_amount)::bigint, sum(total_investment)::bigint FROM project GROUP BY ${dims}`;
  const { rows } = await sql.query(`(${expected} EXCEPT ${stored}) UNION ALL (${stored} EXCEPT ${expected})`);
  return rows;
}

/**
 * Issues whose overdue_at disagrees with the dashboard's definition at some instant t (just before, at and just
 * after each of its deadlines): overdue at t ⇔ not accepted and accept_due_at < t, or no first feedback and
 * respond_due_at < t, or resolve_due_at < t.
 */
export async function overdueMismatches(sql: pg.Client): Promise<unknown[]> {
  const { rows } = await sql.query(`
    SELECT i.id, t.at FROM coordination_issue i
    CROSS JOIN LATERAL (SELECT d + k * interval '1 millisecond' AS at
                        FROM unnest(ARRAY[i.accept_due_at, i.respond_due_at, i.resolve_due_at]) AS d, generate_series(-1, 1) AS k
                        WHERE d IS NOT NULL) t
    WHERE (i.overdue_at < t.at) IS DISTINCT FROM coalesce(
            (i.accepted_at IS NULL AND i.accept_due_at < t.at) OR (i.first_responded_at IS NULL AND i.respond_due_at < t.at)
            OR i.resolve_due_at < t.at, false)
    ORDER BY i.id LIMIT 20`);
  return rows;
}

/** issue_tally's groups that differ from counting the issues; issues whose project_team_id is not their project's team. */
export async function issueMismatches(sql: pg.Client): Promise<unknown[]> {
  const stored = `SELECT level, status, overdue_month, sum(issues)::bigint AS n FROM issue_tally
    GROUP BY 1, 2, 3 HAVING sum(issues) <> 0`;
  const expected = `SELECT level, status, date_trunc('month', overdue_at AT TIME ZONE 'UTC')::date, count(*)::bigint
    FROM coordination_issue GROUP BY 1, 2, 3`;
  const { rows } = await sql.query(`(${expected} EXCEPT ${stored}) UNION ALL (${stored} EXCEPT ${expected})
    UNION ALL SELECT NULL, NULL, NULL, i.id FROM coordination_issue i LEFT JOIN project p ON p.id = i.project_id
              WHERE i.project_team_id IS DISTINCT FROM p.service_team_id`);
  return rows;
}

/** Every derived column against its recomputation. */
export async function derivedMismatches(sql: pg.Client) {
  return {
    reached: await reachedDateMismatches(sql),
    lag: await lagMismatches(sql),
    funding: await fundingFactMismatches(sql),
    tally: await tallyMismatches(sql),
    overdue: await overdueMismatches(sql),
    issues: await issueMismatches(sql),
  };
}
