// What `npm run bench` measures on the province dataset (npm run bench:data).
//
// Aggregate pages carry two SQL sets, each timed alone on its own connection, statement after statement:
//   sql    — the direct SQL over the base tables (milestones, funding and investment records, issues) that yields the
//            page's numbers: what the presenters ran before the derived columns and rollups (docs/decisions/050),
//            the same definitions the integration tests hold the pages to.
//   ownSql — the statements the page runs now (derived columns, funding_fact, the rollups): the fastest SQL known to
//            yield the page's numbers, so the budget's "≤ 1.5× raw SQL" is judged against it (the stricter reading).
//            Register pages carry only this set: one page of rows with every shown column, and the totals.
// The plan year is 2017 (the year with targets); "as of" resolves to 2017-12-31 unless the URL says otherwise.
export const BUDGETS = {
  pageP95: 50,
  sqlRatio: 1.5,
  writeP95: 30,
  rps: 300,
  loadP95: 100,
  // issue 19: 50 people with 5 milestone writes/s beside them; the empty shell; the 50,000-row import
  loadP95WithWrites: 150,
  floorP50: 3,
  importSeconds: 20,
  jsKb: 150,
};

/** The floor: the signed-in shell and nothing else (an unknown path inside the app answers the in-app 404). */
export const floorScenario = { name: "应用内 404 页（只有外壳）", user: "bureau", path: "/no-such-page" };

const OPEN = `status IN ('SUBMITTED','ACCEPTED','RESPONDED','REOPENED')`;
const YUCI = `(SELECT county_id FROM app_user WHERE username = 'county.yuci')`;

/** The signed cohort's funnel, grouped by `key`, from milestones and funding records (reached X by D ⇔ every stage up to X has an actual date ≤ D). */
function directCohort(key, asOf, where = "TRUE") {
  return `WITH cohort AS (
      SELECT p.id, p.contract_amount, ${key} AS key FROM project p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN DATE '2017-01-01' AND DATE '${asOf}' AND ${where}),
    reach AS (
      SELECT m.project_id,
        count(*) FILTER (WHERE m.stage <= 'LAND') = 2 AS land, count(*) FILTER (WHERE m.stage <= 'FUNDING') = 3 AS funding,
        count(*) FILTER (WHERE m.stage <= 'STARTED') = 4 AS started, count(*) = 5 AS completed
      FROM milestone m WHERE m.project_id IN (SELECT id FROM cohort) AND m.actual_on <= DATE '${asOf}' GROUP BY m.project_id),
    money AS (
      SELECT f.project_id, sum(f.amount) AS received FROM funding_record f
      WHERE f.project_id IN (SELECT id FROM cohort) AND f.received_on <= DATE '${asOf}' GROUP BY f.project_id)
    SELECT c.key, count(*), sum(c.contract_amount),
      count(*) FILTER (WHERE r.land), sum(c.contract_amount) FILTER (WHERE r.land),
      count(*) FILTER (WHERE r.funding), sum(c.contract_amount) FILTER (WHERE r.funding),
      count(*) FILTER (WHERE r.started), sum(c.contract_amount) FILTER (WHERE r.started),
      count(*) FILTER (WHERE r.completed), sum(c.contract_amount) FILTER (WHERE r.completed),
      coalesce(sum(mo.received), 0)
    FROM cohort c LEFT JOIN reach r ON r.project_id = c.id LEFT JOIN money mo ON mo.project_id = c.id GROUP BY c.key`;
}

/** The same numbers as the page reads them now: reached dates on project, funding_fact (index-only scans). */
function ownCohort(key, asOf, where = "TRUE") {
  const stage = (col) =>
    `count(*) FILTER (WHERE p.${col} <= DATE '${asOf}'), sum(p.contract_amount) FILTER (WHERE p.${col} <= DATE '${asOf}')`;
  return `WITH cohort AS (
      SELECT ${key} AS key, count(*), sum(p.contract_amount), ${stage("land_on")}, ${stage("funding_on")}, ${stage("started_on")}, ${stage("completed_on")}
      FROM project p WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN DATE '2017-01-01' AND DATE '${asOf}' AND ${where} GROUP BY 1),
    money AS (
      SELECT ${key} AS key, sum(p.amount) AS received FROM funding_fact p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN DATE '2017-01-01' AND DATE '${asOf}' AND p.received_on <= DATE '${asOf}' AND ${where} GROUP BY 1)
    SELECT c.*, coalesce(m.received, 0) FROM cohort c LEFT JOIN money m ON m.key IS NOT DISTINCT FROM c.key`;
}

