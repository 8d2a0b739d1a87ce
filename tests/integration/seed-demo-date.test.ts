// The demo seed lives on its demo date (issue 12 §4): an official opening the demo on 2017-11-20 sees no fact from
// the future. Independent SQL over every date and timestamp column of the seeded database: nothing that records
// what happened (actual dates, created/logged/updated instants, completions, funding, monthly investment) lies
// after the demo clock's start; only plans and deadlines (planned dates, due dates, follow-ups, 13710 deadlines)
// may. A new date column is checked by default: it must be added to FUTURE_ALLOWED to hold a future date.
import { describe, expect, it } from "vitest";
import { DEMO_START } from "~/domain/demoClock";
import { testSql } from "../support/sql";

const sql = testSql();

/** table.column pairs that hold plans or deadlines (may lie after the demo date). */
const FUTURE_ALLOWED = new Set([
  "milestone.planned_on",
  "agency_task.due_on",
  "service_log.follow_up_on",
  "lead.next_follow_up_on",
  "coordination_issue.accept_due_at",
  "coordination_issue.respond_due_at",
  "coordination_issue.resolve_due_at",
  "coordination_issue.overdue_at",
  "milestone_event.to_planned",
  "project.planned_signed_on",
  // 督办事项: the 13710 deadlines, an extension's date asked for or granted (decision 141)
  "supervision.sign_due_at",
  "supervision.plan_due_at",
  "supervision.progress_due_at",
  "supervision.finish_due_at",
  "supervision.original_due_at",
  "supervision.pending_due_at",
  "supervision_event.due_at",
  // a guarantee's end date (专项资金, decision 205), a policy's validity end and a programme's period end are terms,
  // not facts
  "fund_application.guarantee_ends_on",
  "incentive_policy.valid_to",
  "programme.ends_on",
  // an 出让金 instalment's due date is a schedule (decision 221)
  "land_instalment.due_on",
  // the date an incentive's 兑现 condition is due (decision 206), a deadline
  "project_incentive.condition_due_on",
]);

/** Rows the app (not the seed) writes on its own clock: the demo clock's anchor, written at the real first start. */
const ONLY_ROWS: Record<string, string> = { setting: `key <> 'app_clock'` };

describe("demo seed on the demo date", () => {
  it("no recorded fact is dated after the demo clock's start (2017-11-20 09:00 Beijing)", async () => {
    const { rows: cols } = await sql.query(
      `SELECT c.table_name AS t, c.column_name AS c, c.data_type AS type
         FROM information_schema.columns c JOIN information_schema.tables tb
           ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
        WHERE c.table_schema = current_schema() AND c.table_name NOT LIKE '\\_%'
          AND c.data_type IN ('date', 'timestamp with time zone', 'timestamp without time zone')
        ORDER BY 1, 2`,
    );
    expect(cols.length).toBeGreaterThan(20);
    const late: string[] = [];
    for (const { t, c, type } of cols) {
      if (FUTURE_ALLOWED.has(`${t}.${c}`)) continue;
      const bound = type === "date" ? `(($1::timestamptz) AT TIME ZONE 'Asia/Shanghai')::date` : `$1::timestamptz`;
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n, max("${c}")::text AS last FROM "${t}" WHERE "${c}" > ${bound} AND ${ONLY_ROWS[t] ?? "TRUE"}`,
        [DEMO_START],
      );
      if (rows[0].n > 0) late.push(`${t}.${c}: ${rows[0].n} after the demo date (latest ${rows[0].last})`);
    }
    expect(late).toEqual([]);
  });

  it("monthly investment is reported only for months closed before the demo date", async () => {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM investment_record WHERE make_date(year, month, 1) >= date '2017-11-01'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("nothing is marked done whose date is after the demo date", async () => {
    const { rows } = await sql.query(
      `SELECT
         (SELECT count(*)::int FROM agency_task WHERE status = 'DONE' AND (completed_on IS NULL OR completed_on > date '2017-11-20')) AS tasks,
         (SELECT count(*)::int FROM service_log WHERE follow_up_done AND follow_up_on > date '2017-11-20') AS follow_ups,
         (SELECT count(*)::int FROM lead WHERE stage = 'SIGNED' AND converted_project_id IN
            (SELECT id FROM project WHERE signed_on IS NULL OR signed_on > date '2017-11-20')) AS leads`,
    );
    expect(rows[0]).toEqual({ tasks: 0, follow_ups: 0, leads: 0 });
  });
});
