// 月度通报: access per role, the numbers against the KPI engine and independent SQL, the XLSX and PDF read back to
// the numbers the page shows, and freezing (a frozen month is unchanged after later edits; re-freezing refused).
import { beforeAll, describe, expect, it } from "vitest";
import { monthWindow } from "~/domain/coordinationList";
import { evaluateKpis, KPI_METRICS } from "~/domain/kpi";
import {
  formatCell,
  reportSummary,
  reportTables,
  reportTitle,
  toReportKpi,
  type KpiDelta,
  type MonthlyReport,
} from "~/domain/monthlyReport";
import { coordinationList } from "~/presenters/CoordinationListPresenter.server";
import { buildMonthlyReport } from "~/presenters/MonthlyReportPresenter.server";
import { action as reportAction, loader as reportLoader } from "~/routes/_app.reports.monthly/route";
import { loader as downloadLoader } from "~/routes/resources.monthly-report";
import { prisma } from "~/utils/db.server";
import { xlsxCell } from "~/utils/monthlyReportXlsx.server";
import { expectedAggregates, expectedLag, expectedTargets } from "../support/kpiSql";
import { expectInOrder, readPdf } from "../support/pdf";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { readXlsx } from "../support/spreadsheets";
import { readDocx } from "../support/docx";
import { countyId, testSql } from "../support/sql";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";

const sql = testSql();
let yuci: number;
let jiexiu: number;
beforeAll(async () => {
  yuci = await countyId(sql, "榆次区");
  jiexiu = await countyId(sql, "介休市");
});

interface PageData {
  model: MonthlyReport;
  frozen: { at: string; by: string } | null;
  previous: { month: number; label: string } | null;
  deltas: KpiDelta[] | null;
  notice: string | null;
  month: { year: number; month: number; key: string };
  frozenMonths: number[];
  canFreeze: boolean;
}

async function page(user: string, query = "") {
  return run(async () =>
    reportLoader({ request: await requestAs(user, `/reports/monthly${query}`), params: {}, context: {} }),
  );
}
async function pageData(user: string, query = ""): Promise<PageData> {
  const r = await page(user, query);
  expect(r.status, `${user} ${query}`).toBe(200);
  return r.data as PageData;
}
async function download(user: string, query: string) {
  return run(async () =>
    downloadLoader({ request: await requestAs(user, `/resources/monthly-report${query}`), params: {}, context: {} }),
  );
}
async function freeze(user: string, month: string, confirm = true) {
  return run(async () =>
    reportAction({
      request: await postForm(user, `/reports/monthly?month=${month}`, {
        intent: "freeze",
        month,
        ...(confirm ? { confirm: "on" } : {}),
      }),
      params: {},
      context: {},
    }),
  );
}

describe("who sees the monthly report", () => {
  it("the city's roles see the city's report; the default month is the last closed month before the demo date", async () => {
    for (const user of ["admin", "bureau", "leader", "eic"]) {
      const d = await pageData(user);
      expect(d.month.key, user).toBe("2017-10");
      expect(d.model.scope, user).toEqual({ countyId: null, name: "全市" });
      expect(d.model.counties.rows.length, user).toBe(14);
      expect(d.canFreeze, user).toBe(user === "admin" || user === "bureau");
    }
  });

  it("a county sees its own county's report whatever the URL says; a city role may ask for any county", async () => {
    const own = await pageData("county.yuci", `?month=2017-10&county=${jiexiu}`);
    expect(own.model.scope).toEqual({ countyId: yuci, name: "榆次区" });
    expect(own.model.counties.rows.map((r) => r.name)).toEqual(["榆次区"]);
    expect(new Set(own.model.signings.map((s) => s.county))).toEqual(
      new Set(own.model.signings.length ? ["榆次区"] : []),
    );
    expect(new Set(own.model.lagging.map((s) => s.county))).toEqual(new Set(["榆次区"]));
    expect(own.canFreeze).toBe(false);
    const other = await pageData("leader", `?month=2017-10&county=${jiexiu}`);
    expect(other.model.scope.name).toBe("介休市");
    expect((await page("bureau", "?county=999999")).status).toBe(404);
    // the county's download is its own report too
    const x = await download("county.yuci", `?month=2017-10&format=xlsx&county=${jiexiu}`);
    expect(x.status).toBe(200);
    expect(decodeURIComponent(x.response!.headers.get("Content-Disposition")!)).toContain("榆次区2017年10月");
  });

  it("service teams and enterprises are refused, pages and downloads", async () => {
    for (const user of ["team01", "ent.geely"]) {
      expect((await page(user)).status, user).toBe(403);
      expect((await download(user, "?format=pdf")).status, user).toBe(403);
      expect((await download(user, "?format=xlsx")).status, user).toBe(403);
    }
    expect((await page(null as unknown as string)).status).toBe(302);
  });

  it("only the bureau and the admin freeze", async () => {
    for (const user of ["leader", "eic", "county.yuci", "team01", "ent.geely"]) {
      expect((await freeze(user, "2017-03")).status, user).toBe(403);
    }
    expect((await sql.query(`SELECT count(*)::int AS n FROM report_snapshot`)).rows[0].n).toBe(0);
  });
});

