// Date helpers for the seed. Business dates are ISO strings "YYYY-MM-DD" (stored in @db.Date columns as UTC
// midnight); instants are China Standard Time (UTC+8).
import { addDays, addMonths, daysBetween, fromIsoDate, toIsoDate, type IsoDate } from "../../app/domain/dates.ts";
import { DEMO_START } from "../../app/domain/demoClock.ts";
import type { Rng } from "./rng.ts";

export { addDays, addMonths, daysBetween, type IsoDate };

/** The seeded plan year. */
export const PLAN_YEAR = 2017;
/** The demo date: the Beijing day of the demo clock's start (2017-11-20, a Monday; the demo opens at 09:00). */
export const DEMO_DAY: IsoDate = toIsoDate(new Date(Date.parse(DEMO_START) + 8 * 3_600_000));
/**
 * The "as of" date the seed records facts for: the day before the demo date, so that nothing a person reads on the
 * demo date (actual milestones, funding, monthly investment, logs, completed tasks, audit) lies in its future.
 */
export const AS_OF: IsoDate = addDays(DEMO_DAY, -1);
/**
 * The year end the projects' progress is first shaped for (progress.ts: stage chains, lag classes, investment over
 * the year); clampToDemo (plan.ts) then turns what would have happened after AS_OF into plans.
 */
export const YEAR_END: IsoDate = "2017-12-31";
/** The 30 service teams started work in April 2017 (report §二(三)); earlier records are logged by counties. */
export const TEAMS_START: IsoDate = "2017-04-01";

export function day(iso: IsoDate): Date {
  return fromIsoDate(iso);
}

export function iso(d: Date): IsoDate {
  return toIsoDate(d);
}

/** The instant of `hh:mm` China time on a given date. */
export function cst(date: IsoDate, hour: number, minute = 0): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, hour - 8, minute));
}

export function minIso(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxIso(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return fromIsoDate(date).getUTCDay();
}

/** Moves a Saturday/Sunday forward to the Monday (signing ceremonies, permits and meetings are on weekdays). */
export function workday(date: IsoDate): IsoDate {
  const w = weekday(date);
  return w === 6 ? addDays(date, 2) : w === 0 ? addDays(date, 1) : date;
}

/** A workday in [from, to] (falls back to `from` when the range holds none). */
export function randomWorkday(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const span = daysBetween(from, to);
  if (span < 0) return from;
  for (let i = 0; i < 6; i++) {
    const d = workday(addDays(from, rng.int(0, span)));
    if (d <= to) return d;
  }
  return from;
}

export function randomDate(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, rng.int(0, span));
}

export function monthOf(date: IsoDate): number {
  return Number(date.slice(5, 7));
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** An office-hours timestamp (09:00–17:59 CST) on the given date. */
export function officeTime(rng: Rng, date: IsoDate): Date {
  return cst(date, rng.int(9, 17), rng.int(0, 59));
}
