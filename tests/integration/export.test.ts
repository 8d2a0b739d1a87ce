// The register export: every page of the filtered, sorted register with exact 万元 amounts, scoped like the
// register; the XLSX and CSV parse back to the numbers the register page shows; export → import round-trips the
// import template's columns (project fields, enterprise by credit code, milestone actual dates and so the stage).
// The export's read-only columns (当前阶段, 服务小组, 领办领导, 最近更新) are not template columns: an import
// ignores them, so service teams, lead officials, planned dates and everything else outside the template do not
// round-trip.
import { describe, expect, it } from "vitest";
import { EXPORT_EXTRA_HEADERS, KIND_SPECS } from "~/domain/importSpec";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { runImportJobs } from "~/jobs/importWorker.server";
import { exportBatches } from "~/models/projectExport.server";
import { action as jobAction, loader as jobLoader } from "~/routes/_app.import.$jobId/route";
import { action as uploadAction } from "~/routes/_app.import._index/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { loader as exportLoader } from "~/routes/resources.projects-export";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { csvBytes, parseCsvText, readXlsx, uploadRequest, xlsxBytes, type TestCell } from "../support/spreadsheets";
import { countyId, testSql } from "../support/sql";
import { useRealClock } from "../support/realClock";

useRealClock();

const sql = testSql();

const HEADERS = [...KIND_SPECS.projects.columns.map((c) => c.header), ...EXPORT_EXTRA_HEADERS];
const col = (h: string) => HEADERS.indexOf(h);

async function download(username: string, query: string) {
  const r = await run(async () =>
    exportLoader({
      request: await requestAs(username, `/resources/projects-export?${query}`),
      params: {},
      context: {},
    }),
  );
  expect(r.status).toBe(200);
  return r.response!;
}

/** Every row the register shows for a query, page after page, as the page's loader returns them. */
async function registerRows(username: string, query: string) {
  const out: Array<{ code: string; totalInvestment: number; contractAmount: number; county: string }> = [];
  for (let page = 1; ; page++) {
    const r = await run(async () =>
      registerLoader({
        request: await requestAs(username, `/projects?${query}&size=100&page=${page}`),
        params: {},
        context: {},
      }),
    );
    const d = r.data as { rows: typeof out; total: number };
    out.push(...d.rows);
    if (out.length >= d.total) return out;
  }
}

