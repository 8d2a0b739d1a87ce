// 线索分析 (issue 22 item 5, docs/decisions/180): the page's stage durations (median, 80th percentile), conversion
// between stages and ranked lost reasons — per county, owner, source and 招商方式 — equal a TypeScript recomputation
// from the raw rows (lead, lead_stage_change); every number's drill-down lists exactly the leads it counts; the seed
// gives every lead a stage history; stage moves, 放弃 and 签约 write it; a county sees only its own leads.
import { describe, expect, it } from "vitest";
import { loader as analyticsLoader } from "~/routes/_app.leads.analytics/route";
import { loader as leadsLoader } from "~/routes/_app.leads._index/route";
import { action as leadAction } from "~/routes/_app.leads.$leadId/route";
import { createLead } from "~/models/lead.server";
import { leadScopeSql, leadScope } from "~/models/scope.server";
import type { PipelineGroup, PipelineView } from "~/presenters/PipelinePresenter.server";
import { prisma } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { rows } = queries(sql);
const args = { params: {}, context: {} };

type RawLead = {
  id: number;
  county_id: number;
  owner_id: number | null;
  source_region: string;
  method: string;
  stage: string;
  abandon_reason: string | null;
  expected_amount: number;
  event_id: number | null;
};
type RawChange = { id: number; lead_id: number; from_stage: string | null; to_stage: string; day: string };

const RANK: Record<string, number> = { CONTACT: 1, INSPECTION: 2, NEGOTIATION: 3, SIGNED: 4, ABANDONED: 0 };

