// 招商线索: scope and permissions per role, kanban totals, moves (version-checked, audited), 放弃 needs a reason,
// 签约 converts to a project in one transaction and moves the KPI numbers.
import { beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { projectScopeSql } from "~/models/scope.server";
import { totalAggregates } from "~/presenters/KpiPresenter.server";
import { action as leadAction, loader as leadLoader } from "~/routes/_app.leads.$leadId/route";
import { loader as leadsLoader } from "~/routes/_app.leads._index/route";
import { action as newLeadAction } from "~/routes/_app.leads.new/route";
import { loader as projectLoader } from "~/routes/_app.projects.$projectId/route";
import type { Failure } from "~/domain/refusal";
import { prisma } from "~/utils/db.server";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
let yuci: number;
let jiexiu: number;
beforeAll(async () => {
  yuci = await countyId(sql, "榆次区");
  jiexiu = await countyId(sql, "介休市");
});

const { one } = queries(sql);

async function leadIn(stage: string, county?: number) {
  return one(
    `SELECT id, version, name, expected_amount FROM lead WHERE stage = $1 ${county ? "AND county_id = $2" : ""} ORDER BY id LIMIT 1`,
    county ? [stage, county] : [stage],
  );
}

async function post(user: string, leadId: number, fields: Record<string, string>) {
  const request = await postForm(user, `/leads/${leadId}`, fields);
  return run(() => leadAction({ request, params: { leadId: String(leadId) }, context: {} }));
}

type Board = { board: { stage: string; count: number; amount: number; cards: { id: number; canManage: boolean }[] }[] };

describe("reading leads per role", () => {
  it("the city's roles see every lead; the kanban's counts and totals equal SQL", async () => {
    const want = (
      await sql.query(`SELECT stage, count(*)::int AS n, sum(expected_amount)::bigint AS s FROM lead GROUP BY stage`)
    ).rows;
    for (const user of ["admin", "bureau", "leader", "eic"]) {
      const res = await run(async () =>
        leadsLoader({ request: await requestAs(user, "/leads"), params: {}, context: {} }),
      );
      expect(res.status, user).toBe(200);
      const { board } = res.data as Board;
      for (const w of want) {
        const col = board.find((c) => c.stage === w.stage)!;
        expect(col.count, `${user} ${w.stage}`).toBe(w.n);
        expect(col.amount, `${user} ${w.stage}`).toBe(Number(w.s));
      }
    }
  });

  it("a county sees only its county's leads, in the kanban, the table and by id", async () => {
    const res = await run(async () =>
      leadsLoader({ request: await requestAs("county.yuci", "/leads?view=table&size=100"), params: {}, context: {} }),
    );
    const { table } = res.data as { table: { total: number; rows: { id: number; county: string }[] } };
    const want = (await one(`SELECT count(*)::int AS n FROM lead WHERE county_id = $1`, [yuci])).n;
    expect(want).toBeGreaterThan(0);
    expect(table.total).toBe(want);
    expect(new Set(table.rows.map((r) => r.county))).toEqual(new Set(["榆次区"]));
    // asking for another county by filter gives nothing, by id a 404
    const other = await run(async () =>
      leadsLoader({
        request: await requestAs("county.yuci", `/leads?view=table&county=${jiexiu}`),
        params: {},
        context: {},
      }),
    );
    expect((other.data as { table: { total: number } }).table.total).toBe(0);
    const foreign = await one(`SELECT id FROM lead WHERE county_id <> $1 LIMIT 1`, [yuci]);
    const detail = await run(async () =>
      leadLoader({
        request: await requestAs("county.yuci", `/leads/${foreign.id}`),
        params: { leadId: String(foreign.id) },
        context: {},
      }),
    );
    expect(detail.status).toBe(404);
  });

  it("teams and enterprises have no access to leads", async () => {
    const anyLead = await leadIn("CONTACT");
    for (const user of ["team01", "ent.geely"]) {
      const list = await run(async () =>
        leadsLoader({ request: await requestAs(user, "/leads"), params: {}, context: {} }),
      );
      expect(list.status, user).toBe(403);
      const detail = await run(async () =>
        leadLoader({
          request: await requestAs(user, `/leads/${anyLead.id}`),
          params: { leadId: String(anyLead.id) },
          context: {},
        }),
      );
      expect(detail.status, user).toBe(403);
      expect(
        (await post(user, anyLead.id, { intent: "move", version: String(anyLead.version), stage: "INSPECTION" }))
          .status,
      ).toBe(403);
    }
  });
});

describe("moving leads", () => {
  it("the bureau moves a lead; the move is audited and bumps the version; a stale version is a 409", async () => {
    const lead = await leadIn("CONTACT");
    const res = await post("bureau", lead.id, {
      intent: "move",
      version: String(lead.version),
      stage: "INSPECTION",
      redirectTo: "/leads",
    });
    expect(res.status).toBe(302);
    expect(res.response?.headers.get("Location")).toBe("/leads");
    const after = await one(`SELECT stage, version FROM lead WHERE id = $1`, [lead.id]);
    expect(after).toEqual({ stage: "INSPECTION", version: lead.version + 1 });
    const ev = await one(
      `SELECT action, before, after FROM audit_event WHERE entity = 'Lead' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [String(lead.id)],
    );
    expect(ev).toMatchObject({ action: "MOVE", before: { stage: "CONTACT" }, after: { stage: "INSPECTION" } });

    const stale = await post("bureau", lead.id, {
      intent: "move",
      version: String(lead.version),
      stage: "NEGOTIATION",
    });
    expect(stale.status).toBe(409);
    expect((await one(`SELECT stage FROM lead WHERE id = $1`, [lead.id])).stage).toBe("INSPECTION");
  });

  it("放弃 needs a reason (Chinese field error, nothing written); with one it is stored", async () => {
    const lead = await leadIn("NEGOTIATION");
    const bad = await post("bureau", lead.id, {
      intent: "move",
      version: String(lead.version),
      stage: "ABANDONED",
      abandonReason: " ",
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.abandonReason).toBe(
      "放弃线索须填写放弃原因",
    );
    expect(await one(`SELECT stage, version FROM lead WHERE id = $1`, [lead.id])).toEqual({
      stage: "NEGOTIATION",
      version: lead.version,
    });

    const ok = await post("bureau", lead.id, {
      intent: "move",
      version: String(lead.version),
      stage: "ABANDONED",
      abandonReason: "企业战略调整",
    });
    expect(ok.status).toBe(302);
    expect(await one(`SELECT stage, abandon_reason FROM lead WHERE id = $1`, [lead.id])).toEqual({
      stage: "ABANDONED",
      abandon_reason: "企业战略调整",
    });
    const ev = await one(
      `SELECT action FROM audit_event WHERE entity = 'Lead' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [String(lead.id)],
    );
    expect(ev.action).toBe("ABANDON");
  });

  it("moving to 签约 without the signing details asks for them instead of signing", async () => {
    const lead = await leadIn("INSPECTION");
    const res = await post("bureau", lead.id, { intent: "move", version: String(lead.version), stage: "SIGNED" });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ form: "convert", fieldErrors: { signedOn: "请填写签约日期" } });
    expect((await one(`SELECT stage FROM lead WHERE id = $1`, [lead.id])).stage).toBe("INSPECTION");
  });

  it("leaders and the economic commission read but do not move; a county moves only its own", async () => {
    const own = await leadIn("CONTACT", yuci);
    for (const user of ["leader", "eic"]) {
      expect(
        (await post(user, own.id, { intent: "move", version: String(own.version), stage: "INSPECTION" })).status,
        user,
      ).toBe(403);
    }
    const foreign = await one(`SELECT id, version FROM lead WHERE county_id <> $1 AND stage = 'CONTACT' LIMIT 1`, [
      yuci,
    ]);
    expect(
      (await post("county.yuci", foreign.id, { intent: "move", version: String(foreign.version), stage: "INSPECTION" }))
        .status,
    ).toBe(404);
    expect(
      (await post("county.yuci", own.id, { intent: "move", version: String(own.version), stage: "INSPECTION" })).status,
    ).toBe(302);
    // the kanban marks only manageable cards as movable
    const res = await run(async () =>
      leadsLoader({ request: await requestAs("leader", "/leads"), params: {}, context: {} }),
    );
    expect((res.data as Board).board.flatMap((c) => c.cards).some((c) => c.canManage)).toBe(false);
  });
});

