import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatAmountWithExact,
  formatPercent,
  formatWan,
  formatYi,
  parseWan,
  wanToYiString,
} from "./money";

describe("money formatting (integer 万元 in, 亿元/万元 out)", () => {
  it("rounds to 亿元 half away from zero with integer arithmetic", () => {
    expect(wanToYiString(21_000_000)).toBe("2,100.00");
    expect(wanToYiString(12_345)).toBe("1.23");
    expect(wanToYiString(12_350)).toBe("1.24"); // exactly half rounds up
    expect(wanToYiString(12_349)).toBe("1.23");
    expect(wanToYiString(-12_350)).toBe("-1.24");
    expect(wanToYiString(49)).toBe("0.00");
    expect(wanToYiString(50)).toBe("0.01");
    expect(wanToYiString(0)).toBe("0.00");
    expect(wanToYiString(2_600_000, 1)).toBe("260.0");
    expect(wanToYiString(9_999_999_999, 0)).toBe("1,000,000");
  });

  it("refuses non-integers (money is never a float)", () => {
    expect(() => wanToYiString(1.5)).toThrow();
    expect(() => formatWan(0.1)).toThrow();
  });

  it("formats as officials read amounts", () => {
    expect(formatYi(26_000_000)).toBe("2,600.00亿元");
    expect(formatWan(1_234_567)).toBe("1,234,567万元");
    expect(formatAmount(9_999)).toBe("9,999万元");
    expect(formatAmount(10_000)).toBe("1.00亿元");
  });

  it("percentages guard empty denominators", () => {
    expect(formatPercent(1, 2)).toBe("50.0%");
    expect(formatPercent(2, 3)).toBe("66.7%");
    expect(formatPercent(0, 0)).toBe("—");
  });

  it("parses typed amounts", () => {
    expect(parseWan("1,234")).toBe(1234);
    expect(parseWan(" 5 000 ")).toBe(5000);
    expect(parseWan("12.5")).toBeNull();
    expect(parseWan("abc")).toBeNull();
  });
});

describe("percent formats", () => {
  it("formats percentages and basis points", async () => {
    const { formatPct, formatBasisPoints } = await import("./money");
    expect(formatPct(53.249)).toBe("53.2%");
    expect(formatPct(null)).toBe("—");
    expect(formatPct(Number.NaN)).toBe("—");
    expect(formatBasisPoints(5000)).toBe("50%");
    expect(formatBasisPoints(3250)).toBe("32.5%");
    expect(formatBasisPoints(3333)).toBe("33.33%");
    expect(formatBasisPoints(null)).toBe("—");
  });
});

describe("formatAmountWithExact", () => {
  it("prints an amount under 1亿 once, and one in 亿元 with its exact 万元", () => {
    expect(formatAmountWithExact(5_900)).toBe("5,900万元");
    expect(formatAmountWithExact(59_000)).toBe(`${formatYi(59_000)}（59,000万元）`);
  });
});
