// 重点专项 (issue 18 §1, docs/decisions/200): /programmes/<山西农谷> shows its targets (27 个项目, 196亿 总投资,
// 41亿 年度投资) with the actuals of its members, which equal independent SQL over programme_project, the projects and
// their investment records; its member count equals the register filtered by the programme. A county sees its own
// members' numbers (no RAG); the bureau creates (one row per create token), edits (version-checked) and adds and
// removes members, every write audited in Chinese; a county's writes are refused.
import { describe, expect, it } from "vitest";
import { auditEntityLabel } from "~/domain/auditLabels";
import { monthsCounted } from "~/domain/kpi";
import type { ProgrammeRow } from "~/domain/programmes";
import type { ProgrammeDetail } from "~/models/programme.server";
import { action as programmeAction, loader as programmeLoader } from "~/routes/_app.programmes.$programmeId/route";
import { loader as programmesLoader } from "~/routes/_app.programmes._index/route";
import { action as newProgrammeAction } from "~/routes/_app.programmes.new/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { loader as dashboardLoader } from "~/routes/_app._index";
import { funnelCellHref } from "~/domain/drilldown";
import { formatCell, reportTables, type MonthlyReport, type ReportProgramme } from "~/domain/monthlyReport";
import { action as monthlyAction, loader as monthlyLoader } from "~/routes/_app.reports.monthly/route";
import type { KpiAggregates, KpiCard } from "~/domain/kpi";
import { today } from "~/utils/clock.server";
import { postForm, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows } = queries(sql);
const args = { context: {} };

async function programmePage(user: string, id: number): Promise<ProgrammeDetail> {
  const r = await run(async () =>
    programmeLoader({
      request: await requestAs(user, `/programmes/${id}`),
      params: { programmeId: String(id) },
      ...args,
    }),
  );
  expect(r.status).toBe(200);
  return (r.data as { programme: ProgrammeDetail }).programme;
}

async function registerTotal(user: string, qs: string): Promise<number> {
  const r = await run(async () =>
    registerLoader({ request: await requestAs(user, `/projects?${qs}`), params: {}, ...args }),
  );
  expect(r.status).toBe(200);
  return (r.data as { total: number }).total;
}

async function postProgramme(user: string, id: number, fields: Record<string, string>) {
  const request = await postForm(user, `/programmes/${id}`, fields);
  return run(async () => programmeAction({ request, params: { programmeId: String(id) }, ...args }));
}

const row = (p: { rows: ProgrammeRow[] }, m: ProgrammeRow["metric"]) => p.rows.find((r) => r.metric === m)!;

/** A programme's member facts from the raw rows (optionally one county's members only). */
async function sqlFacts(programmeId: number, asOf: string, county?: number) {
  const year = Number(asOf.slice(0, 4));
  const where = `pp.programme_id = $1 ${county ? "AND p.county_id = $4" : ""}`;
  const params = county
    ? [programmeId, year, monthsCounted(year, asOf), county]
    : [programmeId, year, monthsCounted(year, asOf)];
  return one(
    `SELECT (SELECT count(*)::int FROM programme_project pp JOIN project p ON p.id = pp.project_id WHERE ${where}) AS projects,
            (SELECT coalesce(sum(p.total_investment), 0)::int FROM programme_project pp JOIN project p ON p.id = pp.project_id
              WHERE ${where}) AS total,
            (SELECT coalesce(sum(i.amount), 0)::int FROM programme_project pp JOIN project p ON p.id = pp.project_id
               JOIN investment_record i ON i.project_id = p.id WHERE ${where} AND i.year = $2 AND i.month <= $3) AS annual,
            (SELECT count(*)::int FROM programme_project pp JOIN project p ON p.id = pp.project_id JOIN milestone m
               ON m.project_id = p.id AND m.stage = 'STARTED' AND m.actual_on <= '${asOf}'::date WHERE ${where}
               AND NOT EXISTS (SELECT 1 FROM milestone x WHERE x.project_id = p.id
                               AND x.stage IN ('SIGNED','LAND','FUNDING') AND (x.actual_on IS NULL OR x.actual_on > '${asOf}'::date))
               AND (SELECT count(*) FROM milestone y WHERE y.project_id = p.id AND y.stage IN ('SIGNED','LAND','FUNDING')) = 3
            ) AS started`,
    params,
  );
}

