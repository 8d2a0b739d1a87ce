import { describe, expect, it } from "vitest";
import { deriveStage, lagging, reachedBy, type MilestoneDates } from "./stage";

const ms = (...list: Array<[MilestoneDates["stage"], string | null, string | null]>): MilestoneDates[] =>
  list.map(([stage, plannedOn, actualOn]) => ({ stage, plannedOn, actualOn }));

describe("deriveStage", () => {
  it("is PREPARING without a signed date", () => {
    expect(deriveStage([])).toBe("PREPARING");
    expect(deriveStage(ms(["SIGNED", "2017-03-01", null]))).toBe("PREPARING");
  });
  it("is the last stage of the unbroken chain with actual dates", () => {
    const m = ms(
      ["SIGNED", null, "2017-03-01"],
      ["LAND", null, "2017-05-01"],
      ["FUNDING", null, null],
      ["STARTED", null, "2017-07-01"],
    );
    expect(deriveStage(m)).toBe("LAND");
  });
  it("honours an as-of date (inclusive)", () => {
    const m = ms(["SIGNED", null, "2017-03-01"], ["LAND", null, "2017-05-01"], ["FUNDING", null, "2017-06-01"]);
    expect(deriveStage(m, "2017-02-28")).toBe("PREPARING");
    expect(deriveStage(m, "2017-03-01")).toBe("SIGNED");
    expect(deriveStage(m, "2017-05-31")).toBe("LAND");
    expect(deriveStage(m, "2017-12-31")).toBe("FUNDING");
    expect(reachedBy(m, "LAND", "2017-05-01")).toBe(true);
    expect(reachedBy(m, "STARTED", "2017-12-31")).toBe(false);
  });
});

describe("lagging (planned date passed without an actual date)", () => {
  const m = ms(["SIGNED", "2017-01-10", "2017-01-10"], ["LAND", "2017-03-31", null]);
  it("is not lagging within a month of the planned date", () => {
    expect(lagging(m, "2017-04-30").level).toBe("none");
  });
  it("is yellow after one month and red after three", () => {
    expect(lagging(m, "2017-05-01")).toEqual({ level: "yellow", stage: "LAND", plannedOn: "2017-03-31" });
    expect(lagging(m, "2017-06-30").level).toBe("yellow");
    expect(lagging(m, "2017-07-01").level).toBe("red");
  });
  it("counts a milestone done after the as-of date as not done yet", () => {
    const done = ms(["LAND", "2017-03-31", "2017-08-01"]);
    expect(lagging(done, "2017-07-15").level).toBe("red");
    expect(lagging(done, "2017-08-01").level).toBe("none");
  });
});
