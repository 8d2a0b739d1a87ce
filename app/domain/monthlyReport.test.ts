import { describe, expect, it } from "vitest";
import { evaluateKpi, EMPTY_AGGREGATES } from "./kpi";
import {
  canFreezeMonth,
  defaultReportMonth,
  formatBp,
  formatCell,
  kpiDeltas,
  parseReportMonth,
  ratio,
  reportPeriod,
  reportSummary,
  reportTables,
  reportTitle,
  resolveReportMonth,
  toReportKpi,
  type MonthlyReport,
  type ReportKpi,
} from "./monthlyReport";

describe("ratio (basis points, exact)", () => {
  it("rounds half away from zero on exact integers", () => {
    expect(ratio(1, 3)).toBe(3333);
    expect(ratio(2, 3)).toBe(6667);
    expect(ratio(1, 8)).toBe(1250);
    expect(ratio(1, 20_000)).toBe(1); // 0.5 bp → 1
    expect(ratio(-1, 20_000)).toBe(-1);
    expect(ratio(7, 0)).toBeNull();
  });
  it("stays exact where a double would not (Σ funding × 10^8)", () => {
    // 123,456,789,012 × 10^8 is past 2^53; 1 / 3 of it in basis points is …3.33 → …3
    expect(ratio(123_456_789_012, 300_000_000_000, 100_000_000)).toBe(41_152_263);
  });
});

describe("formatting cells", () => {
  it("basis points as percentages with two decimals", () => {
    expect(formatBp(5875)).toBe("58.75%");
    expect(formatBp(5)).toBe("0.05%");
    expect(formatBp(10_000)).toBe("100.00%");
    expect(formatBp(-125)).toBe("-1.25%");
  });
  it("every kind of cell", () => {
    expect(formatCell(null)).toBe("—");
    expect(formatCell({ t: "text", v: "榆次区" })).toBe("榆次区");
    expect(formatCell({ t: "wan", v: 20_636_800 })).toBe("20,636,800");
    expect(formatCell({ t: "wan", v: 20_636_800, unit: true })).toBe("20,636,800万元");
    expect(formatCell({ t: "wan", v: 1200, unit: true, signed: true })).toBe("+1,200万元");
    expect(formatCell({ t: "wan", v: -1200, unit: true, signed: true })).toBe("-1,200万元");
    expect(formatCell({ t: "wan", v: 0, signed: true })).toBe("0");
    expect(formatCell({ t: "pp", v: 125 })).toBe("+1.25个百分点");
    expect(formatCell({ t: "pp", v: -30 })).toBe("-0.30个百分点");
    expect(formatCell({ t: "int", v: 1234 })).toBe("1,234");
    expect(formatCell({ t: "int", v: 4, unit: " 个" })).toBe("4 个");
    expect(formatCell({ t: "score", v: 9923 })).toBe("99.23");
    expect(formatCell({ t: "score", v: 7008 })).toBe("70.08");
    expect(formatCell({ t: "date", v: "2017-11-05" })).toBe("2017-11-05");
    expect(formatCell({ t: "rag", v: "red", text: "严重滞后" })).toBe("严重滞后");
  });
});

describe("KPI cards as the report stores them", () => {
  it("an amount: 万元, completion and 序时进度 in basis points", () => {
    // 2017-11-30: day 334 of 365
    const card = evaluateKpi(
      "INFLOW_AMOUNT",
      { ...EMPTY_AGGREGATES, signedAmount: 20_636_800 },
      { INFLOW_AMOUNT: 21_000_000 },
      2017,
      "2017-11-30",
    );
    const k = toReportKpi(card, { elapsed: 334, total: 365 });
    expect(k).toEqual({
      metric: "INFLOW_AMOUNT",
      kind: "amount",
      value: 20_636_800,
      num: null,
      den: null,
      target: 21_000_000,
      completionBp: 9827, // 98.2705 %
      expectedBp: 9151, // 91.5068 %
      rag: "green",
    });
  });
  it("a rate: the exact fraction, the rate and its completion of the target in basis points", () => {
    const card = evaluateKpi(
      "LANDING_RATE",
      { ...EMPTY_AGGREGATES, signedCount: 182, landCount: 100 },
      { LANDING_RATE: 5000 },
      2017,
      "2017-12-31",
    );
    const k = toReportKpi(card, { elapsed: 365, total: 365 });
    expect(k.value).toBe(5495); // 54.945 % → 54.95 %
    expect([k.num, k.den]).toEqual([100, 182]);
    expect(k.completionBp).toBe(10_989); // 54.945 / 50 = 109.89 %
    expect(k.expectedBp).toBe(10_000);
  });
  it("a rate without signed deals or without a target", () => {
    const none = toReportKpi(evaluateKpi("START_RATE", EMPTY_AGGREGATES, { START_RATE: 3000 }, 2017, "2017-01-31"), {
      elapsed: 31,
      total: 365,
    });
    expect([none.value, none.completionBp, none.rag]).toEqual([null, null, "none"]);
    const untargeted = toReportKpi(
      evaluateKpi("INFLOW_AMOUNT", { ...EMPTY_AGGREGATES, signedAmount: 500 }, {}, 2017, "2017-01-31"),
      { elapsed: 31, total: 365 },
    );
    expect([untargeted.value, untargeted.target, untargeted.completionBp]).toEqual([500, null, null]);
  });
});

