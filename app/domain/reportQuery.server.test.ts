import { describe, expect, it } from "vitest";
import { resolvePeriod } from "./reportQuery";
import { parseReportQuery } from "./reportQuery.server";

describe("report URL state", () => {
  it("parses and falls back on bad values", () => {
    expect(parseReportQuery(new URLSearchParams("year=2017&asOf=2017-06-30&county=3&by=month&kpi=START_RATE"))).toEqual(
      {
        year: 2017,
        asOf: "2017-06-30",
        county: 3,
        by: "month",
        kpi: "START_RATE",
      },
    );
    expect(parseReportQuery(new URLSearchParams("year=abc&asOf=2017-02-30&county=-1&by=x&kpi=y"))).toEqual({
      year: undefined,
      asOf: undefined,
      county: undefined,
      by: "county",
      kpi: "INFLOW_AMOUNT",
    });
  });

  it("shows a past plan year as it closed and the current one as of today", () => {
    expect(resolvePeriod({}, [2017, 2016], "2026-11-28")).toEqual({ year: 2017, asOf: "2017-12-31" });
    expect(resolvePeriod({}, [2017, 2016], "2017-06-15")).toEqual({ year: 2017, asOf: "2017-06-15" });
    expect(resolvePeriod({}, [2018, 2017], "2017-06-15")).toEqual({ year: 2017, asOf: "2017-06-15" });
    expect(resolvePeriod({ year: 2016 }, [2017, 2016], "2026-11-28")).toEqual({ year: 2016, asOf: "2016-12-31" });
    expect(resolvePeriod({ asOf: "2017-03-31" }, [2017], "2026-11-28")).toEqual({ year: 2017, asOf: "2017-03-31" });
    expect(resolvePeriod({}, [], "2026-11-28")).toEqual({ year: 2026, asOf: "2026-11-28" });
  });
});
