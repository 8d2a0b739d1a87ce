// Enterprise issues end to end through the real loaders and actions, per role (docs/design.md §6): scope (another
// enterprise's issue is a 404), who may act at which level, validation in Chinese, version conflicts, the clock
// restarting on escalation and rejection, audit and notifications.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "~/routes/_app._index";
import { action as detailAction, loader as detailLoader } from "~/routes/_app.issues.$issueId/route";
import { loader as queueLoader } from "~/routes/_app.issues._index/route";
import { action as newAction, loader as newLoader } from "~/routes/_app.issues.new/route";
import { loader as monthlyLoader } from "~/routes/_app.issues.monthly/route";
import { loader as exportLoader } from "~/routes/resources.issues-monthly";
import { loader as attachmentLoader } from "~/routes/resources.attachments.$attachmentId";
import { action as notificationsAction } from "~/routes/_app.notifications/route";
import { action as slaAction, loader as slaLoader } from "~/routes/_app.admin.sla/route";
import { prisma } from "~/utils/db.server";
import { monthOf, shiftMonth, type RateRow } from "~/domain/coordinationList";
import { parseCsvText, readXlsx } from "../support/spreadsheets";
import { overdueIssuesHref } from "~/domain/drilldown";
import { issueMismatches, overdueMismatches } from "../support/derivedSql";
import { asPosted, postForm, requestAs, run, viewerFor } from "../support/requests";
import { now as clockNow } from "~/utils/clock.server";

let geelyProject: { id: number; countyId: number };
let countyUser: string;
let dongfangProjectId: number;

beforeAll(async () => {
  const geely = await viewerFor("ent.geely");
  geelyProject = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId!, serviceTeam: { no: 1 }, isTransformation: true },
    select: { id: true, countyId: true },
  });
  const cu = await prisma.user.findFirstOrThrow({
    where: { role: "COUNTY", countyId: geelyProject.countyId },
    select: { username: true },
  });
  countyUser = cu.username;
  const dongfang = await viewerFor("ent.dongfang");
  dongfangProjectId = (
    await prisma.project.findFirstOrThrow({ where: { enterpriseId: dongfang.enterpriseId! }, select: { id: true } })
  ).id;
});

const detail = async (user: string, id: number) =>
  run(async () =>
    detailLoader({ request: await requestAs(user, `/issues/${id}`), params: { issueId: String(id) }, context: {} }),
  );
const act = async (user: string, id: number, fields: Record<string, string>) =>
  run(async () =>
    detailAction({
      request: await postForm(user, `/issues/${id}`, fields),
      params: { issueId: String(id) },
      context: {},
    }),
  );
