import { describe, expect, it } from "vitest";
import { beijingMinutes, digestWeekDue, firstWorkdayOfWeek, releaseAt, taskReminder } from "./reminders";
import { workCalendar } from "./workdays";

const cal = workCalendar();
const at = (beijing: string) => new Date(`${beijing}+08:00`);

describe("taskReminder", () => {
  it("due today or by the next working day: due soon; the weekend does not count", () => {
    expect(taskReminder("2017-06-14", "2017-06-14", cal)).toBe("DUE_SOON");
    expect(taskReminder("2017-06-15", "2017-06-14", cal)).toBe("DUE_SOON");
    expect(taskReminder("2017-06-16", "2017-06-14", cal)).toBeNull();
    // Friday: the next working day is Monday
    expect(taskReminder("2017-06-19", "2017-06-16", cal)).toBe("DUE_SOON");
    expect(taskReminder("2017-06-20", "2017-06-16", cal)).toBeNull();
  });
  it("overdue within the last week; older ones are not announced again", () => {
    expect(taskReminder("2017-06-13", "2017-06-14", cal)).toBe("OVERDUE");
    expect(taskReminder("2017-06-07", "2017-06-14", cal)).toBe("OVERDUE");
    expect(taskReminder("2017-06-06", "2017-06-14", cal)).toBeNull();
  });
});

describe("the weekly digest", () => {
  it("is due from 08:30 Beijing on the week's first working day", () => {
    expect(digestWeekDue(at("2017-06-12T08:29:59"), "2017-06-12", cal)).toBeNull();
    expect(digestWeekDue(at("2017-06-12T08:30:00"), "2017-06-12", cal)).toBe("2017-06-12");
    expect(digestWeekDue(at("2017-06-13T09:00:00"), "2017-06-13", cal)).toBeNull();
  });
  it("follows the holiday calendar: after New Year's Day it is Tuesday; a week of holidays has none", () => {
    expect(firstWorkdayOfWeek("2017-01-04", cal)).toBe("2017-01-03");
    expect(digestWeekDue(at("2017-01-03T08:30:00"), "2017-01-03", cal)).toBe("2017-01-02");
    expect(digestWeekDue(at("2017-01-02T09:00:00"), "2017-01-02", cal)).toBeNull();
    expect(firstWorkdayOfWeek("2017-10-04", cal)).toBeNull();
  });
  it("reads Beijing minutes", () => {
    expect(beijingMinutes(new Date("2017-06-12T00:30:00Z"))).toBe(8 * 60 + 30);
  });
});

describe("quiet hours 22:00–07:30", () => {
  it("hold a non-urgent message until 07:30; urgent ones and daytime ones go at once", () => {
    expect(releaseAt(at("2017-11-20T21:59:59"), false)).toEqual(at("2017-11-20T21:59:59"));
    expect(releaseAt(at("2017-11-20T22:00:00"), false)).toEqual(at("2017-11-21T07:30:00"));
    expect(releaseAt(at("2017-11-21T03:10:00"), false)).toEqual(at("2017-11-21T07:30:00"));
    expect(releaseAt(at("2017-11-21T07:29:00"), false)).toEqual(at("2017-11-21T07:30:00"));
    expect(releaseAt(at("2017-11-21T07:30:00"), false)).toEqual(at("2017-11-21T07:30:00"));
    expect(releaseAt(at("2017-11-20T23:00:00"), true)).toEqual(at("2017-11-20T23:00:00"));
  });
});