const kpi = (metric: ReportKpi["metric"], value: number | null, kind: ReportKpi["kind"] = "amount"): ReportKpi => ({
  metric,
  kind,
  value,
  num: null,
  den: null,
  target: null,
  completionBp: null,
  expectedBp: 10_000,
  rag: "none",
});

describe("changes against the previous frozen month", () => {
  it("differences per KPI in 万元 or basis points; none without an earlier frozen month", () => {
    const now = [kpi("INFLOW_AMOUNT", 2_000_000), kpi("LANDING_RATE", 5495, "rate"), kpi("START_RATE", null, "rate")];
    const before = [
      kpi("INFLOW_AMOUNT", 1_800_000),
      kpi("LANDING_RATE", 5520, "rate"),
      kpi("START_RATE", 3000, "rate"),
    ];
    expect(kpiDeltas(now, before)).toEqual([
      { metric: "INFLOW_AMOUNT", value: 200_000 },
      { metric: "LANDING_RATE", value: -25 },
      { metric: "START_RATE", value: null },
    ]);
    expect(kpiDeltas(now, null)).toBeNull();
  });
});

describe("which month", () => {
  it("parses YYYY-MM only", () => {
    expect(parseReportMonth("2017-11")).toEqual({ year: 2017, month: 11 });
    expect(parseReportMonth("2017-13")).toBeNull();
    expect(parseReportMonth("2017-1")).toBeNull();
    expect(parseReportMonth("1999-05")).toBeNull();
    expect(parseReportMonth(null)).toBeNull();
  });
  it("defaults to the last closed month of the latest plan year with targets", () => {
    expect(defaultReportMonth([2017], "2026-11-28")).toEqual({ year: 2017, month: 12 });
    expect(defaultReportMonth([2026, 2017], "2026-11-28")).toEqual({ year: 2026, month: 10 });
    expect(defaultReportMonth([2026], "2026-01-15")).toEqual({ year: 2026, month: 1 });
    // a year set up ahead of time is not opened before it starts
    expect(defaultReportMonth([2027, 2017], "2026-05-01")).toEqual({ year: 2017, month: 12 });
    expect(defaultReportMonth([], "2026-05-03")).toEqual({ year: 2026, month: 4 });
  });
  it("falls back to the default for a malformed or future month, saying so", () => {
    const fallback = { year: 2017, month: 12 };
    expect(resolveReportMonth("2017-11", fallback, "2026-11-28")).toEqual({ year: 2017, month: 11, notice: null });
    expect(resolveReportMonth("2026-11", fallback, "2026-11-28")).toEqual({ year: 2026, month: 11, notice: null });
    expect(resolveReportMonth("2026-12", fallback, "2026-11-28")).toEqual({
      ...fallback,
      notice: "2026年12月尚未开始，已显示默认月份",
    });
    expect(resolveReportMonth("x", fallback, "2026-11-28")).toEqual({
      ...fallback,
      notice: "月份格式不正确，已显示默认月份",
    });
    expect(resolveReportMonth(null, fallback, "2026-11-28")).toEqual({ ...fallback, notice: null });
  });
  it("is as of the month's last day, or today while it runs; frozen only once it has ended", () => {
    expect(reportPeriod({ year: 2017, month: 2 }, "2026-11-28")).toEqual({
      from: "2017-02-01",
      asOf: "2017-02-28",
      complete: true,
    });
    expect(reportPeriod({ year: 2016, month: 2 }, "2026-11-28").asOf).toBe("2016-02-29");
    expect(reportPeriod({ year: 2026, month: 11 }, "2026-11-28")).toEqual({
      from: "2026-11-01",
      asOf: "2026-11-28",
      complete: false,
    });
    expect(canFreezeMonth({ year: 2026, month: 11 }, "2026-11-30")).toBe(false);
    expect(canFreezeMonth({ year: 2026, month: 11 }, "2026-12-01")).toBe(true);
  });
});