describe("重点专项: 山西农谷's targets against its members", () => {
  it("shows 27 个项目, 196亿 and 41亿 targets with the members' actuals; its member count equals the register's", async () => {
    const asOf = today();
    const ng = await one(`SELECT id FROM programme WHERE name = '山西农谷'`);
    const p = await programmePage("bureau", ng.id);
    expect(p.name).toBe("山西农谷");
    expect(row(p, "PROJECTS").target).toBe(27);
    expect(row(p, "TOTAL_INVESTMENT").target).toBe(1_960_000);
    expect(row(p, "ANNUAL_INVESTMENT").target).toBe(410_000);

    const facts = await sqlFacts(ng.id, asOf);
    // the tags became memberships: the 山西农谷 zone's projects are its members
    const zone = await one(
      `SELECT count(*)::int AS n FROM project p JOIN county c ON c.id = p.county_id WHERE c.name = '山西农谷'`,
    );
    expect(facts.projects).toBe(zone.n);
    expect(facts.projects).toBeGreaterThan(10);
    expect(row(p, "PROJECTS").actual).toBe(facts.projects);
    expect(row(p, "TOTAL_INVESTMENT").actual).toBe(facts.total);
    expect(row(p, "ANNUAL_INVESTMENT").actual).toBe(facts.annual);
    expect(facts.annual).toBeGreaterThan(0);
    expect(row(p, "STARTED").actual).toBe(facts.started);
    expect(row(p, "PROJECTS").completionPct).toBeCloseTo((facts.projects * 100) / 27, 6);
    expect(row(p, "PROJECTS").rag).not.toBe("none");
    // the member list is the register filtered by the programme, and so is every drill-down
    expect(await registerTotal("bureau", `programme=${ng.id}`)).toBe(facts.projects);
    expect(await registerTotal("bureau", `programme=${ng.id}&reached=STARTED&asOf=${asOf}`)).toBe(facts.started);
    expect(p.funnel.startedCount).toBe(facts.started);
    const lagging = await rows(
      `SELECT p.id FROM programme_project pp JOIN project p ON p.id = pp.project_id
        WHERE pp.programme_id = $1 AND p.lag_yellow @> $2::date ORDER BY p.id`,
      [ng.id, asOf],
    );
    expect(p.lagging.map((l) => l.id).sort((a, b) => a - b)).toEqual(lagging.map((l) => l.id));
    expect(await registerTotal("bureau", `programme=${ng.id}&lag=any&asOf=${asOf}`)).toBe(lagging.length);

    // the list shows the same numbers
    const list = await run(async () =>
      programmesLoader({ request: await requestAs("bureau", "/programmes"), params: {}, ...args }),
    );
    const listed = (list.data as { programmes: { id: number; rows: ProgrammeRow[] }[] }).programmes;
    expect(listed.map((x) => x.id)).toContain(ng.id);
    expect(
      row(
        listed.find((x) => x.id === ng.id)!,
        "TOTAL_INVESTMENT",
      ).actual,
    ).toBe(facts.total);
  });

  it("the three-year plan counts its 35 优势企业 and their 产值", async () => {
    const plan = await one(`SELECT id FROM programme WHERE name LIKE '转型升级三年行动%'`);
    const p = await programmePage("leader", plan.id);
    const ents = await one(
      `SELECT count(*)::int AS n, coalesce(sum(e.annual_output), 0)::int AS output FROM programme_enterprise pe
         JOIN enterprise e ON e.id = pe.enterprise_id WHERE pe.programme_id = $1`,
      [plan.id],
    );
    expect(ents.n).toBe(35);
    expect(row(p, "ENTERPRISES")).toMatchObject({ actual: 35, target: 35, rag: "green" });
    expect(row(p, "OUTPUT").actual).toBe(ents.output);
    expect(p.enterprises).toHaveLength(35);
  });

  it("a county sees its own members' numbers, without RAG; the register agrees", async () => {
    const asOf = today();
    const ng = await one(`SELECT id FROM programme WHERE name = '山西农谷'`);
    const nonggu = (await one(`SELECT id FROM county WHERE name = '山西农谷'`)).id;
    const yuci = (await one(`SELECT id FROM county WHERE name = '榆次区'`)).id;
    const own = await programmePage("county.nonggu", ng.id);
    const f = await sqlFacts(ng.id, asOf, nonggu);
    expect(own.whole).toBe(false);
    expect(row(own, "PROJECTS").actual).toBe(f.projects);
    expect(row(own, "PROJECTS").rag).toBe("none");
    expect(await registerTotal("county.nonggu", `programme=${ng.id}`)).toBe(f.projects);
    const other = await programmePage("county.yuci", ng.id);
    expect(row(other, "PROJECTS").actual).toBe((await sqlFacts(ng.id, asOf, yuci)).projects);
    expect(row(other, "PROJECTS").actual).toBe(0);
    expect(other.lagging).toEqual([]);
    expect(await registerTotal("county.yuci", `programme=${ng.id}`)).toBe(0);
  });
});

