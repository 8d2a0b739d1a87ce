import { describe, expect, it } from "vitest";
import { backupsToKeep, dayKey, weekKey } from "./backupRetention";

/** A backup every day at 02:00 Beijing (18:00 UTC the day before) for `days` days ending on `last`. */
function daily(last: string, days: number) {
  const end = new Date(`${last}T02:00:00+08:00`).getTime();
  return Array.from({ length: days }, (_, i) => {
    const takenAt = new Date(end - i * 86_400_000);
    return { name: `b-${dayKey(takenAt)}`, takenAt };
  });
}

describe("backup retention (7 daily, 4 weekly, 12 monthly)", () => {
  it("keeps the last 7 days, the newest of 4 weeks and of 12 months from a year of nightly backups", () => {
    const all = daily("2017-11-20", 400);
    const keep = [...backupsToKeep(all)].sort();
    // 7 days: 11-14 … 11-20; weeks (Mon–Sun, ISO): newest of the weeks ending 11-19, 11-12, 11-05 beside this
    // week's 11-20; months: the newest of each month back to 2016-12
    expect(keep).toEqual(
      [
        ...["14", "15", "16", "17", "18", "19", "20"].map((d) => `b-2017-11-${d}`),
        "b-2017-11-12",
        "b-2017-11-05",
        "b-2017-10-31",
        "b-2017-09-30",
        "b-2017-08-31",
        "b-2017-07-31",
        "b-2017-06-30",
        "b-2017-05-31",
        "b-2017-04-30",
        "b-2017-03-31",
        "b-2017-02-28",
        "b-2017-01-31",
        "b-2016-12-31",
      ].sort(),
    );
  });

  it("counts days that have backups, keeps the newest of a day, and never deletes the only backup", () => {
    const at = (iso: string) => new Date(iso);
    const backups = [
      { name: "a-morning", takenAt: at("2017-11-20T01:00:00+08:00") },
      { name: "a-upgrade", takenAt: at("2017-11-20T15:00:00+08:00") },
      { name: "b", takenAt: at("2017-10-01T02:00:00+08:00") },
    ];
    expect([...backupsToKeep(backups)].sort()).toEqual(["a-upgrade", "b"]);
    expect([...backupsToKeep(backups.slice(0, 1), { daily: 0, weekly: 0, monthly: 0 })]).toEqual(["a-morning"]);
    expect(backupsToKeep([]).size).toBe(0);
  });

  it("reads days and ISO weeks in Beijing time", () => {
    // 2017-12-31 20:00 UTC is 2018-01-01 04:00 in Beijing: Monday of ISO week 2018-W01
    expect(dayKey(new Date("2017-12-31T20:00:00Z"))).toBe("2018-01-01");
    expect(weekKey(new Date("2017-12-31T20:00:00Z"))).toBe("2018-W01");
    expect(weekKey(new Date("2017-12-31T10:00:00Z"))).toBe("2017-W52");
    // 2021-01-03 (Sunday) belongs to 2020-W53
    expect(weekKey(new Date("2021-01-03T04:00:00Z"))).toBe("2020-W53");
  });
});
