// A city-level enterprise issue routed by 市经信委 to a 主办 责任单位 with 协办 (issue 17 §3, docs/decisions/170),
// through the real loaders and actions: who may route (and what a bad route is told), the department's access only
// to issues routed to it (by URL, per role), the 协办 unit's feedback to the 主办, the 主办 handling it on the city
// level's 13710 clock (routing restarts nothing), and the enterprise confirming the result. Audit and notices.
import { beforeAll, describe, expect, it } from "vitest";
import { action as detailAction, loader as detailLoader } from "~/routes/_app.issues.$issueId/route";
import { loader as queueLoader } from "~/routes/_app.issues._index/route";
import { action as newAction } from "~/routes/_app.issues.new/route";
import { loader as monthlyLoader } from "~/routes/_app.issues.monthly/route";
import { loader as shellLoader } from "~/routes/_app";
import { prisma } from "~/utils/db.server";
import { asPosted, postForm, requestAs, run, viewerFor } from "../support/requests";

let projectId: number;
let countyUser: string;
let guotu: number;
let zhujian: number;
let jingxin: number;
let id: number;

const detail = async (user: string, issueId = id) =>
  run(async () =>
    detailLoader({
      request: await requestAs(user, `/issues/${issueId}`),
      params: { issueId: String(issueId) },
      context: {},
    }),
  );
const act = async (user: string, fields: Record<string, string | string[]>, issueId = id) =>
  run(async () =>
    detailAction({
      request: await postForm(user, `/issues/${issueId}`, fields),
      params: { issueId: String(issueId) },
      context: {},
    }),
  );
const row = () => prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
const version = async () => String((await row()).version);
const queue = async (user: string, qs = "") =>
  (await run(async () => queueLoader({ request: await requestAs(user, `/issues?${qs}`), params: {}, context: {} })))
    .data as { rows: { id: number }[]; total: number } | null;
const errors = (r: { data: unknown }) => (r.data as { fieldErrors: Record<string, string> }).fieldErrors;

beforeAll(async () => {
  const geely = await viewerFor("ent.geely");
  const project = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId!, serviceTeam: { no: 1 } },
    orderBy: { id: "asc" },
    select: { id: true, countyId: true },
  });
  projectId = project.id;
  countyUser = (await prisma.user.findFirstOrThrow({ where: { role: "COUNTY", countyId: project.countyId } })).username;
  const dept = async (code: string) => (await prisma.department.findUniqueOrThrow({ where: { code } })).id;
  [guotu, zhujian, jingxin] = await Promise.all([dept("guotu"), dept("zhujian"), dept("jingxin")]);

  // ent.geely submits; the team and the county escalate it to the city
  const fd = new FormData();
  for (const [k, v] of Object.entries(
    asPosted({
      category: "LAND",
      title: "二期用地规划调整迟迟未批",
      description: "二期厂区用地规划调整申请已提交两个月，涉及国土和住建两个部门，县里无法协调。",
      projectId: String(projectId),
    }),
  ))
    fd.append(k, v);
  const res = await run(async () =>
    newAction({
      request: await requestAs("ent.geely", "/issues/new", { method: "POST", body: fd }),
      params: {},
      context: {},
    }),
  );
  id = Number(res.response!.headers.get("Location")!.split("/").pop());
  for (const user of ["team01", countyUser])
    expect((await act(user, { intent: "escalate", version: await version(), note: "需上一级协调。" })).status).toBe(
      302,
    );
  expect(await row()).toMatchObject({ level: "CITY", status: "SUBMITTED" });
});

