// The province-scale generator (npm run bench:data) at a small scale: it must keep working as the schema
// evolves, produce valid data (credit codes, derived stages equal to the trigger's rule) and be deterministic.
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { isValidCreditCode } from "~/domain/creditCode";
import { generateBenchData } from "../../scripts/bench/generate.mjs";
import { createDatabaseFrom } from "../../scripts/lib/testdb.mjs";
import { testSql } from "../support/sql";

const sql = testSql();
let usersBefore = 0;
beforeAll(async () => {
  usersBefore = (await sql.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n;
  await generateBenchData(process.env.DATABASE_URL!, { scale: 0.01, log: () => {} });
});

describe("bench data generator", () => {
  it("adds projects, progress rows, issues with events and users at the requested scale", async () => {
    const r = (
      await sql.query(`SELECT
      (SELECT count(*) FROM project WHERE code LIKE 'BP%')::int AS projects,
      (SELECT count(*) FROM coordination_issue WHERE code LIKE 'BQ-%')::int AS issues,
      (SELECT count(*) FROM issue_event e JOIN coordination_issue i ON i.id = e.issue_id WHERE i.code LIKE 'BQ-%')::int AS events,
      (SELECT count(*) FROM app_user)::int AS users`)
    ).rows[0];
    // users: the generator tops up to 30 at this scale, and the demo seed already has more
    expect(r).toMatchObject({ projects: 1000, issues: 2000, users: Math.max(usersBefore, 30) });
    expect(r.events).toBeGreaterThan(r.issues);
  });

  it("derives the same stage, reached dates and lateness as the database trigger", async () => {
    const derived = "stage, signed_on, stage_on, land_on, funding_on, started_on, completed_on, lag_yellow, lag_red";
    await sql.query(`CREATE TEMP TABLE generated AS SELECT id, ${derived} FROM project WHERE code LIKE 'BP%'`);
    await sql.query(`SELECT project_stage_recompute(id) FROM generated`);
    const { rows } = await sql.query(`SELECT count(*)::int AS n,
        count(*) FILTER (WHERE (${derived
          .split(", ")
          .map((c) => `g.${c}`)
          .join(", ")})
                         IS DISTINCT FROM (${derived
                           .split(", ")
                           .map((c) => `p.${c}`)
                           .join(", ")}))::int AS differ,
        count(DISTINCT p.stage)::int AS stages,
        count(*) FILTER (WHERE p.lag_red <> '{}')::int > 0 AS some_late
      FROM generated g JOIN project p ON p.id = g.id`);
    expect(rows[0]).toEqual({ n: 1000, differ: 0, stages: 6, some_late: true });
  });

  it("fills funding_fact with every funding record and its project's attributes", async () => {
    const { rows } = await sql.query(`SELECT
        (SELECT count(*) FROM funding_record)::int AS records,
        (SELECT count(*) FROM funding_fact)::int AS facts,
        (SELECT count(*) FROM funding_fact f JOIN funding_record r ON r.id = f.funding_id JOIN project p ON p.id = r.project_id
          WHERE (f.project_id, f.received_on, f.amount, f.signed_on, f.origin, f.county_id, f.industry_id, f.source_region)
                IS NOT DISTINCT FROM (r.project_id, r.received_on, r.amount, p.signed_on, p.origin, p.county_id, p.industry_id, p.source_region))::int AS equal`);
    expect(rows[0].records).toBeGreaterThan(1000);
    expect(rows[0]).toEqual({ records: rows[0].records, facts: rows[0].records, equal: rows[0].records });
  });

  it("gives every enterprise a valid 统一社会信用代码", async () => {
    const { rows } = await sql.query(`SELECT credit_code FROM enterprise`);
    expect(rows.filter((r) => !isValidCreditCode(r.credit_code))).toEqual([]);
  });
});

/** A fingerprint of everything the generator wrote, by business key (codes), not by row order. */
const FINGERPRINT = `SELECT
  (SELECT md5(string_agg(concat_ws('|', p.code, p.name, p.county_id, p.industry_id, p.enterprise_id, p.service_team_id, p.origin,
      p.source_region, p.total_investment, p.contract_amount, p.annual_plan_investment, p.plan_year, p.pool, p.stage, p.signed_on), ',' ORDER BY p.code))
     FROM project p WHERE p.code LIKE 'BP%') AS projects,
  (SELECT md5(string_agg(concat_ws('|', p.code, m.stage, m.planned_on, m.actual_on, m.evidence_no), ',' ORDER BY p.code, m.stage))
     FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.code LIKE 'BP%') AS milestones,
  (SELECT md5(string_agg(concat_ws('|', p.code, f.received_on, f.amount, f.source), ',' ORDER BY p.code, f.received_on, f.amount, f.source))
     FROM funding_record f JOIN project p ON p.id = f.project_id WHERE p.code LIKE 'BP%') AS funding,
  (SELECT md5(string_agg(concat_ws('|', p.code, i.year, i.month, i.amount), ',' ORDER BY p.code, i.year, i.month))
     FROM investment_record i JOIN project p ON p.id = i.project_id WHERE p.code LIKE 'BP%') AS investment,
  (SELECT md5(string_agg(concat_ws('|', i.code, i.title, i.category, i.status, i.level, i.county_id, i.submitted_at, i.resolve_due_at, i.overdue_at), ',' ORDER BY i.code))
     FROM coordination_issue i WHERE i.code LIKE 'BQ-%') AS issues,
  (SELECT md5(string_agg(concat_ws('|', i.code, e.kind, e.created_at, e.from_level, e.to_level, e.to_status), ',' ORDER BY i.code, e.created_at, e.kind))
     FROM issue_event e JOIN coordination_issue i ON i.id = e.issue_id WHERE i.code LIKE 'BQ-%') AS events,
  (SELECT md5(string_agg(concat_ws('|', username, role, county_id, team_id), ',' ORDER BY username)) FROM app_user) AS users`;

describe("bench data generator determinism", () => {
  it("writes exactly the same rows when run again on the same starting database", { timeout: 180_000 }, async () => {
    const other = await createDatabaseFrom(inject("seedTemplate"), "t");
    try {
      await generateBenchData(other.url, { scale: 0.01, log: () => {} });
      const c = new pg.Client({ connectionString: other.url });
      await c.connect();
      try {
        const [a, b] = [(await sql.query(FINGERPRINT)).rows[0], (await c.query(FINGERPRINT)).rows[0]];
        expect(Object.values(a).every((v) => typeof v === "string" && v.length === 32)).toBe(true);
        expect(b).toEqual(a);
      } finally {
        await c.end();
      }
    } finally {
      await other.drop();
    }
  });
});
