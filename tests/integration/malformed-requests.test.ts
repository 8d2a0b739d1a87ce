// Malformed and refused requests against the real server (issue 21, findings 5 and 6): each answers a Chinese 4xx,
// never a 500 — including the page rendered for a refused form.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppProcess, signIn, startApp } from "../support/appProcess";

let app: AppProcess;
let sql: pg.Client;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp({ DATABASE_URL: process.env.DATABASE_URL });
  for (const u of ["bureau", "county.yuci"]) cookies[u] = await signIn(app, u);
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

async function post(user: string, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await fetch(app.url(path), {
    method: "POST",
    headers: { Cookie: cookies[user] },
    body,
    redirect: "manual",
  });
  return { status: res.status, text: await res.text() };
}

describe("the project form refused with exactly one 领办领导 ticked (finding 5)", () => {
  async function projectFields(over: Record<string, string | string[]> = {}) {
    const county = (await sql.query("SELECT id FROM county WHERE name = '榆次区'")).rows[0].id;
    const industry = (await sql.query("SELECT id FROM industry ORDER BY id LIMIT 1")).rows[0].id;
    const official = (await sql.query("SELECT id FROM official WHERE level = 'CITY' ORDER BY id LIMIT 1")).rows[0].id;
    return {
      name: "单个领办领导测试",
      countyId: String(county),
      industryId: String(industry),
      origin: "ATTRACTION",
      totalInvestment: "50000",
      planYear: "2017",
      enterpriseMode: "none",
      officialIds: String(official),
      ...over,
    };
  }

  it("a validation error on /projects/new re-renders the form (400), not a 500", async () => {
    const r = await post("bureau", "/projects/new", await projectFields({ name: "" }));
    expect(r.status).toBe(400);
    expect(r.text).toContain("新建项目");
    expect(r.text).toContain("领办领导");
  });

  it("a county's 403 and the 409 concurrent-edit page on /projects/:id/edit render too", async () => {
    const jiexiu = (await sql.query("SELECT id FROM county WHERE name = '介休市'")).rows[0].id;
    const forbidden = await post("county.yuci", "/projects/new", await projectFields({ countyId: String(jiexiu) }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain("您只能为本县区创建项目");

    const created = await post("bureau", "/projects/new", await projectFields({ name: "并发单领导测试" }));
    expect(created.status).toBe(302);
    const id = Number((await sql.query("SELECT id FROM project WHERE name = '并发单领导测试'")).rows[0].id);
    expect(
      (await post("bureau", `/projects/${id}/edit`, await projectFields({ name: "改一", version: "1" }))).status,
    ).toBe(302);
    const stale = await post("bureau", `/projects/${id}/edit`, await projectFields({ name: "改二", version: "1" }));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("编辑项目");
  });
});
