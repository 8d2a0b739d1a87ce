// 要素保障 — land (issue 18 §4, decisions 220–222): a county records land supplied to its project with a 出让金
// schedule that must add up to the price (refused otherwise, nothing written); an instalment past due shows on the
// county's and the service team's week list and is notified once; /land shows each county's 用地指标 against
// the area supplied (= independent SQL), a county only its own; the bureau sets quotas (audited), a county cannot;
// another county gets 404, an enterprise 403.
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { auditActionLabel, auditEntityLabel } from "~/domain/auditLabels";
import { describeAuditChange } from "~/domain/auditText";
import { runReminderSweep } from "~/jobs/reminderSweep.server";
import { myWork } from "~/models/myWork.server";
import { formatCell, reportTables, type MonthlyReport, type ReportLand } from "~/domain/monthlyReport";
import { action as monthlyAction, loader as monthlyLoader } from "~/routes/_app.reports.monthly/route";
import { action as landAction, loader as landLoader } from "~/routes/_app.land/route";
import { action, loader } from "~/routes/_app.projects.$projectId_.land/route";
import { prisma } from "~/utils/db.server";
import { today as clockToday } from "~/utils/clock.server";
import { addDays } from "~/domain/dates";
import { createEnterprise, createProject, createUser, teamNo } from "../support/factories";
import { postForm, requestAs, run, viewerFor } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows, count } = queries(sql);
const args = { context: {} };
let yuci: number;
let project: number;
let team: number;
let county: string;
let teamUser: string;
let other: string;
let enterpriseUser: string;
let today: string;

beforeAll(async () => {
  today = clockToday();
  yuci = await countyId(sql, "榆次区");
  team = await teamNo(sql, 1);
  const ent = await createEnterprise(sql, { countyId: yuci });
  county = (await createUser(sql, "COUNTY", { countyId: yuci })).username;
  teamUser = (await createUser(sql, "TEAM", { teamId: team })).username;
  other = (await createUser(sql, "COUNTY", { countyId: await countyId(sql, "太谷县") })).username;
  enterpriseUser = (await createUser(sql, "ENTERPRISE", { enterpriseId: ent.id })).username;
  project = (
    await createProject(sql, {
      countyId: yuci,
      serviceTeamId: team,
      enterpriseId: ent.id,
      milestones: { SIGNED: { actual: "2017-03-01" } },
    })
  ).id;
});

/** Posts a form to a route's action as `user`, the way the page does; `{ status, data }` as `run` gives them. */
const submitTo = async (
  act: (a: ActionFunctionArgs) => Promise<unknown>,
  user: string,
  path: string,
  fields: Record<string, string>,
  params: Record<string, string> = {},
) => run(async () => act({ request: await postForm(user, path, fields), params, ...args }));
const post = async (user: string, fields: Record<string, string>) =>
  submitTo(action, user, `/projects/${project}/land`, fields, { projectId: String(project) });
const page = async (user: string) =>
  run(async () =>
    loader({
      request: await requestAs(user, `/projects/${project}/land`),
      params: { projectId: String(project) },
      ...args,
    }),
  );
const errorsOf = (r: { data: unknown }) => (r.data as { fieldErrors: Record<string, string> }).fieldErrors;

