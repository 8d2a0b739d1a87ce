// A programme's targets against its members' actuals: one row per target with completion, 序时进度 and RAG. The
// actual numbers link to the register filtered to the programme (and to the stage, for 开工项目).
import { Link } from "@remix-run/react";
import { RAG_LABELS } from "~/domain/kpi";
import { formatAmount, formatPct, formatWan } from "~/domain/money";
import {
  EXPECTED_BASIS_LABELS,
  isProgrammeAmount,
  PROGRAMME_METRIC_LABELS,
  type ProgrammeRow,
} from "~/domain/programmes";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

function value(row: ProgrammeRow, v: number | null): string {
  if (v === null) return "未设目标";
  return isProgrammeAmount(row.metric) ? formatAmount(v) : `${v} ${row.metric === "ENTERPRISES" ? "家" : "个"}`;
}

export function ProgrammeTargets({
  name,
  rows,
  hrefFor,
  whole,
}: {
  name: string;
  rows: readonly ProgrammeRow[];
  hrefFor: (row: ProgrammeRow) => string | null;
  whole: boolean;
}) {
  return (
    <div {...TABLE_WRAP} className="table-wrap flat">
      <table className="plain compact card-table">
        <caption className="sr-only">{name}目标完成情况</caption>
        <thead>
          <tr>
            <th scope="col">指标</th>
            <th scope="col" className="num">
              {whole ? "实际" : "本辖区成员"}
            </th>
            <th scope="col" className="num">
              目标
            </th>
            <th scope="col" className="num">
              完成目标
            </th>
            <th scope="col" className="num">
              序时进度/应达
            </th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const href = hrefFor(r);
            const label = PROGRAMME_METRIC_LABELS[r.metric];
            const actual = value(r, r.actual);
            return (
              <tr key={r.metric}>
                <th scope="row" data-label="指标">
                  {label}
                </th>
                <td className="num" data-label={whole ? "实际" : "本辖区成员"}>
                  {href ? (
                    <Link to={href} aria-label={`${label}实际 ${actual}，查看项目`}>
                      {actual}
                    </Link>
                  ) : (
                    <span title={isProgrammeAmount(r.metric) ? formatWan(r.actual) : undefined}>{actual}</span>
                  )}
                </td>
                <td className="num" data-label="目标">
                  <span title={isProgrammeAmount(r.metric) && r.target !== null ? formatWan(r.target) : undefined}>
                    {value(r, r.target)}
                  </span>
                </td>
                <td className="num" data-label="完成目标">
                  {formatPct(r.completionPct)}
                </td>
                <td className="num" data-label="序时进度/应达">
                  <span title={EXPECTED_BASIS_LABELS[r.expectedBasis]}>{formatPct(r.expectedPct)}</span>
                </td>
                <td data-label="状态">
                  <span className={`badge rag-${r.rag}`}>{whole ? RAG_LABELS[r.rag] : "仅含本辖区成员"}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
