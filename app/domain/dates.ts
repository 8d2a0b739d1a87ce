// Date-only values (milestones, funding) are ISO strings "YYYY-MM-DD" in the domain and UTC-midnight Dates
// in Prisma (@db.Date). Business time is China Standard Time (UTC+8, no DST).
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
export const CST_OFFSET_MS = 8 * 3600_000;

export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Date (UTC midnight, as Prisma returns @db.Date) → "YYYY-MM-DD". */
export function toIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" → Date at UTC midnight (what Prisma expects for @db.Date). */
export function fromIsoDate(s: IsoDate): Date {
  if (!isIsoDate(s)) throw new Error(`invalid date ${s}`);
  return new Date(`${s}T00:00:00.000Z`);
}

/** The calendar date in China for an instant. */
export function chinaToday(now: Date): IsoDate {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(s: IsoDate, days: number): IsoDate {
  const d = fromIsoDate(s);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

export function addMonths(s: IsoDate, months: number): IsoDate {
  const [y, m, day] = s.split("-").map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return toIsoDate(new Date(Date.UTC(ny, nm, Math.min(day, last))));
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((fromIsoDate(b).getTime() - fromIsoDate(a).getTime()) / 86_400_000);
}

/** "2017年3月5日" */
export function formatChineseDate(s: IsoDate | Date | null | undefined): string {
  if (!s) return "—";
  const iso = typeof s === "string" ? s : toIsoDate(s);
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** "2017-03-05 14:20" in China time */
export function formatChinaDateTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const t = typeof d === "string" ? new Date(d) : d;
  return new Date(t.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
