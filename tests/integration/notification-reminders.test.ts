// Reminders beyond issues and the weekly 一周一清单 digest (issue 16, docs/decisions/130), on the seeded demo data and
// the real PostgreSQL; a local HTTP server stands in for the 企业微信 group robot. The sweep runs at chosen instants of
// the application clock (the demo opens on Monday 2017-11-20 09:00 Beijing).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addMonths, fromIsoDate } from "~/domain/dates";
import { MILESTONE_LABELS } from "~/domain/labels";
import { runReminderSweep } from "~/jobs/reminderSweep.server";
import { myWork } from "~/models/myWork.server";
import { runDueDeliveries } from "~/models/notificationOutbox.server";
import { prisma } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";
import { resetEnvCache } from "~/utils/env.server";
import { postForm, run, viewerFor } from "../support/requests";
import { action as reportAction } from "~/routes/_app.reports.monthly/route";

const MONDAY = "2017-11-20";
const at = (beijing: string) => new Date(`${beijing}+08:00`);

let server: Server;
const posts: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { markdown: { content: string } };
      posts.push(body.markdown.content);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.WECOM_WEBHOOK_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=k`;
  process.env.APP_BASE_URL = "https://crm.jz.example.cn";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.WECOM_WEBHOOK_URL;
  delete process.env.APP_BASE_URL;
  resetEnvCache();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const bell = (kind: string, link?: string) =>
  prisma.notification.findMany({
    where: { kind, ...(link ? { link } : {}) },
    select: { userId: true, title: true, link: true },
    orderBy: { id: "asc" },
  });
/** Sends every due outbox row, a simulated minute at a time (a robot takes 20 a minute). */
async function drain() {
  // rows are due from the application clock's now, when they were written
  let t = clockNow().getTime();
  let sent = 0;
  for (let i = 0; i < 100; i++) {
    const r = await runDueDeliveries({ at: () => new Date(t) });
    expect(r.failed).toBe(0);
    sent += r.sent;
    if (!(await prisma.notificationDelivery.count({ where: { state: { in: ["PENDING", "SENDING"] } } }))) break;
    t += 61_000;
  }
  return sent;
}
const userId = async (username: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;

describe("reminders beyond issues", () => {
  let team01: number;
  let msId: number;
  let lagProjectId: number;
  let taskProjectId: number;
  let leadId: number;

  beforeAll(async () => {
    team01 = (await viewerFor("team01")).teamId!;
    // a team01 project not lagging, with an unfinished milestone planned in three days
    const projects = await prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT p.id FROM project p WHERE p.service_team_id = $1 AND p.pool <> 'WITHDRAWN'
         AND NOT p.lag_yellow && datemultirange(daterange($2::date - 40, $2::date + 1))
         AND EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = p.id AND m.actual_on IS NULL)
       ORDER BY p.id LIMIT 2`,
      team01,
      MONDAY,
    );
    expect(projects).toHaveLength(2);
    const [a, b] = projects.map((p) => p.id);
    const ms = await prisma.milestone.findFirstOrThrow({
      where: { projectId: a, actualOn: null },
      orderBy: { id: "asc" },
    });
    msId = ms.id;
    await prisma.milestone.update({ where: { id: ms.id }, data: { plannedOn: fromIsoDate(addDays(MONDAY, 3)) } });
    // the other turns yellow: an unfinished milestone planned a month and two days ago (yellow since yesterday)
    lagProjectId = b;
    const late = await prisma.milestone.findFirstOrThrow({ where: { projectId: b, actualOn: null } });
    await prisma.milestone.update({
      where: { id: late.id },
      data: { plannedOn: fromIsoDate(addDays(addMonths(MONDAY, -1), -2)) },
    });
    const lag = await prisma.$queryRawUnsafe<{ yellow: boolean }[]>(
      `SELECT lag_yellow @> $2::date AS yellow FROM project WHERE id = $1`,
      b,
      MONDAY,
    );
    expect(lag[0].yellow).toBe(true);
    // agency tasks: one due tomorrow, one overdue since Friday, one due next week (not yet)
    taskProjectId = a;
    await prisma.agencyTask.createMany({
      data: [
        { title: "提醒测试：办理环评批复", dueOn: "2017-11-21", kind: "ENVIRONMENTAL" as const },
        { title: "提醒测试：用地预审", dueOn: "2017-11-17", kind: "LAND_PREAPPROVAL" as const },
        { title: "提醒测试：施工许可", dueOn: "2017-11-28", kind: "CONSTRUCTION_PERMIT" as const },
      ].map((t) => ({ ...t, dueOn: fromIsoDate(t.dueOn), projectId: a, teamId: team01, status: "PENDING" as const })),
    });
    // a lead whose next follow-up is today
    const lead = await prisma.lead.findFirstOrThrow({
      where: { stage: "NEGOTIATION", ownerId: { not: null } },
      orderBy: { id: "asc" },
    });
    leadId = lead.id;
    await prisma.lead.update({ where: { id: lead.id }, data: { nextFollowUpOn: fromIsoDate(MONDAY) } });
  });

  it("each is written once, in Chinese with a link back, to the people concerned, and posted to the group", async () => {
    const first = await runReminderSweep(prisma, at(`${MONDAY}T07:00:00`));
    expect(first.WEEKLY_DIGEST).toBeUndefined(); // not before 08:30
    const members = (await prisma.user.findMany({ where: { teamId: team01, role: "TEAM", isActive: true } })).map(
      (u) => u.id,
    );

    const ms = await bell("MILESTONE_SOON", `/projects/${taskProjectId}/milestones`);
    const m = await prisma.milestone.findUniqueOrThrow({ where: { id: msId } });
    expect(ms.map((n) => n.userId).sort()).toEqual([...members].sort());
    expect(ms[0].title).toContain(`里程碑「${MILESTONE_LABELS[m.stage]}」计划于2017年11月23日完成`);

    const lag = await bell("PROJECT_LAGGING", `/projects/${lagProjectId}`);
    expect(lag.map((n) => n.userId)).toEqual(expect.arrayContaining(members));
    expect(lag[0].title).toMatch(/^项目进度转为黄灯：/);

    const due = (await bell("TASK_DUE_SOON")).filter((n) => n.title.includes("提醒测试"));
    expect(new Set(due.map((n) => n.title))).toEqual(
      new Set([expect.stringContaining("代办事项即将到期：提醒测试：办理环评批复")]),
    );
    const overdue = (await bell("TASK_OVERDUE")).filter((n) => n.title.includes("提醒测试"));
    expect([...new Set(overdue.map((n) => n.title))]).toEqual([
      expect.stringContaining("代办事项已逾期：提醒测试：用地预审"),
    ]);
    expect(overdue[0].link).toBe(`/projects/${taskProjectId}/tasks`);

    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
    const follow = await bell("LEAD_FOLLOW_UP", `/leads/${leadId}`);
    expect(follow.map((n) => n.userId)).toEqual([lead.ownerId]);
    expect(follow[0].title).toContain(lead.name);

    // signed projects without a team: to 市经信委
    const unassigned = await bell("PROJECT_UNASSIGNED");
    expect(unassigned.length).toBeGreaterThan(0);
    expect(new Set(unassigned.map((n) => n.userId))).toEqual(new Set([await userId("eic")]));

    // the group robot gets each once, with the absolute link
    const rows = await prisma.notificationDelivery.findMany({ where: { channel: "WECOM" } });
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(rows.length);
    expect(await drain()).toBe(rows.length);
    const post = posts.find((p) => p.includes("提醒测试：办理环评批复"))!;
    expect(post).toContain("【代办事项即将到期】");
    expect(post).toContain("办理期限：2017年11月21日（1 天后到期）");
    expect(post).toContain(`(https://crm.jz.example.cn/projects/${taskProjectId}/tasks)`);

    // a second run (or a second instance) writes nothing more
    const before = [await prisma.notification.count(), await prisma.notificationDelivery.count()];
    expect(await runReminderSweep(prisma, at(`${MONDAY}T07:05:00`))).toEqual({});
    expect([await prisma.notification.count(), await prisma.notificationDelivery.count()]).toEqual(before);
    // and each write is audited
    const audited = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "NOTIFY", entity: "AgencyTask" },
      orderBy: { id: "desc" },
    });
    expect(audited.after).toMatchObject({ notice: expect.stringMatching(/^代办事项/), recipients: expect.any(Number) });
  });

  it("the weekly digest for team01 lists the same items as its 一周一清单, at 08:30 on the first working day", async () => {
    expect((await runReminderSweep(prisma, at(`${MONDAY}T08:29:00`))).WEEKLY_DIGEST).toBeUndefined();
    const tally = await runReminderSweep(prisma, at(`${MONDAY}T08:30:00`));
    expect(tally.WEEKLY_DIGEST).toBeGreaterThan(0);
    // once a week: a later run, and Tuesday, send none
    expect((await runReminderSweep(prisma, at(`${MONDAY}T10:00:00`))).WEEKLY_DIGEST).toBeUndefined();
    expect((await runReminderSweep(prisma, at("2017-11-21T08:30:00"))).WEEKLY_DIGEST).toBeUndefined();

    // the page's list, as team01 sees it on /my-work
    const page = await myWork(await viewerFor("team01"), MONDAY);
    const total =
      page.milestones.count +
      page.tasks.count +
      page.land.count +
      page.issues.count +
      page.followUps.count +
      page.leadFollowUps.count;
    expect(total).toBeGreaterThan(0);
    const digest = await bell("WEEKLY_DIGEST");
    const team = await prisma.serviceTeam.findUniqueOrThrow({ where: { id: (await viewerFor("team01")).teamId! } });
    const forTeam = digest.filter((n) => n.title.startsWith(`${team.name} 一周一清单`));
    expect(forTeam.map((n) => n.userId)).toContain(await userId("team01"));
    expect(forTeam[0].title).toContain(`共 ${total} 项`);
    expect(forTeam[0].link).toBe("/my-work");

    // the group's message: one line per item of the page, naming it
    posts.length = 0;
    await drain();
    const msg = posts.find((p) => p.includes(`${team.name} 一周一清单`));
    expect(msg).toBeDefined();
    const items = msg!.split("\n").filter((l) => /^- (里程碑|代办|诉求|跟进|线索跟进)：/.test(l));
    const shown = page.milestones.items.length + page.tasks.items.length + page.issues.items.length;
    expect(items).toHaveLength(shown + page.followUps.items.length + page.leadFollowUps.items.length);
    for (const m of page.milestones.items)
      expect(items).toContainEqual(expect.stringContaining(`${m.project.name}「${MILESTONE_LABELS[m.stage]}」`));
    for (const t of page.tasks.items) expect(items).toContainEqual(expect.stringContaining(`代办：${t.title}（`));
    for (const i of page.issues.items)
      expect(items).toContainEqual(expect.stringContaining(`诉求：${i.code} ${i.title}`));
    for (const f of page.followUps.items)
      expect(items).toContainEqual(expect.stringContaining(`跟进：${f.project?.name ?? "企业服务"}`));
    for (const l of page.leadFollowUps.items)
      expect(items).toContainEqual(expect.stringContaining(`线索跟进：${l.name}`));
  });
});

describe("the monthly 通报 frozen", () => {
  it("tells the leaders (bell and group), once", async () => {
    const r = await run(async () =>
      reportAction({
        request: await postForm("bureau", "/reports/monthly?month=2017-10", {
          intent: "freeze",
          month: "2017-10",
          confirm: "on",
        }),
        params: {},
        context: {},
      }),
    );
    expect(r.status).toBeLessThan(400);
    const n = await bell("REPORT_FROZEN");
    const leaders = await prisma.user.findMany({ where: { role: "LEADER", isActive: true }, select: { id: true } });
    expect(n.map((x) => x.userId).sort()).toEqual(leaders.map((l) => l.id).sort());
    expect(n[0]).toMatchObject({ title: "2017年10月月度通报已冻结，可查阅", link: "/reports/monthly?month=2017-10" });
    expect(await prisma.notificationDelivery.count({ where: { channel: "WECOM", template: "REPORT_FROZEN" } })).toBe(1);
  });
});
