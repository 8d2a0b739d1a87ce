// Chinese working days (法定节假日 and 调休 included) for the 13710 clock. `chinese-days` carries the State
// Council's published schedules; for years it does not know yet (the schedule is announced each November) the
// admin enters holidays and 调休 days as `holiday_override` rows, which always win over the library.
import chineseDays from "chinese-days";
import { addDays, type IsoDate } from "./dates";

export interface HolidayOverride {
  date: IsoDate;
  isWorkday: boolean;
}

export interface WorkCalendar {
  isWorkday(date: IsoDate): boolean;
  /** True when the published holiday schedule of the year is known (library or at least one override). */
  knowsYear(year: number): boolean;
}

const libraryYears = new Map<number, boolean>();

/** Does `chinese-days` carry the holiday schedule of `year`? (Every published year has New Year's Day.) */
export function libraryKnowsYear(year: number): boolean {
  let known = libraryYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    libraryYears.set(year, known);
  }
  return known;
}

/** The range of years the library knows, e.g. { first: 2004, last: 2026 }. */
export function libraryYearRange(around = new Date().getUTCFullYear()): { first: number; last: number } {
  let last = around;
  while (!libraryKnowsYear(last) && last > 2000) last--;
  while (libraryKnowsYear(last + 1)) last++;
  let first = last;
  while (libraryKnowsYear(first - 1)) first--;
  return { first, last };
}

function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function workCalendar(overrides: Iterable<HolidayOverride> = []): WorkCalendar {
  const byDate = new Map<IsoDate, boolean>();
  const overrideYears = new Set<number>();
  for (const o of overrides) {
    byDate.set(o.date, o.isWorkday);
    overrideYears.add(Number(o.date.slice(0, 4)));
  }
  return {
    isWorkday(date) {
      const o = byDate.get(date);
      if (o !== undefined) return o;
      const year = Number(date.slice(0, 4));
      if (libraryKnowsYear(year)) return chineseDays.isWorkday(date);
      // Unknown year without an override: plain Monday–Friday.
      const w = weekday(date);
      return w !== 0 && w !== 6;
    },
    knowsYear(year) {
      return libraryKnowsYear(year) || overrideYears.has(year);
    },
  };
}

/** The `n`-th working day strictly after `date` (n ≥ 1). */
export function nthWorkdayAfter(cal: WorkCalendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
  let d = date;
  let found = 0;
  // A year has at most ~12 consecutive non-working days; the bound only guards against a broken calendar.
  for (let guard = 0; guard < n * 30 + 60; guard++) {
    d = addDays(d, 1);
    if (cal.isWorkday(d) && ++found === n) return d;
  }
  throw new Error(`no ${n} working days after ${date}: check holiday overrides`);
}

/** Working days in [from, to] (both ends included); 0 when to < from. */
export function workdaysBetween(cal: WorkCalendar, from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (cal.isWorkday(d)) n++;
  return n;
}
