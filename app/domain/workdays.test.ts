import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { workCalendar, workdaysBetween } from "./workdays";

const cal = workCalendar();

describe("working-day counts", () => {
  it("follows the 2017 holiday schedule (National Day 10-01…10-08 off, Saturday 09-30 worked)", () => {
    expect(workdaysBetween(cal, "2017-09-30", "2017-10-09")).toBe(2);
    expect(workdaysBetween(cal, "2017-10-01", "2017-10-08")).toBe(0);
    // 2017 had 249 working days; New Year 2016-12-31 … 2017-01-02 off
    expect(workdaysBetween(cal, "2017-01-01", "2017-12-31")).toBe(249);
    expect(workdaysBetween(cal, "2016-12-31", "2017-01-03")).toBe(1);
    expect(workdaysBetween(cal, "2017-01-04", "2017-01-03")).toBe(0);
  });

  it("counts across years and overrides exactly as day-by-day", () => {
    const withOverrides = workCalendar([
      { date: "2100-01-01", isWorkday: false },
      { date: "2100-01-02", isWorkday: true },
      { date: "2017-10-09", isWorkday: false },
    ]);
    const slow = (from: string, to: string) => {
      let n = 0;
      for (let d = from; d <= to; d = addDays(d, 1)) if (withOverrides.isWorkday(d)) n++;
      return n;
    };
    for (const [from, to] of [
      ["2016-02-27", "2016-03-02"],
      ["2017-09-25", "2018-02-20"],
      ["2015-06-01", "2019-07-31"],
      ["2099-12-25", "2100-01-10"],
      ["2017-10-09", "2017-10-09"],
    ]) {
      expect(withOverrides.countWorkdays(from, to), `${from}…${to}`).toBe(slow(from, to));
    }
    expect(withOverrides.countWorkdays("2099-12-31", "2100-01-03")).toBe(2); // 12-31 Thu, 01-01 off by override, 01-02 worked, 01-03 Sunday
  });
});
