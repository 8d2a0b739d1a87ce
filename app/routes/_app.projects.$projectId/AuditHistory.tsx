// The project's 变更历史: entries already in Chinese (app/domain/auditText.ts, composed in getProjectDetail).
export interface AuditItem {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  change: string;
}

export function AuditHistory({ items }: { items: AuditItem[] }) {
  if (!items.length) return <p className="muted">暂无变更记录。</p>;
  return (
    <ol className="plain-list">
      {items.map((h) => (
        <li key={h.id}>
          <span className="nowrap">{h.at}</span> · {h.actor} · {h.action} {h.entity}
          {h.change ? <span className="muted small"> {h.change}</span> : null}
        </li>
      ))}
    </ol>
  );
}
