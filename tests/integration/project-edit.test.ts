// Creating and editing projects: who may (per role, county limited to its own county, server-side), the
// enterprise picked or created with a checked and unique 统一社会信用代码, the atomic multi-row create, audit
// events, and the version check that refuses a second concurrent save with what changed.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { addDays } from "~/domain/dates";
import { action as editAction, loader as editLoader } from "~/routes/_app.projects.$projectId_.edit/route";
import { action as newAction, loader as newLoader } from "~/routes/_app.projects.new/route";
import { loader as enterpriseSearch } from "~/routes/resources.enterprises";
import { postForm, requestAs, run } from "../support/requests";
import { countyId, testSql, waitForLockWaiters } from "../support/sql";
import { today as clockToday } from "~/utils/clock.server";

const sql = testSql();
let yuciId: number;
let jiexiuId: number;
let industryId: number;
beforeAll(async () => {
  yuciId = await countyId(sql, "榆次区");
  jiexiuId = await countyId(sql, "介休市");
  industryId = (await sql.query("SELECT id FROM industry ORDER BY id LIMIT 1")).rows[0].id;
});

type Failure = {
  fieldErrors: Record<string, string>;
  existingEnterprise?: { id: number; name: string } | null;
  conflict: { changed: Array<{ field: string; label: string; theirs: string; yours: string }> } | null;
  currentVersion?: number;
};

function baseFields(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: "集成测试新能源装备项目",
    countyId: String(yuciId),
    industryId: String(industryId),
    origin: "ATTRACTION",
    sourceRegion: "JINGJINJI",
    attractionMethod: "PRECISION",
    totalInvestment: "50000",
    contractAmount: "45000",
    annualPlanInvestment: "12000",
    planYear: "2017",
    constructionContent: "年产 10 万台套装备",
    landArea: "120.5",
    landSupplyMethod: "出让",
    landTermYears: "30",
    landPremiumInstalments: "1",
    enterpriseMode: "none",
    officialIds: [],
    serviceTeamId: "",
    ...over,
  };
}

const create = (user: string, fields: Record<string, string | string[]>) =>
  run(async () => newAction({ request: await postForm(user, "/projects/new", fields), params: {}, context: {} }));
const edit = (user: string, id: number, fields: Record<string, string | string[]>) =>
  run(async () =>
    editAction({
      request: await postForm(user, `/projects/${id}/edit`, fields),
      params: { projectId: String(id) },
      context: {},
    }),
  );
const newId = (r: { response?: Response }) => Number(r.response!.headers.get("Location")!.split("/").pop());

