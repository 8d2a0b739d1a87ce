// Milestone inserts derive their projects' stage once per statement (docs/decisions/278): a multi-row INSERT —
// what an import writes — leaves every project's stage, stage date, reached dates and lateness ranges as the
// per-project rule (project_stage_recompute, docs/decisions/050) and the independent recomputation
// (tests/support/derivedSql.ts) have them, and the rollups the project UPDATE feeds (project_tally) stay exact.
import { describe, expect, it } from "vitest";
import { derivedMismatches } from "../support/derivedSql";
import { countyNamed, createProject } from "../support/factories";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { rows } = queries(sql);
const STAGES = ["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"] as const;
const NONE = { reached: [], lag: [], funding: [], tally: [], overdue: [], issues: [] };
const DERIVED = "stage, stage_on, signed_on, land_on, funding_on, started_on, completed_on, lag_yellow, lag_red";

/** Every subset of stages with an actual date (gaps included), dates rising or falling, some planned dates late. */
function patterns() {
  const out: { stage: string; planned: string | null; actual: string | null }[][] = [];
  for (let mask = 0; mask < 32; mask++) {
    for (const falling of [false, true]) {
      out.push(
        STAGES.map((stage, k) => {
          const day = falling ? 28 - 5 * k : 1 + 5 * k;
          const planned = (mask + k) % 3 === 0 ? null : `2017-0${1 + k}-${String(day).padStart(2, "0")}`;
          const actual = mask & (1 << k) ? `2017-0${3 + ((k * 7 + mask) % 6)}-${String(day).padStart(2, "0")}` : null;
          return { stage, planned, actual };
        }).filter((m, k) => m.planned || m.actual || (mask + k) % 2 === 0),
      );
    }
  }
  return out;
}

describe("milestone inserts, one statement for many projects", () => {
  it("derive each project's stage, dates and lateness as the per-project rule does", async () => {
    const county = await countyNamed(sql, "榆次区");
    const ps = patterns();
    const ids: number[] = [];
    for (const _ of ps) ids.push((await createProject(sql, { countyId: county })).id);
    const ms = ps.flatMap((p, i) => p.map((m) => ({ ...m, project: ids[i] })));
    await sql.query(
      `INSERT INTO milestone (project_id, stage, planned_on, actual_on)
       SELECT * FROM unnest($1::int[], $2::"MilestoneStage"[], $3::date[], $4::date[])`,
      [ms.map((m) => m.project), ms.map((m) => m.stage), ms.map((m) => m.planned), ms.map((m) => m.actual)],
    );
    const after = await rows(`SELECT id, ${DERIVED} FROM project WHERE id = ANY($1) ORDER BY id`, [ids]);
    expect(new Set(after.map((r) => r.stage))).toEqual(
      new Set(["PREPARING", "SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"]),
    );
    expect(after.some((r) => r.lag_red !== "{}")).toBe(true);

    // the per-project rule, run again on the same rows, changes nothing
    await sql.query(`SELECT project_stage_recompute(id) FROM unnest($1::int[]) AS u(id)`, [ids]);
    expect(await rows(`SELECT id, ${DERIVED} FROM project WHERE id = ANY($1) ORDER BY id`, [ids])).toEqual(after);
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });

  it("keeps an upsert's updated rows on the row trigger and its inserted rows on the statement trigger", async () => {
    const county = await countyNamed(sql, "榆次区");
    const a = await createProject(sql, { countyId: county, milestones: { SIGNED: { actual: "2017-03-01" } } });
    const b = await createProject(sql, { countyId: county });
    await sql.query(
      `INSERT INTO milestone (project_id, stage, actual_on)
       VALUES ($1, 'SIGNED', '2017-02-01'), ($1, 'LAND', '2017-04-01'), ($2, 'SIGNED', '2017-05-01')
       ON CONFLICT (project_id, stage) DO UPDATE SET actual_on = excluded.actual_on`,
      [a.id, b.id],
    );
    expect(
      await rows(
        `SELECT id, stage, stage_on::text, signed_on::text, land_on::text FROM project WHERE id = ANY($1) ORDER BY id`,
        [[a.id, b.id]],
      ),
    ).toEqual([
      { id: a.id, stage: "LAND", stage_on: "2017-04-01", signed_on: "2017-02-01", land_on: "2017-04-01" },
      { id: b.id, stage: "SIGNED", stage_on: "2017-05-01", signed_on: "2017-05-01", land_on: null },
    ]);
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });
});
