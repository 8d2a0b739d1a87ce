// 一周一清单 (the weekly list of the 13710 system): what falls due this week or is already overdue.
import { addDays, daysBetween, fromIsoDate, type IsoDate } from "./dates";

/** Monday … Sunday of the week containing `today` (Chinese working weeks start on Monday). */
export function weekOf(today: IsoDate): { start: IsoDate; end: IsoDate } {
  const dow = fromIsoDate(today).getUTCDay(); // 0 = Sunday
  const start = addDays(today, -((dow + 6) % 7));
  return { start, end: addDays(start, 6) };
}

export type DueState = { kind: "overdue"; days: number } | { kind: "today" } | { kind: "thisWeek"; days: number };

/** How a due date relates to today, for the list's badge. */
export function dueState(due: IsoDate, today: IsoDate): DueState {
  const days = daysBetween(today, due);
  if (days < 0) return { kind: "overdue", days: -days };
  if (days === 0) return { kind: "today" };
  return { kind: "thisWeek", days };
}

export function dueLabel(s: DueState): string {
  switch (s.kind) {
    case "overdue":
      return `逾期 ${s.days} 天`;
    case "today":
      return "今天到期";
    case "thisWeek":
      return `${s.days} 天后到期`;
  }
}
