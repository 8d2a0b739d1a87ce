// 企业库 (issue 15 §1, docs/decisions/113): who sees which enterprises, checked per role against independent SQL
// written from the access rules; search by 统一社会信用代码 (exact, refused when the check digit is wrong) and by
// name; the profile's scoping and phone masking; the project register's search by the same code.
import { describe, expect, it } from "vitest";
import { loader as listLoader } from "~/routes/_app.enterprises._index/route";
import { loader as profileLoader } from "~/routes/_app.enterprises.$enterpriseId/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { action as createAction } from "~/routes/_app.enterprises.new/route";
import { action as editAction } from "~/routes/_app.enterprises.$enterpriseId_.edit/route";
import { action as contactsAction } from "~/routes/_app.enterprises.$enterpriseId_.contacts/route";
import { makeCreditCode } from "~/domain/creditCode";
import { postForm, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { one, ids, rows } = queries(sql);

type ListData = { total: number; rows: { id: number }[]; badCode: string | null };

async function listed(username: string, query = ""): Promise<{ ids: number[]; total: number; badCode: string | null }> {
  const out: number[] = [];
  let total = 0;
  let badCode: string | null = null;
  for (let page = 1; ; page++) {
    const r = await run(async () =>
      listLoader({
        request: await requestAs(username, `/enterprises?size=100&page=${page}&${query}`),
        params: {},
        context: {},
      }),
    );
    expect(r.status).toBe(200);
    const d = r.data as ListData;
    total = d.total;
    badCode = d.badCode;
    out.push(...d.rows.map((x) => x.id));
    if (d.rows.length < 100) return { ids: out.sort((a, b) => a - b), total, badCode };
  }
}

async function profile(username: string, id: number) {
  return run(async () =>
    profileLoader({
      request: await requestAs(username, `/enterprises/${id}`),
      params: { enterpriseId: String(id) },
      context: {},
    }),
  );
}

describe("who sees which enterprises", () => {
  it("the city's roles see every enterprise", async () => {
    const all = await ids("SELECT id FROM enterprise ORDER BY id");
    for (const u of ["bureau", "leader", "eic", "sysadmin"]) {
      const got = await listed(u);
      expect(got.ids, u).toEqual(all);
      expect(got.total, u).toBe(all.length);
    }
  });

  it("a county sees the enterprises of its county and those with a project in it", async () => {
    const { county_id } = await one("SELECT county_id FROM app_user WHERE username = 'county.yuci'");
    const want = await ids(
      `SELECT id FROM enterprise e WHERE e.county_id = $1
         OR EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id AND p.county_id = $1) ORDER BY id`,
      [county_id],
    );
    expect(want.length).toBeGreaterThan(0);
    expect((await listed("county.yuci")).ids).toEqual(want);
  });

  it("a team sees the enterprises assigned to it and those of its projects", async () => {
    const { team_id } = await one("SELECT team_id FROM app_user WHERE username = 'team01'");
    const want = await ids(
      `SELECT id FROM enterprise e WHERE e.service_team_id = $1
         OR EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id AND p.service_team_id = $1) ORDER BY id`,
      [team_id],
    );
    expect(want.length).toBeGreaterThan(0);
    expect((await listed("team01")).ids).toEqual(want);
    // and an enterprise outside its scope is not found on its profile
    const other = await one(
      `SELECT id FROM enterprise e WHERE NOT (coalesce(e.service_team_id, 0) = $1
         OR EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id AND p.service_team_id = $1)) ORDER BY id LIMIT 1`,
      [team_id],
    );
    expect((await profile("team01", other.id)).status).toBe(404);
    expect((await profile("team01", want[0])).status).toBe(200);
  });

  it("enterprises, the security roles and 责任单位 are refused the registry", async () => {
    for (const u of ["ent.geely", "secadmin", "auditor", "dept.guotu"]) {
      const r = await run(async () =>
        listLoader({ request: await requestAs(u, "/enterprises"), params: {}, context: {} }),
      );
      expect(r.status, u).toBe(403);
    }
  });
});

describe("search", () => {
  it("a seeded credit code finds exactly that enterprise, and the register finds its projects", async () => {
    const e = await one(
      `SELECT e.id, e.credit_code FROM enterprise e WHERE EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id)
       ORDER BY e.id LIMIT 1`,
    );
    const got = await listed("bureau", `q=${e.credit_code}`);
    expect(got.ids).toEqual([e.id]);
    // lower case and spaces are the same code
    const spaced = `${e.credit_code.slice(0, 9).toLowerCase()} ${e.credit_code.slice(9)}`;
    expect((await listed("bureau", `q=${encodeURIComponent(spaced)}`)).ids).toEqual([e.id]);

    const want = await ids("SELECT id FROM project WHERE enterprise_id = $1 ORDER BY id", [e.id]);
    const r = await run(async () =>
      registerLoader({
        request: await requestAs("bureau", `/projects?size=100&q=${e.credit_code}`),
        params: {},
        context: {},
      }),
    );
    const rows = (r.data as { rows: { id: number }[] }).rows.map((x) => x.id).sort((a, b) => a - b);
    expect(rows).toEqual(want);
  });

  it("a code with a wrong check digit finds nothing and says why, in Chinese", async () => {
    const { credit_code } = await one("SELECT credit_code FROM enterprise ORDER BY id LIMIT 1");
    const wrong = credit_code.slice(0, 17) + (credit_code[17] === "1" ? "2" : "1");
    const got = await listed("bureau", `q=${wrong}`);
    expect(got.ids).toEqual([]);
    expect(got.badCode).toBe("统一社会信用代码校验位不正确，请核对");
  });

  it("a name search finds the enterprises whose name contains the text, within scope", async () => {
    const want = await ids("SELECT id FROM enterprise WHERE strpos(lower(name), lower($1)) > 0 ORDER BY id", ["科技"]);
    expect((await listed("eic", `q=${encodeURIComponent("科技")}`)).ids).toEqual(want);
  });

  it("filters by 优势企业, county and assigned team", async () => {
    expect((await listed("bureau", "key=1")).ids).toEqual(
      await ids("SELECT id FROM enterprise WHERE is_key_enterprise ORDER BY id"),
    );
    const { county_id } = await one("SELECT county_id FROM enterprise WHERE county_id IS NOT NULL ORDER BY id LIMIT 1");
    expect((await listed("bureau", `county=${county_id}`)).ids).toEqual(
      await ids("SELECT id FROM enterprise WHERE county_id = $1 ORDER BY id", [county_id]),
    );
    const t = await one("SELECT service_team_id FROM enterprise WHERE service_team_id IS NOT NULL ORDER BY id LIMIT 1");
    if (t)
      expect((await listed("bureau", `team=${t.service_team_id}`)).ids).toEqual(
        await ids("SELECT id FROM enterprise WHERE service_team_id = $1 ORDER BY id", [t.service_team_id]),
      );
  });
});

describe("the profile", () => {
  it("shows a county only its own projects of an enterprise", async () => {
    const { county_id } = await one("SELECT county_id FROM app_user WHERE username = 'county.yuci'");
    const e = await one(
      `SELECT e.id FROM enterprise e WHERE EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id AND p.county_id = $1)
       ORDER BY e.id LIMIT 1`,
      [county_id],
    );
    const r = await profile("county.yuci", e.id);
    expect(r.status).toBe(200);
    const got = (r.data as { enterprise: { projects: { id: number }[] } }).enterprise.projects.map((p) => p.id);
    expect(got.sort((a, b) => a - b)).toEqual(
      await ids("SELECT id FROM project WHERE enterprise_id = $1 AND county_id = $2 ORDER BY id", [e.id, county_id]),
    );
  });

  it("masks contact phones for 市领导 and shows them to the bureau", async () => {
    const c = await one(
      "SELECT enterprise_id, phone FROM enterprise_contact WHERE phone IS NOT NULL AND length(phone) >= 7 ORDER BY id LIMIT 1",
    );
    const phones = async (u: string) =>
      (
        (await profile(u, c.enterprise_id)).data as { enterprise: { contacts: { phone: string | null }[] } }
      ).enterprise.contacts.map((x) => x.phone);
    expect(await phones("bureau")).toContain(c.phone);
    const masked = await phones("leader");
    expect(masked).not.toContain(c.phone);
    expect(masked.every((p) => p === null || p.includes("****"))).toBe(true);
  });
});

describe("registering and editing (docs/decisions/114)", () => {
  let n = 0;
  const newCode = () => makeCreditCode("91", "140702", `MA0T${String(++n).padStart(5, "0")}`);
  const create = async (username: string, fields: Record<string, string>) =>
    run(async () =>
      createAction({ request: await postForm(username, "/enterprises/new", fields), params: {}, context: {} }),
    );
  const edit = async (username: string, id: number, fields: Record<string, string>) =>
    run(async () =>
      editAction({
        request: await postForm(username, `/enterprises/${id}/edit`, fields),
        params: { enterpriseId: String(id) },
        context: {},
      }),
    );
  const yuci = async () => (await one("SELECT id FROM county WHERE name = '榆次区'")).id as number;

  it("the bureau registers an enterprise: one row, audited in Chinese terms", async () => {
    const code = newCode();
    const r = await create("bureau", {
      name: "晋中登记测试有限公司",
      creditCode: code.toLowerCase(),
      countyId: String(await yuci()),
      isKeyEnterprise: "on",
    });
    expect(r.status).toBe(302);
    const row = await one("SELECT id, name, county_id, is_key_enterprise FROM enterprise WHERE credit_code = $1", [
      code,
    ]);
    expect(row).toMatchObject({ name: "晋中登记测试有限公司", county_id: await yuci(), is_key_enterprise: true });
    expect(r.response?.headers.get("Location")).toBe(`/enterprises/${row.id}`);
    const a = await one("SELECT action, after FROM audit_event WHERE entity = 'Enterprise' AND entity_id = $1", [
      String(row.id),
    ]);
    expect(a.action).toBe("CREATE");
    expect(a.after.creditCode).toBe(code);
  });

  it("a registered credit code, a wrong check digit and a county outside one's own are refused next to the field", async () => {
    const { credit_code, name } = await one("SELECT credit_code, name FROM enterprise ORDER BY id LIMIT 1");
    const dup = await create("bureau", { name: "重复企业", creditCode: credit_code });
    expect(dup.status).toBe(400);
    expect((dup.data as { fieldErrors: Record<string, string> }).fieldErrors.creditCode).toBe(
      `该统一社会信用代码已登记为「${name}」，请勿重复登记`,
    );
    const wrong = newCode();
    const bad = await create("bureau", {
      name: "校验位错误企业",
      creditCode: wrong.slice(0, 17) + (wrong[17] === "1" ? "2" : "1"),
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.creditCode).toBe(
      "统一社会信用代码校验位不正确，请核对",
    );
    const other = await one("SELECT id FROM county WHERE name <> '榆次区' ORDER BY id LIMIT 1");
    const c = await create("county.yuci", { name: "外县企业", creditCode: newCode(), countyId: String(other.id) });
    expect(c.status).toBe(400);
    expect((c.data as { fieldErrors: Record<string, string> }).fieldErrors.countyId).toBe(
      "县区账号只能登记本县区的企业",
    );
    expect(
      await one("SELECT count(*)::int AS n FROM enterprise WHERE name IN ('重复企业', '校验位错误企业', '外县企业')"),
    ).toEqual({ n: 0 });
  });

  it("two people edit the same version: the second gets 409 with what the first changed, nothing overwritten", async () => {
    const code = newCode();
    await create("bureau", { name: "并发编辑测试公司", creditCode: code, countyId: String(await yuci()) });
    const e = await one("SELECT id, version FROM enterprise WHERE credit_code = $1", [code]);
    const base = { creditCode: code, countyId: String(await yuci()), version: String(e.version) };
    const first = await edit("eic", e.id, { ...base, name: "并发编辑测试公司（甲）" });
    expect(first.status).toBe(302);
    const second = await edit("county.yuci", e.id, { ...base, name: "并发编辑测试公司（乙）", address: "榆次区某路" });
    expect(second.status).toBe(409);
    const f = second.data as {
      conflict: { changed: { label: string; theirs: string; yours: string }[] };
      currentVersion: number;
    };
    expect(f.conflict.changed).toContainEqual({
      label: "企业名称",
      theirs: "并发编辑测试公司（甲）",
      yours: "并发编辑测试公司（乙）",
      field: "name",
    });
    expect(f.currentVersion).toBe(e.version + 1);
    expect(await one("SELECT name, address, version FROM enterprise WHERE id = $1", [e.id])).toEqual({
      name: "并发编辑测试公司（甲）",
      address: null,
      version: e.version + 1,
    });
    const audits = await one(
      "SELECT count(*)::int AS n FROM audit_event WHERE entity = 'Enterprise' AND action = 'UPDATE' AND entity_id = $1",
      [String(e.id)],
    );
    expect(audits.n).toBe(1);
  });

  it("a team, a leader and a county outside the enterprise's county may not edit it", async () => {
    const code = newCode();
    await create("bureau", { name: "权限测试公司", creditCode: code, countyId: String(await yuci()) });
    const e = await one("SELECT id, version FROM enterprise WHERE credit_code = $1", [code]);
    const fields = { name: "改名", creditCode: code, version: String(e.version) };
    expect((await edit("leader", e.id, fields)).status).toBe(403);
    // a team may edit no enterprise (the page right refuses it before the record is read)
    expect((await edit("team01", e.id, fields)).status).toBe(403);
    // another county does not see it at all (no project of its own): 404
    const taigu = await one(
      "SELECT username FROM app_user WHERE role = 'COUNTY' AND username <> 'county.yuci' ORDER BY id LIMIT 1",
    );
    expect((await edit(taigu.username, e.id, fields)).status).toBe(404);
    expect((await one("SELECT name FROM enterprise WHERE id = $1", [e.id])).name).toBe("权限测试公司");
  });

  it("年产值 is kept in whole 万元, shown on the profile, and a negative or fractional amount is refused next to it", async () => {
    const code = newCode();
    const r = await create("eic", {
      name: "年产值测试公司",
      creditCode: code,
      countyId: String(await yuci()),
      isKeyEnterprise: "on",
      annualOutput: "125,000",
    });
    expect(r.status).toBe(302);
    const e = await one("SELECT id, version, annual_output FROM enterprise WHERE credit_code = $1", [code]);
    expect(e.annual_output).toBe(125000);
    const p = (await profile("leader", e.id)).data as {
      enterprise: { annualOutput: number; isKeyEnterprise: boolean };
    };
    expect(p.enterprise).toMatchObject({ annualOutput: 125000, isKeyEnterprise: true });
    const bad = await edit("eic", e.id, {
      name: "年产值测试公司",
      creditCode: code,
      annualOutput: "12.5",
      version: String(e.version),
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.annualOutput).toBe(
      "金额须为整数（万元），不含小数",
    );
  });
});

describe("contacts (docs/decisions/116)", () => {
  const post = async (username: string, id: number, fields: Record<string, string>) =>
    run(async () =>
      contactsAction({
        request: await postForm(username, `/enterprises/${id}/contacts`, fields),
        params: { enterpriseId: String(id) },
        context: {},
      }),
    );
  const contactsOf = (id: number) =>
    rows("SELECT id, name, title, phone, is_primary FROM enterprise_contact WHERE enterprise_id = $1 ORDER BY id", [
      id,
    ]);

  it("the county adds, changes and removes contacts of its enterprise; one primary contact; every write audited", async () => {
    const { county_id } = await one("SELECT county_id FROM app_user WHERE username = 'county.yuci'");
    const e = await one("SELECT id FROM enterprise WHERE county_id = $1 ORDER BY id LIMIT 1", [county_id]);
    const before = await contactsOf(e.id);
    const added = await post("county.yuci", e.id, {
      intent: "add",
      name: "测试联系人",
      title: "办公室主任",
      phone: "0354-3012345",
      isPrimary: "on",
    });
    expect(added.status).toBe(302);
    const list = await contactsOf(e.id);
    expect(list.length).toBe(before.length + 1);
    const c = list.find((x) => x.name === "测试联系人")!;
    expect(c).toMatchObject({ title: "办公室主任", phone: "0354-3012345", is_primary: true });
    // the new primary contact is the only one
    expect(list.filter((x) => x.is_primary).map((x) => x.id)).toEqual([c.id]);

    const changed = await post("county.yuci", e.id, {
      intent: "update",
      contactId: String(c.id),
      name: "测试联系人",
      title: "副总经理",
      phone: "13812345678",
    });
    expect(changed.status).toBe(302);
    expect(await one("SELECT title, phone, is_primary FROM enterprise_contact WHERE id = $1", [c.id])).toEqual({
      title: "副总经理",
      phone: "13812345678",
      is_primary: false,
    });
    const bad = await post("county.yuci", e.id, { intent: "update", contactId: String(c.id), name: "", phone: "电话" });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      name: "请填写联系人姓名",
      phone: "电话只能包含数字、空格、连字符和括号",
    });

    expect((await post("county.yuci", e.id, { intent: "remove", contactId: String(c.id) })).status).toBe(302);
    expect((await contactsOf(e.id)).length).toBe(before.length);
    const audits = await rows(
      "SELECT action, before, after FROM audit_event WHERE entity = 'EnterpriseContact' AND entity_id = $1 ORDER BY id",
      [String(c.id)],
    );
    expect(audits.map((a) => a.action)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    expect(audits[1].after).toMatchObject({ title: "副总经理", phone: "13812345678", isPrimary: false });
  });

  it("a leader and a team may not change contacts; a county may not change another county's enterprise", async () => {
    const { county_id } = await one("SELECT county_id FROM app_user WHERE username = 'county.yuci'");
    const e = await one("SELECT id FROM enterprise WHERE county_id = $1 ORDER BY id LIMIT 1", [county_id]);
    const fields = { intent: "add", name: "越权联系人" };
    expect((await post("leader", e.id, fields)).status).toBe(403);
    expect((await post("team01", e.id, fields)).status).toBe(403);
    const other = await one(
      "SELECT username FROM app_user WHERE role = 'COUNTY' AND county_id <> $1 ORDER BY id LIMIT 1",
      [county_id],
    );
    expect([403, 404]).toContain((await post(other.username, e.id, fields)).status);
    expect(await one("SELECT count(*)::int AS n FROM enterprise_contact WHERE name = '越权联系人'")).toEqual({ n: 0 });
  });

  it("the contacts' phones are masked for 市领导 on the profile", async () => {
    const c = await one(
      "SELECT enterprise_id, phone FROM enterprise_contact WHERE phone IS NOT NULL ORDER BY id LIMIT 1",
    );
    const p = (await profile("leader", c.enterprise_id)).data as { enterprise: { contacts: { phone: string }[] } };
    expect(p.enterprise.contacts.map((x) => x.phone)).not.toContain(c.phone);
  });
});
