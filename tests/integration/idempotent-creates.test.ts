// Double submit (issue 21 finding 7): ten parallel identical posts of a create form — the same one-time token, as a
// double click, a retry or an impatient user sends it — make exactly one row and one audit entry, and every one of
// the ten gets the same success answer (docs/decisions/093). Counted by plain SQL, not by the app.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "~/domain/creditCode";
import { type AppProcess, signIn, startApp } from "../support/appProcess";

let app: AppProcess;
let sql: pg.Client;
const cookies: Record<string, string> = {};
const USERS = ["team01", "ent.geely", "bureau", "sysadmin", "admin", "leader", "eic"];

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL });
  for (const u of USERS) cookies[u] = await signIn(app, u);
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

type Fields = Record<string, string>;
type Upload = { field: string; name: string; bytes: Uint8Array<ArrayBuffer> };

function body(fields: Fields, multipart: boolean, file?: Upload): BodyInit {
  if (!multipart) return new URLSearchParams(fields);
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append(file.field, new File([file.bytes], file.name));
  return fd;
}

async function post(user: string, path: string, fields: Fields, multipart = false, file?: Upload) {
  const res = await fetch(app.url(path), {
    method: "POST",
    headers: { Cookie: cookies[user] },
    body: body(fields, multipart, file),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

async function count(q: string, ...params: unknown[]): Promise<number> {
  return Number((await sql.query(q, params)).rows[0].n);
}

async function team01Project(): Promise<number> {
  const r = await sql.query(
    `SELECT p.id FROM project p JOIN app_user u ON u.team_id = p.service_team_id
      WHERE u.username = 'team01' ORDER BY p.id LIMIT 1`,
  );
  return Number(r.rows[0].id);
}

async function geelyProject(): Promise<number> {
  const r = await sql.query(
    `SELECT p.id FROM project p JOIN app_user u ON u.enterprise_id = p.enterprise_id
      WHERE u.username = 'ent.geely' ORDER BY p.id LIMIT 1`,
  );
  return Number(r.rows[0].id);
}

/** One create action: who posts what where, and how to count (by a marker text in the row) what it created. */
interface CreateCase {
  name: string;
  user: string;
  path: () => Promise<string>;
  /** the form's fields around `marker`; may differ on each call in what must be unique (a date, a user name) */
  fields: (marker: string) => Promise<Fields>;
  multipart?: boolean;
  file?: (marker: string) => Upload;
  /** the success answer (302 redirect unless said) */
  status?: number;
  /** rows it created (SQL), and the audit entries of those rows */
  rows: (marker: string) => Promise<number>;
  audits: (marker: string) => Promise<number>;
}

const auditOf =
  (table: string, entity: string, column: string, action = "CREATE") =>
  (marker: string) =>
    count(
      `SELECT count(*) AS n FROM audit_event a JOIN ${table} t ON a.entity_id = t.id::text
        WHERE a.entity = $1 AND a.action = $2 AND t.${column} = $3`,
      entity,
      action,
      marker,
    );

let serial = 0;
const one = async (q: string) => String((await sql.query(q)).rows[0].id);

async function geelyIssue(): Promise<{ id: number; version: number }> {
  const r = await sql.query(
    `SELECT ci.id, ci.version FROM coordination_issue ci JOIN app_user u ON u.enterprise_id = ci.enterprise_id
      WHERE u.username = 'ent.geely' AND ci.status <> 'CLOSED' ORDER BY ci.id LIMIT 1`,
  );
  return { id: Number(r.rows[0].id), version: Number(r.rows[0].version) };
}

const CASES: CreateCase[] = [
  {
    name: "资金到位 (funding record)",
    user: "team01",
    path: async () => `/projects/${await team01Project()}/funding`,
    fields: async (m) => ({ receivedOn: "2017-10-01", amount: "1234", source: "银行贷款", note: m }),
    rows: (m) => count("SELECT count(*) AS n FROM funding_record WHERE note = $1", m),
    audits: auditOf("funding_record", "FundingRecord", "note"),
  },
  {
    name: "供地 (land record with its 出让金 schedule)",
    user: "team01",
    path: async () => `/projects/${await team01Project()}/land`,
    fields: async (m) => ({
      method: "TRANSFER",
      location: m,
      area: "10.5",
      price: "300",
      suppliedOn: "2017-09-01",
      due1: "2017-10-01",
      amt1: "100",
      due2: "2018-09-01",
      amt2: "200",
    }),
    rows: (m) => count("SELECT count(*) AS n FROM land_supply WHERE location = $1", m),
    audits: auditOf("land_supply", "LandSupply", "location", "LAND_CREATE"),
  },
  {
    name: "服务记录 (service log)",
    user: "team01",
    path: async () => `/projects/${await team01Project()}/service-logs`,
    fields: async (m) => ({ kind: "VISIT", occurredOn: "2017-10-01", people: "张三", content: m, followUpOn: "" }),
    rows: (m) => count("SELECT count(*) AS n FROM service_log WHERE content = $1", m),
    audits: auditOf("service_log", "ServiceLog", "content"),
  },
  {
    name: "代办事项 (agency task)",
    user: "team01",
    path: async () => `/projects/${await team01Project()}/tasks`,
    fields: async (m) => ({ intent: "create", kind: "PROJECT_FILING", title: m, dueOn: "2017-12-29", note: "" }),
    rows: (m) => count("SELECT count(*) AS n FROM agency_task WHERE title = $1", m),
    audits: auditOf("agency_task", "AgencyTask", "title"),
  },
  {
    name: "提交诉求 (issue, multipart with a file)",
    user: "ent.geely",
    path: async () => "/issues/new",
    multipart: true,
    file: () => ({ field: "attachments", name: "情况说明.txt", bytes: new TextEncoder().encode("用地情况说明") }),
    fields: async (m) => ({
      category: "LAND",
      title: m,
      description: "用地指标迟迟未落实，请协调解决。",
      projectId: String(await geelyProject()),
    }),
    rows: (m) => count("SELECT count(*) AS n FROM coordination_issue WHERE title = $1", m),
    audits: auditOf("coordination_issue", "CoordinationIssue", "title"),
  },
  {
    name: "诉求留言 (issue comment)",
    user: "ent.geely",
    path: async () => `/issues/${(await geelyIssue()).id}`,
    fields: async (m) => ({ intent: "comment", version: String((await geelyIssue()).version), note: m }),
    rows: (m) => count("SELECT count(*) AS n FROM issue_event WHERE kind = 'COMMENTED' AND note = $1", m),
    audits: (m) =>
      count("SELECT count(*) AS n FROM audit_event WHERE action = 'ISSUE_COMMENT' AND after->>'note' = $1", m),
  },
  {
    name: "作出批示 (督办事项, decision 141)",
    user: "leader",
    path: async () => "/supervision/new",
    fields: async (m) => ({
      source: "WORK",
      title: m,
      instruction: "请市国土资源局限期办理。",
      level: "NORMAL",
      leadUnitId: await one("SELECT id FROM department WHERE code = 'guotu'"),
      dueKind: "13710",
      dueDays: "",
      dueOn: "",
    }),
    rows: (m) => count("SELECT count(*) AS n FROM supervision WHERE title = $1", m),
    audits: auditOf("supervision", "Supervision", "title", "SUPERVISION_CREATE"),
  },
  {
    name: "登记线索 (lead)",
    user: "bureau",
    path: async () => "/leads/new",
    fields: async (m) => ({
      name: m,
      enterpriseName: "苏州测试精密制造有限公司",
      sourceRegion: "YANGTZE_DELTA",
      method: "PRECISION",
      industryId: await one("SELECT id FROM industry ORDER BY id LIMIT 1"),
      countyId: await one("SELECT id FROM county WHERE name = '榆次区'"),
      expectedAmount: "30,000",
      ownerId: "",
      firstContactOn: "2017-11-01",
      nextFollowUpOn: "",
      note: "",
    }),
    rows: (m) => count("SELECT count(*) AS n FROM lead WHERE name = $1", m),
    audits: auditOf("lead", "Lead", "name"),
  },
  {
    name: "登记企业 (enterprise)",
    user: "bureau",
    path: async () => "/enterprises/new",
    // a new valid credit code on each call (the code is unique)
    fields: async (m) => ({
      name: m,
      creditCode: makeCreditCode("91", "140702", randomUUID().replace(/-/g, "").slice(0, 9).toUpperCase()),
      countyId: await one("SELECT id FROM county WHERE name = '榆次区'"),
      originRegion: "",
      address: "",
    }),
    rows: (m) => count("SELECT count(*) AS n FROM enterprise WHERE name = $1", m),
    audits: auditOf("enterprise", "Enterprise", "name"),
  },
  {
    name: "新建项目 (project)",
    user: "bureau",
    path: async () => "/projects/new",
    fields: async (m) => ({
      name: m,
      countyId: await one("SELECT id FROM county WHERE name = '榆次区'"),
      industryId: await one("SELECT id FROM industry ORDER BY id LIMIT 1"),
      origin: "ATTRACTION",
      totalInvestment: "50000",
      planYear: "2017",
      enterpriseMode: "none",
      officialIds: await one("SELECT id FROM official WHERE level = 'CITY' ORDER BY id LIMIT 1"),
    }),
    rows: (m) => count("SELECT count(*) AS n FROM project WHERE name = $1", m),
    audits: auditOf("project", "Project", "name"),
  },
  {
    name: "新建用户 (user account; the answer is the page with the one-time password)",
    user: "sysadmin",
    path: async () => "/admin/users/new",
    status: 200,
    fields: async (m) => ({ username: `idem.${randomUUID().slice(0, 8)}.${++serial}`, displayName: m, role: "BUREAU" }),
    rows: (m) => count("SELECT count(*) AS n FROM app_user WHERE display_name = $1", m),
    audits: auditOf("app_user", "User", "display_name", "USER_CREATE"),
  },
  {
    name: "数据导入 (import job, multipart upload)",
    user: "bureau",
    path: async () => "/import",
    multipart: true,
    file: (m) => ({ field: "file", name: `${m}.csv`, bytes: new TextEncoder().encode("项目名称\n测试\n") }),
    fields: async () => ({ kind: "projects" }),
    rows: (m) => count("SELECT count(*) AS n FROM import_job WHERE file_name = $1", `${m}.csv`),
    audits: (m) => auditOf("import_job", "ImportJob", "file_name", "UPLOAD")(`${m}.csv`),
  },
  {
    name: "企业联系人 (enterprise contact, issue 15 §1)",
    user: "bureau",
    path: async () => `/enterprises/${await one("SELECT id FROM enterprise ORDER BY id LIMIT 1")}/contacts`,
    fields: async (m) => ({ intent: "add", name: m, title: "办公室主任", phone: "0354-3012345" }),
    rows: (m) => count("SELECT count(*) AS n FROM enterprise_contact WHERE name = $1", m),
    audits: auditOf("enterprise_contact", "EnterpriseContact", "name"),
  },
  {
    name: "走访企业 (a visit without a project, issue 15 §2)",
    user: "team01",
    path: async () =>
      `/enterprises/${await one(
        `SELECT e.id FROM enterprise e JOIN app_user u ON u.team_id = e.service_team_id
          WHERE u.username = 'team01' ORDER BY e.id LIMIT 1`,
      )}/visits`,
    fields: async (m) => ({ kind: "VISIT", occurredOn: "2017-10-01", people: "张三", content: m, followUpOn: "" }),
    rows: (m) => count("SELECT count(*) AS n FROM service_log WHERE content = $1 AND project_id IS NULL", m),
    audits: auditOf("service_log", "ServiceLog", "content"),
  },
  {
    name: "新增领办领导 (official, issue 15 §4)",
    user: "eic",
    path: async () => "/org/officials",
    fields: async (m) => ({ name: m, title: "副市长", level: "CITY", county: "" }),
    rows: (m) => count("SELECT count(*) AS n FROM official WHERE name = $1", m),
    audits: auditOf("official", "Official", "name"),
  },
  {
    name: "新增行业 (industry, issue 15 §4; code and name are unique, so each call differs in both)",
    user: "bureau",
    path: async () => "/org/industries",
    fields: async (m) => ({ code: `idem-${++serial}`, name: `${m}-${serial}` }),
    rows: (m) => count("SELECT count(*) AS n FROM industry WHERE name LIKE $1", `${m}-%`),
    audits: (m) =>
      count(
        `SELECT count(*) AS n FROM audit_event a JOIN industry t ON a.entity_id = t.id::text
          WHERE a.entity = 'Industry' AND a.action = 'CREATE' AND t.name LIKE $1`,
        `${m}-%`,
      ),
  },
  {
    name: "节假日调整 (holiday override)",
    user: "admin",
    path: async () => "/admin/sla",
    fields: async (m) => ({
      intent: "addHoliday",
      date: `2030-0${1 + Math.floor(serial / 28)}-${String(1 + (serial++ % 28)).padStart(2, "0")}`,
      isWorkday: "0",
      note: m,
    }),
    rows: (m) => count("SELECT count(*) AS n FROM holiday_override WHERE note = $1", m),
    audits: (m) =>
      count(
        "SELECT count(*) AS n FROM audit_event WHERE entity = 'HolidayOverride' AND action = 'CREATE' AND after->>'note' = $1",
        m,
      ),
  },
  {
    name: "新建重点专项 (programme, issue 18 §1; the name is unique, so each call differs)",
    user: "bureau",
    path: async () => "/programmes/new",
    fields: async (m) => ({ name: `${m}-${++serial}`, startsOn: "2017-01-01", endsOn: "", targetProjects: "10" }),
    rows: (m) => count("SELECT count(*) AS n FROM programme WHERE name LIKE $1", `${m}-%`),
    audits: (m) =>
      count(
        `SELECT count(*) AS n FROM audit_event a JOIN programme t ON a.entity_id = t.id::text
          WHERE a.entity = 'Programme' AND a.action = 'CREATE' AND t.name LIKE $1`,
        `${m}-%`,
      ),
  },
  {
    name: "专项资金申请 (fund application, issue 18 §2, multipart)",
    user: "bureau",
    path: async () => `/funds/${await one("SELECT id FROM fund WHERE code = 'TRANSFORM'")}`,
    multipart: true,
    fields: async (m) => ({
      intent: "apply",
      projectId: await one("SELECT id FROM project WHERE pool = 'ACTIVE' ORDER BY id LIMIT 1"),
      use: "INVESTMENT",
      requestedAmount: "10",
      purpose: m,
    }),
    rows: (m) => count("SELECT count(*) AS n FROM fund_application WHERE purpose = $1", m),
    audits: auditOf("fund_application", "FundApplication", "purpose", "FUND_APPLY"),
  },
  {
    name: "专项资金拨付 (disbursement of an approved commitment, issue 18 §2, multipart)",
    user: "bureau",
    path: async () => {
      const a = await sql.query(
        `SELECT a.id, a.fund_id FROM fund_application a JOIN project p ON p.id = a.project_id
          WHERE a.status = 'APPROVED' AND a.use <> 'GUARANTEE' AND p.code = 'ZX2017-030'`,
      );
      return `/funds/${a.rows[0].fund_id}/applications/${a.rows[0].id}`;
    },
    multipart: true,
    fields: async (m) => ({ intent: "disburse", paidOn: "2017-11-01", amount: "1", voucherNo: m, note: "" }),
    rows: (m) => count("SELECT count(*) AS n FROM fund_disbursement WHERE voucher_no = $1", m),
    audits: auditOf("fund_disbursement", "FundDisbursement", "voucher_no", "FUND_DISBURSE"),
  },
];

describe.each(CASES)("$name", (c) => {
  const ok = c.status ?? 302;

  it("the page's form carries a one-time token (server-rendered, before JavaScript)", async () => {
    const res = await fetch(app.url(await c.path()), { headers: { Cookie: cookies[c.user] }, redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<input type="hidden" name="createToken" value="[0-9a-f-]{36}"/);
  });
  const send = async (fields: Fields, marker: string) =>
    post(c.user, await c.path(), fields, c.multipart, c.file?.(marker));

  it("10 parallel identical posts → 1 row, 1 audit entry, the same answer to all", async () => {
    const marker = `并发${randomUUID().slice(0, 8)}`;
    const path = await c.path();
    const fields = { ...(await c.fields(marker)), createToken: randomUUID() };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(c.user, path, fields, c.multipart, c.file?.(marker))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(ok));
    expect(new Set(answers.map((a) => a.location)).size).toBe(1);
    expect(await c.rows(marker)).toBe(1);
    expect(await c.audits(marker)).toBe(1);
  });

  it("a new token makes a new row; a form without a token is refused in Chinese (400)", async () => {
    const marker = `再次${randomUUID().slice(0, 8)}`;
    expect((await send({ ...(await c.fields(marker)), createToken: randomUUID() }, marker)).status).toBe(ok);
    expect((await send({ ...(await c.fields(marker)), createToken: randomUUID() }, marker)).status).toBe(ok);
    expect(await c.rows(marker)).toBe(2);
    const bare = await send(await c.fields(marker), marker);
    expect(bare.status).toBe(400);
    expect(bare.text).toContain("页面已过期，请刷新页面后重新提交");
    expect(await c.rows(marker)).toBe(2);
  });

  it("the same token with other content (a stale page reused) is refused (409), not swallowed", async () => {
    const marker = `旧页${randomUUID().slice(0, 8)}`;
    const token = randomUUID();
    expect((await send({ ...(await c.fields(marker)), createToken: token }, marker)).status).toBe(ok);
    const other = `${marker}改`;
    const again = await send({ ...(await c.fields(other)), createToken: token }, other);
    expect(again.status).toBe(409);
    expect(again.text).toContain("该表单已经提交过");
    expect(await c.rows(other)).toBe(0);
  });
});

describe("once() on the real database (the helper alone)", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("ten parallel claims of one token: the create runs once, the other nine get its result", async () => {
    const { prisma } = await import("~/utils/db.server");
    const { CreateClaim, once } = await import("~/utils/createToken.server");
    const token = randomUUID();
    let runs = 0;
    const claims = Array.from({ length: 10 }, () => new CreateClaim(1, "Test", token, "same"));
    const results = await Promise.all(
      claims.map((claim) =>
        prisma.$transaction(
          (tx) =>
            once(tx, claim, async () => {
              runs++;
              await sleep(100); // hold the token while the others arrive
              return { id: 42, note: "第一次" };
            }),
          { maxWait: 20_000, timeout: 20_000 },
        ),
      ),
    );
    expect(runs).toBe(1);
    expect(results).toEqual(Array(10).fill({ id: 42, note: "第一次" }));
    expect(claims.filter((c) => c.replayed)).toHaveLength(9);
  });

  it("a create that fails frees its token; another user's same token is a claim of its own; no claim → no token", async () => {
    const { prisma } = await import("~/utils/db.server");
    const { CreateClaim, once } = await import("~/utils/createToken.server");
    const { Refusal } = await import("~/domain/refusal");
    const token = randomUUID();
    await expect(
      prisma.$transaction((tx) =>
        once(tx, new CreateClaim(1, "Test", token, "x"), async () => {
          throw Refusal.form("规则不允许");
        }),
      ),
    ).rejects.toThrow("规则不允许");
    expect(await count("SELECT count(*) AS n FROM create_token WHERE token = $1", token)).toBe(0);
    const again = new CreateClaim(1, "Test", token, "x");
    expect(await prisma.$transaction((tx) => once(tx, again, async () => 1))).toBe(1);
    const other = new CreateClaim(2, "Test", token, "x");
    expect(await prisma.$transaction((tx) => once(tx, other, async () => 2))).toBe(2);
    expect([again.replayed, other.replayed]).toEqual([false, false]);
    expect(await prisma.$transaction((tx) => once(tx, null, async () => 3))).toBe(3);
    expect(await count("SELECT count(*) AS n FROM create_token WHERE token = $1", token)).toBe(2);
  });

  it("tokens older than two days on the application clock are forgotten when a new one is claimed", async () => {
    const { prisma } = await import("~/utils/db.server");
    const { CreateClaim, once } = await import("~/utils/createToken.server");
    const { now } = await import("~/utils/clock.server");
    const old = randomUUID();
    const recent = randomUUID();
    await sql.query(
      `INSERT INTO create_token (user_id, purpose, token, fingerprint, result, created_at)
       VALUES (1, 'Test', $1, 'x', '{"value":1}', $3::timestamptz - interval '3 days'),
              (1, 'Test', $2, 'x', '{"value":1}', $3::timestamptz - interval '1 day')`,
      [old, recent, now()],
    );
    await prisma.$transaction((tx) => once(tx, new CreateClaim(1, "Test", randomUUID(), "x"), async () => 1));
    const left = await sql.query("SELECT token FROM create_token WHERE token IN ($1, $2)", [old, recent]);
    expect(left.rows.map((r) => r.token)).toEqual([recent]);
  });

  it("the same token with another fingerprint is a 409 refusal", async () => {
    const { prisma } = await import("~/utils/db.server");
    const { CreateClaim, once } = await import("~/utils/createToken.server");
    const token = randomUUID();
    await prisma.$transaction((tx) => once(tx, new CreateClaim(1, "Test", token, "a"), async () => 1));
    await expect(
      prisma.$transaction((tx) => once(tx, new CreateClaim(1, "Test", token, "b"), async () => 2)),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe("creates protected by a unique key instead of a token", () => {
  it("冻结月度通报: 10 parallel freezes of one month → 1 snapshot, 1 audit entry; the others a Chinese 409, no 500", async () => {
    const month = (
      await sql.query(
        `SELECT to_char(make_date(2017, m, 1), 'YYYY-MM') AS month FROM generate_series(1, 10) m
          WHERE NOT EXISTS (SELECT 1 FROM report_snapshot s WHERE s.year = 2017 AND s.month = m) ORDER BY m LIMIT 1`,
      )
    ).rows[0].month as string;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        post("bureau", `/reports/monthly?month=${month}`, { intent: "freeze", month, confirm: "on" }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([302, ...Array(9).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.text).toContain("不能重复冻结");
    const [y, m] = month.split("-").map(Number);
    expect(await count("SELECT count(*) AS n FROM report_snapshot WHERE year = $1 AND month = $2", y, m)).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_event WHERE action = 'FREEZE' AND (after->>'year')::int = $1 AND (after->>'month')::int = $2`,
        y,
        m,
      ),
    ).toBe(1);
  });
});
