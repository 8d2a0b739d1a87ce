// The 13710 clock with hand-counted Chinese working days (2017 schedule: National Day 10-01…10-08 with 09-30 a
// 调休 working Saturday; New Year 2018: 12-30…01-01; New Year 2017: 12-31…01-02).
import { describe, expect, it } from "vitest";
import {
  clockDeadlines,
  clockState,
  clockText,
  currentStep,
  dueSoonCutoff,
  overdueSteps,
  workingDeadline,
  type ClockFields,
  type SlaPolicy,
} from "./sla13710";
import { libraryKnowsYear, workCalendar } from "./workdays";

const POLICY: SlaPolicy = {
  acceptDays: 1,
  respondDays: 3,
  resolveDays: 7,
  complexDays: 10,
  dueSoonDays: 1,
  autoEscalate: true,
};
const cal = workCalendar();
/** An instant given in China time. */
const cst = (s: string) => new Date(`${s}+08:00`);
/** End of a China calendar day, as UTC ISO (24:00 CST = 16:00 UTC the same date). */
const endOf = (date: string) => new Date(`${date}T16:00:00.000Z`).toISOString();
const iso = (d: ClockFields[keyof Omit<ClockFields, "status">]) => d?.toISOString();

describe("deadlines in Chinese working days", () => {
  it("submitted 2017-09-29, before National Day: the 调休 Saturday 09-30 is day 1, then 10-09 onwards", () => {
    // working days after 09-29: 09-30 (1), 10-09 (2), 10-10 (3), 10-11, 10-12, 10-13, 10-16 (7), 10-17, 10-18, 10-19 (10)
    const start = cst("2017-09-29T10:15:00");
    const d = clockDeadlines(start, false, POLICY, cal);
    expect(iso(d.acceptDueAt)).toBe(endOf("2017-09-30"));
    expect(iso(d.respondDueAt)).toBe(endOf("2017-10-10"));
    expect(iso(d.resolveDueAt)).toBe(endOf("2017-10-16"));
    expect(iso(clockDeadlines(start, true, POLICY, cal).resolveDueAt)).toBe(endOf("2017-10-19"));
  });

  it("submitted during the holiday week counts from the first working day after it", () => {
    const d = clockDeadlines(cst("2017-10-03T09:00:00"), false, POLICY, cal);
    expect(iso(d.acceptDueAt)).toBe(endOf("2017-10-09"));
    expect(iso(d.respondDueAt)).toBe(endOf("2017-10-11"));
    expect(iso(d.resolveDueAt)).toBe(endOf("2017-10-17"));
  });

  it("a Friday-evening submission has all of Monday to be accepted", () => {
    // working days after Fri 2017-11-03: 11-06 (1), 11-07, 11-08 (3), 11-09, 11-10, 11-13, 11-14 (7), 11-15, 11-16, 11-17 (10)
    const d = clockDeadlines(cst("2017-11-03T20:30:00"), false, POLICY, cal);
    expect(iso(d.acceptDueAt)).toBe(endOf("2017-11-06"));
    expect(iso(d.respondDueAt)).toBe(endOf("2017-11-08"));
    expect(iso(d.resolveDueAt)).toBe(endOf("2017-11-14"));
    expect(iso(clockDeadlines(cst("2017-11-03T20:30:00"), true, POLICY, cal).resolveDueAt)).toBe(endOf("2017-11-17"));
  });

  it("uses the China date, not the UTC date: 00:30 Friday CST is still Thursday in UTC", () => {
    expect(workingDeadline(cst("2017-11-02T23:30:00"), 1, cal).toISOString()).toBe(endOf("2017-11-03"));
    expect(workingDeadline(cst("2017-11-03T00:30:00"), 1, cal).toISOString()).toBe(endOf("2017-11-06"));
  });

  it("across New Year 2018: 12-30…01-01 are off, counting resumes on 01-02", () => {
    // after Fri 2017-12-29: 01-02 (1), 01-03, 01-04 (3), 01-05, 01-08, 01-09, 01-10 (7), 01-11, 01-12, 01-15 (10)
    const start = cst("2017-12-29T16:00:00");
    const d = clockDeadlines(start, false, POLICY, cal);
    expect(iso(d.acceptDueAt)).toBe(endOf("2018-01-02"));
    expect(iso(d.respondDueAt)).toBe(endOf("2018-01-04"));
    expect(iso(d.resolveDueAt)).toBe(endOf("2018-01-10"));
    expect(iso(clockDeadlines(start, true, POLICY, cal).resolveDueAt)).toBe(endOf("2018-01-15"));
  });

  it("across New Year 2017, whose holiday Monday 01-02 lies in the new year", () => {
    expect(workingDeadline(cst("2016-12-30T11:00:00"), 1, cal).toISOString()).toBe(endOf("2017-01-03"));
  });

  it("takes the numbers from the policy data", () => {
    const fast: SlaPolicy = { ...POLICY, acceptDays: 2, respondDays: 2, resolveDays: 5, complexDays: 8 };
    const d = clockDeadlines(cst("2017-11-03T20:30:00"), false, fast, cal);
    expect(iso(d.acceptDueAt)).toBe(endOf("2017-11-07"));
    expect(iso(d.respondDueAt)).toBe(endOf("2017-11-07"));
    expect(iso(d.resolveDueAt)).toBe(endOf("2017-11-10"));
  });
});

