import { formatChinaDateTime } from "~/domain/dates";

export interface AuditItem {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  before: unknown;
  after: unknown;
}

const ACTION_LABELS: Record<string, string> = {
  CREATE: "新建",
  UPDATE: "修改",
  DELETE: "删除",
  SEED: "导入演示数据",
  LOG_MILESTONE: "登记",
  CORRECT_MILESTONE: "更正",
  WITHDRAW_MILESTONE: "撤回",
  PLAN_MILESTONE: "调整计划",
  CORRECT: "更正",
  ASSIGN_TEAM: "分配服务小组",
  IMPORT: "批量导入",
  PLAN_ADJUST: "动态调整",
};

const ENTITY_LABELS: Record<string, string> = {
  Project: "项目",
  Milestone: "里程碑",
  FundingRecord: "资金到位",
  InvestmentRecord: "月度投资",
  ServiceLog: "服务记录",
  AgencyTask: "代办事项",
  Attachment: "附件",
};

export function AuditHistory({ items }: { items: AuditItem[] }) {
  if (!items.length) return <p className="muted">暂无变更记录。</p>;
  return (
    <ol className="plain-list">
      {items.map((h) => (
        <li key={h.id}>
          <span className="nowrap">{formatChinaDateTime(h.at)}</span> · {h.actor} ·{" "}
          {ACTION_LABELS[h.action] ?? h.action} {ENTITY_LABELS[h.entity] ?? h.entity}
          {h.after && typeof h.after === "object" ? (
            <span className="muted small"> {summarize(h.before, h.after)}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function summarize(before: unknown, after: unknown): string {
  const a = (after ?? {}) as Record<string, unknown>;
  const b = (before ?? {}) as Record<string, unknown>;
  return Object.keys(a)
    .slice(0, 6)
    .map((k) => (k in b ? `${k}: ${fmt(b[k])} → ${fmt(a[k])}` : `${k}: ${fmt(a[k])}`))
    .join("；");
}

function fmt(v: unknown): string {
  if (v === null || v === undefined) return "空";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
