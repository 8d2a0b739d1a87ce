// 按时办结 across clocks: an issue left to go overdue at TEAM level, escalated by the 13710 sweep and then resolved
// at once by the county — on time under its last clock, late as an issue — is resolved but not on time in the
// month's rates, per county and per team; and after the sweep has marked the seed's overdue issues, the rates still
// equal the SQL definition.
import { describe, expect, it } from "vitest";
import { monthOf, type RateRow } from "~/domain/coordinationList";
import { runSlaSweep } from "~/jobs/slaSweep.server";
import { applyIssueAction, submitIssue } from "~/models/issue.server";
import { loader as monthlyLoader } from "~/routes/_app.issues.monthly/route";
import { prisma } from "~/utils/db.server";
import { requestAs, run, viewerFor } from "../support/requests";
import { testSql } from "../support/sql";
import { now as clockNow } from "~/utils/clock.server";

const sql = testSql();
const DAY = 86_400_000;

async function rates() {
  const month = monthOf(clockNow());
  const res = await run(async () =>
    monthlyLoader({ request: await requestAs("admin", `/issues/monthly?month=${month.key}`), params: {}, context: {} }),
  );
  return res.data as { countyRates: RateRow[]; teamRates: RateRow[] };
}
const find = (rows: RateRow[], key: string) => rows.find((r) => r.key === key) ?? { resolved: 0, onTime: 0 };

describe("按时办结 looks at every clock of the issue", () => {
  it("late at TEAM level, auto-escalated, resolved fast by the county: resolved, not on time", async () => {
    const geely = await viewerFor("ent.geely");
    const project = await prisma.project.findFirstOrThrow({
      where: { enterpriseId: geely.enterpriseId!, serviceTeam: { no: 1 } },
      select: { id: true, countyId: true, serviceTeamId: true },
      orderBy: { id: "asc" },
    });
    const countyKey = String(project.countyId);
    const teamKey = String(project.serviceTeamId);
    const before = await rates();

    // submitted 12 days ago and left alone: every TEAM-level deadline has passed
    const r = await submitIssue(
      geely,
      {
        category: "LAND",
        title: "厂区用地手续迟迟未办（按时办结测试）",
        description: "用地预审材料提交后一直没有答复，影响开工。",
        projectId: project.id,
      },
      [],
      new Date(clockNow().getTime() - 12 * DAY),
    );
    const id = r.id;
    await runSlaSweep(prisma, clockNow());
    const escalated = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    expect(escalated).toMatchObject({ level: "COUNTY", status: "SUBMITTED" });
    const marks = await prisma.issueEvent.findMany({
      where: { issueId: id, kind: { in: ["OVERDUE", "AUTO_ESCALATED"] } },
    });
    expect(marks.map((m) => m.kind).sort()).toEqual(["AUTO_ESCALATED", "OVERDUE", "OVERDUE", "OVERDUE"]);

    // the county takes it and resolves it within its fresh clock
    const county = await prisma.user.findFirstOrThrow({ where: { role: "COUNTY", countyId: project.countyId } });
    const cv = await viewerFor(county.username);
    const accept = await applyIssueAction(cv, id, escalated.version, {
      type: "accept",
      assigneeId: cv.id,
      assigneeName: cv.displayName,
    });
    expect(accept.ok).toBe(true);
    const accepted = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    expect(
      (await applyIssueAction(cv, id, accepted.version, { type: "resolve", note: "已协调国土部门完成用地预审。" })).ok,
    ).toBe(true);
    const resolved = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
    expect(resolved.status).toBe("RESOLVED");
    // on time under the clock it was resolved under — the old definition would have counted it
    expect(resolved.resolvedAt!.getTime()).toBeLessThanOrEqual(resolved.resolveDueAt!.getTime());
    expect(resolved.acceptedAt!.getTime()).toBeLessThanOrEqual(resolved.acceptDueAt!.getTime());

    const after = await rates();
    for (const [rows0, rows1, key] of [
      [before.countyRates, after.countyRates, countyKey],
      [before.teamRates, after.teamRates, teamKey],
    ] as const) {
      expect(find(rows1, key).resolved, key).toBe(find(rows0, key).resolved + 1);
      expect(find(rows1, key).onTime, key).toBe(find(rows0, key).onTime);
    }
  });

  it("after the sweep marked the seed's overdue issues, the rates equal the SQL definition", async () => {
    const month = monthOf(clockNow());
    const d = await rates();
    const { rows } = await sql.query(
      `SELECT i.county_id::text AS key,
              count(*)::int AS resolved,
              count(*) FILTER (WHERE i.resolved_at <= i.resolve_due_at
                AND (i.accept_due_at IS NULL OR coalesce(i.accepted_at, i.resolved_at) <= i.accept_due_at)
                AND (i.respond_due_at IS NULL OR coalesce(i.first_responded_at, i.resolved_at) <= i.respond_due_at)
                AND NOT EXISTS (SELECT 1 FROM issue_event e WHERE e.issue_id = i.id
                                  AND e.kind IN ('OVERDUE', 'AUTO_ESCALATED') AND e.created_at <= i.resolved_at))::int AS "onTime"
       FROM coordination_issue i WHERE i.resolved_at >= $1 AND i.resolved_at < $2 GROUP BY 1`,
      [month.start, month.end],
    );
    const got = d.countyRates
      .filter((r) => r.resolved > 0)
      .map((r) => ({ key: r.key, resolved: r.resolved, onTime: r.onTime }));
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(got.sort(byKey)).toEqual(rows.sort(byKey));
    expect(rows.some((r) => r.onTime < r.resolved)).toBe(true);
  });
});
