// Picking a project's point on its county map (issue 20 §3, docs/decisions/236): the selected county (or zone) is
// outlined and fills the map; a click — a tap on a phone — anywhere on it gives the point, which the form writes
// into its 经度/纬度 fields and shows as a pin. The map is only a shortcut: the typed fields stay the accessible way
// (the chart is aria-hidden), and the server checks the point against the county as for a typed one.
import { EChart } from "~/components/charts/EChart";
import { CITY_BBOX, type LngLat, parseCoordinate, type PickerArea } from "~/domain/geo";
import { jinzhongGeo, registerJinzhongAreas, ZONE_REGIONS } from "./jinzhongAreas";

const setup = registerJinzhongAreas("/resources/jinzhong-geojson");

export function LocationPicker({
  area,
  countyChosen,
  longitude,
  latitude,
  onPick,
  height = 280,
}: {
  area: PickerArea | null;
  countyChosen: boolean;
  /** the form's 经度/纬度 as typed: a valid pair is drawn as the pin */
  longitude: string;
  latitude: string;
  onPick: (p: LngLat) => void;
  height?: number;
}) {
  const lng = parseCoordinate(longitude, "lng");
  const lat = parseCoordinate(latitude, "lat");
  const point: LngLat | null = typeof lng === "number" && typeof lat === "number" ? [lng, lat] : null;
  const [minX, minY, maxX, maxY] = area?.bbox ?? CITY_BBOX;
  // a margin around the county so its outline and the neighbours' edges show
  const padX = (maxX - minX) * 0.08;
  const padY = (maxY - minY) * 0.08;
  const base = jinzhongGeo(false);
  const chosen = area?.mapName
    ? [
        {
          name: area.mapName,
          itemStyle: { areaColor: "#fff4e0", borderColor: "#b4232c", borderWidth: 2, borderType: "solid" },
          label: { show: true, color: "#b4232c", fontWeight: "bold", fontSize: 12 },
        },
      ]
    : [];
  const option = {
    geo: {
      ...base,
      top: 6,
      bottom: 6,
      left: 6,
      right: 6,
      boundingCoords: [
        [minX - padX, maxY + padY],
        [maxX + padX, minY - padY],
      ],
      label: { show: true, fontSize: 10, color: "#888" },
      itemStyle: { areaColor: "#eef1f5", borderColor: "#b7bec9" },
      emphasis: { disabled: true },
      regions: [...ZONE_REGIONS.filter((r) => r.name !== area?.mapName), ...chosen],
    },
    series: [
      {
        type: "scatter",
        coordinateSystem: "geo",
        symbol: "pin",
        symbolSize: 32,
        symbolOffset: [0, "-40%"],
        silent: true,
        itemStyle: { color: "#b4232c" },
        data: point ? [{ value: point }] : [],
      },
    ],
  };
  return (
    <>
      <EChart option={option} height={height} setup={setup} onGeoClick={onPick} className="location-picker" />
      <p className="muted small" aria-live="polite">
        {countyChosen ? null : "请先选择县区，地图将放大到该县区。"}
        {point ? `地图上的标记：东经 ${point[0]}，北纬 ${point[1]}` : "尚未选取位置"}
      </p>
    </>
  );
}
