// Follow-ups on leads (issue 22 item 3): a lead's 下次跟进 appears in its owner's week list (我的工作台) on its date
// on the application clock; open leads without a touch for 30 days are 沉睡 on the kanban and in the table (equal to
// an independent SQL count); a stage move wakes a lead; 跟进督办 counts overdue follow-ups per owner and county as
// SQL does, a county only its own.
import { describe, expect, it } from "vitest";
import { addDays } from "~/domain/dates";
import { db } from "~/models/db.server";
import { createLead } from "~/models/lead.server";
import { myWork } from "~/models/myWork.server";
import { presentFollowUps } from "~/presenters/FollowUpPresenter.server";
import { loader as followUpsLoader } from "~/routes/_app.leads.follow-ups/route";
import { action as leadAction } from "~/routes/_app.leads.$leadId/route";
import { loader as leadsLoader } from "~/routes/_app.leads._index/route";
import { loader as myWorkLoader } from "~/routes/_app.my-work/route";
import type { FollowUpView } from "~/presenters/FollowUpPresenter.server";
import { demoInstantFor, moveDemoClock, today as clockToday } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { countyId, testSql } from "../support/sql";

const sql = testSql();
const args = { params: {}, context: {} };

async function setToday(date: string) {
  await prisma.$transaction((tx) => moveDemoClock(tx, demoInstantFor(date)));
  expect(clockToday()).toBe(date);
}

type WeekLead = { id: number; nextFollowUpOn: string };
async function weekLeads(user: string): Promise<WeekLead[]> {
  const r = await run(async () => myWorkLoader({ request: await requestAs(user, "/my-work"), ...args }));
  expect(r.status, user).toBe(200);
  return (r.data as { leadFollowUps: { items: WeekLead[] } }).leadFollowUps.items;
}

async function followUps(user: string): Promise<FollowUpView> {
  const r = await run(async () => followUpsLoader({ request: await requestAs(user, "/leads/follow-ups"), ...args }));
  expect(r.status, user).toBe(200);
  return r.data as FollowUpView;
}

type Card = { id: number; dormantDays: number | null; overdueDays: number | null; stage: string; version: number };

async function sqlDormant(today: string, county?: number): Promise<number[]> {
  const r = await sql.query(
    `SELECT id FROM lead
      WHERE stage IN ('CONTACT','INSPECTION','NEGOTIATION')
        AND GREATEST(first_contact_on, COALESCE(last_touch_on, first_contact_on)) <= $1::date - 30
        ${county ? "AND county_id = $2" : ""}
      ORDER BY id`,
    county ? [today, county] : [today],
  );
  return r.rows.map((x: { id: number }) => x.id);
}

describe("the owner's week list", () => {
  it("a lead's 下次跟进 shows in its owner's week list on its date, and stays there while overdue", async () => {
    const today = clockToday();
    const due = addDays(today, 9); // after this week's Sunday: not in this week's list
    const bureau = await viewerFor("bureau");
    const id = await createLead(bureau, {
      name: "跟进测试线索",
      enterpriseName: "天津跟进测试有限公司",
      sourceRegion: "TIANJIN",
      method: "PRECISION",
      industryId: (await prisma.industry.findFirstOrThrow()).id,
      countyId: await countyId(sql, "榆次区"),
      expectedAmount: 12_000,
      ownerId: null,
      firstContactOn: null,
      nextFollowUpOn: due,
      note: null,
    });
    // the owner is the one who registered it; the first contact is today on the application clock
    const lead = await prisma.lead.findUniqueOrThrow({ where: { id } });
    expect(lead.ownerId).toBe(bureau.id);
    expect(lead.firstContactOn.toISOString().slice(0, 10)).toBe(today);
    expect((await myWork(bureau, today)).leadFollowUps.items.map((l) => l.id)).not.toContain(id);
    // on its date (the demo clock moved there; the sessions are signed in afterwards), through the page's loader
    await setToday(due);
    expect((await weekLeads("bureau")).find((l) => l.id === id)).toEqual(
      expect.objectContaining({ id, nextFollowUpOn: due }),
    );
    // three days later it is still listed, and 跟进督办 counts it overdue by 3 days
    const later = addDays(due, 3);
    expect((await myWork(bureau, later)).leadFollowUps.items.map((l) => l.id)).toContain(id);
    const view = await presentFollowUps(db.as(bureau), later);
    expect(view.overdue.find((l) => l.id === id)).toEqual(expect.objectContaining({ days: 3 }));
    expect(view.byOwner.find((o) => o.ownerId === bureau.id)!.overdue).toBeGreaterThanOrEqual(1);
    // a county official who owns a lead sees it in the county's 工作台
    const county = await prisma.lead.findFirstOrThrow({
      where: { owner: { role: "COUNTY" }, stage: { in: ["CONTACT", "INSPECTION", "NEGOTIATION"] } },
      select: { id: true, owner: { select: { username: true } } },
    });
    await prisma.lead.update({ where: { id: county.id }, data: { nextFollowUpOn: new Date(`${due}T00:00:00Z`) } });
    expect((await weekLeads(county.owner!.username)).map((l) => l.id)).toContain(county.id);
  });
});

