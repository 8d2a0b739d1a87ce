import { describe, expect, it } from "vitest";
import { parseProjectListQuery } from "./projectListQuery.server";

describe("register URL state", () => {
  it("has defaults", () => {
    expect(parseProjectListQuery(new URLSearchParams())).toMatchObject({
      sort: "updatedAt",
      dir: "desc",
      page: 1,
      size: 20,
    });
  });
  it("parses every filter", () => {
    const q = parseProjectListQuery(
      new URLSearchParams(
        "q=吉利&county=3&industry=2&team=1&year=2017&stage=LAND&pool=ACTIVE&transformation=1&sort=totalInvestment&dir=asc&page=3&size=50",
      ),
    );
    expect(q).toEqual({
      q: "吉利",
      county: 3,
      industry: 2,
      team: 1,
      year: 2017,
      stage: "LAND",
      pool: "ACTIVE",
      transformation: "1",
      origin: undefined,
      sort: "totalInvestment",
      dir: "asc",
      page: 3,
      size: 50,
    });
  });
  it("reads the three-valued 转型项目 filter: the year's plan, moved out of it, not a transformation project", () => {
    const t = (v: string) => parseProjectListQuery(new URLSearchParams(`transformation=${v}`)).transformation;
    expect(t("1")).toBe("1");
    expect(t("out")).toBe("out");
    expect(t("0")).toBe("0");
    expect(t("yes")).toBeUndefined();
    expect(t("")).toBeUndefined();
  });
  it("falls back to defaults on bad values instead of failing", () => {
    const q = parseProjectListQuery(
      new URLSearchParams("county=abc&stage=DONE&sort=hack&dir=up&page=-2&size=7&year=99999&q="),
    );
    expect(q).toMatchObject({
      county: undefined,
      stage: undefined,
      sort: "updatedAt",
      dir: "desc",
      page: 1,
      size: 20,
      year: undefined,
      q: undefined,
    });
  });
});

describe("register drill-down params", () => {
  it("parses the report drill-down filters and keeps the old ones working", () => {
    const q = parseProjectListQuery(
      new URLSearchParams(
        "origin=ATTRACTION&signedFrom=2017-01-01&signedTo=2017-06-30&reached=LAND&asOf=2017-06-30&source=JINGJINJI&lag=red&county=2",
      ),
    );
    expect(q).toMatchObject({
      origin: "ATTRACTION",
      signedFrom: "2017-01-01",
      signedTo: "2017-06-30",
      reached: "LAND",
      asOf: "2017-06-30",
      source: "JINGJINJI",
      lag: "red",
      county: 2,
    });
  });
  it("drops invalid drill-down values instead of failing", () => {
    const q = parseProjectListQuery(
      new URLSearchParams("signedFrom=2017-02-30&signedTo=x&reached=PREPARING&asOf=17-1-1&source=MARS&lag=green"),
    );
    expect(q).toMatchObject({
      signedFrom: undefined,
      signedTo: undefined,
      reached: undefined,
      asOf: undefined,
      source: undefined,
      lag: undefined,
    });
  });
});
