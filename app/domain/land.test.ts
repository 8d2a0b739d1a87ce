import { describe, expect, it } from "vitest";
import { formatMu, instalmentState, isOverdue, landIssues, muString, parseMu, readInstalments, sumMu } from "./land";

const TODAY = "2017-11-19";

describe("亩 as exact hundredths", () => {
  it("parses and prints without floating point", () => {
    expect(parseMu("52.35")).toBe(5235);
    expect(parseMu("0.1")).toBe(10);
    expect(parseMu("1,200")).toBe(120000);
    expect(parseMu("1.234")).toBeNull();
    expect(parseMu("-1")).toBeNull();
    expect(muString(5235)).toBe("52.35");
    expect(muString(-5)).toBe("-0.05");
    expect(formatMu("52.30")).toBe("52.3 亩");
    expect(formatMu("100.00")).toBe("100 亩");
    expect(sumMu(["0.10", "0.20", "-0.05"])).toBe("0.25");
  });
});

describe("instalments", () => {
  it("overdue = due before today and not paid in full", () => {
    const i = { dueOn: "2017-11-18", amount: 900, paidOn: null, paidAmount: null };
    expect(isOverdue(i, TODAY)).toBe(true);
    expect(isOverdue({ ...i, dueOn: TODAY }, TODAY)).toBe(false);
    expect(instalmentState({ ...i, paidOn: "2017-11-10", paidAmount: 500 }, TODAY)).toBe("overdue");
    expect(instalmentState({ ...i, paidOn: "2017-11-10", paidAmount: 900 }, TODAY)).toBe("paid");
    expect(instalmentState({ ...i, dueOn: "2017-12-01" }, TODAY)).toBe("due");
  });

  it("reads the filled rows, renumbered, with errors by field", () => {
    const r = readInstalments({ due1: "2017-06-01", amt1: "500", due3: "2017-12-01", amt3: "500" }, TODAY);
    expect(r.issues).toEqual([]);
    expect(r.rows.map((x) => [x.seq, x.dueOn, x.amount])).toEqual([
      [1, "2017-06-01", 500],
      [2, "2017-12-01", 500],
    ]);
    const bad = readInstalments(
      { due1: "2017-06-01", amt1: "5.5", paid2: "10", due2: "2017-05-01", amt2: "10" },
      TODAY,
    );
    expect(bad.issues).toEqual(
      expect.arrayContaining([
        { path: "amt1", message: "金额须为整数（万元），不含小数" },
        { path: "paidOn2", message: "填写了实缴金额，请填写缴纳日期" },
      ]),
    );
  });

  it("弹性出让 needs 年限 1–50; the schedule must add up to the price", () => {
    const base = { method: "FLEXIBLE" as const, area: "10", years: "", price: "1000", suppliedOn: "2017-05-01" };
    expect(landIssues(base, {}, TODAY).issues).toEqual([
      { path: "years", message: "弹性出让须填写出让年限（1–50 年）" },
    ]);
    expect(landIssues({ ...base, years: "51" }, {}, TODAY).issues[0].path).toBe("years");
    expect(landIssues({ ...base, years: "30", area: "0" }, {}, TODAY).issues).toEqual([
      { path: "area", message: "面积须大于 0（亩）" },
    ]);
    const sched = { due1: "2017-06-01", amt1: "600", due2: "2018-06-01", amt2: "300" };
    expect(landIssues({ ...base, years: "30" }, sched, TODAY).issues).toEqual([
      { path: "schedule", message: "各期应缴金额合计 900万元，须等于出让金 1,000万元" },
    ]);
    expect(landIssues({ ...base, years: "30" }, { ...sched, amt2: "400" }, TODAY).issues).toEqual([]);
    expect(landIssues({ ...base, years: "30", price: "" }, sched, TODAY).issues).toEqual([
      { path: "price", message: "分期缴纳须填写出让金（万元）" },
    ]);
  });
});
