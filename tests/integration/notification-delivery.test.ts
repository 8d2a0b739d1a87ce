// The notification outbox and its delivery worker (issue 16, docs/decisions/110) against real servers: a local HTTP
// server stands in for the 钉钉 robot (and checks its 加签 as 钉钉 does), the 企业微信 robot and an SMS gateway; the
// outbox lives in the real PostgreSQL. Nothing of the component under test is mocked.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatDeadline } from "~/domain/deadlineFormat";
import { PrismaClient } from "~/generated/prisma/client";
import { registerDeliveryJob, unregisterDeliveryJob } from "~/jobs/deliveryWorker.server";
import { startSlaWorker, type SlaWorker } from "~/jobs/slaWorker.server";
import { submitIssue } from "~/models/issue.server";
import { notifyUsers } from "~/models/notification.server";
import { claimDeliveries, GROUP_PER_MINUTE, LEASE_MS, runDueDeliveries } from "~/models/notificationOutbox.server";
import { dingtalkSign } from "~/notify/channels.server";
import { now as clockNow, moveDemoClock } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { action, loader } from "~/routes/_app.admin.notifications/route";
import { postForm, requestAs, run, viewerFor } from "../support/requests";

const SECRET = "SEC0123456789abcdef-integration";
const ROOT = path.resolve(__dirname, "../..");

interface Received {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  status: number;
  signatureOk?: boolean;
}

// the receiver: records every POST; `answers` (a queue of statuses) lets a test make it fail first
let server: Server;
let base = "";
let received: Received[] = [];
let answers: number[] = [];
let delayMs = 0;

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
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const status = answers.shift() ?? 200;
      const r: Received = { path: url.pathname, query: url.searchParams, body, status };
      let answer: object = { errcode: 0, errmsg: "ok" };
      if (url.pathname === "/robot/send") {
        // as 钉钉 does: the sign must be HMAC-SHA256(secret, timestamp + "\n" + secret), base64, URL-encoded,
        // and the timestamp within an hour of the robot's clock
        const ts = url.searchParams.get("timestamp") ?? "";
        const expected = createHmac("sha256", SECRET).update(`${ts}\n${SECRET}`).digest("base64");
        r.signatureOk =
          url.searchParams.get("sign") === expected &&
          Math.abs(Number(ts) - performance.timeOrigin - performance.now()) < 3600_000;
        if (!r.signatureOk) answer = { errcode: 310000, errmsg: "sign not match" };
      }
      received.push(r);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status === 200 ? JSON.stringify(answer) : JSON.stringify({ error: "gateway down" }));
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
const robots = () => ({
  DINGTALK_WEBHOOK_URL: `${base}/robot/send?access_token=test-token`,
  DINGTALK_SECRET: SECRET,
  WECOM_WEBHOOK_URL: `${base}/cgi-bin/webhook/send?key=test-key`,
});

beforeEach(async () => {
  received = [];
  answers = [];
  delayMs = 0;
  // each test sees only its own rows
  await prisma.notificationDelivery.deleteMany({});
});
afterEach(() => configure({}));

let geelyProjectId: number;
beforeAll(async () => {
  const geely = await viewerFor("ent.geely");
  const p = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId!, serviceTeam: { no: 1 } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  geelyProjectId = p.id;
});

async function geelyIssue(title: string) {
  return submitIssue(
    await viewerFor("ent.geely"),
    {
      category: "UTILITIES",
      title,
      description: "厂区用电负荷增加，需要协调增容，请尽快答复。",
      projectId: geelyProjectId,
    },
    [],
  );
}

/** An SMS row due now, written straight into the outbox. */
async function smsRow(i: number, at = clockNow()) {
  return prisma.notificationDelivery.create({
    data: {
      channel: "SMS",
      target: `1390000${String(i).padStart(4, "0")}`,
      template: "NEW",
      payload: { kind: "NEW", title: `测试短信 ${i}`, url: "/issues/1" },
      idempotencyKey: `SMS:test-${i}`,
      nextAttemptAt: at,
      createdAt: at,
    },
  });
}

describe("with no channel configured", () => {
  it("notifications stay in the bell: no outbox row is written", async () => {
    configure({});
    const r = await geelyIssue("无外部通道时只有站内通知");
    expect(await prisma.notification.count({ where: { issueId: r.id } })).toBeGreaterThan(0);
    expect(await prisma.notificationDelivery.count()).toBe(0);
  });
});

