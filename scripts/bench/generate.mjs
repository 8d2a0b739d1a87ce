#!/usr/bin/env node
// `npm run bench:data`: a deterministic province-scale dataset in its own database, for `npm run bench`.
// The demo seed provides reference data and the demo accounts; on top of it set-based SQL (INSERT … SELECT over
// generate_series with hash-based pseudo-randomness, so the same scale always gives the same rows) adds
// 100,000 projects, ~1,000,000 milestone/funding/investment rows, 200,000 coordination issues with ~1,000,000
// events, 20,000 enterprises and 3,000 users. The stage trigger is switched off during the bulk load and the
// derived columns (stage, reached dates, lateness) are computed once, set-based, afterwards (the same rule as the
// trigger); funding_fact is filled by its statement triggers as the funding records are inserted.
//
//   BENCH_SCALE=0.1 npm run bench:data     a tenth of the size (quick try)
//   DATABASE_URL=…  npm run bench:data     generate into an external database instead
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/embedded-pg.mjs";
import { migrate } from "../lib/migrate.mjs";
import { ROOT } from "../lib/paths.mjs";
import { runSeed } from "../lib/seed.mjs";

export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54390);
export const BENCH_PG_DIR = path.resolve(ROOT, process.env.BENCH_PG_DIR ?? ".data/bench-pg");
export const BENCH_DB = "jinzhong_bench";
function sizes(scale) {
  return {
    projects: Math.round(100_000 * scale),
    enterprises: Math.round(20_000 * scale),
    users: Math.round(3_000 * scale),
    teams: 300,
    counties: 106,
    issues: Math.round(200_000 * scale),
    leads: Math.round(20_000 * scale),
  };
}

const log = (m) => console.log(`[bench:data] ${m}`);

/** Starts the benchmark cluster (or uses DATABASE_URL) and returns the URL of the benchmark database. */
export async function benchDatabase({ fresh = false } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const server = await startEmbeddedPostgres({ dir: BENCH_PG_DIR, port: BENCH_PG_PORT, log });
  if (fresh) {
    const c = new pg.Client({ connectionString: server.url("postgres") });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await c.end();
  }
  await server.ensureDatabase(BENCH_DB);
  return { url: server.url(BENCH_DB), stop: () => server.stop() };
}

// h(x, k): a deterministic pseudo-random non-negative bigint per (row, purpose).
const FUNCTIONS = `
CREATE OR REPLACE FUNCTION bench_h(x bigint, k int) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT abs(hashint8extended(x, k)) $$;
CREATE OR REPLACE FUNCTION bench_pick(x bigint, k int, arr text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT arr[1 + (bench_h(x, k) % array_length(arr, 1))::int] $$;
-- GB 32100 check character for a 17-character prefix.
CREATE OR REPLACE FUNCTION bench_credit_code(first17 text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  alphabet text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights int[] := ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28];
  s int := 0;
BEGIN
  FOR i IN 1..17 LOOP
    s := s + (strpos(alphabet, substr(first17, i, 1)) - 1) * weights[i];
  END LOOP;
  RETURN first17 || substr(alphabet, ((31 - s % 31) % 31) + 1, 1);
END $$;
`;

