// 13710 deadlines are the end of a working day (24:00 China time); shown as that day, not as the next day's 00:00.
import { CST_OFFSET_MS } from "./dates";

/** "2017-10-16 24:00" for the instant 2017-10-17 00:00 CST. */
export function formatDeadline(due: Date | string | null | undefined): string {
  if (!due) return "—";
  const t = typeof due === "string" ? new Date(due) : due;
  const local = new Date(t.getTime() + CST_OFFSET_MS);
  if (local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0) {
    return `${new Date(local.getTime() - 1).toISOString().slice(0, 10)} 24:00`;
  }
  return local.toISOString().slice(0, 16).replace("T", " ");
}