describe("a project's land records and 出让金 schedule", () => {
  it("refuses bad input next to the field, in Chinese, and writes nothing", async () => {
    const before = await count(`SELECT count(*) AS n FROM land_supply WHERE project_id = $1`, [project]);
    const flexible = await post(county, {
      method: "FLEXIBLE",
      location: "榆次区工业园",
      area: "0",
      suppliedOn: "2017-06-01",
    });
    expect(flexible.status).toBe(400);
    expect(errorsOf(flexible)).toMatchObject({
      years: "弹性出让须填写出让年限（1–50 年）",
      area: "面积须大于 0（亩）",
    });
    const tooLong = await post(county, {
      method: "FLEXIBLE",
      years: "60",
      location: "榆次区工业园",
      area: "10",
      suppliedOn: "2017-06-01",
    });
    expect(errorsOf(tooLong).years).toBe("弹性出让年限须在 1–50 年之间");
    // the schedule must add up to the 出让金
    const mismatch = await post(county, {
      method: "TRANSFER",
      location: "榆次区工业园",
      area: "10",
      price: "1000",
      suppliedOn: "2017-06-01",
      due1: "2017-07-01",
      amt1: "500",
      due2: "2017-12-01",
      amt2: "400",
    });
    expect(mismatch.status).toBe(400);
    expect(errorsOf(mismatch).schedule).toBe("各期应缴金额合计 900万元，须等于出让金 1,000万元");
    const future = await post(county, {
      method: "LEASE",
      location: "榆次区",
      area: "1",
      suppliedOn: addDays(today, 1),
    });
    expect(errorsOf(future).suppliedOn).toContain("供地日期不能晚于今天");
    expect(await count(`SELECT count(*) AS n FROM land_supply WHERE project_id = $1`, [project])).toBe(before);
  });

  it("records 弹性出让 30 年 with two instalments; the past-due one is on the county's and team's week list", async () => {
    const r = await post(county, {
      method: "FLEXIBLE",
      years: "30",
      location: "榆次区修文工业园A-12地块",
      parcelNo: "晋中榆次2017-012",
      area: "52.35",
      price: "1800",
      suppliedOn: "2017-05-10",
      due1: "2017-06-10",
      amt1: "900",
      paidOn1: "2017-06-08",
      paid1: "900",
      due2: addDays(today, -3),
      amt2: "900",
    });
    expect(r.status).toBe(302);
    const land = await one(
      `SELECT id, method, years, area::text AS area, price FROM land_supply WHERE project_id = $1 AND parcel_no = '晋中榆次2017-012'`,
      [project],
    );
    expect(land).toMatchObject({ method: "FLEXIBLE", years: 30, area: "52.35", price: 1800 });
    const inst = await rows(
      `SELECT id, seq, amount, paid_amount FROM land_instalment WHERE land_supply_id = $1 ORDER BY seq`,
      [land.id],
    );
    expect(inst.map((i) => [i.seq, i.amount, i.paid_amount])).toEqual([
      [1, 900, 900],
      [2, 900, null],
    ]);
    const overdueId = inst[1].id as number;

    // the page reads it back with the state of each instalment
    const p = (await page(teamUser)).data as {
      records: { id: number; instalments: { state: string }[] }[];
      canEdit: boolean;
    };
    expect(p.canEdit).toBe(true);
    expect(p.records.find((x) => x.id === land.id)!.instalments.map((i) => i.state)).toEqual(["paid", "overdue"]);

    // the week list: the county's and the project's team's, not another county's
    const forCounty = await myWork(await viewerFor(county), today);
    expect(forCounty.land.items.map((i) => i.id)).toContain(overdueId);
    expect(forCounty.land.items.find((i) => i.id === overdueId)).toMatchObject({ owed: 900, seq: 2 });
    expect((await myWork(await viewerFor(teamUser), today)).land.items.map((i) => i.id)).toContain(overdueId);
    expect((await myWork(await viewerFor(other), today)).land.items.map((i) => i.id)).not.toContain(overdueId);
    // the week list's count = independent SQL of the county's unpaid instalments due by the week's end
    const weekEnd = forCounty.week.end;
    expect(forCounty.land.count).toBe(
      await count(
        `SELECT count(*) AS n FROM land_instalment i JOIN land_supply l ON l.id = i.land_supply_id JOIN project p ON p.id = l.project_id
          WHERE p.county_id = $1 AND p.pool <> 'WITHDRAWN' AND i.due_on <= $2 AND coalesce(i.paid_amount, 0) < i.amount`,
        [yuci, weekEnd],
      ),
    );

    // audited in Chinese
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { entity: "LandSupply", entityId: String(land.id), action: "LAND_CREATE" },
    });
    expect(auditActionLabel(ev.action)).toBe("登记供地");
    expect(auditEntityLabel(ev.entity)).toBe("供地记录");
    const text = JSON.stringify(describeAuditChange(ev));
    expect(text).toContain("供地方式");
    expect(text).toContain("弹性出让");
    expect(text).toContain("分期缴纳");

    // notified once per instalment: the county's and the team's people, and never again on a later sweep
    await runReminderSweep(prisma);
    const key = `land-overdue:${overdueId}:`;
    const first = await count(
      `SELECT count(*) AS n FROM notification WHERE kind = 'LAND_INSTALMENT_OVERDUE' AND dedupe_key LIKE $1`,
      [`${key}%`],
    );
    expect(first).toBeGreaterThan(0);
    const recipients = await rows(
      `SELECT u.username FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.dedupe_key LIKE $1`,
      [`${key}%`],
    );
    expect(recipients.map((x) => x.username)).toEqual(expect.arrayContaining([county, teamUser]));
    expect(recipients.map((x) => x.username)).not.toContain(other);
    await runReminderSweep(prisma);
    expect(
      await count(
        `SELECT count(*) AS n FROM notification WHERE kind = 'LAND_INSTALMENT_OVERDUE' AND dedupe_key LIKE $1`,
        [`${key}%`],
      ),
    ).toBe(first);

    // paying it takes it off the list; the instalment keeps its id
    const v = await one(`SELECT version FROM land_supply WHERE id = $1`, [land.id]);
    const paid = await post(county, {
      id: String(land.id),
      version: String(v.version),
      method: "FLEXIBLE",
      years: "30",
      location: "榆次区修文工业园A-12地块",
      parcelNo: "晋中榆次2017-012",
      area: "52.35",
      price: "1800",
      suppliedOn: "2017-05-10",
      due1: "2017-06-10",
      amt1: "900",
      paidOn1: "2017-06-08",
      paid1: "900",
      due2: addDays(today, -3),
      amt2: "900",
      paidOn2: today,
      paid2: "900",
    });
    expect(paid.status).toBe(302);
    expect((await one(`SELECT paid_amount FROM land_instalment WHERE id = $1`, [overdueId])).paid_amount).toBe(900);
    expect((await myWork(await viewerFor(county), today)).land.items.map((i) => i.id)).not.toContain(overdueId);
    // a stale version is a conflict
    const stale = await post(county, {
      id: String(land.id),
      version: String(v.version),
      method: "FLEXIBLE",
      years: "30",
      location: "榆次区",
      area: "52.35",
      suppliedOn: "2017-05-10",
    });
    expect(stale.status).toBe(409);
  });

  it("a double submit makes one record", async () => {
    const fields = {
      method: "LEASE",
      location: "榆次区标准化厂房3号",
      area: "8",
      price: "60",
      suppliedOn: "2017-08-01",
      createToken: randomUUID(),
    };
    const [a, b] = await Promise.all([post(county, fields), post(county, fields)]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(
      await count(`SELECT count(*) AS n FROM land_supply WHERE project_id = $1 AND location = '榆次区标准化厂房3号'`, [
        project,
      ]),
    ).toBe(1);
  });

  it("scope: another county 404, an enterprise (even its own project) 403, a leader reads but cannot write", async () => {
    expect((await page(other)).status).toBe(404);
    expect((await post(other, { method: "LEASE", location: "x", area: "1", suppliedOn: "2017-08-01" })).status).toBe(
      404,
    );
    expect((await page(enterpriseUser)).status).toBe(403);
    expect((await page("leader")).status).toBe(200);
    expect((await post("leader", { method: "LEASE", location: "x", area: "1", suppliedOn: "2017-08-01" })).status).toBe(
      403,
    );
  });
});

