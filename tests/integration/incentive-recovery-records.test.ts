// 追回登记 (decisions 274–275): on an incentive flagged for 追回 the county (its own) and the bureau record what came
// back — several parts, dated by today, together never more than was paid (refused next to the field), a double
// submit of one token making one row, edits version-checked, each write audited in Chinese; another county gets 404,
// a leader 403, an incentive not flagged 409. The 追回清单's 应追回 / 已追回 / 未追回 per row and in total equal
// independent SQL, per role, and its 追回情况 filter picks the rows SQL says.
import { beforeAll, describe, expect, it } from "vitest";
import { auditActionLabel, auditEntityLabel } from "~/domain/auditLabels";
import { describeAuditChange } from "~/domain/auditText";
import { loader as recoveryLoader } from "~/routes/_app.incentives.recovery/route";
import { action, loader } from "~/routes/_app.projects.$projectId_.incentives_.$incentiveId/route";
import { createProject, createUser } from "../support/factories";
import { postForm, requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows, count } = queries(sql);
let project: number;
let incentive: number;
let unflagged: number;
let county: string;
let other: string;
let yuci: number;

beforeAll(async () => {
  yuci = await countyId(sql, "榆次区");
  county = (await createUser(sql, "COUNTY", { countyId: yuci })).username;
  other = (await createUser(sql, "COUNTY", { countyId: await countyId(sql, "太谷县") })).username;
  project = (
    await createProject(sql, {
      countyId: yuci,
      name: "追回登记测试项目",
      pool: "WITHDRAWN",
      milestones: { SIGNED: { actual: "2017-03-01" } },
    })
  ).id;
  const add = async (content: string, paid: number) => {
    const id = (
      await one(
        `INSERT INTO project_incentive (project_id, kind, content, amount) VALUES ($1, '奖补', $2, 500) RETURNING id`,
        [project, content],
      )
    ).id as number;
    if (paid)
      await sql.query(
        `INSERT INTO incentive_payment (incentive_id, paid_on, amount, voucher_no) VALUES ($1, '2017-04-01', $2, 'ZH-T-1')`,
        [id, paid],
      );
    return id;
  };
  incentive = await add("固定资产投资奖补（已预拨 300万元）", 300);
  unflagged = await add("尚未兑现的奖补", 0);
});

const url = (id = incentive) => `/projects/${project}/incentives/${id}`;
const post = async (user: string, fields: Record<string, string>, id = incentive) =>
  run(async () =>
    action({
      request: await postForm(user, url(id), fields),
      params: { projectId: String(project), incentiveId: String(id) },
      context: {},
    }),
  );
const page = async (user: string) =>
  run(async () =>
    loader({
      request: await requestAs(user, url()),
      params: { projectId: String(project), incentiveId: String(incentive) },
      context: {},
    }),
  );
type List = {
  total: number;
  paid: number;
  recovered: number;
  outstanding: number;
  rows: { id: number; county: string; paid: number; recovered: number; outstanding: number; status: string }[];
};
const list = async (user: string, qs = "") =>
  (
    await run(async () =>
      recoveryLoader({ request: await requestAs(user, `/incentives/recovery${qs}`), params: {}, context: {} }),
    )
  ).data as List;
const fieldErrors = (r: { data: unknown }) => (r.data as { fieldErrors: Record<string, string> }).fieldErrors;

/** Independent SQL: Σ paid and Σ recovered of every incentive that has both a payment and a listed project. */
const SUMS = `
  SELECT i.id, p.county_id,
         (SELECT sum(amount) FROM incentive_payment x WHERE x.incentive_id = i.id)::int AS paid,
         COALESCE((SELECT sum(amount) FROM incentive_recovery r WHERE r.incentive_id = i.id), 0)::int AS recovered
    FROM project_incentive i JOIN project p ON p.id = i.project_id`;

