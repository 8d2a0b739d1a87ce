// The benchmark's 50 people (issue 19 §4): every connection signs in as its own person, with its own session, and
// reads the pages of its own scope — a realistic province mix of city, county, service-team and enterprise users
// (the bench dataset's bench.uN accounts: uN with N % 5 = 0…2 a team, 3 a county, 4 an enterprise). Each person
// cycles through its role's pages, with a project of its own scope where there is one.
// Also the 50,000-row XLSX for the import timing, built before the clock starts.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

const GUANGFU = encodeURIComponent("光伏");

/** How many of the 50 are of each kind (a province: few city staff, many county and team staff, some enterprises). */
export const PEOPLE_MIX = { city: 8, county: 17, team: 17, enterprise: 8 };

/** Pages per kind of person (their home: 首页, 我的工作台, 企业服务); `{project}` is a project of the person's own scope. */
const PAGES = {
  city: ["/", "/projects", `/projects?q=${GUANGFU}`, "/projects/{project}", "/issues", "/reports/funnel?by=county"],
  county: ["/", "/projects", "/projects?stage=STARTED&sort=totalInvestment&dir=desc", "/projects/{project}", "/issues"],
  team: ["/my-work", "/projects", "/projects/{project}", "/issues"],
  enterprise: ["/portal", "/projects", "/projects/{project}", "/issues"],
};

/**
 * The people, from the bench database: `{ username, kind, pages }` (pages not yet checked: see checkPages).
 * @param {import("pg").Client} client
 * @param {Partial<typeof PEOPLE_MIX>} [mix]
 */
export async function people(client, mix = PEOPLE_MIX) {
  const m = { ...PEOPLE_MIX, ...mix };
  const city = ["bureau", "leader", "eic"];
  const out = [];
  for (let i = 0; i < m.city; i++)
    out.push({ username: city[i % city.length], kind: "city", where: "TRUE", values: [] });
  const byRole = async (role, n, col) => {
    const { rows } = await client.query(
      `SELECT username, ${col} AS scope FROM app_user
       WHERE role = $1 AND username LIKE 'bench.u%' AND is_active AND ${col} IS NOT NULL
       ORDER BY substr(username, 8)::int LIMIT $2`,
      [role, n],
    );
    if (rows.length < n) throw new Error(`the bench dataset has ${rows.length} ${role} accounts, ${n} wanted`);
    return rows;
  };
  for (const r of await byRole("COUNTY", m.county, "county_id"))
    out.push({ username: r.username, kind: "county", where: "county_id = $1", values: [r.scope] });
  for (const r of await byRole("TEAM", m.team, "team_id"))
    out.push({ username: r.username, kind: "team", where: "service_team_id = $1", values: [r.scope] });
  for (const r of await byRole("ENTERPRISE", m.enterprise, "enterprise_id"))
    out.push({ username: r.username, kind: "enterprise", where: "enterprise_id = $1", values: [r.scope] });
  for (const p of out) {
    const { rows } = await client.query(
      `SELECT id FROM project WHERE ${p.where} ORDER BY id LIMIT 1 OFFSET 3`,
      p.values,
    );
    const project = rows[0]?.id;
    p.pages = PAGES[p.kind]
      .filter((x) => project || !x.includes("{project}"))
      .map((x) => x.replace("{project}", project));
  }
  return out.map(({ username, kind, pages }) => ({ username, kind, pages }));
}

/** Counts per kind, for the report: "8 city, 17 county, …". */
export function describeMix(list) {
  const n = {};
  for (const p of list) n[p.kind] = (n[p.kind] ?? 0) + 1;
  const label = { city: "市级（投资促进局、市领导、市经信委）", county: "县区", team: "服务小组", enterprise: "企业" };
  return Object.entries(n)
    .map(([k, v]) => `${v} ${label[k] ?? k}`)
    .join("、");
}

/**
 * A 50,000-row 项目 workbook in the import template's columns (the same shape as tests/integration/import-large),
 * naming the bench database's counties and industries; codes carry `tag` so runs never collide.
 * @param {{ headers: string[], counties: string[], industries: string[], rows: number, tag: string }} o
 */
export async function importWorkbook({ headers, counties, industries, rows, tag }) {
  const out = new PassThrough();
  const chunks = [];
  out.on("data", (c) => chunks.push(c));
  const done = new Promise((resolve) => out.on("end", resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet("项目数据");
  ws.addRow(headers).commit();
  const at = (h) => {
    const i = headers.indexOf(h);
    if (i < 0) throw new Error(`the import template has no column ${h}`);
    return i;
  };
  const dates = ["2017-02-01", "2017-03-01", "2017-04-01", "2017-05-01", "2017-06-01"].map(
    (d) => new Date(`${d}T00:00:00Z`),
  );
  const keys = ["签约日期", "落地（供地）日期", "资金到位日期", "开工日期", "竣工投产日期"];
  for (let i = 0; i < rows; i++) {
    const r = headers.map(() => null);
    r[at("项目编号")] = `${tag}-${String(i).padStart(6, "0")}`;
    r[at("项目名称")] = `基准导入项目${tag}-${i}`;
    r[at("县（区、市）")] = counties[i % counties.length];
    r[at("产业")] = industries[i % industries.length];
    r[at("项目来源")] = "本地投资/技改";
    r[at("总投资（万元）")] = 1000 + i;
    r[at("年度计划投资（万元）")] = i % 500;
    r[at("计划年度")] = 2018;
    const stage = i % 6;
    for (let s = 0; s < stage; s++) r[at(keys[s])] = dates[s];
    ws.addRow(r).commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