function sample(over: Partial<MonthlyReport> = {}): MonthlyReport {
  return {
    version: 1,
    year: 2017,
    month: 11,
    asOf: "2017-11-30",
    complete: true,
    scope: { countyId: null, name: "全市" },
    generatedAt: "2017-12-01T02:00:00.000Z",
    pace: { elapsed: 334, total: 365 },
    kpis: [
      { ...kpi("INFLOW_AMOUNT", 20_636_800), target: 21_000_000, completionBp: 9827, expectedBp: 9151, rag: "green" },
      { ...kpi("LANDING_RATE", 5495, "rate"), num: 100, den: 182, target: 5000, completionBp: 10_989, rag: "green" },
      { ...kpi("START_RATE", null, "rate") },
      { ...kpi("FUNDING_RATE", 2458, "rate"), target: 3000, completionBp: 8193, rag: "yellow" },
      {
        ...kpi("TRANSFORMATION_INVESTMENT", 2_340_000),
        target: 2_600_000,
        completionBp: 9000,
        expectedBp: 9151,
        rag: "green",
      },
    ],
    counties: { rows: [], ranked: 0, total: null },
    signings: [
      {
        projectId: 7,
        code: "P7",
        name: "甲项目",
        county: "榆次区",
        industry: "新材料",
        enterprise: null,
        source: "JINGJINJI",
        signedOn: "2017-11-03",
        contractAmount: 341_800,
        totalInvestment: 400_000,
      },
      {
        projectId: 9,
        code: "P9",
        name: "乙项目",
        county: "祁县",
        industry: "现代农业",
        enterprise: "某公司",
        source: null,
        signedOn: "2017-11-20",
        contractAmount: 43_100,
        totalInvestment: 50_000,
      },
    ],
    milestones: [
      {
        projectId: 7,
        code: "P7",
        name: "甲项目",
        county: "榆次区",
        team: null,
        stage: "LAND",
        actualOn: "2017-11-21",
        evidenceNo: null,
      },
      {
        projectId: 8,
        code: "P8",
        name: "丙项目",
        county: "祁县",
        team: "第1专业化服务小组",
        stage: "STARTED",
        actualOn: "2017-11-25",
        evidenceNo: "SG-1",
      },
    ],
    lagging: [
      {
        projectId: 3,
        code: "P3",
        name: "丁项目",
        county: "祁县",
        team: null,
        officials: "王某、李某",
        isTransformation: true,
        stage: "SIGNED",
        lateStage: "LAND",
        plannedOn: "2017-06-30",
        daysLate: 153,
        level: "red",
      },
    ],
    issues: { rows: [], resolved: 4, onTime: 3, confirmed: 2, satisfied: 1 },
    teams: [
      {
        teamId: 1,
        no: 1,
        name: "第1专业化服务小组",
        leader: "张某",
        projects: 3,
        visits: 2,
        calls: 1,
        meetings: 0,
        tasksDone: 1,
        milestones: 1,
      },
      {
        teamId: 2,
        no: 2,
        name: "第2专业化服务小组",
        leader: null,
        projects: 1,
        visits: 0,
        calls: 0,
        meetings: 0,
        tasksDone: 0,
        milestones: 0,
      },
    ],
    ...over,
  };
}