describe("重点专项: the dashboard filtered by a programme", () => {
  it("counts only the members' signed cohort and investment, without the annual targets; its cells drill to the register", async () => {
    const asOf = today();
    const year = Number(asOf.slice(0, 4));
    const ng = await one(`SELECT id FROM programme WHERE name = '山西农谷'`);
    const r = await run(async () =>
      dashboardLoader({
        request: await requestAs("bureau", `/?year=${year}&asOf=${asOf}&programme=${ng.id}`),
        params: {},
        ...args,
      }),
    );
    expect(r.status).toBe(200);
    const d = r.data as { agg: KpiAggregates; cards: Record<string, KpiCard>; programme: { id: number } };
    expect(d.programme.id).toBe(ng.id);
    const cohort = await one(
      `SELECT count(*)::int AS n, coalesce(sum(p.contract_amount), 0)::int AS amount
         FROM programme_project pp JOIN project p ON p.id = pp.project_id
        WHERE pp.programme_id = $1 AND p.origin = 'ATTRACTION' AND p.signed_on BETWEEN $2::date AND $3::date`,
      [ng.id, `${year}-01-01`, asOf],
    );
    expect(cohort.n).toBeGreaterThan(0);
    expect(d.agg.signedCount).toBe(cohort.n);
    expect(d.agg.signedAmount).toBe(cohort.amount);
    const invested = await one(
      `SELECT coalesce(sum(i.amount), 0)::int AS amount FROM programme_project pp JOIN project p ON p.id = pp.project_id
         JOIN investment_record i ON i.project_id = p.id
        WHERE pp.programme_id = $1 AND p.plan_year = $2 AND p.is_transformation AND p.pool = 'ACTIVE'
          AND i.year = $2 AND i.month <= $3`,
      [ng.id, year, monthsCounted(year, asOf)],
    );
    expect(d.agg.transformationInvestment).toBe(invested.amount);
    expect(d.cards.INFLOW_AMOUNT.target).toBeNull();
    const href = funnelCellHref(year, asOf, "STARTED", { programme: ng.id });
    expect(href).toContain(`programme=${ng.id}`);
    expect(await registerTotal("bureau", href.split("?")[1])).toBe(d.agg.startedCount);
    // an unknown programme is a 404, not the whole city
    const missing = await run(async () =>
      dashboardLoader({ request: await requestAs("bureau", `/?programme=999999`), params: {}, ...args }),
    );
    expect(missing.status).toBe(404);
  });
});

