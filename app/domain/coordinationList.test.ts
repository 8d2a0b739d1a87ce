import { describe, expect, it } from "vitest";
import {
  averageScore,
  coordinationLevelDuring,
  levelSpans,
  monthOf,
  monthRates,
  resolvedOnTime,
  monthWindow,
  parseMonth,
  shiftMonth,
  totalRates,
  type LevelEvent,
} from "./coordinationList";

const cst = (s: string) => new Date(`${s}+08:00`);
const ev = (kind: LevelEvent["kind"], at: string, toLevel: LevelEvent["toLevel"] = null): LevelEvent => ({
  kind,
  at: cst(at),
  toLevel,
});

describe("months in China time", () => {
  it("November 2017 runs from 11-01 00:00 to 12-01 00:00 China time", () => {
    const w = parseMonth("2017-11")!;
    expect(w.start.toISOString()).toBe("2017-10-31T16:00:00.000Z");
    expect(w.end.toISOString()).toBe("2017-11-30T16:00:00.000Z");
    expect(w.key).toBe("2017-11");
  });
  it("rejects malformed months", () => {
    for (const s of ["2017-13", "2017-1", "17-11", "", null, "2017-11-01", "1999-12"]) expect(parseMonth(s)).toBeNull();
  });
  it("an instant's month is its China month; months shift across years", () => {
    expect(monthOf(new Date("2017-11-30T16:30:00Z")).key).toBe("2017-12");
    expect(shiftMonth(monthWindow(2017, 1), -1).key).toBe("2016-12");
    expect(shiftMonth(monthWindow(2017, 12), 1).key).toBe("2018-01");
  });
});

describe("level spans from the timeline", () => {
  it("follows escalations and returns, and stops at closing", () => {
    const events = [
      ev("SUBMITTED", "2017-10-20T09:00:00", "TEAM"),
      ev("ACCEPTED", "2017-10-20T10:00:00"),
      ev("ESCALATED", "2017-10-25T09:00:00", "COUNTY"),
      ev("ESCALATED", "2017-10-30T09:00:00", "CITY"),
      ev("RETURNED", "2017-11-03T09:00:00", "COUNTY"),
      ev("RESOLVED", "2017-11-06T09:00:00"),
      ev("CONFIRMED", "2017-11-07T09:00:00"),
    ];
    expect(
      levelSpans(events, cst("2017-12-31T00:00:00")).map((s) => [s.level, s.from.toISOString(), s.to.toISOString()]),
    ).toEqual([
      ["TEAM", cst("2017-10-20T09:00:00").toISOString(), cst("2017-10-25T09:00:00").toISOString()],
      ["COUNTY", cst("2017-10-25T09:00:00").toISOString(), cst("2017-10-30T09:00:00").toISOString()],
      ["CITY", cst("2017-10-30T09:00:00").toISOString(), cst("2017-11-03T09:00:00").toISOString()],
      ["COUNTY", cst("2017-11-03T09:00:00").toISOString(), cst("2017-11-07T09:00:00").toISOString()],
    ]);
  });

  it("a closed issue reopened later is open again at its level", () => {
    const events = [
      ev("SUBMITTED", "2017-09-01T09:00:00", "CITY"),
      ev("CONFIRMED", "2017-09-10T09:00:00"),
      ev("REOPENED", "2017-11-02T09:00:00"),
    ];
    const spans = levelSpans(events, cst("2017-11-30T00:00:00"));
    expect(spans.map((s) => s.level)).toEqual(["CITY", "CITY"]);
    expect(spans[1].from).toEqual(cst("2017-11-02T09:00:00"));
  });
});

describe("who is on the month's list", () => {
  const nov = parseMonth("2017-11")!;
  const now = cst("2018-01-15T00:00:00");

  it("an issue escalated to the city in October and still open is on November's list", () => {
    const e = [ev("SUBMITTED", "2017-10-02T09:00:00", "COUNTY"), ev("ESCALATED", "2017-10-20T09:00:00", "CITY")];
    expect(coordinationLevelDuring(e, nov.start, nov.end, now)).toBe("CITY");
  });

  it("reports PROVINCE over CITY when both happened in the month", () => {
    const e = [ev("SUBMITTED", "2017-11-02T09:00:00", "CITY"), ev("ESCALATED", "2017-11-20T09:00:00", "PROVINCE")];
    expect(coordinationLevelDuring(e, nov.start, nov.end, now)).toBe("PROVINCE");
  });

  it("not when it was closed before the month, returned before it, or reached the city after it", () => {
    const closed = [ev("SUBMITTED", "2017-10-02T09:00:00", "CITY"), ev("CONFIRMED", "2017-10-31T23:00:00")];
    expect(coordinationLevelDuring(closed, nov.start, nov.end, now)).toBeNull();
    const returned = [ev("SUBMITTED", "2017-10-02T09:00:00", "CITY"), ev("RETURNED", "2017-10-15T09:00:00", "COUNTY")];
    expect(coordinationLevelDuring(returned, nov.start, nov.end, now)).toBeNull();
    const later = [ev("SUBMITTED", "2017-11-25T09:00:00", "COUNTY"), ev("ESCALATED", "2017-12-01T00:00:00", "CITY")];
    expect(coordinationLevelDuring(later, nov.start, nov.end, now)).toBeNull();
    const county = [ev("SUBMITTED", "2017-11-02T09:00:00", "COUNTY")];
    expect(coordinationLevelDuring(county, nov.start, nov.end, now)).toBeNull();
  });

  it("the current month only counts up to now", () => {
    const e = [ev("SUBMITTED", "2017-11-20T09:00:00", "CITY")];
    expect(coordinationLevelDuring(e, nov.start, nov.end, cst("2017-11-10T00:00:00"))).toBeNull();
    expect(coordinationLevelDuring(e, nov.start, nov.end, cst("2017-11-21T00:00:00"))).toBe("CITY");
  });
});

