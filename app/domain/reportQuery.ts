// The reports' period rules and grouping vocabulary, shared by the pages and the presenters. The zod schema that
// parses the URL lives in reportQuery.server.ts (full zod stays out of the browser bundle).
import type { IsoDate } from "./dates";
import { yearEnd } from "./kpi";

export const FUNNEL_DIMENSIONS = ["county", "industry", "source", "method", "event", "month"] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];

/**
 * The plan year and as-of date a report shows: the year asked for, else the current year when it has data,
 * else the latest year with data before it; as of the date asked for, else today, capped at the year's end
 * (a past year is shown as it closed).
 */
export function resolvePeriod(
  q: { year?: number; asOf?: IsoDate },
  years: readonly number[],
  today: IsoDate,
): { year: number; asOf: IsoDate } {
  const thisYear = Number(today.slice(0, 4));
  const year =
    q.year ??
    (years.includes(thisYear)
      ? thisYear
      : (years.filter((y) => y <= thisYear).sort((a, b) => b - a)[0] ?? years[0] ?? thisYear));
  const end = yearEnd(year);
  const asOf = q.asOf ?? (today < end ? today : end);
  return { year, asOf };
}