describe("重点专项 in the monthly 通报", () => {
  it("the frozen month carries each programme's members against its targets, the city's and a county's = SQL", async () => {
    const froze = await run(async () =>
      monthlyAction({
        request: await postForm("bureau", "/reports/monthly?month=2017-10", {
          intent: "freeze",
          month: "2017-10",
          confirm: "on",
        }),
        params: {},
        ...args,
      }),
    );
    expect(froze.status).toBe(302);
    const nonggu = (await one(`SELECT id FROM county WHERE name = '山西农谷'`)).id as number;
    const snap = await one(
      `SELECT data -> 'city' -> 'programmes' AS city, data -> 'counties' -> $1::text -> 'programmes' AS county
         FROM report_snapshot WHERE year = 2017 AND month = 10`,
      [String(nonggu)],
    );
    const city = snap.city as ReportProgramme[];
    const county = snap.county as ReportProgramme[];
    const ng = await one(`SELECT id FROM programme WHERE name = '山西农谷'`);
    const asOf = "2017-10-31";
    const c = city.find((p) => p.programmeId === ng.id)!;
    const f = await sqlFacts(ng.id, asOf);
    expect(c).toMatchObject({
      name: "山西农谷",
      projects: f.projects,
      targetProjects: 27,
      totalInvestment: f.total,
      targetTotalInvestment: 1_960_000,
      annualInvestment: f.annual,
      targetAnnualInvestment: 410_000,
      started: f.started,
    });
    expect(c.rag).not.toBe("none");
    const own = county.find((p) => p.programmeId === ng.id)!;
    const fc = await sqlFacts(ng.id, asOf, nonggu);
    expect(own).toMatchObject({ projects: fc.projects, totalInvestment: fc.total, rag: "none" });
    expect(city).toHaveLength((await one(`SELECT count(*)::int AS n FROM programme`)).n);

    // the page draws the frozen numbers as a section of its own
    const page = await run(async () =>
      monthlyLoader({ request: await requestAs("bureau", "/reports/monthly?month=2017-10"), params: {}, ...args }),
    );
    const model = (page.data as { model: MonthlyReport }).model;
    expect(model.programmes).toEqual(city);
    const table = reportTables(model).find((t) => t.key === "programmes")!;
    expect(table.title).toMatch(/、重点专项推进情况$/);
    const ngRow = table.rows.find((r) => r.href === `/programmes/${ng.id}`)!;
    expect(ngRow.cells.slice(0, 3).map(formatCell)).toEqual(["山西农谷", String(f.projects), "27"]);
  });
});