describe("holiday overrides for years the library does not know", () => {
  it("knows the published years and not the future ones", () => {
    expect(libraryKnowsYear(2017)).toBe(true);
    expect(libraryKnowsYear(2099)).toBe(false);
  });

  it("falls back to Monday–Friday, and an admin override wins", () => {
    // 2099-12-31 is a Thursday; 2100-01-01 a Friday, 2100-01-02 a Saturday.
    const start = cst("2099-12-31T10:00:00");
    expect(workingDeadline(start, 1, cal).toISOString()).toBe(endOf("2100-01-01"));
    const withHoliday = workCalendar([{ date: "2100-01-01", isWorkday: false }]);
    expect(workingDeadline(start, 1, withHoliday).toISOString()).toBe(endOf("2100-01-04"));
    expect(withHoliday.knowsYear(2100)).toBe(true);
    const withMakeUpDay = workCalendar([
      { date: "2100-01-01", isWorkday: false },
      { date: "2100-01-02", isWorkday: true },
    ]);
    expect(workingDeadline(start, 1, withMakeUpDay).toISOString()).toBe(endOf("2100-01-02"));
  });

  it("an override also beats the library in a known year", () => {
    const cal2 = workCalendar([{ date: "2017-09-30", isWorkday: false }]);
    expect(workingDeadline(cst("2017-09-29T10:00:00"), 1, cal2).toISOString()).toBe(endOf("2017-10-09"));
  });
});

