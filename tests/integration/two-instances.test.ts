// Two app instances on one PostgreSQL database behind a real nginx, round-robin (issue 19 §3, docs/decisions/240–242):
// instance A runs two worker processes (WEB_CONCURRENCY=2), instance B one; both run the background jobs and the
// caches (page cache, snapshot query cache) are on. A session made on one instance is valid on the other; a write
// through one process is seen at once through every other; the 13710 sweep, an import and notification delivery
// each run exactly once across the three processes; SIGTERM to A while autocannon loads nginx loses no request.
// Needs Debian's nginx (`.ci/run` installs it): without it this file fails with the message saying how to get it.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KIND_SPECS } from "~/domain/importSpec";
import { submitIssue } from "~/models/issue.server";
import { action as uploadAction } from "~/routes/_app.import._index/route";
import { now as clockNow } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { findNginx, NGINX_HELP, startNginx } from "../../scripts/lib/nginx.mjs";
import { freePort, startApp, type AppProcess } from "../support/appProcess";
import { run, viewerFor } from "../support/requests";
import { csvBytes, uploadRequest, type TestCell } from "../support/spreadsheets";

const DAY = 86_400_000;
const IMPORT_ROWS = 20;
const SMS_ROWS = 6;
let sql: pg.Client;
let a: AppProcess | undefined;
let b: AppProcess | undefined;
let lb: Awaited<ReturnType<typeof startNginx>> | undefined;
let gateway: Server | undefined;
/** every message the SMS gateway received: the phone it was for */
const received: string[] = [];
let issueId: number;
let importId: number;
let backupDir: string | undefined;

async function one<T = Record<string, unknown>>(q: string, ...params: unknown[]): Promise<T> {
  return (await sql.query(q, params)).rows[0] as T;
}

