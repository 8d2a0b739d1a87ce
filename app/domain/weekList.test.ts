import { describe, expect, it } from "vitest";
import { dueLabel, dueState, weekOf } from "./weekList";

describe("weekOf", () => {
  it("runs Monday to Sunday", () => {
    // 2017-08-16 was a Wednesday
    expect(weekOf("2017-08-16")).toEqual({ start: "2017-08-14", end: "2017-08-20" });
    expect(weekOf("2017-08-14")).toEqual({ start: "2017-08-14", end: "2017-08-20" });
    // a Sunday belongs to the week that began the Monday before
    expect(weekOf("2017-08-20")).toEqual({ start: "2017-08-14", end: "2017-08-20" });
    // across a month and year end: 2017-12-31 was a Sunday
    expect(weekOf("2018-01-01")).toEqual({ start: "2018-01-01", end: "2018-01-07" });
    expect(weekOf("2017-12-31")).toEqual({ start: "2017-12-25", end: "2017-12-31" });
  });
});

describe("dueState", () => {
  it("counts days overdue or left", () => {
    expect(dueState("2017-08-10", "2017-08-16")).toEqual({ kind: "overdue", days: 6 });
    expect(dueState("2017-08-16", "2017-08-16")).toEqual({ kind: "today" });
    expect(dueState("2017-08-18", "2017-08-16")).toEqual({ kind: "thisWeek", days: 2 });
    expect(dueLabel(dueState("2017-07-16", "2017-08-16"))).toBe("逾期 31 天");
    expect(dueLabel({ kind: "today" })).toBe("今天到期");
  });
});
