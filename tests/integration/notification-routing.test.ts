// Who gets an outside message, and where (issue 16 §2–3, docs/decisions/165 and 166), against real servers: a local
// HTTP server stands in for two 钉钉 robots (the environment's and a team's own, each checking its own 加签) and an
// SMS gateway; preferences and units' robots live in the real PostgreSQL. Nothing of the component under test is mocked.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultChannels, prefField } from "~/domain/notificationPrefs";
import { submitIssue } from "~/models/issue.server";
import { notifyUsers } from "~/models/notification.server";
import { runDueDeliveries } from "~/models/notificationOutbox.server";
import { setUnitChannel } from "~/models/unitChannels.server";
import { action as adminAction, loader as adminLoader } from "~/routes/_app.admin.notifications/route";
import { action as prefsAction, loader as prefsLoader } from "~/routes/_app.settings.notifications/route";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { postForm, requestAs, run, viewerFor } from "../support/requests";

const ENV_SECRET = "SECenv0123456789abcdef-routing";
const TEAM_SECRET = "SECteam9876543210fedcba-routing";
const TEAM_TOKEN = "team-robot-token-0123456789abcdef";

interface Received {
  path: string;
  body: Record<string, unknown>;
  signatureOk?: boolean;
}

let server: Server;
let base = "";
let received: Received[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const r: Received = { path: url.pathname, body };
      let answer: object = { errcode: 0, errmsg: "ok" };
      // each robot checks its own 加签, as 钉钉 does
      const secret = { "/env-robot/send": ENV_SECRET, "/team-robot/send": TEAM_SECRET }[url.pathname];
      if (secret) {
        const ts = url.searchParams.get("timestamp") ?? "";
        const expected = createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64");
        r.signatureOk = url.searchParams.get("sign") === expected;
        if (!r.signatureOk) answer = { errcode: 310000, errmsg: "sign not match" };
      }
      received.push(r);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const CHANNEL_VARS = [
  "DINGTALK_WEBHOOK_URL",
  "DINGTALK_SECRET",
  "WECOM_WEBHOOK_URL",
  "SMS_GATEWAY_URL",
  "SMS_GATEWAY_TOKEN",
  "SMTP_URL",
  "MAIL_FROM",
];
function configure(vars: Record<string, string>) {
  for (const k of CHANNEL_VARS) delete process.env[k];
  Object.assign(process.env, vars);
  resetEnvCache();
}
const envRobot = () => ({
  DINGTALK_WEBHOOK_URL: `${base}/env-robot/send?access_token=env-token`,
  DINGTALK_SECRET: ENV_SECRET,
});
const teamRobotUrl = () => `${base}/team-robot/send?access_token=${TEAM_TOKEN}`;

beforeEach(async () => {
  received = [];
  await prisma.notificationDelivery.deleteMany({});
  await prisma.unitChannel.deleteMany({});
  await prisma.notificationPreference.deleteMany({});
});
afterEach(() => configure({}));

let geelyProjectId: number;
let geelyTeamId: number;
let otherTeamId: number;
beforeAll(async () => {
  const geely = await viewerFor("ent.geely");
  const p = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId!, serviceTeam: { no: 1 } },
    select: { id: true, serviceTeamId: true },
    orderBy: { id: "asc" },
  });
  geelyProjectId = p.id;
  geelyTeamId = p.serviceTeamId!;
  const other = await prisma.serviceTeam.findFirstOrThrow({
    where: { id: { not: geelyTeamId }, members: { some: { role: "TEAM", isActive: true } } },
    orderBy: { no: "asc" },
  });
  otherTeamId = other.id;
});

const admin = () => prisma.user.findFirstOrThrow({ where: { username: "admin" }, select: { id: true } });
const robotPosts = (path: string) => received.filter((r) => r.path === path);
const text = (r: Received) => JSON.stringify(r.body);

