// 客商 (issue 22 §1, docs/decisions/175): register (create token), edit (version-checked), contacts (audited, phones
// masked for 市领导 and 市经信委), the search by name, contact and phone (paged, scoped), the lead link, the investor's
// timeline of its leads' touches in order, who sees what per role, and the merge (one audited transaction; stale,
// already-merged and concurrent merges refused in Chinese).
import { describe, expect, it } from "vitest";
import { describeAuditChange } from "~/domain/auditText";
import { listInvestors } from "~/models/investor.server";
import { parseInvestorListQuery } from "~/domain/investorListQuery.server";
import { action as newAction } from "~/routes/_app.investors.new/route";
import { action as editAction, loader as editLoader } from "~/routes/_app.investors.$investorId_.edit/route";
import { action as contactsAction } from "~/routes/_app.investors.$investorId_.contacts/route";
import { loader as pageLoader } from "~/routes/_app.investors.$investorId/route";
import { action as mergeAction } from "~/routes/_app.investors.$investorId_.merge/route";
import { action as newLeadAction } from "~/routes/_app.leads.new/route";
import { action as leadAction } from "~/routes/_app.leads.$leadId/route";
import { loader as leadsLoader } from "~/routes/_app.leads._index/route";
import { loader as enterpriseLoader } from "~/routes/_app.enterprises.$enterpriseId/route";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { one, count, rows } = queries(sql);
let n = 0;

const idFrom = (r: { response?: Response }) => Number(r.response?.headers.get("Location")?.split("/").pop());

async function register(username: string, fields: Record<string, string>) {
  return run(async () =>
    newAction({ request: await postForm(username, "/investors/new", fields), params: {}, context: {} }),
  );
}

async function addContact(username: string, id: number, fields: Record<string, string>) {
  return run(async () =>
    contactsAction({
      request: await postForm(username, `/investors/${id}/contacts`, { intent: "add", ...fields }),
      params: { investorId: String(id) },
      context: {},
    }),
  );
}

async function page(username: string, id: number) {
  return run(async () =>
    pageLoader({
      request: await requestAs(username, `/investors/${id}`),
      params: { investorId: String(id) },
      context: {},
    }),
  );
}

type Page = {
  investor: {
    contacts: { name: string; phone: string | null; wechat: string | null; email: string | null }[];
    leads: { id: number }[];
    canEdit: boolean;
  };
  timeline: { lead: { id: number }; content: string; on: string }[];
};

async function county(key: string) {
  return one(
    "SELECT id FROM county WHERE code = (SELECT code FROM county c JOIN app_user u ON u.county_id = c.id WHERE u.username = $1)",
    [`county.${key}`],
  );
}

