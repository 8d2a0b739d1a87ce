// Chinese working days (法定节假日 and 调休 included) for the 13710 clock. `chinese-days` carries the State
// Council's published schedules; for years it does not know yet (the schedule is announced each November) the
// admin enters holidays and 调休 days as `holiday_override` rows, which always win over the library.
// The schedule is read from the library's data file rather than through its functions: those parse the date in the
// server's local time zone (dayjs), so on a server west of UTC every answer was a day off (TZ=America/New_York run,
// docs/decisions/060). A date string is looked up as it is.
import schedule from "chinese-days/dist/chinese-days.json";
import { addDays, type IsoDate } from "./dates";

const HOLIDAYS: Readonly<Record<string, string>> = schedule.holidays;
const SHIFTED_WORKDAYS: Readonly<Record<string, string>> = schedule.workdays;
const SCHEDULED_YEARS = new Set(Object.keys(HOLIDAYS).map((d) => Number(d.slice(0, 4))));

export interface HolidayOverride {
  date: IsoDate;
  isWorkday: boolean;
}

export interface WorkCalendar {
  isWorkday(date: IsoDate): boolean;
  /** Working days in [from, to] (both ends included); 0 when to < from. */
  countWorkdays(from: IsoDate, to: IsoDate): number;
  /** True when the published holiday schedule of the year is known (library or at least one override). */
  knowsYear(year: number): boolean;
}

const libraryYears = new Map<number, boolean>();

/** Does `chinese-days` carry the holiday schedule of `year`? (Every published year has New Year's Day.) */
export function libraryKnowsYear(year: number): boolean {
  let known = libraryYears.get(year);
  if (known === undefined) {
    known = SCHEDULED_YEARS.has(year);
    libraryYears.set(year, known);
  }
  return known;
}

/** The range of years the library knows, e.g. { first: 2004, last: 2026 }. */
export function libraryYearRange(around: number): { first: number; last: number } {
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

// The library's answers never change: remember them (it parses and formats the date on every call, and a queue of
// issues a year overdue asks about every day since).
const libraryDays = new Map<IsoDate, boolean>();
function libraryIsWorkday(date: IsoDate): boolean {
  let v = libraryDays.get(date);
  if (v === undefined) {
    v = date in SHIFTED_WORKDAYS ? true : date in HOLIDAYS ? false : weekday(date) !== 0 && weekday(date) !== 6;
    libraryDays.set(date, v);
  }
  return v;
}

const DAY_MS = 86_400_000;
function dayOfYear(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(y, 0, 1)) / DAY_MS);
}

// Calendars by their overrides: a request's calendar is the last one built for the same holiday_override rows
// (the same answers), with the per-year counts it already worked out. Few distinct override sets ever exist.
const calendars = new Map<string, WorkCalendar>();

export function workCalendar(overrides: Iterable<HolidayOverride> = []): WorkCalendar {
  const list = [...overrides];
  const key = list
    .map((o) => `${o.date}${o.isWorkday ? "+" : "-"}`)
    .sort()
    .join(",");
  let cal = calendars.get(key);
  if (!cal) {
    if (calendars.size >= 16) calendars.clear();
    cal = buildCalendar(list);
    calendars.set(key, cal);
  }
  return cal;
}

function buildCalendar(overrides: HolidayOverride[]): WorkCalendar {
  const byDate = new Map<IsoDate, boolean>();
  const overrideYears = new Set<number>();
  for (const o of overrides) {
    byDate.set(o.date, o.isWorkday);
    overrideYears.add(Number(o.date.slice(0, 4)));
  }
  const isWorkday = (date: IsoDate) => {
    const o = byDate.get(date);
    if (o !== undefined) return o;
    const year = Number(date.slice(0, 4));
    if (libraryKnowsYear(year)) return libraryIsWorkday(date);
    // Unknown year without an override: plain Monday–Friday.
    const w = weekday(date);
    return w !== 0 && w !== 6;
  };
  // Per year, the working days up to and including each day: a count over years is a few lookups.
  const cumulative = new Map<number, Int32Array>();
  const upTo = (year: number, index: number) => {
    let c = cumulative.get(year);
    if (!c) {
      const days = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
      c = new Int32Array(days);
      let n = 0;
      for (let i = 0; i < days; i++) {
        if (isWorkday(new Date(Date.UTC(year, 0, 1) + i * DAY_MS).toISOString().slice(0, 10))) n++;
        c[i] = n;
      }
      cumulative.set(year, c);
    }
    return index < 0 ? 0 : c[Math.min(index, c.length - 1)];
  };
  return {
    isWorkday,
    countWorkdays(from, to) {
      if (to < from) return 0;
      const fy = Number(from.slice(0, 4));
      const ty = Number(to.slice(0, 4));
      let n = 0;
      for (let y = fy; y <= ty; y++) {
        const last = y === ty ? dayOfYear(to) : Number.MAX_SAFE_INTEGER;
        const first = y === fy ? dayOfYear(from) : 0;
        n += upTo(y, last) - upTo(y, first - 1);
      }
      return n;
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
  return cal.countWorkdays(from, to);
}
