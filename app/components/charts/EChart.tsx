// One ECharts instance in a div, created after hydration (see loadEcharts). The chart is decorative for
// assistive technology: the same numbers are in the table beside it, so it is aria-hidden.
import { useEffect, useRef, useState } from "react";
import { loadEcharts, type EchartsCore } from "./loadEcharts";

type Option = Record<string, unknown>;

export function EChart({
  option,
  height = 320,
  setup,
  onClick,
  onGeoClick,
  className,
}: {
  /** Built from plain data (plus formatter functions); re-rendered when its JSON changes. */
  option: Option;
  height?: number;
  /** Runs once before the first render (e.g. registering a map). */
  setup?: (echarts: EchartsCore) => Promise<void>;
  onClick?: (params: { name?: string; data?: unknown }) => void;
  /** A click (tap) anywhere on the chart, as the first geo component's [longitude, latitude]. */
  onGeoClick?: (coord: [number, number]) => void;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify(option);
  const optionRef = useRef(option);
  optionRef.current = option;
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const geoClickRef = useRef(onGeoClick);
  geoClickRef.current = onGeoClick;

  useEffect(() => {
    let disposed = false;
    let chart: ReturnType<EchartsCore["init"]> | undefined;
    let observer: ResizeObserver | undefined;
    loadEcharts()
      .then(async (echarts) => {
        if (setup) await setup(echarts);
        if (disposed || !ref.current) return;
        chart = echarts.init(ref.current, undefined, { renderer: "svg" });
        chart.setOption(optionRef.current);
        chart.on("click", (p) => clickRef.current?.(p as { name?: string; data?: unknown }));
        const c = chart;
        c.getZr().on("click", (e: { offsetX: number; offsetY: number }) => {
          if (!geoClickRef.current) return;
          const at = c.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
          if (at && Number.isFinite(at[0]) && Number.isFinite(at[1])) geoClickRef.current([at[0], at[1]]);
        });
        observer = new ResizeObserver(() => chart?.resize());
        observer.observe(ref.current);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
    // `setup` is stable per chart kind; the option is compared by value (its JSON), functions ride along.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <div className={`chart${className ? ` ${className}` : ""}`} style={{ height }} aria-hidden="true">
      <div ref={ref} style={{ width: "100%", height: "100%" }} />
      {failed ? <p className="muted small">图表加载失败，请查看右侧数据表。</p> : null}
    </div>
  );
}
