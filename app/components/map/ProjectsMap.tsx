// Projects as points on the Jinzhong county map (issue 20 §4): ECharts geo with the counties and the zones' areas,
// one scatter series per colour class (stage or lag), clusters as numbered bubbles when the server aggregated them.
// A click opens the point's link. Decorative for assistive technology: the page's tables carry the same numbers.
import { useNavigate } from "@remix-run/react";
import { EChart } from "~/components/charts/EChart";
import type { LngLat } from "~/domain/geo";
import { jinzhongGeo, registerJinzhongAreas } from "./jinzhongAreas";

export interface MapMarker {
  point: LngLat;
  /** the colour class: a series of its own, named in the legend */
  group: string;
  tooltip: string;
  href: string;
  /** drawn hollow: e.g. a project whose point is its county's label point */
  hollow?: boolean;
  /** a cluster's count: drawn as a bubble with the number */
  count?: number;
}

const setups = new Map<string, ReturnType<typeof registerJinzhongAreas>>();
function setupFor(url: string) {
  let s = setups.get(url);
  if (!s) setups.set(url, (s = registerJinzhongAreas(url)));
  return s;
}

export function ProjectsMap({
  markers,
  groups,
  geojsonUrl,
  height = 560,
}: {
  markers: MapMarker[];
  /** colour classes in legend order: [name, colour] */
  groups: Array<[string, string]>;
  geojsonUrl: string;
  height?: number;
}) {
  const navigate = useNavigate();
  const maxCount = Math.max(1, ...markers.map((m) => m.count ?? 1));
  const series = groups.map(([name, color]) => ({
    name,
    type: "scatter",
    coordinateSystem: "geo",
    itemStyle: { color, borderColor: "#fff", borderWidth: 0.5 },
    emphasis: { scale: 1.6 },
    label: { show: false, formatter: "{@[2]}", color: "#fff", fontSize: 10 },
    data: markers
      .filter((m) => m.group === name)
      .map((m) => ({
        value: [m.point[0], m.point[1], m.count ?? 1],
        href: m.href,
        tooltip: m.tooltip,
        symbol: m.hollow ? "emptyCircle" : "circle",
        symbolSize: m.count ? 14 + 26 * Math.sqrt(m.count / maxCount) : 9,
        label: m.count ? { show: true } : undefined,
      })),
  }));
  const option = {
    tooltip: {
      trigger: "item",
      formatter: (p: { data?: { tooltip?: string }; name?: string }) =>
        p.data?.tooltip ? p.data.tooltip.replace(/\n/g, "<br/>") : (p.name ?? ""),
    },
    legend: { bottom: 4, left: 8, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
    geo: { ...jinzhongGeo(true), top: 10, bottom: 40 },
    series,
  };
  return (
    <EChart
      option={option}
      height={height}
      setup={setupFor(geojsonUrl)}
      onClick={(p) => {
        const href = (p.data as { href?: string } | undefined)?.href;
        if (href) navigate(href);
      }}
    />
  );
}
