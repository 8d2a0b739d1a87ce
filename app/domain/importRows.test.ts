import { describe, expect, it } from "vitest";
import { makeCreditCode } from "./creditCode";
import {
  duplicateCodeErrors,
  guardFormula,
  mapHeaders,
  parseAmount,
  parseBool,
  parseDate,
  parseLandArea,
  prepareContext,
  unguardFormula,
  validateRow,
  type Cell,
  type ImportContext,
} from "./importRows";
import { KIND_SPECS } from "./importSpec";
import { LAND_SUPPLY_METHODS } from "./labels";

const CODE = makeCreditCode("91", "140700", "MA0GRXKL1");
const base: ImportContext = {
  kind: "projects",
  counties: [
    { id: 1, code: "140702", name: "榆次区" },
    { id: 11, code: "140781", name: "介休市" },
  ],
  industries: [{ id: 3, code: "EQUIP", name: "新能源汽车及装备制造" }],
  today: "2017-12-31",
  onlyCountyId: null,
  source: "csv",
};
const ctx = prepareContext(base);
const projectHeaders = KIND_SPECS.projects.columns.map((c) => c.header);

/** A row in template column order from a partial object keyed by header. */
function row(values: Record<string, Cell>, headers = projectHeaders): Cell[] {
  return headers.map((h) => values[h] ?? null);
}
const good = {
  项目编号: "imp-001",
  项目名称: "晋中智能装备产业园",
  "县（区、市）": "榆次区",
  产业: "EQUIP",
  项目来源: "招商引资签约",
  投资企业: "晋中智能装备有限公司",
  统一社会信用代码: CODE,
  来源地区: "京津冀",
  招商方式: "精准招商",
  "总投资（万元）": "120,000",
  "签约额（万元）": 100000,
  "年度计划投资（万元）": "",
  计划年度: 2017,
  转型项目: "是",
  项目库: "预备项目库",
  "用地面积（亩）": "120.5",
  供地方式: "弹性出让",
  "出让年限（年）": 30,
  签约日期: "2017/3/5",
  "落地（供地）日期": "2017年5月20日",
};

describe("header row", () => {
  it("maps template headers, aliases and marks; ignores export-only columns", () => {
    const h = mapHeaders(["项目名称*", "县区", "产业", "项目来源", "总投资(万元)", "计划年度", "当前阶段"], "projects");
    expect(h.keys).toEqual(["name", "county", "industry", "origin", "totalInvestment", "planYear", null]);
    expect(h.ignored).toEqual(["当前阶段"]);
    expect(h.errors).toEqual([]);
  });
  it("reports each missing required column and a repeated column on row 1", () => {
    const h = mapHeaders(["项目名称", "县区", "县（区、市）"], "projects");
    expect(h.errors).toEqual([
      { row: 1, column: "县（区、市）", message: "与“县区”列重复，请只保留一列" },
      { row: 1, column: "产业", message: "缺少必填列，请使用导入模板的表头" },
      { row: 1, column: "项目来源", message: "缺少必填列，请使用导入模板的表头" },
      { row: 1, column: "总投资（万元）", message: "缺少必填列，请使用导入模板的表头" },
      { row: 1, column: "计划年度", message: "缺少必填列，请使用导入模板的表头" },
    ]);
  });
});

