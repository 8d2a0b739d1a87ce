// 专项资金 (issue 18 §2, docs/decisions/205): /funds shows the two 2亿 funds with budget, committed, disbursed and
// balance equal to independent SQL (balance = budget − Σ commitments); a county applies for its project with a
// document, the bureau reviews, approves and disburses, and the disbursement is the project's funding record (one
// transaction, linked both ways); an approval past the budget is refused, also when two are approved at once
// (exactly one succeeds); steps are version-checked, the disbursement idempotent, every write audited in Chinese;
// a county sees only its county's applications and cannot approve; the XLSX report's numbers equal SQL.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { auditActionLabel, auditEntityLabel } from "~/domain/auditLabels";
import { describeAuditChange } from "~/domain/auditText";
import {
  action as appAction,
  loader as appLoader,
} from "~/routes/_app.funds.$fundId_.applications.$applicationId/route";
import { action as fundAction, loader as fundLoader } from "~/routes/_app.funds.$fundId/route";
import { loader as fundsLoader } from "~/routes/_app.funds._index/route";
import { loader as fundingLoader } from "~/routes/_app.projects.$projectId_.funding/route";
import { loader as exportLoader } from "~/routes/resources.funds-export";
import { createProject, createUser } from "../support/factories";
import { postMultipart, requestAs, run } from "../support/requests";
import { countyId, queries, testSql, waitForLockWaiters } from "../support/sql";
import { readXlsx } from "../support/spreadsheets";

const sql = testSql();
const { one, rows, count } = queries(sql);
const args = { context: {} };

let ppp: number;
let transform: number;
let yuci: number;
let countyUser: string;
let otherCounty: string;
let project: number;

beforeAll(async () => {
  ppp = (await one(`SELECT id FROM fund WHERE code = 'PPP'`)).id;
  transform = (await one(`SELECT id FROM fund WHERE code = 'TRANSFORM'`)).id;
  yuci = await countyId(sql, "榆次区");
  countyUser = (await createUser(sql, "COUNTY", { countyId: yuci })).username;
  otherCounty = (await createUser(sql, "COUNTY", { countyId: await countyId(sql, "平遥县") })).username;
  project = (await createProject(sql, { countyId: yuci, name: "资金测试·榆次智能装备产业园" })).id;
});

/** The year's totals of a fund from the raw rows. */
async function sqlTotals(fundId: number) {
  return one(
    `SELECT b.amount AS budget,
            (SELECT coalesce(sum(approved_amount), 0)::int FROM fund_application
              WHERE fund_id = $1 AND year = 2017 AND status = 'APPROVED') AS committed,
            (SELECT coalesce(sum(d.amount), 0)::int FROM fund_disbursement d JOIN fund_application a ON a.id = d.application_id
              WHERE a.fund_id = $1 AND a.year = 2017) AS disbursed
       FROM fund_budget b WHERE b.fund_id = $1 AND b.year = 2017`,
    [fundId],
  );
}

type FundRow = { id: number; name: string; budget: number; committed: number; disbursed: number; balance: number };

async function fundsPage(user = "bureau") {
  const r = await run(async () => fundsLoader({ request: await requestAs(user, "/funds"), params: {}, ...args }));
  expect(r.status).toBe(200);
  return (r.data as { funds: FundRow[] }).funds;
}

async function postFund(user: string, fundId: number, fields: Record<string, string>, file?: { name: string }) {
  const request = await postMultipart(
    user,
    `/funds/${fundId}`,
    fields,
    file
      ? {
          field: "attachments",
          name: file.name,
          type: "application/pdf",
          bytes: new TextEncoder().encode("%PDF-1.4 申请书"),
        }
      : undefined,
  );
  return run(async () => fundAction({ request, params: { fundId: String(fundId) }, ...args }));
}

async function postApp(user: string, fundId: number, id: number, fields: Record<string, string>) {
  const request = await postMultipart(user, `/funds/${fundId}/applications/${id}`, fields);
  return run(async () =>
    appAction({ request, params: { fundId: String(fundId), applicationId: String(id) }, ...args }),
  );
}

async function apply(user: string, fundId: number, fields: Record<string, string>) {
  const r = await postFund(user, fundId, { intent: "apply", ...fields }, { name: "项目申请书.pdf" });
  expect(r.status, JSON.stringify(r.data)).toBe(302);
  return Number(r.response!.headers.get("Location")!.split("/").pop());
}

