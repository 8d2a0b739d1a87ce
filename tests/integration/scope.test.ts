// Row-level access per role (docs/design.md §6): each role sees exactly its rows, and another scope's project by id
// is a 404 — checked against independent SQL on the seeded demo data.
import { describe, expect, it } from "vitest";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { listProjects } from "~/models/project.server";
import { loader as issueLoader } from "~/routes/_app.issues.$issueId/route";
import { loader as detailLoader } from "~/routes/_app.projects.$projectId/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { requestAs, run, viewerFor } from "../support/requests";
import { countyNamed, createEnterprise, createIssue, createProject, createUser, teamNo } from "../support/factories";
import { testSql } from "../support/sql";

const sql = testSql();

async function ids(query: string, params: unknown[] = []): Promise<number[]> {
  const { rows } = await sql.query(query, params);
  return rows.map((r) => r.id as number).sort((a, b) => a - b);
}

async function visibleIds(username: string) {
  const viewer = await viewerFor(username);
  const out: number[] = [];
  for (let page = 1; ; page++) {
    const q = parseProjectListQuery(new URLSearchParams({ size: "100", page: String(page), sort: "name", dir: "asc" }));
    const r = await listProjects(viewer, q);
    out.push(...r.rows.map((x) => x.id));
    if (r.rows.length < 100) {
      expect(out.length).toBe(r.total);
      break;
    }
  }
  return out.sort((a, b) => a - b);
}

const expectedFor: Record<string, () => Promise<number[]>> = {
  admin: () => ids("SELECT id FROM project"),
  bureau: () => ids("SELECT id FROM project"),
  leader: () => ids("SELECT id FROM project"),
  eic: () => ids("SELECT id FROM project"),
  "county.yuci": () => ids("SELECT p.id FROM project p JOIN county c ON c.id = p.county_id WHERE c.name = '榆次区'"),
  team01: () =>
    ids("SELECT p.id FROM project p JOIN app_user u ON u.team_id = p.service_team_id WHERE u.username = 'team01'"),
  "ent.geely": () =>
    ids(
      "SELECT p.id FROM project p JOIN app_user u ON u.enterprise_id = p.enterprise_id WHERE u.username = 'ent.geely'",
    ),
};

describe("register scope per role", () => {
  for (const [username, expected] of Object.entries(expectedFor)) {
    it(`${username} sees exactly its projects`, async () => {
      const want = await expected();
      expect(want.length).toBeGreaterThan(0);
      expect(await visibleIds(username)).toEqual(want);
    });
  }

  it("scoped roles see a strict subset; the county only 榆次区, the enterprise only 吉利", async () => {
    const all = await ids("SELECT id FROM project");
    const yuci = await visibleIds("county.yuci");
    const geely = await visibleIds("ent.geely");
    expect(yuci.length).toBeLessThan(all.length);
    const { rows: counties } = await sql.query(
      "SELECT DISTINCT c.name FROM project p JOIN county c ON c.id = p.county_id WHERE p.id = ANY($1)",
      [yuci],
    );
    expect(counties.map((r) => r.name)).toEqual(["榆次区"]);
    const { rows: ents } = await sql.query(
      "SELECT DISTINCT e.name FROM project p JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = ANY($1)",
      [geely],
    );
    expect(ents.length).toBe(1);
    expect(ents[0].name).toContain("吉利");
  });

  it("a filter cannot widen the scope (county.yuci asking for another county gets nothing)", async () => {
    const { rows } = await sql.query("SELECT id FROM county WHERE name = '介休市'");
    const req = await requestAs("county.yuci", `/projects?county=${rows[0].id}`);
    const res = await run(() => registerLoader({ request: req, params: {}, context: {} }));
    expect(res.status).toBe(200);
    expect((res.data as { total: number }).total).toBe(0);
  });
});

