import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import { MILESTONE_LABELS } from "~/domain/labels";
import type { MilestoneStage } from "~/domain/stage";

export interface MilestoneHistoryEntry {
  id: number;
  stage: MilestoneStage;
  kind: "PLANNED" | "LOGGED" | "CORRECTED" | "WITHDRAWN";
  fromPlanned: string | null;
  toPlanned: string | null;
  fromActual: string | null;
  toActual: string | null;
  evidenceNo: string | null;
  reason: string | null;
  actor: string;
  at: string;
}

const KIND = { PLANNED: "调整计划", LOGGED: "登记", CORRECTED: "更正", WITHDRAWN: "撤回" } as const;

/** Every planned-date move, log, correction and withdrawal stays visible, with who, when and why. */
export function MilestoneHistory({ items }: { items: MilestoneHistoryEntry[] }) {
  if (!items.length) return <p className="muted">暂无里程碑记录。</p>;
  return (
    <ol className="plain-list history">
      {items.map((e) => (
        <li key={e.id} className={`ms-event ${e.kind.toLowerCase()}`}>
          <span className="nowrap">{formatChinaDateTime(e.at)}</span> · {e.actor} ·{" "}
          <strong>
            {KIND[e.kind]}「{MILESTONE_LABELS[e.stage]}」
          </strong>{" "}
          {describe(e)}
          {e.reason ? <span className="muted"> 原因：{e.reason}</span> : null}
        </li>
      ))}
    </ol>
  );
}

function describe(e: MilestoneHistoryEntry): string {
  switch (e.kind) {
    case "PLANNED":
      return `计划日期 ${e.fromPlanned ? `${formatChineseDate(e.fromPlanned)} → ` : ""}${e.toPlanned ? formatChineseDate(e.toPlanned) : "（清除）"}`;
    case "LOGGED":
      return `实际日期 ${formatChineseDate(e.toActual)}${e.evidenceNo ? `，凭证 ${e.evidenceNo}` : ""}`;
    case "CORRECTED":
      return `实际日期 ${formatChineseDate(e.fromActual)} → ${formatChineseDate(e.toActual)}${e.evidenceNo ? `，凭证 ${e.evidenceNo}` : ""}`;
    case "WITHDRAWN":
      return `撤回原实际日期 ${formatChineseDate(e.fromActual)}${e.evidenceNo ? `（凭证 ${e.evidenceNo}）` : ""}`;
  }
}
