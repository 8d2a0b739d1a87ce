// The map the project maps draw on: Jinzhong's county polygons (fetched GeoJSON) plus the approximate outlines of
// the zones (开发区, 示范区, 农谷; app/domain/geo.ts ZONE_AREAS, docs/decisions/211), registered once as "jinzhong-areas".
import type { EchartsCore } from "~/components/charts/loadEcharts";
import { ZONE_AREAS } from "~/domain/geo";

export const AREAS_MAP = "jinzhong-areas";

let registered: Promise<void> | null = null;

/** A chart `setup` registering the map from `url` (the signed-in or the public GeoJSON route). */
export function registerJinzhongAreas(url: string) {
  return (echarts: EchartsCore): Promise<void> => {
    registered ??= fetch(url, { credentials: "same-origin" })
      .then((r) => {
        if (!r.ok) throw new Error(`地图数据加载失败 ${r.status}`);
        return r.json() as Promise<{ type: string; features: unknown[] }>;
      })
      .then((geo) => {
        const zones = Object.values(ZONE_AREAS).map((z) => ({
          type: "Feature",
          properties: { name: z.name },
          geometry: { type: "MultiPolygon", coordinates: z.area },
        }));
        echarts.registerMap(AREAS_MAP, { ...geo, features: [...geo.features, ...zones] } as never);
      });
    registered.catch(() => (registered = null));
    return registered;
  };
}

/** The zones drawn as tinted, dashed areas over their host counties. */
export const ZONE_REGIONS = Object.values(ZONE_AREAS).map((z) => ({
  name: z.name,
  itemStyle: { areaColor: "rgba(250, 173, 20, 0.28)", borderColor: "#d48806", borderType: "dashed", borderWidth: 1 },
  label: { show: false },
}));

/** The geo component both maps use: counties labelled, zones tinted; `roam` lets a person zoom into a dense area. */
export function jinzhongGeo(roam: boolean) {
  return {
    map: AREAS_MAP,
    roam,
    scaleLimit: { min: 1, max: 8 },
    label: { show: true, fontSize: 10, color: "#555" },
    itemStyle: { areaColor: "#f3f5f8", borderColor: "#99a3b1" },
    emphasis: { label: { show: true }, itemStyle: { areaColor: "#e6f0ff" } },
    regions: ZONE_REGIONS,
  };
}
