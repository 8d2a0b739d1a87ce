// The 招商地图: Jinzhong's 11 counties coloured by one KPI (ECharts map, loaded in the browser only). Zones
// have no boundary of their own and appear only in the table beside the map.
import { useNavigate } from "@remix-run/react";
import { EChart } from "~/components/charts/EChart";
import type { EchartsCore } from "~/components/charts/loadEcharts";

export interface MapArea {
  /** County name as in the GeoJSON (榆次区 …) */
  name: string;
  value: number | null;
  tooltip: string;
  href: string;
}

let registered: Promise<void> | null = null;
async function registerJinzhong(echarts: EchartsCore) {
  registered ??= fetch("/resources/jinzhong-geojson", { credentials: "same-origin" })
    .then((r) => {
      if (!r.ok) throw new Error(`地图数据加载失败 ${r.status}`);
      return r.json();
    })
    .then((geo) => echarts.registerMap("jinzhong", geo));
  registered.catch(() => (registered = null));
  return registered;
}

export function JinzhongMap({ areas, unit, label }: { areas: MapArea[]; unit: string; label: string }) {
  const navigate = useNavigate();
  const values = areas.map((a) => a.value).filter((v): v is number => v !== null);
  const byName = new Map(areas.map((a) => [a.name, a]));
  const option = {
    tooltip: {
      trigger: "item",
      formatter: (p: { name: string }) => byName.get(p.name)?.tooltip.replace(/\n/g, "<br/>") ?? `${p.name}：无数据`,
    },
    visualMap: {
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values, 1) : 1,
      left: 8,
      bottom: 8,
      text: [`高（${unit}）`, "低"],
      calculable: true,
      inRange: { color: ["#fde4e1", "#f29b94", "#b4232c"] },
    },
    series: [
      {
        name: label,
        type: "map",
        map: "jinzhong",
        roam: false,
        label: { show: true, fontSize: 11 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffd666" } },
        data: areas.map((a) => ({ name: a.name, value: a.value })),
      },
    ],
  };
  return (
    <EChart
      option={option}
      height={520}
      setup={registerJinzhong}
      onClick={(p) => {
        const a = p.name ? byName.get(p.name) : undefined;
        if (a) navigate(a.href);
      }}
    />
  );
}
