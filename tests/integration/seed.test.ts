// Demo seed invariants (issue: foundation §5) and determinism.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { isValidCreditCode } from "~/domain/creditCode";
import { lagging, type MilestoneDates } from "~/domain/stage";
import { PrismaClient } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { hasData, seedDemo } from "../../prisma/seed";
import { createDatabaseFrom } from "../../scripts/lib/testdb.mjs";
import { queries, testSql } from "../support/sql";

const sql = testSql();

const { one } = queries(sql);

describe("demo seed", () => {
  it("has the 61 transformation projects of the 2017 plan, with ≈260亿 of annual plan investment", async () => {
    const r = await one(`SELECT count(*)::int AS n, sum(annual_plan_investment)::bigint AS plan
      FROM project WHERE plan_year = 2017 AND is_transformation AND pool = 'ACTIVE'`);
    expect(r.n).toBe(61);
    expect(Number(r.plan)).toBeGreaterThan(2_600_000 * 0.98);
    expect(Number(r.plan)).toBeLessThan(2_600_000 * 1.02);
  });

  it("names every project the report names", async () => {
    const names = (await sql.query(`SELECT name FROM project`)).rows.map((r) => r.name as string).join("|");
    for (const n of [
      "吉利",
      "东方希望",
      "博创",
      "中鼎",
      "李宁",
      "低热值煤",
      "晋能",
      "杉杉",
      "寿阳",
      "凯嘉",
      "太重",
      "高行",
      "方盛",
      "华北铸造",
      "广生",
      "振东",
      "伊利",
      "统一",
      "娃哈哈",
      "晋汉",
      "焦化",
      "乙二醇",
      "聚氯乙烯",
      "半导体",
      "通用航空",
      "108",
      "大寨",
      "云竹湖",
      "鹊桥",
      "百里红色",
      "张壁",
      "万达",
      "王家大院",
    ]) {
      expect(names, n).toContain(n);
    }
  });

  it("has ≥ 20 reserve projects and ≥ 150 attraction projects signed in 2017 near the 2100亿 target", async () => {
    expect((await one(`SELECT count(*)::int AS n FROM project WHERE pool = 'RESERVE'`)).n).toBeGreaterThanOrEqual(20);
    const r = await one(`SELECT count(*)::int AS n, sum(contract_amount)::bigint AS inflow FROM project
      WHERE origin = 'ATTRACTION' AND signed_on BETWEEN '2017-01-01' AND '2017-12-31'`);
    expect(r.n).toBeGreaterThanOrEqual(150);
    expect(Number(r.inflow)).toBeGreaterThan(19_500_000);
    expect(Number(r.inflow)).toBeLessThan(22_500_000);
  });

  it("gives the funnel variety: every stage occurs among 2017 signings", async () => {
    const rows = (
      await sql.query(`SELECT stage, count(*)::int AS n FROM project
      WHERE origin = 'ATTRACTION' AND signed_on >= '2017-01-01' GROUP BY stage`)
    ).rows;
    const stages = new Set(rows.map((r) => r.stage));
    for (const s of ["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"]) expect(stages.has(s), s).toBe(true);
  });

  it("has 30 service teams with leaders and about 100 members, and the demo accounts", async () => {
    expect((await one(`SELECT count(*)::int AS n FROM service_team WHERE leader_id IS NOT NULL`)).n).toBe(30);
    const members = (await one(`SELECT count(*)::int AS n FROM app_user WHERE role = 'TEAM'`)).n;
    expect(members).toBeGreaterThanOrEqual(90);
    expect(members).toBeLessThanOrEqual(110);
    const accounts = (
      await sql.query(`SELECT username, role FROM app_user WHERE username = ANY($1) ORDER BY username`, [
        ["admin", "bureau", "leader", "eic", "county.yuci", "team01", "ent.geely"],
      ])
    ).rows;
    expect(Object.fromEntries(accounts.map((a) => [a.username, a.role]))).toEqual({
      admin: "ADMIN",
      bureau: "BUREAU",
      leader: "LEADER",
      eic: "EIC",
      "county.yuci": "COUNTY",
      team01: "TEAM",
      "ent.geely": "ENTERPRISE",
    });
    expect(
      (await one(`SELECT c.name FROM app_user u JOIN county c ON c.id = u.county_id WHERE username = 'county.yuci'`))
        .name,
    ).toBe("榆次区");
    expect(
      (await one(`SELECT t.no FROM app_user u JOIN service_team t ON t.id = u.team_id WHERE username = 'team01'`)).no,
    ).toBe(1);
    expect(
      (
        await one(
          `SELECT e.name FROM app_user u JOIN enterprise e ON e.id = u.enterprise_id WHERE username = 'ent.geely'`,
        )
      ).name,
    ).toContain("吉利");
  });

  it("has the 11 counties with GB/T 2260 codes plus the zones", async () => {
    const rows = (await sql.query(`SELECT code, name FROM county WHERE kind <> 'ZONE' ORDER BY code`)).rows;
    expect(rows.map((r) => `${r.code} ${r.name}`)).toEqual([
      "140702 榆次区",
      "140721 榆社县",
      "140722 左权县",
      "140723 和顺县",
      "140724 昔阳县",
      "140725 寿阳县",
      "140726 太谷县",
      "140727 祁县",
      "140728 平遥县",
      "140729 灵石县",
      "140781 介休市",
    ]);
    expect((await one(`SELECT count(*)::int AS n FROM county WHERE kind = 'ZONE'`)).n).toBeGreaterThanOrEqual(3);
  });

  it("has ~80 enterprises with valid 统一社会信用代码, 35 of them 优势企业", async () => {
    const rows = (await sql.query(`SELECT credit_code, is_key_enterprise FROM enterprise`)).rows;
    expect(rows.length).toBeGreaterThanOrEqual(75);
    expect(rows.filter((r) => !isValidCreditCode(r.credit_code)).map((r) => r.credit_code)).toEqual([]);
    expect(rows.filter((r) => r.is_key_enterprise).length).toBe(35);
  });

  it("gives every 优势企业 its 年产值 (1亿–200亿元, whole 万元) and no other enterprise one", async () => {
    const rows = (await sql.query(`SELECT is_key_enterprise AS key, annual_output AS output FROM enterprise`)).rows;
    const key = rows.filter((r) => r.key).map((r) => r.output as number | null);
    expect(key).toHaveLength(35);
    expect(key.filter((v) => v === null || !Number.isInteger(v) || v < 10_000 || v > 2_000_000)).toEqual([]);
    expect(new Set(key).size).toBeGreaterThan(30);
    expect(rows.filter((r) => !r.key && r.output !== null)).toEqual([]);
  });

  it("has leads in every stage and coordination issues in every status and level", async () => {
    const leadStages = (await sql.query(`SELECT DISTINCT stage FROM lead`)).rows.map((r) => r.stage).sort();
    expect(leadStages).toEqual(["ABANDONED", "CONTACT", "INSPECTION", "NEGOTIATION", "SIGNED"]);
    expect((await one(`SELECT count(*)::int AS n FROM lead`)).n).toBeGreaterThanOrEqual(60);
    const statuses = (await sql.query(`SELECT DISTINCT status FROM coordination_issue`)).rows
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(["ACCEPTED", "CLOSED", "REOPENED", "RESOLVED", "RESPONDED", "SUBMITTED"]);
    const levels = (await sql.query(`SELECT DISTINCT level FROM coordination_issue`)).rows.map((r) => r.level).sort();
    expect(levels).toEqual(["CITY", "COUNTY", "PROVINCE", "TEAM"]);
    // every issue's history starts with its submission
    const bad = (
      await sql.query(`SELECT i.id FROM coordination_issue i
      WHERE (SELECT kind FROM issue_event e WHERE e.issue_id = i.id ORDER BY created_at, id LIMIT 1) IS DISTINCT FROM 'SUBMITTED'`)
    ).rows;
    expect(bad).toEqual([]);
  });

  it("has 领办领导 at both city and county level on transformation projects", async () => {
    const rows = (
      await sql.query(`SELECT o.level, count(DISTINCT po.project_id)::int AS projects, count(DISTINCT o.id)::int AS officials
      FROM project_official po JOIN official o ON o.id = po.official_id JOIN project p ON p.id = po.project_id
      WHERE p.is_transformation GROUP BY o.level ORDER BY o.level`)
    ).rows;
    expect(rows.map((r) => r.level)).toEqual(["CITY", "COUNTY"]);
    for (const r of rows) {
      expect(r.projects, r.level).toBeGreaterThan(0);
      expect(r.officials, r.level).toBeGreaterThan(0);
    }
    // county-level leaders lead projects of their own county
    const elsewhere = (
      await sql.query(`SELECT po.project_id FROM project_official po JOIN official o ON o.id = po.official_id
      JOIN project p ON p.id = po.project_id WHERE o.level = 'COUNTY' AND o.county_id IS DISTINCT FROM p.county_id`)
    ).rows;
    expect(elsewhere).toEqual([]);
  });

  it("has lagging projects of both levels at 2017-12-31 (yellow: a planned date over 1 month past, red: over 3 — stage.ts)", async () => {
    const asOf = "2017-12-31";
    const rows = (
      await sql.query(`SELECT m.project_id, m.stage, to_char(m.planned_on, 'YYYY-MM-DD') AS planned,
        to_char(m.actual_on, 'YYYY-MM-DD') AS actual
      FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'`)
    ).rows;
    const byProject = new Map<number, MilestoneDates[]>();
    for (const r of rows) {
      const list = byProject.get(r.project_id) ?? [];
      list.push({ stage: r.stage, plannedOn: r.planned, actualOn: r.actual });
      byProject.set(r.project_id, list);
    }
    const levels = [...byProject.entries()].map(([id, ms]) => [id, lagging(ms, asOf).level] as const);
    const ids = (level: string) =>
      levels
        .filter(([, l]) => l === level)
        .map(([id]) => id)
        .sort((a, b) => a - b);
    expect(ids("yellow").length).toBeGreaterThan(0);
    expect(ids("red").length).toBeGreaterThan(0);
    expect(ids("none").length).toBeGreaterThan(ids("yellow").length + ids("red").length); // most of the plan is on time
    // the trigger-kept lateness ranges the register and the reports filter on agree with the rule
    const derived = async (cond: string) =>
      (
        await sql.query(
          `SELECT id FROM project WHERE plan_year = 2017 AND is_transformation AND pool = 'ACTIVE' AND ${cond} ORDER BY id`,
          [asOf],
        )
      ).rows.map((r) => r.id as number);
    expect(await derived(`lag_red @> $1::date`)).toEqual(ids("red"));
    expect(await derived(`lag_yellow @> $1::date AND NOT lag_red @> $1::date`)).toEqual(ids("yellow"));
  });

  it("has monthly investment records for the 2017 plan's projects", async () => {
    const r = await one(`SELECT count(*)::int AS projects, count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM investment_record i WHERE i.project_id = p.id AND i.year = 2017))::int AS with_records,
        (SELECT coalesce(sum(i.amount), 0)::bigint FROM investment_record i JOIN project q ON q.id = i.project_id
          WHERE q.plan_year = 2017 AND q.is_transformation AND q.pool = 'ACTIVE' AND i.year = 2017) AS amount
      FROM project p WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'`);
    expect(r.projects).toBe(61);
    expect(r.with_records).toBeGreaterThan(61 / 2);
    expect(Number(r.amount)).toBeGreaterThan(0);
  });

  it("splits the city targets over the counties exactly", async () => {
    const city = (await sql.query(`SELECT metric, value FROM target WHERE year = 2017 AND county_id IS NULL`)).rows;
    expect(Object.fromEntries(city.map((r) => [r.metric, r.value]))).toEqual({
      INFLOW_AMOUNT: 21_000_000,
      LANDING_RATE: 5000,
      START_RATE: 3000,
      FUNDING_RATE: 3000,
      TRANSFORMATION_INVESTMENT: 2_600_000,
    });
    const sums = (
      await sql.query(`SELECT metric, sum(value)::bigint AS s, count(*)::int AS n FROM target
      WHERE year = 2017 AND county_id IS NOT NULL GROUP BY metric`)
    ).rows;
    const counties = (await one(`SELECT count(*)::int AS n FROM county`)).n;
    for (const r of sums) expect(r.n, r.metric).toBe(counties);
    expect(Number(sums.find((r) => r.metric === "INFLOW_AMOUNT").s)).toBe(21_000_000);
    expect(Number(sums.find((r) => r.metric === "TRANSFORMATION_INVESTMENT").s)).toBe(2_600_000);
  });

  it("has a 优惠政策 library for the city and every county, and the projects' incentives apply it", async () => {
    // the city's own (county_id NULL) and at least one policy in each county, all started by the demo day
    const lib = await one(`SELECT count(*) FILTER (WHERE county_id IS NULL)::int AS city,
        count(DISTINCT county_id)::int AS counties, max(valid_from)::text AS last_start,
        count(*) FILTER (WHERE valid_to < '2017-11-20')::int AS expired
      FROM incentive_policy`);
    expect(lib.city).toBeGreaterThanOrEqual(8);
    expect(lib.counties).toBe((await one(`SELECT count(*)::int AS n FROM county`)).n);
    expect(lib.last_start <= "2017-11-19").toBe(true);
    expect(lib.expired).toBeGreaterThanOrEqual(1); // a retired policy shows 已失效
    const cats = (await sql.query(`SELECT DISTINCT category FROM incentive_policy ORDER BY 1`)).rows.map(
      (r) => r.category,
    );
    expect(cats).toEqual(expect.arrayContaining(["土地", "电价", "奖补", "税收", "基金"]));
    // every seeded incentive applies a policy of its project's county or the city, of the same category
    const links = await one(`SELECT count(*)::int AS n, count(i.policy_id)::int AS linked,
        count(*) FILTER (WHERE ip.county_id IS NOT NULL AND ip.county_id <> p.county_id)::int AS foreign,
        count(*) FILTER (WHERE ip.category <> i.kind)::int AS mismatched
      FROM project_incentive i JOIN project p ON p.id = i.project_id
      LEFT JOIN incentive_policy ip ON ip.id = i.policy_id`);
    expect(links.n).toBeGreaterThan(50);
    expect(links.linked).toBe(links.n);
    expect(links.foreign).toBe(0);
    expect(links.mismatched).toBe(0);
    // the report's measures are in the library and applied
    for (const title of ["土地出让金分期缴纳", "工业用地弹性出让", "PPP专项资金", "促转型增动能投资基金"])
      expect(
        (
          await one(
            `SELECT count(*)::int AS n FROM project_incentive i JOIN incentive_policy ip ON ip.id = i.policy_id
              WHERE ip.county_id IS NULL AND ip.title LIKE '%' || $1 || '%'`,
            [title],
          )
        ).n,
        title,
      ).toBeGreaterThan(0);
  });

  it("is deterministic: seeding an empty database again gives identical data, and a seeded one is left alone", async () => {
    const fingerprint = async (c: pg.Client) =>
      (
        await c.query(`SELECT md5(string_agg(concat_ws('|', p.id, p.code, p.name, p.total_investment, p.contract_amount,
          p.annual_plan_investment, p.stage, p.signed_on, p.service_team_id, p.enterprise_id), ',' ORDER BY p.id)) AS p,
        (SELECT md5(string_agg(concat_ws('|', project_id, stage, planned_on, actual_on), ',' ORDER BY id)) FROM milestone) AS m,
        (SELECT md5(string_agg(concat_ws('|', project_id, received_on, amount), ',' ORDER BY id)) FROM funding_record) AS f,
        (SELECT md5(string_agg(concat_ws('|', credit_code, name), ',' ORDER BY id)) FROM enterprise) AS e,
        (SELECT md5(string_agg(concat_ws('|', project_id, kind, content, amount, policy_id), ',' ORDER BY id))
          FROM project_incentive) AS i
        FROM project p`)
      ).rows[0];
    const db = await createDatabaseFrom(inject("emptyTemplate"), "t");
    const other = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
    try {
      await seedDemo(other);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const [a, b] = [await fingerprint(sql), await fingerprint(c)];
      // the demo clock (docs/decisions/060): a fresh seed stores the demo start, unanchored until the app's first start
      const clock = await c.query(`SELECT value FROM setting WHERE key = 'app_clock'`);
      expect(clock.rows[0].value).toEqual({ mode: "demo", start: "2017-11-20T01:00:00.000Z", anchoredAt: null });
      await c.end();
      expect(b).toEqual(a);
      expect(await hasData(other)).toBe(true);
      expect(await hasData(prisma)).toBe(true);
    } finally {
      await other.$disconnect();
      await db.drop();
    }
  });
});