describe("a unit's own robot (docs/decisions/166)", () => {
  it("a team with its own 钉钉 robot gets its team's issue there; another team's message goes to the environment's robot", async () => {
    configure(envRobot());
    await setUnitChannel(await admin(), {
      unit: { kind: "team", id: geelyTeamId },
      channel: "DINGTALK",
      webhookUrl: teamRobotUrl(),
      secret: TEAM_SECRET,
    });
    await submitIssue(
      await viewerFor("ent.geely"),
      {
        category: "UTILITIES",
        title: "厂区供水管网需协调改线",
        description: "施工影响厂区供水，请协调。",
        projectId: geelyProjectId,
      },
      [],
    );
    const rows = await prisma.notificationDelivery.findMany({ where: { channel: "DINGTALK" } });
    expect(rows.map((x) => x.target)).toContain(`team:${geelyTeamId}`);

    // another team's issue message: its members have no robot of their own
    const members = await prisma.user.findMany({ where: { teamId: otherTeamId, role: "TEAM", isActive: true } });
    await prisma.$transaction((tx) =>
      notifyUsers(
        tx,
        members.map((m) => m.id),
        {
          issueId: null,
          kind: "NEW",
          title: "新诉求待受理：另一小组的诉求",
          link: "/issues",
          dedupeKey: "routing-other",
        },
      ),
    );
    await runDueDeliveries();

    const team = robotPosts("/team-robot/send");
    expect(team).toHaveLength(1);
    expect(team[0].signatureOk).toBe(true);
    expect(text(team[0])).toContain("厂区供水管网需协调改线");
    expect(team.some((x) => text(x).includes("另一小组"))).toBe(false);
    const env = robotPosts("/env-robot/send");
    expect(env.filter((x) => text(x).includes("另一小组"))).toHaveLength(1);
    expect(env.every((x) => x.signatureOk)).toBe(true);
    // the team's issue reaches the environment's robot only for recipients outside the team (none with a robot of
    // their own) — never for the team's members
    const teamIssueRows = await prisma.notificationDelivery.findMany({
      where: { channel: "DINGTALK", payload: { path: ["issueTitle"], equals: "厂区供水管网需协调改线" } },
      select: { target: true },
    });
    expect(teamIssueRows.filter((x) => x.target === `team:${geelyTeamId}`)).toHaveLength(1);
  });

  it("the admin page: sets a unit's robot (secrets masked), refuses bad input in Chinese, 发送测试消息 uses the unit's effective robot", async () => {
    configure(envRobot());
    const page = async () =>
      (
        await run(async () =>
          adminLoader({ request: await requestAs("admin", "/admin/notifications"), params: {}, context: {} }),
        )
      ).data as {
        units: { id: number; unit: string; webhook: string; secret: string | null }[];
        channels: { channel: string; unitRobots: number }[];
      };
    const post = (fields: Record<string, string>) =>
      run(async () =>
        adminAction({ request: await postForm("admin", "/admin/notifications", fields), params: {}, context: {} }),
      );

    const bad = await post({
      intent: "unit-set",
      unit: `team:${geelyTeamId}`,
      channel: "DINGTALK",
      webhookUrl: "not a url",
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("Webhook 地址格式不正确");
    expect((await post({ intent: "unit-set", unit: "", channel: "DINGTALK", webhookUrl: teamRobotUrl() })).status).toBe(
      400,
    );

    const ok = await post({
      intent: "unit-set",
      unit: `team:${geelyTeamId}`,
      channel: "DINGTALK",
      webhookUrl: teamRobotUrl(),
      secret: TEAM_SECRET,
    });
    expect(ok.status).toBe(302);
    const after = await page();
    expect(after.channels.find((c) => c.channel === "DINGTALK")?.unitRobots).toBe(1);
    const [row] = after.units;
    expect(row.unit).toBe(`team:${geelyTeamId}`);
    expect(row.webhook).not.toContain(TEAM_TOKEN);
    expect(row.secret).not.toBe(TEAM_SECRET);
    expect(row.secret).toMatch(/^SEC•+ting$/);
    const audited = await prisma.auditEvent.findFirst({
      where: { action: "UNIT_CHANNEL_SET" },
      orderBy: { id: "desc" },
    });
    expect(JSON.stringify(audited?.after)).not.toContain(TEAM_SECRET);
    expect(JSON.stringify(audited?.after)).not.toContain(TEAM_TOKEN);

    // changing the address with the secret left empty keeps the saved secret
    await post({
      intent: "unit-set",
      unit: `team:${geelyTeamId}`,
      channel: "DINGTALK",
      webhookUrl: teamRobotUrl(),
      secret: "",
    });
    expect((await prisma.unitChannel.findFirstOrThrow({ where: { teamId: geelyTeamId } })).secret).toBe(TEAM_SECRET);

    // 发送测试消息 for the team: its own robot, correctly signed
    const t1 = await post({ intent: "test", channel: "DINGTALK", unit: `team:${geelyTeamId}` });
    expect(t1.status).toBe(302);
    expect(robotPosts("/team-robot/send")).toHaveLength(1);
    expect(robotPosts("/team-robot/send")[0].signatureOk).toBe(true);
    expect(text(robotPosts("/team-robot/send")[0])).toContain("测试消息");
    // … for a team without one: the environment's robot
    const t2 = await post({ intent: "test", channel: "DINGTALK", unit: `team:${otherTeamId}` });
    expect(t2.status).toBe(302);
    expect(robotPosts("/env-robot/send")).toHaveLength(1);
    // a wrong secret: the robot refuses, the page says so
    await prisma.unitChannel.updateMany({ where: { teamId: geelyTeamId }, data: { secret: "SECwrong-secret-000000" } });
    const t3 = await post({ intent: "test", channel: "DINGTALK", unit: `team:${geelyTeamId}` });
    expect(t3.status).toBe(409);
    expect(JSON.stringify(t3.data)).toContain("310000");
    // nothing anywhere for WECOM: refused in Chinese
    const t4 = await post({ intent: "test", channel: "WECOM", unit: `team:${otherTeamId}` });
    expect(t4.status).toBe(400);
    expect(JSON.stringify(t4.data)).toContain("没有可用的企业微信群机器人");

    // removing the unit's robot: its members' messages go to the environment's robot again
    const del = await post({ intent: "unit-clear", id: String(row.id) });
    expect(del.status).toBe(302);
    expect((await page()).units).toHaveLength(0);
    expect((await post({ intent: "unit-clear", id: String(row.id) })).status).toBe(404);
  });
});

describe("each user's channels per event (docs/decisions/165)", () => {
  it("a user who turned SMS off for 诉求逾期 gets none (the bell stays); a colleague with it on gets one", async () => {
    configure({ ...envRobot(), SMS_GATEWAY_URL: `${base}/sms/send` });
    const [a, b] = await prisma.user.findMany({
      where: { teamId: geelyTeamId, role: "TEAM", isActive: true },
      orderBy: { username: "asc" },
      take: 2,
    });
    await prisma.user.update({ where: { id: a.id }, data: { phone: "13900000001" } });
    await prisma.user.update({ where: { id: b.id }, data: { phone: "13900000002" } });
    expect(defaultChannels("TEAM", "OVERDUE").has("SMS")).toBe(true);

    // a's settings page: the default ticks SMS for 诉求逾期; a unticks it (and 钉钉) and saves
    const shown = (
      await run(async () =>
        prefsLoader({ request: await requestAs(a.username, "/settings/notifications"), params: {}, context: {} }),
      )
    ).data as { rows: { kind: string; on: string[] }[] };
    const fields: Record<string, string> = { intent: "save" };
    for (const row of shown.rows) for (const c of row.on) fields[prefField(row.kind as never, c as never)] = "on";
    expect(fields[prefField("OVERDUE", "SMS")]).toBe("on");
    delete fields[prefField("OVERDUE", "SMS")];
    delete fields[prefField("OVERDUE", "DINGTALK")];
    const saved = await run(async () =>
      prefsAction({ request: await postForm(a.username, "/settings/notifications", fields), params: {}, context: {} }),
    );
    expect(saved.status).toBe(302);
    const audited = await prisma.auditEvent.findFirst({
      where: { action: "NOTIFY_PREFS", actorId: a.id },
      orderBy: { id: "desc" },
    });
    expect(JSON.stringify(audited?.after)).toContain("诉求逾期·短信：关");

    await prisma.$transaction((tx) =>
      notifyUsers(tx, [a.id, b.id], {
        issueId: null,
        kind: "OVERDUE",
        title: "已超时：偏好测试",
        link: "/issues",
        dedupeKey: "prefs-1",
      }),
    );
    const sms = await prisma.notificationDelivery.findMany({ where: { channel: "SMS" } });
    expect(sms.map((r) => r.target)).toEqual(["13900000002"]);
    // both still have it in the bell
    expect(await prisma.notification.count({ where: { dedupeKey: { startsWith: "prefs-1:" } } })).toBe(2);
    await runDueDeliveries();
    expect(robotPosts("/sms/send").map((r) => r.body.phone)).toEqual(["13900000002"]);
    // b still wants 钉钉: the group gets the message once
    expect(robotPosts("/env-robot/send")).toHaveLength(1);

    // when nobody of the group wants 钉钉 for it, the group gets nothing
    received = [];
    await run(async () =>
      prefsAction({
        request: await postForm(b.username, "/settings/notifications", { intent: "save" }),
        params: {},
        context: {},
      }),
    );
    await prisma.$transaction((tx) =>
      notifyUsers(tx, [a.id, b.id], {
        issueId: null,
        kind: "OVERDUE",
        title: "已超时：都不要",
        link: "/issues",
        dedupeKey: "prefs-2",
      }),
    );
    await runDueDeliveries();
    expect(received).toHaveLength(0);

    // 恢复默认设置: b's SMS comes back
    await run(async () =>
      prefsAction({
        request: await postForm(b.username, "/settings/notifications", { intent: "reset" }),
        params: {},
        context: {},
      }),
    );
    await prisma.$transaction((tx) =>
      notifyUsers(tx, [a.id, b.id], {
        issueId: null,
        kind: "OVERDUE",
        title: "已超时：恢复",
        link: "/issues",
        dedupeKey: "prefs-3",
      }),
    );
    expect((await prisma.notificationDelivery.findMany({ where: { channel: "SMS" } })).map((r) => r.target)).toEqual([
      "13900000002",
      "13900000002",
    ]);
  });

  it("an enterprise chooses only SMS and e-mail; by default its resolved issue comes by SMS", async () => {
    const geely = await viewerFor("ent.geely");
    expect([...defaultChannels("ENTERPRISE", "RESOLVED")].sort()).toEqual(["EMAIL", "SMS"]);
    const shown = (
      await run(async () =>
        prefsLoader({ request: await requestAs("ent.geely", "/settings/notifications"), params: {}, context: {} }),
      )
    ).data as { channels: string[]; rows: { kind: string }[] };
    expect(shown.channels).toEqual(["SMS", "EMAIL"]);
    expect(shown.rows.map((r) => r.kind)).not.toContain("WEEKLY_DIGEST");
    // a robot box posted anyway is ignored
    await run(async () =>
      prefsAction({
        request: await postForm("ent.geely", "/settings/notifications", {
          intent: "save",
          [prefField("RESOLVED", "DINGTALK")]: "on",
        }),
        params: {},
        context: {},
      }),
    );
    const rows = await prisma.notificationPreference.findMany({ where: { userId: geely.id, enabled: true } });
    expect(rows).toHaveLength(0);
    expect(
      (
        await run(async () =>
          prefsAction({ request: await postForm("ent.geely", "/settings/notifications", {}), params: {}, context: {} }),
        )
      ).status,
    ).toBe(400);
  });
});
