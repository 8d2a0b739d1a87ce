// When the reminders beyond issues fall due (issue 16, docs/decisions/130): pure rules on the application clock's
// date and the working-day calendar, shared by the reminder sweep and its tests.
import { addDays, chinaToday, CST_OFFSET_MS, type IsoDate } from "./dates";
import { weekOf } from "./weekList";
import { nthWorkdayAfter, type WorkCalendar } from "./workdays";

/** A milestone is announced this many days before its planned date. */
export const MILESTONE_HORIZON_DAYS = 7;
/**
 * Dates that were reached (a follow-up date, an overdue task, a project turning yellow) are announced only within
 * this many days: a first run after deployment does not post months of old items to a group (they are on the
 * 一周一清单 and in the weekly digest).
 */
export const LOOKBACK_DAYS = 7;
/** The weekly digest goes out at this Beijing time on the first working day of the week. */
export const DIGEST_AT = { hour: 8, minute: 30 } as const;

/** Minutes since Beijing midnight of an instant. */
export function beijingMinutes(at: Date): number {
  const d = new Date(at.getTime() + CST_OFFSET_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** An agency task's reminder today: due within 1 working day, overdue (recently), or none. */
export function taskReminder(dueOn: IsoDate, today: IsoDate, cal: WorkCalendar): "DUE_SOON" | "OVERDUE" | null {
  if (dueOn < today) return dueOn >= addDays(today, -LOOKBACK_DAYS) ? "OVERDUE" : null;
  return dueOn <= nthWorkdayAfter(cal, today, 1) ? "DUE_SOON" : null;
}

/** The first working day of the week (Monday–Sunday) containing `today`, or null for a week without one. */
export function firstWorkdayOfWeek(today: IsoDate, cal: WorkCalendar): IsoDate | null {
  const { start } = weekOf(today);
  for (let i = 0; i < 7; i++) {
    const d = addDays(start, i);
    if (cal.isWorkday(d)) return d;
  }
  return null;
}

/**
 * The week (its Monday) whose digest is due at `now`: today is that week's first working day and it is 08:30 or
 * later in Beijing. Later days of the week do not send a missed digest (the week list page has it).
 */
export function digestWeekDue(now: Date, today: IsoDate, cal: WorkCalendar): IsoDate | null {
  if (firstWorkdayOfWeek(today, cal) !== today) return null;
  if (beijingMinutes(now) < DIGEST_AT.hour * 60 + DIGEST_AT.minute) return null;
  return weekOf(today).start;
}

/** Quiet hours (Beijing): non-urgent messages to outside channels written in them wait until their end. */
export const QUIET_HOURS = { from: 22 * 60, until: 7 * 60 + 30 } as const;

/**
 * When a message written at `at` may go out: at once, or — for a non-urgent one in the quiet hours 22:00–07:30
 * Beijing — at the next 07:30.
 */
export function releaseAt(at: Date, urgent: boolean): Date {
  const m = beijingMinutes(at);
  if (urgent || (m < QUIET_HOURS.from && m >= QUIET_HOURS.until)) return at;
  const day = chinaToday(at);
  const morning = m >= QUIET_HOURS.from ? addDays(day, 1) : day;
  return new Date(`${morning}T07:30:00+08:00`);
}
