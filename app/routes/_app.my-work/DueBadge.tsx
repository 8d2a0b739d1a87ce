import { dueLabel, dueState } from "~/domain/weekList";

export function DueBadge({ due, today }: { due: string; today: string }) {
  const s = dueState(due, today);
  return (
    <span className={`badge ${s.kind === "overdue" ? "red" : s.kind === "today" ? "yellow" : "blue"}`}>
      {dueLabel(s)}
    </span>
  );
}