describe("cell parsers", () => {
  it("amounts are integer 万元 ≥ 0", () => {
    expect(parseAmount("1,234")).toEqual({ ok: true, value: 1234 });
    expect(parseAmount(" 56万元 ")).toEqual({ ok: true, value: 56 });
    expect(parseAmount(0)).toEqual({ ok: true, value: 0 });
    expect(parseAmount("")).toEqual({ ok: true, value: null });
    expect(parseAmount("1234.00")).toEqual({ ok: true, value: 1234 });
    expect(parseAmount(12.5)).toMatchObject({ ok: false, message: "“12.5”有小数，金额须为整数万元" });
    expect(parseAmount("-3")).toMatchObject({ ok: false, message: "金额不能为负数" });
    expect(parseAmount("一亿")).toMatchObject({ ok: false, message: "“一亿”不是数字，请填写整数万元" });
    expect(parseAmount(3_000_000_000)).toMatchObject({ ok: false });
  });
  it("dates in the usual Chinese spellings, Excel serials only from XLSX", () => {
    expect(parseDate("2017-3-5", "csv")).toEqual({ ok: true, value: "2017-03-05" });
    expect(parseDate("2017/03/05", "csv")).toEqual({ ok: true, value: "2017-03-05" });
    expect(parseDate("2017.3.5", "csv")).toEqual({ ok: true, value: "2017-03-05" });
    expect(parseDate("2017年3月5日", "csv")).toEqual({ ok: true, value: "2017-03-05" });
    expect(parseDate("20170305", "csv")).toEqual({ ok: true, value: "2017-03-05" });
    expect(parseDate(new Date(Date.UTC(2017, 2, 5)), "xlsx")).toEqual({ ok: true, value: "2017-03-05" });
    // 42799 days after 1899-12-30 is 2017-03-05
    expect(parseDate(42799, "xlsx")).toEqual({ ok: true, value: "2017-03-05" });
    expect(parseDate(42799, "csv")).toMatchObject({ ok: false });
    expect(parseDate("2017-02-30", "csv")).toMatchObject({ ok: false, message: "“2017-02-30”不是有效日期" });
    expect(parseDate("明年", "csv")).toMatchObject({
      ok: false,
      message: "“明年”不是日期，请按 2017-03-15 的格式填写",
    });
  });
  it("yes/no and land area", () => {
    expect(parseBool("是")).toEqual({ ok: true, value: true });
    expect(parseBool("否")).toEqual({ ok: true, value: false });
    expect(parseBool(true)).toEqual({ ok: true, value: true });
    expect(parseBool("也许")).toMatchObject({ ok: false });
    expect(parseLandArea("120.5")).toEqual({ ok: true, value: "120.50" });
    expect(parseLandArea(80)).toEqual({ ok: true, value: "80.00" });
    expect(parseLandArea(0.35)).toEqual({ ok: true, value: "0.35" });
    expect(parseLandArea("1.234")).toMatchObject({ ok: false });
  });
  it("the CSV formula guard round-trips", () => {
    expect(guardFormula("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(guardFormula("-5")).toBe("-5");
    expect(guardFormula("普通文本")).toBe("普通文本");
    expect(unguardFormula(guardFormula("@cmd"))).toBe("@cmd");
    expect(unguardFormula("'普通")).toBe("'普通");
  });
});

describe("a project row", () => {
  const header = mapHeaders(projectHeaders, "projects");

  it("turns a good row into typed values", () => {
    const r = validateRow(row(good), 2, header, ctx);
    expect(r.errors).toEqual([]);
    expect(r.row).toEqual({
      rowNo: 2,
      code: "IMP-001",
      name: "晋中智能装备产业园",
      countyId: 1,
      industryId: 3,
      origin: "ATTRACTION",
      enterpriseName: "晋中智能装备有限公司",
      creditCode: CODE,
      sourceRegion: "JINGJINJI",
      attractionMethod: "PRECISION",
      totalInvestment: 120000,
      contractAmount: 100000,
      annualPlanInvestment: 0,
      planYear: 2017,
      isTransformation: true,
      pool: "RESERVE",
      constructionContent: null,
      landArea: "120.50",
      landSupplyMethod: "弹性出让",
      landTermYears: 30,
      landPremiumInstalments: false,
      milestones: { SIGNED: "2017-03-05", LAND: "2017-05-20" },
    });
  });

  it("accepts every 供地方式 the project form offers (one list, 存量用地 included)", () => {
    expect(LAND_SUPPLY_METHODS).toContain("存量用地");
    for (const method of LAND_SUPPLY_METHODS) {
      const r = validateRow(row({ ...good, 供地方式: method }), 2, header, ctx);
      expect(r.errors, method).toEqual([]);
      expect(r.row?.landSupplyMethod).toBe(method);
    }
  });

  it("names the row, the column and the problem for every bad cell", () => {
    const bad = {
      ...good,
      "县（区、市）": "晋城市",
      产业: "",
      统一社会信用代码: `${CODE.slice(0, 17)}${CODE[17] === "0" ? "1" : "0"}`,
      "总投资（万元）": "12.5",
      计划年度: "17",
      "出让年限（年）": 99,
      资金到位日期: "2017-06-01",
      开工日期: "2017-05-01",
    };
    const r = validateRow(row(bad), 7, header, ctx);
    expect(r.row).toBeNull();
    expect(r.errors).toEqual([
      {
        row: 7,
        column: "县（区、市）",
        message: "“晋城市”不是本市的县（区、市）或开发区，请填写名称（如 榆次区）或区划代码",
      },
      { row: 7, column: "产业", message: "必填，不能为空" },
      {
        row: 7,
        column: "统一社会信用代码",
        message: `统一社会信用代码校验位不正确，请核对（“${bad.统一社会信用代码}”）`,
      },
      { row: 7, column: "总投资（万元）", message: "“12.5”有小数，金额须为整数万元" },
      { row: 7, column: "计划年度", message: "“17”不是四位年份" },
      { row: 7, column: "出让年限（年）", message: "出让年限须在 1–70 年之间" },
      { row: 7, column: "开工日期", message: "开工日期不能早于资金到位日期（2017-06-01）" },
    ]);
  });

  it("stage order: a later stage needs the earlier one, and no date in the future", () => {
    const gap = validateRow(row({ ...good, "落地（供地）日期": "", 开工日期: "2017-08-01" }), 3, header, ctx);
    expect(gap.errors).toEqual([
      { row: 3, column: "开工日期", message: "已填写开工日期，但缺少资金到位日期（各阶段须依次达到）" },
    ]);
    const future = validateRow(row({ ...good, "落地（供地）日期": "2018-01-02" }), 4, header, ctx);
    expect(future.errors).toEqual([
      { row: 4, column: "落地（供地）日期", message: "实际日期不能晚于今天（2017-12-31）" },
    ]);
  });

  it("an enterprise needs its credit code; a local project has no contracted amount", () => {
    const r = validateRow(row({ ...good, 统一社会信用代码: "", 项目来源: "本地投资/技改" }), 5, header, ctx);
    expect(r.errors).toEqual([
      { row: 5, column: "统一社会信用代码", message: "填写了投资企业时须填写统一社会信用代码" },
      { row: 5, column: "签约额（万元）", message: "本地投资/技改项目没有签约额，请填 0 或留空" },
    ]);
  });

  it("a county official may only import its own county's rows", () => {
    const mine = prepareContext({ ...base, onlyCountyId: 11 });
    expect(validateRow(row(good), 2, header, mine).errors).toEqual([
      { row: 2, column: "县（区、市）", message: "只能导入本县（区、市）的项目，不能导入“榆次区”的项目" },
    ]);
    expect(validateRow(row({ ...good, "县（区、市）": "140781" }), 2, header, mine).row?.countyId).toBe(11);
  });

  it("duplicate codes inside the file point at the first occurrence", () => {
    const a = validateRow(row(good), 2, header, ctx).row!;
    const b = validateRow(row({ ...good, 项目编号: "IMP-001" }), 9, header, ctx).row!;
    expect(duplicateCodeErrors([a, b], header)).toEqual([
      { row: 9, column: "项目编号", message: "项目编号“IMP-001”与第 2 行重复" },
    ]);
  });
});

describe("a signed-deal row", () => {
  const dealHeaders = KIND_SPECS.deals.columns.map((c) => c.header);
  const header = mapHeaders(dealHeaders, "deals");
  const deal = {
    项目名称: "京津冀精密铸造项目",
    "县（区、市）": "介休市",
    产业: "新能源汽车及装备制造",
    投资企业: "京津精密铸造有限公司",
    统一社会信用代码: CODE,
    来源地区: "天津",
    招商方式: "以商招商",
    "签约额（万元）": 35000,
    签约日期: "2017-04-18",
  };
  it("is a 招商引资 project in the signing year's plan, total = contracted amount by default", () => {
    const r = validateRow(row(deal, dealHeaders), 2, header, prepareContext({ ...base, kind: "deals" }));
    expect(r.errors).toEqual([]);
    expect(r.row).toMatchObject({
      origin: "ATTRACTION",
      sourceRegion: "TIANJIN",
      attractionMethod: "BUSINESS_REFERRAL",
      contractAmount: 35000,
      totalInvestment: 35000,
      planYear: 2017,
      pool: "ACTIVE",
      isTransformation: false,
      milestones: { SIGNED: "2017-04-18" },
    });
  });
  it("requires the signing date and the enterprise", () => {
    const r = validateRow(
      row({ ...deal, 签约日期: "", 投资企业: "" }, dealHeaders),
      3,
      header,
      prepareContext({ ...base, kind: "deals" }),
    );
    expect(r.errors).toEqual([
      { row: 3, column: "投资企业", message: "必填，不能为空" },
      { row: 3, column: "签约日期", message: "必填，不能为空" },
    ]);
  });
});
