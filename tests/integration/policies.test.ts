// 优惠政策 (issue 15 §5, docs/decisions/121) through the real loaders and actions: a county keeps its own policies
// (not another county's, not the city's), the bureau any; a project's incentives name a policy of its county or the
// city with the promised terms; a policy still applied cannot be deleted (the refusal names the project); edits are
// version-checked; every write audited.
import { beforeAll, describe, expect, it } from "vitest";
import { action as newAction } from "~/routes/_app.policies.new/route";
import { action as policyAction, loader as policyLoader } from "~/routes/_app.policies.$policyId/route";
import { loader as listLoader } from "~/routes/_app.policies._index/route";
import { loader as projectLoader } from "~/routes/_app.projects.$projectId/route";
import {
  action as incentivesAction,
  loader as incentivesLoader,
} from "~/routes/_app.projects.$projectId_.incentives/route";
import { prisma } from "~/utils/db.server";
import { postForm, requestAs, run } from "../support/requests";

type Failure = { fieldErrors: Record<string, string>; formError: string | null };
const ids = { yuci: 0, taigu: 0, project: 0, otherProject: 0 };

beforeAll(async () => {
  const county = async (u: string) =>
    (await prisma.county.findFirstOrThrow({ where: { users: { some: { username: u } } } })).id;
  ids.yuci = await county("county.yuci");
  ids.taigu = await county("county.taigu");
  ids.project = (await prisma.project.findFirstOrThrow({ where: { countyId: ids.yuci }, orderBy: { id: "asc" } })).id;
  ids.otherProject = (
    await prisma.project.findFirstOrThrow({ where: { countyId: ids.taigu }, orderBy: { id: "asc" } })
  ).id;
});

const policyFields = (over: Record<string, string> = {}) => ({
  county: String(ids.yuci),
  category: "电价",
  title: "榆次区工业企业电价补贴",
  content: "新落户工业企业用电价格每千瓦时补贴 0.05 元，期限三年。",
  validFrom: "2017-01-01",
  validTo: "2019-12-31",
  ...over,
});

async function create(username: string, fields: Record<string, string>) {
  const request = await postForm(username, "/policies/new", fields);
  return run(() => newAction({ request, params: {}, context: {} }));
}

async function onPolicy(username: string, id: number, fields: Record<string, string>) {
  const request = await postForm(username, `/policies/${id}`, fields);
  return run(() => policyAction({ request, params: { policyId: String(id) }, context: {} }));
}

async function onProject(username: string, projectId: number, fields: Record<string, string>) {
  const request = await postForm(username, `/projects/${projectId}/incentives`, fields);
  return run(() => incentivesAction({ request, params: { projectId: String(projectId) }, context: {} }));
}

const idFrom = (location: string | null | undefined) => Number(location?.split("/").pop());

