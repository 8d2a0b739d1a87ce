import { describe, expect, it } from "vitest";
import { parseWith } from "~/utils/form.server";
import {
  bpToPercentInput,
  checkSplit,
  gridCells,
  parsePercentToBp,
  targetGridSchema,
  type TargetGrid,
} from "./targets";

describe("target split check", () => {
  const grid: TargetGrid = new Map<"city" | number, Record<string, number>>([
    ["city", { INFLOW_AMOUNT: 1000, TRANSFORMATION_INVESTMENT: 500, LANDING_RATE: 5000, START_RATE: 3000 }],
    [1, { INFLOW_AMOUNT: 600, TRANSFORMATION_INVESTMENT: 200, LANDING_RATE: 4500, START_RATE: 3000 }],
    [2, { INFLOW_AMOUNT: 400, TRANSFORMATION_INVESTMENT: 250, LANDING_RATE: 5500 }],
  ]);
  const c = checkSplit(grid, [1, 2]);
  it("accepts an amount split that adds up exactly", () => {
    expect(c.INFLOW_AMOUNT).toMatchObject({ city: 1000, countySum: 1000, diff: 0, missing: [], ok: true });
  });
  it("flags an amount split that does not add up, with the difference", () => {
    expect(c.TRANSFORMATION_INVESTMENT).toMatchObject({ countySum: 450, diff: -50, ok: false });
  });
  it("flags counties without a value, and points out rates below the city's", () => {
    expect(c.START_RATE).toMatchObject({ missing: [2], ok: false });
    expect(c.LANDING_RATE).toMatchObject({ belowCity: [1], ok: true });
    expect(c.FUNDING_RATE).toMatchObject({ city: null, missing: [1, 2], ok: false });
  });
});

describe("target grid input", () => {
  it("parses percentages to basis points exactly", () => {
    expect(parsePercentToBp("50")).toBe(5000);
    expect(parsePercentToBp("32.5")).toBe(3250);
    expect(parsePercentToBp("33.33%")).toBe(3333);
    expect(parsePercentToBp("100")).toBe(10000);
    expect(parsePercentToBp("100.5")).toBeNull();
    expect(parsePercentToBp("1.234")).toBeNull();
    expect(parsePercentToBp("-1")).toBeNull();
    expect(bpToPercentInput(3250)).toBe("32.5");
    expect(bpToPercentInput(3333)).toBe("33.33");
    expect(bpToPercentInput(5000)).toBe("50");
  });
  it("validates each cell with a Chinese message and returns the cells", () => {
    const schema = targetGridSchema([7]);
    const bad = parseWith(schema, { t_city_INFLOW_AMOUNT: "12.5", t_7_LANDING_RATE: "120" });
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.fieldErrors).toEqual({
      t_city_INFLOW_AMOUNT: "请填写以万元为单位的非负整数",
      t_7_LANDING_RATE: "请填写 0–100 之间的百分数，最多两位小数",
    });
    const ok = parseWith(schema, {
      t_city_INFLOW_AMOUNT: "21,000,000",
      v_city_INFLOW_AMOUNT: "3",
      t_7_LANDING_RATE: "45",
      t_7_START_RATE: "",
    });
    expect(ok.success).toBe(true);
    if (!ok.success) return;
    const cells = gridCells(ok.data as Record<string, number | null>, [7]);
    expect(cells).toHaveLength(10);
    expect(cells[0]).toEqual({ countyId: null, metric: "INFLOW_AMOUNT", value: 21_000_000, version: 3 });
    expect(cells.find((x) => x.countyId === 7 && x.metric === "LANDING_RATE")).toEqual({
      countyId: 7,
      metric: "LANDING_RATE",
      value: 4500,
      version: null,
    });
    expect(cells.find((x) => x.countyId === 7 && x.metric === "START_RATE")?.value).toBeNull();
  });
});
