import { describe, expect, it } from "vitest";
import { mapPolicyHeaders, policiesFromSheet } from "./policyImport";

const counties = [
  { id: 1, name: "榆次区" },
  { id: 2, name: "太谷县" },
];
const ctx = { counties, onlyCountyId: null, source: "xlsx" as const };
const head = { rowNo: 1, cells: ["适用县区", "类别", "政策名称", "政策内容", "生效日期", "失效日期"] };

describe("policy import rows", () => {
  it("maps headers written with spaces, aliases and half-width brackets; says which required column is missing", () => {
    expect(mapPolicyHeaders([" 县区 ", "政策类别", "名称", "内容", "起始日期"]).errors).toEqual([]);
    expect(mapPolicyHeaders(["适用县区", "类别"]).errors.map((e) => e.column)).toEqual([
      "政策名称",
      "政策内容",
      "生效日期",
    ]);
  });

  it("turns rows into policy values: 市级 is the city, Excel date serials and 2017年3月1日 are dates", () => {
    const out = policiesFromSheet(
      [
        head,
        { rowNo: 2, cells: ["市级", "基金", "转型基金", "内容", 42736, null] },
        { rowNo: 3, cells: [null, null, null, null, null, null] },
        { rowNo: 4, cells: ["太谷县", "土地", "弹性出让", "内容", "2017年3月1日", "2020-12-31"] },
      ],
      ctx,
    );
    expect(out.errors).toEqual([]);
    expect(out.policies).toEqual([
      { county: null, category: "基金", title: "转型基金", content: "内容", validFrom: "2017-01-01", validTo: null },
      {
        county: 2,
        category: "土地",
        title: "弹性出让",
        content: "内容",
        validFrom: "2017-03-01",
        validTo: "2020-12-31",
      },
    ]);
  });

  it("one bad row fails the file; the same policy twice in one file is a repeat", () => {
    const out = policiesFromSheet(
      [
        head,
        { rowNo: 2, cells: ["榆次区", "电价", "电价补贴", "内容", "2017-01-01", null] },
        { rowNo: 3, cells: ["榆次区", "电价", "电价补贴", "内容", "2017-01-01", null] },
      ],
      ctx,
    );
    expect(out.policies).toEqual([]);
    expect(out.errors).toEqual([{ row: 3, column: "政策名称", message: "与第 2 行的政策重复" }]);
  });

  it("a county account's rows must be its own county's", () => {
    const out = policiesFromSheet([head, { rowNo: 2, cells: ["市级", "电价", "x", "内容", "2017-01-01", null] }], {
      ...ctx,
      onlyCountyId: 1,
    });
    expect(out.errors).toEqual([{ row: 2, column: "适用县区", message: "县区账号只能导入本县（区、市）的优惠政策" }]);
  });
});
