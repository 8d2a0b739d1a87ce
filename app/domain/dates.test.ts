import { describe, expect, it } from "vitest";
import { addDays, addMonths, chinaToday, formatChinaDateTime, formatChineseDate, isIsoDate } from "./dates";

describe("dates", () => {
  it("validates calendar dates", () => {
    expect(isIsoDate("2017-02-29")).toBe(false);
    expect(isIsoDate("2016-02-29")).toBe(true);
    expect(isIsoDate("2017-13-01")).toBe(false);
    expect(isIsoDate("2017-1-01")).toBe(false);
  });
  it("adds months clamping to the month end", () => {
    expect(addMonths("2017-01-31", 1)).toBe("2017-02-28");
    expect(addMonths("2016-01-31", 1)).toBe("2016-02-29");
    expect(addMonths("2017-11-15", 3)).toBe("2018-02-15");
    expect(addDays("2017-12-31", 1)).toBe("2018-01-01");
  });
  it("uses China time (UTC+8) for today and timestamps", () => {
    expect(chinaToday(new Date("2017-09-29T16:30:00Z"))).toBe("2017-09-30");
    expect(formatChinaDateTime("2017-09-29T16:30:00Z")).toBe("2017-09-30 00:30");
    expect(formatChineseDate("2017-03-05")).toBe("2017年3月5日");
  });
});
