// The demo lives on its own calendar (issue 12, part 4): on the demo date (2017-11-20, the seeded application
// clock) the pages a visitor opens first look like a working office in November 2017 — the team's week list has
// no year-old leftovers, the default 月度通报 (2017-10) has issues and milestones, the issue queue shows all three
// 13710 clock colours, and the dashboard is "as of" the demo date.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { addDays } from "~/domain/dates";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as issuesLoader } from "~/routes/_app.issues._index/route";
import { loader as myWorkLoader } from "~/routes/_app.my-work/route";
import { loader as reportLoader } from "~/routes/_app.reports.monthly/route";
import { today as clockToday } from "~/utils/clock.server";
import { requestAs, run } from "../support/requests";

async function load<T>(user: string, path: string, loader: (a: LoaderFunctionArgs) => Promise<T>) {
  const r = await run(async () => loader({ request: await requestAs(user, path), params: {}, context: {} }));
  expect(r.status, `${user} ${path}`).toBe(200);
  return r.data as Record<string, unknown>;
}

describe("the demo calendar", () => {
  it("the application clock is on the demo date", () => {
    expect(clockToday()).toBe("2017-11-20");
  });

  it("team01's week list has nothing overdue by more than a year", async () => {
    const d = (await load("team01", "/my-work", myWorkLoader)) as unknown as {
      today: string;
      milestones: { count: number; items: { plannedOn: string }[] };
      tasks: { count: number; items: { dueOn: string }[] };
      followUps: { count: number; items: { followUpOn: string }[] };
      issues: { count: number; items: { resolveDueAt: string | null }[] };
    };
    expect(d.today).toBe("2017-11-20");
    const yearAgo = addDays(d.today, -365);
    const dates = [
      ...d.milestones.items.map((m) => m.plannedOn),
      ...d.tasks.items.map((t) => t.dueOn),
      ...d.followUps.items.map((f) => f.followUpOn),
      ...d.issues.items.flatMap((i) => (i.resolveDueAt ? [i.resolveDueAt.slice(0, 10)] : [])),
    ];
    expect(dates.length).toBeGreaterThan(0);
    for (const due of dates) expect(due >= yearAgo, `${due} is more than a year before ${d.today}`).toBe(true);
  });

  it("bureau's default 月度通报 (2017-10) lists coordination issues and milestones of the month", async () => {
    const d = (await load("bureau", "/reports/monthly", reportLoader)) as unknown as {
      month: { key: string };
      model: { issues: { rows: unknown[] }; milestones: { actualOn: string }[] };
    };
    expect(d.month.key).toBe("2017-10");
    expect(d.model.issues.rows.length).toBeGreaterThan(0);
    expect(d.model.milestones.length).toBeGreaterThan(0);
    for (const m of d.model.milestones) expect(m.actualOn.slice(0, 7)).toBe("2017-10");
  });

  it("bureau's issue queue (its default tab, first page) shows all three clock colours", async () => {
    const d = (await load("bureau", "/issues", issuesLoader)) as unknown as { rows: { clock: { color: string } }[] };
    const colours = new Set(d.rows.map((r) => r.clock.color));
    for (const c of ["green", "yellow", "red"]) expect(colours, c).toContain(c);
  });

  it("the dashboard is as of the demo date", async () => {
    const d = await load("bureau", "/", homeLoader);
    expect(d.asOf).toBe("2017-11-20");
    expect(d.year).toBe(2017);
  });
});