const version = async (id: number) => (await prisma.coordinationIssue.findUniqueOrThrow({ where: { id } })).version;
const issueRow = (id: number) => prisma.coordinationIssue.findUniqueOrThrow({ where: { id } });
const kinds = async (id: number) =>
  (await prisma.issueEvent.findMany({ where: { issueId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
    (e) => e.kind,
  );

function multipart(fields: Record<string, string>, files: Array<{ name: string; type: string; body: string }> = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(asPosted(fields))) fd.append(k, v);
  for (const f of files) fd.append("attachments", new File([f.body], f.name, { type: f.type }));
  return fd;
}
async function submitAs(
  user: string,
  fields: Record<string, string>,
  files: Array<{ name: string; type: string; body: string }> = [],
) {
  return run(async () =>
    newAction({
      request: await requestAs(user, "/issues/new", { method: "POST", body: multipart(fields, files) }),
      params: {},
      context: {},
    }),
  );
}
const validIssue = (over: Record<string, string> = {}) => ({
  category: "UTILITIES",
  title: "二期厂区用电增容申请未批复",
  description: "二期厂区新增用电负荷约 8000 千伏安，增容申请已提交一个月，供电公司尚未答复。",
  projectId: String(geelyProject.id),
  ...over,
});
const idFrom = (res: { response?: Response }) => Number(res.response!.headers.get("Location")!.split("/").pop());

describe("submitting an issue", () => {
  it("the enterprise submits with an attachment: TEAM level, clock running, the team notified", async () => {
    const res = await submitAs("ent.geely", validIssue(), [
      { name: "供电公司回复.pdf", type: "application/pdf", body: "%PDF-1.4 demo" },
    ]);
    expect(res.status).toBe(302);
    const id = idFrom(res);
    const i = await issueRow(id);
    expect(i).toMatchObject({
      level: "TEAM",
      status: "SUBMITTED",
      onBehalf: false,
      code: `SQ-${String(id).padStart(6, "0")}`,
    });
    expect(i.acceptDueAt!.getTime()).toBeGreaterThan(i.submittedAt.getTime());
    expect(await kinds(id)).toEqual(["SUBMITTED"]);
    const team = await prisma.user.findMany({ where: { role: "TEAM", team: { no: 1 } }, select: { id: true } });
    const notified = await prisma.notification.findMany({
      where: { issueId: id, kind: "NEW" },
      select: { userId: true },
    });
    expect(notified.map((n) => n.userId).sort()).toEqual(team.map((t) => t.id).sort());
    expect(
      await prisma.auditEvent.count({ where: { entity: "CoordinationIssue", entityId: String(id), action: "CREATE" } }),
    ).toBe(1);

    // the attachment downloads for those who can see the issue, and is a 404 for another enterprise
    const [att] = await prisma.attachment.findMany({ where: { issueId: id } });
    expect(att.fileName).toBe("供电公司回复.pdf");
    const get = async (user: string) =>
      run(async () =>
        attachmentLoader({
          request: await requestAs(user, `/resources/attachments/${att.id}`),
          params: { attachmentId: String(att.id) },
          context: {},
        }),
      );
    const ok = await get("team01");
    expect(ok.status).toBe(200);
    expect(await ok.response!.text()).toBe("%PDF-1.4 demo");
    expect(ok.response!.headers.get("Content-Disposition")).toContain("attachment");
    expect((await get("ent.geely")).status).toBe(200);
    expect((await get("ent.dongfang")).status).toBe(404);
  });

  it("rejects bad input with Chinese messages next to the fields, and nothing is written", async () => {
    const before = await prisma.coordinationIssue.count();
    const empty = await submitAs("ent.geely", { category: "", title: "", description: "太短", projectId: "" });
    expect(empty.status).toBe(400);
    expect((empty.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      category: "请选择诉求类别",
      title: "请填写标题",
      description: "问题描述至少 10 个字",
    });
    const otherProject = await submitAs("ent.geely", validIssue({ projectId: String(dongfangProjectId) }));
    expect(otherProject.status).toBe(400);
    expect((otherProject.data as { fieldErrors: Record<string, string> }).fieldErrors.projectId).toBe(
      "请选择您可以提交诉求的项目",
    );
    const exe = await submitAs("ent.geely", validIssue(), [
      { name: "tool.exe", type: "application/octet-stream", body: "MZ" },
    ]);
    expect(exe.status).toBe(400);
    expect((exe.data as { fieldErrors: Record<string, string> }).fieldErrors.attachments).toContain("不支持的附件类型");
    expect(await prisma.coordinationIssue.count()).toBe(before);
  });

  it("a team files on an enterprise's behalf only with one of its projects; the leader cannot file", async () => {
    const noProject = await submitAs("team01", validIssue({ projectId: "" }));
    expect(noProject.status).toBe(400);
    expect((noProject.data as { fieldErrors: Record<string, string> }).fieldErrors.projectId).toBe(
      "代企业提交诉求时请选择相关项目",
    );
    const ok = await submitAs("team01", validIssue({ title: "代企业提交：用工需求对接" }));
    expect(ok.status).toBe(302);
    expect(await issueRow(idFrom(ok))).toMatchObject({ onBehalf: true });
    expect((await submitAs("leader", validIssue())).status).toBe(403);
    expect(
      (await run(async () => newLoader({ request: await requestAs("eic", "/issues/new"), params: {}, context: {} })))
        .status,
    ).toBe(403);
  });
});

describe("the ladder TEAM → COUNTY → CITY, and back to the enterprise", () => {
  let id: number;
  beforeAll(async () => {
    id = idFrom(
      await submitAs("ent.geely", validIssue({ title: "园区道路未贯通影响物流运输", category: "INFRASTRUCTURE" })),
    );
  });

  it("another enterprise, another team, another county: 404 by URL, for reading and for writing", async () => {
    for (const u of ["ent.dongfang", "team02"]) {
      expect((await detail(u, id)).status).toBe(404);
      expect((await act(u, id, { intent: "comment", version: "1", note: "看看" })).status).toBe(404);
    }
    const other = await prisma.user.findFirstOrThrow({
      where: { role: "COUNTY", NOT: { countyId: geelyProject.countyId } },
      select: { username: true },
    });
    expect((await detail(other.username, id)).status).toBe(404);
    for (const u of ["ent.geely", "team01", countyUser, "eic", "bureau", "leader", "admin"])
      expect((await detail(u, id)).status, u).toBe(200);
  });

  it("at TEAM level only the team acts; the leader comments; the enterprise cannot act for them", async () => {
    const v = String(await version(id));
    for (const u of ["leader", "eic", "bureau", countyUser, "ent.geely"]) {
      const team01 = await viewerFor("team01");
      expect((await act(u, id, { intent: "accept", version: v, assigneeId: String(team01.id) })).status, u).toBe(403);
    }
    const actions = (await detail("leader", id)).data as { actions: string[] };
    expect(actions.actions).toEqual(["comment"]);
    expect((await act("leader", id, { intent: "comment", version: v, note: "请抓紧协调，限期办结。" })).status).toBe(
      302,
    );
    expect(await version(id)).toBe(Number(v)); // a comment does not change the issue
  });

  it("validation and stale pages", async () => {
    const team01 = await viewerFor("team01");
    const v = await version(id);
    const bad = await act("team01", id, { intent: "accept", version: String(v), assigneeId: "" });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.assigneeId).toBe("请选择办理人");
    const outsider = await viewerFor("team02");
    const wrongPerson = await act("team01", id, {
      intent: "accept",
      version: String(v),
      assigneeId: String(outsider.id),
    });
    expect(wrongPerson.status).toBe(403);
    expect(await kinds(id)).toEqual(["SUBMITTED", "COMMENTED"]);
    const ok = await act("team01", id, { intent: "accept", version: String(v), assigneeId: String(team01.id) });
    expect(ok.status).toBe(302);
    // a second handler on the old page: the issue moved on → 409 naming the current state, nothing written
    const stale = await act("team01", id, { intent: "accept", version: String(v), assigneeId: String(team01.id) });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.data)).toContain("已被他人更新");
    const staleRespond = await act("team01", id, { intent: "respond", version: String(v), note: "已对接园区管委会" });
    expect(staleRespond.status).toBe(409);
    const noNote = await act("team01", id, { intent: "respond", version: String(v + 1), note: " " });
    expect(noNote.status).toBe(400);
    expect((noNote.data as { fieldErrors: Record<string, string> }).fieldErrors.note).toBe("请填写进展情况");
    expect(await kinds(id)).toEqual(["SUBMITTED", "COMMENTED", "ACCEPTED"]);
  });

  it("escalation needs a reason, hands the issue to the county with a new clock, and the team can no longer act", async () => {
    const before = await issueRow(id);
    expect((await act("team01", id, { intent: "escalate", version: String(before.version), note: "" })).status).toBe(
      400,
    );
    expect(
      (
        await act("team01", id, {
          intent: "escalate",
          version: String(before.version),
          note: "涉及园区道路建设计划，需县级协调。",
        })
      ).status,
    ).toBe(302);
    const after = await issueRow(id);
    expect(after).toMatchObject({
      level: "COUNTY",
      status: "SUBMITTED",
      assigneeId: null,
      acceptedAt: null,
      escalationCount: 1,
    });
    expect(after.clockStartedAt.getTime()).toBeGreaterThan(before.clockStartedAt.getTime());
    const team01 = await viewerFor("team01");
    expect(
      (await act("team01", id, { intent: "accept", version: String(after.version), assigneeId: String(team01.id) }))
        .status,
    ).toBe(403);
    const county = await viewerFor(countyUser);
    const notified = await prisma.notification.findMany({ where: { issueId: id, kind: "NEW", userId: county.id } });
    expect(notified).toHaveLength(1);
    expect(
      (await act(countyUser, id, { intent: "accept", version: String(after.version), assigneeId: String(county.id) }))
        .status,
    ).toBe(302);
    const v = await version(id);
    expect(
      (await act(countyUser, id, { intent: "escalate", version: String(v), note: "需市级协调道路建设资金。" })).status,
    ).toBe(302);
    expect(await issueRow(id)).toMatchObject({ level: "CITY", status: "SUBMITTED", escalationCount: 2 });
  });

  it("at CITY level 经信委 acts, the bureau neither acts nor comments; resolution goes to the enterprise", async () => {
    const eic = await viewerFor("eic");
    const bureau = await viewerFor("bureau");
    let v = await version(id);
    expect(
      (await act("bureau", id, { intent: "accept", version: String(v), assigneeId: String(bureau.id) })).status,
    ).toBe(403);
    expect((await act("bureau", id, { intent: "comment", version: String(v), note: "请尽快办理。" })).status).toBe(403);
    expect((await act("eic", id, { intent: "accept", version: String(v), assigneeId: String(eic.id) })).status).toBe(
      302,
    );
    v = await version(id);
    expect(
      (await act("eic", id, { intent: "markComplex", version: String(v), note: "涉及多个部门和年度建设计划。" }))
        .status,
    ).toBe(302);
    const complex = await issueRow(id);
    expect(complex.isComplex).toBe(true);
    expect(complex.resolveDueAt!.getTime()).toBeGreaterThan(complex.respondDueAt!.getTime());
    v = await version(id);
    expect((await act("ent.geely", id, { intent: "confirm", version: String(v), satisfaction: "5" })).status).toBe(403);
    expect(
      (await act("eic", id, { intent: "resolve", version: String(v), note: "道路已列入年度建设计划，本月开工。" }))
        .status,
    ).toBe(302);
    const ent = await viewerFor("ent.geely");
    expect(await prisma.notification.count({ where: { issueId: id, kind: "RESOLVED", userId: ent.id } })).toBe(1);
  });

  it("the enterprise rejects (reason required): reopened at the same level with a fresh clock", async () => {
    const resolved = await issueRow(id);
    expect(
      (await act("ent.dongfang", id, { intent: "reject", version: String(resolved.version), note: "不认可" })).status,
    ).toBe(404);
    const noReason = await act("ent.geely", id, { intent: "reject", version: String(resolved.version), note: "" });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { fieldErrors: Record<string, string> }).fieldErrors.note).toBe("请填写不认可的理由");
    expect(
      (await act("ent.geely", id, { intent: "reject", version: String(resolved.version), note: "道路至今未开工。" }))
        .status,
    ).toBe(302);
    const reopened = await issueRow(id);
    expect(reopened).toMatchObject({ status: "REOPENED", level: "CITY", resolvedAt: null, acceptedAt: null });
    expect(reopened.clockStartedAt.getTime()).toBeGreaterThan(resolved.clockStartedAt.getTime());
    expect(reopened.acceptDueAt!.getTime()).toBeGreaterThan(reopened.clockStartedAt.getTime());
  });

  it("handled again and confirmed with a score (1–5 only); the timeline is complete", async () => {
    const eic = await viewerFor("eic");
    let v = await version(id);
    expect((await act("eic", id, { intent: "accept", version: String(v), assigneeId: String(eic.id) })).status).toBe(
      302,
    );
    v = await version(id);
    expect(
      (await act("eic", id, { intent: "resolve", version: String(v), note: "道路已开工建设，预计下月通车。" })).status,
    ).toBe(302);
    v = await version(id);
    const nine = await act("ent.geely", id, { intent: "confirm", version: String(v), satisfaction: "9" });
    expect(nine.status).toBe(400);
    expect((nine.data as { fieldErrors: Record<string, string> }).fieldErrors.satisfaction).toBe("请选择满意度");
    expect(
      (await act("ent.geely", id, { intent: "confirm", version: String(v), satisfaction: "4", note: "感谢协调" }))
        .status,
    ).toBe(302);
    expect(await issueRow(id)).toMatchObject({ status: "CLOSED", satisfaction: 4 });
    expect(await kinds(id)).toEqual([
      "SUBMITTED",
      "COMMENTED",
      "ACCEPTED",
      "ESCALATED",
      "ACCEPTED",
      "ESCALATED",
      "ACCEPTED",
      "MARKED_COMPLEX",
      "RESOLVED",
      "REJECTED",
      "ACCEPTED",
      "RESOLVED",
      "CONFIRMED",
    ]);
    const view = (await detail("ent.geely", id)).data as { view: { events: Array<{ actor: string; at: string }> } };
    expect(view.view.events.every((e) => e.actor && e.at)).toBe(true);
    const audits = await prisma.auditEvent.count({ where: { entity: "CoordinationIssue", entityId: String(id) } });
    expect(audits).toBe(13); // create + every action (comments included)
  });
});