describe("creating a lead", () => {
  const fields = (county: number) => ({
    name: "测试精密制造项目",
    enterpriseName: "苏州测试精密制造有限公司",
    sourceRegion: "YANGTZE_DELTA",
    method: "PRECISION",
    industryId: "1",
    countyId: String(county),
    expectedAmount: "30,000",
    ownerId: "",
    firstContactOn: "2017-11-01",
    nextFollowUpOn: "2017-12-20",
    note: "",
  });

  it("a county registers leads for its own county only", async () => {
    const denied = await run(async () =>
      newLeadAction({ request: await postForm("county.yuci", "/leads/new", fields(jiexiu)), params: {}, context: {} }),
    );
    expect(denied.status).toBe(400);
    expect((denied.data as { fieldErrors: Record<string, string> }).fieldErrors.countyId).toBe("只能登记本县区的线索");
    const ok = await run(async () =>
      newLeadAction({ request: await postForm("county.yuci", "/leads/new", fields(yuci)), params: {}, context: {} }),
    );
    expect(ok.status).toBe(302);
    const id = Number(ok.response!.headers.get("Location")!.split("/").pop());
    const row = await one(`SELECT county_id, expected_amount, stage, owner_id FROM lead WHERE id = $1`, [id]);
    const me = await viewerFor("county.yuci");
    expect(row).toEqual({ county_id: yuci, expected_amount: 30000, stage: "CONTACT", owner_id: me.id });
    expect(
      (
        await one(
          `SELECT count(*)::int AS n FROM audit_event WHERE entity = 'Lead' AND entity_id = $1 AND action = 'CREATE'`,
          [String(id)],
        )
      ).n,
    ).toBe(1);
  });

  it("bad input is a 400 with Chinese field errors, never a 500", async () => {
    const res = await run(async () =>
      newLeadAction({
        request: await postForm("bureau", "/leads/new", {
          ...fields(yuci),
          expectedAmount: "很多",
          industryId: "999999",
        }),
        params: {},
        context: {},
      }),
    );
    expect(res.status).toBe(400);
    expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.expectedAmount).toBe(
      "预计投资额请填写以万元为单位的整数",
    );
    const unknownIndustry = await run(async () =>
      newLeadAction({
        request: await postForm("bureau", "/leads/new", { ...fields(yuci), industryId: "999999" }),
        params: {},
        context: {},
      }),
    );
    expect(unknownIndustry.status).toBe(400);
    expect((unknownIndustry.data as { fieldErrors: Record<string, string> }).fieldErrors.industryId).toBe("请选择产业");
    expect(
      (
        await run(async () =>
          newLeadAction({ request: await postForm("leader", "/leads/new", fields(yuci)), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("签约: converting a lead into a project", () => {
  it("creates the project with its SIGNED milestone and contract amount in one transaction and moves the KPIs", async () => {
    const lead = await one(
      `SELECT id, version, county_id FROM lead WHERE stage = 'NEGOTIATION' AND enterprise_id IS NULL ORDER BY id LIMIT 1`,
    );
    const bureau = await viewerFor("bureau");
    const q = { year: 2017, asOf: "2017-12-31", scope: projectScopeSql(bureau) };
    const before = await totalAggregates(prisma, q);
    const countyBefore = await totalAggregates(prisma, { ...q, countyId: lead.county_id });

    const res = await post("bureau", lead.id, {
      intent: "convert",
      version: String(lead.version),
      projectName: "测试签约转项目",
      signedOn: "2017-12-20",
      contractAmount: "52,000",
      totalInvestment: "80000",
      enterpriseMode: "new",
      newEnterpriseName: "测试签约投资有限公司",
      newEnterpriseCreditCode: "91140700MA0K8ABC19".slice(0, 17) + "0",
    });
    // an invalid credit code is refused first: nothing written
    expect(res.status).toBe(400);
    expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.newEnterpriseCreditCode).toMatch(
      /统一社会信用代码/,
    );
    expect((await one(`SELECT stage FROM lead WHERE id = $1`, [lead.id])).stage).toBe("NEGOTIATION");

    const projectsBefore = (await one(`SELECT count(*)::int AS n FROM project`)).n;
    // a signing dated after today (the demo date, 2017-11-20) is refused next to the date: nothing written
    const future = await post("bureau", lead.id, {
      intent: "convert",
      version: String(lead.version),
      projectName: "测试签约转项目",
      signedOn: "2017-12-20",
      contractAmount: "52,000",
      totalInvestment: "80000",
      enterpriseMode: "new",
      newEnterpriseName: "测试签约投资有限公司",
      newEnterpriseCreditCode: makeCreditCode("91", "140700", "MA0TEXT01"),
    });
    expect(future.status).toBe(400);
    expect((future.data as { fieldErrors: Record<string, string> }).fieldErrors.signedOn).toMatch(
      /^签约日期不能晚于今天（2017-11-2\d）$/,
    );
    expect((await one(`SELECT count(*)::int AS n FROM project`)).n).toBe(projectsBefore);
    expect((await one(`SELECT count(*)::int AS n FROM enterprise WHERE name = '测试签约投资有限公司'`)).n).toBe(0);

    const ok = await post("bureau", lead.id, {
      intent: "convert",
      version: String(lead.version),
      projectName: "测试签约转项目",
      signedOn: "2017-11-15",
      contractAmount: "52,000",
      totalInvestment: "80000",
      enterpriseMode: "new",
      newEnterpriseName: "测试签约投资有限公司",
      newEnterpriseCreditCode: makeCreditCode("91", "140700", "MA0TEXT01"),
    });
    expect(ok.status).toBe(302);
    const projectId = Number(ok.response!.headers.get("Location")!.split("/").pop());
    const p = await one(
      `SELECT p.origin, p.stage, p.signed_on::text, p.contract_amount, p.total_investment, p.plan_year, p.county_id, p.code,
         (SELECT actual_on::text FROM milestone WHERE project_id = p.id AND stage = 'SIGNED') AS signed_actual,
         (SELECT count(*)::int FROM milestone WHERE project_id = p.id) AS milestones
       FROM project p WHERE p.id = $1`,
      [projectId],
    );
    expect(p).toMatchObject({
      origin: "ATTRACTION",
      stage: "SIGNED",
      signed_on: "2017-11-15",
      contract_amount: 52000,
      total_investment: 80000,
      plan_year: 2017,
      county_id: lead.county_id,
      signed_actual: "2017-11-15",
      milestones: 5,
    });
    expect(p.code).toMatch(/^QY2017-\d{3}$/);
    expect((await one(`SELECT count(*)::int AS n FROM project`)).n).toBe(projectsBefore + 1);
    expect(await one(`SELECT stage, converted_project_id FROM lead WHERE id = $1`, [lead.id])).toEqual({
      stage: "SIGNED",
      converted_project_id: projectId,
    });
    const audits = (
      await sql.query(
        `SELECT entity, action FROM audit_event WHERE (entity = 'Lead' AND entity_id = $1) OR (entity = 'Project' AND entity_id = $2) ORDER BY id`,
        [String(lead.id), String(projectId)],
      )
    ).rows;
    expect(audits).toEqual(
      expect.arrayContaining([
        { entity: "Project", action: "CREATE" },
        { entity: "Lead", action: "CONVERT" },
      ]),
    );

    // the numbers move: one more signed project and 52,000万元 more inflow, city and county
    const after = await totalAggregates(prisma, q);
    expect(after.signedCount).toBe(before.signedCount + 1);
    expect(after.signedAmount).toBe(before.signedAmount + 52000);
    const countyAfter = await totalAggregates(prisma, { ...q, countyId: lead.county_id });
    expect(countyAfter.signedAmount).toBe(countyBefore.signedAmount + 52000);
    // and not before the signing date
    expect((await totalAggregates(prisma, { ...q, asOf: "2017-12-19" })).signedCount).toBe(
      (
        await one(
          `SELECT count(*)::int AS n FROM project WHERE origin = 'ATTRACTION' AND signed_on BETWEEN '2017-01-01' AND '2017-12-19'`,
        )
      ).n,
    );

    // a signed lead is final
    const again = await post("bureau", lead.id, {
      intent: "move",
      version: String(lead.version + 1),
      stage: "CONTACT",
    });
    expect(again.status).toBe(409);
  });

  it("rejects a total below the contract amount without writing anything", async () => {
    const lead = await leadIn("NEGOTIATION");
    const n = (await one(`SELECT count(*)::int AS n FROM project`)).n;
    const res = await post("bureau", lead.id, {
      intent: "convert",
      version: String(lead.version),
      projectName: "测试",
      signedOn: "2017-11-16",
      contractAmount: "5000",
      totalInvestment: "100",
    });
    expect(res.status).toBe(400);
    expect((res.data as { fieldErrors: Record<string, string> }).fieldErrors.totalInvestment).toBe(
      "总投资不能小于签约额",
    );
    expect((await one(`SELECT count(*)::int AS n FROM project`)).n).toBe(n);
  });
});

describe("签约 links the lead's investor enterprise", () => {
  const sign = (lead: { id: number; version: number }, extra: Record<string, string>) =>
    post("bureau", lead.id, {
      intent: "convert",
      version: String(lead.version),
      projectName: `签约关联企业测试${lead.id}`,
      signedOn: "2017-11-10",
      contractAmount: "3000",
      totalInvestment: "3000",
      ...extra,
    });
  const projectOf = async (res: Awaited<ReturnType<typeof post>>) => {
    expect(res.status).toBe(302);
    return Number(res.response!.headers.get("Location")!.split("/").pop());
  };
  const openLeadWithoutEnterprise = (offset: number) =>
    one(
      `SELECT id, version, county_id, enterprise_name FROM lead
        WHERE stage IN ('CONTACT','INSPECTION','NEGOTIATION') AND enterprise_id IS NULL ORDER BY id OFFSET $1 LIMIT 1`,
      [offset],
    );

  it("without a credit code the investor is picked by name: the project shows it and no enterprise is duplicated", async () => {
    const lead = await openLeadWithoutEnterprise(1);
    const existing = await one(`SELECT id, name FROM enterprise ORDER BY id LIMIT 1`);
    const enterprises = (await one(`SELECT count(*)::int AS n FROM enterprise`)).n;
    // the exact name typed (no JavaScript: no id picked) finds the registered enterprise
    const projectId = await projectOf(
      await sign(lead, { enterpriseMode: "existing", enterpriseId: "", enterpriseQuery: existing.name }),
    );
    expect(await one(`SELECT enterprise_id FROM project WHERE id = $1`, [projectId])).toEqual({
      enterprise_id: existing.id,
    });
    expect(await one(`SELECT enterprise_id FROM lead WHERE id = $1`, [lead.id])).toEqual({
      enterprise_id: existing.id,
    });
    expect((await one(`SELECT count(*)::int AS n FROM enterprise`)).n).toBe(enterprises);
    // the project page's 投资企业 names it
    const page = await run(async () =>
      projectLoader({
        request: await requestAs("bureau", `/projects/${projectId}`),
        params: { projectId: String(projectId) },
        context: {},
      }),
    );
    expect(JSON.stringify(page.data)).toContain(existing.name);
  });

  it("registering a new enterprise under a registered name is refused next to the field, offering the registered one", async () => {
    const lead = await openLeadWithoutEnterprise(2);
    const existing = await one(`SELECT id, name, credit_code FROM enterprise ORDER BY id LIMIT 1`);
    const projects = (await one(`SELECT count(*)::int AS n FROM project`)).n;
    const res = await sign(lead, {
      enterpriseMode: "new",
      newEnterpriseName: existing.name,
      newEnterpriseCreditCode: makeCreditCode("91", "140700", "MA0TEXT02"),
    });
    expect(res.status).toBe(400);
    const failure = res.data as Failure;
    expect(failure.form).toBe("convert");
    expect(failure.fieldErrors.newEnterpriseName).toBe(
      `已登记同名企业「${existing.name}」（${existing.credit_code}），请直接选用该企业`,
    );
    expect(failure.existingEnterprise).toMatchObject({ id: existing.id });
    expect((await one(`SELECT count(*)::int AS n FROM project`)).n).toBe(projects);
    // no way chosen at all: refused in Chinese next to the choice, nothing written
    const none = await sign(lead, {});
    expect(none.status).toBe(400);
    expect((none.data as Failure).fieldErrors.enterpriseMode).toBe("请选择已登记的投资企业或新建企业");
    // an unknown name for an existing enterprise
    const unknown = await sign(lead, { enterpriseMode: "existing", enterpriseQuery: "不存在的企业名称" });
    expect((unknown.data as Failure).fieldErrors.enterpriseQuery).toMatch(/未找到唯一匹配的企业/);
    expect((await one(`SELECT stage FROM lead WHERE id = $1`, [lead.id])).stage).not.toBe("SIGNED");
  });

  it("creates the enterprise from the lead's investor name in the same transaction, audited", async () => {
    const lead = await openLeadWithoutEnterprise(3);
    const code = makeCreditCode("91", "140700", "MA0TEXT03");
    const projectId = await projectOf(
      await sign(lead, {
        enterpriseMode: "new",
        newEnterpriseName: lead.enterprise_name,
        newEnterpriseCreditCode: code,
      }),
    );
    const e = await one(
      `SELECT e.id, e.name, e.county_id FROM enterprise e JOIN project p ON p.enterprise_id = e.id WHERE p.id = $1`,
      [projectId],
    );
    expect(e).toMatchObject({ name: lead.enterprise_name, county_id: lead.county_id });
    expect(await one(`SELECT credit_code FROM enterprise WHERE id = $1`, [e.id])).toEqual({ credit_code: code });
    expect(
      await one(
        `SELECT actor_id IS NOT NULL AS by_someone FROM audit_event WHERE entity = 'Enterprise' AND entity_id = $1 AND action = 'CREATE'`,
        [String(e.id)],
      ),
    ).toEqual({ by_someone: true });
    // the lead's page now shows its enterprise; signing another lead with the same credit code is refused
    const other = await openLeadWithoutEnterprise(3);
    const dup = await sign(other, {
      enterpriseMode: "new",
      newEnterpriseName: "另一家企业",
      newEnterpriseCreditCode: code,
    });
    expect(dup.status).toBe(400);
    expect((dup.data as Failure).fieldErrors.newEnterpriseCreditCode).toBe(
      `该统一社会信用代码已登记为「${lead.enterprise_name}」，请直接选用该企业`,
    );
  });

  it("proposes the registered enterprise of the lead's investor name on the signing form", async () => {
    const existing = await one(`SELECT id, name FROM enterprise ORDER BY id LIMIT 1`);
    const lead = await openLeadWithoutEnterprise(4);
    await sql.query(`UPDATE lead SET enterprise_name = $1 WHERE id = $2`, [existing.name, lead.id]);
    const res = await run(async () =>
      leadLoader({
        request: await requestAs("bureau", `/leads/${lead.id}`),
        params: { leadId: String(lead.id) },
        context: {},
      }),
    );
    expect((res.data as { namedEnterprise: { id: number } | null }).namedEnterprise).toMatchObject({ id: existing.id });
  });
});
