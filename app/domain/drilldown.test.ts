import { describe, expect, it } from "vitest";
import { cohortFilters, funnelCellHref, monthWindow, registerHref, transformationPlanFilters } from "./drilldown";
import { parseProjectListQuery } from "./projectListQuery.server";

describe("drill-down links", () => {
  it("describe year Y's signed cohort at D, capped at the year's end", () => {
    expect(cohortFilters(2017, "2017-06-30")).toMatchObject({
      origin: "ATTRACTION",
      signedFrom: "2017-01-01",
      signedTo: "2017-06-30",
      asOf: "2017-06-30",
    });
    expect(cohortFilters(2017, "2018-03-01")).toMatchObject({ signedTo: "2017-12-31", asOf: "2018-03-01" });
  });
  it("build register URLs the register parses back to the same filters", () => {
    const href = funnelCellHref(2017, "2017-06-30", "LAND", { county: 3 });
    const q = parseProjectListQuery(new URL(href, "http://x").searchParams);
    expect(q).toMatchObject({
      origin: "ATTRACTION",
      signedFrom: "2017-01-01",
      signedTo: "2017-06-30",
      asOf: "2017-06-30",
      reached: "LAND",
      county: 3,
    });
    // the 签约 step is the cohort itself: no stage filter
    expect(funnelCellHref(2017, "2017-06-30", "SIGNED")).not.toContain("reached=");
    expect(registerHref({})).toBe("/projects");
    expect(registerHref({ county: null, source: "", year: 2017 })).toBe("/projects?year=2017");
  });
  it("send 转型项目完成投资 to the year's plan (transformation=1: transformation projects in pool ACTIVE)", () => {
    const href = registerHref({ ...transformationPlanFilters(2017), county: 2 });
    const q = parseProjectListQuery(new URL(href, "http://x").searchParams);
    expect(q).toMatchObject({ year: 2017, transformation: "1", county: 2 });
    expect(q.pool).toBeUndefined();
  });
  it("turn a signing month into its window, capped at D, leap Februaries included", () => {
    expect(monthWindow("2017-03", "2017-12-31")).toEqual({ signedFrom: "2017-03-01", signedTo: "2017-03-31" });
    expect(monthWindow("2016-02", "2016-12-31")).toEqual({ signedFrom: "2016-02-01", signedTo: "2016-02-29" });
    expect(monthWindow("2017-06", "2017-06-15")).toEqual({ signedFrom: "2017-06-01", signedTo: "2017-06-15" });
  });
});