describe("重点专项: keeping programmes", () => {
  const FORM = {
    name: "测试·文旅康养专项",
    startsOn: "2017-06-01",
    endsOn: "2017-12-31",
    targetProjects: "5",
    targetTotalInvestment: "200,000",
    targetAnnualInvestment: "",
    targetStarted: "3",
    targetEnterprises: "",
    targetOutput: "",
    note: "",
  };

  it("creates once per token, edits with a version check, adds and removes members, audited in Chinese", async () => {
    const token = crypto.randomUUID();
    const create = async () =>
      run(async () =>
        newProgrammeAction({
          request: await postForm("bureau", "/programmes/new", { ...FORM, createToken: token }),
          params: {},
          ...args,
        }),
      );
    // a double click sent five times at once: one programme, every answer the same redirect
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => create()));
    expect(answers.map((x) => x.status)).toEqual([302, 302, 302, 302, 302]);
    const made = await rows(`SELECT id, target_total_investment, version FROM programme WHERE name = $1`, [FORM.name]);
    expect(made).toHaveLength(1);
    const id = made[0].id as number;
    expect(made[0].target_total_investment).toBe(200_000);

    // bad input: Chinese field errors, no 500
    const bad = await run(async () =>
      newProgrammeAction({
        request: await postForm("bureau", "/programmes/new", {
          ...FORM,
          name: "",
          endsOn: "2017-01-01",
          createToken: crypto.randomUUID(),
        }),
        params: {},
        ...args,
      }),
    );
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      name: "请填写专项名称",
      endsOn: "结束日期不能早于开始日期",
    });

    // a county may read it but not change it
    expect((await postProgramme("county.yuci", id, { intent: "addProject", code: "QY2017-003" })).status).toBe(403);

    const [a, b] = await rows(`SELECT id, code, county_id FROM project ORDER BY id LIMIT 2`);
    expect(
      (await postProgramme("bureau", id, { intent: "addProject", code: a.code, createToken: crypto.randomUUID() }))
        .status,
    ).toBe(302);
    expect(
      (
        await postProgramme("bureau", id, {
          intent: "addProject",
          code: b.code.toLowerCase(),
          createToken: crypto.randomUUID(),
        })
      ).status,
    ).toBe(302);
    const dup = await postProgramme("bureau", id, {
      intent: "addProject",
      code: a.code,
      createToken: crypto.randomUUID(),
    });
    expect(dup.status).toBe(400);
    expect((dup.data as { fieldErrors: Record<string, string> }).fieldErrors.code).toBe("该项目已在本专项中");
    const missing = await postProgramme("bureau", id, {
      intent: "addProject",
      code: "NO-SUCH",
      createToken: crypto.randomUUID(),
    });
    expect((missing.data as { fieldErrors: Record<string, string> }).fieldErrors.code).toBe("未找到该编号的项目");
    expect(await registerTotal("bureau", `programme=${id}`)).toBe(2);
    expect((await postProgramme("bureau", id, { intent: "removeProject", code: b.code })).status).toBe(302);
    expect(await registerTotal("bureau", `programme=${id}`)).toBe(1);
    const page = await programmePage("bureau", id);
    expect(row(page, "PROJECTS").actual).toBe(1);

    // edit: the version it was loaded at; a stale one is a 409 naming what changed
    const edit = { ...FORM, intent: "update", targetProjects: "6", version: String(made[0].version) };
    expect((await postProgramme("bureau", id, edit)).status).toBe(302);
    const stale = await postProgramme("admin", id, { ...edit, targetProjects: "7" });
    expect(stale.status).toBe(409);
    expect((await one(`SELECT target_projects, version FROM programme WHERE id = $1`, [id])).target_projects).toBe(6);

    const audits = await rows(
      `SELECT action, entity, entity_id FROM audit_event WHERE entity LIKE 'Programme%'
         AND (entity_id = $1 OR entity_id LIKE $2) ORDER BY id`,
      [String(id), `${id}:%`],
    );
    expect(audits.map((x) => `${x.action} ${x.entity}`)).toEqual([
      "CREATE Programme",
      "CREATE ProgrammeProject",
      "CREATE ProgrammeProject",
      "DELETE ProgrammeProject",
      "UPDATE Programme",
    ]);
    for (const e of ["Programme", "ProgrammeProject", "ProgrammeEnterprise"])
      expect(auditEntityLabel(e)).toMatch(/重点专项/);
  });

  it("adds and removes a member enterprise by its credit code", async () => {
    const pp = await one(`SELECT id FROM programme WHERE name = 'PPP 示范库'`);
    const e = await one(`SELECT id, credit_code FROM enterprise WHERE NOT is_key_enterprise ORDER BY id LIMIT 1`);
    expect(
      (
        await postProgramme("admin", pp.id, {
          intent: "addEnterprise",
          creditCode: e.credit_code,
          createToken: crypto.randomUUID(),
        })
      ).status,
    ).toBe(302);
    expect((await programmePage("bureau", pp.id)).enterprises.map((x) => x.id)).toEqual([e.id]);
    expect(
      (await postProgramme("admin", pp.id, { intent: "removeEnterprise", enterpriseId: String(e.id) })).status,
    ).toBe(302);
    expect((await one(`SELECT count(*)::int AS n FROM programme_enterprise WHERE programme_id = $1`, [pp.id])).n).toBe(
      0,
    );
    expect(
      (
        await one(
          `SELECT count(*)::int AS n FROM audit_event WHERE entity = 'ProgrammeEnterprise' AND entity_id = $1`,
          [`${pp.id}:${e.id}`],
        )
      ).n,
    ).toBe(2);
  });
});