describe("the policy library", () => {
  let policyId = 0;

  it("a county registers its own county's policy, audited; validity dates are checked", async () => {
    const bad = await create("county.yuci", policyFields({ validTo: "2016-12-31" }));
    expect(bad.status).toBe(400);
    expect((bad.data as Failure).fieldErrors.validTo).toBe("失效日期不能早于生效日期");
    const r = await create("county.yuci", policyFields());
    expect(r.status).toBe(302);
    policyId = idFrom(r.response?.headers.get("Location"));
    const row = await prisma.incentivePolicy.findUniqueOrThrow({ where: { id: policyId } });
    expect(row).toMatchObject({ countyId: ids.yuci, category: "电价" });
    expect(
      await prisma.auditEvent.count({
        where: { entity: "IncentivePolicy", entityId: String(policyId), action: "CREATE" },
      }),
    ).toBe(1);
  });

  it("a county cannot write another county's or the city's policy; the bureau can", async () => {
    for (const county of [String(ids.taigu), "city"]) {
      const r = await create("county.yuci", policyFields({ county, title: `越权 ${county}` }));
      expect(r.status, county).toBe(403);
      expect((r.data as Failure).fieldErrors.county).toMatch(/本县/);
    }
    const city = await create(
      "bureau",
      policyFields({ county: "city", category: "基金", title: "市促转型增动能投资基金" }),
    );
    expect(city.status).toBe(302);
    // leader and EIC read, never write
    expect((await create("leader", policyFields())).status).toBe(403);
  });

  it("a county lists its own and the city's policies, not another county's", async () => {
    await create(
      "county.taigu",
      policyFields({ county: String(ids.taigu), title: "太谷县土地政策", category: "土地" }),
    );
    const list = async (u: string) => {
      const r = await run(async () =>
        listLoader({ request: await requestAs(u, "/policies"), params: {}, context: {} }),
      );
      return (r.data as { rows: { title: string }[] }).rows.map((x) => x.title);
    };
    const yuci = await list("county.yuci");
    expect(yuci).toContain("榆次区工业企业电价补贴");
    expect(yuci).toContain("市促转型增动能投资基金");
    expect(yuci).not.toContain("太谷县土地政策");
    expect(await list("eic")).toContain("太谷县土地政策");
    const taiguPolicy = await prisma.incentivePolicy.findFirstOrThrow({ where: { title: "太谷县土地政策" } });
    const other = await run(async () =>
      policyLoader({
        request: await requestAs("county.yuci", `/policies/${taiguPolicy.id}`),
        params: { policyId: String(taiguPolicy.id) },
        context: {},
      }),
    );
    expect(other.status).toBe(404);
    expect((await onPolicy("county.yuci", taiguPolicy.id, { intent: "delete", version: "1" })).status).toBe(404);
  });

  it("edits are version-checked and a rename is audited as such", async () => {
    const row = await prisma.incentivePolicy.findUniqueOrThrow({ where: { id: policyId } });
    const save = (version: number, title: string) =>
      onPolicy("county.yuci", policyId, { intent: "save", ...policyFields({ title }), version: String(version) });
    expect((await save(row.version, "榆次区工业企业用电补贴")).status).toBe(302);
    const stale = await save(row.version, "另一个名字");
    expect(stale.status).toBe(409);
    const a = await prisma.auditEvent.findFirstOrThrow({
      where: { entity: "IncentivePolicy", entityId: String(policyId), action: "RENAME" },
    });
    expect(a.before).toMatchObject({ title: "榆次区工业企业电价补贴" });
    expect(a.after).toMatchObject({ title: "榆次区工业企业用电补贴" });
  });

  it("a project's incentives: a policy of its county or the city, with the promised terms; others refused", async () => {
    const city = await prisma.incentivePolicy.findFirstOrThrow({ where: { title: "市促转型增动能投资基金" } });
    const taigu = await prisma.incentivePolicy.findFirstOrThrow({ where: { title: "太谷县土地政策" } });
    const foreign = await onProject("bureau", ids.project, {
      intent: "add",
      policyId: String(taigu.id),
      kind: "土地",
      content: "按太谷政策",
    });
    expect(foreign.status).toBe(400);
    expect((foreign.data as Failure).fieldErrors.policyId).toBe("请选择本县区或市级的优惠政策");
    const add = await onProject("county.yuci", ids.project, {
      intent: "add",
      policyId: String(policyId),
      kind: "电价",
      content: "用电价格每千瓦时补贴 0.05 元，2017—2019 年",
      amount: "120",
    });
    expect(add.status).toBe(302);
    const fund = await onProject("bureau", ids.project, {
      intent: "add",
      policyId: String(city.id),
      kind: "基金",
      content: "投资基金入股 3000 万元",
      amount: "3000",
    });
    expect(fund.status).toBe(302);
    // the seeded project may already apply library policies (prisma/seed/policies.ts): only this test's two
    const rows = await prisma.projectIncentive.findMany({
      where: { projectId: ids.project, policyId: { in: [policyId, city.id] } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.policyId, r.kind, r.amount])).toEqual([
      [policyId, "电价", 120],
      [city.id, "基金", 3000],
    ]);
    expect(
      await prisma.auditEvent.count({
        where: { entity: "ProjectIncentive", projectId: ids.project, action: "CREATE" },
      }),
    ).toBe(2);
    // a county does not touch another county's project; a team, the leader and 经信委 read only
    expect(
      (await onProject("county.yuci", ids.otherProject, { intent: "add", kind: "土地", content: "x" })).status,
    ).toBe(404);
    for (const u of ["leader", "eic"])
      expect((await onProject(u, ids.project, { intent: "add", kind: "土地", content: "x" })).status, u).toBe(403);
    const page = await run(async () =>
      incentivesLoader({
        request: await requestAs("leader", `/projects/${ids.project}/incentives`),
        params: { projectId: String(ids.project) },
        context: {},
      }),
    );
    expect(page.status).toBe(200);
    expect((page.data as { canEdit: boolean }).canEdit).toBe(false);
    // the project's page (what an enterprise account reads too) names the policy each promised term rests on
    const detail = await run(async () =>
      projectLoader({
        request: await requestAs("leader", `/projects/${ids.project}`),
        params: { projectId: String(ids.project) },
        context: {},
      }),
    );
    type Shown = { project: { incentives: { content: string; policy: string | null }[] } };
    expect((detail.data as Shown).project.incentives).toEqual(
      expect.arrayContaining([
        { id: expect.any(Number), kind: "基金", content: "投资基金入股 3000 万元", amount: 3000, policy: city.title },
      ]),
    );
  });

  it("refuses to delete a policy a project applies, naming the project; deletes it once no project does", async () => {
    const project = await prisma.project.findUniqueOrThrow({ where: { id: ids.project } });
    const row = await prisma.incentivePolicy.findUniqueOrThrow({ where: { id: policyId } });
    const refused = await onPolicy("county.yuci", policyId, { intent: "delete", version: String(row.version) });
    expect(refused.status).toBe(409);
    expect((refused.data as Failure).formError).toBe(
      `该政策已被 1 个项目引用（「${project.name}」），不能删除；如政策已停止执行，请修改失效日期。`,
    );
    expect(await prisma.incentivePolicy.count({ where: { id: policyId } })).toBe(1);

    const incentive = await prisma.projectIncentive.findFirstOrThrow({ where: { policyId } });
    // changing the terms, then removing the incentive
    const upd = await onProject("county.yuci", ids.project, {
      intent: "update",
      id: String(incentive.id),
      policyId: String(policyId),
      kind: "电价",
      content: "用电价格每千瓦时补贴 0.06 元",
      amount: "",
    });
    expect(upd.status).toBe(302);
    expect(await prisma.projectIncentive.findUniqueOrThrow({ where: { id: incentive.id } })).toMatchObject({
      content: "用电价格每千瓦时补贴 0.06 元",
      amount: null,
    });
    expect((await onProject("county.yuci", ids.project, { intent: "remove", id: String(incentive.id) })).status).toBe(
      302,
    );
    const ok = await onPolicy("county.yuci", policyId, { intent: "delete", version: String(row.version) });
    expect(ok.status).toBe(302);
    expect(await prisma.incentivePolicy.count({ where: { id: policyId } })).toBe(0);
    expect(
      await prisma.auditEvent.findMany({
        where: {
          OR: [
            { entity: "IncentivePolicy", entityId: String(policyId) },
            { entity: "ProjectIncentive", entityId: String(incentive.id) },
          ],
        },
        select: { action: true },
        orderBy: { id: "asc" },
      }),
    ).toEqual(["CREATE", "RENAME", "CREATE", "UPDATE", "DELETE", "DELETE"].map((action) => ({ action })));
  });
});
