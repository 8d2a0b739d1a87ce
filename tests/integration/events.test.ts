// 推介活动 (issue 22 item 4, docs/decisions/181): the bureau registers an event, three attending investors and two
// leads that came out of it; one is signed. The event's yield (leads, signed deals, 签约额) and the funnel by
// 推介活动 equal independent SQL over the leads behind them, and their drill-downs list exactly those; the seeded
// events' yields too, for the bureau and for a county (its own leads only). Writes are audited in Chinese, edits
// version-checked, a repeated create makes one event, bad input gets Chinese field errors.
import { describe, expect, it } from "vitest";
import { funnelCellHref } from "~/domain/drilldown";
import { FUNNEL_STAGES, funnelAmount, funnelCount, type KpiAggregates } from "~/domain/kpi";
import type { EventDetail } from "~/models/promotionEvent.server";
import { action as eventAction, loader as eventLoader } from "~/routes/_app.events.$eventId/route";
import { loader as eventsLoader } from "~/routes/_app.events._index/route";
import { action as newEventAction } from "~/routes/_app.events.new/route";
import { action as newLeadAction } from "~/routes/_app.leads.new/route";
import { action as leadAction, loader as leadLoader } from "~/routes/_app.leads.$leadId/route";
import { loader as investorLoader } from "~/routes/_app.investors.$investorId/route";
import { loader as leadsLoader } from "~/routes/_app.leads._index/route";
import { loader as funnelLoader } from "~/routes/_app.reports.funnel/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { postForm, requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows } = queries(sql);
const args = { context: {} };

const EVENT = {
  name: "测试·广州招商推介会",
  kind: "PROMOTION",
  city: "广州",
  venue: "广州白云国际会议中心",
  heldOn: "2017-10-20",
  organiser: "晋中市投资促进局",
  budget: "45",
  note: "",
};

async function createEvent(fields: Record<string, string> = EVENT, token?: string) {
  const request = await postForm("bureau", "/events/new", token ? { ...fields, createToken: token } : fields);
  return run(async () => newEventAction({ request, params: {}, ...args }));
}

async function postEvent(user: string, id: number, fields: Record<string, string>) {
  const request = await postForm(user, `/events/${id}`, fields);
  return run(async () => eventAction({ request, params: { eventId: String(id) }, ...args }));
}

async function eventPage(user: string, id: number): Promise<EventDetail> {
  const r = await run(async () =>
    eventLoader({ request: await requestAs(user, `/events/${id}`), params: { eventId: String(id) }, ...args }),
  );
  expect(r.status).toBe(200);
  return (r.data as { event: EventDetail }).event;
}

/** The yield of an event from the raw rows: its leads (in a county, or all), signed ones and their projects' 签约额. */
async function sqlYield(eventId: number, county?: number) {
  return one(
    `SELECT count(*)::int AS leads, coalesce(sum(l.expected_amount), 0)::int AS "expectedAmount",
            count(*) FILTER (WHERE l.stage = 'SIGNED')::int AS signed,
            coalesce(sum(p.contract_amount) FILTER (WHERE l.stage = 'SIGNED'), 0)::int AS "signedAmount"
       FROM lead l LEFT JOIN project p ON p.id = l.converted_project_id
      WHERE l.event_id = $1 ${county ? "AND l.county_id = $2" : ""}`,
    county ? [eventId, county] : [eventId],
  );
}

async function leadTotal(user: string, qs: string): Promise<number> {
  const r = await run(async () => leadsLoader({ request: await requestAs(user, `/leads?${qs}`), params: {}, ...args }));
  return (r.data as { table: { total: number } }).table.total;
}

