// 待分配 for 市经信委: a signed project with no service team shows on EIC's dashboard (count and link) and in the
// register's unassigned=1 work list until a team is assigned; the alert is not given to roles that do not assign
// teams, and the list is scoped like the register (a team's scope holds none of them).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { unassignedHref } from "~/domain/drilldown";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { action as leadAction } from "~/routes/_app.leads.$leadId/route";
import { action as assignAction } from "~/routes/_app.teams.$teamId_.assign/route";
import { postForm, requestAs, run } from "../support/requests";
import { testSql } from "../support/sql";

const sql = testSql();

// Signing a lead makes a project without a team: sign two (one in 榆次区), as the bureau does on the lead's page.
beforeAll(async () => {
  const enterprise = (await sql.query(`SELECT name FROM enterprise ORDER BY id LIMIT 1`)).rows[0].name;
  const leads = (
    await sql.query(
      `(SELECT l.id, l.version FROM lead l JOIN county c ON c.id = l.county_id
         WHERE l.stage = 'NEGOTIATION' AND c.name = '榆次区' ORDER BY l.id LIMIT 1)
       UNION ALL
       (SELECT l.id, l.version FROM lead l JOIN county c ON c.id = l.county_id
         WHERE l.stage = 'NEGOTIATION' AND c.name <> '榆次区' ORDER BY l.id LIMIT 1)`,
    )
  ).rows;
  expect(leads).toHaveLength(2);
  for (const lead of leads) {
    const request = await postForm("bureau", `/leads/${lead.id}`, {
      intent: "convert",
      version: String(lead.version),
      projectName: `待分配测试项目${lead.id}`,
      signedOn: "2017-11-15",
      contractAmount: "5000",
      totalInvestment: "8000",
      enterpriseMode: "existing",
      enterpriseQuery: enterprise,
    });
    const res = await run(() => leadAction({ request, params: { leadId: String(lead.id) }, context: {} }));
    expect(res.status).toBe(302);
  }
});

const get = async (fn: (a: LoaderFunctionArgs) => Promise<unknown>, user: string, path: string) =>
  run(async () => fn({ request: await requestAs(user, path), params: {}, context: {} }));

/** Independent of the app's definition: signed, not withdrawn, no team. */
async function unassignedIds(countyId?: number): Promise<number[]> {
  const rows = await sql.query(
    `SELECT p.id FROM project p
      WHERE EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = p.id AND m.stage = 'SIGNED' AND m.actual_on IS NOT NULL)
        AND p.service_team_id IS NULL AND p.pool <> 'WITHDRAWN' ${countyId ? "AND p.county_id = $1" : ""}
      ORDER BY p.id`,
    countyId ? [countyId] : [],
  );
  return rows.rows.map((r) => r.id as number);
}

type Home = { unassigned: number | null };
type Register = { total: number; rows: { id: number; team: unknown }[] };

describe("待分配: signed projects without a service team", () => {
  it("EIC's dashboard counts them and links the register's work list, which lists exactly them", async () => {
    const want = await unassignedIds();
    expect(want.length).toBeGreaterThanOrEqual(2);
    // the demo seed has deals signed shortly before the demo date that wait for a team
    const seeded = await sql.query(
      `SELECT count(*)::int AS n FROM project WHERE id = ANY($1::int[]) AND name NOT LIKE '待分配测试项目%'`,
      [want],
    );
    expect(seeded.rows[0].n).toBeGreaterThan(0);
    const home = await get(homeLoader, "eic", "/");
    expect(home.status).toBe(200);
    expect((home.data as Home).unassigned).toBe(want.length);
    const href = unassignedHref(null);
    expect(href).toBe("/projects?unassigned=1");
    const list = await get(registerLoader, "eic", `${href}&size=100&sort=name&dir=asc`);
    expect(list.status).toBe(200);
    const reg = list.data as Register;
    expect(reg.total).toBe(want.length);
    expect(reg.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(want.slice(0, 100));
    expect(reg.rows.every((r) => r.team === null)).toBe(true);
    // narrowed to a county on the dashboard
    const county = (await sql.query(`SELECT county_id FROM project WHERE id = $1`, [want[0]])).rows[0].county_id;
    const inCounty = await get(homeLoader, "eic", `/?county=${county}`);
    expect((inCounty.data as Home).unassigned).toBe((await unassignedIds(county)).length);
  });

  it("is only EIC's and the admin's alert; a team's register holds none of them", async () => {
    expect((await get(homeLoader, "admin", "/")).data).toMatchObject({ unassigned: (await unassignedIds()).length });
    for (const user of ["bureau", "leader", "county.yuci"]) {
      const home = await get(homeLoader, user, "/");
      expect(home.status, user).toBe(200);
      expect((home.data as Home).unassigned, user).toBeNull();
    }
    // a team never reaches the dashboard, and its scope (its own projects) has no unassigned ones
    const teamHome = await get(homeLoader, "team01", "/");
    expect(teamHome.status).toBe(302);
    expect(teamHome.response!.headers.get("Location")).toBe("/my-work");
    const teamList = await get(registerLoader, "team01", "/projects?unassigned=1");
    expect((teamList.data as Register).total).toBe(0);
    // a county's list is its own county's
    const yuci = (await sql.query(`SELECT county_id FROM app_user WHERE username = 'county.yuci'`)).rows[0].county_id;
    const countyList = await get(registerLoader, "county.yuci", "/projects?unassigned=1&size=100");
    expect((countyList.data as Register).total).toBe((await unassignedIds(yuci)).length);
  });

  it("leaves the list once EIC assigns a team", async () => {
    const [first] = await unassignedIds();
    const before = ((await get(homeLoader, "eic", "/")).data as Home).unassigned!;
    const team = (await sql.query(`SELECT team_id FROM app_user WHERE username = 'team01'`)).rows[0].team_id;
    const request = await postForm("eic", `/teams/${team}/assign`, {
      intent: "projects",
      ids: String(first),
      targetTeamId: String(team),
    });
    const res = await run(() => assignAction({ request, params: { teamId: String(team) }, context: {} }));
    expect(res.status).toBe(302);
    expect(((await get(homeLoader, "eic", "/")).data as Home).unassigned).toBe(before - 1);
    const list = await get(registerLoader, "eic", "/projects?unassigned=1&size=100");
    expect((list.data as Register).rows.map((r) => r.id)).not.toContain(first);
  });
});