/** The ranking's two dates in one scan per measure, as the page runs it. */
function ownCohortAt(key, dates) {
  const cols = dates
    .map((d, i) => {
      const signed = `p.signed_on <= DATE '${d}'`;
      const stage = (col) =>
        `count(*) FILTER (WHERE ${signed} AND p.${col} <= DATE '${d}'), sum(p.contract_amount) FILTER (WHERE ${signed} AND p.${col} <= DATE '${d}')`;
      return `count(*) FILTER (WHERE ${signed}) AS n${i}, sum(p.contract_amount) FILTER (WHERE ${signed}), ${stage("land_on")}, ${stage("funding_on")}, ${stage("started_on")}, ${stage("completed_on")}`;
    })
    .join(", ");
  const money = dates
    .map((d, i) => `sum(p.amount) FILTER (WHERE p.signed_on <= DATE '${d}' AND p.received_on <= DATE '${d}') AS r${i}`)
    .join(", ");
  const last = dates[0];
  return `WITH cohort AS (SELECT ${key} AS key, ${cols} FROM project p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN DATE '2017-01-01' AND DATE '${last}' GROUP BY 1),
    money AS (SELECT ${key} AS key, ${money} FROM funding_fact p
      WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN DATE '2017-01-01' AND DATE '${last}' GROUP BY 1)
    SELECT m.*, c.* FROM cohort c LEFT JOIN money m ON m.key IS NOT DISTINCT FROM c.key`;
}

const directInvestment = (
  key,
  where = "TRUE",
) => `SELECT ${key}, sum(i.amount) FROM investment_record i JOIN project p ON p.id = i.project_id
  WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND i.year = 2017 AND i.month <= 12 AND ${where} GROUP BY 1`;
const ownInvestment = (key, where = "TRUE") => `SELECT ${key}, sum(i.amount) FROM project p
  JOIN LATERAL (SELECT i.month, sum(i.amount) AS amount FROM investment_record i WHERE i.project_id = p.id AND i.year = 2017 AND i.month <= 12 GROUP BY i.month) i ON true
  WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE' AND ${where} GROUP BY 1`;

/** Lagging plan projects at 2017-12-31 (planned dates more than 1 / 3 months past without an actual date). */
const directLag = (where = "TRUE") => `SELECT level, count(*) FROM (
    SELECT p.id, CASE WHEN bool_or(m.planned_on <= DATE '2017-09-30') THEN 'red' ELSE 'yellow' END AS level
    FROM project p JOIN milestone m ON m.project_id = p.id
    WHERE p.plan_year = 2017 AND p.pool = 'ACTIVE' AND ${where} AND m.planned_on <= DATE '2017-11-30'
      AND (m.actual_on IS NULL OR m.actual_on > DATE '2017-12-31')
    GROUP BY p.id) x GROUP BY level`;
const ownLag = (
  where = "TRUE",
) => `SELECT count(*) FILTER (WHERE p.lag_yellow @> DATE '2017-12-31' AND NOT p.lag_red @> DATE '2017-12-31'),
    count(*) FILTER (WHERE p.lag_red @> DATE '2017-12-31') FROM project p WHERE p.plan_year = 2017 AND p.pool = 'ACTIVE' AND ${where}`;

const directOverdue = (where = "TRUE") => `SELECT count(*) FROM coordination_issue WHERE ${OPEN} AND ${where}
  AND ((accepted_at IS NULL AND accept_due_at < now()) OR (first_responded_at IS NULL AND respond_due_at < now()) OR resolve_due_at < now())`;
const ownCityOverdue = `SELECT (SELECT coalesce(sum(issues), 0) FROM issue_tally WHERE ${OPEN} AND overdue_month < utc_month(now()))
  + (SELECT count(*) FROM coordination_issue WHERE ${OPEN} AND overdue_at >= (utc_month(now())::timestamp AT TIME ZONE 'UTC') AND overdue_at < now())`;

const directYears = `SELECT year FROM (SELECT DISTINCT year FROM target UNION SELECT DISTINCT plan_year FROM project) y ORDER BY year DESC`;
const ownYears = `WITH RECURSIVE y AS (SELECT min(plan_year) AS year FROM project
    UNION ALL SELECT (SELECT min(plan_year) FROM project WHERE plan_year > y.year) FROM y WHERE y.year IS NOT NULL)
  SELECT year FROM (SELECT DISTINCT year FROM target UNION SELECT year FROM y WHERE year IS NOT NULL) x ORDER BY year DESC`;
