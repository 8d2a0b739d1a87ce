// ECharts is loaded only in the browser, on first use, as a separate chunk: the server render and the first
// load stay small, and every chart has its numbers in a server-rendered table next to it anyway.
import type * as EchartsCoreModule from "echarts/core";
export type EchartsCore = typeof EchartsCoreModule;

let loading: Promise<EchartsCore> | null = null;

export function loadEcharts(): Promise<EchartsCore> {
  loading ??= Promise.all([
    import("echarts/core"),
    import("echarts/charts"),
    import("echarts/components"),
    import("echarts/renderers"),
  ]).then(([core, charts, components, renderers]) => {
    core.use([
      charts.BarChart,
      charts.LineChart,
      charts.MapChart,
      charts.ScatterChart,
      components.GridComponent,
      components.GeoComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.VisualMapComponent,
      renderers.SVGRenderer,
    ]);
    return core;
  });
  return loading;
}