async function until(what: string, check: () => Promise<boolean>, ms = 40_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nA:\n${a?.out()}\nB:\n${b?.out()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A GET on a connection of its own (so node:cluster hands each to the next worker), tagged with a request id. */
function get(base: string, path: string, cookie: string, reqId: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { agent: false, headers: { Cookie: cookie, "X-Request-Id": reqId } },
      (res: IncomingMessage) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The pid of the process that logged request `reqId` (JSON log lines carry pino's pid), or undefined. */
function loggedBy(app: AppProcess, reqId: string): number | undefined {
  for (const line of app.out().split("\n")) {
    if (!line.startsWith("{") || !line.includes(reqId)) continue;
    const l = JSON.parse(line) as { reqId?: string; pid?: number };
    if (l.reqId === reqId) return l.pid;
  }
  return undefined;
}

/** As loggedBy, waiting a little: the request's log line is written when the response has ended. */
async function pidOf(app: AppProcess, reqId: string, ms = 3_000): Promise<number | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const pid = loggedBy(app, reqId);
    if (pid !== undefined || Date.now() > end) return pid;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password: "Demo@2017", redirectTo: "/" }),
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`sign-in as ${username} answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

beforeAll(async () => {
  const nginx = findNginx();
  if (!nginx) throw new Error(NGINX_HELP);
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();

  // an SMS gateway that counts what it is sent
  gateway = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      received.push((JSON.parse(body) as { phone: string }).phone);
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => gateway!.listen(0, "127.0.0.1", r));
  process.env.SMS_GATEWAY_URL = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  process.env.SMS_GATEWAY_TOKEN = "test-token";
  resetEnvCache();

  // work waiting for the instances' jobs, written before they start:
  // an issue submitted 30 days ago and left alone (the 13710 sweep escalates it),
  const geely = await viewerFor("ent.geely");
  const project = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId! },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const issue = await submitIssue(
    geely,
    {
      category: "UTILITIES",
      title: "两实例测试：迟迟未答复的用电增容",
      description: "需要协调增容。",
      projectId: project.id,
    },
    [],
    new Date(clockNow().getTime() - 30 * DAY),
  );
  issueId = issue.id;
  // SMS messages due now,
  for (let i = 0; i < SMS_ROWS; i++) {
    await prisma.notificationDelivery.create({
      data: {
        channel: "SMS",
        target: `1391111${String(i).padStart(4, "0")}`,
        template: "NEW",
        payload: { kind: "NEW", title: `两实例测试短信 ${i}`, url: "/issues/1" },
        idempotencyKey: `SMS:two-instances-${i}`,
        nextAttemptAt: clockNow(),
        createdAt: clockNow(),
      },
    });
  }
  // and an uploaded spreadsheet waiting for its check.
  const headers = KIND_SPECS.projects.columns.map((c) => c.header);
  const rows: TestCell[][] = [headers];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const v: Record<string, TestCell> = {
      项目编号: `TWO-${String(i).padStart(4, "0")}`,
      项目名称: `两实例导入项目${i}`,
      "县（区、市）": "榆次区",
      产业: "现代农业",
      项目来源: "本地投资/技改",
      "总投资（万元）": 1000 + i,
      计划年度: 2018,
      签约日期: "2017-03-01",
    };
    rows.push(headers.map((h) => (h in v ? v[h] : null)));
  }
  const up = await run(async () =>
    uploadAction({
      request: await uploadRequest("bureau", "projects", "两实例.csv", csvBytes(rows)),
      params: {},
      context: {},
    }),
  );
  expect(up.status).toBe(302);
  importId = Number(up.response!.headers.get("Location")!.split("/").pop());

  // the nightly backup is due on the demo clock: it goes to a folder of this file
  backupDir = await mkdtemp(path.join(os.tmpdir(), "jz-two-backups-"));
  const env = {
    DATABASE_URL: process.env.DATABASE_URL,
    JOBS_ENABLED: "true",
    LOG_FORMAT: "json",
    BACKUP_DIR: backupDir,
  };
  [a, b] = await Promise.all([startApp({ ...env, WEB_CONCURRENCY: "2" }), startApp({ ...env, WEB_CONCURRENCY: "1" })]);
  lb = await startNginx({ port: await freePort(), upstreams: [a.port, b.port] });
}, 120_000);

afterAll(async () => {
  await lb?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
  await new Promise((r) => gateway?.close(r));
  await sql?.end();
  if (backupDir) await rm(backupDir, { recursive: true, force: true });
});

describe("two instances behind nginx", () => {
  it("a session made on one instance is valid on the other, and nginx takes turns", async () => {
    const cookie = await signIn(a!.url(""), "bureau");
    const onB = await get(b!.url(""), "/", cookie, "two-session-b-0001");
    expect(onB.status).toBe(200);
    expect(onB.text).toContain("市投资促进局");
    // through nginx: requests reach both instances, signed in on each
    const ids = Array.from({ length: 4 }, (_, i) => `two-session-lb-${i}-0001`);
    for (const id of ids) expect((await get(lb!.url(""), "/", cookie, id)).status).toBe(200);
    const onA = await pidOf(a!, ids[ids.length - 1]); // the last one's line is there: so are those before it
    expect(onA === undefined ? await pidOf(b!, ids[ids.length - 1]) : onA).toBeDefined();
    expect(ids.filter((id) => loggedBy(a!, id)).length).toBeGreaterThan(0);
    expect(ids.filter((id) => loggedBy(b!, id)).length).toBeGreaterThan(0);
  }, 60_000);

  it("a write through one process is seen at once through every other (caches on)", async () => {
    const cookie = await signIn(b!.url(""), "team01");
    const { id: projectId } = await one<{ id: number }>(
      `SELECT p.id FROM project p JOIN app_user u ON u.team_id = p.service_team_id
        WHERE u.username = 'team01' ORDER BY p.id LIMIT 1`,
    );
    const page = `/projects/${projectId}/tasks`;
    let n = 0;
    /** reads the page through A four times (both workers) and B once; the pids of A's answers */
    const readAll = async (marker: string, present: boolean) => {
      const pids = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const id = `two-read-${n++}-${Date.now()}`;
        const r = await get(a!.url(""), page, cookie, id);
        expect(r.status).toBe(200);
        const pid = await pidOf(a!, id);
        expect(pid).toBeDefined();
        expect(r.text.includes(marker), `A (pid ${pid}) shows ${marker}: ${present}`).toBe(present);
        pids.add(pid!);
      }
      const r = await get(b!.url(""), page, cookie, `two-read-${n++}-${Date.now()}`);
      expect(r.text.includes(marker)).toBe(present);
      return pids;
    };
    const post = async (base: string, title: string, reqId: string) => {
      const res = await fetch(`${base}${page}`, {
        method: "POST",
        headers: { Cookie: cookie, "X-Request-Id": reqId, Connection: "close" },
        body: new URLSearchParams({
          intent: "create",
          kind: "PROJECT_FILING",
          title,
          dueOn: "2017-12-29",
          note: "",
          createToken: crypto.randomUUID(),
        }),
        redirect: "manual",
      });
      expect(res.status).toBe(302);
    };

    // every process has rendered (and cached) the page, then B writes: A's two workers show it at once
    const first = `两实例写入一-${Date.now()}`;
    expect((await readAll(first, false)).size).toBe(2);
    await post(b!.url(""), first, `two-write-1-${Date.now()}`);
    expect((await readAll(first, true)).size).toBe(2);

    // a write through one of A's workers: A's other worker and B show it at once
    const second = `两实例写入二-${Date.now()}`;
    await readAll(second, false);
    const writeId = `two-write-2-${Date.now()}`;
    await post(a!.url(""), second, writeId);
    const writer = await pidOf(a!, writeId);
    expect(writer).toBeDefined();
    const readers = await readAll(second, true);
    expect([...readers].filter((p) => p !== writer).length).toBe(1);
  }, 60_000);

  it("the 13710 sweep, an import, notification delivery and the nightly backup each run exactly once across the three processes", async () => {
    // every process runs the queue (its connections are named after the process)
    const clients = await sql.query(
      "SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'jinzhong-jobs:%'",
    );
    expect(clients.rows.length).toBeGreaterThanOrEqual(3);

    // the import: checked by one worker at start, committed through nginx, written once
    await until(
      "the import's check",
      async () => (await one(`SELECT status FROM import_job WHERE id = $1`, importId)).status === "READY",
    );
    const cookie = await signIn(lb!.url(""), "bureau");
    const commit = await fetch(lb!.url(`/import/${importId}`), {
      method: "POST",
      headers: { Cookie: cookie },
      body: new URLSearchParams({ intent: "commit" }),
      redirect: "manual",
    });
    expect(commit.status).toBe(302);
    await until(
      "the import",
      async () => (await one(`SELECT status FROM import_job WHERE id = $1`, importId)).status === "DONE",
    );
    const job = await one<{ attempt: number }>(`SELECT attempt FROM import_job WHERE id = $1`, importId);
    expect(job.attempt).toBe(2); // one claim for the check, one for the import
    expect(Number((await one(`SELECT count(*) n FROM project WHERE code LIKE 'TWO-%'`)).n)).toBe(IMPORT_ROWS);

    // the sweep: the overdue issue escalated once
    await until(
      "the escalation",
      async () =>
        Number((await one(`SELECT escalation_count FROM coordination_issue WHERE id = $1`, issueId)).escalation_count) >
        0,
    );
    expect(await one(`SELECT escalation_count, level FROM coordination_issue WHERE id = $1`, issueId)).toEqual({
      escalation_count: 1,
      level: "COUNTY",
    });
    expect(
      Number(
        (await one(`SELECT count(*) n FROM issue_event WHERE issue_id = $1 AND kind = 'AUTO_ESCALATED'`, issueId)).n,
      ),
    ).toBe(1);

    // delivery: every message sent once, each by one claim
    await until(
      "the SMS messages",
      async () =>
        Number(
          (
            await one(
              `SELECT count(*) n FROM notification_delivery WHERE idempotency_key LIKE 'SMS:two-instances-%' AND state = 'SENT'`,
            )
          ).n,
        ) === SMS_ROWS,
    );
    for (let i = 0; i < SMS_ROWS; i++) {
      expect(received.filter((p) => p === `1391111${String(i).padStart(4, "0")}`)).toHaveLength(1);
    }
    // and everything else the jobs sent meanwhile (the escalation's messages): once each, by one claim — the
    // gateway's count equals the outbox's sent rows once nothing is being sent
    const outbox = async () =>
      (
        await sql.query(
          `SELECT count(*) FILTER (WHERE state = 'SENT') sent, count(*) FILTER (WHERE state = 'SENDING') sending,
                  count(*) FILTER (WHERE state = 'SENT' AND attempts <> 1) retried
             FROM notification_delivery`,
        )
      ).rows[0] as { sent: string; sending: string; retried: string };
    await until("the outbox to settle", async () => {
      const o = await outbox();
      return o.sending === "0" && Number(o.sent) === received.length;
    });
    expect((await outbox()).retried).toBe("0");

    // the nightly backup (due at start on the demo clock, checked by every process): one run
    await until("the nightly backup", async () =>
      Boolean(await one(`SELECT 1 FROM backup_run WHERE kind = 'NIGHTLY' AND status <> 'RUNNING'`)),
    );
    const runs = await sql.query(`SELECT status FROM backup_run WHERE kind = 'NIGHTLY'`);
    expect(runs.rows).toEqual([{ status: "SUCCEEDED" }]);
  });

  it("SIGTERM to one instance under load through nginx loses no request", async () => {
    const cookie = await signIn(lb!.url(""), "bureau");
    const load = new Promise<Result>((resolve, reject) =>
      autocannon({ url: lb!.url("/projects"), connections: 8, duration: 6, headers: { Cookie: cookie } }, (err, r) =>
        err ? reject(err) : resolve(r),
      ),
    );
    await new Promise((r) => setTimeout(r, 2_000));
    const [exitCode, result] = await Promise.all([a!.stop(), load]);
    expect({ non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts }).toEqual({
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    });
    expect(result.requests.total).toBeGreaterThan(0);
    // the load reached both instances (A until its SIGTERM)
    expect(a!.out()).toContain('"path":"/projects"');
    expect(b!.out()).toContain('"path":"/projects"');
    expect(exitCode).toBe(143); // 128 + SIGTERM, after the drain: as a single process stops
    expect(a!.out()).toContain("已停止");
    // afterwards nginx sends everything to B
    expect((await get(lb!.url(""), "/", cookie, "two-after-drain-0001")).status).toBe(200);
    expect(await pidOf(b!, "two-after-drain-0001")).toBe(b!.child.pid);
  }, 60_000);
});