describe("政策兑现 at CITY level, and comments", () => {
  let id: number;
  beforeAll(async () => {
    // filed by the enterprise, escalated by the team and the county to the city
    id = idFrom(await submitAs("ent.geely", validIssue({ title: "招商协议约定的设备补贴未兑现", category: "POLICY" })));
    expect(
      (await act("team01", id, { intent: "escalate", version: String(await version(id)), note: "补贴需县里兑现。" }))
        .status,
    ).toBe(302);
    expect(
      (
        await act(countyUser, id, {
          intent: "escalate",
          version: String(await version(id)),
          note: "县级财力不足，需市级协调。",
        })
      ).status,
    ).toBe(302);
    expect(await issueRow(id)).toMatchObject({ level: "CITY", category: "POLICY", status: "SUBMITTED" });
  });

  it("the bureau cannot act on a 政策兑现 issue at CITY level (docs/design.md §6): 403, no buttons, nothing written", async () => {
    const bureau = await viewerFor("bureau");
    const v = String(await version(id));
    const events = await prisma.issueEvent.count({ where: { issueId: id } });
    expect((await act("bureau", id, { intent: "accept", version: v, assigneeId: String(bureau.id) })).status).toBe(403);
    expect((await act("bureau", id, { intent: "escalate", version: v, note: "需省级协调。" })).status).toBe(403);
    expect((await act("bureau", id, { intent: "comment", version: v, note: "请抓紧兑现。" })).status).toBe(403);
    expect(((await detail("bureau", id)).data as { actions: string[] }).actions).toEqual([]);
    expect(await prisma.issueEvent.count({ where: { issueId: id } })).toBe(events);
    // the assignee choices and the new-issue notices are 经信委's only
    const handlers = ((await detail("eic", id)).data as { handlers: Array<{ id: number }> }).handlers.map((h) => h.id);
    expect(handlers).not.toContain(bureau.id);
    expect(await prisma.notification.count({ where: { issueId: id, userId: bureau.id } })).toBe(0);
    const eic = await viewerFor("eic");
    expect((await act("eic", id, { intent: "accept", version: v, assigneeId: String(eic.id) })).status).toBe(302);
    expect(((await detail("eic", id)).data as { actions: string[] }).actions).toContain("comment");
  });

  it("the enterprise comments on its own issue: an event by the enterprise user, audited, the version unchanged", async () => {
    const ent = await viewerFor("ent.geely");
    const v = await version(id);
    expect(((await detail("ent.geely", id)).data as { actions: string[] }).actions).toContain("comment");
    const empty = await act("ent.geely", id, { intent: "comment", version: String(v), note: " " });
    expect(empty.status).toBe(400);
    const res = await act("ent.geely", id, {
      intent: "comment",
      version: String(v),
      note: "补贴资金到位时间请明确告知。",
    });
    expect(res.status).toBe(302);
    const ev = await prisma.issueEvent.findFirstOrThrow({
      where: { issueId: id, kind: "COMMENTED" },
      orderBy: { id: "desc" },
    });
    expect(ev).toMatchObject({
      actorId: ent.id,
      note: "补贴资金到位时间请明确告知。",
      fromStatus: null,
      toStatus: null,
    });
    const audits = await prisma.auditEvent.findMany({
      where: { entity: "CoordinationIssue", entityId: String(id), action: "ISSUE_COMMENT" },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(ent.id);
    expect(await version(id)).toBe(v);
    // the team and the county that handled it at lower levels may still comment; another enterprise cannot see it
    expect((await act("team01", id, { intent: "comment", version: String(v), note: "小组继续跟进。" })).status).toBe(
      302,
    );
    expect((await act(countyUser, id, { intent: "comment", version: String(v), note: "县里配合。" })).status).toBe(302);
    expect((await act("ent.dongfang", id, { intent: "comment", version: String(v), note: "看看" })).status).toBe(404);
  });
});

describe("queues and the monthly list", () => {
  it("each role's queue shows only issues in its scope; the clock filter is exact", async () => {
    const team = await viewerFor("team01");
    const res = await run(async () =>
      queueLoader({ request: await requestAs("team01", "/issues?view=all&size=100"), params: {}, context: {} }),
    );
    const d = res.data as { level: string; rows: Array<{ id: number; level: string }>; total: number };
    expect(d.level).toBe("TEAM");
    expect(d.rows.every((r) => r.level === "TEAM")).toBe(true);
    const ids = d.rows.map((r) => r.id);
    const inScope = await prisma.coordinationIssue.count({
      where: { id: { in: ids }, OR: [{ teamId: team.teamId }, { project: { serviceTeamId: team.teamId } }] },
    });
    expect(inScope).toBe(ids.length);
    const ent = (
      await run(async () =>
        queueLoader({ request: await requestAs("ent.dongfang", "/issues?view=all&size=100"), params: {}, context: {} }),
      )
    ).data as {
      rows: Array<{ enterprise: string }>;
    };
    expect(ent.rows.length).toBeGreaterThan(0);
    expect(new Set(ent.rows.map((r) => r.enterprise)).size).toBe(1);
    for (const color of ["red", "yellow", "green"] as const) {
      const r = (
        await run(async () =>
          queueLoader({
            request: await requestAs("admin", `/issues?level=ALL&clock=${color}&size=100`),
            params: {},
            context: {},
          }),
        )
      ).data as {
        rows: Array<{ clock: { color: string } }>;
      };
      expect(
        r.rows.every((x) => x.clock.color === color),
        color,
      ).toBe(true);
    }
  });

  it("the monthly list holds CITY/PROVINCE issues, is for government users only, and exports", async () => {
    const res = await run(async () =>
      monthlyLoader({ request: await requestAs("eic", "/issues/monthly"), params: {}, context: {} }),
    );
    const d = res.data as { rows: Array<{ levelInMonth: string }>; total: number };
    expect(d.total).toBeGreaterThan(0);
    expect(d.rows.every((r) => r.levelInMonth === "CITY" || r.levelInMonth === "PROVINCE")).toBe(true);
    expect(
      (
        await run(async () =>
          monthlyLoader({ request: await requestAs("ent.geely", "/issues/monthly"), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
    const xlsx = await run(async () =>
      exportLoader({
        request: await requestAs("eic", "/resources/issues-monthly?format=xlsx"),
        params: {},
        context: {},
      }),
    );
    expect(xlsx.response!.headers.get("Content-Type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await xlsx.response!.arrayBuffer());
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe("PK");
    expect(
      (
        await run(async () =>
          exportLoader({ request: await requestAs("ent.geely", "/resources/issues-monthly"), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
  });

  // 按时办结: resolved in the month with no step ever past its deadline — the running clock's accept, first
  // feedback (or the resolution when there was none) and resolve deadlines, and no OVERDUE / AUTO_ESCALATED mark of
  // an earlier clock up to the resolution. Written out in SQL, grouped by county and by team.
  async function expectedRates(month: { start: Date; end: Date }, group: "county" | "team") {
    const key = group === "county" ? "i.county_id::text" : "coalesce(i.team_id::text, 'none')";
    const { rows } = await rawSql.query(
      `SELECT ${key} AS key,
              count(*) FILTER (WHERE i.resolved_at >= $1 AND i.resolved_at < $2)::int AS resolved,
              count(*) FILTER (WHERE i.resolved_at >= $1 AND i.resolved_at < $2
                AND i.resolved_at <= i.resolve_due_at
                AND (i.accept_due_at IS NULL OR coalesce(i.accepted_at, i.resolved_at) <= i.accept_due_at)
                AND (i.respond_due_at IS NULL OR coalesce(i.first_responded_at, i.resolved_at) <= i.respond_due_at)
                AND NOT EXISTS (SELECT 1 FROM issue_event e WHERE e.issue_id = i.id
                                  AND e.kind IN ('OVERDUE', 'AUTO_ESCALATED') AND e.created_at <= i.resolved_at))::int AS "onTime",
              count(*) FILTER (WHERE i.closed_at >= $1 AND i.closed_at < $2 AND i.satisfaction IS NOT NULL)::int AS confirmed,
              count(*) FILTER (WHERE i.closed_at >= $1 AND i.closed_at < $2 AND i.satisfaction >= 4)::int AS satisfied,
              coalesce(sum(i.satisfaction) FILTER (WHERE i.closed_at >= $1 AND i.closed_at < $2), 0)::int AS "scoreSum"
       FROM coordination_issue i
       WHERE (i.resolved_at >= $1 AND i.resolved_at < $2) OR (i.closed_at >= $1 AND i.closed_at < $2)
       GROUP BY 1 ORDER BY 1`,
      [month.start, month.end],
    );
    return rows as Array<{
      key: string;
      resolved: number;
      onTime: number;
      confirmed: number;
      satisfied: number;
      scoreSum: number;
    }>;
  }
  const rawSql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => rawSql.connect());
  afterAll(() => rawSql.end());

  it("the month's 按时办结率 and 满意率 per county and per team equal an independent SQL computation", async () => {
    let resolved = 0;
    for (const back of [0, 1, 2]) {
      const month = shiftMonth(monthOf(clockNow()), -back);
      const res = await run(async () =>
        monthlyLoader({
          request: await requestAs("admin", `/issues/monthly?month=${month.key}`),
          params: {},
          context: {},
        }),
      );
      const d = res.data as { countyRates: RateRow[]; teamRates: RateRow[] };
      const strip = (rows: Array<Omit<RateRow, "name">>) =>
        rows
          .map(({ key, resolved, onTime, confirmed, satisfied, scoreSum }) => ({
            key,
            resolved,
            onTime,
            confirmed,
            satisfied,
            scoreSum,
          }))
          .sort((a, b) => a.key.localeCompare(b.key));
      expect(strip(d.countyRates), `${month.key} counties`).toEqual(strip(await expectedRates(month, "county")));
      expect(strip(d.teamRates), `${month.key} teams`).toEqual(strip(await expectedRates(month, "team")));
      resolved += d.countyRates.reduce((t, r) => t + r.resolved, 0);
    }
    expect(resolved).toBeGreaterThan(0);
  });

  it("the CSV export carries the list and, after a blank line each, the same rates as the Excel sheets", async () => {
    const d = (
      await run(async () =>
        monthlyLoader({ request: await requestAs("eic", "/issues/monthly"), params: {}, context: {} }),
      )
    ).data as {
      total: number;
      countyRates: RateRow[];
      teamRates: RateRow[];
    };
    const exportsBefore = await prisma.auditEvent.count({
      where: { action: "EXPORT", entity: "CoordinationList", actorId: (await viewerFor("eic")).id },
    });
    const csv = await run(async () =>
      exportLoader({
        request: await requestAs("eic", "/resources/issues-monthly?format=csv"),
        params: {},
        context: {},
      }),
    );
    const raw = new Uint8Array(await csv.response!.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads the Chinese right
    const text = new TextDecoder().decode(raw);
    const [list, counties, teams, ...rest] = text.trim().split("\r\n\r\n");
    expect(rest).toEqual([]);
    expect(list.startsWith("编号,问题,企业")).toBe(true);
    expect(list.split("\r\n").length).toBe(d.total + 1);
    const rateHeader = "办结,按时办结,按时办结率,企业确认,满意（4–5分）,满意率,平均分";
    expect(counties.split("\r\n")[0]).toBe(`县区,${rateHeader}`);
    expect(teams.split("\r\n")[0]).toBe(`服务小组,${rateHeader}`);
    expect(counties.split("\r\n")).toHaveLength(d.countyRates.length + 2); // header, rows, 合计
    expect(teams.split("\r\n")).toHaveLength(d.teamRates.length + 2);
    const total = (rows: RateRow[]) => rows.reduce((t, r) => [t[0] + r.resolved, t[1] + r.onTime], [0, 0]);
    expect(counties.split("\r\n").at(-1)!.split(",").slice(0, 3)).toEqual([
      "合计",
      ...total(d.countyRates).map(String),
    ]);

    const xlsx = await run(async () =>
      exportLoader({
        request: await requestAs("eic", "/resources/issues-monthly?format=xlsx"),
        params: {},
        context: {},
      }),
    );
    const book = await readXlsx(await xlsx.response!.arrayBuffer());
    const cells = (rows: unknown[][]) => rows.map((r) => r.map((c) => String(c ?? "")));
    expect(parseCsvText(counties)).toEqual(cells(book["县区办结与满意"]));
    expect(parseCsvText(teams)).toEqual(cells(book["服务小组办结与满意"]));
    // both downloads are audited
    const eic = await viewerFor("eic");
    expect(
      await prisma.auditEvent.count({ where: { action: "EXPORT", entity: "CoordinationList", actorId: eic.id } }),
    ).toBe(exportsBefore + 2);
  });
});

describe("notifications and 13710 settings", () => {
  it("opening a notification marks it read and follows its link; another user's is a 404", async () => {
    const team01 = await viewerFor("team01");
    const n = await prisma.notification.findFirstOrThrow({ where: { userId: team01.id, readAt: null } });
    const res = await run(async () =>
      notificationsAction({
        request: await postForm("team01", "/notifications", { intent: "open", id: String(n.id) }),
        params: {},
        context: {},
      }),
    );
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe(n.link);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: n.id } })).readAt).not.toBeNull();
    const other = await prisma.notification.findFirstOrThrow({ where: { NOT: { userId: team01.id } } });
    expect(
      (
        await run(async () =>
          notificationsAction({
            request: await postForm("team01", "/notifications", { intent: "open", id: String(other.id) }),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(404);
  });

  it("only the admin edits the policy; numbers must be in order; a stale form is a conflict; open clocks follow", async () => {
    expect(
      (await run(async () => slaLoader({ request: await requestAs("eic", "/admin/sla"), params: {}, context: {} })))
        .status,
    ).toBe(403);
    const policy = await prisma.slaPolicy.findFirstOrThrow({ where: { code: "13710" } });
    const form = (over: Record<string, string>) => ({
      intent: "policy",
      acceptDays: "1",
      respondDays: "3",
      resolveDays: "7",
      complexDays: "10",
      dueSoonDays: "1",
      autoEscalate: "1",
      version: String(policy.version),
      ...over,
    });
    const post = async (user: string, fields: Record<string, string>) =>
      run(async () => slaAction({ request: await postForm(user, "/admin/sla", fields), params: {}, context: {} }));
    expect((await post("eic", form({}))).status).toBe(403);
    const disordered = await post("admin", form({ resolveDays: "2" }));
    expect(disordered.status).toBe(400);
    expect((disordered.data as { fieldErrors: Record<string, string> }).fieldErrors.resolveDays).toBe(
      "办结时限不能短于首次反馈时限",
    );
    const open = await prisma.coordinationIssue.findFirstOrThrow({ where: { status: "ACCEPTED", isComplex: false } });
    expect((await post("admin", form({ resolveDays: "8", complexDays: "12" }))).status).toBe(302);
    const saved = await prisma.slaPolicy.findUniqueOrThrow({ where: { id: policy.id } });
    expect(saved).toMatchObject({ resolveDays: 8, complexDays: 12, version: policy.version + 1 });
    const moved = await issueRow(open.id);
    expect(moved.resolveDueAt!.getTime()).toBeGreaterThan(open.resolveDueAt!.getTime());
    // the recomputed issue's version moved: a handler acting on the page with the old deadlines gets the conflict
    expect(moved.version).toBe(open.version + 1);
    const stale = await act("admin", open.id, {
      intent: "respond",
      version: String(open.version),
      note: "按原时限反馈",
    });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.data)).toContain("已被他人更新");
    expect((await issueRow(open.id)).status).toBe("ACCEPTED");
    expect((await post("admin", form({}))).status).toBe(409); // the old version
    expect(await prisma.auditEvent.count({ where: { entity: "SlaPolicy", action: "UPDATE" } })).toBe(1);

    // a holiday entered for a working day moves the deadlines that cross it
    const day = moved.resolveDueAt!; // end of the resolve day
    const date = new Date(day.getTime() - 1 + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await post("admin", { intent: "addHoliday", date, isWorkday: "0", note: "测试放假" })).status).toBe(302);
    expect(await issueRow(open.id)).toMatchObject({ version: moved.version + 1 });
    expect((await issueRow(open.id)).resolveDueAt!.getTime()).toBeGreaterThan(day.getTime());
    expect((await post("admin", { intent: "addHoliday", date, isWorkday: "0" })).status).toBe(400);
    expect((await post("admin", { intent: "deleteHoliday", date })).status).toBe(302);
    expect((await issueRow(open.id)).resolveDueAt!.getTime()).toBe(day.getTime());
  });
});

describe("the queues' derived columns and rollup", () => {
  const OPEN = "status IN ('SUBMITTED','ACCEPTED','RESPONDED','REOPENED')";
  // docs/design.md §5 as the dashboard states it: a running step's deadline has passed
  const OVERDUE = `${OPEN} AND ((accepted_at IS NULL AND accept_due_at < $1) OR (first_responded_at IS NULL AND respond_due_at < $1) OR resolve_due_at < $1)`;
  let sql: pg.Client;
  beforeAll(async () => {
    sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await sql.connect();
  });
  const n = async (q: string, p: unknown[] = []) => Number((await sql.query(q, p)).rows[0].n);

  it("after every transition above, issue_tally, overdue_at and project_team_id equal their recomputation", async () => {
    expect(await prisma.issueTally.count()).toBeGreaterThan(0);
    expect({ overdue: await overdueMismatches(sql), issues: await issueMismatches(sql) }).toEqual({
      overdue: [],
      issues: [],
    });
  });

  it("the city's queue counts (from the rollup) and a team's queue (its issues and its projects') are complete", async () => {
    const queue = async (user: string, path: string) =>
      (await run(async () => queueLoader({ request: await requestAs(user, path), params: {}, context: {} }))).data as {
        total: number;
        openCounts: Record<string, number>;
      };
    const admin = await queue("admin", "/issues?level=ALL&view=open");
    expect(admin.total).toBe(await n(`SELECT count(*) AS n FROM coordination_issue WHERE ${OPEN}`));
    for (const level of ["TEAM", "COUNTY", "CITY", "PROVINCE"]) {
      expect(admin.openCounts[level], level).toBe(
        await n(`SELECT count(*) AS n FROM coordination_issue WHERE ${OPEN} AND level = $1`, [level]),
      );
    }
    const eic = await queue("eic", "/issues?view=all");
    expect(eic.total).toBe(await n(`SELECT count(*) AS n FROM coordination_issue WHERE level = 'CITY'`));
    const team = await queue("team01", "/issues?level=ALL&view=all");
    expect(team.total).toBe(
      await n(`SELECT count(*) AS n FROM coordination_issue i LEFT JOIN project p ON p.id = i.project_id
               WHERE i.team_id = (SELECT team_id FROM app_user WHERE username = 'team01')
                  OR p.service_team_id = (SELECT team_id FROM app_user WHERE username = 'team01')`),
    );
  });

  it("the dashboard's overdue count: the rollup's past months plus this month's issues, equal to the definition", async () => {
    // two issues of this month: one overdue an hour ago (counted), one due in an hour (not yet)
    const now = clockNow().getTime();
    await sql.query(
      `INSERT INTO coordination_issue (code, enterprise_id, county_id, category, title, description, level, status,
         submitted_at, clock_started_at, level_entered_at, accept_due_at, respond_due_at, resolve_due_at, updated_at)
       SELECT c, (SELECT min(id) FROM enterprise), (SELECT min(id) FROM county), 'OTHER', '本月测试诉求', '—', 'CITY', 'SUBMITTED',
              $1, $1, $1, a, a + interval '2 days', a + interval '6 days', now()
       FROM (VALUES ('OVERDUE-1', $2::timestamptz), ('OVERDUE-2', $3::timestamptz)) v(c, a)`,
      [new Date(now - 86_400_000), new Date(now - 3_600_000), new Date(now + 3_600_000)],
    );
    const home = async (user: string) =>
      (
        (await run(async () => homeLoader({ request: await requestAs(user, "/"), params: {}, context: {} }))).data as {
          overdueIssues: number;
        }
      ).overdueIssues;
    const at = clockNow();
    const city = await home("bureau");
    expect(city).toBe(await n(`SELECT count(*) AS n FROM coordination_issue WHERE ${OVERDUE}`, [at]));
    expect(city).toBeGreaterThan(0);
    const yuci = await home("county.yuci");
    expect(yuci).toBe(
      await n(
        `SELECT count(*) AS n FROM coordination_issue WHERE ${OVERDUE} AND county_id = (SELECT county_id FROM app_user WHERE username = 'county.yuci')`,
        [at],
      ),
    );
    expect(await issueMismatches(sql)).toEqual([]);
  });

  it("the overdue alert's link lands on a queue whose total is the alert's number (bureau, a county)", async () => {
    for (const user of ["bureau", "county.yuci"]) {
      const home = (await run(async () => homeLoader({ request: await requestAs(user, "/"), params: {}, context: {} })))
        .data as {
        overdueIssues: number;
        county: { id: number } | null;
      };
      const href = overdueIssuesHref(home.county?.id ?? null);
      const list = await run(async () =>
        queueLoader({ request: await requestAs(user, href), params: {}, context: {} }),
      );
      expect(list.status, user).toBe(200);
      const d = list.data as { total: number; rows: Array<{ clock: { color: string } }> };
      expect(d.total, `${user} ${href}`).toBe(home.overdueIssues);
      expect(d.total, user).toBeGreaterThan(0);
      expect(d.rows.length).toBe(Math.min(d.total, 20)); // the first page of them
    }
    await sql.end();
  });
});
