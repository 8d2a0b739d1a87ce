import { describe, expect, it } from "vitest";
import { formatDeadline } from "./deadlineFormat";

describe("formatDeadline", () => {
  it("shows the end of a China day as that day's 24:00 with the weekday", () => {
    expect(formatDeadline(new Date("2017-10-16T16:00:00.000Z"))).toBe("2017年10月16日（周一）24:00");
    expect(formatDeadline("2017-12-31T16:00:00.000Z")).toBe("2017年12月31日（周日）24:00");
    expect(formatDeadline("2026-12-14T16:00:00.000Z", 2026)).toBe("12月14日（周一）24:00");
  });
  it("shows a due date (calendar day) as the end of that day", () => {
    expect(formatDeadline("2026-12-15", 2026)).toBe("12月15日（周二）24:00");
  });
  it("shows other instants as China time, and a dash for none", () => {
    expect(formatDeadline("2017-10-16T02:30:00.000Z", 2017)).toBe("10月16日（周一）10:30");
    expect(formatDeadline(null)).toBe("—");
    expect(formatDeadline("not a date")).toBe("—");
  });
  it("leaves the year out only in the current year", () => {
    expect(formatDeadline("2017-10-16T16:00:00.000Z", 2026)).toBe("2017年10月16日（周一）24:00");
    expect(formatDeadline("2017-12-31", 2018)).toBe("2017年12月31日（周日）24:00");
  });
});
