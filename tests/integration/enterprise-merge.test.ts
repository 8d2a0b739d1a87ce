// Merging two records of one enterprise (issue 15 §1, docs/decisions/118): projects, issues, contacts, accounts,
// leads and service logs move to the survivor in one transaction, the duplicate is deleted, both are audited; self
// merges, roles without the right, stale versions and a duplicate merged by someone else are refused in Chinese;
// two people merging the same duplicate at once: one merge, one 409, no 500.
import { describe, expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { describeAuditChange } from "~/domain/auditText";
import { action as mergeAction, loader as mergeLoader } from "~/routes/_app.enterprises.$enterpriseId_.merge/route";
import { postForm, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows, count } = queries(sql);
let n = 0;

/** A duplicate record of `survivorId`'s enterprise, holding one project, issue, contact, account, lead and log. */
async function duplicateOf(survivorId: number) {
  const code = makeCreditCode("91", "140702", `MA0M${String(++n).padStart(5, "0")}`);
  const d = await one(
    `INSERT INTO enterprise (name, credit_code, origin_region, is_key_enterprise, annual_output, updated_at)
     VALUES ($1, $2, '浙江省宁波市', true, 52000, now()) RETURNING id, version`,
    [`重复企业记录${n}`, code],
  );
  const p = await one("SELECT id FROM project WHERE enterprise_id <> $1 ORDER BY id LIMIT 1", [survivorId]);
  await sql.query("UPDATE project SET enterprise_id = $1 WHERE id = $2", [d.id, p.id]);
  const i = await one("SELECT id FROM coordination_issue WHERE enterprise_id <> $1 ORDER BY id LIMIT 1", [survivorId]);
  await sql.query("UPDATE coordination_issue SET enterprise_id = $1 WHERE id = $2", [d.id, i.id]);
  await sql.query(
    "INSERT INTO enterprise_contact (enterprise_id, name, title, phone, is_primary) VALUES ($1, '重复记录联系人', '经理', '13900000000', true)",
    [d.id],
  );
  const u = await one("SELECT id FROM app_user WHERE role = 'ENTERPRISE' AND enterprise_id <> $1 ORDER BY id LIMIT 1", [
    survivorId,
  ]);
  await sql.query("UPDATE app_user SET enterprise_id = $1 WHERE id = $2", [d.id, u.id]);
  await sql.query(
    "INSERT INTO service_log (enterprise_id, kind, occurred_on, people, content) VALUES ($1, 'VISIT', '2017-11-01', '某人', '重复记录的走访')",
    [d.id],
  );
  return {
    id: d.id as number,
    version: d.version as number,
    code,
    name: `重复企业记录${n}`,
    project: p.id,
    issue: i.id,
    user: u.id,
  };
}

async function survivor() {
  // an enterprise without 年产值 or origin, so the duplicate fills them
  const s = await one(
    `INSERT INTO enterprise (name, credit_code, updated_at) VALUES ($1, $2, now()) RETURNING id, version`,
    [`保留企业记录${++n}`, makeCreditCode("91", "140702", `MA0K${String(n).padStart(5, "0")}`)],
  );
  await sql.query(
    "INSERT INTO enterprise_contact (enterprise_id, name, is_primary) VALUES ($1, '保留记录主要联系人', true)",
    [s.id],
  );
  return s as { id: number; version: number };
}

const merge = async (username: string, id: number, fields: Record<string, string>) =>
  run(async () =>
    mergeAction({
      request: await postForm(username, `/enterprises/${id}/merge`, fields),
      params: { enterpriseId: String(id) },
      context: {},
    }),
  );
const form = (s: { version: number }, d: { id: number; version: number }) => ({
  duplicateId: String(d.id),
  survivorVersion: String(s.version),
  duplicateVersion: String(d.version),
});

describe("merging two records of one enterprise", () => {
  it("moves everything to the survivor in one transaction, deletes the duplicate, audits both in Chinese", async () => {
    const s = await survivor();
    const d = await duplicateOf(s.id);
    const r = await merge("bureau", s.id, form(s, d));
    expect(r.status).toBe(302);
    expect(await count("SELECT count(*) AS n FROM enterprise WHERE id = $1", [d.id])).toBe(0);
    expect(await one("SELECT enterprise_id FROM project WHERE id = $1", [d.project])).toEqual({ enterprise_id: s.id });
    expect(await one("SELECT enterprise_id FROM coordination_issue WHERE id = $1", [d.issue])).toEqual({
      enterprise_id: s.id,
    });
    expect(await one("SELECT enterprise_id FROM app_user WHERE id = $1", [d.user])).toEqual({ enterprise_id: s.id });
    // the funding facts follow their project (trigger-maintained)
    expect(
      await count(
        "SELECT count(*) AS n FROM funding_fact WHERE project_id = $1 AND enterprise_id IS DISTINCT FROM $2",
        [d.project, s.id],
      ),
    ).toBe(0);
    const contacts = await rows(
      "SELECT name, is_primary FROM enterprise_contact WHERE enterprise_id = $1 ORDER BY id",
      [s.id],
    );
    expect(contacts).toEqual([
      { name: "保留记录主要联系人", is_primary: true },
      { name: "重复记录联系人", is_primary: false },
    ]);
    expect(await count("SELECT count(*) AS n FROM service_log WHERE enterprise_id = $1", [s.id])).toBe(1);
    expect(
      await one("SELECT annual_output, origin_region, is_key_enterprise, version FROM enterprise WHERE id = $1", [
        s.id,
      ]),
    ).toEqual({
      annual_output: 52000,
      origin_region: "浙江省宁波市",
      is_key_enterprise: true,
      version: s.version + 1,
    });
    const a = await one(
      "SELECT action, entity, before, after FROM audit_event WHERE entity = 'Enterprise' AND entity_id = $1 AND action = 'MERGE'",
      [String(s.id)],
    );
    expect(a.after).toMatchObject({
      mergedFrom: `${d.name}（${d.code}）`,
      movedRecords: "项目 1 个、诉求 1 件、联系人 1 位、企业账号 1 个、服务记录 1 条",
    });
    const text = JSON.stringify(describeAuditChange(a));
    for (const words of [
      "并入的重复记录",
      "移入的记录：项目 1 个、诉求 1 件",
      "年产值（万元）：空 → 52000",
      "优势企业",
    ])
      expect(text).toContain(words);
    const del = await one(
      "SELECT after FROM audit_event WHERE entity = 'Enterprise' AND entity_id = $1 AND action = 'DELETE'",
      [String(d.id)],
    );
    expect(del.after.mergedInto).toMatch(/^保留企业记录/);
  });

  it("refuses in Chinese: itself, roles without the right, a stale version, a duplicate already merged — nothing changes", async () => {
    const s = await survivor();
    const d = await duplicateOf(s.id);
    const self = await merge("bureau", s.id, { ...form(s, d), duplicateId: String(s.id) });
    expect(self.status).toBe(400);
    expect((self.data as { fieldErrors: Record<string, string> }).fieldErrors.duplicateId).toBe(
      "不能把企业记录与它自身合并，请选择另一条重复记录",
    );
    for (const u of ["leader", "county.yuci", "team01"]) expect((await merge(u, s.id, form(s, d))).status, u).toBe(403);
    const stale = await merge("eic", s.id, { ...form(s, d), duplicateVersion: String(d.version + 1) });
    expect(stale.status).toBe(409);
    expect((stale.data as { formError: string }).formError).toMatch(/已被他人修改，合并未执行/);
    expect(await count("SELECT count(*) AS n FROM enterprise WHERE id = $1", [d.id])).toBe(1);
    expect(await one("SELECT enterprise_id FROM project WHERE id = $1", [d.project])).toEqual({ enterprise_id: d.id });

    expect((await merge("eic", s.id, form(s, d))).status).toBe(302);
    const again = await merge("bureau", s.id, form({ version: s.version + 1 }, d));
    expect(again.status).toBe(409);
    expect((again.data as { fieldErrors: Record<string, string> }).fieldErrors.duplicateId).toMatch(/已不存在/);
  });

  it("two people merging the same duplicate at once: one merge, one Chinese 409, no 500", async () => {
    const s = await survivor();
    const d = await duplicateOf(s.id);
    const results = await Promise.all([merge("bureau", s.id, form(s, d)), merge("eic", s.id, form(s, d))]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_event WHERE entity = 'Enterprise' AND action = 'MERGE' AND entity_id = $1",
        [String(s.id)],
      ),
    ).toBe(1);
  });

  it("the page previews both records for the city's roles and is refused to others", async () => {
    const s = await survivor();
    const d = await duplicateOf(s.id);
    const get = async (u: string) =>
      run(async () =>
        mergeLoader({
          request: await requestAs(
            u,
            `/enterprises/${s.id}/merge?q=${encodeURIComponent("重复企业记录")}&duplicate=${d.id}`,
          ),
          params: { enterpriseId: String(s.id) },
          context: {},
        }),
      );
    const ok = await get("bureau");
    expect(ok.status).toBe(200);
    const data = ok.data as { candidates: { id: number }[]; duplicate: { id: number; _count: { projects: number } } };
    expect(data.candidates.map((c) => c.id)).toContain(d.id);
    expect(data.duplicate).toMatchObject({ id: d.id, _count: { projects: 1 } });
    expect((await get("county.yuci")).status).toBe(403);
  });
});
