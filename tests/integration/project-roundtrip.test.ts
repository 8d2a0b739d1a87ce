// A project saved through the edit form exports to a file that imports again unchanged (issue 13 item 7): the form,
// the import templates and the import validator share one list of 供地方式 (LAND_SUPPLY_METHODS in
// app/domain/labels.ts), so every value the form offers — 存量用地 included — survives export → import.
import { beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { KIND_SPECS, EXPORT_EXTRA_HEADERS } from "~/domain/importSpec";
import { runImportJobs } from "~/jobs/importWorker.server";
import { action as jobAction, loader as jobLoader } from "~/routes/_app.import.$jobId/route";
import { action as uploadAction } from "~/routes/_app.import._index/route";
import { action as editAction } from "~/routes/_app.projects.$projectId_.edit/route";
import { action as newAction } from "~/routes/_app.projects.new/route";
import { loader as exportLoader } from "~/routes/resources.projects-export";
import { postForm, requestAs, run } from "../support/requests";
import { readXlsx, uploadRequest, xlsxBytes, type TestCell } from "../support/spreadsheets";
import { countyId, testSql } from "../support/sql";

const sql = testSql();
const HEADERS = [...KIND_SPECS.projects.columns.map((c) => c.header), ...EXPORT_EXTRA_HEADERS];

let fields: Record<string, string | string[]>;
beforeAll(async () => {
  const industryId = (await sql.query("SELECT id FROM industry ORDER BY id LIMIT 1")).rows[0].id;
  fields = {
    name: "往返测试存量用地项目",
    countyId: String(await countyId(sql, "平遥县")),
    industryId: String(industryId),
    origin: "ATTRACTION",
    sourceRegion: "JINGJINJI",
    attractionMethod: "PRECISION",
    totalInvestment: "32000",
    contractAmount: "30000",
    annualPlanInvestment: "8000",
    planYear: "2017",
    isTransformation: "1",
    constructionContent: "盘活闲置厂房建设精密铸造生产线",
    landArea: "45.25",
    landSupplyMethod: "出让",
    landTermYears: "30",
    landPremiumInstalments: "1",
    enterpriseMode: "none",
    officialIds: [],
    serviceTeamId: "",
  };
});

/** The project's template-column data: what an import writes (and so what a round trip must keep). */
async function templateData(code: string) {
  const { rows } = await sql.query(
    `SELECT p.name, p.county_id, p.industry_id, p.enterprise_id, p.origin, p.source_region, p.attraction_method,
            p.total_investment, p.contract_amount, p.annual_plan_investment, p.plan_year, p.is_transformation, p.pool,
            p.construction_content, p.land_area::text, p.land_supply_method, p.land_term_years,
            p.land_premium_instalments, p.stage, p.signed_on, p.stage_on,
            (SELECT json_agg(json_build_object('s', m.stage, 'd', m.actual_on) ORDER BY m.stage)
               FROM milestone m WHERE m.project_id = p.id AND m.actual_on IS NOT NULL) AS milestones
       FROM project p WHERE p.code = $1`,
    [code],
  );
  expect(rows, code).toHaveLength(1);
  return rows[0];
}

async function importAsBureau(fileName: string, bytes: Uint8Array) {
  const up = await run(async () =>
    uploadAction({ request: await uploadRequest("bureau", "projects", fileName, bytes), params: {}, context: {} }),
  );
  expect(up.status).toBe(302);
  const jobId = String(up.response!.headers.get("Location")!.split("/").pop());
  const job = async () =>
    (
      await run(async () =>
        jobLoader({ request: await requestAs("bureau", `/import/${jobId}`), params: { jobId }, context: {} }),
      )
    ).data as { job: { status: string }; errors: unknown };
  await runImportJobs();
  const checked = await job();
  expect(checked.job.status, JSON.stringify(checked.errors)).toBe("READY");
  await run(async () =>
    jobAction({
      request: await postForm("bureau", `/import/${jobId}`, { intent: "commit" }),
      params: { jobId },
      context: {},
    }),
  );
  await runImportJobs();
  expect((await job()).job.status).toBe("DONE");
}

describe("a project saved through the edit form round-trips through export and import", () => {
  it("with 存量用地: the re-imported copy has the same template-column data", async () => {
    // created through the form (a new enterprise with its credit code, signed), then saved through the edit form
    const created = await run(async () =>
      newAction({
        request: await postForm("bureau", "/projects/new", {
          ...fields,
          enterpriseMode: "new",
          newEnterpriseName: "平遥往返测试铸造有限公司",
          newEnterpriseCreditCode: makeCreditCode("91", "140728", "MA0RT0001"),
          signedOn: "2017-05-16",
          signEvidenceNo: "PY-2017-RT",
        }),
        params: {},
        context: {},
      }),
    );
    expect(created.status).toBe(302);
    const id = Number(created.response!.headers.get("Location")!.split("/").pop());
    const { code, enterprise_id: enterpriseId } = (
      await sql.query("SELECT code, enterprise_id FROM project WHERE id = $1", [id])
    ).rows[0];
    const saved = await run(async () =>
      editAction({
        request: await postForm("bureau", `/projects/${id}/edit`, {
          ...fields,
          enterpriseMode: "existing",
          enterpriseId: String(enterpriseId),
          landSupplyMethod: "存量用地",
          landTermYears: "20",
          version: "1",
        }),
        params: { projectId: String(id) },
        context: {},
      }),
    );
    expect(saved.status).toBe(302);
    const original = await templateData(code);
    expect(original.land_supply_method).toBe("存量用地");

    const exported = await run(async () =>
      exportLoader({
        request: await requestAs("bureau", `/resources/projects-export?format=xlsx&q=${encodeURIComponent(code)}`),
        params: {},
        context: {},
      }),
    );
    expect(exported.status).toBe(200);
    const rows = (await readXlsx(await exported.response!.arrayBuffer()))["项目库"];
    expect(rows[0]).toEqual(HEADERS);
    expect(rows).toHaveLength(2);
    expect(rows[1][HEADERS.indexOf("供地方式")]).toBe("存量用地");

    // imported again under another code (the original's code is taken)
    const codeAt = HEADERS.indexOf("项目编号");
    const copy: TestCell[][] = rows.map((r, i) => (i === 0 ? r : r.map((v, k) => (k === codeAt ? `RT-${v}` : v))));
    await importAsBureau("往返.xlsx", await xlsxBytes(copy, "项目库"));
    expect(await templateData(`RT-${code}`)).toEqual(original);
  });
});