describe("project detail by id", () => {
  async function detail(username: string, id: number | string) {
    const req = await requestAs(username, `/projects/${id}`);
    return run(() => detailLoader({ request: req, params: { projectId: String(id) }, context: {} }));
  }

  // two projects of this file's own: one inside the scope of county.yuci, team01 and ent.geely, one outside all three
  async function insideAndOutside() {
    const me = (
      await sql.query("SELECT team_id, enterprise_id FROM app_user WHERE username IN ('team01', 'ent.geely')")
    ).rows;
    const team01 = me.find((r) => r.team_id !== null)!.team_id as number;
    const geely = me.find((r) => r.enterprise_id !== null)!.enterprise_id as number;
    const inside = await createProject(sql, {
      countyId: await countyNamed(sql, "榆次区"),
      serviceTeamId: team01,
      enterpriseId: geely,
      milestones: { SIGNED: { actual: "2017-04-01" } },
    });
    const outside = await createProject(sql, {
      countyId: await countyNamed(sql, "介休市"),
      serviceTeamId: await teamNo(sql, 2),
      enterpriseId: (await createEnterprise(sql)).id,
      name: "介休范围外测试项目",
    });
    return { inside, outside };
  }

  it("is 404 outside the viewer's scope and 200 inside", async () => {
    const { inside, outside } = await insideAndOutside();
    for (const u of ["county.yuci", "team01", "ent.geely"]) {
      expect((await detail(u, outside.id)).status, u).toBe(404);
      expect((await detail(u, inside.id)).status, u).toBe(200);
    }
    for (const u of ["admin", "bureau", "leader", "eic"]) expect((await detail(u, outside.id)).status).toBe(200);
  });

  it("the 404 body does not leak the project's data", async () => {
    const { outside } = await insideAndOutside();
    const res = await detail("county.yuci", outside.id);
    expect(res.status).toBe(404);
    expect(String(res.data)).not.toContain(outside.name);
    expect(String(res.data)).not.toContain(outside.code);
  });

  it("non-numeric and out-of-range ids are 404, not 500", async () => {
    for (const id of ["abc", "-1", "0", "99999999999", "1e3"]) expect((await detail("bureau", id)).status).toBe(404);
  });
});