describe("/land: 用地指标 against the area supplied", () => {
  const overview = async (user: string, year = 2017) =>
    (await run(async () => landLoader({ request: await requestAs(user, `/land?year=${year}`), params: {}, ...args })))
      .data as {
      rows: { countyId: number; quota: string | null; used: string; records: number }[];
      overdue: { id: number; land: { project: { id: number } } }[];
    };
  const postQuota = async (user: string, fields: Record<string, string>) => submitTo(landAction, user, `/land`, fields);

  it("the bureau sets a county's quota (audited, version-checked); a county cannot", async () => {
    const before = await one(`SELECT id, version FROM land_quota WHERE county_id = $1 AND year = 2017`, [yuci]);
    const bad = await postQuota("bureau", {
      countyId: String(yuci),
      year: "2017",
      quota: "abc",
      version: String(before?.version ?? ""),
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.quota).toBe(
      "指标为数字，最多两位小数（亩）",
    );
    const ok = await postQuota("bureau", {
      countyId: String(yuci),
      year: "2017",
      quota: "1234.5",
      version: String(before?.version ?? ""),
    });
    expect(ok.status).toBe(302);
    const q = await one(
      `SELECT id, quota::text AS quota, version FROM land_quota WHERE county_id = $1 AND year = 2017`,
      [yuci],
    );
    expect(q.quota).toBe("1234.50");
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { entity: "LandQuota", entityId: String(q.id) },
      orderBy: { id: "desc" },
    });
    expect(auditActionLabel(ev.action)).toBe("设置用地指标");
    expect(JSON.stringify(describeAuditChange(ev))).toContain("用地指标（亩）");
    // the old version again: 409
    if (before) {
      const stale = await postQuota("bureau", {
        countyId: String(yuci),
        year: "2017",
        quota: "1",
        version: String(before.version),
      });
      expect(stale.status).toBe(409);
    }
    expect(
      (await postQuota(county, { countyId: String(yuci), year: "2017", quota: "99999", version: String(q.version) }))
        .status,
    ).toBe(403);
    expect((await one(`SELECT quota::text AS quota FROM land_quota WHERE id = $1`, [q.id])).quota).toBe("1234.50");
  });

  it("used = Σ area supplied in the year by independent SQL; a county sees only its own row and overdue list", async () => {
    const city = await overview("bureau");
    const expected = await rows(
      `SELECT c.id, coalesce(sum(l.area) FILTER (WHERE l.supplied_on >= '2017-01-01' AND l.supplied_on < '2018-01-01'), 0)::numeric(14,2)::text AS used
         FROM county c LEFT JOIN project p ON p.county_id = c.id LEFT JOIN land_supply l ON l.project_id = p.id
        GROUP BY c.id`,
    );
    expect(city.rows).toHaveLength(expected.length);
    for (const e of expected) expect(city.rows.find((r) => r.countyId === e.id)!.used).toBe(e.used);

    const own = await overview(county);
    expect(own.rows.map((r) => r.countyId)).toEqual([yuci]);
    const otherView = await overview(other);
    expect(otherView.rows.map((r) => r.countyId)).not.toContain(yuci);
    const projectsOf = async (view: Awaited<ReturnType<typeof overview>>) =>
      rows(`SELECT DISTINCT county_id FROM project WHERE id = ANY($1::int[])`, [
        view.overdue.map((o) => o.land.project.id),
      ]);
    expect((await projectsOf(otherView)).map((r) => r.county_id)).not.toContain(yuci);
    expect((await projectsOf(own)).every((r) => r.county_id === yuci)).toBe(true);
  });
});

