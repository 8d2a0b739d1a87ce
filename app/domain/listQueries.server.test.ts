import { describe, expect, it } from "vitest";
import { AssignCandidatesQuery, parseQuery, TeamListQuery } from "./listQueries.server";

describe("team list URL state", () => {
  it("falls back to defaults on bad values", () => {
    expect(parseQuery(TeamListQuery, new URLSearchParams("sort=drop table&dir=sideways&page=-3&size=7"))).toEqual({
      sort: "no",
      dir: "asc",
      page: 1,
      size: 50,
    });
  });
  it("keeps valid values", () => {
    expect(parseQuery(TeamListQuery, new URLSearchParams("sort=overdue&dir=desc&page=2&size=20&q= 装备 "))).toEqual({
      q: "装备",
      sort: "overdue",
      dir: "desc",
      page: 2,
      size: 20,
    });
  });
  it("candidate filters default to unassigned projects", () => {
    const q = parseQuery(AssignCandidatesQuery, new URLSearchParams("county=abc"));
    expect(q).toMatchObject({ kind: "projects", show: "unassigned", county: undefined, page: 1, size: 20 });
  });
});