/** percentile_cont: linear interpolation between the closest ranks of the sorted values. */
function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = (v.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

const dayDiff = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

/** The page's numbers for one group of leads, recomputed from raw rows. */
function recompute(leads: RawLead[], changes: RawChange[]) {
  const ids = new Set(leads.map((l) => l.id));
  const byLead = new Map<number, RawChange[]>();
  for (const c of changes) if (ids.has(c.lead_id)) byLead.set(c.lead_id, [...(byLead.get(c.lead_id) ?? []), c]);
  const stays: Record<string, { days: number[]; leads: Set<number> }> = {};
  for (const [leadId, list] of byLead) {
    // ordered as the SQL orders them: by the instant, then the id (the raw rows come sorted that way)
    for (let i = 1; i < list.length; i++) {
      const s = list[i].from_stage;
      if (!s || !["CONTACT", "INSPECTION", "NEGOTIATION"].includes(s)) continue;
      stays[s] ??= { days: [], leads: new Set() };
      stays[s].days.push(dayDiff(list[i - 1].day, list[i].day));
      stays[s].leads.add(leadId);
    }
  }
  const rank = (id: number) => Math.max(1, ...(byLead.get(id) ?? []).map((c) => RANK[c.to_stage]));
  const reasons = new Map<string | null, { leads: number; amount: number }>();
  for (const l of leads.filter((x) => x.stage === "ABANDONED")) {
    const r = reasons.get(l.abandon_reason) ?? { leads: 0, amount: 0 };
    reasons.set(l.abandon_reason, { leads: r.leads + 1, amount: r.amount + l.expected_amount });
  }
  return {
    dwell: Object.fromEntries(
      Object.entries(stays).map(([s, x]) => [
        s,
        { stays: x.days.length, leads: x.leads.size, median: percentile(x.days, 0.5), p80: percentile(x.days, 0.8) },
      ]),
    ),
    reached: {
      CONTACT: leads.length,
      INSPECTION: leads.filter((l) => rank(l.id) >= 2).length,
      NEGOTIATION: leads.filter((l) => rank(l.id) >= 3).length,
      SIGNED: leads.filter((l) => rank(l.id) >= 4).length,
    },
    abandoned: leads.filter((l) => l.stage === "ABANDONED").length,
    reasons: [...reasons.entries()]
      .map(([reason, x]) => ({ reason, ...x }))
      .sort((a, b) => b.leads - a.leads || (a.reason ?? "").localeCompare(b.reason ?? "")),
  };
}

async function raw(county?: number) {
  const leads = await rows<RawLead>(
    `SELECT id, county_id, owner_id, source_region::text, method::text, stage::text, abandon_reason, expected_amount, event_id
       FROM lead ${county ? "WHERE county_id = $1" : ""} ORDER BY id`,
    county ? [county] : [],
  );
  const changes = await rows<RawChange>(
    `SELECT id, lead_id, from_stage::text, to_stage::text, to_char(changed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
       FROM lead_stage_change ORDER BY lead_id, changed_at, id`,
  );
  return { leads, changes };
}

async function page(user: string, by: string): Promise<PipelineView> {
  const r = await run(async () =>
    analyticsLoader({ request: await requestAs(user, `/leads/analytics?by=${by}`), ...args }),
  );
  expect(r.status, `${user} ${by}`).toBe(200);
  return r.data as PipelineView;
}

function expectGroup(g: PipelineGroup, want: ReturnType<typeof recompute>, what: string) {
  expect(g.reached, what).toEqual(want.reached);
  expect(g.abandoned, what).toBe(want.abandoned);
  for (const s of ["CONTACT", "INSPECTION", "NEGOTIATION"] as const) {
    const got = g.dwell[s];
    const exp = want.dwell[s];
    if (!exp) {
      expect(got, `${what} ${s}`).toBeUndefined();
      continue;
    }
    expect(got, `${what} ${s}`).toBeDefined();
    expect(got!.stays, `${what} ${s}`).toBe(exp.stays);
    expect(got!.leads, `${what} ${s}`).toBe(exp.leads);
    expect(got!.median, `${what} ${s} median`).toBeCloseTo(exp.median, 9);
    expect(got!.p80, `${what} ${s} p80`).toBeCloseTo(exp.p80, 9);
  }
  // ranked by count; ties in any order the page chose, so compare as sets per count
  expect(
    g.reasons.map((r) => r.leads),
    what,
  ).toEqual(want.reasons.map((r) => r.leads));
  const key = (r: { reason: string | null; leads: number; amount: number }) => `${r.reason}|${r.leads}|${r.amount}`;
  expect(g.reasons.map(key).sort(), what).toEqual(want.reasons.map(key).sort());
}

const KEY: Record<string, (l: RawLead) => string> = {
  county: (l) => String(l.county_id),
  owner: (l) => (l.owner_id === null ? "none" : String(l.owner_id)),
  source: (l) => l.source_region,
  method: (l) => l.method,
  event: (l) => (l.event_id === null ? "none" : String(l.event_id)),
};

async function tableTotal(user: string, filters: Record<string, string>): Promise<number> {
  const qs = new URLSearchParams({ view: "table", ...filters });
  const r = await run(async () => leadsLoader({ request: await requestAs(user, `/leads?${qs}`), ...args }));
  expect(r.status).toBe(200);
  return (r.data as { table: { total: number } }).table.total;
}

describe("线索分析 equals an independent recomputation", () => {
  it("the seed gives every lead a stage history from its first contact to its stage", async () => {
    const bad = await rows(`
      SELECT l.id FROM lead l
       WHERE NOT EXISTS (SELECT 1 FROM lead_stage_change c WHERE c.lead_id = l.id AND c.from_stage IS NULL
                           AND c.to_stage = 'CONTACT' AND (c.changed_at AT TIME ZONE 'Asia/Shanghai')::date = l.first_contact_on)
          OR (SELECT c.to_stage FROM lead_stage_change c WHERE c.lead_id = l.id ORDER BY c.changed_at DESC, c.id DESC LIMIT 1) <> l.stage
          OR (l.stage <> 'CONTACT' AND (SELECT max(c.changed_at) FROM lead_stage_change c WHERE c.lead_id = l.id) <> l.stage_changed_at)`);
    expect(bad).toEqual([]);
    // each move starts where the one before ended
    const broken = await rows(`
      SELECT * FROM (SELECT from_stage, lag(to_stage) OVER (PARTITION BY lead_id ORDER BY changed_at, id) AS prev
                       FROM lead_stage_change) x
       WHERE from_stage IS DISTINCT FROM prev`);
    expect(broken).toEqual([]);
    expect((await rows(`SELECT DISTINCT from_stage FROM lead_stage_change WHERE from_stage IS NOT NULL`)).length).toBe(
      3,
    );
  });

  it("the total and every group, for each dimension, as the bureau sees them", async () => {
    const { leads, changes } = await raw();
    const all = await page("bureau", "all");
    expectGroup(all.total, recompute(leads, changes), "all");
    expect(all.total.dwell.INSPECTION!.stays).toBeGreaterThan(10);
    for (const by of ["county", "owner", "source", "method", "event"]) {
      const p = await page("bureau", by);
      expectGroup(p.total, recompute(leads, changes), `${by} total`);
      const keys = [...new Set(leads.map(KEY[by]))].sort();
      expect(p.groups.map((g) => g.key).sort(), by).toEqual(keys);
      for (const g of p.groups) {
        expectGroup(
          g,
          recompute(
            leads.filter((l) => KEY[by](l) === g.key),
            changes,
          ),
          `${by} ${g.label}`,
        );
      }
    }
  });

  it("a county sees its own leads only", async () => {
    const yuci = await countyId(sql, "榆次区");
    const { leads, changes } = await raw(yuci);
    const p = await page("county.yuci", "county");
    expect(p.groups.map((g) => g.key)).toEqual([String(yuci)]);
    expectGroup(p.total, recompute(leads, changes), "county.yuci");
    // the raw-SQL scope says what the Prisma scope says, for every role
    for (const user of ["bureau", "leader", "eic", "county.yuci", "county.jiexiu", "team01", "sysadmin"]) {
      const v = await viewerFor(user).catch(() => null);
      if (!v) continue;
      const viaSql = await prisma.$queryRaw<{ n: number }[]>(
        Prisma.sql`SELECT count(*)::int AS n FROM lead l WHERE ${leadScopeSql(v)}`,
      );
      expect(viaSql[0].n, user).toBe(await prisma.lead.count({ where: leadScope(v) }));
    }
  });

  it("every number drills down to the leads behind it", async () => {
    for (const by of ["all", "method", "event"]) {
      const p = await page("bureau", by);
      for (const g of [p.total, ...p.groups]) {
        if (!g.filters) continue; // 未关联推介活动: no list filter selects it
        const f = g.filters;
        for (const s of ["INSPECTION", "NEGOTIATION", "SIGNED"] as const)
          expect(await tableTotal("bureau", { ...f, reached: s }), `${g.label} reached ${s}`).toBe(g.reached[s]);
        expect(await tableTotal("bureau", f), `${g.label} all`).toBe(g.reached.CONTACT);
        expect(await tableTotal("bureau", { ...f, stage: "ABANDONED" })).toBe(g.abandoned);
        for (const [s, d] of Object.entries(g.dwell))
          expect(await tableTotal("bureau", { ...f, left: s }), `${g.label} left ${s}`).toBe(d.leads);
        for (const r of g.reasons)
          if (r.reason) expect(await tableTotal("bureau", { ...f, reason: r.reason }), r.reason).toBe(r.leads);
      }
    }
  });
});

describe("the stage history is written by the lead's commands", () => {
  it("registering, moving, abandoning and reopening a lead each add a row; the analytics count them", async () => {
    const bureau = await viewerFor("bureau");
    const yuci = await countyId(sql, "榆次区");
    const before = await page("bureau", "all");
    const id = await createLead(bureau, {
      name: "分析测试线索",
      enterpriseName: "深圳分析测试有限公司",
      sourceRegion: "PEARL_DELTA",
      method: "PRECISION",
      industryId: (await prisma.industry.findFirstOrThrow()).id,
      countyId: yuci,
      expectedAmount: 5_000,
      ownerId: null,
      firstContactOn: "2017-06-01",
      nextFollowUpOn: null,
      note: null,
    });
    const move = async (stage: string, extra: Record<string, string> = {}) => {
      const l = await prisma.lead.findUniqueOrThrow({ where: { id } });
      const r = await run(async () =>
        leadAction({
          request: await postForm("bureau", `/leads/${id}`, {
            intent: "move",
            version: String(l.version),
            stage,
            ...extra,
          }),
          params: { leadId: String(id) },
          context: {},
        }),
      );
      expect(r.status, stage).toBeLessThan(400);
    };
    await move("INSPECTION");
    await move("ABANDONED", { abandonReason: "分析测试：企业转投他地" });
    const history = await rows(
      `SELECT from_stage::text, to_stage::text, (changed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day
         FROM lead_stage_change WHERE lead_id = $1 ORDER BY changed_at, id`,
      [id],
    );
    expect(history.map((h) => [h.from_stage, h.to_stage])).toEqual([
      [null, "CONTACT"],
      ["CONTACT", "INSPECTION"],
      ["INSPECTION", "ABANDONED"],
    ]);
    expect(history[0].day).toBe("2017-06-01");
    const after = await page("bureau", "all");
    expect(after.total.reached.INSPECTION).toBe(before.total.reached.INSPECTION + 1);
    expect(after.total.abandoned).toBe(before.total.abandoned + 1);
    expect(after.total.dwell.CONTACT!.stays).toBe(before.total.dwell.CONTACT!.stays + 1);
    expect(after.total.reasons.find((r) => r.reason === "分析测试：企业转投他地")?.leads).toBe(1);
    expect(await tableTotal("bureau", { reason: "分析测试：企业转投他地" })).toBe(1);
    // reopened: back into the pipeline, one more row
    await move("NEGOTIATION");
    expect((await rows(`SELECT 1 FROM lead_stage_change WHERE lead_id = $1`, [id])).length).toBe(4);
  });
});