describe("要素保障 in the monthly 通报", () => {
  /** The section's numbers by county, computed another way: joins and GROUP BY over the raw rows. */
  async function sqlLand(asOf: string, county: number | null) {
    const supplied = await rows(
      `SELECT p.county_id AS id, count(*)::int AS records, sum(l.area)::numeric(14,2)::text AS area,
              count(*) FILTER (WHERE l.method = 'FLEXIBLE')::int AS flexible,
              coalesce(sum(l.area) FILTER (WHERE l.method = 'FLEXIBLE'), 0)::numeric(14,2)::text AS flexible_area,
              coalesce(sum(l.years) FILTER (WHERE l.method = 'FLEXIBLE'), 0)::int AS flexible_years,
              count(*) FILTER (WHERE l.method = 'LEASE_THEN_TRANSFER')::int AS ltt,
              count(*) FILTER (WHERE l.method = 'LEASE')::int AS lease,
              count(DISTINCT l.id) FILTER (WHERE i.id IS NOT NULL)::int AS instalment_records
         FROM land_supply l JOIN project p ON p.id = l.project_id
         LEFT JOIN LATERAL (SELECT min(x.id) AS id FROM land_instalment x WHERE x.land_supply_id = l.id) i ON true
        WHERE l.supplied_on BETWEEN date_trunc('year', $1::date) AND $1::date AND ($2::int IS NULL OR p.county_id = $2)
        GROUP BY p.county_id`,
      [asOf, county],
    );
    const money = await rows(
      `SELECT p.county_id AS id, sum(i.amount)::int AS amount,
              sum(CASE WHEN i.paid_on <= $1::date THEN i.paid_amount ELSE 0 END)::int AS paid
         FROM land_instalment i JOIN land_supply l ON l.id = i.land_supply_id JOIN project p ON p.id = l.project_id
        WHERE l.supplied_on BETWEEN date_trunc('year', $1::date) AND $1::date AND ($2::int IS NULL OR p.county_id = $2)
        GROUP BY p.county_id`,
      [asOf, county],
    );
    const late = await rows(
      `SELECT p.county_id AS id, count(*)::int AS n,
              sum(i.amount - CASE WHEN i.paid_on <= $1::date THEN i.paid_amount ELSE 0 END)::int AS owed
         FROM land_instalment i JOIN land_supply l ON l.id = i.land_supply_id JOIN project p ON p.id = l.project_id
        WHERE l.supplied_on <= $1::date AND i.due_on < $1::date
          AND NOT (i.paid_on IS NOT NULL AND i.paid_on <= $1::date AND i.paid_amount >= i.amount)
          AND ($2::int IS NULL OR p.county_id = $2)
        GROUP BY p.county_id`,
      [asOf, county],
    );
    return { supplied, money, late };
  }

  it("the frozen October's section, the city's and 榆次区's, equals independent SQL; the page draws it", async () => {
    // a record of this file's county supplied in October, one instalment overdue at the month's end
    const r = await post(county, {
      method: "TRANSFER",
      location: "榆次区通报测试地块",
      area: "12.5",
      price: "600",
      suppliedOn: "2017-10-09",
      due1: "2017-10-20",
      amt1: "200",
      paidOn1: "2017-10-19",
      paid1: "200",
      due2: "2017-10-30",
      amt2: "400",
      paidOn2: "2017-11-05",
      paid2: "400",
    });
    expect(r.status).toBe(302);
    const froze = await submitTo(monthlyAction, "bureau", "/reports/monthly?month=2017-10", {
      intent: "freeze",
      month: "2017-10",
      confirm: "on",
    });
    expect(froze.status).toBe(302);
    const snap = await one(
      `SELECT data -> 'city' -> 'land' AS city, data -> 'counties' -> $1::text -> 'land' AS county
         FROM report_snapshot WHERE year = 2017 AND month = 10`,
      [String(yuci)],
    );
    const asOf = "2017-10-31";
    for (const [land, scope] of [
      [snap.city as ReportLand, null],
      [snap.county as ReportLand, yuci],
    ] as const) {
      expect(land.year).toBe(2017);
      const f = await sqlLand(asOf, scope);
      expect(land.rows.length).toBe(scope === null ? (await one(`SELECT count(*)::int AS n FROM county`)).n : 1);
      for (const row of land.rows) {
        const s = f.supplied.find((x) => x.id === row.countyId);
        const m = f.money.find((x) => x.id === row.countyId);
        const l = f.late.find((x) => x.id === row.countyId);
        expect(row).toMatchObject({
          records: s?.records ?? 0,
          area: s?.area ?? "0.00",
          instalmentRecords: s?.instalment_records ?? 0,
          instalmentAmount: m?.amount ?? 0,
          paid: m?.paid ?? 0,
          overdue: l?.n ?? 0,
          overdueAmount: l?.owed ?? 0,
          flexible: s?.flexible ?? 0,
          flexibleArea: s?.flexible_area ?? "0.00",
          flexibleYears: s?.flexible_years ?? 0,
          leaseThenTransfer: s?.ltt ?? 0,
          lease: s?.lease ?? 0,
        });
      }
    }
    // 榆次区 has this file's October record with its 400 overdue at the month's end (paid only in November)
    const own = (snap.county as ReportLand).rows[0];
    expect(own.overdue).toBeGreaterThanOrEqual(1);
    expect(own.overdueAmount).toBeGreaterThanOrEqual(400);

    const page = await run(async () =>
      monthlyLoader({ request: await requestAs("bureau", "/reports/monthly?month=2017-10"), params: {}, ...args }),
    );
    const model = (page.data as { model: MonthlyReport }).model;
    expect(model.land).toEqual(snap.city);
    const table = reportTables(model).find((t) => t.key === "land")!;
    expect(table.title).toMatch(/、土地要素保障情况$/);
    const total = table.rows.at(-1)!;
    const city = snap.city as ReportLand;
    expect(total.cells.slice(0, 2).map(formatCell)).toEqual([
      "合计",
      String(city.rows.reduce((a, x) => a + x.records, 0)),
    ]);
  });
});
