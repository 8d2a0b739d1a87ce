// Which backups to keep (docs/decisions/075): the newest backup of each of the last 7 days that have one, of each
// of the last 4 ISO weeks and of each of the last 12 months (Beijing calendar) — the usual
// grandfather-father-son rotation, counted the way restic's --keep-daily/--keep-weekly/--keep-monthly count.
// Pure: the caller lists the backups and deletes the rest.

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12 };

export interface DatedBackup {
  name: string;
  takenAt: Date;
}

function beijing(d: Date): Date {
  return new Date(d.getTime() + 8 * 3600_000); // read with getUTC* = Beijing wall time
}

export function dayKey(d: Date): string {
  return beijing(d).toISOString().slice(0, 10);
}

export function monthKey(d: Date): string {
  return beijing(d).toISOString().slice(0, 7);
}

/** ISO 8601 week of the Beijing date, "YYYY-Www" (the year is the week's year, not always the date's). */
export function weekKey(d: Date): string {
  const b = beijing(d);
  const day = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()));
  const dow = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - dow); // the Thursday of this week decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The names to keep; everything else may be deleted. The newest backup is always kept. */
export function backupsToKeep(backups: readonly DatedBackup[], policy: RetentionPolicy = DEFAULT_RETENTION) {
  const newestFirst = [...backups].sort(
    (a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1),
  );
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].name);
  const rules: Array<[number, (d: Date) => string]> = [
    [policy.daily, dayKey],
    [policy.weekly, weekKey],
    [policy.monthly, monthKey],
  ];
  for (const [count, key] of rules) {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      if (seen.size >= count) break;
      const k = key(b.takenAt);
      if (seen.has(k)) continue;
      seen.add(k);
      keep.add(b.name);
    }
  }
  return keep;
}
