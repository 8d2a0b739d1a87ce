import { ISSUE_LEVEL_LABELS, ISSUE_STATUS_LABELS } from "~/domain/labels";

const STATUS_CLASS: Record<keyof typeof ISSUE_STATUS_LABELS, string> = {
  SUBMITTED: "blue",
  ACCEPTED: "blue",
  RESPONDED: "blue",
  RESOLVED: "yellow",
  CLOSED: "green",
  REOPENED: "red",
};

export function IssueStatusBadge({ status }: { status: keyof typeof ISSUE_STATUS_LABELS }) {
  return <span className={`badge ${STATUS_CLASS[status]}`}>{ISSUE_STATUS_LABELS[status]}</span>;
}

export function IssueLevelBadge({ level }: { level: keyof typeof ISSUE_LEVEL_LABELS }) {
  return <span className={`badge level-${level}`}>{ISSUE_LEVEL_LABELS[level]}</span>;
}
