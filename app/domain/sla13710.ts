// The "13710" clock on enterprise issues (docs/design.md §5): accept within 1 working day, first feedback within 3,
// ordinary issues resolved within 7, complex ones resolved (or reported with a plan) within 10 — then escalate.
// The numbers are data (`sla_policy`), the calendar is Chinese working days (workdays.ts).
//
// When a deadline falls: like 行政许可法 §82 / 民法典 §201 periods, the day the clock starts is not counted. A
// deadline of N working days is the END (24:00 China time) of the N-th working day after the China calendar date
// the clock started on. A Friday-evening submission therefore has all of Monday to be accepted, and a
// submission during the National Day week starts counting on the first working day after it.
//
// Colours: red once the current step's deadline has passed; yellow when at most `dueSoonDays` working days are
// left, counting today when today is a working day (so a step due today, or due Monday seen on the weekend
// before, is yellow with the default of 1); green otherwise. A resolved or closed issue's clock is stopped.
import { addDays, chinaToday, CST_OFFSET_MS, type IsoDate } from "./dates";
import { nthWorkdayAfter, workdaysBetween, type WorkCalendar } from "./workdays";

export interface SlaPolicy {
  acceptDays: number;
  respondDays: number;
  resolveDays: number;
  complexDays: number;
  dueSoonDays: number;
  autoEscalate: boolean;
}

export type ClockStep = "ACCEPT" | "RESPOND" | "RESOLVE";
export const CLOCK_STEPS: readonly ClockStep[] = ["ACCEPT", "RESPOND", "RESOLVE"];
export const CLOCK_STEP_LABELS: Record<ClockStep, string> = { ACCEPT: "受理", RESPOND: "首次反馈", RESOLVE: "办结" };

export type ClockColor = "green" | "yellow" | "red" | "stopped";
export type ClockStatus = "SUBMITTED" | "ACCEPTED" | "RESPONDED" | "RESOLVED" | "CLOSED" | "REOPENED";

export interface ClockDeadlines {
  acceptDueAt: Date;
  respondDueAt: Date;
  resolveDueAt: Date;
}

export interface ClockFields {
  status: ClockStatus;
  acceptDueAt: Date | null;
  respondDueAt: Date | null;
  resolveDueAt: Date | null;
}

/** The instant a China calendar day ends (00:00 CST of the next day). */
export function endOfChinaDay(date: IsoDate): Date {
  return new Date(Date.parse(`${addDays(date, 1)}T00:00:00.000Z`) - CST_OFFSET_MS);
}

/** The China calendar day whose end a deadline instant is. */
export function deadlineDay(due: Date): IsoDate {
  return chinaToday(new Date(due.getTime() - 1));
}

/** End of the `days`-th working day after the China date of `start`. */
export function workingDeadline(start: Date, days: number, cal: WorkCalendar): Date {
  return endOfChinaDay(nthWorkdayAfter(cal, chinaToday(start), days));
}

/** The three deadlines of a clock started at `start`. */
export function clockDeadlines(start: Date, isComplex: boolean, policy: SlaPolicy, cal: WorkCalendar): ClockDeadlines {
  return {
    acceptDueAt: workingDeadline(start, policy.acceptDays, cal),
    respondDueAt: workingDeadline(start, policy.respondDays, cal),
    resolveDueAt: workingDeadline(start, isComplex ? policy.complexDays : policy.resolveDays, cal),
  };
}

const STATUS_RANK: Record<ClockStatus, number> = {
  SUBMITTED: 0,
  REOPENED: 0,
  ACCEPTED: 1,
  RESPONDED: 2,
  RESOLVED: 3,
  CLOSED: 4,
};
const STEP_RANK: Record<ClockStep, number> = { ACCEPT: 1, RESPOND: 2, RESOLVE: 3 };

/** Has the step been done in the running clock? (A clock restart puts the status back to SUBMITTED/REOPENED.) */
export function stepDone(step: ClockStep, status: ClockStatus): boolean {
  return STATUS_RANK[status] >= STEP_RANK[step];
}

