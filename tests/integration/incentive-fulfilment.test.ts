// 优惠兑现 (issue 18 §3, decision 206): the county sets a promised incentive's condition (version-checked) and records
// payments (one-time token, never past the promise); a project that missed its 开工 deadline, or was withdrawn, is
// flagged 需追回 once money was paid; another county gets 404, a team 403; writes audited in Chinese.
import { beforeAll, describe, expect, it } from "vitest";
import { auditActionLabel, auditEntityLabel } from "~/domain/auditLabels";
import { describeAuditChange } from "~/domain/auditText";
import { action, loader } from "~/routes/_app.projects.$projectId_.incentives_.$incentiveId/route";
import { loader as listLoader } from "~/routes/_app.projects.$projectId_.incentives/route";
import { createProject, createUser } from "../support/factories";
import { postForm, requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows, count } = queries(sql);
const args = { context: {} };
let project: number;
let incentive: number;
let county: string;
let other: string;

beforeAll(async () => {
  const yuci = await countyId(sql, "榆次区");
  county = (await createUser(sql, "COUNTY", { countyId: yuci })).username;
  other = (await createUser(sql, "COUNTY", { countyId: await countyId(sql, "太谷县") })).username;
  project = (await createProject(sql, { countyId: yuci, milestones: { SIGNED: { actual: "2017-03-01" } } })).id;
  incentive = (
    await one(
      `INSERT INTO project_incentive (project_id, kind, content, amount) VALUES ($1, '奖补', '固定资产投资奖补500万元', 500) RETURNING id`,
      [project],
    )
  ).id;
});

const params = () => ({ projectId: String(project), incentiveId: String(incentive) });
const post = async (user: string, fields: Record<string, string>) =>
  run(async () =>
    action({
      request: await postForm(user, `/projects/${project}/incentives/${incentive}`, fields),
      params: params(),
      ...args,
    }),
  );
const page = async (user: string) =>
  run(async () =>
    loader({
      request: await requestAs(user, `/projects/${project}/incentives/${incentive}`),
      params: params(),
      ...args,
    }),
  );
const version = async () =>
  String((await one(`SELECT version FROM project_incentive WHERE id = $1`, [incentive])).version);

describe("优惠兑现", () => {
  it("condition, payments within the promise, and 追回 when the 开工 deadline passed unmet", async () => {
    const bad = await post(county, { intent: "condition", version: await version(), conditionKind: "OUTPUT" });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      conditionValue: "请填写门槛金额（万元）",
      conditionDueOn: "请填写达到条件的期限",
    });
    expect(
      (
        await post(county, {
          intent: "condition",
          version: await version(),
          conditionKind: "STARTED",
          conditionDueOn: "2017-09-30",
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await post(county, {
          intent: "condition",
          version: "1",
          conditionKind: "COMPLETED",
          conditionDueOn: "2018-09-30",
        })
      ).status,
    ).toBe(409);

    let f = (await page(county)).data as { f: { state: string; recovery: string | null; paid: number } };
    expect(f.f).toMatchObject({ state: "missed", recovery: null, paid: 0 }); // nothing paid: nothing to recover

    const pay = {
      intent: "pay",
      paidOn: "2017-06-15",
      amount: "300",
      voucherNo: "JZCZ-JB-2017-001",
      createToken: "pay-once-per-token-1",
    };
    const [a, b] = await Promise.all([post(county, pay), post(county, pay)]);
    expect([a.status, b.status], JSON.stringify(a.data)).toEqual([302, 302]);
    expect(await count(`SELECT count(*) AS n FROM incentive_payment WHERE incentive_id = $1`, [incentive])).toBe(1);
    const over = await post(county, {
      intent: "pay",
      paidOn: "2017-07-01",
      amount: "201",
      voucherNo: "JZCZ-JB-2017-002",
    });
    expect(over.status).toBe(400);
    expect((over.data as { fieldErrors: Record<string, string> }).fieldErrors.amount).toContain("可兑现 200万元");

    f = (await page(county)).data as typeof f;
    expect(f.f.paid).toBe(
      (await one(`SELECT sum(amount)::int AS s FROM incentive_payment WHERE incentive_id = $1`, [incentive])).s,
    );
    expect(f.f.recovery).toBe("未在 2017-09-30 前达到兑现条件（开工），已兑现的优惠应追回");
    const list = await run(async () =>
      listLoader({
        request: await requestAs("leader", `/projects/${project}/incentives`),
        params: { projectId: String(project) },
        ...args,
      }),
    );
    expect(
      (list.data as { rows: { id: number; recovery: string | null; paid: number }[] }).rows.find(
        (r) => r.id === incentive,
      ),
    ).toMatchObject({
      paid: 300,
      recovery: expect.stringContaining("应追回"),
    });

    // started in time: met, nothing to recover; withdrawn: recover again
    await sql.query(
      `INSERT INTO milestone (project_id, stage, actual_on) VALUES ($1, 'LAND', '2017-05-01'), ($1, 'FUNDING', '2017-06-01'), ($1, 'STARTED', '2017-09-20')`,
      [project],
    );
    f = (await page(county)).data as typeof f;
    expect(f.f).toMatchObject({ state: "met", recovery: null });
    await sql.query(`UPDATE project SET pool = 'WITHDRAWN' WHERE id = $1`, [project]);
    f = (await page(county)).data as typeof f;
    expect(f.f.recovery).toBe("项目已调出，已兑现的优惠应追回");

    const audits = await rows(
      `SELECT action, entity, before, after FROM audit_event WHERE (entity = 'ProjectIncentive' AND entity_id = $1 AND action = 'INCENTIVE_CONDITION')
          OR (entity = 'IncentivePayment' AND after->>'incentiveId' = $1) ORDER BY id`,
      [String(incentive)],
    );
    expect(audits.map((x) => `${auditActionLabel(x.action)}·${auditEntityLabel(x.entity)}`)).toEqual([
      "设置优惠兑现条件·项目优惠政策",
      "登记优惠兑现·优惠兑现",
    ]);
    expect(describeAuditChange(audits[0])).toContain("兑现条件：空 → 开工");
    expect(describeAuditChange(audits[1])).toContain("金额：300万元");
  });

  it("another county gets 404; a team or a leader may read but not write (403)", async () => {
    expect((await page(other)).status).toBe(404);
    expect((await post(other, { intent: "pay", paidOn: "2017-06-15", amount: "1", voucherNo: "x" })).status).toBe(404);
    expect((await post("leader", { intent: "pay", paidOn: "2017-06-15", amount: "1", voucherNo: "x" })).status).toBe(
      403,
    );
    expect((await page("leader")).status).toBe(200);
  });
});
