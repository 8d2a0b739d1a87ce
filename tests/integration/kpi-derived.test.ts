// The columns and rollups the reports and the register read instead of grouping base rows per request (reached
// dates, lateness ranges, funding_fact, project_tally, issues' overdue_at) are kept exact by triggers in the
// writing transaction: after every kind of write they equal their recomputation from the base rows
// (tests/support/derivedSql.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "~/domain/dates";
import { action as fundingAction } from "~/routes/_app.projects.$projectId_.funding/route";
import { action as msAction } from "~/routes/_app.projects.$projectId_.milestones/route";
import { prisma } from "~/utils/db.server";
import { derivedMismatches } from "../support/derivedSql";
import { postForm, postMultipart, run } from "../support/requests";
import { queries, testSql } from "../support/sql";
import { today as clockToday } from "~/utils/clock.server";

const sql = testSql();
let projectId: number;
beforeAll(async () => {
  // A SIGNED-only project of team01 in this file's own database.
  const team = "(SELECT team_id FROM app_user WHERE username = 'team01')";
  await sql.query(
    `UPDATE project SET service_team_id = ${team} WHERE id = (SELECT id FROM project WHERE stage = 'SIGNED' ORDER BY id LIMIT 1)`,
  );
  projectId = (
    await sql.query(`SELECT id FROM project WHERE stage = 'SIGNED' AND service_team_id = ${team} ORDER BY id LIMIT 1`)
  ).rows[0].id;
});

const NONE = { reached: [], lag: [], funding: [], tally: [], overdue: [], issues: [] };
const { one } = queries(sql);
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
async function versionOf(stage: string) {
  return String(
    (await one("SELECT version FROM milestone WHERE project_id = $1 AND stage = $2", [projectId, stage]))?.version ?? 0,
  );
}
function milestone(fields: Record<string, string>) {
  return run(async () =>
    msAction({
      request: await postMultipart("team01", `/projects/${projectId}/milestones`, fields),
      params: { projectId: String(projectId) },
      context: {},
    }),
  );
}
async function derived() {
  const r = await one(
    `SELECT signed_on, land_on, funding_on, lag_yellow::text AS yellow, lag_red::text AS red FROM project WHERE id = $1`,
    [projectId],
  );
  return {
    signedOn: iso(r.signed_on),
    landOn: iso(r.land_on),
    fundingOn: iso(r.funding_on),
    yellow: r.yellow,
    red: r.red,
  };
}