describe("钉钉 and 企业微信 robots", () => {
  it("an issue submitted by ent.geely: one correctly signed 钉钉 POST and one 企业微信 POST naming its title and 13710 deadline", async () => {
    configure(robots());
    const r = await geelyIssue("二期厂房用电增容需协调供电公司");
    const rows = await prisma.notificationDelivery.findMany({ orderBy: { channel: "asc" } });
    expect(rows.map((d) => [d.channel, d.target, d.state])).toEqual([
      ["DINGTALK", "group", "PENDING"],
      ["WECOM", "group", "PENDING"],
    ]);
    const run = await runDueDeliveries();
    expect(run).toEqual({ sent: 2, retried: 0, failed: 0 });

    const issue = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id: r.id } });
    const deadline = formatDeadline(issue.overdueAt, clockNow().getUTCFullYear());
    const ding = received.filter((x) => x.path === "/robot/send");
    expect(ding).toHaveLength(1);
    expect(ding[0].signatureOk).toBe(true);
    expect(ding[0].query.get("access_token")).toBe("test-token");
    const md = ding[0].body as { msgtype: string; markdown: { title: string; text: string } };
    expect(md.msgtype).toBe("markdown");
    expect(md.markdown.text).toContain("二期厂房用电增容需协调供电公司");
    expect(md.markdown.text).toContain(`13710 办理时限：${deadline}`);
    expect(md.markdown.text).toContain(`/issues/${r.id}`);

    const wecom = received.filter((x) => x.path === "/cgi-bin/webhook/send");
    expect(wecom).toHaveLength(1);
    const wm = wecom[0].body as { msgtype: string; markdown: { content: string } };
    expect(wm.msgtype).toBe("markdown");
    expect(wm.markdown.content).toContain("二期厂房用电增容需协调供电公司");
    expect(wm.markdown.content).toContain(deadline);

    // sent rows are not sent again
    expect(await runDueDeliveries()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(received).toHaveLength(2);
    expect(await prisma.notificationDelivery.count({ where: { state: "SENT" } })).toBe(2);
  });

  it("through the app's pg-boss: the POST arrives within 90 seconds of the submission", async () => {
    configure(robots());
    const worker: SlaWorker = await startSlaWorker({
      connectionString: process.env.DATABASE_URL!,
      cron: null,
      sweepOnStart: false,
    });
    try {
      await registerDeliveryJob(worker.boss);
      const started = performance.now();
      await geelyIssue("经由队列发送的钉钉通知");
      while (received.length < 2 && performance.now() - started < 90_000) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(received.filter((x) => x.path === "/robot/send" && x.signatureOk)).toHaveLength(1);
      expect(received.filter((x) => x.path === "/cgi-bin/webhook/send")).toHaveLength(1);
      expect(JSON.stringify(received[0].body)).toContain("经由队列发送的钉钉通知");
    } finally {
      unregisterDeliveryJob();
      await worker.stop();
    }
  }, 100_000);

  it("a refused signature is final: FAILED after one attempt, and the administrators hear of it in the bell", async () => {
    configure({ ...robots(), DINGTALK_SECRET: "SEC-a-wrong-secret", WECOM_WEBHOOK_URL: "" });
    const r = await geelyIssue("签名错误的钉钉通知");
    expect(await runDueDeliveries()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const d = await prisma.notificationDelivery.findFirstOrThrow({ where: { channel: "DINGTALK" } });
    expect(d).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(d.lastError).toContain("310000");
    const admins = await prisma.user.count({ where: { role: "ADMIN", isActive: true } });
    const bell = await prisma.notification.findMany({ where: { kind: "DELIVERY_FAILED", link: `/issues/${r.id}` } });
    expect(bell).toHaveLength(admins);
    expect(bell[0].title).toContain("钉钉通知未能送达");
    // a failed row is not tried again
    expect(await runDueDeliveries({ at: () => new Date(clockNow().getTime() + 3600_000) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
  });

  it(`a robot gets at most ${GROUP_PER_MINUTE} messages a minute; the rest wait for the next minute`, async () => {
    configure({ WECOM_WEBHOOK_URL: robots().WECOM_WEBHOOK_URL });
    const at = clockNow();
    await prisma.notificationDelivery.createMany({
      data: Array.from({ length: GROUP_PER_MINUTE + 5 }, (_, i) => ({
        channel: "WECOM",
        target: "group",
        template: "NEW",
        payload: { kind: "NEW", title: `限流测试 ${i}`, url: "/issues/1" },
        idempotencyKey: `WECOM:rate-${i}`,
        nextAttemptAt: at,
        createdAt: at,
      })),
    });
    expect((await runDueDeliveries({ at: () => at })).sent).toBe(GROUP_PER_MINUTE);
    expect(await prisma.notificationDelivery.count({ where: { state: "PENDING" } })).toBe(5);
    expect((await runDueDeliveries({ at: () => new Date(at.getTime() + 61_000) })).sent).toBe(5);
    expect(received).toHaveLength(GROUP_PER_MINUTE + 5);
  });

  it("an issue's message is not held behind a backlog of reminders", async () => {
    configure({ WECOM_WEBHOOK_URL: robots().WECOM_WEBHOOK_URL });
    const at = clockNow();
    await prisma.notificationDelivery.createMany({
      data: Array.from({ length: GROUP_PER_MINUTE + 5 }, (_, i) => ({
        channel: "WECOM",
        target: "group",
        template: "WEEKLY_DIGEST",
        payload: { kind: "WEEKLY_DIGEST", title: `一周一清单 ${i}`, url: "/my-work" },
        idempotencyKey: `WECOM:digest-${i}`,
        nextAttemptAt: new Date(at.getTime() - 60_000),
        createdAt: at,
      })),
    });
    await geelyIssue("积压提醒之后提交的诉求");
    expect((await runDueDeliveries()).sent).toBe(GROUP_PER_MINUTE);
    // within this minute's 20, not after the 25 reminders written before it
    expect(received.filter((r) => JSON.stringify(r.body).includes("积压提醒之后提交的诉求"))).toHaveLength(1);
  });
});

describe("retries, leases and concurrent workers (SMS gateway)", () => {
  it("a gateway answering 500 three times then 200: delivered once, with three recorded failures and backoff", async () => {
    configure({ SMS_GATEWAY_URL: `${base}/sms/send`, SMS_GATEWAY_TOKEN: "gw-token" });
    let t = clockNow().getTime();
    const at = () => new Date(t);
    const row = await smsRow(1, at());
    answers = [500, 500, 500];
    expect(await runDueDeliveries({ at })).toEqual({ sent: 0, retried: 1, failed: 0 });
    let d = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(d.nextAttemptAt.getTime()).toBe(t + 10_000);
    // not due before its backoff ends
    expect(await runDueDeliveries({ at })).toEqual({ sent: 0, retried: 0, failed: 0 });
    for (const wait of [10_000, 20_000]) {
      t += wait;
      expect((await runDueDeliveries({ at })).retried).toBe(1);
    }
    d = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(d.nextAttemptAt.getTime()).toBe(t + 40_000);
    t += 40_000;
    expect(await runDueDeliveries({ at })).toEqual({ sent: 1, retried: 0, failed: 0 });

    d = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(d).toMatchObject({ state: "SENT", attempts: 4 });
    const failures = d.failures as unknown as { attempt: number; error: string }[];
    expect(failures.map((f) => f.attempt)).toEqual([1, 2, 3]);
    expect(failures.every((f) => f.error.startsWith("HTTP 500"))).toBe(true);
    expect(received.map((x) => x.status)).toEqual([500, 500, 500, 200]);
    const sms = received[3].body as { phone: string; templateCode: string; params: Record<string, string> };
    expect(sms).toMatchObject({ phone: "13900000001", templateCode: "JZ_NEW", params: { title: "测试短信 1" } });
  });

  it("an unreachable gateway is tried again, not lost", async () => {
    configure({ SMS_GATEWAY_URL: "http://127.0.0.1:9/sms" }); // the discard port: nothing listens
    await smsRow(2);
    expect(await runDueDeliveries()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const d = await prisma.notificationDelivery.findFirstOrThrow();
    expect(d.state).toBe("PENDING");
    expect(d.lastError).toContain("无法连接");
  });

  it("a worker that died mid-send: its row is sent by another once the lease ends, not before", async () => {
    configure({ SMS_GATEWAY_URL: `${base}/sms/send` });
    const t0 = clockNow();
    const row = await smsRow(3, t0);
    // the first worker claims the row and dies before sending
    expect(await claimDeliveries(prisma, "SMS", t0, 10)).toHaveLength(1);
    expect(await runDueDeliveries({ at: () => new Date(t0.getTime() + LEASE_MS - 1000) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(await runDueDeliveries({ at: () => new Date(t0.getTime() + LEASE_MS) })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(received).toHaveLength(1);
    const d = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(d).toMatchObject({ state: "SENT", attempts: 2 });
  });

  it("two workers (two connection pools, as two instances) never send a message twice", async () => {
    configure({ SMS_GATEWAY_URL: `${base}/sms/send` });
    delayMs = 5;
    const N = 60;
    for (let i = 0; i < N; i++) await smsRow(100 + i);
    const pools = [0, 1].map(
      () => new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 3 }) }),
    );
    try {
      const runs = await Promise.all(pools.map((db) => runDueDeliveries({ db })));
      expect(runs[0].sent + runs[1].sent).toBe(N);
    } finally {
      await Promise.all(pools.map((p) => p.$disconnect()));
    }
    const phones = received.map((x) => (x.body as { phone: string }).phone);
    expect(phones).toHaveLength(N);
    expect(new Set(phones).size).toBe(N);
    expect(await prisma.notificationDelivery.count({ where: { state: "SENT", attempts: 1 } })).toBe(N);
  });

  it("SMS goes to each recipient with a phone, once per notification; a repeated event writes nothing more", async () => {
    configure({ SMS_GATEWAY_URL: `${base}/sms/send` });
    const users = await prisma.user.findMany({
      where: { isActive: true },
      select: { id: true },
      take: 2,
      orderBy: { id: "asc" },
    });
    await prisma.user.update({ where: { id: users[0].id }, data: { phone: "13911112222" } });
    await prisma.user.update({ where: { id: users[1].id }, data: { phone: null } });
    const ev = {
      kind: "BACKUP_FAILED" as const,
      title: "数据备份失败：测试",
      link: "/admin/backups",
      dedupeKey: "outbox-test",
    };
    await prisma.$transaction((tx) =>
      notifyUsers(
        tx,
        users.map((u) => u.id),
        ev,
      ),
    );
    await prisma.$transaction((tx) =>
      notifyUsers(
        tx,
        users.map((u) => u.id),
        ev,
      ),
    );
    const rows = await prisma.notificationDelivery.findMany();
    expect(rows.map((r) => [r.channel, r.target, r.userId])).toEqual([["SMS", "13911112222", users[0].id]]);
  });
});

describe("quiet hours 22:00–07:30", () => {
  it("hold a non-urgent message until 07:30; an urgent one goes at once", async () => {
    configure({ WECOM_WEBHOOK_URL: robots().WECOM_WEBHOOK_URL });
    const back = clockNow();
    await prisma.$transaction((tx) => moveDemoClock(tx, new Date("2017-11-20T23:00:00+08:00")));
    try {
      await geelyIssue("夜间提交的诉求：次日早上再推送");
      const soon = await prisma.user.findFirstOrThrow({ where: { role: "ADMIN" }, select: { id: true } });
      await prisma.$transaction((tx) =>
        notifyUsers(tx, [soon.id], { issueId: null, kind: "OVERDUE", title: "超时测试", link: "/issues" }),
      );
      const rows = await prisma.notificationDelivery.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.template, r.nextAttemptAt.toISOString()])).toEqual([
        ["NEW", new Date("2017-11-21T07:30:00+08:00").toISOString()],
        ["OVERDUE", rows[1].createdAt.toISOString()],
      ]);
      expect(await runDueDeliveries()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(JSON.stringify(received[0].body)).toContain("超时测试");
      const morning = new Date("2017-11-21T07:30:00+08:00");
      expect(await runDueDeliveries({ at: () => new Date(morning.getTime() - 1000) })).toMatchObject({ sent: 0 });
      expect(await runDueDeliveries({ at: () => morning })).toMatchObject({ sent: 1 });
      expect(JSON.stringify(received[1].body)).toContain("夜间提交的诉求");
    } finally {
      await prisma.$transaction((tx) => moveDemoClock(tx, back));
    }
  });
});

describe("a worker process killed mid-delivery", () => {
  // an SMS gateway that honours idempotency keys, as cloud SMS APIs do: a second request with a key it has
  // already accepted is answered 200 and not sent to the phone again; `hold` keeps the first request unanswered
  let gateway: Server;
  let gatewayUrl = "";
  const requests: { key: string | undefined; outId: unknown }[] = [];
  const delivered = new Map<string, unknown>();
  let hold = false;
  let arrived: () => void = () => undefined;
  beforeAll(async () => {
    gateway = createServer((req, res) => {
      void readBody(req).then((text) => {
        const body = JSON.parse(text) as { outId?: unknown };
        const key = req.headers["idempotency-key"] as string | undefined;
        requests.push({ key, outId: body.outId });
        if (key && !delivered.has(key)) delivered.set(key, body);
        arrived();
        if (hold) return; // the worker dies waiting for this answer
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "OK" }));
      });
    });
    await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms/send`;
  });
  afterAll(async () => {
    gateway.closeAllConnections();
    await new Promise((r) => gateway.close(r));
  });

  function worker(shiftMs: number) {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tests/support/deliveryWorkerChild.ts"],
      {
        cwd: ROOT,
        env: { ...process.env, SMS_GATEWAY_URL: gatewayUrl, CLOCK_SHIFT_MS: String(shiftMs) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on("exit", (code, signal) => r({ code, signal })),
    );
    return { child, exited, out: () => out, err: () => err };
  }

  it("is restarted and the message is delivered exactly once (the gateway sees one key)", async () => {
    configure({ SMS_GATEWAY_URL: gatewayUrl });
    const row = await smsRow(500);

    // the first worker process sends, and is killed (SIGKILL) before the gateway answers
    hold = true;
    const got = new Promise<void>((r) => (arrived = r));
    const a = worker(0);
    await got;
    a.child.kill("SIGKILL");
    expect((await a.exited).signal).toBe("SIGKILL");
    hold = false;
    let d = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(d).toMatchObject({ state: "SENDING", attempts: 1 });

    // restarted at once: the dead worker's lease still holds the row, nothing is sent
    const b = worker(0);
    expect((await b.exited).code, b.err()).toBe(0);
    expect(JSON.parse(b.out().trim().split("\n").pop()!)).toEqual({ sent: 0, retried: 0, failed: 0 });

    // restarted after the lease: sent again with the same key, which the gateway recognises
    const c = worker(LEASE_MS + 1000);
    expect((await c.exited).code, c.err()).toBe(0);
    expect(JSON.parse(c.out().trim().split("\n").pop()!)).toEqual({ sent: 1, retried: 0, failed: 0 });

    expect(requests).toHaveLength(2);
    expect(requests[0].key).toBe(`SMS:test-500`);
    expect(requests.map((r) => [r.key, r.outId])).toEqual([
      ["SMS:test-500", "SMS:test-500"],
      ["SMS:test-500", "SMS:test-500"],
    ]);
    expect(delivered.size).toBe(1);
    d = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(d).toMatchObject({ state: "SENT", attempts: 2 });
  }, 120_000);
});

/** The text of a MIME message's parts (base64 and quoted-printable bodies decoded). */
function decodeMime(raw: string): string {
  const out: string[] = [];
  for (const part of raw.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const body = rest.join("\n\n");
    if (/Content-Transfer-Encoding: base64/i.test(head)) {
      out.push(Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8"));
    } else if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
      const bytes = body
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      out.push(Buffer.from(bytes, "latin1").toString("utf8"));
    } else out.push(part);
  }
  return out.join("\n");
}

describe("e-mail over SMTP (an in-process SMTP server)", () => {
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: { from: string; to: string[]; data: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth(auth, _session, cb) {
        cb(null, { user: auth.username });
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString("utf8"),
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(r));
  });

  it("an issue submitted by ent.geely: a mail reaches the handler's address, naming the issue and its deadline", async () => {
    configure({
      SMTP_URL: `smtp://crm:secret@127.0.0.1:${smtpPort}`,
      MAIL_FROM: "晋中招商平台 <noreply@jz.example.cn>",
    });
    await prisma.user.update({ where: { username: "team01" }, data: { email: "team01@jz.example.cn" } });
    const r = await geelyIssue("厂区道路硬化需协调住建部门");
    const rows = await prisma.notificationDelivery.findMany({ where: { channel: "EMAIL" } });
    expect(rows.map((d) => d.target)).toContain("team01@jz.example.cn");
    const run = await runDueDeliveries();
    expect(run.sent).toBe(rows.length);
    const mail = mails.find((m) => m.to.includes("team01@jz.example.cn"));
    expect(mail?.from).toBe("noreply@jz.example.cn");
    expect(mail!.data).toMatch(/Subject: /);
    const issue = await prisma.coordinationIssue.findUniqueOrThrow({ where: { id: r.id } });
    const decoded = decodeMime(mail!.data);
    expect(decoded).toContain("厂区道路硬化需协调住建部门");
    expect(decoded).toContain(formatDeadline(issue.overdueAt, clockNow().getUTCFullYear()));
    expect(decoded).toContain(`/issues/${r.id}`);
  });
});