/** The step the clock is waiting for, or null when it is stopped (resolved or closed). */
export function currentStep(status: ClockStatus): ClockStep | null {
  return CLOCK_STEPS.find((s) => !stepDone(s, status)) ?? null;
}

export function stepDue(
  step: ClockStep,
  c: Pick<ClockFields, "acceptDueAt" | "respondDueAt" | "resolveDueAt">,
): Date | null {
  return step === "ACCEPT" ? c.acceptDueAt : step === "RESPOND" ? c.respondDueAt : c.resolveDueAt;
}

/** Steps not done whose deadline has passed at `now`, in order. */
export function overdueSteps(c: ClockFields, now: Date): ClockStep[] {
  return CLOCK_STEPS.filter((s) => {
    const due = stepDue(s, c);
    return !stepDone(s, c.status) && due !== null && due.getTime() <= now.getTime();
  });
}

/** Working days left until `due`, counting today when it is a working day; 0 once it has passed. */
export function workingDaysLeft(now: Date, due: Date, cal: WorkCalendar): number {
  if (due.getTime() <= now.getTime()) return 0;
  return workdaysBetween(cal, chinaToday(now), deadlineDay(due));
}

/** Working days a deadline has been overdue, counting today when it is a working day. */
export function workingDaysOverdue(now: Date, due: Date, cal: WorkCalendar): number {
  if (due.getTime() > now.getTime()) return 0;
  return workdaysBetween(cal, addDays(deadlineDay(due), 1), chinaToday(now));
}

/**
 * The latest deadline that counts as "due soon" at `now`: the end of the `dueSoonDays`-th working day counting
 * from today. A deadline d is yellow exactly when now < d ≤ cutoff (lets the queues filter in SQL).
 */
export function dueSoonCutoff(now: Date, dueSoonDays: number, cal: WorkCalendar): Date {
  if (dueSoonDays <= 0) return now;
  const today = chinaToday(now);
  const day = cal.isWorkday(today)
    ? dueSoonDays === 1
      ? today
      : nthWorkdayAfter(cal, today, dueSoonDays - 1)
    : nthWorkdayAfter(cal, today, dueSoonDays);
  return endOfChinaDay(day);
}

export interface ClockState {
  step: ClockStep | null;
  dueAt: Date | null;
  color: ClockColor;
  /** Working days left (green/yellow) or overdue (red); null when stopped. */
  workingDays: number | null;
}

export function clockState(
  c: ClockFields,
  now: Date,
  policy: Pick<SlaPolicy, "dueSoonDays">,
  cal: WorkCalendar,
): ClockState {
  const step = currentStep(c.status);
  const dueAt = step ? stepDue(step, c) : null;
  if (!step || !dueAt) return { step, dueAt, color: "stopped", workingDays: null };
  if (dueAt.getTime() <= now.getTime()) {
    return { step, dueAt, color: "red", workingDays: workingDaysOverdue(now, dueAt, cal) };
  }
  const left = workingDaysLeft(now, dueAt, cal);
  return { step, dueAt, color: left <= policy.dueSoonDays ? "yellow" : "green", workingDays: left };
}

/** "受理已超时 2 个工作日" / "首次反馈今日到期" / "办结剩余 4 个工作日" / "已办结". */
export function clockText(s: ClockState, status: ClockStatus, now: Date): string {
  if (s.color === "stopped" || !s.step || !s.dueAt) return status === "CLOSED" ? "已办结" : "已解决待确认";
  const label = CLOCK_STEP_LABELS[s.step];
  if (s.color === "red") return s.workingDays ? `${label}已超时 ${s.workingDays} 个工作日` : `${label}已超时`;
  if (deadlineDay(s.dueAt) === chinaToday(now)) return `${label}今日到期`;
  return `${label}剩余 ${s.workingDays} 个工作日`;
}