describe("derived KPI columns", () => {
  it("equal their recomputation on the seeded data", async () => {
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });

  it("follow logging, planning, correcting and withdrawing milestones", async () => {
    const today = clockToday();
    const signedOn = (await derived()).signedOn!;
    const landDay = addDays(today, -10) > signedOn ? addDays(today, -10) : signedOn;
    const logged = await milestone({
      intent: "log",
      stage: "LAND",
      actualOn: landDay,
      evidenceNo: "晋中土出-2017-901",
      version: await versionOf("LAND"),
    });
    expect(logged.status).toBe(302);
    expect((await derived()).landOn).toBe(landDay);

    // FUNDING planned 5 months ago and not reached: the project lags, red (over 3 months) as of today
    const planned = addDays(today, -150);
    const plan = await milestone({
      intent: "plan",
      stage: "FUNDING",
      plannedOn: planned,
      reason: "按协议约定",
      version: await versionOf("FUNDING"),
    });
    expect(plan.status).toBe(302);
    expect((await one(`SELECT lag_red @> $2::date AS red FROM project WHERE id = $1`, [projectId, today])).red).toBe(
      true,
    );
    expect(await derivedMismatches(sql)).toEqual(NONE);

    // moving SIGNED's date moves signed_on and LAND's reached date is the later of the two
    const corrected = addDays(landDay, -3);
    const c = await milestone({
      intent: "correct",
      stage: "SIGNED",
      actualOn: corrected,
      evidenceNo: "合同-更正",
      reason: "合同签署日期录入错误",
      version: await versionOf("SIGNED"),
    });
    expect(c.status).toBe(302);
    expect(await derived()).toMatchObject({ signedOn: corrected, landOn: landDay });

    const w = await milestone({
      intent: "withdraw",
      stage: "LAND",
      reason: "供地合同尚未生效",
      version: await versionOf("LAND"),
    });
    expect(w.status).toBe(302);
    expect((await derived()).landOn).toBeNull();
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });

  it("copy funding records with their project's attributes, following inserts, edits, deletes and project changes", async () => {
    const r = await run(async () =>
      fundingAction({
        request: await postForm("team01", `/projects/${projectId}/funding`, {
          receivedOn: clockToday(),
          amount: "2,500",
          source: "银行贷款",
          note: "",
        }),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    expect(r.status).toBe(302);
    const fact = await one(
      `SELECT f.amount, f.county_id = p.county_id AS same_county, f.signed_on = p.signed_on AS same_signed
       FROM funding_fact f JOIN project p ON p.id = f.project_id WHERE f.project_id = $1 ORDER BY f.funding_id DESC LIMIT 1`,
      [projectId],
    );
    expect(fact).toEqual({ amount: 2500, same_county: true, same_signed: true });

    // any write path, not only the app's: an edit of the record, a move of the project to another county
    await sql.query(`UPDATE funding_record SET amount = amount + 1 WHERE project_id = $1`, [projectId]);
    await sql.query(
      `UPDATE project SET county_id = (SELECT id FROM county WHERE id <> project.county_id ORDER BY id LIMIT 1) WHERE id = $1`,
      [projectId],
    );
    expect(await derivedMismatches(sql)).toEqual(NONE);

    await sql.query(`DELETE FROM funding_record WHERE project_id = $1`, [projectId]);
    expect((await one(`SELECT count(*)::int AS n FROM funding_fact WHERE project_id = $1`, [projectId])).n).toBe(0);
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });

  it("stay exact when a whole project goes (cascade) and when milestones are bulk-inserted in one statement", async () => {
    const p =
      await one(`INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, contract_amount, plan_year, updated_at)
      SELECT 'DERIVED-1', '派生列测试项目', (SELECT min(id) FROM county), (SELECT min(id) FROM industry), 'ATTRACTION', 1000, 800, 2017, now() RETURNING id`);
    await sql.query(
      `INSERT INTO milestone (project_id, stage, planned_on, actual_on, updated_at)
       VALUES ($1, 'SIGNED', '2017-02-01', '2017-02-03', now()), ($1, 'LAND', '2017-03-01', '2017-06-15', now()),
              ($1, 'FUNDING', '2017-04-01', NULL, now()), ($1, 'STARTED', '2017-01-01', '2017-08-01', now())`,
      [p.id],
    );
    await sql.query(
      `INSERT INTO funding_record (project_id, received_on, amount, source) VALUES ($1, '2017-07-01', 300, '测试'), ($1, '2017-09-01', 200, '测试')`,
      [p.id],
    );
    const r = await one(
      `SELECT stage::text, signed_on, land_on, funding_on, started_on, lag_yellow::text AS y, lag_red::text AS r FROM project WHERE id = $1`,
      [p.id],
    );
    // STARTED has a date but FUNDING does not: the chain stops at LAND (reached on the later of the two dates)
    expect({ ...r, signed_on: iso(r.signed_on), land_on: iso(r.land_on) }).toEqual({
      stage: "LAND",
      signed_on: "2017-02-03",
      land_on: "2017-06-15",
      funding_on: null,
      started_on: null,
      // LAND planned 03-01: late from 04-02 until logged 06-15; FUNDING planned 04-01: late from 05-02 on;
      // STARTED planned 01-01: late from 02-02 until 08-01 — yellow is their union
      y: "{[2017-02-02,)}",
      r: "{[2017-04-02,)}",
    });
    expect(await derivedMismatches(sql)).toEqual(NONE);
    await sql.query(`DELETE FROM project WHERE id = $1`, [p.id]);
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });

  it("keep the register's totals exact through the rollup's deltas and its compaction", async () => {
    const { compactTallies } = await import("~/models/tally.server");
    const groups = async () =>
      await one(
        `SELECT count(*)::int AS rows, count(DISTINCT (plan_year, stage, pool, is_transformation, origin))::int AS groups FROM project_tally`,
      );
    // an edit that moves a project between groups writes two deltas; one that does not writes none
    const before = (await one(`SELECT count(*)::int AS n FROM project_tally`)).n;
    await sql.query(`UPDATE project SET updated_at = now() WHERE id = $1`, [projectId]);
    expect((await one(`SELECT count(*)::int AS n FROM project_tally`)).n).toBe(before);
    await sql.query(
      `UPDATE project SET pool = CASE WHEN pool = 'ACTIVE' THEN 'RESERVE'::"ProjectPool" ELSE 'ACTIVE' END WHERE id = $1`,
      [projectId],
    );
    expect((await one(`SELECT count(*)::int AS n FROM project_tally`)).n).toBe(before + 2);
    expect(await derivedMismatches(sql)).toEqual(NONE);
    await compactTallies(prisma);
    const g = await groups();
    expect(g.rows).toBe(g.groups);
    expect(await derivedMismatches(sql)).toEqual(NONE);
  });
});
