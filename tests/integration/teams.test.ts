// Service teams and "my work": who sees which team, EIC's (bulk) assignment in one audited transaction, and a
// team's 一周一清单 limited to its own projects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as myWorkLoader } from "~/routes/_app.my-work/route";
import { loader as teamsLoader } from "~/routes/_app.teams._index/route";
import { action as teamAction, loader as teamLoader } from "~/routes/_app.teams.$teamId/route";
import { action as assignAction, loader as assignLoader } from "~/routes/_app.teams.$teamId_.assign/route";
import { postForm, requestAs, run } from "../support/requests";
import { testSql } from "../support/sql";

const sql = testSql();
let team1: number;
let team2: number;
beforeAll(async () => {
  team1 = (await sql.query("SELECT team_id FROM app_user WHERE username = 'team01'")).rows[0].team_id;
  team2 = (await sql.query("SELECT team_id FROM app_user WHERE username = 'team02'")).rows[0].team_id;
});

const get = async (fn: (a: LoaderFunctionArgs) => Promise<unknown>, user: string, path: string, params: Record<string, string> = {}) =>
  run(async () => fn({ request: await requestAs(user, path), params, context: {} }));

describe("who sees the teams", () => {
  it("roles that see all projects get the 30 teams; a team member goes to their own team; others are refused", async () => {
    for (const u of ["admin", "bureau", "leader", "eic"]) {
      const r = await get(teamsLoader, u, "/teams");
      expect(r.status).toBe(200);
      expect((r.data as { total: number }).total).toBe(30);
    }
    const t = await get(teamsLoader, "team01", "/teams");
    expect(t.status).toBe(302);
    expect(t.response!.headers.get("Location")).toBe(`/teams/${team1}`);
    expect((await get(teamsLoader, "county.yuci", "/teams")).status).toBe(403);
    expect((await get(teamsLoader, "ent.geely", "/teams")).status).toBe(403);
    expect((await get(teamLoader, "team01", `/teams/${team1}`, { teamId: String(team1) })).status).toBe(200);
    expect((await get(teamLoader, "team01", `/teams/${team2}`, { teamId: String(team2) })).status).toBe(404);
    expect((await get(teamLoader, "county.yuci", `/teams/${team1}`, { teamId: String(team1) })).status).toBe(404);
  });

  it("sorts on the server by workload columns", async () => {
    const r = await get(teamsLoader, "eic", "/teams?sort=projects&dir=desc");
    const projects = (r.data as { rows: Array<{ projects: number }> }).rows.map((x) => x.projects);
    expect(projects).toEqual([...projects].sort((a, b) => b - a));
    const want = (await sql.query("SELECT service_team_id AS id, count(*)::int AS n FROM project WHERE service_team_id IS NOT NULL GROUP BY 1")).rows;
    const byId = new Map((r.data as { rows: Array<{ id: number; projects: number }> }).rows.map((x) => [x.id, x.projects]));
    for (const w of want) expect(byId.get(w.id)).toBe(w.n);
  });
});