describe("沉睡 leads", () => {
  it("the kanban and the table flag exactly the open leads SQL finds untouched for 30 days; a move wakes one", async () => {
    const today = clockToday();
    const want = await sqlDormant(today);
    expect(want.length).toBeGreaterThan(0);
    const table = await run(async () =>
      leadsLoader({ request: await requestAs("bureau", "/leads?view=table&follow=dormant&size=100"), ...args }),
    );
    const rows = (table.data as { table: { total: number; rows: Card[] } }).table;
    expect(rows.total).toBe(want.length);
    expect(rows.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(want.slice(0, 100));
    for (const r of rows.rows) expect(r.dormantDays, String(r.id)).toBeGreaterThanOrEqual(30);
    const board = await run(async () => leadsLoader({ request: await requestAs("bureau", "/leads"), ...args }));
    const cards = (board.data as { board: { cards: Card[] }[] }).board.flatMap((c) => c.cards);
    for (const c of cards) expect(c.dormantDays !== null, `lead ${c.id}`).toBe(want.includes(c.id));

    const sleeper = cards.find((c) => c.dormantDays !== null && c.stage === "CONTACT")!;
    const moved = await run(async () =>
      leadAction({
        request: await postForm("bureau", `/leads/${sleeper.id}`, {
          intent: "move",
          stage: "INSPECTION",
          version: String(sleeper.version),
        }),
        params: { leadId: String(sleeper.id) },
        context: {},
      }),
    );
    expect(moved.status).toBeLessThan(400);
    expect(await sqlDormant(today)).not.toContain(sleeper.id);
    const again = await run(async () => leadsLoader({ request: await requestAs("bureau", "/leads"), ...args }));
    const card = (again.data as { board: { cards: Card[] }[] }).board
      .flatMap((c) => c.cards)
      .find((c) => c.id === sleeper.id)!;
    expect(card.dormantDays).toBeNull();
  });
});

describe("跟进督办", () => {
  it("overdue and 沉睡 per owner and per county equal SQL; a county sees only its own", async () => {
    const today = clockToday();
    const view = await followUps("bureau");
    const perOwner = await sql.query(
      `SELECT owner_id, count(*)::int AS n FROM lead
        WHERE stage IN ('CONTACT','INSPECTION','NEGOTIATION') AND next_follow_up_on < $1::date GROUP BY owner_id`,
      [today],
    );
    expect(view.overdueCount).toBe(perOwner.rows.reduce((s: number, r: { n: number }) => s + r.n, 0));
    for (const r of perOwner.rows as { owner_id: number | null; n: number }[])
      expect(view.byOwner.find((o) => o.ownerId === r.owner_id)?.overdue, String(r.owner_id)).toBe(r.n);
    const perCounty = await sql.query(
      `SELECT county_id, count(*)::int AS n FROM lead
        WHERE stage IN ('CONTACT','INSPECTION','NEGOTIATION') AND next_follow_up_on < $1::date GROUP BY county_id`,
      [today],
    );
    for (const r of perCounty.rows as { county_id: number; n: number }[])
      expect(view.byCounty.find((c) => c.countyId === r.county_id)?.overdue).toBe(r.n);
    expect(view.dormantCount).toBe((await sqlDormant(today)).length);

    const yuci = await countyId(sql, "榆次区");
    const county = await followUps("county.yuci");
    expect(county.byCounty.map((c) => c.countyId)).toEqual(county.byCounty.length ? [yuci] : []);
    expect(county.dormantCount).toBe((await sqlDormant(today, yuci)).length);
    for (const l of county.overdue) expect(l.county).toBe("榆次区");
  });

  it("teams and enterprises are refused", async () => {
    for (const user of ["team01", "ent.geely"]) {
      const r = await run(async () =>
        followUpsLoader({ request: await requestAs(user, "/leads/follow-ups"), ...args }),
      );
      expect(r.status, user).toBe(403);
    }
  });
});
