// 督办 per 主办 unit (issue 17): 督办事项, 应办结, 按时办结, 按时办结率, 超期未办结, 催办次数 — the one table the 督办台账 and
// the monthly 通报's 督办 section both show, so their numbers are laid out (and read) the same way.
import { TABLE_WRAP } from "~/components/ui/tableWrap";

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
    <div {...TABLE_WRAP}>
      <table className="data-table" style={{ minWidth: 640 }}>
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
              <td className="num">{u.total}</td>
              <td className="num">{u.due}</td>
              <td className="num">{u.onTime}</td>
              <td className="num">{pct(u.onTimeRate)}</td>
              <td className="num">{u.overdue}</td>
              <td className="num">{u.urges}</td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">合计</th>
              <td className="num">{total.total}</td>
              <td className="num">{total.due}</td>
              <td className="num">{total.onTime}</td>
              <td className="num">{pct(total.onTimeRate)}</td>
              <td className="num">{total.overdue}</td>
              <td className="num">{total.urges}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
