// Spreadsheet import end to end against the real database: upload through the route's action, the worker's
// check, the preview, the confirmation, the all-or-nothing write, and who may do it.
import { describe, expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { KIND_SPECS } from "~/domain/importSpec";
import { runImportJobs } from "~/jobs/importWorker.server";
import { generatedCode } from "~/models/importJob.server";
import { action as jobAction, loader as jobLoader } from "~/routes/_app.import.$jobId/route";
import { action as uploadAction, loader as importLoader } from "~/routes/_app.import._index/route";
import { loader as errorsLoader } from "~/routes/resources.import-errors";
import { loader as templateLoader } from "~/routes/resources.import-template";
import { holdJobUpdate } from "../support/importHold";
import { postForm, requestAs, run } from "../support/requests";
import { csvBytes, readXlsx, uploadRequest, xlsxBytes, type TestCell } from "../support/spreadsheets";
import { queries, testSql } from "../support/sql";
import { useRealClock } from "../support/realClock";

useRealClock();

const sql = testSql();

const { one, count } = queries(sql);

const H = KIND_SPECS.projects.columns.map((c) => c.header);
function row(v: Record<string, TestCell>): TestCell[] {
  return H.map((h) => (h in v ? v[h] : null));
}
const C1 = makeCreditCode("91", "140702", "MA0TEXT01");
const C2 = makeCreditCode("91", "110105", "MA0TEXT02");

/** Uploads, lets the worker check the file, and returns the job id and the job page's data. */
async function uploadAndCheck(username: string, kind: string, fileName: string, bytes: Uint8Array) {
  const res = await run(async () =>
    uploadAction({ request: await uploadRequest(username, kind, fileName, bytes), params: {}, context: {} }),
  );
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  const id = Number(res.response!.headers.get("Location")!.split("/").pop());
  expect(await runImportJobs()).toBe(1);
  return { id, page: await jobPage(username, id) };
}
async function jobPage(username: string, id: number, query = "") {
  const r = await run(async () =>
    jobLoader({
      request: await requestAs(username, `/import/${id}${query}`),
      params: { jobId: String(id) },
      context: {},
    }),
  );
  return r as { status: number; data: any };
}
async function confirm(username: string, id: number) {
  return run(async () =>
    jobAction({
      request: await postForm(username, `/import/${id}`, { intent: "commit" }),
      params: { jobId: String(id) },
      context: {},
    }),
  );
}

describe("a file with good and bad rows", () => {
  it("imports nothing and reports each bad row by row, column and problem", async () => {
    const before = {
      projects: await count("SELECT count(*) n FROM project"),
      ents: await count("SELECT count(*) n FROM enterprise"),
    };
    const good = {
      项目编号: "T-MIX-1",
      项目名称: "混合文件测试项目甲",
      "县（区、市）": "榆次区",
      产业: "新材料",
      项目来源: "招商引资签约",
      投资企业: "混合测试新材料有限公司",
      统一社会信用代码: C1,
      来源地区: "京津冀",
      招商方式: "精准招商",
      "总投资（万元）": 50000,
      "签约额（万元）": 50000,
      计划年度: 2017,
      签约日期: "2017-03-01",
      "落地（供地）日期": "2017-05-01",
    };
    const bytes = await xlsxBytes([
      H,
      row(good),
      row({ ...good, 项目编号: "T-MIX-2", "县（区、市）": "太原市" }),
      row({ ...good, 项目编号: "T-MIX-3", 项目名称: "混合文件测试项目乙" }),
      row({
        ...good,
        项目编号: "T-MIX-4",
        统一社会信用代码: C1.slice(0, 17) + (C1[17] === "0" ? "1" : "0"),
        "总投资（万元）": "12.5",
      }),
      row({ ...good, 项目编号: "T-MIX-5", 开工日期: "2017-08-01" }),
      row({ ...good, 项目编号: "ZX2017-001" }),
      row({ ...good }),
      row({ ...good, 项目编号: "T-MIX-6", 产业: "航天火箭制造" }),
    ]);
    const { id, page } = await uploadAndCheck("bureau", "projects", "混合.xlsx", bytes);
    expect(page.data.job.status).toBe("INVALID");
    const wrongCode = C1.slice(0, 17) + (C1[17] === "0" ? "1" : "0");
    const expected = [
      {
        row: 3,
        column: "县（区、市）",
        message: "“太原市”不是本市的县（区、市）或开发区，请填写名称（如 榆次区）或区划代码",
      },
      { row: 5, column: "统一社会信用代码", message: `统一社会信用代码校验位不正确，请核对（“${wrongCode}”）` },
      { row: 5, column: "总投资（万元）", message: "“12.5”有小数，金额须为整数万元" },
      { row: 6, column: "开工日期", message: "已填写开工日期，但缺少资金到位日期（各阶段须依次达到）" },
      { row: 7, column: "项目编号", message: "项目编号“ZX2017-001”已存在，项目库中已有该编号的项目" },
      { row: 8, column: "项目编号", message: "项目编号“T-MIX-1”与第 2 行重复" },
      { row: 9, column: "产业", message: "“航天火箭制造”不是已有的产业，请按“参考数据”表填写" },
    ];
    expect(page.data.errors).toEqual(expected);
    expect(page.data.job.errorCount).toBe(7);
    // nothing written: no project, no enterprise
    expect(await count("SELECT count(*) n FROM project")).toBe(before.projects);
    expect(await count("SELECT count(*) n FROM enterprise")).toBe(before.ents);
    expect(await count("SELECT count(*) n FROM project WHERE code LIKE 'T-MIX-%'")).toBe(0);
    // the uploaded file is not kept once the job has ended
    expect(await one("SELECT file IS NULL AS gone FROM import_job WHERE id = $1", [id])).toEqual({ gone: true });

    // the downloadable report says the same, in Excel and in CSV
    const xr = await run(async () =>
      errorsLoader({
        request: await requestAs("bureau", `/resources/import-errors?job=${id}&format=xlsx`),
        params: {},
        context: {},
      }),
    );
    expect(xr.response!.headers.get("Content-Disposition")).toContain("filename*=UTF-8''");
    const sheets = await readXlsx(await xr.response!.arrayBuffer());
    expect(sheets["错误报告"]).toEqual([["行号", "列", "问题"], ...expected.map((e) => [e.row, e.column, e.message])]);
    const cr = await run(async () =>
      errorsLoader({
        request: await requestAs("bureau", `/resources/import-errors?job=${id}&format=csv`),
        params: {},
        context: {},
      }),
    );
    const text = await textWithBom(cr.response!);
    expect(text.startsWith("\uFEFF行号,列,问题\r\n")).toBe(true);
    expect(text).toContain("6,开工日期,已填写开工日期，但缺少资金到位日期（各阶段须依次达到）");
    expect(text).toContain("9,产业,“航天火箭制造”不是已有的产业，请按“参考数据”表填写");
    // an INVALID job cannot be confirmed
    expect((await confirm("bureau", id)).status).toBe(409);
  });

  it("reports missing required columns on the header row and unreadable files", async () => {
    const { page } = await uploadAndCheck(
      "bureau",
      "projects",
      "表头.csv",
      csvBytes([
        ["项目名称", "县区"],
        ["某项目", "榆次区"],
      ]),
    );
    expect(page.data.job.status).toBe("INVALID");
    expect(page.data.errors.map((e: { column: string }) => e.column)).toEqual([
      "产业",
      "项目来源",
      "总投资（万元）",
      "计划年度",
    ]);
    expect(page.data.errors[0]).toEqual({ row: 1, column: "产业", message: "缺少必填列，请使用导入模板的表头" });

    const broken = await uploadAndCheck(
      "bureau",
      "projects",
      "坏文件.xlsx",
      new TextEncoder().encode("这不是 Excel 文件"),
    );
    expect(broken.page.data.job.status).toBe("INVALID");
    expect(broken.page.data.errors[0].message).toContain("无法读取该 Excel 文件");

    const empty = await uploadAndCheck("bureau", "projects", "空.csv", csvBytes([H]));
    expect(empty.page.data.errors).toEqual([
      { row: 0, column: "—", message: "文件中没有数据：第一行为表头，数据从第二行起填写" },
    ]);
  });

  it("rejects a missing file or a wrong file type next to the field, with 4xx", async () => {
    const none = await run(async () =>
      uploadAction({ request: await uploadRequest("bureau", "projects", "", null), params: {}, context: {} }),
    );
    expect(none.status).toBe(400);
    expect((none.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe("请选择要导入的文件");
    const xls = await run(async () =>
      uploadAction({
        request: await uploadRequest("bureau", "projects", "旧格式.xls", new Uint8Array([1, 2, 3])),
        params: {},
        context: {},
      }),
    );
    expect(xls.status).toBe(400);
    expect((xls.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toContain(
      "只能导入 .xlsx 或 .csv 文件",
    );
    const kind = await run(async () =>
      uploadAction({
        request: await uploadRequest("bureau", "leads", "a.csv", csvBytes([H])),
        params: {},
        context: {},
      }),
    );
    expect((kind.data as { fieldErrors: Record<string, string> }).fieldErrors.kind).toBe("请选择导入的数据类型");
  });
});

describe("a clean file", () => {
  it("shows a preview, then imports every row in one go when confirmed", async () => {
    const geely = await one<{ id: number; credit_code: string; name: string }>(
      "SELECT id, credit_code, name FROM enterprise WHERE name LIKE '%吉利%' ORDER BY id LIMIT 1",
    );
    const before = await count("SELECT count(*) n FROM project");
    const bytes = await xlsxBytes([
      H,
      row({
        项目编号: "T-OK-1",
        项目名称: "吉利新能源配套测试项目",
        "县（区、市）": "晋中经济技术开发区",
        产业: "EQUIP",
        项目来源: "招商引资签约",
        投资企业: "吉利（名称写法不同）",
        统一社会信用代码: geely.credit_code,
        来源地区: "长三角",
        招商方式: "以商招商",
        "总投资（万元）": 88000,
        "签约额（万元）": 80000,
        "年度计划投资（万元）": 20000,
        计划年度: 2017,
        转型项目: "是",
        项目库: "预备项目库",
        建设内容: "建设电池包装配线",
        "用地面积（亩）": 120.5,
        供地方式: "弹性出让",
        "出让年限（年）": 30,
        出让金分期缴纳: "是",
        签约日期: new Date(Date.UTC(2017, 2, 15)),
        "落地（供地）日期": new Date(Date.UTC(2017, 4, 20)),
        资金到位日期: "2017-06-30",
      }),
      row({
        项目编号: "T-OK-2",
        项目名称: "京津冀精密铸造测试项目",
        "县（区、市）": "140781",
        产业: "新能源汽车及装备制造",
        项目来源: "招商引资签约",
        投资企业: "京津精密铸造测试有限公司",
        统一社会信用代码: C2,
        来源地区: "京津冀",
        招商方式: "精准招商",
        "总投资（万元）": "35,000",
        "签约额（万元）": 35000,
        计划年度: 2017,
        签约日期: "2017/8/8",
      }),
      row({
        项目名称: "本地技改测试项目（自动编号）",
        "县（区、市）": "祁县",
        产业: "特色食品",
        项目来源: "本地投资/技改",
        "总投资（万元）": 6000,
        计划年度: 2018,
      }),
    ]);
    const { id, page } = await uploadAndCheck("bureau", "projects", "干净.xlsx", bytes);
    expect(page.data.job.status).toBe("READY");
    const s = page.data.job.summary;
    expect(s).toMatchObject({
      rows: 3,
      milestones: 4,
      newEnterprises: 1,
      matchedEnterprises: 1,
      transformation: 1,
      totalInvestment: 88000 + 35000 + 6000,
      contractAmount: 80000 + 35000,
      byStage: { FUNDING: 1, SIGNED: 1, PREPARING: 1 },
    });
    expect(s.preview.map((r: { code: string | null }) => r.code)).toEqual(["T-OK-1", "T-OK-2", null]);
    expect(s.warnings).toEqual([
      {
        row: 2,
        column: "统一社会信用代码",
        message: `系统中该信用代码的企业名为“${geely.name}”，将关联到该企业（文件中写作“吉利（名称写法不同）”）`,
      },
    ]);
    // checked but not confirmed: nothing written yet
    expect(await count("SELECT count(*) n FROM project")).toBe(before);

    const c = await confirm("bureau", id);
    expect(c.status).toBe(302);
    expect(await runImportJobs()).toBe(1);
    const done = await jobPage("bureau", id);
    expect(done.data.job.status).toBe("DONE");
    expect(done.data.job.summary.result).toEqual({
      imported: 3,
      enterprisesCreated: 1,
      firstCode: "T-OK-1",
      lastCode: generatedCode(id, 4),
    });
    expect(await count("SELECT count(*) n FROM project")).toBe(before + 3);

    const p1 = await one(
      `SELECT p.*, to_char(p.signed_on, 'YYYY-MM-DD') signed, c.name county, i.name industry
         FROM project p JOIN county c ON c.id = p.county_id JOIN industry i ON i.id = p.industry_id WHERE p.code = 'T-OK-1'`,
    );
    expect(p1).toMatchObject({
      name: "吉利新能源配套测试项目",
      county: "晋中经济技术开发区",
      industry: "新能源汽车及装备制造",
      enterprise_id: geely.id,
      origin: "ATTRACTION",
      source_region: "YANGTZE_DELTA",
      attraction_method: "BUSINESS_REFERRAL",
      total_investment: 88000,
      contract_amount: 80000,
      annual_plan_investment: 20000,
      plan_year: 2017,
      is_transformation: true,
      pool: "RESERVE",
      construction_content: "建设电池包装配线",
      land_area: "120.50",
      land_supply_method: "弹性出让",
      land_term_years: 30,
      land_premium_instalments: true,
      // derived by the database trigger from the imported milestones
      stage: "FUNDING",
      signed: "2017-03-15",
    });
    const ms = await sql.query(
      "SELECT stage, to_char(actual_on, 'YYYY-MM-DD') d FROM milestone WHERE project_id = $1 ORDER BY stage",
      [p1.id],
    );
    expect(ms.rows).toEqual([
      { stage: "SIGNED", d: "2017-03-15" },
      { stage: "LAND", d: "2017-05-20" },
      { stage: "FUNDING", d: "2017-06-30" },
    ]);
    const p2 = await one<{ enterprise_id: number; stage: string }>(
      "SELECT enterprise_id, stage FROM project WHERE code = 'T-OK-2'",
    );
    expect(p2.stage).toBe("SIGNED");
    expect(
      await one("SELECT name, credit_code, origin_region FROM enterprise WHERE id = $1", [p2.enterprise_id]),
    ).toEqual({
      name: "京津精密铸造测试有限公司",
      credit_code: C2,
      origin_region: "京津冀",
    });
    const p3 = await one<{ stage: string; enterprise_id: null; contract_amount: number }>(
      "SELECT stage, enterprise_id, contract_amount FROM project WHERE code = $1",
      [generatedCode(id, 4)],
    );
    expect(p3).toEqual({ stage: "PREPARING", enterprise_id: null, contract_amount: 0 });
    // every write is in the audit log
    expect(
      await count(
        "SELECT count(*) n FROM audit_event WHERE action = 'IMPORT' AND entity = 'Project' AND (after->>'importJobId')::int = $1",
        [id],
      ),
    ).toBe(3);
    expect(
      await count(
        "SELECT count(*) n FROM audit_event WHERE action = 'IMPORT' AND entity = 'Enterprise' AND (after->>'importJobId')::int = $1",
        [id],
      ),
    ).toBe(1);
    expect(
      await count("SELECT count(*) n FROM audit_event WHERE entity = 'ImportJob' AND entity_id = $1", [String(id)]),
    ).toBe(3); // upload, confirm, import

    // confirming twice does not import twice
    expect((await confirm("bureau", id)).status).toBe(409);
    expect(await runImportJobs()).toBe(0);
    expect(await count("SELECT count(*) n FROM project")).toBe(before + 3);
  });

  it("imports signed deals from a CSV saved by Excel in GB18030", async () => {
    const D = KIND_SPECS.deals.columns.map((c) => c.header);
    const csv = [
      D,
      D.map(
        (h) =>
          (
            ({
              项目名称: "GBK编码签约测试项目",
              "县（区、市）": "平遥县",
              产业: "文化旅游",
              投资企业: "平遥古城文旅测试有限公司",
              统一社会信用代码: makeCreditCode("91", "140728", "MA0TEXT03"),
              来源地区: "珠三角",
              招商方式: "展会招商",
              "签约额（万元）": '"12,000"',
              签约日期: "2017年9月6日",
            }) as Record<string, string>
          )[h] ?? "",
      ),
    ];
    // GB18030 bytes for the text, hand-built from the UTF-8 CSV with an encoder-free table of this file's characters
    const text = csv.map((r) => r.join(",")).join("\r\n");
    const bytes = gb18030(text);
    const { id, page } = await uploadAndCheck("bureau", "deals", "签约.csv", bytes);
    expect(page.data.job.status, JSON.stringify(page.data.errors)).toBe("READY");
    expect(page.data.job.summary.preview[0]).toMatchObject({
      name: "GBK编码签约测试项目",
      county: "平遥县",
      contractAmount: 12000,
      totalInvestment: 12000,
      planYear: 2017,
      stage: "SIGNED",
    });
    await confirm("bureau", id);
    await runImportJobs();
    expect(
      await one(
        "SELECT origin, is_transformation, pool, plan_year, stage FROM project WHERE name = 'GBK编码签约测试项目'",
      ),
    ).toEqual({
      origin: "ATTRACTION",
      is_transformation: false,
      pool: "ACTIVE",
      plan_year: 2017,
      stage: "SIGNED",
    });
  });
});

describe("signed deals from XLSX", () => {
  it("imports every row of a clean deals file, each with its SIGNED milestone and contract amount", async () => {
    const D = KIND_SPECS.deals.columns.map((c) => c.header);
    const deal = (v: Record<string, TestCell>) => D.map((h) => (h in v ? v[h] : null));
    const geely = await one<{ id: number; credit_code: string }>(
      "SELECT id, credit_code FROM enterprise WHERE name LIKE '%吉利%' ORDER BY id LIMIT 1",
    );
    const C3 = makeCreditCode("91", "140702", "MA0TEXT04");
    const C4 = makeCreditCode("91", "440300", "MA0TEXT05");
    const bytes = await xlsxBytes(
      [
        D,
        deal({
          项目编号: "T-DEAL-1",
          项目名称: "吉利零部件扩能签约测试项目",
          "县（区、市）": "晋中经济技术开发区",
          产业: "新能源汽车及装备制造",
          投资企业: "吉利",
          统一社会信用代码: geely.credit_code,
          来源地区: "长三角",
          招商方式: "以商招商",
          "签约额（万元）": 80000,
          签约日期: new Date(Date.UTC(2018, 3, 10)),
          "落地（供地）日期": "2018-06-01",
        }),
        deal({
          项目编号: "T-DEAL-2",
          项目名称: "新材料签约测试项目",
          "县（区、市）": "榆次区",
          产业: "新材料",
          投资企业: "新材料签约测试有限公司",
          统一社会信用代码: C3,
          来源地区: "京津冀",
          招商方式: "精准招商",
          "签约额（万元）": "15,000",
          "总投资（万元）": 20000,
          计划年度: 2018,
          建设内容: "建设新材料生产线",
          签约日期: new Date(Date.UTC(2018, 0, 20)),
        }),
        deal({
          项目名称: "珠三角食品签约测试项目（自动编号）",
          "县（区、市）": "祁县",
          产业: "特色食品",
          投资企业: "珠三角食品签约测试有限公司",
          统一社会信用代码: C4,
          来源地区: "珠三角",
          招商方式: "展会招商",
          "签约额（万元）": 5000,
          签约日期: "2017-12-30",
        }),
      ],
      "签约项目数据",
    );
    const { id, page } = await uploadAndCheck("bureau", "deals", "签约项目.xlsx", bytes);
    expect(page.data.job.status, JSON.stringify(page.data.errors)).toBe("READY");
    expect(page.data.job.summary).toMatchObject({
      rows: 3,
      milestones: 4,
      newEnterprises: 2,
      matchedEnterprises: 1,
      transformation: 0,
      contractAmount: 80000 + 15000 + 5000,
      totalInvestment: 80000 + 20000 + 5000,
      byStage: { LAND: 1, SIGNED: 2 },
    });
    expect((await confirm("bureau", id)).status).toBe(302);
    expect(await runImportJobs()).toBe(1);
    const done = await jobPage("bureau", id);
    expect(done.data.job.status).toBe("DONE");
    expect(done.data.job.summary.result).toEqual({
      imported: 3,
      enterprisesCreated: 2,
      firstCode: "T-DEAL-1",
      lastCode: generatedCode(id, 4),
    });

    const { rows } = await sql.query(
      `SELECT p.code, p.origin, p.contract_amount, p.total_investment, p.plan_year, p.stage, p.pool, p.is_transformation,
              e.credit_code, to_char(p.signed_on, 'YYYY-MM-DD') signed,
              (SELECT to_char(m.actual_on, 'YYYY-MM-DD') FROM milestone m WHERE m.project_id = p.id AND m.stage = 'SIGNED') signed_milestone
         FROM project p JOIN enterprise e ON e.id = p.enterprise_id
        WHERE p.code IN ('T-DEAL-1', 'T-DEAL-2', $1) ORDER BY p.code`,
      [generatedCode(id, 4)],
    );
    const same = { origin: "ATTRACTION", pool: "ACTIVE", is_transformation: false };
    expect(rows).toEqual(
      [
        {
          ...same,
          code: generatedCode(id, 4),
          contract_amount: 5000,
          total_investment: 5000,
          plan_year: 2017,
          stage: "SIGNED",
          credit_code: C4,
          signed: "2017-12-30",
          signed_milestone: "2017-12-30",
        },
        {
          ...same,
          code: "T-DEAL-1",
          contract_amount: 80000,
          total_investment: 80000,
          plan_year: 2018,
          stage: "LAND",
          credit_code: geely.credit_code,
          signed: "2018-04-10",
          signed_milestone: "2018-04-10",
        },
        {
          ...same,
          code: "T-DEAL-2",
          contract_amount: 15000,
          total_investment: 20000,
          plan_year: 2018,
          stage: "SIGNED",
          credit_code: C3,
          signed: "2018-01-20",
          signed_milestone: "2018-01-20",
        },
      ].sort((a, b) => (a.code < b.code ? -1 : 1)),
    );
    expect(
      await count(
        "SELECT count(*) n FROM audit_event WHERE action = 'IMPORT' AND entity = 'Project' AND (after->>'importJobId')::int = $1",
        [id],
      ),
    ).toBe(3);
  });
});

describe("a write that fails part-way", () => {
  const failRow = (code: string, extra: Record<string, TestCell> = {}) =>
    row({
      项目编号: code,
      项目名称: `写入失败测试${code}`,
      "县（区、市）": "介休市",
      产业: "现代农业",
      项目来源: "招商引资签约",
      投资企业: "写入失败测试有限公司",
      统一社会信用代码: makeCreditCode("91", "140781", "MA0TEXT06"),
      来源地区: "省内",
      招商方式: "精准招商",
      "总投资（万元）": 3000,
      "签约额（万元）": 3000,
      计划年度: 2018,
      签约日期: "2018-02-01",
      ...extra,
    });
  /** Everything the job could have written, by its id and the file's codes. */
  async function written(id: number, codes: string) {
    return {
      projects: await count("SELECT count(*) n FROM project WHERE code LIKE $1", [codes]),
      milestones: await count("SELECT count(*) n FROM milestone WHERE evidence_note = $1", [
        `批量导入（导入任务 #${id}）`,
      ]),
      imports: await count(
        "SELECT count(*) n FROM audit_event WHERE action = 'IMPORT' AND ((after->>'importJobId')::int = $1 OR (entity = 'ImportJob' AND entity_id = $2))",
        [id, String(id)],
      ),
    };
  }

  it("rolls the whole file back when the database refuses a row mid-write: FAILED with a Chinese message, no 500", async () => {
    const credit = makeCreditCode("91", "140781", "MA0TEXT06");
    const { id, page } = await uploadAndCheck(
      "bureau",
      "projects",
      "写入失败.csv",
      csvBytes([H, failRow("T-FAIL-1"), failRow("T-FAIL-2"), failRow("T-FAIL-3")]),
    );
    expect(page.data.job.status, JSON.stringify(page.data.errors)).toBe("READY");
    expect((await confirm("bureau", id)).status).toBe(302);
    // the enterprise and all three projects are inserted before the milestones; the third project's is refused
    await sql.query(`CREATE FUNCTION test_refuse_import_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (SELECT code FROM project WHERE id = NEW.project_id) = 'T-FAIL-3' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await sql.query(
      "CREATE TRIGGER test_refuse_import_milestone BEFORE INSERT ON milestone FOR EACH ROW EXECUTE FUNCTION test_refuse_import_milestone()",
    );
    try {
      expect(await runImportJobs()).toBe(1);
    } finally {
      await sql.query("DROP TRIGGER test_refuse_import_milestone ON milestone");
      await sql.query("DROP FUNCTION test_refuse_import_milestone()");
    }
    const failed = await jobPage("bureau", id);
    expect(failed.status).toBe(200);
    expect(failed.data.job).toMatchObject({ status: "FAILED", errorCount: 1 });
    expect(failed.data.errors).toEqual([
      {
        row: 0,
        column: "—",
        message: "系统错误：导入未完成，没有写入任何数据。请稍后重试；如问题持续，请联系系统管理员。",
      },
    ]);
    expect(await written(id, "T-FAIL-%")).toEqual({ projects: 0, milestones: 0, imports: 0 });
    expect(await count("SELECT count(*) n FROM enterprise WHERE credit_code = $1", [credit])).toBe(0);
    expect(await one("SELECT file IS NULL AS gone FROM import_job WHERE id = $1", [id])).toEqual({ gone: true });
    // a failed job cannot be confirmed again
    expect((await confirm("bureau", id)).status).toBe(409);
    expect(await runImportJobs()).toBe(0);
  });

  it("a project code or an enterprise taken by someone else after the check: nothing written, INVALID naming the rows", async () => {
    const credit = makeCreditCode("91", "140781", "MA0TEXT07");
    const { id, page } = await uploadAndCheck(
      "bureau",
      "projects",
      "并发.csv",
      csvBytes([
        H,
        failRow("T-RACE-1"),
        failRow("T-RACE-2", { 投资企业: "并发测试新企业有限公司", 统一社会信用代码: credit }),
        failRow("T-RACE-3"),
      ]),
    );
    expect(page.data.job.status, JSON.stringify(page.data.errors)).toBe("READY");
    expect((await confirm("bureau", id)).status).toBe(302);
    // hold the worker after its re-check (the file was still clean), just before the write starts
    const hold = await holdJobUpdate(sql, `NEW.id = ${id} AND OLD.status = 'IMPORTING' AND NEW.status = 'IMPORTING'`);
    try {
      const worker = runImportJobs();
      await hold.reached(worker);
      const ids = await one<{ county: number; industry: number }>(
        "SELECT (SELECT id FROM county WHERE name = '介休市') county, (SELECT id FROM industry WHERE name = '现代农业') industry",
      );
      await sql.query(
        `INSERT INTO project (code, name, county_id, industry_id, origin, total_investment, plan_year, updated_at)
         VALUES ('T-RACE-3', '同时录入的项目', $1, $2, 'LOCAL', 100, 2018, now())`,
        [ids.county, ids.industry],
      );
      await sql.query(
        "INSERT INTO enterprise (name, credit_code, county_id, updated_at) VALUES ('同时录入的企业', $1, $2, now())",
        [credit, ids.county],
      );
      await hold.release();
      expect(await worker).toBe(1);
    } finally {
      await hold.drop();
    }
    const invalid = await jobPage("bureau", id);
    expect(invalid.status).toBe(200);
    expect(invalid.data.job).toMatchObject({ status: "INVALID", errorCount: 2 });
    expect(invalid.data.errors).toEqual([
      {
        row: 3,
        column: "统一社会信用代码",
        message: `统一社会信用代码“${credit}”的企业已在确认导入后由他人录入，本次导入未写入任何数据；请重新上传，将关联到该企业`,
      },
      {
        row: 4,
        column: "项目编号",
        message: "项目编号“T-RACE-3”已存在：确认导入后有人录入了该编号的项目，本次导入未写入任何数据",
      },
    ]);
    // only the other person's rows are there
    expect(await written(id, "T-RACE-%")).toEqual({ projects: 1, milestones: 0, imports: 0 });
    expect(await one("SELECT name FROM project WHERE code = 'T-RACE-3'")).toEqual({ name: "同时录入的项目" });
    expect((await sql.query("SELECT name FROM enterprise WHERE credit_code = $1", [credit])).rows).toEqual([
      { name: "同时录入的企业" },
    ]);
    expect(
      await count("SELECT count(*) n FROM enterprise WHERE credit_code = $1", [
        makeCreditCode("91", "140781", "MA0TEXT06"),
      ]),
    ).toBe(0);
    expect((await confirm("bureau", id)).status).toBe(409);
  });
});

describe("who may import", () => {
  it("a county official imports only its own county's rows", async () => {
    const rowFor = (county: string, code: string) =>
      row({
        项目编号: code,
        项目名称: `县级导入测试${code}`,
        "县（区、市）": county,
        产业: "现代农业",
        项目来源: "本地投资/技改",
        "总投资（万元）": 1000,
        计划年度: 2018,
      });
    const other = await uploadAndCheck(
      "county.yuci",
      "projects",
      "县.csv",
      csvBytes([H, rowFor("介休市", "T-CNTY-1")]),
    );
    expect(other.page.data.errors).toEqual([
      { row: 2, column: "县（区、市）", message: "只能导入本县（区、市）的项目，不能导入“介休市”的项目" },
    ]);
    const own = await uploadAndCheck("county.yuci", "projects", "县.csv", csvBytes([H, rowFor("榆次区", "T-CNTY-2")]));
    expect(own.page.data.job.status).toBe("READY");
    // another user's job is not found, whatever their role
    expect((await jobPage("bureau", own.id)).status).toBe(404);
    expect((await jobPage("admin", own.id)).status).toBe(404);
    const foreign = await run(async () =>
      errorsLoader({
        request: await requestAs("bureau", `/resources/import-errors?job=${other.id}`),
        params: {},
        context: {},
      }),
    );
    expect(foreign.status).toBe(404);
    expect((await confirm("bureau", own.id)).status).toBe(404);
    expect((await confirm("county.yuci", own.id)).status).toBe(302);
    await runImportJobs();
    expect(
      await one("SELECT c.name FROM project p JOIN county c ON c.id = p.county_id WHERE p.code = 'T-CNTY-2'"),
    ).toEqual({ name: "榆次区" });
  });

  it("leaders, the commission, teams and enterprises get 403 on every import endpoint", async () => {
    for (const u of ["leader", "eic", "team01", "ent.geely"]) {
      expect(
        (await run(async () => importLoader({ request: await requestAs(u, "/import"), params: {}, context: {} })))
          .status,
      ).toBe(403);
      expect(
        (
          await run(async () =>
            uploadAction({
              request: await uploadRequest(u, "projects", "a.csv", csvBytes([H])),
              params: {},
              context: {},
            }),
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await run(async () =>
            templateLoader({
              request: await requestAs(u, "/resources/import-template?kind=projects"),
              params: {},
              context: {},
            }),
          )
        ).status,
      ).toBe(403);
    }
    for (const u of ["admin", "bureau", "county.yuci"]) {
      expect(
        (await run(async () => importLoader({ request: await requestAs(u, "/import"), params: {}, context: {} })))
          .status,
      ).toBe(200);
    }
  });

  it("cancelling a checked file writes nothing", async () => {
    const { id } = await uploadAndCheck(
      "bureau",
      "projects",
      "取消.csv",
      csvBytes([
        H,
        row({
          项目编号: "T-CANCEL",
          项目名称: "取消测试",
          "县（区、市）": "祁县",
          产业: "现代农业",
          项目来源: "本地投资/技改",
          "总投资（万元）": 1,
          计划年度: 2018,
        }),
      ]),
    );
    const r = await run(async () =>
      jobAction({
        request: await postForm("bureau", `/import/${id}`, { intent: "cancel" }),
        params: { jobId: String(id) },
        context: {},
      }),
    );
    expect(r.status).toBe(302);
    expect((await jobPage("bureau", id)).data.job.status).toBe("CANCELLED");
    expect((await confirm("bureau", id)).status).toBe(409);
    expect(await count("SELECT count(*) n FROM project WHERE code = 'T-CANCEL'")).toBe(0);
  });
});

describe("templates", () => {
  it("the XLSX template has the Chinese headers, instructions and reference data; the CSV one has a BOM", async () => {
    const r = await run(async () =>
      templateLoader({
        request: await requestAs("bureau", "/resources/import-template?kind=deals&format=xlsx"),
        params: {},
        context: {},
      }),
    );
    expect(r.response!.headers.get("Content-Type")).toContain("spreadsheetml");
    const sheets = await readXlsx(await r.response!.arrayBuffer());
    expect(Object.keys(sheets)).toEqual(["签约项目数据", "填写说明", "参考数据"]);
    expect(sheets["签约项目数据"][0]).toEqual(KIND_SPECS.deals.columns.map((c) => c.header));
    expect(sheets["填写说明"][1].slice(0, 2)).toEqual(["项目编号", "选填"]);
    expect(sheets["参考数据"].map((r) => r[0])).toContain("榆次区");
    const csv = await run(async () =>
      templateLoader({
        request: await requestAs("bureau", "/resources/import-template?kind=projects&format=csv"),
        params: {},
        context: {},
      }),
    );
    expect(await textWithBom(csv.response!)).toBe(`\uFEFF${H.join(",")}\r\n`);
  });
});

/** The body as text with a leading BOM kept (Response.text() drops it). */
async function textWithBom(r: Response) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await r.arrayBuffer());
}

/**
 * GB18030 encoding of `text` without an encoder library: Node can decode GB18030 but not encode it, so each
 * character's bytes are found by searching the two-byte range with the decoder (ASCII stays one byte).
 */
function gb18030(text: string): Uint8Array {
  const dec = new TextDecoder("gb18030");
  const table = new Map<string, [number, number]>();
  const need = new Set([...text].filter((ch) => ch.charCodeAt(0) > 0x7f));
  for (let a = 0x81; a <= 0xfe && table.size < need.size; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([a, b]));
      if (need.has(ch) && !table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code <= 0x7f) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