describe("clock colour", () => {
  const submitted = (start: string, status: ClockFields["status"] = "SUBMITTED", complex = false): ClockFields => ({
    status,
    ...clockDeadlines(cst(start), complex, POLICY, cal),
  });

  it("before National Day: green on submission day, yellow on the 调休 Saturday, red during the holiday", () => {
    const c = submitted("2017-09-29T10:15:00");
    expect(clockState(c, cst("2017-09-29T15:00:00"), POLICY, cal)).toMatchObject({
      step: "ACCEPT",
      color: "green",
      workingDays: 2,
    });
    const sat = clockState(c, cst("2017-09-30T09:00:00"), POLICY, cal);
    expect(sat).toMatchObject({ color: "yellow", workingDays: 1 });
    expect(clockText(sat, c.status, cst("2017-09-30T09:00:00"))).toBe("受理今日到期");
    const holiday = clockState(c, cst("2017-10-01T10:00:00"), POLICY, cal);
    expect(holiday).toMatchObject({ color: "red", workingDays: 0 });
    expect(clockText(holiday, c.status, cst("2017-10-01T10:00:00"))).toBe("受理已超时");
    const back = clockState(c, cst("2017-10-09T10:00:00"), POLICY, cal);
    expect(clockText(back, c.status, cst("2017-10-09T10:00:00"))).toBe("受理已超时 1 个工作日");
  });

  it("after acceptance on 09-30 the feedback step stays green through the holiday (2 working days left)", () => {
    const c = submitted("2017-09-29T10:15:00", "ACCEPTED");
    expect(clockState(c, cst("2017-10-05T12:00:00"), POLICY, cal)).toMatchObject({
      step: "RESPOND",
      color: "green",
      workingDays: 2,
    });
    expect(clockState(c, cst("2017-10-10T08:00:00"), POLICY, cal)).toMatchObject({ color: "yellow", workingDays: 1 });
    expect(clockState(c, cst("2017-10-11T00:00:00"), POLICY, cal)).toMatchObject({ color: "red" });
  });

  it("Friday evening: green that evening, yellow over the weekend (only Monday left)", () => {
    const c = submitted("2017-11-03T20:30:00");
    expect(clockState(c, cst("2017-11-03T21:00:00"), POLICY, cal).color).toBe("green");
    const sat = clockState(c, cst("2017-11-04T10:00:00"), POLICY, cal);
    expect(sat).toMatchObject({ color: "yellow", workingDays: 1 });
    expect(clockText(sat, c.status, cst("2017-11-04T10:00:00"))).toBe("受理剩余 1 个工作日");
    expect(clockState(c, cst("2017-11-06T23:59:59"), POLICY, cal).color).toBe("yellow");
    expect(clockState(c, cst("2017-11-07T00:00:00"), POLICY, cal).color).toBe("red");
  });

  it("across New Year: resolving step, responded, red after 01-10", () => {
    const c = submitted("2017-12-29T16:00:00", "RESPONDED");
    expect(clockState(c, cst("2018-01-08T10:00:00"), POLICY, cal)).toMatchObject({
      step: "RESOLVE",
      color: "green",
      workingDays: 3,
    });
    expect(clockState(c, cst("2018-01-10T10:00:00"), POLICY, cal).color).toBe("yellow");
    const late = clockState(c, cst("2018-01-12T10:00:00"), POLICY, cal);
    expect(late).toMatchObject({ color: "red", workingDays: 2 });
  });

  it("a resolved or closed issue's clock is stopped", () => {
    const c = submitted("2017-12-29T16:00:00", "RESOLVED");
    const s = clockState(c, cst("2018-03-01T10:00:00"), POLICY, cal);
    expect(s).toMatchObject({ step: null, color: "stopped" });
    expect(clockText(s, "RESOLVED", cst("2018-03-01T10:00:00"))).toBe("已解决待确认");
    expect(clockText(s, "CLOSED", cst("2018-03-01T10:00:00"))).toBe("已办结");
  });

  it("dueSoonCutoff agrees with the colour at every hour around a weekend and a holiday", () => {
    for (const [start, status] of [
      ["2017-11-03T20:30:00", "SUBMITTED"],
      ["2017-09-29T10:15:00", "ACCEPTED"],
      ["2017-12-29T16:00:00", "RESPONDED"],
    ] as const) {
      const c = submitted(start, status);
      const due = clockState(c, cst(start), POLICY, cal).dueAt!;
      for (let h = 0; h < 24 * 20; h++) {
        const now = new Date(cst(start).getTime() + h * 3_600_000);
        for (const dueSoonDays of [0, 1, 2]) {
          const color = clockState(c, now, { dueSoonDays }, cal).color;
          const cutoff = dueSoonCutoff(now, dueSoonDays, cal);
          const inWindow = now < due && due <= cutoff;
          expect(color === "yellow", `${start} +${h}h dueSoonDays=${dueSoonDays}`).toBe(inWindow);
        }
      }
    }
  });
});

describe("steps", () => {
  it("waits for the first step not done; REOPENED starts again at acceptance", () => {
    expect(currentStep("SUBMITTED")).toBe("ACCEPT");
    expect(currentStep("REOPENED")).toBe("ACCEPT");
    expect(currentStep("ACCEPTED")).toBe("RESPOND");
    expect(currentStep("RESPONDED")).toBe("RESOLVE");
    expect(currentStep("RESOLVED")).toBeNull();
    expect(currentStep("CLOSED")).toBeNull();
  });

  it("lists every passed deadline of a step not done", () => {
    const d = clockDeadlines(cst("2017-11-03T20:30:00"), false, POLICY, cal);
    const at = (s: string) => cst(s);
    expect(overdueSteps({ status: "SUBMITTED", ...d }, at("2017-11-06T12:00:00"))).toEqual([]);
    expect(overdueSteps({ status: "SUBMITTED", ...d }, at("2017-11-07T00:00:00"))).toEqual(["ACCEPT"]);
    expect(overdueSteps({ status: "SUBMITTED", ...d }, at("2017-11-09T09:00:00"))).toEqual(["ACCEPT", "RESPOND"]);
    expect(overdueSteps({ status: "ACCEPTED", ...d }, at("2017-11-09T09:00:00"))).toEqual(["RESPOND"]);
    expect(overdueSteps({ status: "RESPONDED", ...d }, at("2017-11-15T09:00:00"))).toEqual(["RESOLVE"]);
    expect(overdueSteps({ status: "RESOLVED", ...d }, at("2017-12-15T09:00:00"))).toEqual([]);
  });
});