const version = async (id: number) =>
  String((await one(`SELECT version FROM fund_application WHERE id = $1`, [id])).version);

async function reviewAndApprove(fundId: number, id: number, amount: string, user = "bureau") {
  expect(
    (await postApp(user, fundId, id, { intent: "review", outcome: "pass", version: await version(id) })).status,
  ).toBe(302);
  return postApp(user, fundId, id, {
    intent: "approve",
    version: await version(id),
    approvedAmount: amount,
    approvedOn: "2017-11-20",
    approvalNo: `晋中财建〔2017〕${id}号`,
  });
}

describe("专项资金", () => {
  it("/funds shows the two 2亿 funds; budget, committed, disbursed and balance equal independent SQL", async () => {
    const funds = await fundsPage();
    expect(funds.map((f) => f.name)).toEqual(["PPP专项资金", "促转型增动能投资基金和担保资金"]);
    for (const f of funds) {
      const want = await sqlTotals(f.id);
      expect(f.budget).toBe(20000);
      expect({ budget: f.budget, committed: f.committed, disbursed: f.disbursed }).toEqual(want);
      expect(f.balance).toBe(want.budget - want.committed);
      expect(f.committed).toBeGreaterThan(0);
      expect(f.disbursed).toBeGreaterThan(0);
    }
    // a county reads the same city totals
    expect((await fundsPage(countyUser)).map((f) => f.balance)).toEqual(funds.map((f) => f.balance));
  });

  it("apply → review → approve → disburse: the balance falls and the project's funding record links to the disbursement", async () => {
    const before = await sqlTotals(ppp);
    const id = await apply(countyUser, ppp, {
      projectId: String(project),
      use: "PPP_GUIDANCE",
      requestedAmount: "1,200",
      purpose: "园区PPP项目实施方案编制",
    });
    const app = await one(
      `SELECT status, year, requested_amount, submitted_on::text AS d FROM fund_application WHERE id = $1`,
      [id],
    );
    expect(app).toEqual({ status: "SUBMITTED", year: 2017, requested_amount: 1200, d: "2017-11-20" });
    expect(await rows(`SELECT file_name FROM attachment WHERE fund_application_id = $1`, [id])).toEqual([
      { file_name: "项目申请书.pdf" },
    ]);
    // the county may not approve its own application
    const refused = await postApp(countyUser, ppp, id, {
      intent: "review",
      outcome: "pass",
      version: await version(id),
    });
    expect(refused.status).toBe(403);

    expect((await reviewAndApprove(ppp, id, "1000")).status).toBe(302);
    const after = await sqlTotals(ppp);
    expect(after.committed).toBe(before.committed + 1000);
    const f = (await fundsPage()).find((x) => x.id === ppp)!;
    expect(f.balance).toBe(after.budget - after.committed);

    const paid = await postApp("bureau", ppp, id, {
      intent: "disburse",
      paidOn: "2017-11-20",
      amount: "600",
      voucherNo: "JZCZ-PPP-2017-T01",
      fundingRecordId: "",
      note: "",
    });
    expect(paid.status, JSON.stringify(paid.data)).toBe(302);
    const d = await one(
      `SELECT d.amount, d.voucher_no, r.project_id, r.amount AS recorded, r.source, r.received_on::text AS on
         FROM fund_disbursement d JOIN funding_record r ON r.id = d.funding_record_id WHERE d.application_id = $1`,
      [id],
    );
    expect(d).toEqual({
      amount: 600,
      voucher_no: "JZCZ-PPP-2017-T01",
      project_id: project,
      recorded: 600,
      source: "PPP专项资金",
      on: "2017-11-20",
    });
    expect((await sqlTotals(ppp)).disbursed).toBe(before.disbursed + 600);
    // more than is left of the commitment is refused next to the amount
    const over = await postApp("bureau", ppp, id, {
      intent: "disburse",
      paidOn: "2017-11-20",
      amount: "500",
      voucherNo: "JZCZ-PPP-2017-T02",
    });
    expect(over.status).toBe(400);
    expect((over.data as { fieldErrors: Record<string, string> }).fieldErrors.amount).toContain("可拨付 400万元");

    // the project's 资金到位 page links the record to its disbursement
    const funding = await run(async () =>
      fundingLoader({
        request: await requestAs(countyUser, `/projects/${project}/funding`),
        params: { projectId: String(project) },
        ...args,
      }),
    );
    const linked = (funding.data as { rows: { amount: number; fund: { href: string; voucherNo: string } | null }[] })
      .rows;
    expect(linked.find((r) => r.fund)).toMatchObject({
      amount: 600,
      fund: { href: `/funds/${ppp}/applications/${id}`, voucherNo: "JZCZ-PPP-2017-T01" },
    });

    // every write audited with Chinese labels
    const audits = await rows(
      `SELECT action, entity, before, after FROM audit_event
        WHERE (entity = 'FundApplication' AND entity_id = $1) OR (entity = 'FundDisbursement' AND after->>'applicationId' = $1)
        ORDER BY id`,
      [String(id)],
    );
    expect(audits.map((a) => `${auditActionLabel(a.action)}·${auditEntityLabel(a.entity)}`)).toEqual([
      "申请专项资金·资金申请",
      "上传附件·资金申请",
      "审核通过资金申请·资金申请",
      "批复专项资金·资金申请",
      "拨付专项资金·资金拨付",
    ]);
    expect(describeAuditChange(audits[0])).toContain("资金用途：项目引导");
    expect(describeAuditChange(audits[3])).toContain("批复金额：1,000万元");
    expect(describeAuditChange(audits[4])).toContain("拨付凭证号：JZCZ-PPP-2017-T01");
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_event WHERE entity = 'FundingRecord' AND after->>'source' = 'PPP专项资金' AND after->>'note' LIKE '%JZCZ-PPP-2017-T01%'`,
      ),
    ).toBe(1);
  });

  it("a disbursement links an existing funding record of the same amount instead of adding one; a repeat post adds nothing", async () => {
    const p = (await createProject(sql, { countyId: yuci })).id;
    const id = await apply("bureau", ppp, {
      projectId: String(p),
      use: "PPP_AWARD",
      requestedAmount: "300",
      purpose: "示范奖补",
    });
    expect((await reviewAndApprove(ppp, id, "300")).status).toBe(302);
    const rec = await one(
      `INSERT INTO funding_record (project_id, received_on, amount, source) VALUES ($1, '2017-11-20', 300, 'PPP专项资金') RETURNING id`,
      [p],
    );
    const records = await count(`SELECT count(*) AS n FROM funding_record WHERE project_id = $1`, [p]);
    const fields = {
      intent: "disburse",
      paidOn: "2017-11-20",
      amount: "300",
      voucherNo: "JZCZ-PPP-2017-T03",
      fundingRecordId: String(rec.id),
      createToken: "same-token-twice",
    };
    const [a, b] = await Promise.all([postApp("bureau", ppp, id, fields), postApp("bureau", ppp, id, fields)]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(await rows(`SELECT funding_record_id FROM fund_disbursement WHERE application_id = $1`, [id])).toEqual([
      { funding_record_id: rec.id },
    ]);
    expect(await count(`SELECT count(*) AS n FROM funding_record WHERE project_id = $1`, [p])).toBe(records);
  });

  it("an approval past the year's budget is refused and changes nothing", async () => {
    const { budget, committed } = await sqlTotals(transform);
    const balance = budget - committed;
    const id = await apply(countyUser, transform, {
      projectId: String(project),
      use: "INVESTMENT",
      requestedAmount: String(balance + 500),
      purpose: "智能装备产业园股权投资",
    });
    const r = await reviewAndApprove(transform, id, String(balance + 1));
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors.approvedAmount).toContain(
      `余额 ${balance.toLocaleString("en-US")}万元`,
    );
    expect((await one(`SELECT status FROM fund_application WHERE id = $1`, [id])).status).toBe("REVIEWED");
    expect((await sqlTotals(transform)).committed).toBe(committed);
    // what fits is approved
    expect(
      (
        await postApp("bureau", transform, id, {
          intent: "approve",
          version: await version(id),
          approvedAmount: String(balance),
          approvedOn: "2017-11-20",
          approvalNo: "晋中经信投〔2017〕99号",
        })
      ).status,
    ).toBe(302);
    expect((await fundsPage()).find((f) => f.id === transform)!.balance).toBe(0);
  });

  it("two approvals at once that fit only one by one: exactly one succeeds, Σ commitments stays within the budget", async () => {
    const fund = (
      await one(
        `WITH f AS (INSERT INTO fund (code, name, source) VALUES ('T-CONC', '并发测试资金', '并发测试资金') RETURNING id)
         INSERT INTO fund_budget (fund_id, year, amount) SELECT id, 2017, 1000 FROM f RETURNING fund_id`,
      )
    ).fund_id;
    const ids: number[] = [];
    for (let i = 0; i < 2; i++)
      ids.push(
        (
          await one(
            `INSERT INTO fund_application (fund_id, project_id, year, use, requested_amount, purpose, status, submitted_on, reviewed_on)
             VALUES ($1, $2, 2017, 'INVESTMENT', 600, '并发测试', 'REVIEWED', '2017-11-01', '2017-11-02') RETURNING id`,
            [fund, project],
          )
        ).id,
      );
    // hold the budget row so that both approvals are in flight, queued on it, before either can add up
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT amount FROM fund_budget WHERE fund_id = $1 AND year = 2017 FOR UPDATE", [fund]);
    const pending = Promise.all(
      ids.map((id, k) =>
        postApp(k ? "eic" : "bureau", fund, id, {
          intent: "approve",
          version: "1",
          approvedAmount: "600",
          approvedOn: "2017-11-20",
          approvalNo: `并发〔2017〕${id}号`,
        }),
      ),
    );
    await waitForLockWaiters(2);
    await holder.query("COMMIT");
    await holder.end();
    const results = await pending;
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
    const refusedOne = results.find((r) => r.status === 400)!;
    expect((refusedOne.data as { fieldErrors: Record<string, string> }).fieldErrors.approvedAmount).toContain(
      "超出 2017 年度预算",
    );
    expect(
      await one(
        `SELECT count(*)::int AS n, sum(approved_amount)::int AS s FROM fund_application WHERE fund_id = $1 AND status = 'APPROVED'`,
        [fund],
      ),
    ).toEqual({ n: 1, s: 600 });
  });

  it("steps are version-checked; refusing needs a note; bad input gets Chinese field errors", async () => {
    const id = await apply(countyUser, ppp, {
      projectId: String(project),
      use: "PPP_EQUITY",
      requestedAmount: "100",
      purpose: "股权投入",
    });
    const stale = await postApp("eic", ppp, id, { intent: "review", outcome: "pass", version: "99" });
    expect(stale.status).toBe(409);
    const noNote = await postApp("eic", ppp, id, { intent: "review", outcome: "reject", version: await version(id) });
    expect(noNote.status).toBe(400);
    expect((noNote.data as { fieldErrors: Record<string, string> }).fieldErrors.reviewNote).toBe(
      "不予支持须填写审核意见",
    );
    const empty = await postFund(countyUser, ppp, { intent: "apply" });
    expect(empty.status).toBe(400);
    expect((empty.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      projectId: "请选择申请项目",
      use: "请选择资金用途",
      requestedAmount: "请填写申请金额（万元）",
      purpose: "请填写资金用途说明",
    });
    // a use of the other fund
    const wrongUse = await postFund(countyUser, ppp, {
      intent: "apply",
      projectId: String(project),
      use: "GUARANTEE",
      requestedAmount: "10",
      purpose: "x",
    });
    expect((wrongUse.data as { fieldErrors: Record<string, string> }).fieldErrors.use).toBe("该资金没有这种用途");
    // another county's project is not the applicant's
    const foreign = await postFund(otherCounty, ppp, {
      intent: "apply",
      projectId: String(project),
      use: "PPP_EQUITY",
      requestedAmount: "10",
      purpose: "x",
    });
    expect(foreign.status).toBe(404);
  });

  it("a county sees its county's applications only; another county gets 404 on the application", async () => {
    const [mine] = await rows(
      `SELECT id FROM fund_application WHERE project_id = $1 AND fund_id = $2 ORDER BY id LIMIT 1`,
      [project, ppp],
    );
    const own = await run(async () =>
      appLoader({
        request: await requestAs(countyUser, `/funds/${ppp}/applications/${mine.id}`),
        params: { fundId: String(ppp), applicationId: String(mine.id) },
        ...args,
      }),
    );
    expect(own.status).toBe(200);
    const other = await run(async () =>
      appLoader({
        request: await requestAs(otherCounty, `/funds/${ppp}/applications/${mine.id}`),
        params: { fundId: String(ppp), applicationId: String(mine.id) },
        ...args,
      }),
    );
    expect(other.status).toBe(404);
    const page = await run(async () =>
      fundLoader({ request: await requestAs(countyUser, `/funds/${ppp}`), params: { fundId: String(ppp) }, ...args }),
    );
    const listed = (page.data as { fund: { applications: { id: number }[] } }).fund.applications
      .map((a) => a.id)
      .sort((a, b) => a - b);
    const want = (
      await rows(
        `SELECT a.id FROM fund_application a JOIN project p ON p.id = a.project_id WHERE a.fund_id = $1 AND a.year = 2017 AND p.county_id = $2 ORDER BY a.id`,
        [ppp, yuci],
      )
    ).map((r) => r.id);
    expect(listed).toEqual(want);
  });

  it("the XLSX report: by fund equals independent SQL, by county and by use add up to the fund's totals", async () => {
    const r = await run(async () =>
      exportLoader({ request: await requestAs("leader", "/resources/funds-export?year=2017"), params: {}, ...args }),
    );
    expect(r.status).toBe(200);
    const book = await readXlsx(await r.response!.arrayBuffer());
    expect(Object.keys(book)).toEqual(["按资金", "按县区", "按用途", "按重点专项", "申请明细"]);
    for (const row of book["按资金"].slice(1)) {
      const id = (await one(`SELECT id FROM fund WHERE name = $1`, [row[0]])).id;
      const want = await sqlTotals(id);
      expect(row.slice(2, 6)).toEqual([want.budget, want.committed, want.disbursed, want.budget - want.committed]);
      for (const sheet of ["按县区", "按用途"]) {
        const mine = book[sheet].slice(1).filter((x) => x[sheet === "按县区" ? 1 : 0] === row[0]);
        expect(
          mine.reduce((s, x) => s + Number(x[4]), 0),
          sheet,
        ).toBe(want.committed);
        expect(
          mine.reduce((s, x) => s + Number(x[5]), 0),
          sheet,
        ).toBe(want.disbursed);
      }
    }
    // by programme: each programme's member projects' applications
    const byProgramme = await rows(
      `SELECT g.name, f.name AS fund, coalesce(sum(a.approved_amount) FILTER (WHERE a.status = 'APPROVED'), 0)::int AS committed
         FROM fund_application a JOIN fund f ON f.id = a.fund_id JOIN programme_project pp ON pp.project_id = a.project_id
         JOIN programme g ON g.id = pp.programme_id WHERE a.year = 2017 GROUP BY g.id, g.name, f.id, f.name ORDER BY g.id, f.id`,
    );
    expect(book["按重点专项"].slice(1).map((x) => [x[0], x[1], x[4]])).toEqual(
      byProgramme.map((x) => [x.name, x.fund, x.committed]),
    );
    expect(byProgramme.length).toBeGreaterThan(0);
    expect(book["申请明细"].length - 1).toBe(
      await count(`SELECT count(*) AS n FROM fund_application WHERE year = 2017`),
    );
    const county = await run(async () =>
      exportLoader({ request: await requestAs(countyUser, "/resources/funds-export"), params: {}, ...args }),
    );
    expect(county.status).toBe(403);
  });

  it("the budget is set version-checked and never below what is committed", async () => {
    const { committed } = await sqlTotals(ppp);
    const v = String((await one(`SELECT version FROM fund_budget WHERE fund_id = $1 AND year = 2017`, [ppp])).version);
    const low = await postFund("bureau", ppp, {
      intent: "budget",
      year: "2017",
      amount: String(committed - 1),
      version: v,
    });
    expect(low.status).toBe(400);
    expect((low.data as { fieldErrors: Record<string, string> }).fieldErrors.amount).toContain("不能低于已批复");
    const stale = await postFund("bureau", ppp, { intent: "budget", year: "2017", amount: "25000", version: "0" });
    expect(stale.status).toBe(409);
    expect((await postFund("eic", ppp, { intent: "budget", year: "2018", amount: "20000", version: "0" })).status).toBe(
      302,
    );
    expect(
      (await postFund(countyUser, ppp, { intent: "budget", year: "2019", amount: "1", version: "0" })).status,
    ).toBe(403);
    expect(await one(`SELECT amount FROM fund_budget WHERE fund_id = $1 AND year = 2018`, [ppp])).toEqual({
      amount: 20000,
    });
  });
});