describe("推介活动: an event with three investors and two leads shows its yield", () => {
  it("the bureau registers it, its attendees and leads; the yield and the funnel by event equal SQL", async () => {
    const yuci = await countyId(sql, "榆次区");
    // a repeated submission (the same create token) makes one event
    const token = crypto.randomUUID();
    const first = await createEvent(EVENT, token);
    expect(first.status).toBe(302);
    const again = await createEvent(EVENT, token);
    expect(again.status).toBe(302);
    const ev = await one(`SELECT id, budget, version FROM promotion_event WHERE name = $1`, [EVENT.name]);
    expect((await one(`SELECT count(*)::int AS n FROM promotion_event WHERE name = $1`, [EVENT.name])).n).toBe(1);
    expect(ev.budget).toBe(45);
    const audit = await one(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity = 'PromotionEvent' AND entity_id = $1 AND action = 'CREATE'`,
      [String(ev.id)],
    );
    expect(audit.n).toBe(1);

    // attendees are 客商 (decision 195): two registered here as new city investors, one picked from the 客商库
    const known = await one(`SELECT id, name FROM investor WHERE county_id IS NULL ORDER BY id LIMIT 1`);
    const investorsBefore = (await one(`SELECT count(*)::int AS n FROM investor`)).n;
    for (const [company, people] of [
      ["广州天河智造投资有限公司", "林伟（董事长）"],
      ["佛山顺德家电集团有限公司", "何敏（副总裁）"],
    ])
      expect(
        (
          await postEvent("bureau", ev.id, {
            intent: "attend",
            investorQuery: company,
            newInvestor: "on",
            sourceRegion: "PEARL_DELTA",
            industryId: "",
            people,
          })
        ).status,
      ).toBe(302);
    expect(
      (await postEvent("bureau", ev.id, { intent: "attend", investorId: String(known.id), investorQuery: known.name }))
        .status,
    ).toBe(302);
    expect((await one(`SELECT count(*)::int AS n FROM investor`)).n).toBe(investorsBefore + 2);
    const created = await one(
      `SELECT source_region, county_id, created_by_id IS NOT NULL AS by FROM investor WHERE name = '广州天河智造投资有限公司'`,
    );
    expect(created).toEqual({ source_region: "PEARL_DELTA", county_id: null, by: true });
    const attAudit = await one(
      `SELECT after FROM audit_event WHERE entity = 'EventAttendee' AND action = 'CREATE' ORDER BY id DESC LIMIT 1`,
    );
    expect(attAudit.after).toMatchObject({ event: EVENT.name, investor: known.name });
    // the same investor twice: a field error next to 参会客商, nothing added
    const dup = await postEvent("bureau", ev.id, {
      intent: "attend",
      investorQuery: "佛山顺德家电集团有限公司",
      people: "",
    });
    expect(dup.status).toBe(400);
    const errorOf = (r: { data?: unknown }) => (r.data as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(errorOf(dup).investorQuery).toBe("「佛山顺德家电集团有限公司」已在参会名单中");
    // a name not in the 客商库 without 登记为新客商; a "new" one that is already there; a new one without 来源地
    const unknown = await postEvent("bureau", ev.id, { intent: "attend", investorQuery: "不存在的某公司" });
    expect(errorOf(unknown).investorQuery).toBe(
      "客商库中没有「不存在的某公司」：请从列表中选择，或勾选「登记为新客商」",
    );
    const twice = await postEvent("bureau", ev.id, {
      intent: "attend",
      investorQuery: known.name,
      newInvestor: "on",
      sourceRegion: "JINGJINJI",
    });
    expect(errorOf(twice).investorQuery).toBe(`客商库已有「${known.name}」，请取消「登记为新客商」并从列表中选择`);
    const noRegion = await postEvent("bureau", ev.id, {
      intent: "attend",
      investorQuery: "某新公司",
      newInvestor: "on",
    });
    expect(errorOf(noRegion).sourceRegion).toBe("新客商请选择来源地");
    expect((await one(`SELECT count(*)::int AS n FROM event_attendee WHERE event_id = $1`, [ev.id])).n).toBe(3);
    // a county reads the event but does not change it
    expect(
      (await postEvent("county.yuci", ev.id, { intent: "attend", investorQuery: known.name, people: "" })).status,
    ).toBe(403);

    const industry = (await one(`SELECT id FROM industry ORDER BY id LIMIT 1`)).id;
    const leadIds: number[] = [];
    for (const [name, company, amount] of [
      ["天河智造装备基地项目", "广州天河智造投资有限公司", "30000"],
      ["顺德家电配套产业园项目", "佛山顺德家电集团有限公司", "12000"],
    ]) {
      const request = await postForm("bureau", "/leads/new", {
        name,
        enterpriseName: company,
        sourceRegion: "PEARL_DELTA",
        method: "EXPO",
        industryId: String(industry),
        countyId: String(yuci),
        expectedAmount: amount,
        ownerId: "",
        firstContactOn: "2017-10-20",
        nextFollowUpOn: "",
        note: "",
        eventId: String(ev.id),
        investorId: String((await one(`SELECT id FROM investor WHERE name = $1`, [company])).id),
      });
      const r = await run(async () => newLeadAction({ request, params: {}, ...args }));
      expect(r.status).toBe(302);
      leadIds.push(Number(r.response!.headers.get("Location")!.split("/").at(-1)));
    }
    // sign the first one (a registered enterprise as the investor)
    const lead = await one(`SELECT id, version FROM lead WHERE id = $1`, [leadIds[0]]);
    const existing = await one(`SELECT id, name FROM enterprise ORDER BY id LIMIT 1`);
    const signed = await run(async () =>
      leadAction({
        request: await postForm("bureau", `/leads/${lead.id}`, {
          intent: "convert",
          version: String(lead.version),
          projectName: "天河智造装备基地",
          signedOn: "2017-11-10",
          contractAmount: "28,000",
          totalInvestment: "35000",
          enterpriseMode: "existing",
          enterpriseId: String(existing.id),
          enterpriseQuery: existing.name,
        }),
        params: { leadId: String(lead.id) },
        ...args,
      }),
    );
    expect(signed.status).toBe(302);

    const page = await eventPage("bureau", ev.id);
    expect(page.attendees.map((a) => a.investorName)).toEqual([
      "广州天河智造投资有限公司",
      "佛山顺德家电集团有限公司",
      known.name,
    ]);
    // every attendee opens its investor; the two whose leads came out of the event link to them
    expect(page.attendees.every((a) => a.investorId !== null)).toBe(true);
    expect(page.attendees.map((a) => a.leadId)).toEqual([leadIds[0], leadIds[1], null]);
    expect(page.leads.map((l) => l.id).sort()).toEqual([...leadIds].sort());
    expect(page.yield).toEqual({ leads: 2, expectedAmount: 42_000, signed: 1, signedAmount: 28_000 });
    expect(page.yield).toEqual(await sqlYield(ev.id));
    // the drill-downs list exactly those leads
    expect(await leadTotal("bureau", `view=table&event=${ev.id}`)).toBe(2);
    expect(await leadTotal("bureau", `view=table&event=${ev.id}&stage=SIGNED`)).toBe(1);

    // the funnel by 推介活动: the event's row is the projects signed from its leads, equal to SQL and to its drill-down
    const res = await run(async () =>
      funnelLoader({ request: await requestAs("bureau", "/reports/funnel?year=2017&by=event"), params: {}, ...args }),
    );
    const funnel = res.data as {
      asOf: string;
      groups: { key: string; label: string; filters: Record<string, unknown>; agg: KpiAggregates }[];
    };
    const row = funnel.groups.find((g) => g.key === String(ev.id))!;
    expect(row.label).toBe(EVENT.name);
    const want = await one(
      `SELECT count(*)::int AS n, coalesce(sum(p.contract_amount), 0)::int AS amount
         FROM project p JOIN lead l ON l.converted_project_id = p.id
        WHERE l.event_id = $1 AND p.origin = 'ATTRACTION' AND p.signed_on BETWEEN '2017-01-01' AND $2::date`,
      [ev.id, funnel.asOf],
    );
    expect([row.agg.signedCount, row.agg.signedAmount]).toEqual([want.n, want.amount]);
    expect(want).toEqual({ n: 1, amount: 28_000 });
    for (const s of FUNNEL_STAGES) {
      const r = await run(async () =>
        registerLoader({
          request: await requestAs("bureau", funnelCellHref(2017, funnel.asOf, s, row.filters as never)),
          params: {},
          ...args,
        }),
      );
      const d = r.data as { total: number; contractAmountSum: number };
      expect([d.total, d.contractAmountSum], s).toEqual([funnelCount(row.agg, s), funnelAmount(row.agg, s)]);
    }
    // every seeded event's row equals SQL as well, and the rows (with 未关联推介活动) add up to the total
    for (const g of funnel.groups) {
      const q =
        g.key === "none"
          ? `SELECT count(*)::int AS n FROM project p WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN '2017-01-01' AND $1::date
               AND NOT EXISTS (SELECT 1 FROM lead l WHERE l.converted_project_id = p.id AND l.event_id IS NOT NULL)`
          : `SELECT count(*)::int AS n FROM project p JOIN lead l ON l.converted_project_id = p.id
              WHERE l.event_id = ${Number(g.key)} AND p.origin = 'ATTRACTION' AND p.signed_on BETWEEN '2017-01-01' AND $1::date`;
      expect(g.agg.signedCount, g.label).toBe((await one(q, [funnel.asOf])).n);
    }
  });

  it("edits are version-checked and audited; bad input gets Chinese field errors", async () => {
    expect((await createEvent({ ...EVENT, name: "测试·待修改的推介会" })).status).toBe(302);
    const ev = await one(`SELECT id, version FROM promotion_event WHERE name = '测试·待修改的推介会'`);
    const fields = { ...EVENT, name: "改名后的推介会", intent: "update", version: String(ev.version) };
    expect((await postEvent("bureau", ev.id, fields)).status).toBe(302);
    const stale = await postEvent("bureau", ev.id, { ...fields, name: "又一次改名" });
    expect(stale.status).toBe(409);
    expect((await one(`SELECT name FROM promotion_event WHERE id = $1`, [ev.id])).name).toBe("改名后的推介会");
    const a = await one(
      `SELECT after FROM audit_event WHERE entity = 'PromotionEvent' AND entity_id = $1 AND action = 'UPDATE'`,
      [String(ev.id)],
    );
    expect(a.after.name).toBe("改名后的推介会");
    const bad = await createEvent({ ...EVENT, name: "", budget: "12.5", kind: "" });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      name: "请填写活动名称",
      budget: "金额须为整数（万元），不含小数",
      kind: "请选择活动类型",
    });
  });

  it("the seeded 推介会 show their yields, equal to SQL for the bureau and for a county", async () => {
    const seeded = await rows(`SELECT id, name, city FROM promotion_event ORDER BY held_on`);
    expect(seeded.map((e) => e.city)).toEqual(expect.arrayContaining(["北京", "天津", "深圳"]));
    const yuci = await countyId(sql, "榆次区");
    for (const [user, county] of [
      ["bureau", undefined],
      ["county.yuci", yuci],
    ] as const) {
      const r = await run(async () => eventsLoader({ request: await requestAs(user, "/events"), params: {}, ...args }));
      const list = (r.data as { events: { id: number; yield: unknown }[] }).events;
      for (const e of seeded) {
        expect(list.find((x) => x.id === e.id)!.yield, `${user} ${e.name}`).toEqual(await sqlYield(e.id, county));
      }
    }
    const withLeads = await one(`SELECT count(DISTINCT event_id)::int AS n FROM lead WHERE event_id IS NOT NULL`);
    expect(withLeads.n).toBeGreaterThanOrEqual(4);
  });

  it("the seeded attendees are 客商: each investor page lists the events it attended, on its timeline too", async () => {
    // every seeded attendee is an investor (decision 195); those without a lead were registered with their person
    const others = await rows(
      `SELECT i.id, i.name, a.people, e.id AS event_id, (SELECT count(*)::int FROM investor_contact c WHERE c.investor_id = i.id) AS contacts
         FROM event_attendee a JOIN investor i ON i.id = a.investor_id JOIN promotion_event e ON e.id = a.event_id
        WHERE NOT EXISTS (SELECT 1 FROM lead l WHERE l.investor_id = i.id) ORDER BY a.id`,
    );
    expect(others.length).toBeGreaterThanOrEqual(8);
    expect(others.every((o) => o.contacts === 1 && o.people)).toBe(true);
    const o = others[0];
    const r = await run(async () =>
      investorLoader({
        request: await requestAs("bureau", `/investors/${o.id}`),
        params: { investorId: String(o.id) },
        ...args,
      }),
    );
    const d = r.data as {
      attended: { event: { id: number }; people: string }[];
      timeline: { type: string; event?: { id: number } }[];
    };
    expect(d.attended).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ id: o.event_id }), people: o.people }),
    ]);
    expect(d.timeline.filter((t) => t.type === "event").map((t) => t.event!.id)).toEqual([o.event_id]);
    // a lead that came out of an event shows the event on its timeline, its investor having attended it
    const lead = await one(
      `SELECT l.id, l.event_id FROM lead l JOIN event_attendee a ON a.investor_id = l.investor_id AND a.event_id = l.event_id
        ORDER BY l.id LIMIT 1`,
    );
    const lr = await run(async () =>
      leadLoader({
        request: await requestAs("bureau", `/leads/${lead.id}`),
        params: { leadId: String(lead.id) },
        ...args,
      }),
    );
    const items = (lr.data as { timeline: { type: string; event?: { id: number }; source?: boolean }[] }).timeline;
    expect(items.filter((t) => t.type === "event")).toContainEqual(
      expect.objectContaining({ event: expect.objectContaining({ id: lead.event_id }), source: true }),
    );
  });
});