describe("assigning projects and enterprises (EIC)", () => {
  const assign = (user: string, teamId: number, fields: Record<string, string | string[]>) =>
    run(async () => assignAction({ request: await postForm(user, `/teams/${teamId}/assign`, fields), params: { teamId: String(teamId) }, context: {} }));

  it("moves several projects at once, with their open agency tasks, one audit event per project", async () => {
    const ids = (await sql.query("SELECT id FROM project WHERE service_team_id = $1 ORDER BY id LIMIT 3", [team2])).rows.map((r) => String(r.id));
    const openTasks = Number((await sql.query("SELECT count(*) AS n FROM agency_task WHERE project_id = ANY($1::int[]) AND status IN ('PENDING','IN_PROGRESS')", [ids])).rows[0].n);
    const r = await assign("eic", team1, { intent: "projects", ids, targetTeamId: String(team1) });
    expect(r.status).toBe(302);
    expect((await sql.query("SELECT DISTINCT service_team_id FROM project WHERE id = ANY($1::int[])", [ids])).rows).toEqual([{ service_team_id: team1 }]);
    expect(Number((await sql.query("SELECT count(*) AS n FROM agency_task WHERE project_id = ANY($1::int[]) AND status IN ('PENDING','IN_PROGRESS') AND team_id = $2", [ids, team1])).rows[0].n)).toBe(openTasks);
    const audits = (await sql.query("SELECT entity_id, before->>'serviceTeamId' AS b, after->>'serviceTeamId' AS a FROM audit_event WHERE action = 'ASSIGN_TEAM' AND entity = 'Project' ORDER BY id")).rows;
    expect(audits).toEqual(ids.map((id) => ({ entity_id: id, b: String(team2), a: String(team1) })));
    // the team now sees them
    const page = await get(teamLoader, "team01", `/teams/${team1}?size=100`, { teamId: String(team1) });
    const seen = (page.data as { projects: { rows: Array<{ id: number }> } }).projects.rows.map((p) => String(p.id));
    for (const id of ids) expect(seen).toContain(id);
  });

  it("is all or nothing: one bad id or a failure half-way leaves every project where it was", async () => {
    const ids = (await sql.query("SELECT id FROM project WHERE service_team_id = $1 ORDER BY id LIMIT 2", [team2])).rows.map((r) => String(r.id));
    const bad = await assign("eic", team1, { intent: "projects", ids: [...ids, "99999999"], targetTeamId: String(team1) });
    expect(bad.status).toBe(400);
    await sql.query(`CREATE FUNCTION test_refuse_assign() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = ${Number(ids[1])} AND NEW.service_team_id IS DISTINCT FROM OLD.service_team_id THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await sql.query("CREATE TRIGGER test_refuse_assign BEFORE UPDATE ON project FOR EACH ROW EXECUTE FUNCTION test_refuse_assign()");
    try {
      const auditsBefore = Number((await sql.query("SELECT count(*) AS n FROM audit_event")).rows[0].n);
      await expect(assign("eic", team1, { intent: "projects", ids, targetTeamId: String(team1) })).rejects.toThrow();
      expect((await sql.query("SELECT DISTINCT service_team_id FROM project WHERE id = ANY($1::int[])", [ids])).rows).toEqual([{ service_team_id: team2 }]);
      expect(Number((await sql.query("SELECT count(*) AS n FROM audit_event")).rows[0].n)).toBe(auditsBefore);
    } finally {
      await sql.query("DROP TRIGGER test_refuse_assign ON project");
      await sql.query("DROP FUNCTION test_refuse_assign()");
    }
  });

  it("only EIC and admin may assign; the assignment page is theirs too", async () => {
    const id = String((await sql.query("SELECT id FROM project WHERE service_team_id = $1 LIMIT 1", [team2])).rows[0].id);
    for (const u of ["bureau", "leader", "team01"]) {
      expect((await assign(u, team1, { intent: "projects", ids: [id], targetTeamId: String(team1) })).status).not.toBe(302);
    }
    expect((await assign("team01", team1, { intent: "projects", ids: [id], targetTeamId: String(team1) })).status).toBe(403);
    expect((await get(assignLoader, "bureau", `/teams/${team1}/assign`, { teamId: String(team1) })).status).toBe(403);
    expect((await get(assignLoader, "eic", `/teams/${team1}/assign?show=other`, { teamId: String(team1) })).status).toBe(200);
    expect((await sql.query("SELECT service_team_id FROM project WHERE id = $1", [id])).rows[0].service_team_id).toBe(team2);
    // admin can, and an empty selection is a Chinese message, not an error page
    const empty = await assign("admin", team1, { intent: "projects", targetTeamId: String(team1) });
    expect(empty.status).toBe(400);
    expect((empty.data as { formError: string }).formError).toBe("请先勾选要分配的项目或企业");
  });

  it("assigns and unassigns enterprises, audited", async () => {
    const ent = (await sql.query("SELECT id FROM enterprise WHERE service_team_id IS NULL LIMIT 1")).rows[0];
    const r = await assign("eic", team1, { intent: "enterprises", ids: [String(ent.id)], targetTeamId: String(team1) });
    expect(r.status).toBe(302);
    expect((await sql.query("SELECT service_team_id FROM enterprise WHERE id = $1", [ent.id])).rows[0].service_team_id).toBe(team1);
    const out = await run(async () =>
      teamAction({ request: await postForm("eic", `/teams/${team1}`, { intent: "enterprises", ids: String(ent.id), targetTeamId: "" }), params: { teamId: String(team1) }, context: {} }),
    );
    expect(out.status).toBe(302);
    expect((await sql.query("SELECT service_team_id FROM enterprise WHERE id = $1", [ent.id])).rows[0].service_team_id).toBeNull();
    expect(Number((await sql.query("SELECT count(*) AS n FROM audit_event WHERE entity = 'Enterprise' AND entity_id = $1 AND action = 'ASSIGN_TEAM'", [String(ent.id)])).rows[0].n)).toBe(2);
  });
});

describe("my work (一周一清单)", () => {
  it("a team user's home is /my-work; it lists only the team's projects, tasks, issues and follow-ups", async () => {
    const home = await get(homeLoader, "team01", "/");
    expect(home.status).toBe(302);
    expect(home.response!.headers.get("Location")).toBe("/my-work");
    expect((await get(myWorkLoader, "bureau", "/my-work")).status).toBe(302);

    const r = await get(myWorkLoader, "team01", "/my-work");
    expect(r.status).toBe(200);
    type D = {
      projects: Array<{ id: number }>;
      milestones: { items: Array<{ project: { id: number } }> };
      tasks: { items: Array<{ project: { id: number }; dueOn: string }> };
      issues: { items: Array<{ id: number }>; count: number };
      followUps: { items: Array<{ project: { id: number } | null }> };
      week: { end: string };
    };
    const d = r.data as D;
    const own = new Set((await sql.query("SELECT id FROM project WHERE service_team_id = $1 AND pool <> 'WITHDRAWN'", [team1])).rows.map((x) => x.id));
    expect(new Set(d.projects.map((p) => p.id))).toEqual(own);
    for (const m of d.milestones.items) expect(own.has(m.project.id)).toBe(true);
    for (const t of d.tasks.items) {
      expect(own.has(t.project.id)).toBe(true);
      expect(t.dueOn <= d.week.end).toBe(true);
    }
    for (const f of d.followUps.items) expect(own.has(f.project!.id)).toBe(true);
    const issues = Number(
      (await sql.query("SELECT count(*) AS n FROM coordination_issue WHERE team_id = $1 AND status IN ('SUBMITTED','ACCEPTED','RESPONDED','REOPENED')", [team1])).rows[0].n,
    );
    expect(d.issues.count).toBe(issues);
  });
});