const monthlySigned = `SELECT extract(month FROM p.signed_on), count(*), sum(p.contract_amount) FROM project p
  WHERE p.origin = 'ATTRACTION' AND p.signed_on BETWEEN DATE '2017-01-01' AND DATE '2017-12-31' GROUP BY 1`;
const q = (text) => ({ text });

// The page takes its totals as the sums of the monthly rows (cohort by signing month, investment by month).
function dashboardSql(own) {
  if (own) {
    return [
      q(ownYears),
      q(ownCohort(DIMENSION.month, "2017-12-31")),
      q(ownInvestment("i.month")),
      q(ownLag()),
      q(ownCityOverdue),
      q(`SELECT metric, value FROM target WHERE year = 2017 AND county_id IS NULL`),
    ];
  }
  return [
    q(directYears),
    q(directCohort("NULL::text", "2017-12-31")),
    q(directInvestment("NULL::text")),
    q(monthlySigned),
    q(directInvestment("i.month")),
    q(directLag()),
    q(directOverdue()),
    q(`SELECT metric, value FROM target WHERE year = 2017 AND county_id IS NULL`),
  ];
}

function countyDashboardSql(own) {
  const w = `p.county_id = ${YUCI}`;
  if (own) {
    return [
      q(ownYears),
      q(ownCohort(DIMENSION.month, "2017-12-31", w)),
      q(ownInvestment("i.month", w)),
      q(ownLag(w)),
      q(`SELECT count(*) FROM coordination_issue WHERE ${OPEN} AND county_id = ${YUCI} AND overdue_at < now()`),
      q(`SELECT metric, value FROM target WHERE year = 2017 AND county_id = ${YUCI}`),
    ];
  }
  return [
    q(own ? ownYears : directYears),
    q(own ? ownCohort("NULL::text", "2017-12-31", w) : directCohort("NULL::text", "2017-12-31", w)),
    q(own ? ownInvestment("NULL::text", w) : directInvestment("NULL::text", w)),
    q(`${monthlySigned.replace("GROUP BY 1", `AND ${w} GROUP BY 1`)}`),
    q(own ? ownInvestment("i.month", w) : directInvestment("i.month", w)),
    q(own ? ownLag(w) : directLag(w)),
    q(
      own
        ? `SELECT count(*) FROM coordination_issue WHERE ${OPEN} AND county_id = ${YUCI} AND overdue_at < now()`
        : directOverdue(`county_id = ${YUCI}`),
    ),
    q(`SELECT metric, value FROM target WHERE year = 2017 AND county_id = ${YUCI}`),
  ];
}

const DIMENSION = {
  county: "p.county_id::text",
  industry: "p.industry_id::text",
  source: "p.source_region::text",
  month: "to_char(p.signed_on, 'YYYY-MM')",
};
function funnelSql(own, by, asOf = "2017-12-31") {
  return [q(own ? ownYears : directYears), q(own ? ownCohort(DIMENSION[by], asOf) : directCohort(DIMENSION[by], asOf))];
}

function rankingSql(own) {
  if (own) {
    return [
      q(ownYears),
      q(ownCohortAt("p.county_id::text", ["2017-12-31", "2017-11-30"])),
      q(
        ownInvestment("p.county_id::text").replace(
          "sum(i.amount)",
          "sum(i.amount) FILTER (WHERE i.month <= 12), sum(i.amount) FILTER (WHERE i.month <= 11)",
        ),
      ),
      q(`SELECT county_id, metric, value FROM target WHERE year = 2017 AND county_id IS NOT NULL`),
    ];
  }
  return [
    q(own ? ownYears : directYears),
    q(own ? ownCohort("p.county_id::text", "2017-12-31") : directCohort("p.county_id::text", "2017-12-31")),
    q(own ? ownInvestment("p.county_id::text") : directInvestment("p.county_id::text")),
    q(own ? ownCohort("p.county_id::text", "2017-11-30") : directCohort("p.county_id::text", "2017-11-30")),
    q(
      (own ? ownInvestment("p.county_id::text") : directInvestment("p.county_id::text")).replace(
        "i.month <= 12",
        "i.month <= 11",
      ),
    ),
    q(`SELECT county_id, metric, value FROM target WHERE year = 2017 AND county_id IS NOT NULL`),
  ];
}

