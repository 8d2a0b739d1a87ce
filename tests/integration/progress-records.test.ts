// Funding records, monthly investment (one value per month, corrections audited and version-checked), service
// logs and agency tasks — each write audited, each refused outside the viewer's scope or rights.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "~/domain/dates";
import { action as fundingAction } from "~/routes/_app.projects.$projectId_.funding/route";
import { action as investmentAction } from "~/routes/_app.projects.$projectId_.investment/route";
import { action as logAction } from "~/routes/_app.projects.$projectId_.service-logs/route";
import { action as taskAction, loader as taskLoader } from "~/routes/_app.projects.$projectId_.tasks/route";
import { postForm, requestAs, run } from "../support/requests";
import { createEnterprise, createProject, countyNamed, teamNo } from "../support/factories";
import { queries, testSql, waitForLockWaiters } from "../support/sql";
import { today as clockToday } from "~/utils/clock.server";

const sql = testSql();
let projectId: number;
let otherProjectId: number;
beforeAll(async () => {
  // this file's own projects: one of team01's (signed, landed), one of another team's
  const team01 = (await sql.query("SELECT team_id FROM app_user WHERE username = 'team01'")).rows[0].team_id;
  const countyId = await countyNamed(sql, "榆次区");
  const enterprise = await createEnterprise(sql, { countyId });
  const signed = {
    SIGNED: { actual: "2017-03-01" },
    LAND: { actual: "2017-05-01" },
    STARTED: { planned: "2017-12-31" },
  };
  projectId = (
    await createProject(sql, { countyId, serviceTeamId: team01, enterpriseId: enterprise.id, milestones: signed })
  ).id;
  otherProjectId = (
    await createProject(sql, { countyId, serviceTeamId: await teamNo(sql, 2), enterpriseId: enterprise.id })
  ).id;
});

type Failure = {
  fieldErrors: Record<string, string>;
  conflict: { changed: Array<{ field: string; theirs: string; yours: string }> } | null;
};
const { count } = queries(sql);
const auditCount = (entity: string, action?: string) =>
  count(
    `SELECT count(*) AS n FROM audit_event WHERE entity = $1 AND project_id = $2 ${action ? "AND action = $3" : ""}`,
    action ? [entity, projectId, action] : [entity, projectId],
  );

function call(fn: typeof fundingAction, user: string, path: string, id: number, fields: Record<string, string>) {
  return run(async () =>
    fn({
      request: await postForm(user, `/projects/${id}/${path}`, fields),
      params: { projectId: String(id) },
      context: {},
    }),
  );
}

