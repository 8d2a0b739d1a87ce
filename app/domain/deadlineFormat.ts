// One convention for deadlines everywhere (issue 12 part 5): "12月15日（周二）24:00". 13710 deadlines are the end of
// a working day (24:00 China time) and are shown as that day's 24:00, not as the next day's 00:00; an agency task's
// due date (a calendar day) is the end of that day too. The year is left out only when the caller passes the
// current (China calendar) year and the deadline falls in it.
import { CST_OFFSET_MS } from "./dates";

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

function dayText(local: Date, currentYear?: number): string {
  const y = local.getUTCFullYear();
  const prefix = y === currentYear ? "" : `${y}年`;
  return `${prefix}${local.getUTCMonth() + 1}月${local.getUTCDate()}日（${WEEKDAYS[local.getUTCDay()]}）`;
}

/**
 * "2017年10月16日（周一）24:00" for the instant 2017-10-17 00:00 CST, "…10:30" for other instants; a plain ISO date
 * "2017-10-16" is the end of that day. With `currentYear` 2017 the year is left out: "10月16日（周一）24:00".
 */
export function formatDeadline(due: Date | string | null | undefined, currentYear?: number): string {
  if (!due) return "—";
  if (typeof due === "string" && /^\d{4}-\d{2}-\d{2}$/.test(due)) {
    return `${dayText(new Date(`${due}T00:00:00Z`), currentYear)}24:00`;
  }
  const t = typeof due === "string" ? new Date(due) : due;
  if (Number.isNaN(t.getTime())) return "—";
  const local = new Date(t.getTime() + CST_OFFSET_MS);
  if (local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0) {
    return `${dayText(new Date(local.getTime() - 1), currentYear)}24:00`;
  }
  const hh = String(local.getUTCHours()).padStart(2, "0");
  const mm = String(local.getUTCMinutes()).padStart(2, "0");
  return `${dayText(local, currentYear)}${hh}:${mm}`;
}
