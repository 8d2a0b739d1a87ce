// The application clock: the one source of "now" for business time (deadlines, "today", audit times, jobs).
// Code outside this module never calls `new Date()` / `Date.now()` for business time; pure domain functions take
// the instant or the date as a parameter. (A demo mode that starts inside the plan year is being added: issue 12.)
import { chinaToday, type IsoDate } from "~/domain/dates";

/** The current instant on the application clock. */
export function now(): Date {
  return new Date();
}

/** Today's date in Beijing (Asia/Shanghai) on the application clock, "YYYY-MM-DD". */
export function today(): IsoDate {
  return chinaToday(now());
}
