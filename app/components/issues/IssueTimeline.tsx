import { formatChinaDateTime } from "~/domain/dates";
import { ISSUE_EVENT_LABELS, ISSUE_LEVEL_LABELS, ISSUE_STATUS_LABELS, ROLE_LABELS, label } from "~/domain/labels";

export interface TimelineEvent {
  id: number;
  kind: keyof typeof ISSUE_EVENT_LABELS;
  fromStatus: string | null;
  toStatus: string | null;
  fromLevel: string | null;
  toLevel: string | null;
  note: string | null;
  at: string;
  actor: string;
  actorRole: string | null;
}

const TONE: Partial<Record<TimelineEvent["kind"], string>> = {
  OVERDUE: "red",
  AUTO_ESCALATED: "red",
  ESCALATED: "yellow",
  REJECTED: "red",
  REOPENED: "red",
  RESOLVED: "green",
  CONFIRMED: "green",
  COMMENTED: "muted",
  ROUTED: "yellow",
};

/** Every transition of an issue, oldest first, with its time and author. */
export function IssueTimeline({ events }: { events: TimelineEvent[] }) {
  if (!events.length) return <p className="muted">暂无办理记录。</p>;
  return (
    <ol className="issue-timeline">
      {events.map((e) => (
        <li key={e.id} className={`tone-${TONE[e.kind] ?? "default"}`}>
          <div className="it-head">
            <strong>{ISSUE_EVENT_LABELS[e.kind]}</strong>
            <span className="muted small nowrap">
              <time dateTime={e.at}>{formatChinaDateTime(e.at)}</time>
            </span>
            <span className="small">
              {e.actor}
              {e.actorRole ? <span className="muted">（{label(ROLE_LABELS, e.actorRole)}）</span> : null}
            </span>
          </div>
          {e.toLevel && e.fromLevel ? (
            <div className="small muted">
              {label(ISSUE_LEVEL_LABELS, e.fromLevel)} → {label(ISSUE_LEVEL_LABELS, e.toLevel)}
            </div>
          ) : e.toLevel && e.kind === "SUBMITTED" ? (
            <div className="small muted">提交至{label(ISSUE_LEVEL_LABELS, e.toLevel)}</div>
          ) : null}
          {e.toStatus && e.fromStatus && e.fromStatus !== e.toStatus ? (
            <div className="small muted">
              状态：{label(ISSUE_STATUS_LABELS, e.fromStatus)} → {label(ISSUE_STATUS_LABELS, e.toStatus)}
            </div>
          ) : null}
          {e.note ? <p className="it-note">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