describe("funding records", () => {
  it("adds an instalment with an audit event; refuses a negative amount, a future date and another team's project", async () => {
    const before = await auditCount("FundingRecord");
    const ok = await call(fundingAction, "team01", "funding", projectId, {
      receivedOn: clockToday(),
      amount: "1,200",
      source: "银行贷款",
      note: "第二笔",
    });
    expect(ok.status).toBe(302);
    expect(
      (await sql.query("SELECT amount FROM funding_record WHERE project_id = $1 AND note = '第二笔'", [projectId]))
        .rows,
    ).toEqual([{ amount: 1200 }]);
    expect(await auditCount("FundingRecord")).toBe(before + 1);

    const negative = await call(fundingAction, "team01", "funding", projectId, {
      receivedOn: clockToday(),
      amount: "-5",
      source: "银行贷款",
    });
    expect(negative.status).toBe(400);
    expect((negative.data as Failure).fieldErrors.amount).toBe("金额须大于 0（万元）");
    const decimal = await call(fundingAction, "team01", "funding", projectId, {
      receivedOn: clockToday(),
      amount: "12.5",
      source: "银行贷款",
    });
    expect((decimal.data as Failure).fieldErrors.amount).toBe("金额须为整数（万元），不含小数");
    const future = await call(fundingAction, "team01", "funding", projectId, {
      receivedOn: addDays(clockToday(), 3),
      amount: "5",
      source: "x",
    });
    expect((future.data as Failure).fieldErrors.receivedOn).toBe(`到位日期不能晚于今天（${clockToday()}）`);
    expect(
      (
        await call(fundingAction, "team01", "funding", otherProjectId, {
          receivedOn: clockToday(),
          amount: "5",
          source: "x",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(fundingAction, "leader", "funding", projectId, {
          receivedOn: clockToday(),
          amount: "5",
          source: "x",
        })
      ).status,
    ).toBe(403);
    expect(await auditCount("FundingRecord")).toBe(before + 1);
  });

  it("a project moved to another team while the form was open: the write finds it out of scope (404), nothing written", async () => {
    const team01 = (await sql.query("SELECT team_id FROM app_user WHERE username = 'team01'")).rows[0].team_id;
    const pid = (await createProject(sql, { countyId: await countyNamed(sql, "榆次区"), serviceTeamId: team01 })).id;
    const before = Number(
      (await sql.query("SELECT count(*) AS n FROM funding_record WHERE project_id = $1", [pid])).rows[0].n,
    );
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      // the reassignment holds the row, uncommitted, while team01's submission (already past the route's check) waits
      await holder.query("BEGIN");
      await holder.query(
        "UPDATE project SET service_team_id = (SELECT team_id FROM app_user WHERE username = 'team02'), version = version + 1 WHERE id = $1",
        [pid],
      );
      const pending = call(fundingAction, "team01", "funding", pid, {
        receivedOn: clockToday(),
        amount: "300",
        source: "自有资金",
      });
      await waitForLockWaiters(1);
      await holder.query("COMMIT");
      expect((await pending).status).toBe(404);
    } finally {
      await holder.end();
    }
    expect(
      Number((await sql.query("SELECT count(*) AS n FROM funding_record WHERE project_id = $1", [pid])).rows[0].n),
    ).toBe(before);
  });
});

describe("monthly completed investment", () => {
  it("one value per month: a second report is an audited correction; a stale one is a 409 listing both values", async () => {
    const month = clockToday().slice(0, 7);
    await sql.query("DELETE FROM investment_record WHERE project_id = $1 AND year = $2 AND month = $3", [
      projectId,
      Number(month.slice(0, 4)),
      Number(month.slice(5)),
    ]);
    const first = await call(investmentAction, "team01", "investment", projectId, {
      month,
      amount: "800",
      version: "0",
    });
    expect(first.status).toBe(302);
    const corrected = await call(investmentAction, "team01", "investment", projectId, {
      month,
      amount: "850",
      note: "统计口径调整",
      version: "1",
    });
    expect(corrected.status).toBe(302);
    const stale = await call(investmentAction, "team01.m1", "investment", projectId, {
      month,
      amount: "900",
      version: "1",
    });
    expect(stale.status).toBe(409);
    expect((stale.data as Failure).conflict!.changed[0]).toEqual({
      field: "amount",
      label: "完成投资（万元）",
      theirs: "850",
      yours: "900",
    });
    // a first report of a month that someone else reported meanwhile is a conflict too, not a duplicate
    const dup = await call(investmentAction, "team01", "investment", projectId, { month, amount: "1", version: "0" });
    expect(dup.status).toBe(409);

    const row = (
      await sql.query(
        "SELECT amount, version FROM investment_record WHERE project_id = $1 AND year = $2 AND month = $3",
        [projectId, Number(month.slice(0, 4)), Number(month.slice(5))],
      )
    ).rows;
    expect(row).toEqual([{ amount: 850, version: 2 }]);
    const audit = (
      await sql.query(
        "SELECT action, before->>'amount' AS b, after->>'amount' AS a FROM audit_event WHERE entity = 'InvestmentRecord' AND project_id = $1 ORDER BY id DESC LIMIT 2",
        [projectId],
      )
    ).rows;
    expect(audit).toEqual([
      { action: "CORRECT", b: "800", a: "850" },
      { action: "CREATE", b: null, a: "800" },
    ]);
  });

  it("refuses a future month and a negative value", async () => {
    const next = addDays(`${clockToday().slice(0, 7)}-28`, 10).slice(0, 7);
    const future = await call(investmentAction, "team01", "investment", projectId, {
      month: next,
      amount: "5",
      version: "0",
    });
    expect((future.data as Failure).fieldErrors.month).toBe("不能填报未来月份的完成投资");
    const neg = await call(investmentAction, "team01", "investment", projectId, {
      month: "2017-05",
      amount: "-1",
      version: "0",
    });
    expect((neg.data as Failure).fieldErrors.amount).toBe("金额不能为负数");
  });
});

describe("service logs", () => {
  it("saves a visit with its follow-up date; the follow-up can be marked done; both audited", async () => {
    const before = await auditCount("ServiceLog");
    const bad = await call(logAction, "team01", "service-logs", projectId, {
      kind: "VISIT",
      occurredOn: clockToday(),
      people: "张三",
      content: "现场走访",
      followUpOn: addDays(clockToday(), -1),
    });
    expect((bad.data as Failure).fieldErrors.followUpOn).toBe("跟进日期不能早于服务日期");
    const missing = await call(logAction, "team01", "service-logs", projectId, {
      kind: "VISIT",
      occurredOn: clockToday(),
      people: "",
      content: "",
    });
    expect((missing.data as Failure).fieldErrors).toMatchObject({
      people: "请填写参加人员",
      content: "请填写服务内容",
    });

    const ok = await call(logAction, "team01", "service-logs", projectId, {
      kind: "MEETING",
      occurredOn: clockToday(),
      people: "组长、企业负责人",
      content: "召开推进协调会，明确环评时限",
      followUpOn: addDays(clockToday(), 7),
    });
    expect(ok.status).toBe(302);
    const log = (
      await sql.query(
        "SELECT id, team_id, follow_up_done FROM service_log WHERE project_id = $1 ORDER BY id DESC LIMIT 1",
        [projectId],
      )
    ).rows[0];
    expect(log.follow_up_done).toBe(false);
    expect(log.team_id).toBe((await sql.query("SELECT team_id FROM app_user WHERE username='team01'")).rows[0].team_id);
    const done = await call(logAction, "team01", "service-logs", projectId, {
      intent: "followUp",
      logId: String(log.id),
      done: "1",
    });
    expect(done.status).toBe(302);
    expect(
      (await sql.query("SELECT follow_up_done FROM service_log WHERE id = $1", [log.id])).rows[0].follow_up_done,
    ).toBe(true);
    expect(await auditCount("ServiceLog")).toBe(before + 2);
    // a log id of another project is not found through this project
    const otherLog = (await sql.query("SELECT id FROM service_log WHERE project_id <> $1 LIMIT 1", [projectId]))
      .rows[0];
    expect(
      (
        await call(logAction, "team01", "service-logs", projectId, {
          intent: "followUp",
          logId: String(otherLog.id),
          done: "1",
        })
      ).status,
    ).toBe(404);
  });
});

describe("agency tasks", () => {
  it("creates, updates with a version check, requires a completion date for 办结, overdue is flagged", async () => {
    const members = (
      await sql.query(
        "SELECT u.id FROM app_user u WHERE u.team_id = (SELECT team_id FROM app_user WHERE username='team01') ORDER BY id",
      )
    ).rows;
    const outsider = (await sql.query("SELECT id FROM app_user WHERE username = 'team02'")).rows[0];
    const wrongHandler = await call(taskAction, "team01", "tasks", projectId, {
      kind: "ENVIRONMENTAL",
      title: "环评审批",
      dueOn: addDays(clockToday(), -2),
      handlerId: String(outsider.id),
    });
    expect((wrongHandler.data as Failure).fieldErrors.handlerId).toBe("经办人须是本项目服务小组的成员");
    const created = await call(taskAction, "team01", "tasks", projectId, {
      kind: "ENVIRONMENTAL",
      title: "环评审批",
      dueOn: addDays(clockToday(), -2),
      handlerId: String(members[0].id),
    });
    expect(created.status).toBe(302);
    const task = (
      await sql.query("SELECT id, version, team_id FROM agency_task WHERE project_id = $1 ORDER BY id DESC LIMIT 1", [
        projectId,
      ])
    ).rows[0];

    const page = await run(async () =>
      taskLoader({
        request: await requestAs("team01", `/projects/${projectId}/tasks`),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    const shown = (page.data as { tasks: Array<{ id: number; overdue: boolean }> }).tasks.find((t) => t.id === task.id);
    expect(shown?.overdue).toBe(true);

    const base = {
      intent: "update",
      taskId: String(task.id),
      dueOn: addDays(clockToday(), -2),
      handlerId: String(members[0].id),
      note: "",
      version: String(task.version),
    };
    const noDate = await call(taskAction, "team01", "tasks", projectId, { ...base, status: "DONE", completedOn: "" });
    expect((noDate.data as Failure).fieldErrors.completedOn).toBe("已办结的事项请填写办结日期");
    const done = await call(taskAction, "team01", "tasks", projectId, {
      ...base,
      status: "DONE",
      completedOn: clockToday(),
    });
    expect(done.status).toBe(302);
    const stale = await call(taskAction, "team01", "tasks", projectId, {
      ...base,
      status: "IN_PROGRESS",
      completedOn: "",
    });
    expect(stale.status).toBe(409);
    // the conflict names the handler this user picked, not a placeholder
    const handlerName = (await sql.query("SELECT display_name FROM app_user WHERE id = $1", [members[0].id])).rows[0]
      .display_name;
    expect((stale.data as Failure).conflict!.changed.find((c) => c.field === "handlerName")).toEqual({
      field: "handlerName",
      label: "经办人",
      theirs: handlerName,
      yours: handlerName,
    });
    expect((await sql.query("SELECT status FROM agency_task WHERE id = $1", [task.id])).rows[0].status).toBe("DONE");
    expect(
      await count("SELECT count(*) AS n FROM audit_event WHERE entity = 'AgencyTask' AND entity_id = $1", [
        String(task.id),
      ]),
    ).toBe(2);

    // a task of another project cannot be changed through this project's URL
    const foreign = (await sql.query("SELECT id, version FROM agency_task WHERE project_id <> $1 LIMIT 1", [projectId]))
      .rows[0];
    const viaOther = await call(taskAction, "team01", "tasks", projectId, {
      ...base,
      taskId: String(foreign.id),
      status: "CANCELLED",
      completedOn: "",
      version: String(foreign.version),
    });
    expect(viaOther.status).toBe(404);
  });
});