describe("an enterprise reads its own project as a summary (docs/design.md §6)", () => {
  const pid = async () =>
    (
      await ids(
        "SELECT p.id FROM project p JOIN app_user u ON u.enterprise_id = p.enterprise_id WHERE u.username = 'ent.geely' LIMIT 1",
      )
    )[0];

  it("the detail page carries the facts and the team's contact, not the working record", async () => {
    const id = await pid();
    await sql.query(
      `INSERT INTO audit_event (actor_id, action, entity, entity_id, project_id, before, after)
       SELECT id, 'UPDATE', 'Project', $1::text, $1::int, '{"name":"旧名称"}', '{"name":"新名称"}' FROM app_user WHERE username = 'bureau'`,
      [id],
    );
    const mine = await run(async () =>
      detailLoader({
        request: await requestAs("ent.geely", `/projects/${id}`),
        params: { projectId: String(id) },
        context: {},
      }),
    );
    expect(mine.status).toBe(200);
    const d = mine.data as {
      project: { id: number; milestones: unknown[]; history: unknown[] };
      workspace: unknown;
      milestoneEvents: unknown;
    };
    expect(d.project.id).toBe(id);
    expect(d.project.milestones.length).toBeGreaterThan(0);
    expect(d.project.history).toEqual([]);
    expect(d.workspace).toBeNull();
    expect(d.milestoneEvents).toBeNull();

    const bureau = await run(async () =>
      detailLoader({
        request: await requestAs("bureau", `/projects/${id}`),
        params: { projectId: String(id) },
        context: {},
      }),
    );
    const b = bureau.data as { project: { history: unknown[] }; workspace: { serviceLogs: unknown[] } | null };
    expect(b.project.history.length).toBeGreaterThan(0);
    expect(b.workspace).not.toBeNull();
  });

  it("the workspace pages of its own project are 403 on the server, in loaders and actions", async () => {
    const id = await pid();
    const routes = await Promise.all(
      ["milestones", "funding", "investment", "service-logs", "tasks"].map(async (r) => ({
        r,
        mod: await import(`~/routes/_app.projects.$projectId_.${r}/route`),
      })),
    );
    for (const { r, mod } of routes) {
      const path = `/projects/${id}/${r}`;
      const get = await run(async () =>
        mod.loader({ request: await requestAs("ent.geely", path), params: { projectId: String(id) }, context: {} }),
      );
      expect(get.status, `${r} loader`).toBe(403);
      const body = new URLSearchParams({ intent: "x" });
      const post = await run(async () =>
        mod.action({
          request: await requestAs("ent.geely", path, { method: "POST", body }),
          params: { projectId: String(id) },
          context: {},
        }),
      );
      expect(post.status, `${r} action`).toBe(403);
      // the project's team still gets the page
      const team = await run(async () =>
        mod.loader({ request: await requestAs("bureau", path), params: { projectId: String(id) }, context: {} }),
      );
      expect(team.status, `${r} bureau`).toBe(200);
    }
  });

  it("a project's evidence file is not served to the enterprise; the bureau passes the same check", async () => {
    const id = await pid();
    const { loader: fileLoader } = await import("~/routes/resources.attachments.$attachmentId");
    const { rows } = await sql.query(
      `INSERT INTO attachment (project_id, file_name, mime_type, size, storage_key)
       VALUES ($1, '土地出让合同.pdf', 'application/pdf', 10, 'scope-test-' || $1::int || '-' || extract(epoch from now())::text) RETURNING id`,
      [id],
    );
    const att = rows[0].id as number;
    const get = async (u: string) =>
      run(async () =>
        fileLoader({
          request: await requestAs(u, `/resources/attachments/${att}`),
          params: { attachmentId: String(att) },
          context: {},
        }),
      );
    const ent = await get("ent.geely");
    expect(ent.status).toBe(404);
    expect(String(ent.data)).toContain("无权查看");
    // the bureau passes the access check (the file itself is not on disk in this test)
    const bureau = await get("bureau");
    expect(bureau.status).toBe(404);
    expect(String(bureau.data)).toContain("附件文件已丢失");
  });
});

describe("people and issues made for the test", () => {
  it("a service-team user sees its team's projects and issues, and not another team's", async () => {
    const countyId = await countyNamed(sql, "平遥县");
    const [team7, team8] = [await teamNo(sql, 7), await teamNo(sql, 8)];
    const member = await createUser(sql, "TEAM", { teamId: team7 });
    const enterprise = await createEnterprise(sql, { countyId });
    const mine = await createProject(sql, { countyId, serviceTeamId: team7, enterpriseId: enterprise.id });
    const theirs = await createProject(sql, { countyId, serviceTeamId: team8, enterpriseId: enterprise.id });
    expect(await visibleIds(member.username)).toEqual(
      await ids("SELECT id FROM project WHERE service_team_id = $1", [team7]),
    );
    expect(await visibleIds(member.username)).toContain(mine.id);
    expect(await visibleIds(member.username)).not.toContain(theirs.id);

    const issue = async (projectId: number, level: "TEAM" | "COUNTY") =>
      (await createIssue(sql, { enterpriseId: enterprise.id, countyId, projectId, level })).id;
    const issueOf = (username: string, id: number) =>
      run(async () =>
        issueLoader({
          request: await requestAs(username, `/issues/${id}`),
          params: { issueId: String(id) },
          context: {},
        }),
      );
    const ownIssue = await issue(mine.id, "TEAM");
    const otherIssue = await issue(theirs.id, "COUNTY");
    expect((await issueOf(member.username, ownIssue)).status).toBe(200);
    expect((await issueOf(member.username, otherIssue)).status).toBe(404);
    // the county's official sees both: they are its county's
    const official = await createUser(sql, "COUNTY", { countyId });
    expect((await issueOf(official.username, otherIssue)).status).toBe(200);
    expect((await issueOf(official.username, ownIssue)).status).toBe(200);
  });
});
