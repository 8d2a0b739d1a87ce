// Project locations (issue 20 §3, docs/decisions/210): points in degrees (longitude, latitude) as in the county
// GeoJSON the 招商地图 draws, tested against the polygon of the project's county or zone. Pure, shared by the
// server's check, the seed and the maps in the browser.

/** [longitude, latitude] */
export type LngLat = [number, number];
/** A polygon: its outer ring first, then holes (GeoJSON Polygon coordinates). */
export type Rings = LngLat[][];
/** A county's or zone's area: one polygon or several (GeoJSON MultiPolygon coordinates as a list of Rings). */
export type Area = Rings[];

/** Ray casting on one ring (the boundary itself counts as outside on some edges, as usual: points are sites). */
function inRing([x, y]: LngLat, ring: LngLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point lies inside the area: inside some polygon's outer ring and none of its holes. */
export function pointInArea(p: LngLat, area: Area): boolean {
  return area.some(([outer, ...holes]) => inRing(p, outer) && !holes.some((h) => inRing(p, h)));
}

export function bboxOf(area: Area): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [outer] of area)
    for (const [x, y] of outer) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  return { minX, minY, maxX, maxY };
}

/** What the project form's map picker needs of a county (docs/decisions/236). */
export interface PickerArea {
  /** the map's feature to outline; null: a county the map does not know (the whole city is shown) */
  mapName: string | null;
  /** [minLng, minLat, maxLng, maxLat] */
  bbox: [number, number, number, number];
}

/** Jinzhong's extent (its counties' bounding box), shown before a county is chosen. */
export const CITY_BBOX: PickerArea["bbox"] = [111.413086, 36.650391, 114.140625, 38.09375];

/** Six decimals (≈0.1 m): what is stored and shown. */
export function roundCoord(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * A point inside the area drawn from `rand` (uniform in [0, 1)): rejection sampling in the bounding box, so the
 * same random stream always gives the same point (the seed's locations). Falls back to the box centre only if the
 * area is degenerate.
 */
export function randomPointIn(area: Area, rand: () => number): LngLat {
  const b = bboxOf(area);
  for (let i = 0; i < 1000; i++) {
    const p: LngLat = [
      roundCoord(b.minX + rand() * (b.maxX - b.minX)),
      roundCoord(b.minY + rand() * (b.maxY - b.minY)),
    ];
    if (pointInArea(p, area)) return p;
  }
  return [roundCoord((b.minX + b.maxX) / 2), roundCoord((b.minY + b.maxY) / 2)];
}

/**
 * The zones (开发区, 示范区, 农谷) by county code: they have no official boundary in the GeoJSON, so these are
 * APPROXIMATE outlines drawn around their known parks, each inside the county that hosts it (docs/decisions/211).
 * A project of a zone must lie inside its zone's outline.
 */
export const ZONE_AREAS: Record<string, { name: string; host: string; area: Area }> = {
  "JZ-ETDZ": {
    name: "晋中经济技术开发区",
    host: "榆次区",
    area: [
      [
        [
          [112.74, 37.62],
          [112.79, 37.615],
          [112.83, 37.64],
          [112.83, 37.69],
          [112.78, 37.7],
          [112.74, 37.68],
          [112.74, 37.62],
        ],
      ],
    ],
  },
  "JZ-SFQ": {
    name: "示范区晋中区",
    host: "榆次区",
    area: [
      [
        [
          [112.63, 37.66],
          [112.68, 37.655],
          [112.72, 37.69],
          [112.72, 37.74],
          [112.69, 37.745],
          [112.66, 37.71],
          [112.63, 37.66],
        ],
      ],
    ],
  },
  "SX-NG": {
    name: "山西农谷",
    host: "太谷县",
    area: [
      [
        [
          [112.5, 37.39],
          [112.58, 37.375],
          [112.64, 37.4],
          [112.63, 37.46],
          [112.56, 37.475],
          [112.51, 37.45],
          [112.5, 37.39],
        ],
      ],
    ],
  },
};

/** The centre of the area's bounding box, nudged to a point inside it (where a project without a point is drawn). */
export function labelPointOf(area: Area): LngLat {
  const b = bboxOf(area);
  const c: LngLat = [roundCoord((b.minX + b.maxX) / 2), roundCoord((b.minY + b.maxY) / 2)];
  if (pointInArea(c, area)) return c;
  // a fixed pseudo-random stream: the same fallback point every time
  let s = 1;
  return randomPointIn(area, () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  });
}

/** Coordinates typed by a person: decimal degrees, longitude 73–136 and latitude 3–54 (China); null = not given. */
export function parseCoordinate(raw: string | null | undefined, axis: "lng" | "lat"): number | null | "bad" {
  const s = (raw ?? "").trim();
  if (!s) return null;
  if (!/^-?\d{1,3}(\.\d{1,8})?$/.test(s)) return "bad";
  const v = Number(s);
  const [min, max] = axis === "lng" ? [73, 136] : [3, 54];
  return v >= min && v <= max ? roundCoord(v) : "bad";
}