describe("the numbers", () => {
  for (const [county, label] of [
    [null, "city"],
    ["yuci", "榆次区"],
  ] as const) {
    it(`KPIs, signings, milestones, lagging and teams of 2017-10 = independent SQL (${label})`, async () => {
      const cid = county ? yuci : null;
      const d = await pageData("bureau", `?month=2017-10${cid ? `&county=${cid}` : ""}`);
      const m = d.model;
      expect(m.asOf).toBe("2017-10-31");
      expect(m.pace).toEqual({ elapsed: 304, total: 365 });
      const agg = (await expectedAggregates(sql, "2017-10-31", cid)).get(null)!;
      const cards = evaluateKpis(agg, await expectedTargets(sql, cid), 2017, "2017-10-31");
      expect(m.kpis).toEqual(KPI_METRICS.map((k) => toReportKpi(cards[k], m.pace)));
      expect(m.kpis[0].value).toBe(agg.signedAmount);

      const signed = await sql.query(
        `SELECT p.id, p.contract_amount FROM project p JOIN milestone s ON s.project_id = p.id AND s.stage = 'SIGNED'
         WHERE p.origin = 'ATTRACTION' AND s.actual_on BETWEEN '2017-10-01' AND '2017-10-31' AND ($1::int IS NULL OR p.county_id = $1)
         ORDER BY s.actual_on, p.id`,
        [cid],
      );
      expect(m.signings.map((s) => [s.projectId, s.contractAmount])).toEqual(
        signed.rows.map((r) => [r.id, r.contract_amount]),
      );

      const reached = await sql.query(
        `SELECT m.stage::text AS stage, count(*)::int AS n FROM milestone m JOIN project p ON p.id = m.project_id
         WHERE m.stage <> 'SIGNED' AND m.actual_on >= '2017-10-01' AND m.actual_on < '2017-11-01' AND ($1::int IS NULL OR p.county_id = $1)
         GROUP BY 1`,
        [cid],
      );
      const byStage = Object.fromEntries(reached.rows.map((r) => [r.stage, r.n]));
      for (const s of ["LAND", "FUNDING", "STARTED", "COMPLETED"])
        expect(m.milestones.filter((x) => x.stage === s).length, s).toBe(byStage[s] ?? 0);

      const lag = await expectedLag(sql, "2017-10-31", cid);
      expect(m.lagging.filter((l) => l.level === "red").length).toBe(lag.red);
      expect(m.lagging.filter((l) => l.level === "yellow").length).toBe(lag.yellow);
      expect(m.lagging.length).toBeGreaterThan(0);

      const logs = await sql.query(
        `SELECT count(*)::int AS n FROM service_log s LEFT JOIN project p ON p.id = s.project_id LEFT JOIN enterprise e ON e.id = s.enterprise_id
         WHERE s.team_id IS NOT NULL AND s.occurred_on BETWEEN '2017-10-01' AND '2017-10-31'
           AND ($1::int IS NULL OR coalesce(p.county_id, e.county_id) = $1)`,
        [cid],
      );
      expect(m.teams.reduce((s, t) => s + t.visits + t.calls + t.meetings, 0)).toBe(logs.rows[0].n);
      const tasks = await sql.query(
        `SELECT count(*)::int AS n FROM agency_task a JOIN project p ON p.id = a.project_id
         WHERE a.team_id IS NOT NULL AND a.status = 'DONE' AND a.completed_on BETWEEN '2017-10-01' AND '2017-10-31' AND ($1::int IS NULL OR p.county_id = $1)`,
        [cid],
      );
      expect(m.teams.reduce((s, t) => s + t.tasksDone, 0)).toBe(tasks.rows[0].n);
      if (!cid) expect(m.teams.length).toBe(30);
    });
  }

  it("the months' signings add up to the year's 引资总额", async () => {
    let total = 0;
    for (let month = 1; month <= 10; month++) {
      const m = (await pageData("bureau", `?month=2017-${String(month).padStart(2, "0")}`)).model;
      total += m.signings.reduce((s, x) => s + x.contractAmount, 0);
      expect(m.kpis.find((k) => k.metric === "INFLOW_AMOUNT")!.value, `month ${month}`).toBe(total);
    }
  }, 120_000);

  it("the coordination list is the 13710 list of the month (the seeded issues are in the current months)", async () => {
    const now = clockToday();
    const key = now.slice(0, 7);
    const city = await pageData("bureau", `?month=${key}`);
    expect(city.model.complete).toBe(false);
    expect(city.model.asOf).toBe(now);
    const want = await coordinationList(
      prisma,
      await viewerFor("bureau"),
      monthWindow(Number(key.slice(0, 4)), Number(key.slice(5))),
    );
    expect(city.model.issues.rows.map((r) => r.code).sort()).toEqual(want.rows.map((r) => r.code).sort());
    expect(city.model.issues.rows.length).toBeGreaterThan(0);
    const own = await pageData("county.yuci", `?month=${key}`);
    expect(new Set(own.model.issues.rows.map((r) => r.county))).toEqual(
      new Set(own.model.issues.rows.length ? ["榆次区"] : []),
    );
    expect(own.model.issues.rows.length).toBe(city.model.issues.rows.filter((r) => r.county === "榆次区").length);
    // the demo's issues are of the last months before the demo date: May has none, an empty list, said so
    const old = await pageData("bureau", "?month=2017-05");
    expect(old.model.issues.rows).toEqual([]);
    expect(reportTables(old.model).find((t) => t.key === "issues")!.empty).toBe("本月没有需市级或省级协调的问题。");
  });

  it("a malformed or future month falls back to the default and says so", async () => {
    expect(await pageData("bureau", "?month=2017-13")).toMatchObject({
      month: { key: "2017-10" },
      notice: "月份格式不正确，已显示默认月份",
    });
    expect(await pageData("bureau", "?month=2099-01")).toMatchObject({
      month: { key: "2017-10" },
      notice: "2099年1月尚未开始，已显示默认月份",
    });
  });
});

