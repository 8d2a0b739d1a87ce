// 督办 per 主办 unit (issue 17): 督办事项, 应办结, 按时办结, 按时办结率, 超期未办结, 催办次数 — the one table the 督办台账 and
// the monthly 通报's 督办 section both show, so their numbers are laid out (and read) the same way.

export interface SupervisionUnitStat {
  total: number;
  due: number;
  onTime: number;
  onTimeRate: number | null;
  overdue: number;
  urges: number;
}

export const formatOnTimeRate = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)}%`);

export function SupervisionUnitTable({
  units,
  total,
  caption,
}: {
  units: readonly (SupervisionUnitStat & { unitId: number; unit: string })[];
  /** The 合计 row, when the table shows one. */
  total?: SupervisionUnitStat;
  caption: string;
}) {
  const pct = formatOnTimeRate;
  return (
    <div className="table-wrap flat">
      {/* on a phone each unit is a card (.card-table): its name, then 标签：number lines */}
      <table className="data-table card-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">主办单位</th>
            <th scope="col">督办事项</th>
            <th scope="col">应办结</th>
            <th scope="col">按时办结</th>
            <th scope="col">按时办结率</th>
            <th scope="col">超期未办结</th>
            <th scope="col">催办次数</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.unitId}>
              <th scope="row">{u.unit}</th>
              <td className="num" data-label="督办事项">
                {u.total}
              </td>
              <td className="num" data-label="应办结">
                {u.due}
              </td>
              <td className="num" data-label="按时办结">
                {u.onTime}
              </td>
              <td className="num" data-label="按时办结率">
                {pct(u.onTimeRate)}
              </td>
              <td className="num" data-label="超期未办结">
                {u.overdue}
              </td>
              <td className="num" data-label="催办次数">
                {u.urges}
              </td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">合计</th>
              <td className="num" data-label="督办事项">
                {total.total}
              </td>
              <td className="num" data-label="应办结">
                {total.due}
              </td>
              <td className="num" data-label="按时办结">
                {total.onTime}
              </td>
              <td className="num" data-label="按时办结率">
                {pct(total.onTimeRate)}
              </td>
              <td className="num" data-label="超期未办结">
                {total.overdue}
              </td>
              <td className="num" data-label="催办次数">
                {total.urges}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