describe("追回登记", () => {
  it("records parts up to what was paid; double submit = one row; over, future and unflagged refused; edits version-checked; audited", async () => {
    const first = {
      intent: "recover",
      recoveredOn: "2017-10-10",
      amount: "100",
      voucherNo: "YC-ZH-2017-001",
      note: "企业退回首笔",
      createToken: "recover-once-per-token-1",
    };
    const answers = await Promise.all([post(county, first), post(county, first), post(county, first)]);
    expect(answers.map((a) => a.status)).toEqual([302, 302, 302]);
    expect(await count(`SELECT count(*) AS n FROM incentive_recovery WHERE incentive_id = $1`, [incentive])).toBe(1);

    // 300 paid, 100 back: 201 more is refused next to the amount, in Chinese
    const over = await post(county, { intent: "recover", recoveredOn: "2017-11-01", amount: "201", voucherNo: "X-2" });
    expect(over.status).toBe(400);
    expect(fieldErrors(over).amount).toBe("超出已兑现金额：已兑现 300万元，已追回 100万元，最多还可追回 200万元");
    const future = await post(county, { intent: "recover", recoveredOn: "2099-01-01", amount: "1", voucherNo: "X-3" });
    expect(fieldErrors(future).recoveredOn).toContain("追回日期不能晚于今天");
    const early = await post(county, { intent: "recover", recoveredOn: "2017-03-01", amount: "1", voucherNo: "X-4" });
    expect(fieldErrors(early).recoveredOn).toBe("追回日期不能早于首次兑现日期（2017-04-01）");
    const bad = await post(county, { intent: "recover", recoveredOn: "", amount: "1.5", voucherNo: "" });
    expect(fieldErrors(bad)).toMatchObject({ recoveredOn: "请填写追回日期", voucherNo: "请填写追回凭证号" });
    expect(fieldErrors(bad).amount).toBeTruthy();
    // the bureau records a second part (any county's); exactly the rest is allowed
    expect(
      (
        await post("bureau", {
          intent: "recover",
          recoveredOn: "2017-11-15",
          amount: "150",
          voucherNo: "YC-ZH-2017-002",
        })
      ).status,
    ).toBe(302);
    expect(await count(`SELECT count(*) AS n FROM incentive_recovery WHERE incentive_id = $1`, [incentive])).toBe(2);
    // an incentive the rule does not flag (nothing paid) takes no recovery
    const notFlagged = await post(
      county,
      { intent: "recover", recoveredOn: "2017-11-01", amount: "1", voucherNo: "X-5" },
      unflagged,
    );
    expect(notFlagged.status).toBe(409);
    expect((notFlagged.data as { formError: string }).formError).toContain("不在追回清单上");

    // the page: 应追回 300, 已追回 250
    const f = ((await page(county)).data as { f: { paid: number; recovered: number; recoveries: unknown[] } }).f;
    expect(f).toMatchObject({ paid: 300, recovered: 250 });
    expect(f.recoveries).toHaveLength(2);

    // edit: within the total (the row's own amount does not count against itself), then a stale version → 409
    const row = await one(`SELECT id, version FROM incentive_recovery WHERE voucher_no = 'YC-ZH-2017-001'`);
    const edit = (amount: string, version: string) =>
      post(county, {
        intent: "recoverEdit",
        recoveryId: String(row.id),
        version,
        recoveredOn: "2017-10-12",
        amount,
        voucherNo: "YC-ZH-2017-001",
        note: "更正金额",
      });
    expect(fieldErrors(await edit("151", String(row.version))).amount).toContain("最多还可追回 150万元");
    expect((await edit("150", String(row.version))).status).toBe(302);
    expect((await edit("120", String(row.version))).status).toBe(409);
    expect(
      await one(`SELECT amount, to_char(recovered_on, 'YYYY-MM-DD') AS d FROM incentive_recovery WHERE id = $1`, [
        row.id,
      ]),
    ).toEqual({ amount: 150, d: "2017-10-12" });

    const audits = await rows(
      `SELECT action, entity, before, after FROM audit_event WHERE entity = 'IncentiveRecovery'
          AND entity_id IN (SELECT id::text FROM incentive_recovery WHERE incentive_id = $1) ORDER BY id`,
      [incentive],
    );
    expect(audits.map((x) => `${auditActionLabel(x.action)}·${auditEntityLabel(x.entity)}`)).toEqual([
      "登记优惠追回·优惠追回",
      "登记优惠追回·优惠追回",
      "修改优惠追回·优惠追回",
    ]);
    expect(describeAuditChange(audits[0])).toContain("追回凭证号：YC-ZH-2017-001");
    expect(describeAuditChange(audits[2])).toContain("金额：100万元 → 150万元");
  });

  it("another county gets 404, a leader and a team may not record; the list per role = independent SQL", async () => {
    const fields = { intent: "recover", recoveredOn: "2017-11-01", amount: "1", voucherNo: "X-6" };
    expect((await post(other, fields)).status).toBe(404);
    expect((await post("leader", fields)).status).toBe(403);
    expect([403, 404]).toContain((await post("team01", fields)).status);
    expect(await count(`SELECT count(*) AS n FROM incentive_recovery WHERE voucher_no = 'X-6'`)).toBe(0);

    const bureau = await list("bureau", "?size=100");
    const listed = bureau.rows.map((r) => r.id);
    const sums = await rows(`${SUMS} WHERE i.id = ANY($1::int[])`, [listed]);
    expect(bureau.paid).toBe(sums.reduce((s, r) => s + r.paid, 0));
    expect(bureau.recovered).toBe(sums.reduce((s, r) => s + r.recovered, 0));
    expect(bureau.outstanding).toBe(sums.reduce((s, r) => s + r.paid - r.recovered, 0));
    for (const r of bureau.rows) {
      const s = sums.find((x) => x.id === r.id)!;
      expect([r.paid, r.recovered, r.outstanding]).toEqual([s.paid, s.recovered, s.paid - s.recovered]);
    }
    // the seed's partial recoveries and this file's incentive are there
    expect(bureau.rows.find((r) => r.id === incentive)).toMatchObject({ recovered: 300, status: "done" });
    expect(bureau.rows.filter((r) => r.status === "partial").length).toBeGreaterThanOrEqual(2);

    // a county: its own only, totals = SQL over its own
    const own = await list(county, "?size=100");
    expect(new Set(own.rows.map((r) => r.county))).toEqual(new Set(["榆次区"]));
    const ownSums = await rows(`${SUMS} WHERE i.id = ANY($1::int[]) AND p.county_id = $2`, [listed, yuci]);
    expect(own.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ownSums.map((r) => r.id).sort((a, b) => a - b));
    expect(own.recovered).toBe(ownSums.reduce((s, r) => s + r.recovered, 0));
    expect((await list(other, "?size=100")).rows.some((r) => r.id === incentive)).toBe(false);

    // 追回情况: each filter = the rows SQL puts there; a bad value shows all
    const expected = {
      done: sums.filter((s) => s.recovered >= s.paid),
      partial: sums.filter((s) => s.recovered > 0 && s.recovered < s.paid),
      none: sums.filter((s) => s.recovered === 0),
    };
    for (const [status, want] of Object.entries(expected)) {
      const got = await list("bureau", `?size=100&status=${status}`);
      expect(
        got.rows.map((r) => r.id).sort((a, b) => a - b),
        status,
      ).toEqual(want.map((r) => r.id).sort((a, b) => a - b));
      expect(got.outstanding).toBe(want.reduce((s, r) => s + r.paid - r.recovered, 0));
    }
    expect((await list("bureau", "?size=100&status=x")).total).toBe(bureau.total);
  });
});