/** The expected value of an XLSX cell, as exceljs reads it back. */
function xlsxValue(c: Parameters<typeof xlsxCell>[0]) {
  return xlsxCell(c).value;
}

describe("XLSX and PDF show the page's numbers", () => {
  it("every sheet row = the page's table rows: exact 万元, percentages, dates", async () => {
    const d = await pageData("bureau", "?month=2017-10");
    const tables = reportTables(d.model, d.deltas, d.previous?.label ?? null);
    const res = await download("bureau", "?month=2017-10&format=xlsx");
    expect(res.status).toBe(200);
    expect(res.response!.headers.get("Content-Type")).toContain("spreadsheetml");
    const book = await readXlsx(await res.response!.arrayBuffer());
    expect(Object.keys(book)).toEqual(["通报说明", ...tables.map((t) => t.sheet)]);
    expect(book["通报说明"][1]).toEqual(["标题", reportTitle(d.model)]);
    expect(book["通报说明"][4]).toEqual(["综述", reportSummary(d.model)]);
    for (const t of tables) {
      const rows = book[t.sheet];
      expect(rows[0], t.sheet).toEqual(t.columns.map((c) => c.header));
      expect(rows.slice(1), t.sheet).toEqual(t.rows.map((r) => r.cells.map(xlsxValue)));
    }
    // the headline numbers, spelled out: integer 万元 and the rates' basis points
    const kpiRows = book["主要指标"].slice(1);
    const inflow = d.model.kpis.find((k) => k.metric === "INFLOW_AMOUNT")!;
    expect(kpiRows[0][1]).toBe(inflow.value);
    expect(Number.isInteger(kpiRows[0][1])).toBe(true);
    const landing = d.model.kpis.find((k) => k.metric === "LANDING_RATE")!;
    expect(Math.round((kpiRows[1][1] as number) * 10_000)).toBe(landing.value);
    const counties = book["各县区推进情况"].slice(1);
    expect(counties.at(-1)![0]).toBe("全市");
    expect(counties.slice(0, -1).reduce((s, r) => s + (r[2] as number), 0)).toBe(inflow.value);
  });

  it("the PDF is A4 with the page's title, summary and every number of every table, in order", async () => {
    const d = await pageData("bureau", "?month=2017-10");
    const res = await download("bureau", "?month=2017-10&format=pdf");
    expect(res.status).toBe(200);
    expect(res.response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(decodeURIComponent(res.response!.headers.get("Content-Disposition")!)).toContain(
      "晋中市2017年10月招商引资与转型项目推进情况通报.pdf",
    );
    const bytes = new Uint8Array(await res.response!.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(new TextDecoder("latin1").decode(bytes)).toContain("/MediaBox [0 0 595.28 841.89]");
    const pdf = await readPdf(bytes);
    expect(pdf.title).toBe(reportTitle(d.model));
    expect(pdf.items[0]).toBe(reportTitle(d.model));
    const flat = pdf.items.join("").replace(/\s/g, "");
    expect(flat).toContain(reportSummary(d.model).replace(/\s/g, ""));
    const expected: string[] = [];
    for (const t of reportTables(d.model, d.deltas, d.previous?.label ?? null)) {
      expected.push(t.title);
      // numbers, dates and statuses exactly as the page formats them (names may wrap in narrow columns)
      for (const r of t.rows) for (const c of r.cells) if (c && c.t !== "text") expected.push(formatCell(c));
    }
    expectInOrder(pdf.items, expected);
    expect(pdf.items).toContain(`${d.model.kpis[0].value!.toLocaleString("en-US")}万元`);
  }, 60_000);

  it("a county's PDF is its own report", async () => {
    const d = await pageData("county.yuci", "?month=2017-10");
    const pdf = await readPdf(
      new Uint8Array(await (await download("county.yuci", "?month=2017-10&format=pdf")).response!.arrayBuffer()),
    );
    expect(pdf.title).toBe("榆次区2017年10月招商引资与转型项目推进情况通报");
    expectInOrder(
      pdf.items,
      d.model.kpis.map((k) =>
        formatCell(
          k.kind === "amount"
            ? k.value === null
              ? null
              : { t: "wan", v: k.value, unit: true }
            : k.value === null
              ? null
              : { t: "bp", v: k.value },
        ),
      ),
    );
  }, 60_000);
});

describe("the Word 通报 shows the page's numbers", () => {
  it("A4, 仿宋/黑体, page numbers, and every section's heading and table cells exactly as the page formats them", async () => {
    const d = await pageData("bureau", "?month=2017-10");
    const res = await download("bureau", "?month=2017-10&format=docx");
    expect(res.status).toBe(200);
    expect(res.response!.headers.get("Content-Type")).toContain("wordprocessingml");
    expect(decodeURIComponent(res.response!.headers.get("Content-Disposition")!)).toContain(
      "晋中市2017年10月招商引资与转型项目推进情况通报.docx",
    );
    const doc = await readDocx(await res.response!.arrayBuffer());
    // A4 (210 × 297 mm in twips), the official fonts, and a PAGE field in the odd and even footers
    expect(doc.pageSize).toEqual({ w: 11906, h: 16838 });
    expect(doc.fonts).toEqual(expect.arrayContaining(["仿宋", "黑体"]));
    expect(doc.footers.length).toBeGreaterThanOrEqual(2);
    for (const f of doc.footers) expect(f).toMatch(/PAGE/);
    expect(doc.paragraphs[0]).toBe(reportTitle(d.model));
    expect(doc.paragraphs).toContain(reportSummary(d.model));
    const tables = reportTables(d.model, d.deltas, d.previous?.label ?? null);
    const withRows = tables.filter((t) => t.rows.length);
    expect(doc.tables).toHaveLength(withRows.length);
    withRows.forEach((t, i) => {
      expect(doc.tables[i][0], t.title).toEqual(t.columns.map((c) => c.header));
      expect(doc.tables[i].slice(1), t.title).toEqual(t.rows.map((r) => r.cells.map(formatCell)));
    });
    expectInOrder(
      doc.paragraphs,
      tables.map((t) => t.title),
    );
    // the KPI numbers, spelled out against the loader's data: integer 万元 and the rates' percentages
    const kpiRows = doc.tables[0].slice(1);
    d.model.kpis.forEach((k, i) => {
      const shown = formatCell(
        k.value === null ? null : k.kind === "amount" ? { t: "wan", v: k.value, unit: true } : { t: "bp", v: k.value },
      );
      expect(kpiRows[i][1], k.metric).toBe(shown);
    });
    const inflow = d.model.kpis.find((k) => k.metric === "INFLOW_AMOUNT")!;
    expect(kpiRows[0][1]).toBe(`${inflow.value!.toLocaleString("en-US")}万元`);
  }, 60_000);

  it("a county's Word file is its own report; teams are refused", async () => {
    const doc = await readDocx(
      await (await download("county.yuci", "?month=2017-10&format=docx")).response!.arrayBuffer(),
    );
    expect(doc.paragraphs[0]).toBe("榆次区2017年10月招商引资与转型项目推进情况通报");
    expect((await download("team01", "?format=docx")).status).toBe(403);
  }, 60_000);
});

describe("freezing a month", () => {
  it("needs the confirmation, a closed month and a well-formed month", async () => {
    const r = await freeze("bureau", "2017-05", false);
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors.confirm).toBe("请先确认已核对本月数据");
    const running = clockToday().slice(0, 7);
    const open = await freeze("bureau", running);
    expect(open.status).toBe(409);
    expect((open.data as { formError: string }).formError).toContain("尚未结束");
    expect((await freeze("bureau", "2017-5")).status).toBe(400);
    expect((await sql.query(`SELECT count(*)::int AS n FROM report_snapshot`)).rows[0].n).toBe(0);
  });

  it("a frozen month is unchanged after later edits; the change column compares with the previous frozen month", async () => {
    expect((await freeze("bureau", "2017-09")).status).toBe(302);
    const res = await freeze("bureau", "2017-10");
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe("/reports/monthly?month=2017-10");

    const snap = (await sql.query(`SELECT id, year, month, frozen_by_id, data FROM report_snapshot WHERE month = 10`))
      .rows[0];
    const bureau = await viewerFor("bureau");
    expect(snap.frozen_by_id).toBe(bureau.id);
    expect(Object.keys(snap.data.counties).length).toBe(14);
    const audit = (
      await sql.query(
        `SELECT action, actor_id, after FROM audit_event WHERE entity = 'ReportSnapshot' AND entity_id = $1`,
        [String(snap.id)],
      )
    ).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "FREEZE",
      actor_id: bureau.id,
      after: { year: 2017, month: 10, asOf: "2017-10-31" },
    });

    const before = await pageData("bureau", "?month=2017-10");
    const beforeCounty = await pageData("county.yuci", "?month=2017-10");
    const beforeXlsx = await readXlsx(
      await (await download("bureau", "?month=2017-10&format=xlsx")).response!.arrayBuffer(),
    );
    expect(before.frozen).toMatchObject({ by: bureau.displayName });
    expect(before.model).toEqual(snap.data.city);
    expect(beforeCounty.model).toEqual(snap.data.counties[String(yuci)]);
    expect(before.frozenMonths).toEqual([9, 10]);
    expect(before.canFreeze).toBe(false);
    // Δ = this month's frozen value − September's
    const sep = await pageData("bureau", "?month=2017-09");
    expect(before.previous).toEqual({ month: 9, label: "9月冻结数" });
    expect(before.deltas).toEqual(
      before.model.kpis.map((k, i) => ({
        metric: k.metric,
        value: k.value !== null && sep.model.kpis[i].value !== null ? k.value - sep.model.kpis[i].value! : null,
      })),
    );
    expect(sep.deltas).toBeNull();

    // later edits touching October: a bigger contract, a late funding record, a corrected investment, a new
    // milestone, a new October signing in 榆次区
    const oct = before.model.signings[0];
    await sql.query(`UPDATE project SET contract_amount = contract_amount + 12345 WHERE id = $1`, [oct.projectId]);
    await sql.query(
      `INSERT INTO funding_record (project_id, received_on, amount, source) VALUES ($1, '2017-10-20', 54321, '企业自筹')`,
      [oct.projectId],
    );
    await sql.query(
      `UPDATE investment_record SET amount = amount + 777 WHERE id = (
         SELECT i.id FROM investment_record i JOIN project p ON p.id = i.project_id
         WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND i.year = 2017 AND i.month = 10 LIMIT 1)`,
    );
    const late = before.model.lagging.find((l) => l.lateStage === "LAND")!;
    await sql.query(`UPDATE milestone SET actual_on = '2017-10-27' WHERE project_id = $1 AND stage = 'LAND'`, [
      late.projectId,
    ]);
    const spare = (
      await sql.query(
        `SELECT p.id FROM project p WHERE p.county_id = $1 AND p.origin = 'ATTRACTION' AND p.signed_on IS NULL LIMIT 1`,
        [yuci],
      )
    ).rows[0];
    if (spare)
      await sql.query(
        `INSERT INTO milestone (project_id, stage, actual_on) VALUES ($1, 'SIGNED', '2017-10-16') ON CONFLICT (project_id, stage) DO UPDATE SET actual_on = '2017-10-16'`,
        [spare.id],
      );

    // the data did change: a report computed now differs from the frozen one
    const live = await buildMonthlyReport(
      prisma,
      bureau,
      { year: 2017, month: 10 },
      { county: null },
      { today: clockToday(), now: clockNow() },
    );
    expect(live.kpis[0].value).not.toBe(before.model.kpis[0].value);
    expect(live.kpis.find((k) => k.metric === "FUNDING_RATE")!.num).not.toBe(
      before.model.kpis.find((k) => k.metric === "FUNDING_RATE")!.num,
    );
    const liveLate = live.lagging.find((l) => l.projectId === late.projectId);
    expect(liveLate === undefined || liveLate.stage !== late.stage).toBe(true);

    // … but the frozen month, page, county part and download, is exactly as frozen
    const after = await pageData("bureau", "?month=2017-10");
    expect(after.model).toEqual(before.model);
    expect(after.frozen).toEqual(before.frozen);
    expect(after.deltas).toEqual(before.deltas);
    expect((await pageData("county.yuci", "?month=2017-10")).model).toEqual(beforeCounty.model);
    expect(
      await readXlsx(await (await download("bureau", "?month=2017-10&format=xlsx")).response!.arrayBuffer()),
    ).toEqual(beforeXlsx);
    // a month not frozen follows the data
    const nov = await pageData("bureau", "?month=2017-11");
    expect(nov.frozen).toBeNull();
    expect(nov.deltas![0].value).toBe(nov.model.kpis[0].value! - before.model.kpis[0].value!);
  }, 120_000);

  it("re-freezing is refused, also when two people freeze at once", async () => {
    const again = await freeze("admin", "2017-10");
    expect(again.status).toBe(409);
    expect((again.data as { formError: string }).formError).toMatch(
      /^2017年10月通报已于 \d{4}-\d{2}-\d{2} 由.+冻结，不能重复冻结$/,
    );
    const [a, b] = await Promise.all([freeze("bureau", "2017-08"), freeze("admin", "2017-08")]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    expect(
      (await sql.query(`SELECT count(*)::int AS n FROM report_snapshot WHERE year = 2017 AND month = 8`)).rows[0].n,
    ).toBe(1);
    expect((await sql.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'FREEZE'`)).rows[0].n).toBe(3);
  }, 120_000);
});