function steps(N) {
  const P = N.projects;
  return [
    [
      "县区（全省）",
      `INSERT INTO county (code, name, kind, sort_order)
       SELECT 'SX' || lpad(g::text, 4, '0'), '省内县区' || lpad(g::text, 3, '0'), 'COUNTY', 100 + g
       FROM generate_series(1, ${N.counties}) g`,
    ],
    [
      "服务小组",
      `INSERT INTO service_team (no, name, focus, county_id)
       SELECT 100 + g, '第' || (100 + g) || '专业化服务小组（省内）', '省内项目服务',
              (SELECT id FROM county ORDER BY id OFFSET (g % (SELECT count(*) FROM county)) LIMIT 1)
       FROM generate_series(1, ${N.teams}) g`,
    ],
    [
      "企业",
      `INSERT INTO enterprise (name, credit_code, origin_region, is_key_enterprise, county_id, service_team_id)
       SELECT bench_pick(g, 1, ARRAY['华晋','三晋','太行','汾河','晋商','龙城','并州','吕梁','云冈','五台','平遥','绵山'])
                || bench_pick(g, 2, ARRAY['新能源','新材料','装备','生物','食品','物流','文旅','化工','电子','农业'])
                || bench_pick(g, 3, ARRAY['科技','实业','集团','股份','发展'])
                || '有限公司' || g,
              bench_credit_code('91' || '14' || lpad((bench_h(g, 4) % 10000)::text, 4, '0')
                || 'BN' || lpad(g::text, 7, '0')),
              bench_pick(g, 5, ARRAY['北京市','天津市','浙江省杭州市','江苏省苏州市','广东省深圳市','山西省太原市','河北省石家庄市','上海市']),
              bench_h(g, 6) % 20 = 0,
              c.id, t.id
       FROM generate_series(1, ${N.enterprises}) g
       JOIN LATERAL (SELECT id FROM county ORDER BY id OFFSET (bench_h(g, 7) % (SELECT count(*) FROM county)) LIMIT 1) c ON true
       JOIN LATERAL (SELECT id FROM service_team ORDER BY id OFFSET (bench_h(g, 8) % (SELECT count(*) FROM service_team)) LIMIT 1) t ON true`,
    ],
    [
      "用户",
      `INSERT INTO app_user (username, password_hash, display_name, role, county_id, team_id, enterprise_id)
       SELECT 'bench.u' || g, (SELECT password_hash FROM app_user WHERE username = 'bureau'),
              '省内用户' || g,
              (ARRAY['TEAM','TEAM','TEAM','COUNTY','ENTERPRISE']::"Role"[])[1 + g % 5],
              CASE WHEN g % 5 = 3 THEN (SELECT id FROM county ORDER BY id OFFSET (g % (SELECT count(*) FROM county)) LIMIT 1) END,
              CASE WHEN g % 5 < 3 THEN (SELECT id FROM service_team ORDER BY id OFFSET (g % (SELECT count(*) FROM service_team)) LIMIT 1) END,
              CASE WHEN g % 5 = 4 THEN (SELECT id FROM enterprise ORDER BY id OFFSET (g % (SELECT count(*) FROM enterprise)) LIMIT 1) END
       FROM generate_series(1, ${N.users} - (SELECT count(*) FROM app_user)) g`,
    ],
    [
      "项目",
      `WITH c AS (SELECT array_agg(id ORDER BY id) a FROM county),
            i AS (SELECT array_agg(id ORDER BY id) a FROM industry),
            t AS (SELECT array_agg(id ORDER BY id) a FROM service_team),
            e AS (SELECT min(id) lo, max(id) hi FROM enterprise)
       INSERT INTO project (code, name, county_id, industry_id, enterprise_id, origin, source_region, attraction_method,
                            total_investment, contract_amount, annual_plan_investment, plan_year, is_transformation, pool,
                            service_team_id, construction_content, created_at, updated_at)
       SELECT 'BP' || lpad(g::text, 7, '0'),
              bench_pick(g, 11, ARRAY['年产','新建','扩建','智能化','绿色','数字化','循环经济','高端']) ||
              bench_pick(g, 12, ARRAY['新能源汽车零部件','光伏组件','铝基新材料','中药饮片','特色食品','冷链物流','文旅综合体',
                                      '煤层气利用','半导体封装','液压装备','现代农业','智慧仓储']) ||
              bench_pick(g, 13, ARRAY['项目','产业园','生产线','基地','示范区']) || g,
              c.a[1 + (bench_h(g, 14) % array_length(c.a, 1))::int],
              i.a[1 + (bench_h(g, 15) % array_length(i.a, 1))::int],
              CASE WHEN bench_h(g, 16) % 10 < 8 THEN e.lo + (bench_h(g, 17) % (e.hi - e.lo + 1)) END,
              o.origin::"ProjectOrigin",
              CASE WHEN o.origin = 'ATTRACTION' THEN (ARRAY['JINGJINJI','TIANJIN','YANGTZE_DELTA','PEARL_DELTA','IN_PROVINCE','OTHER_DOMESTIC','OVERSEAS'])[1 + (bench_h(g, 18) % 7)::int]::"SourceRegion" END,
              CASE WHEN o.origin = 'ATTRACTION' THEN (ARRAY['PRECISION','TARGETED','COMMISSIONED','BUSINESS_REFERRAL','EXPO','OTHER'])[1 + (bench_h(g, 19) % 6)::int]::"AttractionMethod" END,
              amt.total, CASE WHEN o.origin = 'ATTRACTION' THEN amt.total * (60 + bench_h(g, 20) % 41) / 100 ELSE 0 END,
              amt.total * (10 + bench_h(g, 21) % 30) / 100,
              2015 + (bench_h(g, 22) % 5)::int,
              bench_h(g, 23) % 20 = 0,
              (ARRAY['ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','ACTIVE','RESERVE','WITHDRAWN'])[1 + (bench_h(g, 24) % 10)::int]::"ProjectPool",
              t.a[1 + (bench_h(g, 25) % array_length(t.a, 1))::int],
              '省级规模基准测试数据',
              timestamp '2017-01-01' + (bench_h(g, 26) % 365) * interval '1 day',
              timestamp '2017-01-01' + (bench_h(g, 27) % 1460) * interval '1 day'
       FROM generate_series(1, ${P}) g, c, i, t, e,
            LATERAL (SELECT CASE WHEN bench_h(g, 28) % 10 < 8 THEN 'ATTRACTION' ELSE 'LOCAL' END AS origin) o,
            LATERAL (SELECT (1000 + bench_h(g, 29) % 200000)::int AS total) amt`,
    ],
    [
      "暂停阶段触发器",
      `ALTER TABLE milestone DISABLE TRIGGER milestone_sync_project_stage;
       ALTER TABLE milestone DISABLE TRIGGER milestone_insert_sync_project_stage`,
    ],
    [
      "里程碑",
      // reached = 0..5 stages with actual dates, each 20–140 days after the previous; the next one is planned.
      `WITH p AS (
         SELECT id, plan_year, (bench_h(id, 31) % 6)::int AS reached,
                make_date(plan_year, 1, 1) + (bench_h(id, 32) % 300)::int AS signed
         FROM project WHERE code LIKE 'BP%')
       INSERT INTO milestone (project_id, stage, planned_on, actual_on, evidence_no, logged_at)
       SELECT p.id, s.stage,
              p.signed + (s.ord - 1) * 75,
              CASE WHEN s.ord <= p.reached THEN p.signed + (s.ord - 1) * 60 + (bench_h(p.id, 33 + s.ord::int) % 30)::int END,
              CASE WHEN s.ord <= p.reached THEN 'BN-' || p.id || '-' || s.ord END,
              CASE WHEN s.ord <= p.reached THEN (p.signed + (s.ord - 1) * 60)::timestamptz END
       FROM p CROSS JOIN LATERAL (SELECT stage, ord::int AS ord FROM unnest(enum_range(NULL::"MilestoneStage")) WITH ORDINALITY AS u(stage, ord)) s
`,
    ],
    [
      "派生阶段",
      // The trigger's rule (project_stage_recompute), set-based: stage k is reached when the k milestones up to it
      // all have actual dates, on the latest of them; lateness ranges from planned vs actual dates.
      `WITH chain AS (
         SELECT m.project_id,
                count(m.actual_on) AS n,
                max(m.actual_on) AS last_on,
                ${["SIGNED", "LAND", "FUNDING", "STARTED", "COMPLETED"]
                  .map(
                    (s, k) => `CASE WHEN count(m.actual_on) FILTER (WHERE m.stage <= '${s}') = ${k + 1}
                    THEN max(m.actual_on) FILTER (WHERE m.stage <= '${s}') END AS r${k + 1}`,
                  )
                  .join(",\n                ")},
                coalesce(range_agg(daterange((m.planned_on + interval '1 month')::date, m.actual_on, '()'))
                  FILTER (WHERE m.planned_on IS NOT NULL AND (m.actual_on IS NULL OR m.actual_on > (m.planned_on + interval '1 month')::date)), '{}') AS yellow,
                coalesce(range_agg(daterange((m.planned_on + interval '3 months')::date, m.actual_on, '()'))
                  FILTER (WHERE m.planned_on IS NOT NULL AND (m.actual_on IS NULL OR m.actual_on > (m.planned_on + interval '3 months')::date)), '{}') AS red
         FROM milestone m JOIN project p ON p.id = m.project_id AND p.code LIKE 'BP%'
         GROUP BY m.project_id)
       UPDATE project p SET
         stage = (ARRAY['PREPARING','SIGNED','LAND','FUNDING','STARTED','COMPLETED']::"ProjectStage"[])[1 + chain.n],
         signed_on = chain.r1, stage_on = chain.last_on, land_on = chain.r2, funding_on = chain.r3,
         started_on = chain.r4, completed_on = chain.r5, lag_yellow = chain.yellow, lag_red = chain.red
       FROM chain WHERE chain.project_id = p.id`,
    ],
    [
      "恢复阶段触发器",
      `ALTER TABLE milestone ENABLE TRIGGER milestone_sync_project_stage;
       ALTER TABLE milestone ENABLE TRIGGER milestone_insert_sync_project_stage`,
    ],
    [
      "资金到位",
      `INSERT INTO funding_record (project_id, received_on, amount, source)
       SELECT m.project_id, m.actual_on + (k - 1) * 45,
              greatest(1, p.contract_amount / 8 + (bench_h(m.project_id, 40 + k) % 500)::int),
              (ARRAY['企业自筹','银行贷款','产业基金','股东增资','PPP'])[1 + (bench_h(m.project_id, 46 + k) % 5)::int]
       FROM milestone m JOIN project p ON p.id = m.project_id AND p.code LIKE 'BP%'
       CROSS JOIN generate_series(1, 6) k
       WHERE m.stage = 'FUNDING' AND m.actual_on IS NOT NULL AND k <= 1 + bench_h(m.project_id, 50) % 6`,
    ],
    [
      "月度投资",
      `INSERT INTO investment_record (project_id, year, month, amount)
       SELECT m.project_id, extract(year FROM d)::int, extract(month FROM d)::int,
              greatest(0, p.annual_plan_investment / 10 + (bench_h(m.project_id * 100 + k, 51) % 300)::int - 150)
       FROM milestone m JOIN project p ON p.id = m.project_id AND p.code LIKE 'BP%'
       CROSS JOIN generate_series(0, 17) k
       CROSS JOIN LATERAL (SELECT (date_trunc('month', m.actual_on) + k * interval '1 month')::date AS d) dd
       WHERE m.stage = 'STARTED' AND m.actual_on IS NOT NULL AND k < 6 + bench_h(m.project_id, 52) % 13`,
    ],
    [
      "招商线索",
      `WITH c AS (SELECT array_agg(id ORDER BY id) a FROM county), i AS (SELECT array_agg(id ORDER BY id) a FROM industry)
       INSERT INTO lead (name, enterprise_name, source_region, method, industry_id, county_id, expected_amount, stage,
                         abandon_reason, next_follow_up_on, first_contact_on)
       SELECT '省内招商线索' || g, '意向企业' || g,
              (ARRAY['JINGJINJI','TIANJIN','YANGTZE_DELTA','PEARL_DELTA','IN_PROVINCE','OVERSEAS'])[1 + (bench_h(g, 61) % 6)::int]::"SourceRegion",
              (ARRAY['PRECISION','TARGETED','COMMISSIONED','BUSINESS_REFERRAL','EXPO'])[1 + (bench_h(g, 62) % 5)::int]::"AttractionMethod",
              i.a[1 + (bench_h(g, 63) % array_length(i.a, 1))::int], c.a[1 + (bench_h(g, 64) % array_length(c.a, 1))::int],
              (1000 + bench_h(g, 65) % 100000)::int, st.stage::"LeadStage",
              CASE WHEN st.stage = 'ABANDONED' THEN '投资方调整战略' END,
              date '2017-06-01' + (bench_h(g, 66) % 300)::int, date '2017-01-01' + (bench_h(g, 67) % 300)::int
       FROM generate_series(1, ${N.leads}) g, c, i,
            LATERAL (SELECT (ARRAY['CONTACT','INSPECTION','NEGOTIATION','ABANDONED'])[1 + (bench_h(g, 68) % 4)::int] AS stage) st`,
    ],
    [
      "企业诉求",
      `WITH p AS (SELECT array_agg(id ORDER BY id) a FROM project WHERE code LIKE 'BP%' AND enterprise_id IS NOT NULL)
       INSERT INTO coordination_issue (code, enterprise_id, project_id, county_id, team_id, category, title, description, level,
                                       status, is_complex, submitted_at, clock_started_at, level_entered_at,
                                       accept_due_at, respond_due_at, resolve_due_at, accepted_at, first_responded_at,
                                       resolved_at, closed_at, satisfaction, updated_at)
       SELECT 'BQ-' || lpad(g::text, 7, '0'), pr.enterprise_id, pr.id, pr.county_id, pr.service_team_id,
              (ARRAY['LAND','FINANCE','APPROVAL','UTILITIES','INFRASTRUCTURE','LABOR','POLICY','OTHER'])[1 + (bench_h(g, 71) % 8)::int]::"IssueCategory",
              '省内企业诉求' || g, '基准测试数据：企业反映的问题描述。',
              lv.level::"IssueLevel", st.status::"IssueStatus", bench_h(g, 74) % 5 = 0,
              ts.t, ts.t, ts.t, ts.t + interval '1 day', ts.t + interval '3 days', ts.t + interval '7 days',
              CASE WHEN st.status <> 'SUBMITTED' THEN ts.t + interval '5 hours' END,
              CASE WHEN st.status IN ('RESPONDED','RESOLVED','CLOSED','REOPENED') THEN ts.t + interval '2 days' END,
              CASE WHEN st.status IN ('RESOLVED','CLOSED') THEN ts.t + interval '6 days' END,
              CASE WHEN st.status = 'CLOSED' THEN ts.t + interval '8 days' END,
              CASE WHEN st.status = 'CLOSED' THEN 1 + (bench_h(g, 75) % 5)::int END,
              ts.t
       FROM generate_series(1, ${N.issues}) g, p,
            LATERAL (SELECT * FROM project WHERE id = p.a[1 + (bench_h(g, 70) % array_length(p.a, 1))::int]) pr,
            LATERAL (SELECT (ARRAY['TEAM','TEAM','TEAM','COUNTY','COUNTY','CITY','PROVINCE'])[1 + (bench_h(g, 72) % 7)::int] AS level) lv,
            LATERAL (SELECT (ARRAY['SUBMITTED','ACCEPTED','RESPONDED','RESOLVED','CLOSED','CLOSED','CLOSED','REOPENED'])[1 + (bench_h(g, 73) % 8)::int] AS status) st,
            LATERAL (SELECT timestamptz '2017-01-01 09:00+08' + (bench_h(g, 76) % (365 * 24)) * interval '1 hour' AS t) ts`,
    ],
    [
      "诉求事件",
      `INSERT INTO issue_event (issue_id, kind, from_status, to_status, from_level, to_level, note, created_at)
       SELECT i.id, e.kind::"IssueEventKind", e.from_s::"IssueStatus", e.to_s::"IssueStatus", NULL, NULL, e.note, i.submitted_at + e.after
       FROM coordination_issue i
       CROSS JOIN LATERAL (VALUES
         (1, 'SUBMITTED', NULL, 'SUBMITTED', '企业提交诉求', interval '0'),
         (2, 'ACCEPTED', 'SUBMITTED', 'ACCEPTED', '已受理', interval '5 hours'),
         (3, 'RESPONDED', 'ACCEPTED', 'RESPONDED', '已反馈办理进展', interval '2 days'),
         (4, 'RESOLVED', 'RESPONDED', 'RESOLVED', '已办结', interval '6 days'),
         (5, 'CONFIRMED', 'RESOLVED', 'CLOSED', '企业确认', interval '8 days')) AS e(n, kind, from_s, to_s, note, after)
       WHERE i.code LIKE 'BQ-%' AND e.n <= CASE i.status WHEN 'SUBMITTED' THEN 1 WHEN 'ACCEPTED' THEN 2 WHEN 'RESPONDED' THEN 3
                                                         WHEN 'REOPENED' THEN 3 WHEN 'RESOLVED' THEN 4 ELSE 5 END`,
    ],
    ["项目汇总压缩", `SELECT project_tally_compact()`],
    // VACUUM also sets the visibility map, so the covering indexes answer with index-only scans from the start.
    ["统计信息", `VACUUM (ANALYZE)`],
  ];
}