describe("register export", () => {
  const query = "year=2017&transformation=1&pool=ACTIVE&sort=totalInvestment&dir=desc";

  it("XLSX: every page in the register's order, Chinese headers, the page's exact 万元 numbers", async () => {
    const res = await download("bureau", `format=xlsx&${query}`);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(res.headers.get("Content-Disposition")).toMatch(/filename\*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%BA%93/);
    const rows = (await readXlsx(await res.arrayBuffer()))["项目库"];
    expect(rows[0]).toEqual(HEADERS);
    const data = rows.slice(1);
    const page = await registerRows("bureau", query);
    expect(page.length).toBe(61);
    expect(data.map((r) => r[col("项目编号")])).toEqual(page.map((r) => r.code));
    expect(data.map((r) => r[col("总投资（万元）")])).toEqual(page.map((r) => r.totalInvestment));
    expect(data.map((r) => r[col("签约额（万元）")])).toEqual(page.map((r) => r.contractAmount));
    expect(data.map((r) => r[col("县（区、市）")])).toEqual(page.map((r) => r.county));
    for (const r of data) expect(Number.isInteger(r[col("总投资（万元）")])).toBe(true);
    // dates are real date cells, codes and credit codes text
    const geely = data.find((r) => String(r[col("投资企业")] ?? "").includes("吉利"))!;
    const db = (
      await sql.query(
        `SELECT e.credit_code, m.actual_on FROM project p JOIN enterprise e ON e.id = p.enterprise_id
           JOIN milestone m ON m.project_id = p.id AND m.stage = 'SIGNED' WHERE p.code = $1`,
        [geely[col("项目编号")]],
      )
    ).rows[0];
    expect(geely[col("统一社会信用代码")]).toBe(db.credit_code);
    expect(geely[col("签约日期")]).toEqual(db.actual_on);
  });

  it("CSV: UTF-8 with BOM, the same rows and amounts as the XLSX", async () => {
    const res = await download("bureau", `format=csv&${query}`);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsvText(new TextDecoder().decode(bytes));
    expect(rows[0]).toEqual(HEADERS);
    const page = await registerRows("bureau", query);
    expect(
      rows
        .slice(1)
        .map((r) => [r[col("项目编号")], Number(r[col("总投资（万元）")]), Number(r[col("签约额（万元）")])]),
    ).toEqual(page.map((r) => [r.code, r.totalInvestment, r.contractAmount]));
  });

  it("is scoped like the register: a county exports only its own rows, all of them", async () => {
    const rows = (await readXlsx(await (await download("county.yuci", "format=xlsx&sort=name&dir=asc")).arrayBuffer()))[
      "项目库"
    ].slice(1);
    const { rows: want } = await sql.query(
      "SELECT p.code FROM project p JOIN county c ON c.id = p.county_id WHERE c.name = '榆次区'",
    );
    expect(rows.length).toBe(want.length);
    expect(new Set(rows.map((r) => r[col("县（区、市）")]))).toEqual(new Set(["榆次区"]));
    // a filter naming another county cannot widen it
    const { rows: jx } = await sql.query("SELECT id FROM county WHERE name = '介休市'");
    const other = parseCsvText(
      new TextDecoder().decode(await (await download("county.yuci", `format=csv&county=${jx[0].id}`)).arrayBuffer()),
    );
    expect(other.length).toBe(1); // the header only
    const ent = (await readXlsx(await (await download("ent.geely", "format=xlsx")).arrayBuffer()))["项目库"].slice(1);
    expect(ent.length).toBeGreaterThan(0);
    for (const r of ent) expect(String(r[col("投资企业")])).toContain("吉利");
  });

  it("with a text search (q=…): exactly the register's rows for the same URL, every page, in order", async () => {
    // a name search over several pages, an enterprise-name search, a project code typed in lower case
    for (const [format, q] of [
      ["xlsx", `q=${encodeURIComponent("项目")}&sort=name&dir=asc`],
      ["csv", `q=${encodeURIComponent("吉利")}`],
      ["xlsx", `q=${encodeURIComponent("吉利")}&year=2017&sort=contractAmount&dir=desc`],
      ["csv", "q=zx2017-001"],
    ] as const) {
      const page = await registerRows("bureau", q);
      const res = await download("bureau", `format=${format}&${q}`);
      const rows =
        format === "xlsx" ? (await readXlsx(await res.arrayBuffer()))["项目库"] : parseCsvText(await res.text());
      expect(rows[0]).toEqual(HEADERS);
      const amount = (v: TestCell | string) => Number(v);
      expect(
        rows
          .slice(1)
          .map((r) => [
            r[col("项目编号")],
            amount(r[col("总投资（万元）")]),
            amount(r[col("签约额（万元）")]),
            r[col("县（区、市）")],
          ]),
        q,
      ).toEqual(page.map((r) => [r.code, r.totalInvestment, r.contractAmount, r.county]));
      expect(page.length, q).toBeGreaterThan(0);
      if (q.startsWith("q=zx")) expect(page.map((r) => r.code)).toEqual(["ZX2017-001"]);
    }
    // the name search really spans several register pages
    expect((await registerRows("bureau", `q=${encodeURIComponent("项目")}`)).length).toBeGreaterThan(100);
  });

  it("reads in batches that together give exactly the register's order", async () => {
    for (const q of ["sort=county&dir=asc", "sort=team&dir=desc", "sort=stage&dir=asc&origin=ATTRACTION"]) {
      const viewer = await viewerFor("bureau");
      const batched: string[] = [];
      for await (const b of exportBatches(viewer, parseProjectListQuery(new URLSearchParams(q)), 7)) {
        expect(b.length).toBeLessThanOrEqual(7);
        batched.push(...b.map((p) => p.code));
      }
      expect(batched).toEqual((await registerRows("bureau", q)).map((r) => r.code));
    }
  });
});

