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

/** The number columns, once: the header, each unit's row and the 合计 row are drawn from this. */
const COLUMNS: readonly { label: string; value: (s: SupervisionUnitStat) => string | number }[] = [
  { label: "督办事项", value: (s) => s.total },
  { label: "应办结", value: (s) => s.due },
  { label: "按时办结", value: (s) => s.onTime },
  { label: "按时办结率", value: (s) => formatOnTimeRate(s.onTimeRate) },
  { label: "超期未办结", value: (s) => s.overdue },
  { label: "催办次数", value: (s) => s.urges },
];

function StatCells({ stat }: { stat: SupervisionUnitStat }) {
  return COLUMNS.map((c) => (
    <td key={c.label} className="num" data-label={c.label}>
      {c.value(stat)}
    </td>
  ));
}

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
  return (
    <div className="table-wrap flat">
      {/* on a phone each unit is a card (.card-table): its name, then 标签：number lines */}
      <table className="data-table card-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">主办单位</th>
            {COLUMNS.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.unitId}>
              <th scope="row">{u.unit}</th>
              <StatCells stat={u} />
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">合计</th>
              <StatCells stat={total} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