/** A province project with every stage, funding instalments and monthly investment (the detail page at its fullest). */
const fullProject = async (client) =>
  (await client.query(`SELECT id FROM project WHERE code LIKE 'BP%' AND stage = 'COMPLETED' ORDER BY id LIMIT 1`))
    .rows[0]?.id ?? 1;

const GUANGFU = "%E5%85%89%E4%BC%8F"; // 光伏

/**
 * The register's rows and totals as SQL, the way the page gets them: the page's ids by an index walk in the sort
 * order, their rows with every column the table shows (county, industry, enterprise, team, 领办领导), and the count
 * and sums of every matching row — from project_tally when the filters are the tally's own columns (`tally`).
 */
function registerSql({ where = "TRUE", order = "p.updated_at DESC, p.id DESC", offset = 0, tally = false }) {
  return [
    q(`SELECT p.id, p.code, p.name, c.name AS county, i.name AS industry, e.name AS enterprise, p.total_investment,
         p.contract_amount, p.stage, p.pool, p.is_transformation, p.plan_year, t.no, t.name AS team, p.updated_at,
         ARRAY(SELECT o.name FROM project_official po JOIN official o ON o.id = po.official_id WHERE po.project_id = p.id) AS officials
       FROM (SELECT p.id, row_number() OVER () AS n FROM (SELECT p.id FROM project p WHERE ${where} ORDER BY ${order} LIMIT 20 OFFSET ${offset}) p) page
         JOIN project p ON p.id = page.id JOIN county c ON c.id = p.county_id JOIN industry i ON i.id = p.industry_id
         LEFT JOIN enterprise e ON e.id = p.enterprise_id LEFT JOIN service_team t ON t.id = p.service_team_id
       ORDER BY page.n`),
    q(
      tally
        ? `SELECT sum(p.projects), sum(p.contract_amount), sum(p.total_investment) FROM project_tally p WHERE ${where}`
        : `SELECT count(*), sum(p.contract_amount), sum(p.total_investment) FROM project p WHERE ${where}`,
    ),
  ];
}
const SEARCH = `((p.name_grams @> search_grams('光伏') AND p.name ILIKE '%光伏%')
  OR p.enterprise_id = ANY(ARRAY(SELECT e.id FROM enterprise e WHERE e.name_grams @> search_grams('光伏') AND e.name ILIKE '%光伏%'))
  OR p.code = '光伏')`;

export const scenarios = [
  {
    name: "首页：全市指标（投资促进局）",
    user: "bureau",
    path: "/",
    sql: dashboardSql(false),
    ownSql: dashboardSql(true),
  },
  {
    name: "首页：县区指标（榆次区）",
    user: "county.yuci",
    path: "/",
    sql: countyDashboardSql(false),
    ownSql: countyDashboardSql(true),
  },
  {
    name: "漏斗分析：按县区",
    user: "bureau",
    path: "/reports/funnel?by=county",
    sql: funnelSql(false, "county"),
    ownSql: funnelSql(true, "county"),
  },
  {
    name: "漏斗分析：按产业",
    user: "bureau",
    path: "/reports/funnel?by=industry",
    sql: funnelSql(false, "industry"),
    ownSql: funnelSql(true, "industry"),
  },
  {
    name: "漏斗分析：按来源地",
    user: "bureau",
    path: "/reports/funnel?by=source",
    sql: funnelSql(false, "source"),
    ownSql: funnelSql(true, "source"),
  },
  {
    name: "漏斗分析：按签约月份",
    user: "bureau",
    path: "/reports/funnel?by=month",
    sql: funnelSql(false, "month"),
    ownSql: funnelSql(true, "month"),
  },
  {
    name: "漏斗分析：按县区，截至 2017-06-30",
    user: "bureau",
    path: "/reports/funnel?by=county&year=2017&asOf=2017-06-30",
    sql: funnelSql(false, "county", "2017-06-30"),
    ownSql: funnelSql(true, "county", "2017-06-30"),
  },
  { name: "考核排名", user: "bureau", path: "/reports/ranking", sql: rankingSql(false), ownSql: rankingSql(true) },
  { name: "项目库：默认（最近更新）", user: "bureau", path: "/projects", ownSql: registerSql({ tally: true }) },
  {
    name: "项目库：县区 + 阶段筛选，按总投资排序",
    user: "bureau",
    path: "/projects?county=1&stage=STARTED&sort=totalInvestment&dir=desc",
    ownSql: registerSql({
      where: `p.county_id = 1 AND p.stage = 'STARTED'`,
      order: "p.total_investment DESC, p.id DESC",
    }),
  },
  {
    name: "项目库：文本搜索（光伏）",
    user: "bureau",
    path: `/projects?q=${GUANGFU}`,
    ownSql: registerSql({ where: SEARCH }),
  },
  {
    name: "项目库：2017 转型项目，按阶段排序",
    user: "bureau",
    path: "/projects?year=2017&transformation=1&sort=stage&dir=asc",
    ownSql: registerSql({
      where: `p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'`,
      order: "p.stage ASC, p.id ASC",
      tally: true,
    }),
  },
  {
    name: "项目库：深翻页（第 2000 页，按名称）",
    user: "bureau",
    path: "/projects?page=2000&sort=name&dir=asc",
    ownSql: registerSql({ order: "p.name ASC, p.id ASC", offset: 1999 * 20, tally: true }),
  },
  {
    name: "项目库：县区账号（范围限定）",
    user: "county.yuci",
    path: "/projects",
    ownSql: registerSql({ where: `p.county_id = ${YUCI}` }),
  },
  {
    name: "项目详情（五个阶段、资金与投资俱全）",
    user: "bureau",
    path: async (client) => `/projects/${await fullProject(client)}`,
  },
  { name: "诉求办理：市级队列（市经信委）", user: "eic", path: "/issues" },
  { name: "诉求办理：服务小组队列", user: "bench.u1", path: "/issues" },
];

