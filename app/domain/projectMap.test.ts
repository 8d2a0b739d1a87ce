import { describe, expect, it } from "vitest";
import { clusterGroup, colourGroups, LAG_GROUPS, lagGroups, stageGroups } from "./projectMap";

describe("the 招商地图's colour classes", () => {
  it("points follow the chosen mode; a clustered map is always by lag, so every cluster is in a drawn series", () => {
    expect(colourGroups("stage", false)).toEqual(stageGroups());
    expect(colourGroups("lag", false)).toEqual(lagGroups());
    expect(colourGroups("stage", true)).toEqual(lagGroups());
    const names = colourGroups("stage", true).map(([n]) => n);
    for (const c of [
      { red: 2, yellow: 5 },
      { red: 0, yellow: 1 },
      { red: 0, yellow: 0 },
    ])
      expect(names).toContain(clusterGroup(c));
  });

  it("a cluster takes its worst lag", () => {
    expect(clusterGroup({ red: 1, yellow: 9 })).toBe(LAG_GROUPS.red);
    expect(clusterGroup({ red: 0, yellow: 3 })).toBe(LAG_GROUPS.yellow);
    expect(clusterGroup({ red: 0, yellow: 0 })).toBe(LAG_GROUPS.none);
  });
});
