// The small map on a project's page: its county map with the project's point (issue 20 §3). Decorative for
// assistive technology (EChart is aria-hidden): the coordinates are written beside it.
import { EChart } from "~/components/charts/EChart";
import { jinzhongGeo, registerJinzhongAreas } from "./jinzhongAreas";

const setup = registerJinzhongAreas("/resources/jinzhong-geojson");

export function ProjectPointMap({ name, point }: { name: string; point: [number, number] }) {
  const option = {
    geo: { ...jinzhongGeo(false), label: { show: true, fontSize: 9, color: "#777" } },
    series: [
      {
        type: "scatter",
        coordinateSystem: "geo",
        symbol: "pin",
        symbolSize: 28,
        itemStyle: { color: "#b4232c" },
        data: [{ name, value: point }],
      },
    ],
  };
  return <EChart option={option} height={240} setup={setup} className="project-point-map" />;
}
