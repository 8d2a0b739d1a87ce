// The funnel as a table whose first column carries the bar: the chart and its numbers are one accessible
// element, and every number links to the register with the matching filters.
import { Link } from "@remix-run/react";
import { FUNNEL_STAGES, funnelAmount, funnelCount, type FunnelStage, type KpiAggregates } from "~/domain/kpi";
import { FUNNEL_LABELS } from "~/domain/labels";
import { formatPercent, formatWan, wanToYiString } from "~/domain/money";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export function FunnelTable({
  agg,
  hrefFor,
  caption,
}: {
  agg: KpiAggregates;
  hrefFor: (stage: FunnelStage) => string;
  caption: string;
}) {
  const top = Math.max(agg.signedCount, 1);
  return (
    <div {...TABLE_WRAP}>
      <table className="plain funnel">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">环节</th>
            <th scope="col" className="num">
              项目数
            </th>
            <th scope="col" className="num">
              签约额（亿元）
            </th>
            <th scope="col" className="num">
              占签约项目
            </th>
          </tr>
        </thead>
        <tbody>
          {FUNNEL_STAGES.map((s) => {
            const n = funnelCount(agg, s);
            const amount = funnelAmount(agg, s);
            return (
              <tr key={s}>
                <th scope="row">
                  <span className="funnel-label">{FUNNEL_LABELS[s]}</span>
                  <span className="funnel-bar" aria-hidden="true">
                    <span style={{ width: `${(n * 100) / top}%` }} />
                  </span>
                </th>
                <td className="num">
                  <Link to={hrefFor(s)} aria-label={`${FUNNEL_LABELS[s]} ${n} 个项目，查看清单`}>
                    {n}
                  </Link>
                </td>
                <td className="num">
                  <Link to={hrefFor(s)} title={formatWan(amount)}>
                    {wanToYiString(amount, 2)}
                  </Link>
                </td>
                <td className="num">{formatPercent(n, agg.signedCount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