describe("who may create and edit projects", () => {
  it("bureau and admin anywhere; a county only in its own county; others refused", async () => {
    expect((await create("bureau", baseFields({ countyId: String(jiexiuId) }))).status).toBe(302);
    expect((await create("admin", baseFields())).status).toBe(302);
    expect((await create("county.yuci", baseFields())).status).toBe(302);
    const other = await create("county.yuci", baseFields({ countyId: String(jiexiuId) }));
    expect(other.status).toBe(403);
    expect((other.data as Failure).fieldErrors.countyId).toBe("您只能为本县区创建项目");
    for (const u of ["team01", "leader", "eic", "ent.geely"]) {
      expect((await create(u, baseFields())).status).toBe(403);
      expect(
        (await run(async () => newLoader({ request: await requestAs(u, "/projects/new"), params: {}, context: {} })))
          .status,
      ).toBe(403);
    }
  });

  it("a county cannot move its project to another county, nor edit another county's project", async () => {
    const r = await create("county.yuci", baseFields({ name: "榆次县区项目" }));
    const id = newId(r);
    const moved = await edit(
      "county.yuci",
      id,
      baseFields({ name: "榆次县区项目", countyId: String(jiexiuId), version: "1" }),
    );
    expect(moved.status).toBe(403);
    const jiexiuProject = (await sql.query("SELECT id FROM project WHERE county_id = $1 LIMIT 1", [jiexiuId])).rows[0]
      .id;
    expect((await edit("county.yuci", jiexiuProject, baseFields({ version: "1" }))).status).toBe(404);
    const teamProject = (
      await sql.query(
        "SELECT id FROM project WHERE service_team_id = (SELECT team_id FROM app_user WHERE username='team01') LIMIT 1",
      )
    ).rows[0].id;
    expect(
      (
        await run(async () =>
          editLoader({
            request: await requestAs("team01", `/projects/${teamProject}/edit`),
            params: { projectId: String(teamProject) },
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("creating a project", () => {
  it("writes the project, its lead officials, a new enterprise and the SIGNED milestone in one audited transaction", async () => {
    const officials = (await sql.query("SELECT id FROM official ORDER BY id LIMIT 2")).rows.map((r) => String(r.id));
    const team = (await sql.query("SELECT id FROM service_team WHERE no = 1")).rows[0].id;
    const code = makeCreditCode("91", "140702", "MA0K7X2N1");
    const r = await create(
      "bureau",
      baseFields({
        name: "博创纳米材料三期（测试）",
        enterpriseMode: "new",
        newEnterpriseName: "山西测试纳米科技有限公司",
        newEnterpriseCreditCode: code.toLowerCase(),
        officialIds: officials,
        serviceTeamId: String(team),
        signedOn: "2017-06-08",
        signEvidenceNo: "JZTZ-2017-TEST",
      }),
    );
    expect(r.status).toBe(302);
    const id = newId(r);
    const p = (
      await sql.query(
        "SELECT code, stage, service_team_id, total_investment, land_area::text, enterprise_id, to_char(signed_on,'YYYY-MM-DD') AS signed FROM project WHERE id = $1",
        [id],
      )
    ).rows[0];
    expect(p).toMatchObject({
      stage: "SIGNED",
      service_team_id: team,
      total_investment: 50000,
      land_area: "120.50",
      signed: "2017-06-08",
    });
    expect(p.code).toMatch(/^XM2017-\d{4}$/);
    expect(
      (await sql.query("SELECT credit_code, name FROM enterprise WHERE id = $1", [p.enterprise_id])).rows[0],
    ).toEqual({ credit_code: code, name: "山西测试纳米科技有限公司" });
    expect(
      (await sql.query("SELECT count(*)::int AS n FROM project_official WHERE project_id = $1", [id])).rows[0].n,
    ).toBe(2);
    const audits = (
      await sql.query(
        "SELECT entity, action FROM audit_event WHERE (project_id = $1) OR (entity = 'Enterprise' AND entity_id = $2) ORDER BY id",
        [id, String(p.enterprise_id)],
      )
    ).rows;
    expect(audits).toEqual([
      { entity: "Enterprise", action: "CREATE" },
      { entity: "Project", action: "CREATE" },
      { entity: "Milestone", action: "LOG_MILESTONE" },
    ]);
  });

  it("checks the credit code, offers the existing enterprise for a known code, and writes nothing on refusal", async () => {
    const before = Number((await sql.query("SELECT count(*) AS n FROM project")).rows[0].n);
    const bad = await create(
      "bureau",
      baseFields({ enterpriseMode: "new", newEnterpriseName: "某公司", newEnterpriseCreditCode: "91140702MA0TEST01X" }),
    );
    expect(bad.status).toBe(400);
    expect((bad.data as Failure).fieldErrors.newEnterpriseCreditCode).toMatch(/统一社会信用代码/);
    const existing = (await sql.query("SELECT id, name, credit_code FROM enterprise ORDER BY id LIMIT 1")).rows[0];
    const dup = await create(
      "bureau",
      baseFields({
        enterpriseMode: "new",
        newEnterpriseName: "重复企业",
        newEnterpriseCreditCode: existing.credit_code,
      }),
    );
    expect(dup.status).toBe(400);
    expect((dup.data as Failure).fieldErrors.newEnterpriseCreditCode).toBe(
      `该统一社会信用代码已登记为「${existing.name}」，请直接选用该企业`,
    );
    expect((dup.data as Failure).existingEnterprise).toMatchObject({ id: existing.id, name: existing.name });
    const picked = await create(
      "bureau",
      baseFields({ enterpriseMode: "existing", enterpriseId: "", enterpriseQuery: existing.credit_code }),
    );
    expect(picked.status).toBe(302);
    expect(
      (await sql.query("SELECT enterprise_id FROM project WHERE id = $1", [newId(picked)])).rows[0].enterprise_id,
    ).toBe(existing.id);
    const missing = await create("bureau", baseFields({ totalInvestment: "-3", planYear: "17", name: "" }));
    expect((missing.data as Failure).fieldErrors).toMatchObject({
      totalInvestment: "金额须大于 0（万元）",
      planYear: "计划年度应为四位年份",
      name: "请填写项目名称",
    });
    const future = await create("bureau", baseFields({ signedOn: addDays(clockToday(), 5), signEvidenceNo: "x" }));
    expect((future.data as Failure).fieldErrors.signedOn).toBe(`签约日期不能晚于今天（${clockToday()}）`);
    expect(Number((await sql.query("SELECT count(*) AS n FROM project")).rows[0].n)).toBe(before + 1);
  });

  it("the enterprise picker searches by name or credit code, only for those who may create projects", async () => {
    const search = async (u: string, q: string) =>
      run(async () =>
        enterpriseSearch({
          request: await requestAs(u, `/resources/enterprises?q=${encodeURIComponent(q)}`),
          params: {},
          context: {},
        }),
      );
    const r = await search("bureau", "吉利");
    expect((r.data as { items: Array<{ name: string }> }).items.every((e) => e.name.includes("吉利"))).toBe(true);
    expect((r.data as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await search("team01", "吉利")).status).toBe(403);
  });
});

describe("creating a project is all or nothing", () => {
  it("a failure at the last step (the SIGNED milestone) leaves no project, officials, enterprise or audit event", async () => {
    const officials = (await sql.query("SELECT id FROM official ORDER BY id LIMIT 2")).rows.map((r) => String(r.id));
    const code = makeCreditCode("91", "140702", "MA0K7X3R5");
    const counts = async () =>
      (
        await sql.query(`SELECT (SELECT count(*)::int FROM project) AS projects, (SELECT count(*)::int FROM project_official) AS officials,
          (SELECT count(*)::int FROM enterprise) AS enterprises, (SELECT count(*)::int FROM milestone) AS milestones,
          (SELECT count(*)::int FROM milestone_event) AS events, (SELECT count(*)::int FROM audit_event) AS audits`)
      ).rows[0];
    // A real database failure after the project, its officials and the new enterprise were written.
    await sql.query(`CREATE FUNCTION test_refuse_signed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.evidence_no = 'JZTZ-ROLLBACK' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await sql.query(
      "CREATE TRIGGER test_refuse_signed BEFORE INSERT ON milestone FOR EACH ROW EXECUTE FUNCTION test_refuse_signed()",
    );
    try {
      const before = await counts();
      const fields = baseFields({
        name: "回滚测试项目",
        enterpriseMode: "new",
        newEnterpriseName: "山西回滚测试科技有限公司",
        newEnterpriseCreditCode: code,
        officialIds: officials,
        signedOn: "2017-06-08",
        signEvidenceNo: "JZTZ-ROLLBACK",
      });
      await expect(create("bureau", fields)).rejects.toThrow();
      expect(await counts()).toEqual(before);
      expect((await sql.query("SELECT count(*)::int AS n FROM project WHERE name = '回滚测试项目'")).rows[0].n).toBe(0);
      expect(
        (await sql.query("SELECT count(*)::int AS n FROM enterprise WHERE credit_code = $1", [code])).rows[0].n,
      ).toBe(0);
    } finally {
      await sql.query("DROP TRIGGER test_refuse_signed ON milestone");
      await sql.query("DROP FUNCTION test_refuse_signed()");
    }
  });
});

describe("editing a project", () => {
  it("a new enterprise whose credit code someone registers meanwhile: a Chinese field error, not a 500", async () => {
    const id = newId(await create("bureau", baseFields({ name: "信用代码并发测试" })));
    const code = makeCreditCode("91", "140702", "MA0K7X4T8");
    const fields = {
      ...baseFields({
        name: "信用代码并发测试",
        enterpriseMode: "new",
        newEnterpriseName: "山西并发测试科技有限公司",
        newEnterpriseCreditCode: code,
      }),
      version: "1",
    };
    // Another session registers the same code and has not committed yet: our check does not see it, our insert
    // waits on the unique index and fails once the other commits.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    let saved: Awaited<ReturnType<typeof edit>>;
    try {
      await other.query("BEGIN");
      const ent = (
        await other.query(
          "INSERT INTO enterprise (name, credit_code, county_id) VALUES ('山西先到科技有限公司', $1, $2) RETURNING id",
          [code, yuciId],
        )
      ).rows[0];
      const pending = edit("bureau", id, fields);
      await waitForLockWaiters(1);
      await other.query("COMMIT");
      saved = await pending;
      expect(saved.status).toBe(400);
      expect((saved.data as Failure).fieldErrors.newEnterpriseCreditCode).toBe(
        "该统一社会信用代码已登记为「山西先到科技有限公司」，请直接选用该企业",
      );
      expect((saved.data as Failure).existingEnterprise?.id).toBe(ent.id);
    } finally {
      await other.end();
    }
    expect((await sql.query("SELECT enterprise_id, version FROM project WHERE id = $1", [id])).rows[0]).toEqual({
      enterprise_id: null,
      version: 1,
    });
    expect(
      (await sql.query("SELECT count(*)::int AS n FROM enterprise WHERE credit_code = $1", [code])).rows[0].n,
    ).toBe(1);
  });

  it("the second of two concurrent saves is refused with what changed; nothing is overwritten", async () => {
    const id = newId(await create("bureau", baseFields({ name: "并发编辑测试项目" })));
    const loaded = await run(async () =>
      editLoader({
        request: await requestAs("bureau", `/projects/${id}/edit`),
        params: { projectId: String(id) },
        context: {},
      }),
    );
    const values = (loaded.data as { project: { values: Record<string, string | string[] | boolean> } }).project.values;
    const form = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "1" : "") : v]),
    ) as Record<string, string | string[]>;
    expect(form.version).toBe("1");

    const first = await edit("bureau", id, { ...form, totalInvestment: "60000" });
    expect(first.status).toBe(302);
    const second = await edit("admin", id, { ...form, name: "并发编辑测试项目（改名）", totalInvestment: "55000" });
    expect(second.status).toBe(409);
    const f = second.data as Failure;
    expect(f.conflict!.changed).toEqual([
      { field: "totalInvestment", label: "总投资（万元）", theirs: "60000", yours: "55000" },
    ]);
    expect(f.currentVersion).toBe(2);
    expect(
      (await sql.query("SELECT name, total_investment, version FROM project WHERE id = $1", [id])).rows[0],
    ).toEqual({
      name: "并发编辑测试项目",
      total_investment: 60000,
      version: 2,
    });
    // having seen the difference, saving again on the current version applies the second user's values
    const retry = await edit("admin", id, {
      ...form,
      name: "并发编辑测试项目（改名）",
      totalInvestment: "55000",
      version: "2",
    });
    expect(retry.status).toBe(302);
    const audit = (
      await sql.query(
        "SELECT before, after FROM audit_event WHERE entity = 'Project' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id",
        [String(id)],
      )
    ).rows;
    expect(audit).toEqual([
      { before: { totalInvestment: 50000, version: 1 }, after: { totalInvestment: 60000, version: 2 } },
      {
        before: { name: "并发编辑测试项目", totalInvestment: 60000, version: 2 },
        after: { name: "并发编辑测试项目（改名）", totalInvestment: 55000, version: 3 },
      },
    ]);
  });

  it("a team reassignment by EIC in between also makes a stale edit a conflict", async () => {
    const id = newId(await create("bureau", baseFields({ name: "改派冲突测试" })));
    const team2 = (await sql.query("SELECT id FROM service_team WHERE no = 2")).rows[0].id;
    await sql.query("UPDATE project SET service_team_id = $1, version = version + 1 WHERE id = $2", [team2, id]);
    await sql.query(
      `INSERT INTO audit_event (action, entity, entity_id, project_id, before, after) VALUES ('ASSIGN_TEAM', 'Project', $1, $2, '{"serviceTeamId": null}', jsonb_build_object('serviceTeamId', $3::int, 'version', 2))`,
      [String(id), id, team2],
    );
    const r = await edit("bureau", id, { ...baseFields({ name: "改派冲突测试" }), version: "1" });
    expect(r.status).toBe(409);
    expect((r.data as Failure).conflict!.changed.map((c) => c.field)).toEqual(["serviceTeamId"]);
    expect((r.data as Failure).conflict!.changed[0].theirs).toMatch(/^第2专业化服务小组/);
  });
});

describe("plan membership and team are not the county's to set (issue 21, finding 3)", () => {
  it("a county's create cannot put its project in the plan or on a team; bureau's can", async () => {
    const team = (await sql.query("SELECT id FROM service_team WHERE no = 3")).rows[0].id;
    const county = newId(
      await create(
        "county.yuci",
        baseFields({ name: "县区自建入库测试", isTransformation: "1", serviceTeamId: String(team) }),
      ),
    );
    const bureau = newId(
      await create(
        "bureau",
        baseFields({ name: "市局新建入库测试", isTransformation: "1", serviceTeamId: String(team) }),
      ),
    );
    const row = async (id: number) =>
      (await sql.query("SELECT is_transformation, service_team_id FROM project WHERE id = $1", [id])).rows[0];
    expect(await row(county)).toEqual({ is_transformation: false, service_team_id: null });
    expect(await row(bureau)).toEqual({ is_transformation: true, service_team_id: team });
  });

  it("a county's edit that sets a team or leaves out isTransformation keeps both; no plan change without 动态调整", async () => {
    const team = (await sql.query("SELECT id FROM service_team WHERE no = 3")).rows[0].id;
    const other = (await sql.query("SELECT id FROM service_team WHERE no = 4")).rows[0].id;
    const id = newId(
      await create(
        "bureau",
        baseFields({ name: "县区编辑越权测试", isTransformation: "1", serviceTeamId: String(team) }),
      ),
    );
    const adjustmentsBefore = (
      await sql.query("SELECT count(*)::int AS n FROM plan_adjustment WHERE project_id = $1", [id])
    ).rows[0].n;
    // isTransformation left out (an unticked box), serviceTeamId pointed at another team, the name changed
    const fields = baseFields({ name: "县区编辑越权测试（改名）", serviceTeamId: String(other), version: "1" });
    delete fields.isTransformation;
    const r = await edit("county.yuci", id, fields);
    expect(r.status).toBe(302);
    const p = (await sql.query("SELECT name, is_transformation, service_team_id FROM project WHERE id = $1", [id]))
      .rows[0];
    expect(p).toEqual({ name: "县区编辑越权测试（改名）", is_transformation: true, service_team_id: team });
    expect(
      (await sql.query("SELECT count(*)::int AS n FROM plan_adjustment WHERE project_id = $1", [id])).rows[0].n,
    ).toBe(adjustmentsBefore);
    // the form does not offer the two fields to a county, and does to the bureau
    const options = async (user: string) =>
      (
        await run(async () =>
          editLoader({
            request: await requestAs(user, `/projects/${id}/edit`),
            params: { projectId: String(id) },
            context: {},
          }),
        )
      ).data as { options: { choosesTeam: boolean; setsPlan: boolean } };
    expect((await options("county.yuci")).options).toMatchObject({ choosesTeam: false, setsPlan: false });
    expect((await options("bureau")).options).toMatchObject({ choosesTeam: true, setsPlan: true });
  });
});