describe("the report's tables", () => {
  it("KPIs with units, shares, RAG, and a change column only when there is an earlier frozen month", () => {
    const [k] = reportTables(sample());
    expect(k.title).toBe("一、主要指标完成情况");
    expect(k.columns.map((c) => c.header)).toEqual([
      "指标",
      "截至月末完成",
      "年度目标",
      "完成目标",
      "序时进度/应达",
      "状态",
    ]);
    expect(k.rows[0].cells.map(formatCell)).toEqual([
      "引资总额",
      "20,636,800万元",
      "21,000,000万元",
      "98.27%",
      "91.51%",
      "进度正常",
    ]);
    expect(k.rows[2].cells.map(formatCell)).toEqual(["签约项目开工率", "—", "—", "—", "100.00%", "暂无数据"]);
    expect(k.rows[3].cells.map(formatCell).at(-1)).toBe("低于目标");
    const withDelta = reportTables(
      sample(),
      [
        { metric: "INFLOW_AMOUNT", value: 449_900 },
        { metric: "LANDING_RATE", value: -25 },
      ],
      "10月冻结数",
    )[0];
    expect(withDelta.columns.at(-1)!.header).toBe("较10月冻结数");
    expect(withDelta.rows[0].cells.map(formatCell).at(-1)).toBe("+449,900万元");
    expect(withDelta.rows[1].cells.map(formatCell).at(-1)).toBe("-0.25个百分点");
    expect(withDelta.rows[2].cells.map(formatCell).at(-1)).toBe("—");
  });
  it("signings with a total row; milestones counted by stage; lagging; teams with totals and idle teams", () => {
    const t = Object.fromEntries(reportTables(sample()).map((x) => [x.key, x]));
    expect(t.signings.lead).toBe("本月新签约招商引资项目 2 个，签约额 384,900 万元。");
    expect(t.signings.rows[0].href).toBe("/projects/7");
    expect(t.signings.rows[0].cells.map(formatCell)).toEqual([
      "2017-11-03",
      "甲项目",
      "榆次区",
      "新材料",
      "—",
      "京津冀",
      "341,800",
    ]);
    expect(t.signings.rows.at(-1)).toMatchObject({ total: true });
    expect(t.signings.rows.at(-1)!.cells.map(formatCell)).toEqual(["合计", "2 个", "—", "—", "—", "—", "384,900"]);
    expect(t.milestones.lead).toBe(
      "本月达到的项目节点：落地（供地） 1 个、资金到位 0 个、开工 1 个、竣工投产 0 个（签约项目见上节）。",
    );
    expect(t.lagging.rows[0].cells.map(formatCell)).toEqual([
      "丁项目（转型）",
      "祁县",
      "已签约",
      "落地（供地）",
      "2017-06-30",
      "153",
      "严重滞后",
      "王某、李某",
      "—",
    ]);
    expect(t.lagging.lead).toBe(
      "年度计划项目中滞后 1 个，其中严重滞后（计划节点逾期 3 个月以上）1 个、滞后（逾期 1–3 个月）0 个。",
    );
    expect(t.issues.rows).toEqual([]);
    expect(t.issues.empty).toBe("本月没有需市级或省级协调的问题。");
    expect(t.issues.lead).toContain(
      "本月办结 4 件，按时办结 3 件（按时办结率 75.00%），企业确认 2 件，满意 1 件（满意率 50.00%）",
    );
    expect(t.teams.rows.at(-1)!.cells.map(formatCell)).toEqual(["合计", "—", "4", "2", "1", "0", "1", "1"]);
    expect(t.teams.lead).toBe(
      "2 个服务小组本月走访 2 次、电话 1 次、会议 0 次，办结代办事项 1 件，服务项目达到节点 1 个；1 个小组本月无工作记录。",
    );
  });
  it("titles and the summary name the scope", () => {
    expect(reportTitle(sample())).toBe("晋中市2017年11月招商引资与转型项目推进情况通报");
    const county = sample({ scope: { countyId: 3, name: "祁县" } });
    expect(reportTitle(county)).toBe("祁县2017年11月招商引资与转型项目推进情况通报");
    expect(reportTables(county)[1].title).toBe("二、推进情况及考核排名");
    expect(reportSummary(sample())).toBe(
      "截至2017年11月30日（序时进度 91.51%），全市引资总额 2,063.68亿元，完成年度目标的 98.27%；签约项目落地率 54.95%、开工率 —，资金到位率 24.58%；转型项目完成投资 234.00亿元，完成年度目标的 90.00%。本月新签约项目 2 个、签约额 384,900 万元，2 个项目节点取得进展；滞后项目 1 个（严重滞后 1 个）；需市级/省级协调问题 0 件。",
    );
  });
});
