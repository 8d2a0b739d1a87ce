import { describe, expect, it } from "vitest";
import { pointInArea, randomPointIn, ZONE_AREAS, parseCoordinate } from "~/domain/geo";
import { countyAreas, fallbackPointOf, locationError } from "./jinzhongShapes.server";

const YUCI = { code: "140702", name: "榆次区" };
const QIXIAN = { code: "140727", name: "祁县" };

describe("county shapes", () => {
  it("has Jinzhong's eleven counties", () => {
    expect([...countyAreas().keys()]).toHaveLength(11);
    expect(countyAreas().has("榆次区")).toBe(true);
  });

  it("every zone outline lies inside its host county and outside the others", () => {
    for (const zone of Object.values(ZONE_AREAS)) {
      const host = countyAreas().get(zone.host)!;
      for (const p of zone.area[0][0]) {
        expect(pointInArea(p, host)).toBe(true);
        for (const [name, other] of countyAreas()) if (name !== zone.host) expect(pointInArea(p, other)).toBe(false);
      }
    }
  });

  it("checks a point against the county (榆次区's centre is not in 祁县)", () => {
    const centre: [number, number] = [112.708224, 37.697794];
    expect(locationError(YUCI, centre)).toBeNull();
    expect(locationError(QIXIAN, centre)).toBe("该坐标不在祁县范围内，请核对经纬度（可在地图上查看县区边界）");
    // a zone's point must be in the zone's outline, not just its host county
    expect(locationError({ code: "JZ-ETDZ", name: "晋中经济技术开发区" }, [112.78, 37.66])).toBeNull();
    expect(locationError({ code: "JZ-ETDZ", name: "晋中经济技术开发区" }, centre)).toMatch(
      /不在晋中经济技术开发区范围内/,
    );
  });

  it("draws the same random point inside the county for the same stream", () => {
    const stream = () => {
      let s = 42;
      return () => ((s = (s * 48271) % 2147483647), s / 2147483647);
    };
    const a = randomPointIn(countyAreas().get("祁县")!, stream());
    expect(randomPointIn(countyAreas().get("祁县")!, stream())).toEqual(a);
    expect(locationError(QIXIAN, a)).toBeNull();
    for (const [name] of countyAreas())
      expect(locationError({ code: "x", name }, fallbackPointOf({ code: "x", name }))).toBeNull();
  });

  it("parses typed coordinates", () => {
    expect(parseCoordinate(" 112.7 ", "lng")).toBe(112.7);
    expect(parseCoordinate("", "lat")).toBeNull();
    expect(parseCoordinate("37.5N", "lat")).toBe("bad");
    expect(parseCoordinate("200", "lng")).toBe("bad");
  });
});