describe("the month's rates", () => {
  const nov = parseMonth("2017-11")!;
  const row = (
    groupKey: string,
    resolvedAt: string | null,
    dueAt: string | null,
    closedAt: string | null,
    satisfaction: number | null,
  ) => ({
    groupKey,
    groupName: `县${groupKey}`,
    acceptDueAt: null,
    respondDueAt: null,
    acceptedAt: null,
    firstRespondedAt: null,
    resolvedAt: resolvedAt ? cst(resolvedAt) : null,
    resolveDueAt: dueAt ? cst(dueAt) : null,
    closedAt: closedAt ? cst(closedAt) : null,
    satisfaction,
    overdueMarks: [] as Date[],
  });

  it("counts resolutions (on time against the deadline) and confirmations in the month per group", () => {
    const rows = monthRates(
      [
        row("A", "2017-11-03T10:00:00", "2017-11-08T00:00:00", "2017-11-04T10:00:00", 5),
        row("A", "2017-11-20T10:00:00", "2017-11-14T00:00:00", "2017-11-21T10:00:00", 3),
        row("A", "2017-11-28T10:00:00", "2017-11-30T00:00:00", null, null),
        row("A", "2017-10-28T10:00:00", "2017-10-30T00:00:00", "2017-11-01T10:00:00", 4), // resolved in Oct, confirmed in Nov
        row("B", "2017-12-01T10:00:00", "2017-12-05T00:00:00", null, null), // December: not counted
        row("B", null, "2017-11-10T00:00:00", null, null),
      ],
      nov,
    );
    expect(rows).toEqual([{ key: "A", name: "县A", resolved: 3, onTime: 2, confirmed: 3, satisfied: 2, scoreSum: 12 }]);
    expect(averageScore(rows[0])).toBe("4.0");
    expect(totalRates(rows)).toMatchObject({ resolved: 3, onTime: 2, confirmed: 3, satisfied: 2, scoreSum: 12 });
  });

  it("on time means no step was ever late: a late lower level is not forgiven by a fast resolution after escalation", () => {
    // Submitted at TEAM level Mon 11-06; the team accepted but never answered; the sweep marked the first feedback
    // (due 11-09) and then the resolution (due 11-15) overdue and escalated it to the county on 11-16, whose fresh
    // clock (resolve by 11-27) it met on 11-17. The last clock alone says on time; the issue was not.
    const escalated = {
      ...row("A", "2017-11-17T10:00:00", "2017-11-27T24:00:00", null, null),
      acceptDueAt: cst("2017-11-17T24:00:00"),
      respondDueAt: cst("2017-11-21T24:00:00"),
      acceptedAt: cst("2017-11-16T15:00:00"),
      firstRespondedAt: cst("2017-11-17T09:00:00"),
      overdueMarks: [cst("2017-11-10T00:01:00"), cst("2017-11-16T00:01:00"), cst("2017-11-16T00:01:00")],
    };
    expect(resolvedOnTime(escalated)).toBe(false);
    expect(resolvedOnTime({ ...escalated, overdueMarks: [] })).toBe(true);
    // a mark after this resolution (e.g. written for a later clock) does not count against it
    expect(resolvedOnTime({ ...escalated, overdueMarks: [cst("2017-11-20T00:01:00")] })).toBe(true);
    // the running clock's own steps: accepted late, or no feedback before the feedback deadline
    expect(resolvedOnTime({ ...escalated, overdueMarks: [], acceptedAt: cst("2017-11-18T09:00:00") })).toBe(false);
    expect(
      resolvedOnTime({
        ...escalated,
        overdueMarks: [],
        firstRespondedAt: null,
        respondDueAt: cst("2017-11-16T24:00:00"),
      }),
    ).toBe(false);
    expect(resolvedOnTime({ ...escalated, overdueMarks: [], resolvedAt: cst("2017-11-28T09:00:00") })).toBe(false);
    expect(resolvedOnTime({ ...escalated, resolvedAt: null })).toBe(false);
    const rates = monthRates([escalated, { ...escalated, overdueMarks: [] }], nov);
    expect(rates).toEqual([{ key: "A", name: "县A", resolved: 2, onTime: 1, confirmed: 0, satisfied: 0, scoreSum: 0 }]);
  });

  it("average score rounds to one decimal", () => {
    expect(averageScore({ scoreSum: 14, confirmed: 3 })).toBe("4.7");
    expect(averageScore({ scoreSum: 0, confirmed: 0 })).toBe("—");
  });
});