/**
 * Adds the province-scale rows to a migrated database that already holds the demo seed.
 * @param {string} url
 * @param {{ scale?: number, log?: (m: string) => void }} [options]
 */
export async function generateBenchData(url, { scale = 1, log: say = log } = {}) {
  const N = sizes(scale);
  say(`规模 ${scale}：${N.projects} 个项目，${N.issues} 条诉求，${N.enterprises} 家企业，${N.users} 个用户`);
  const c = new pg.Client({ connectionString: url });
  c.on("error", () => {}); // a server shutdown after a failed step must not crash the report of that failure
  await c.connect();
  try {
    await c.query("SET synchronous_commit = off");
    await c.query(FUNCTIONS);
    for (const [label, sql] of steps(N)) {
      const t = Date.now();
      const r = await c.query(sql);
      say(`${label}：${r.rowCount ?? "-"} 行，${((Date.now() - t) / 1000).toFixed(1)} 秒`);
    }
    const counts = await c.query(`SELECT
      (SELECT count(*) FROM project)::int AS projects,
      (SELECT count(*) FROM milestone)::int + (SELECT count(*) FROM funding_record)::int + (SELECT count(*) FROM investment_record)::int AS progress_rows,
      (SELECT count(*) FROM coordination_issue)::int AS issues,
      (SELECT count(*) FROM issue_event)::int AS events,
      (SELECT count(*) FROM app_user)::int AS users,
      (SELECT count(*) FROM enterprise)::int AS enterprises,
      pg_size_pretty(pg_database_size(current_database())) AS size`);
    return counts.rows[0];
  } finally {
    await c.end().catch(() => {});
  }
}

async function main() {
  const started = Date.now();
  const { url, stop } = await benchDatabase({ fresh: !process.env.DATABASE_URL });
  try {
    await migrate(url, { log });
    runSeed(url, { stdio: "pipe" });
    log("演示数据已导入（账号与参考数据）");
    const counts = await generateBenchData(url, { scale: Number(process.env.BENCH_SCALE ?? 1) });
    log(`完成，用时 ${((Date.now() - started) / 1000).toFixed(0)} 秒：${JSON.stringify(counts)}`);
    log(`数据库：${url.replace(/:[^:@/]+@/, ":***@")}`);
  } finally {
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(`[bench:data] 失败：${err?.message ?? err}`);
    process.exit(1);
  });
}