describe("客商 — register, contacts, search, page", () => {
  it("the bureau registers an investor (one per create token), adds two contacts, audited in Chinese", async () => {
    const name = `测试客商${++n}有限公司`;
    const fields = {
      name,
      sourceRegion: "HK_MACAO_TAIWAN",
      industryId: "",
      countyId: "",
      note: "",
      createToken: `tok-inv-${n}-0123456789abcdef`,
    };
    const [a, b] = await Promise.all([register("bureau", fields), register("bureau", fields)]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(await count("SELECT count(*) AS n FROM investor WHERE name = $1", [name])).toBe(1);
    const id = idFrom(a);
    expect(
      await addContact("bureau", id, {
        name: "张伟",
        title: "投资总监",
        phone: "138-0351-2345",
        wechat: "wxid_zhangwei",
        email: "zw@example.com",
        createToken: `c1-${n}-0123456789abcdef`,
      }),
    ).toMatchObject({ status: 302 });
    expect(
      await addContact("bureau", id, { name: "李娜", phone: "0354 3012345", createToken: `c2-${n}-0123456789abcdef` }),
    ).toMatchObject({ status: 302 });
    const bad = await addContact("bureau", id, {
      name: "",
      phone: "abc",
      email: "x@",
      createToken: `c3-${n}-0123456789abcdef`,
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      name: "请填写联系人姓名",
    });
    const c = await rows("SELECT name, phone, phone_digits FROM investor_contact WHERE investor_id = $1 ORDER BY id", [
      id,
    ]);
    expect(c).toEqual([
      { name: "张伟", phone: "138-0351-2345", phone_digits: "13803512345" },
      { name: "李娜", phone: "0354 3012345", phone_digits: "03543012345" },
    ]);
    const created = await one(
      "SELECT after FROM audit_event WHERE entity = 'Investor' AND entity_id = $1 AND action = 'CREATE'",
      [String(id)],
    );
    expect(JSON.stringify(describeAuditChange({ entity: "Investor", before: null, after: created.after }))).toContain(
      "港澳台",
    );
    const contactAudit = await one(
      "SELECT after FROM audit_event WHERE entity = 'InvestorContact' AND action = 'CREATE' ORDER BY id DESC LIMIT 1",
    );
    expect(contactAudit.after).toMatchObject({ 客商: name, 姓名: "李娜" });
  });

  it("finds an investor by name, contact name or phone (digits, any separators) — paged and scoped", async () => {
    const name = `搜索客商${++n}集团`;
    const r = await register("bureau", {
      name,
      sourceRegion: "PEARL_DELTA",
      createToken: `tok-s-${n}-0123456789abcdef`,
    });
    const id = idFrom(r);
    await addContact("bureau", id, {
      name: "欧阳明远",
      phone: "186 2233 4455",
      createToken: `s1-${n}-0123456789abcdef`,
    });
    const bureau = await viewerFor("bureau");
    const find = async (v: typeof bureau, q: string, extra: Record<string, string> = {}) =>
      (await listInvestors(v, parseInvestorListQuery(new URLSearchParams({ q, ...extra })))).rows.map((x) => x.id);
    expect(await find(bureau, "搜索客商")).toContain(id);
    expect(await find(bureau, "欧阳明远")).toEqual([id]);
    expect(await find(bureau, "18622334455")).toEqual([id]);
    expect(await find(bureau, "2233-4455")).toEqual([id]);
    // 市领导 reads phones masked: a phone search must not find by the hidden digits
    expect(await find(await viewerFor("leader"), "18622334455")).toEqual([]);
    expect(await find(await viewerFor("leader"), "欧阳明远")).toEqual([id]);
    // the city's list is every county's to attract from; a county's own investors are not another county's
    expect(await find(await viewerFor("county.yuci"), "欧阳明远")).toEqual([id]);
    const own = idFrom(
      await register("county.pingyao", {
        name: `平遥自有客商${n}`,
        sourceRegion: "LOCAL",
        createToken: `tok-so-${n}-0123456789abcdef`,
      }),
    );
    expect(await find(await viewerFor("county.pingyao"), `平遥自有客商${n}`)).toEqual([own]);
    expect(await find(await viewerFor("county.yuci"), `平遥自有客商${n}`)).toEqual([]);
    // paged on the server: a page of 20, the total counts all
    const p1 = await listInvestors(bureau, parseInvestorListQuery(new URLSearchParams({ size: "20" })));
    const p2 = await listInvestors(bureau, parseInvestorListQuery(new URLSearchParams({ size: "20", page: "2" })));
    expect(p1.rows.length).toBe(20);
    expect(p1.total).toBeGreaterThan(20);
    expect(p2.rows.map((r) => r.id)).not.toContain(p1.rows[0].id);
  });

  it("who sees investors follows the leads; phones, WeChat and e-mail masked for 市领导 and 市经信委", async () => {
    const name = `可见客商${++n}`;
    const id = idFrom(
      await register("bureau", { name, sourceRegion: "JINGJINJI", createToken: `tok-v-${n}-0123456789abcdef` }),
    );
    await addContact("bureau", id, {
      name: "王强",
      phone: "13912345678",
      wechat: "wxid_wangqiang",
      email: "wq@bj.com",
      createToken: `v1-${n}-0123456789abcdef`,
    });
    for (const u of ["bureau", "sysadmin"]) {
      const p = await page(u, id);
      expect(p.status, u).toBe(200);
      expect((p.data as Page).investor.contacts[0]).toMatchObject({ phone: "13912345678", wechat: "wxid_wangqiang" });
    }
    for (const u of ["leader", "eic"]) {
      const p = await page(u, id);
      expect(p.status, u).toBe(200);
      expect((p.data as Page).investor.contacts[0], u).toMatchObject({
        phone: "139****5678",
        wechat: "wx****ng",
        email: "w****@bj.com",
      });
    }
    // a county reads the city's investor (read-only: the bureau keeps it), phones in full; other roles are refused
    const before = await page("county.yuci", id);
    expect(before.status).toBe(200);
    expect((before.data as Page).investor.leads).toEqual([]);
    for (const u of ["team01", "ent.geely", "dept.guotu"]) expect((await page(u, id)).status, u).toBe(403);
    const yuci = await county("yuci");
    const industry = await one("SELECT id FROM industry ORDER BY id LIMIT 1");
    const lead = await run(async () =>
      newLeadAction({
        request: await postForm("county.yuci", "/leads/new", {
          name: `${name}落地项目`,
          enterpriseName: name,
          investorId: String(id),
          sourceRegion: "JINGJINJI",
          method: "PRECISION",
          industryId: String(industry.id),
          countyId: String(yuci.id),
          expectedAmount: "5000",
          createToken: `tok-vl-${n}-0123456789abcdef`,
        }),
        params: {},
        context: {},
      }),
    );
    expect(lead.status).toBe(302);
    const cp = await page("county.yuci", id);
    expect(cp.status).toBe(200);
    expect((cp.data as Page).investor).toMatchObject({ canEdit: false });
    expect((cp.data as Page).investor.contacts[0]).toMatchObject({ phone: "13912345678" });
    expect((cp.data as Page).investor.leads.length).toBe(1);
    // another county sees the investor but not yuci's lead
    const pp = await page("county.pingyao", id);
    expect((pp.data as Page).investor.leads).toEqual([]);
    // the county cannot edit the city's investor
    const edit = await run(async () =>
      editLoader({
        request: await requestAs("county.yuci", `/investors/${id}/edit`),
        params: { investorId: String(id) },
        context: {},
      }),
    );
    expect(edit.status).toBe(403);
    // a lead may not name an investor outside the county's scope (another county's own)
    const other = idFrom(
      await register("county.pingyao", {
        name: `县区不可见客商${n}`,
        sourceRegion: "JINGJINJI",
        createToken: `tok-o-${n}-0123456789abcdef`,
      }),
    );
    expect((await page("county.yuci", other)).status).toBe(404);
    const refused = await run(async () =>
      newLeadAction({
        request: await postForm("county.yuci", "/leads/new", {
          name: "越权线索",
          enterpriseName: "越权",
          investorId: String(other),
          sourceRegion: "JINGJINJI",
          method: "PRECISION",
          industryId: String(industry.id),
          countyId: String(yuci.id),
          expectedAmount: "5000",
          createToken: `tok-ol-${n}-0123456789abcdef`,
        }),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(400);
    expect((refused.data as { fieldErrors: Record<string, string> }).fieldErrors.investorId).toMatch(/客商/);
  });

  it("a county registers its own investor and keeps it; edits are version-checked and audited", async () => {
    const yuci = await county("yuci");
    const r = await register("county.yuci", {
      name: `榆次客商${++n}`,
      sourceRegion: "YANGTZE_DELTA",
      countyId: "",
      createToken: `tok-y-${n}-0123456789abcdef`,
    });
    expect(r.status).toBe(302);
    const id = idFrom(r);
    expect(await one("SELECT county_id, version FROM investor WHERE id = $1", [id])).toEqual({
      county_id: yuci.id,
      version: 1,
    });
    const edit = async (u: string, fields: Record<string, string>) =>
      run(async () =>
        editAction({
          request: await postForm(u, `/investors/${id}/edit`, fields),
          params: { investorId: String(id) },
          context: {},
        }),
      );
    const base = { name: `榆次客商${n}（更名）`, sourceRegion: "YANGTZE_DELTA", version: "1" };
    expect((await edit("county.yuci", base)).status).toBe(302);
    const stale = await edit("bureau", { ...base, name: "别的名字" });
    expect(stale.status).toBe(409);
    expect((await edit("county.pingyao", base)).status).toBe(404);
    const badCode = await edit("bureau", { ...base, version: "2", enterpriseCode: "91140700MA0NOTHING" });
    expect(badCode.status).toBe(400);
    expect((badCode.data as { fieldErrors: Record<string, string> }).fieldErrors.enterpriseCode).toMatch(
      /企业库中没有/,
    );
    const a = await one(
      "SELECT before, after FROM audit_event WHERE entity = 'Investor' AND entity_id = $1 AND action = 'UPDATE'",
      [String(id)],
    );
    expect(a.after).toMatchObject({ name: `榆次客商${n}（更名）` });
  });
});

describe("客商 — existing leads", () => {
  it("an existing lead is linked to an investor by editing it; the audit names the investor", async () => {
    const name = `关联客商${++n}`;
    const id = idFrom(
      await register("bureau", { name, sourceRegion: "JINGJINJI", createToken: `tok-l-${n}-0123456789abcdef` }),
    );
    const l = await one(
      `SELECT id, name, enterprise_name, source_region, method, industry_id, county_id, expected_amount, owner_id, version,
              to_char(first_contact_on, 'YYYY-MM-DD') AS first, note
       FROM lead WHERE stage = 'CONTACT' ORDER BY id LIMIT 1`,
    );
    const r = await run(async () =>
      leadAction({
        request: await postForm("bureau", `/leads/${l.id}`, {
          intent: "update",
          version: String(l.version),
          name: l.name,
          enterpriseName: l.enterprise_name,
          investorId: String(id),
          sourceRegion: l.source_region,
          method: l.method,
          industryId: String(l.industry_id),
          countyId: String(l.county_id),
          expectedAmount: String(l.expected_amount),
          ownerId: l.owner_id ? String(l.owner_id) : "",
          firstContactOn: l.first,
          note: l.note ?? "",
        }),
        params: { leadId: String(l.id) },
        context: {},
      }),
    );
    expect(r.status).toBe(302);
    expect(await one("SELECT investor_id FROM lead WHERE id = $1", [l.id])).toEqual({ investor_id: id });
    const a = await one(
      "SELECT before, after FROM audit_event WHERE entity = 'Lead' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1",
      [String(l.id)],
    );
    // the seeded lead had its company's investor: the change names both
    expect(JSON.stringify(describeAuditChange({ entity: "Lead", before: a.before, after: a.after }))).toMatch(
      new RegExp(`客商：[^；]+有限公司 → ${name}`),
    );
    const p = await page("bureau", id);
    expect((p.data as Page).investor.leads.map((x) => x.id)).toEqual([l.id]);
  });
});

describe("客商 — timeline and merge", () => {
  it("the investor's timeline aggregates its leads' touches, newest first, only of leads the viewer sees", async () => {
    const inv = await one(
      "SELECT i.id FROM investor i WHERE EXISTS (SELECT 1 FROM lead l WHERE l.investor_id = i.id) ORDER BY i.id LIMIT 1",
    );
    const leads = await rows("SELECT id, county_id FROM lead WHERE investor_id = $1 ORDER BY id", [inv.id]);
    const yuciLead = await one(
      "SELECT l.id FROM lead l JOIN county c ON c.id = l.county_id WHERE c.id = (SELECT county_id FROM app_user WHERE username = 'county.yuci') ORDER BY l.id LIMIT 1",
    );
    await sql.query("UPDATE lead SET investor_id = $1 WHERE id = $2", [inv.id, yuciLead.id]);
    const touch = (leadId: number, on: string, content: string) =>
      sql.query(
        "INSERT INTO lead_touch (lead_id, kind, occurred_on, our_people, their_people, content) VALUES ($1, 'CALL', $2, '我方', '对方', $3)",
        [leadId, on, content],
      );
    await touch(leads[0].id, "2017-10-02", "第一次电话");
    await touch(yuciLead.id, "2017-11-03", "榆次的考察");
    await touch(leads[0].id, "2017-11-10", "最近的会谈");
    const p = await page("bureau", inv.id);
    const t = (p.data as Page).timeline.filter((x) => ["第一次电话", "榆次的考察", "最近的会谈"].includes(x.content));
    expect(t.map((x) => x.content)).toEqual(["最近的会谈", "榆次的考察", "第一次电话"]);
    // the county sees only its own lead's touch
    const cp = await page("county.yuci", inv.id);
    expect(cp.status).toBe(200);
    const ct = (cp.data as Page).timeline.map((x) => x.content);
    expect(ct).toContain("榆次的考察");
    expect(ct).not.toContain("最近的会谈");
  });

  async function pair() {
    const s = idFrom(
      await register("bureau", {
        name: `保留客商${++n}`,
        sourceRegion: "JINGJINJI",
        createToken: `tok-ms-${n}-0123456789abcdef`,
      }),
    );
    const industry = await one("SELECT id FROM industry ORDER BY id LIMIT 1");
    const d = idFrom(
      await register("bureau", {
        name: `保留客商${n}（重复）`,
        sourceRegion: "JINGJINJI",
        industryId: String(industry.id),
        createToken: `tok-md-${n}-0123456789abcdef`,
      }),
    );
    await addContact("bureau", d, { name: "重复联系人", createToken: `md1-${n}-0123456789abcdef` });
    const lead = await one("SELECT id FROM lead WHERE investor_id IS NULL ORDER BY id LIMIT 1");
    if (lead) await sql.query("UPDATE lead SET investor_id = $1 WHERE id = $2", [d, lead.id]);
    return { s, d, industry: industry.id as number, lead: lead?.id as number | undefined };
  }
  const merge = async (u: string, s: number, fields: Record<string, string>) =>
    run(async () =>
      mergeAction({
        request: await postForm(u, `/investors/${s}/merge`, fields),
        params: { investorId: String(s) },
        context: {},
      }),
    );
  const form = (d: number, sv = 1, dv = 1) => ({
    duplicateId: String(d),
    survivorVersion: String(sv),
    duplicateVersion: String(dv),
  });

  it("moves contacts and leads to the survivor, fills its gaps, deletes the duplicate — audited on both", async () => {
    const { s, d, industry, lead } = await pair();
    const r = await merge("bureau", s, form(d));
    expect(r.status).toBe(302);
    expect(await count("SELECT count(*) AS n FROM investor WHERE id = $1", [d])).toBe(0);
    expect(await rows("SELECT name FROM investor_contact WHERE investor_id = $1", [s])).toEqual([
      { name: "重复联系人" },
    ]);
    if (lead) expect(await one("SELECT investor_id FROM lead WHERE id = $1", [lead])).toEqual({ investor_id: s });
    expect(await one("SELECT industry_id, version FROM investor WHERE id = $1", [s])).toEqual({
      industry_id: industry,
      version: 2,
    });
    const a = await one(
      "SELECT action, after FROM audit_event WHERE entity = 'Investor' AND entity_id = $1 AND action = 'INVESTOR_MERGE'",
      [String(s)],
    );
    expect(a.after.movedRecords).toMatch(/联系人 1 位/);
    expect(JSON.stringify(describeAuditChange({ entity: "Investor", before: null, after: a.after }))).toContain(
      "并入的重复记录",
    );
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_event WHERE entity = 'Investor' AND entity_id = $1 AND action = 'DELETE'",
        [String(d)],
      ),
    ).toBe(1);
  });

  it("moves 推介活动 attendance and the leads' touches too: an event both attended keeps one row", async () => {
    const { s, d, lead } = await pair();
    const [e1, e2] = await rows("SELECT id, name FROM promotion_event ORDER BY held_on LIMIT 2");
    const attend = (inv: number, ev: number, people: string) =>
      sql.query("INSERT INTO event_attendee (event_id, investor_id, people) VALUES ($1, $2, $3)", [ev, inv, people]);
    await attend(s, e1.id, "张三");
    await attend(d, e1.id, "李四");
    await attend(d, e2.id, "王五");
    if (lead)
      await sql.query(
        "INSERT INTO lead_touch (lead_id, kind, occurred_on, our_people, their_people, content) VALUES ($1, 'MEETING', '2017-11-01', '我方', '对方', '合并前的会谈')",
        [lead],
      );
    const r = await merge("bureau", s, form(d));
    expect(r.status).toBe(302);
    expect(
      await rows("SELECT event_id, people FROM event_attendee WHERE investor_id IN ($1, $2) ORDER BY event_id", [s, d]),
    ).toEqual(
      [
        { event_id: e1.id, people: "张三、李四" },
        { event_id: e2.id, people: "王五" },
      ].sort((a, b) => a.event_id - b.event_id),
    );
    const a = await one(
      "SELECT after FROM audit_event WHERE entity = 'Investor' AND entity_id = $1 AND action = 'INVESTOR_MERGE'",
      [String(s)],
    );
    expect(a.after.movedRecords).toMatch(/推介活动参会 2 次/);
    // the survivor's page lists both events and its timeline has them, with the moved lead's touch
    const p = await page("bureau", s);
    const data = p.data as Page & { attended: { event: { id: number } }[] };
    expect(data.attended.map((x) => x.event.id).sort()).toEqual([e1.id, e2.id].sort());
    const t = data.timeline as unknown as (
      { type: "event"; event: { id: number } } | { type: "touch"; content: string }
    )[];
    expect(t.filter((x) => x.type === "event").length).toBe(2);
    if (lead) expect(t.some((x) => x.type === "touch" && x.content === "合并前的会谈")).toBe(true);
  });

  it("refuses in Chinese: itself, other roles, a stale version, an already merged duplicate", async () => {
    const { s, d } = await pair();
    const self = await merge("bureau", s, form(s));
    expect(self.status).toBe(400);
    for (const u of ["leader", "eic", "county.yuci", "team01"])
      expect((await merge(u, s, form(d))).status, u).toBe(403);
    const stale = await merge("bureau", s, form(d, 1, 7));
    expect(stale.status).toBe(409);
    expect((stale.data as { formError: string }).formError).toMatch(/已被他人修改，合并未执行/);
    expect((await merge("sysadmin", s, form(d))).status).toBe(302);
    const again = await merge("bureau", s, form(d, 2, 1));
    expect(again.status).toBe(409);
    expect((again.data as { fieldErrors: Record<string, string> }).fieldErrors.duplicateId).toMatch(/已不存在/);
  });

  it("two people merging the same duplicate at once: one merge, one refusal, no 500", async () => {
    const { s, d } = await pair();
    const results = await Promise.all([merge("bureau", s, form(d)), merge("sysadmin", s, form(d))]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_event WHERE entity = 'Investor' AND action = 'INVESTOR_MERGE' AND entity_id = $1",
        [String(s)],
      ),
    ).toBe(1);
  });
});

describe("客商 — found from the lead register, linked with the enterprise registry", () => {
  const leadIdsFor = async (user: string, q: string) => {
    const r = await run(async () =>
      leadsLoader({
        request: await requestAs(user, `/leads?view=table&size=100&q=${encodeURIComponent(q)}`),
        params: {},
        context: {},
      }),
    );
    return (r.data as { table: { rows: { id: number }[] } }).table.rows.map((x) => x.id).sort((a, b) => a - b);
  };

  it("the lead register's search finds leads by their investor's name, contact or phone", async () => {
    // an investor whose name differs from its leads' company text, so only the investor link can find them
    const industry = await one("SELECT id FROM industry ORDER BY id LIMIT 1");
    const id = idFrom(
      await register("bureau", {
        name: `皓川资本控股${++n}`,
        sourceRegion: "YANGTZE_DELTA",
        industryId: String(industry.id),
        createToken: `tok-ls-${n}-0123456789abcdef`,
      }),
    );
    await addContact("bureau", id, {
      name: "欧阳知秋",
      phone: "0512-6688 1234",
      createToken: `tok-lsc-${n}-0123456789abcdef`,
    });
    const leads = await rows("SELECT id FROM lead WHERE investor_id IS NULL ORDER BY id LIMIT 2");
    await sql.query("UPDATE lead SET investor_id = $1 WHERE id = ANY($2)", [id, leads.map((l) => l.id)]);
    const want = leads.map((l) => l.id as number).sort((a, b) => a - b);
    const expected = await rows(
      `SELECT l.id FROM lead l JOIN investor i ON i.id = l.investor_id
        WHERE i.name LIKE '皓川资本控股%' OR EXISTS (SELECT 1 FROM investor_contact c WHERE c.investor_id = i.id AND c.name = '欧阳知秋')
        ORDER BY l.id`,
    );
    expect(expected.map((r) => r.id)).toEqual(want);
    expect(await leadIdsFor("bureau", "皓川资本")).toEqual(want);
    expect(await leadIdsFor("bureau", "欧阳知秋")).toEqual(want);
    expect(await leadIdsFor("bureau", "6688-1234")).toEqual(want);
    // 市领导 reads phones masked: the hidden digits find nothing, the contact's name still does
    expect(await leadIdsFor("leader", "66881234")).toEqual([]);
    expect(await leadIdsFor("leader", "欧阳知秋")).toEqual(want);
  });

  it("the enterprise profile links to its investor, the investor page to its enterprise; a signing links them", async () => {
    const linked = await one(
      "SELECT i.id, i.name, i.enterprise_id FROM investor i WHERE i.enterprise_id IS NOT NULL ORDER BY i.id LIMIT 1",
    );
    const profile = async (user: string, eid: number) =>
      run(async () =>
        enterpriseLoader({
          request: await requestAs(user, `/enterprises/${eid}`),
          params: { enterpriseId: String(eid) },
          context: {},
        }),
      );
    const p = await profile("bureau", linked.enterprise_id);
    expect((p.data as { investors: { id: number; name: string }[] }).investors).toContainEqual({
      id: linked.id,
      name: linked.name,
    });
    const ip = await page("bureau", linked.id);
    expect((ip.data as { investor: { enterprise: { id: number } } }).investor.enterprise.id).toBe(linked.enterprise_id);

    // signing a lead of an investor without an enterprise links the investor to the enterprise the signing names
    const inv = idFrom(
      await register("bureau", {
        name: `待签约客商${++n}`,
        sourceRegion: "JINGJINJI",
        createToken: `tok-sg-${n}-0123456789abcdef`,
      }),
    );
    const lead = await one(
      "SELECT id, version FROM lead WHERE stage NOT IN ('SIGNED', 'ABANDONED') AND enterprise_id IS NULL ORDER BY id LIMIT 1",
    );
    await sql.query("UPDATE lead SET investor_id = $1 WHERE id = $2", [inv, lead.id]);
    const ent = await one("SELECT id, name FROM enterprise ORDER BY id DESC LIMIT 1");
    const signed = await run(async () =>
      leadAction({
        request: await postForm("bureau", `/leads/${lead.id}`, {
          intent: "convert",
          version: String(lead.version),
          projectName: "客商签约测试项目",
          signedOn: "2017-11-15",
          contractAmount: "5000",
          totalInvestment: "6000",
          enterpriseMode: "existing",
          enterpriseId: String(ent.id),
          enterpriseQuery: ent.name,
        }),
        params: { leadId: String(lead.id) },
        context: {},
      }),
    );
    expect(signed.status).toBe(302);
    expect(await one("SELECT enterprise_id, version FROM investor WHERE id = $1", [inv])).toEqual({
      enterprise_id: ent.id,
      version: 2,
    });
    const a = await one(
      "SELECT after FROM audit_event WHERE entity = 'Investor' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1",
      [String(inv)],
    );
    expect(a.after).toEqual({ enterpriseId: ent.name });
    const ep = await profile("bureau", ent.id);
    expect((ep.data as { investors: { id: number }[] }).investors.map((x) => x.id)).toContain(inv);
    // a service team opens the enterprise's profile but not the 客商库: no investor shown
    const team = await one(
      `SELECT u.username, p.enterprise_id FROM app_user u JOIN project p ON p.service_team_id = u.team_id
        WHERE u.role = 'TEAM' ORDER BY p.id LIMIT 1`,
    );
    const teamProfile = await profile(team.username, team.enterprise_id);
    expect(teamProfile.status).toBe(200);
    expect((teamProfile.data as { investors: unknown }).investors).toBeNull();
  });
});