describe("/admin/notifications", () => {
  const page = (user: string) =>
    run(async () => loader({ request: await requestAs(user, "/admin/notifications"), params: {}, context: {} }));
  const test = (user: string, fields: Record<string, string>) =>
    run(async () => action({ request: await postForm(user, "/admin/notifications", fields), params: {}, context: {} }));
  type Page = {
    anyConfigured: boolean;
    channels: {
      channel: string;
      configured: boolean;
      endpoint: string | null;
      queued: number;
      lastError: string | null;
      lastSuccessAt: string | null;
      lastFailureAt: string | null;
    }[];
  };

  it("is the administrator's only", async () => {
    for (const user of ["secadmin", "auditor", "bureau", "leader", "county.yuci", "team01", "ent.geely"]) {
      expect((await page(user)).status, user).toBe(403);
      expect((await test(user, { intent: "test", channel: "WECOM" })).status, user).toBe(403);
    }
  });

  it("with nothing configured says so; shows each channel's state, queued count, last success and failure", async () => {
    configure({});
    let r = await page("admin");
    expect(r.status).toBe(200);
    expect((r.data as Page).anyConfigured).toBe(false);
    expect((r.data as Page).channels.map((c) => c.channel)).toEqual(["DINGTALK", "WECOM", "SMS", "EMAIL"]);

    configure({ ...robots(), SMS_GATEWAY_URL: `${base}/sms/send` });
    await smsRow(900);
    r = await page("admin");
    const ding = (r.data as Page).channels.find((c) => c.channel === "DINGTALK")!;
    expect(ding).toMatchObject({ configured: true, endpoint: `${base}/robot/send` }); // the token is not shown
    expect((r.data as Page).channels.find((c) => c.channel === "SMS")).toMatchObject({ configured: true, queued: 1 });

    // 发送测试消息: sent at once, recorded, audited
    const ok = await test("admin", { intent: "test", channel: "WECOM" });
    expect(ok.status).toBe(302);
    expect(received.filter((x) => x.path === "/cgi-bin/webhook/send")).toHaveLength(1);
    expect(JSON.stringify(received[0].body)).toContain("测试消息");
    const audited = await prisma.auditEvent.findFirst({ where: { action: "NOTIFY_TEST" }, orderBy: { id: "desc" } });
    expect(audited?.after).toMatchObject({ channel: "WECOM", result: "已送达" });

    answers = [500];
    const bad = await test("admin", { intent: "test", channel: "DINGTALK" });
    expect(bad.status).toBe(409);
    expect(JSON.stringify(bad.data)).toContain("测试消息发送失败：HTTP 500");

    r = await page("admin");
    const after = (r.data as Page).channels;
    expect(after.find((c) => c.channel === "WECOM")!.lastSuccessAt).not.toBeNull();
    expect(after.find((c) => c.channel === "DINGTALK")).toMatchObject({
      lastError: expect.stringContaining("HTTP 500"),
    });
    expect(after.find((c) => c.channel === "DINGTALK")!.lastFailureAt).not.toBeNull();

    // a channel not configured, an unknown channel, no phone: refused in Chinese, nothing sent
    configure({});
    const off = await test("admin", { intent: "test", channel: "WECOM" });
    expect(off.status).toBe(400);
    expect(JSON.stringify(off.data)).toContain("该通道尚未配置");
    expect((await test("admin", {})).status).toBe(400);
    expect(received).toHaveLength(2);
  });
});

describe("钉钉 加签", () => {
  it("matches an independent computation (Python hmac/base64/quote_plus)", () => {
    expect(dingtalkSign(1577262236757, "SEC0123456789abcdef")).toBe("Pgr6tpIpjVrMPPJUPkaI9sivFPPTYOy5zIOMF2GPFMA%3D");
  });
});
