// Monthly trend of the plan year: signings per month and the cumulative 引资总额 against the target paced by
// month-end, plus cumulative 转型项目完成投资. The table beside carries every number.
import { EChart } from "~/components/charts/EChart";
import { lastDayOfMonth, pacePercent } from "~/domain/kpi";
import { formatWan, wanToYiString } from "~/domain/money";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export interface TrendPoint {
  month: number;
  signedCount: number;
  signedAmount: number;
  investment: number | null;
}

// chart coordinates only (rounded to 0.01亿 with integer arithmetic); the table shows exact values
const yi = (wan: number) => Number(wanToYiString(wan, 2).replace(/,/g, ""));

export function TrendChart({
  year,
  series,
  inflowTarget,
}: {
  year: number;
  series: TrendPoint[];
  inflowTarget: number | null;
}) {
  let cumInflow = 0;
  let cumInv = 0;
  const rows = series.map((p) => {
    cumInflow += p.signedAmount;
    if (p.investment !== null) cumInv += p.investment;
    const pace = pacePercent(year, lastDayOfMonth(year, p.month));
    return {
      ...p,
      cumInflow,
      cumInvestment: p.investment === null ? null : cumInv,
      pacedInflowTarget: inflowTarget === null ? null : Math.round((inflowTarget * pace) / 100),
    };
  });
  const months = rows.map((r) => `${r.month}月`);
  const option = {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 56, right: 56, top: 36, bottom: 64 },
    xAxis: { type: "category", data: months },
    yAxis: [
      { type: "value", name: "累计（亿元）" },
      { type: "value", name: "当月（亿元）", splitLine: { show: false } },
    ],
    series: [
      {
        name: "当月签约额",
        type: "bar",
        yAxisIndex: 1,
        data: rows.map((r) => yi(r.signedAmount)),
        itemStyle: { color: "#9fb3c8" },
      },
      { name: "累计引资总额", type: "line", data: rows.map((r) => yi(r.cumInflow)), itemStyle: { color: "#b4232c" } },
      ...(inflowTarget !== null
        ? [
            {
              name: "引资序时目标",
              type: "line",
              data: rows.map((r) => yi(r.pacedInflowTarget ?? 0)),
              lineStyle: { type: "dashed" },
              itemStyle: { color: "#52606d" },
            },
          ]
        : []),
      {
        name: "累计转型项目投资",
        type: "line",
        data: rows.map((r) => (r.cumInvestment === null ? null : yi(r.cumInvestment))),
        itemStyle: { color: "#1e7b34" },
      },
    ],
  };
  return (
    <div className="chart-with-table">
      <EChart option={option} height={320} />
      <div {...TABLE_WRAP}>
        <table className="plain compact">
          <caption className="sr-only">{year}年月度趋势数据（亿元）</caption>
          <thead>
            <tr>
              <th scope="col">月份</th>
              <th scope="col" className="num">
                签约数
              </th>
              <th scope="col" className="num">
                当月签约额
              </th>
              <th scope="col" className="num">
                累计引资
              </th>
              <th scope="col" className="num">
                累计转型投资
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  该日期前本年度尚无数据。
                </td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.month}>
                  <th scope="row">{r.month}月</th>
                  <td className="num">{r.signedCount}</td>
                  <td className="num" title={formatWan(r.signedAmount)}>
                    {wanToYiString(r.signedAmount, 2)}
                  </td>
                  <td className="num" title={formatWan(r.cumInflow)}>
                    {wanToYiString(r.cumInflow, 2)}
                  </td>
                  <td className="num" title={r.cumInvestment === null ? "本月尚未结束" : formatWan(r.cumInvestment)}>
                    {r.cumInvestment === null ? "—" : wanToYiString(r.cumInvestment, 2)}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        {rows.length ? (
          <p className="muted small table-note">
            金额单位：亿元（悬停显示精确到万元）。引资序时目标 = 年度目标 × 月末序时进度；月度投资在当月结束后计入。
          </p>
        ) : null}
      </div>
    </div>
  );
}