/**
 * Logging a milestone: each request logs 落地 (LAND) with its evidence on a different province project at stage
 * SIGNED, dated 30 days after signing — a valid next stage every time, so repeated runs keep finding projects.
 */
export const writeScenarios = [
  {
    name: "登记里程碑（落地，附凭证编号）",
    user: "bureau",
    // the actual date may not be after the app's today: the bench database has the demo seed, so the demo clock
    // (2017-11-20, docs/decisions/060 and 090) — hence the projects signed by 2017-10-20
    async targets(client, n) {
      const { rows } = await client.query(
        `SELECT p.id, to_char(p.signed_on + 30, 'YYYY-MM-DD') AS day, m.version
         FROM project p JOIN milestone m ON m.project_id = p.id AND m.stage = 'LAND'
         WHERE p.code LIKE 'BP%' AND p.stage = 'SIGNED' AND p.signed_on + 30 <= LEAST(CURRENT_DATE, DATE '2017-11-19')
         ORDER BY p.id LIMIT $1`,
        [n],
      );
      if (rows.length < n)
        throw new Error(`only ${rows.length} projects at stage SIGNED left: run npm run bench:data again`);
      return rows.map((r) => ({
        path: `/projects/${r.id}/milestones`,
        form: {
          intent: "log",
          stage: "LAND",
          actualOn: r.day,
          evidenceNo: `晋中土出-基准-${r.id}`,
          version: String(r.version),
        },
      }));
    },
  },
];

/** The mixed read load: what a morning of the province's users looks like (weights by repetition). */
export const loadMix = [
  { user: "bureau", path: "/projects" },
  { user: "bureau", path: `/projects?q=${GUANGFU}` },
  { user: "bureau", path: "/projects?year=2017&transformation=1&sort=stage&dir=asc" },
  { user: "county.yuci", path: "/projects" },
  { user: "county.yuci", path: "/" },
  { user: "bureau", path: "/" },
  { user: "bureau", path: "/projects/1" },
  { user: "bureau", path: "/projects/2" },
  { user: "eic", path: "/issues" },
  { user: "bench.u1", path: "/issues" },
];

/** Main routes whose first-load JS is reported: route ids from the Remix manifest. */
export const mainRoutes = [
  { label: "首页", routeIds: ["routes/_app", "routes/_app._index"] },
  { label: "项目库", routeIds: ["routes/_app", "routes/_app.projects._index"] },
  { label: "项目详情", routeIds: ["routes/_app", "routes/_app.projects.$projectId"] },
  { label: "进度里程碑", routeIds: ["routes/_app", "routes/_app.projects.$projectId_.milestones"] },
  { label: "漏斗分析", routeIds: ["routes/_app", "routes/_app.reports.funnel"] },
  { label: "考核排名", routeIds: ["routes/_app", "routes/_app.reports.ranking"] },
  { label: "诉求办理", routeIds: ["routes/_app", "routes/_app.issues._index"] },
  { label: "我的工作台", routeIds: ["routes/_app", "routes/_app.my-work"] },
  { label: "登录", routeIds: ["routes/login"] },
];