describe("export → import round trip", () => {
  type Snapshot = Record<string, unknown>;
  async function snapshot(where: string, params: unknown[]): Promise<Map<string, Snapshot>> {
    const { rows } = await sql.query(
      `SELECT p.code, p.name, p.county_id, p.industry_id, p.enterprise_id, p.origin, p.source_region, p.attraction_method,
              p.total_investment, p.contract_amount, p.annual_plan_investment, p.plan_year, p.is_transformation, p.pool,
              p.construction_content, p.land_area::text, p.land_supply_method, p.land_term_years, p.land_premium_instalments,
              p.stage, p.signed_on, p.stage_on,
              (SELECT json_agg(json_build_object('s', m.stage, 'd', m.actual_on) ORDER BY m.stage)
                 FROM milestone m WHERE m.project_id = p.id AND m.actual_on IS NOT NULL) AS milestones
         FROM project p WHERE ${where}`,
      params,
    );
    return new Map(rows.map((r) => [r.code as string, r]));
  }

  async function importFile(fileName: string, bytes: Uint8Array) {
    const up = await run(async () =>
      uploadAction({ request: await uploadRequest("bureau", "projects", fileName, bytes), params: {}, context: {} }),
    );
    expect(up.status).toBe(302);
    const id = Number(up.response!.headers.get("Location")!.split("/").pop());
    await runImportJobs();
    const checked = await run(async () =>
      jobLoader({ request: await requestAs("bureau", `/import/${id}`), params: { jobId: String(id) }, context: {} }),
    );
    expect((checked.data as any).job.status, JSON.stringify((checked.data as any).errors)).toBe("READY");
    expect((checked.data as any).job.summary.ignoredHeaders).toEqual([...EXPORT_EXTRA_HEADERS]);
    await run(async () =>
      jobAction({
        request: await postForm("bureau", `/import/${id}`, { intent: "commit" }),
        params: { jobId: String(id) },
        context: {},
      }),
    );
    await runImportJobs();
    const done = await run(async () =>
      jobLoader({ request: await requestAs("bureau", `/import/${id}`), params: { jobId: String(id) }, context: {} }),
    );
    expect((done.data as any).job.status).toBe("DONE");
  }

  function expectSameData(original: Map<string, Snapshot>, copies: Map<string, Snapshot>, prefix: string) {
    expect(copies.size).toBe(original.size);
    for (const [code, o] of original) {
      const c = copies.get(prefix + code);
      expect(c, code).toBeDefined();
      expect({ ...c, code }).toEqual(o);
    }
  }

  it("XLSX: the exported transformation plan, imported again under new codes, has the same template-column data", async () => {
    const original = await snapshot("p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'", []);
    const rows = (
      await readXlsx(await (await download("bureau", "format=xlsx&year=2017&transformation=1")).arrayBuffer())
    )["项目库"];
    const codeAt = col("项目编号");
    const renamed: TestCell[][] = rows.map((r, i) => (i === 0 ? r : r.map((v, k) => (k === codeAt ? `RT-${v}` : v))));
    await importFile("项目库导出.xlsx", await xlsxBytes(renamed, "项目库"));
    expectSameData(original, await snapshot("p.code LIKE 'RT-%'", []), "RT-");
    // 服务小组 and 领办领导 are in the file but not imported: the copies have none, the originals do
    const extras = async (where: string) =>
      (
        await sql.query(
          `SELECT count(*) FILTER (WHERE p.service_team_id IS NOT NULL)::int teams,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM project_official o WHERE o.project_id = p.id))::int officials
             FROM project p WHERE ${where}`,
        )
      ).rows[0];
    const had = await extras(
      "p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND p.code NOT LIKE 'RT-%'",
    );
    expect(had.teams).toBeGreaterThan(0);
    expect(rows.slice(1).filter((r) => r[col("服务小组")] !== null).length).toBe(had.teams);
    expect(await extras("p.code LIKE 'RT-%'")).toEqual({ teams: 0, officials: 0 });
  });

  it("CSV: a county's register, imported again under new codes, has the same template-column data", async () => {
    const original = await snapshot("p.county_id = (SELECT id FROM county WHERE name = '介休市')", []);
    const text = new TextDecoder().decode(
      await (await download("bureau", "format=csv&county=" + (await countyId(sql, "介休市")))).arrayBuffer(),
    );
    const codeAt = col("项目编号");
    const lines = parseCsvText(text).map((r, i) => (i === 0 ? r : r.map((v, k) => (k === codeAt ? `CSV-${v}` : v))));
    await importFile("介休.csv", csvBytes(lines));
    expectSameData(original, await snapshot("p.code LIKE 'CSV-%'", []), "CSV-");
    expect(original.size).toBeGreaterThan(5);
  });

  it("the stage of every round-tripped project is the trigger's, matching the original", async () => {
    const { rows } = await sql.query(
      `SELECT o.code, o.stage, c.stage AS copy_stage FROM project o JOIN project c ON c.code = 'RT-' || o.code`,
    );
    expect(rows.length).toBeGreaterThan(60);
    for (const r of rows) expect(r.copy_stage, r.code).toBe(r.stage);
  });
});
