// 督办事项 as a table: the 督办台账's rows, 我的批示 on a leader's home and a 责任单位's work on its home. On a phone
// every row becomes a card (`.card-table`: the 督办事项 as its title, then 标签：value lines), so nothing scrolls
// sideways inside a frame at 390 px.
import { Link } from "@remix-run/react";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { formatChinaDateTime } from "~/domain/dates";
import {
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_SOURCE_LABELS,
  SUPERVISION_STATE_LABELS,
  type SupervisionLevel,
  type SupervisionSource,
  type SupervisionState,
} from "~/domain/supervisionLabels";

/** One 督办事项 as the pages get it (app/models/supervisionLedger.server.ts, ledgerRowView). */
export interface LedgerRowView {
  id: number;
  code: string;
  title: string;
  level: SupervisionLevel;
  source: SupervisionSource;
  state: SupervisionState;
  leader: string;
  leadUnit: string;
  assistUnits: string;
  deadline: string;
  pending: boolean;
  urgeCount: number;
  latestProgress: string | null;
  latestAt: string | null;
  card: { color: "green" | "yellow" | "red" | "stopped"; text: string; dueAt: string | null };
}

function StateCell({ r }: { r: LedgerRowView }) {
  return (
    <>
      {SUPERVISION_STATE_LABELS[r.state]}
      {r.pending ? <div className="badge yellow">延期待审批</div> : null}
    </>
  );
}

/**
 * `compact` (a home page's list): 督办事项, 主办单位, 时限, 状态, 红黄牌 and 最新进展; the ledger adds 批示领导, 协办单位
 * and 催办次数.
 */
export function LedgerTable({
  rows,
  caption,
  compact = false,
}: {
  rows: LedgerRowView[];
  caption: string;
  compact?: boolean;
}) {
  return (
    <div className="table-wrap flat">
      <table className="data-table card-table ledger-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">督办事项</th>
            {compact ? null : <th scope="col">批示领导</th>}
            <th scope="col">主办单位</th>
            {compact ? null : <th scope="col">协办单位</th>}
            <th scope="col">时限</th>
            <th scope="col">状态</th>
            <th scope="col">红黄牌</th>
            {compact ? null : <th scope="col">催办次数</th>}
            <th scope="col">最新进展</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/supervision/${r.id}`}>{r.title}</Link>
                <div className="muted small">
                  {r.code} · {SUPERVISION_LEVEL_LABELS[r.level]} · {SUPERVISION_SOURCE_LABELS[r.source]}
                </div>
              </td>
              {compact ? null : <td data-label="批示领导">{r.leader}</td>}
              <td data-label="主办单位">{r.leadUnit}</td>
              {compact ? null : <td data-label="协办单位">{r.assistUnits || "—"}</td>}
              <td className="nowrap" data-label="时限">
                {r.deadline}
              </td>
              <td data-label="状态">
                <StateCell r={r} />
              </td>
              <td className="wide" data-label="红黄牌">
                <ClockBadge color={r.card.color} text={r.card.text} dueAt={r.card.dueAt} />
              </td>
              {compact ? null : (
                <td className="num" data-label="催办次数">
                  {r.urgeCount}
                </td>
              )}
              <td className="wide" data-label="最新进展">
                {r.latestProgress ? (
                  <>
                    <div className="clamp">{r.latestProgress}</div>
                    <div className="muted small">{formatChinaDateTime(r.latestAt)}</div>
                  </>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