describe("routing a city-level issue to a 主办 department", () => {
  it("before it is routed, no 责任单位 sees it — by URL, in its queue or its monthly list", async () => {
    expect((await detail("dept.guotu")).status).toBe(404);
    expect((await act("dept.guotu", { intent: "accept", version: await version(), assigneeId: "1" })).status).toBe(404);
    expect((await queue("dept.guotu"))!.rows.map((r) => r.id)).not.toContain(id);
  });

  it("only 市经信委 (and the admin) may route; the department, the bureau, the leader and the county get 403", async () => {
    expect(((await detail("eic")).data as { actions: string[] }).actions).toContain("route");
    const routeUnits = ((await detail("eic")).data as { routeUnits: { id: number; name: string }[] }).routeUnits;
    expect(routeUnits.map((u) => u.name)).toContain("市国土资源局");
    expect(routeUnits.map((u) => u.id)).not.toContain(jingxin); // 经信委 itself handles an unrouted issue
    for (const user of ["bureau", "leader", countyUser])
      expect(
        (await act(user, { intent: "route", version: await version(), leadDepartmentId: String(guotu) })).status,
      ).toBe(403);
  });

  it("a bad route is answered next to its fields (400) and writes nothing", async () => {
    const v = await version();
    const none = await act("eic", { intent: "route", version: v, leadDepartmentId: "" });
    expect(none.status).toBe(400);
    expect(errors(none).leadDepartmentId).toBe("请选择主办单位");
    const self = await act("eic", { intent: "route", version: v, leadDepartmentId: String(jingxin) });
    expect(self.status).toBe(400);
    expect(errors(self).leadDepartmentId).toBe("请选择主办单位");
    const twice = await act("eic", {
      intent: "route",
      version: v,
      leadDepartmentId: String(guotu),
      assistDepartmentIds: [String(guotu)],
    });
    expect(twice.status).toBe(400);
    expect(errors(twice).assistDepartmentIds).toBe("主办单位不能同时作为协办单位");
    expect(await prisma.issueUnit.count({ where: { issueId: id } })).toBe(0);
    expect(await version()).toBe(v);
  });

  it("经信委 routes it to 市国土资源局 with 市住建局 协办: same status and 13710 clock, units notified, audited", async () => {
    const before = await row();
    const r = await act("eic", {
      intent: "route",
      version: String(before.version),
      leadDepartmentId: String(guotu),
      assistDepartmentIds: [String(zhujian)],
      note: "请国土局牵头办理。",
    });
    expect(r.status).toBe(302);
    const after = await row();
    expect(after).toMatchObject({ level: "CITY", status: "SUBMITTED", assigneeId: null, version: before.version + 1 });
    for (const k of ["clockStartedAt", "acceptDueAt", "respondDueAt", "resolveDueAt", "levelEnteredAt"] as const)
      expect(after[k]).toEqual(before[k]);
    const units = await prisma.issueUnit.findMany({ where: { issueId: id }, orderBy: { isLead: "desc" } });
    expect(units.map((u) => [u.departmentId, u.isLead])).toEqual([
      [guotu, true],
      [zhujian, false],
    ]);
    const ev = await prisma.issueEvent.findFirstOrThrow({ where: { issueId: id, kind: "ROUTED" } });
    expect(ev.note).toBe("交由市国土资源局主办，市住房和城乡建设局协办。请国土局牵头办理。");
    const notified = await prisma.notification.findMany({
      where: { issueId: id, kind: "NEW", user: { role: "DEPARTMENT" } },
      select: { user: { select: { username: true } } },
    });
    expect(notified.map((n) => n.user.username).sort()).toEqual(["dept.guotu", "dept.zhujian"]);
    expect(
      await prisma.auditEvent.count({
        where: { entity: "CoordinationIssue", entityId: String(id), action: "ISSUE_ROUTE" },
      }),
    ).toBe(1);
  });

  it("access per role by URL: 主办 and 协办 see it, another department does not; 经信委 no longer handles it", async () => {
    const guotuView = await detail("dept.guotu");
    expect(guotuView.status).toBe(200);
    const g = guotuView.data as { actions: string[]; view: { leadUnit: string; assistUnits: string[] } };
    expect(g.actions).toEqual(expect.arrayContaining(["accept", "comment"]));
    expect(g.actions).not.toContain("route");
    expect(g.view).toMatchObject({ leadUnit: "市国土资源局", assistUnits: ["市住房和城乡建设局"] });
    expect(((await detail("dept.zhujian")).data as { actions: string[] }).actions).toEqual(["comment", "assist"]);
    for (const user of ["dept.fagai", "dept.huanbao"]) {
      expect((await detail(user)).status).toBe(404);
      expect((await act(user, { intent: "accept", version: await version(), assigneeId: "1" })).status).toBe(404);
      expect((await queue(user))!.rows.map((r) => r.id)).not.toContain(id);
    }
    expect((await queue("dept.guotu"))!.rows.map((r) => r.id)).toContain(id);
    expect((await queue("dept.zhujian"))!.rows.map((r) => r.id)).toContain(id);
    // every issue a department's queue shows is routed to it
    const rows = (await queue("dept.guotu", "size=100"))!.rows.map((r) => r.id);
    expect(await prisma.issueUnit.count({ where: { issueId: { in: rows }, departmentId: guotu } })).toBe(rows.length);
    // 经信委 reads it and may route it again, but accepting is the department's now
    const eic = await viewerFor("eic");
    expect(((await detail("eic")).data as { actions: string[] }).actions).toEqual(expect.arrayContaining(["route"]));
    expect((await act("eic", { intent: "accept", version: await version(), assigneeId: String(eic.id) })).status).toBe(
      403,
    );
    // the 协办 unit cannot take the 主办's steps
    const zj = await viewerFor("dept.zhujian");
    expect(
      (await act("dept.zhujian", { intent: "accept", version: await version(), assigneeId: String(zj.id) })).status,
    ).toBe(403);
    // the department's menu offers its issues
    const shell = await run(async () =>
      shellLoader({ request: await requestAs("dept.guotu", "/issues"), params: {}, context: {} }),
    );
    expect((shell.data as { nav: { to: string; label: string }[] }).nav).toContainEqual(
      expect.objectContaining({ to: "/issues", label: "交办诉求" }),
    );
  });

  it("the 协办 unit reports to the 主办 (协办反馈): an event, a notice to the 主办, no version change", async () => {
    const v = await version();
    const empty = await act("dept.zhujian", { intent: "assist", version: v, note: "" });
    expect(empty.status).toBe(400);
    expect(errors(empty).note).toBe("请填写协办反馈内容");
    expect(
      (await act("dept.zhujian", { intent: "assist", version: v, note: "规划条件已出具，可按调整后方案报批。" }))
        .status,
    ).toBe(302);
    expect(await version()).toBe(v);
    const ev = await prisma.issueEvent.findFirstOrThrow({ where: { issueId: id, kind: "ASSISTED" } });
    expect(ev.note).toBe("【市住房和城乡建设局】规划条件已出具，可按调整后方案报批。");
    const gt = await viewerFor("dept.guotu");
    expect(await prisma.notification.count({ where: { issueId: id, userId: gt.id, kind: "COMMENTED" } })).toBe(1);
    expect((await act("dept.fagai", { intent: "assist", version: v, note: "无关单位的反馈" })).status).toBe(404);
    expect((await act("dept.guotu", { intent: "assist", version: v, note: "主办不写协办反馈" })).status).toBe(403);
  });

  it("市国土资源局 accepts, reports and resolves it; the enterprise confirms the result", async () => {
    const gt = await viewerFor("dept.guotu");
    // only the 主办 department's people may be named
    const eic = await viewerFor("eic");
    expect(
      (await act("dept.guotu", { intent: "accept", version: await version(), assigneeId: String(eic.id) })).status,
    ).toBe(403);
    expect(
      (await act("dept.guotu", { intent: "accept", version: await version(), assigneeId: String(gt.id) })).status,
    ).toBe(302);
    expect(await row()).toMatchObject({ status: "ACCEPTED", assigneeId: gt.id });
    expect(
      (await act("dept.guotu", { intent: "respond", version: await version(), note: "已会同住建局现场踏勘。" })).status,
    ).toBe(302);
    expect(
      (await act("dept.guotu", { intent: "resolve", version: await version(), note: "规划调整已批复，用地手续办结。" }))
        .status,
    ).toBe(302);
    expect(await row()).toMatchObject({
      status: "RESOLVED",
      level: "CITY",
      resolution: "规划调整已批复，用地手续办结。",
    });
    // the department cannot confirm for the enterprise
    expect((await act("dept.guotu", { intent: "confirm", version: await version(), satisfaction: "5" })).status).toBe(
      403,
    );
    expect(
      (await act("ent.geely", { intent: "confirm", version: await version(), satisfaction: "5", note: "满意" })).status,
    ).toBe(302);
    expect(await row()).toMatchObject({ status: "CLOSED", satisfaction: 5 });
    const kinds = (await prisma.issueEvent.findMany({ where: { issueId: id }, orderBy: { id: "asc" } })).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual([
      "SUBMITTED",
      "ESCALATED",
      "ESCALATED",
      "ROUTED",
      "ASSISTED",
      "ACCEPTED",
      "RESPONDED",
      "RESOLVED",
      "CONFIRMED",
    ]);
    const actors = await prisma.issueEvent.findMany({
      where: { issueId: id, kind: { in: ["ACCEPTED", "RESOLVED"] } },
      select: { actorId: true },
    });
    expect(actors.every((a) => a.actorId === gt.id)).toBe(true);
  });

  it("a department's monthly 协调问题清单 holds only the issues routed to it", async () => {
    type Monthly = { rows: { code: string }[] };
    const mine = (
      await run(async () =>
        monthlyLoader({ request: await requestAs("dept.guotu", "/issues/monthly"), params: {}, context: {} }),
      )
    ).data as Monthly;
    const codes = mine.rows.map((r) => r.code);
    const routed = await prisma.coordinationIssue.findMany({
      where: { code: { in: codes } },
      select: { units: { select: { departmentId: true } } },
    });
    expect(routed.every((r) => r.units.some((u) => u.departmentId === guotu))).toBe(true);
  });
});
