// Service teams and "my work": who sees which team, EIC's (bulk) assignment in one audited transaction, a
// team's 一周一清单 limited to its own projects, and a reassigned project's open issues and tasks following it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as myWorkLoader } from "~/routes/_app.my-work/route";
import { loader as teamsLoader } from "~/routes/_app.teams._index/route";
import { action as teamAction, loader as teamLoader } from "~/routes/_app.teams.$teamId/route";
import { action as assignAction, loader as assignLoader } from "~/routes/_app.teams.$teamId_.assign/route";
import { action as issueAction, loader as issueLoader } from "~/routes/_app.issues.$issueId/route";
import { loader as queueLoader } from "~/routes/_app.issues._index/route";
import { action as issueNewAction } from "~/routes/_app.issues.new/route";
import { action as tasksAction } from "~/routes/_app.projects.$projectId_.tasks/route";
import { action as editAction, loader as editLoader } from "~/routes/_app.projects.$projectId_.edit/route";
import { postForm, postMultipart, requestAs, run } from "../support/requests";
import { testSql } from "../support/sql";
import { today } from "~/utils/clock.server";

const sql = testSql();
let team1: number;
let team2: number;
beforeAll(async () => {
  team1 = (await sql.query("SELECT team_id FROM app_user WHERE username = 'team01'")).rows[0].team_id;
  team2 = (await sql.query("SELECT team_id FROM app_user WHERE username = 'team02'")).rows[0].team_id;
});

const get = async (
  fn: (a: LoaderFunctionArgs) => Promise<unknown>,
  user: string,
  path: string,
  params: Record<string, string> = {},
) => run(async () => fn({ request: await requestAs(user, path), params, context: {} }));

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
    const want = (
      await sql.query(
        "SELECT service_team_id AS id, count(*)::int AS n FROM project WHERE service_team_id IS NOT NULL GROUP BY 1",
      )
    ).rows;
    const byId = new Map(
      (r.data as { rows: Array<{ id: number; projects: number }> }).rows.map((x) => [x.id, x.projects]),
    );
    for (const w of want) expect(byId.get(w.id)).toBe(w.n);
  });
});

describe("assigning projects and enterprises (EIC)", () => {
  const assign = (user: string, teamId: number, fields: Record<string, string | string[]>) =>
    run(async () =>
      assignAction({
        request: await postForm(user, `/teams/${teamId}/assign`, fields),
        params: { teamId: String(teamId) },
        context: {},
      }),
    );

  it("moves several projects at once, with their open agency tasks, one audit event per project", async () => {
    const ids = (
      await sql.query("SELECT id FROM project WHERE service_team_id = $1 ORDER BY id LIMIT 3", [team2])
    ).rows.map((r) => String(r.id));
    const openTasks = Number(
      (
        await sql.query(
          "SELECT count(*) AS n FROM agency_task WHERE project_id = ANY($1::int[]) AND status IN ('PENDING','IN_PROGRESS')",
          [ids],
        )
      ).rows[0].n,
    );
    const r = await assign("eic", team1, { intent: "projects", ids, targetTeamId: String(team1) });
    expect(r.status).toBe(302);
    expect(
      (await sql.query("SELECT DISTINCT service_team_id FROM project WHERE id = ANY($1::int[])", [ids])).rows,
    ).toEqual([{ service_team_id: team1 }]);
    expect(
      Number(
        (
          await sql.query(
            "SELECT count(*) AS n FROM agency_task WHERE project_id = ANY($1::int[]) AND status IN ('PENDING','IN_PROGRESS') AND team_id = $2",
            [ids, team1],
          )
        ).rows[0].n,
      ),
    ).toBe(openTasks);
    const audits = (
      await sql.query(
        "SELECT entity_id, before->>'serviceTeamId' AS b, after->>'serviceTeamId' AS a FROM audit_event WHERE action = 'ASSIGN_TEAM' AND entity = 'Project' ORDER BY id",
      )
    ).rows;
    expect(audits).toEqual(ids.map((id) => ({ entity_id: id, b: String(team2), a: String(team1) })));
    // the team now sees them
    const page = await get(teamLoader, "team01", `/teams/${team1}?size=100`, { teamId: String(team1) });
    const seen = (page.data as { projects: { rows: Array<{ id: number }> } }).projects.rows.map((p) => String(p.id));
    for (const id of ids) expect(seen).toContain(id);
  });

  it("is all or nothing: one bad id or a failure half-way leaves every project where it was", async () => {
    const ids = (
      await sql.query("SELECT id FROM project WHERE service_team_id = $1 ORDER BY id LIMIT 2", [team2])
    ).rows.map((r) => String(r.id));
    const bad = await assign("eic", team1, {
      intent: "projects",
      ids: [...ids, "99999999"],
      targetTeamId: String(team1),
    });
    expect(bad.status).toBe(400);
    await sql.query(`CREATE FUNCTION test_refuse_assign() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = ${Number(ids[1])} AND NEW.service_team_id IS DISTINCT FROM OLD.service_team_id THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await sql.query(
      "CREATE TRIGGER test_refuse_assign BEFORE UPDATE ON project FOR EACH ROW EXECUTE FUNCTION test_refuse_assign()",
    );
    try {
      const auditsBefore = Number((await sql.query("SELECT count(*) AS n FROM audit_event")).rows[0].n);
      await expect(assign("eic", team1, { intent: "projects", ids, targetTeamId: String(team1) })).rejects.toThrow();
      expect(
        (await sql.query("SELECT DISTINCT service_team_id FROM project WHERE id = ANY($1::int[])", [ids])).rows,
      ).toEqual([{ service_team_id: team2 }]);
      expect(Number((await sql.query("SELECT count(*) AS n FROM audit_event")).rows[0].n)).toBe(auditsBefore);
    } finally {
      await sql.query("DROP TRIGGER test_refuse_assign ON project");
      await sql.query("DROP FUNCTION test_refuse_assign()");
    }
  });

  it("only EIC and admin may assign; the assignment page is theirs too", async () => {
    const id = String(
      (await sql.query("SELECT id FROM project WHERE service_team_id = $1 LIMIT 1", [team2])).rows[0].id,
    );
    for (const u of ["bureau", "leader", "team01"]) {
      expect((await assign(u, team1, { intent: "projects", ids: [id], targetTeamId: String(team1) })).status).not.toBe(
        302,
      );
    }
    expect((await assign("team01", team1, { intent: "projects", ids: [id], targetTeamId: String(team1) })).status).toBe(
      403,
    );
    expect((await get(assignLoader, "bureau", `/teams/${team1}/assign`, { teamId: String(team1) })).status).toBe(403);
    expect(
      (await get(assignLoader, "eic", `/teams/${team1}/assign?show=other`, { teamId: String(team1) })).status,
    ).toBe(200);
    expect((await sql.query("SELECT service_team_id FROM project WHERE id = $1", [id])).rows[0].service_team_id).toBe(
      team2,
    );
    // admin can, and an empty selection is a Chinese message, not an error page
    const empty = await assign("admin", team1, { intent: "projects", targetTeamId: String(team1) });
    expect(empty.status).toBe(400);
    expect((empty.data as { formError: string }).formError).toBe("请先勾选要分配的项目或企业");
  });

  it("assigns and unassigns enterprises, audited", async () => {
    const ent = (await sql.query("SELECT id FROM enterprise WHERE service_team_id IS NULL LIMIT 1")).rows[0];
    const r = await assign("eic", team1, { intent: "enterprises", ids: [String(ent.id)], targetTeamId: String(team1) });
    expect(r.status).toBe(302);
    expect(
      (await sql.query("SELECT service_team_id FROM enterprise WHERE id = $1", [ent.id])).rows[0].service_team_id,
    ).toBe(team1);
    const out = await run(async () =>
      teamAction({
        request: await postForm("eic", `/teams/${team1}`, {
          intent: "enterprises",
          ids: String(ent.id),
          targetTeamId: "",
        }),
        params: { teamId: String(team1) },
        context: {},
      }),
    );
    expect(out.status).toBe(302);
    expect(
      (await sql.query("SELECT service_team_id FROM enterprise WHERE id = $1", [ent.id])).rows[0].service_team_id,
    ).toBeNull();
    expect(
      Number(
        (
          await sql.query(
            "SELECT count(*) AS n FROM audit_event WHERE entity = 'Enterprise' AND entity_id = $1 AND action = 'ASSIGN_TEAM'",
            [String(ent.id)],
          )
        ).rows[0].n,
      ),
    ).toBe(2);
  });
});

describe("my work (一周一清单)", () => {
  it("a team user's home is /my-work; it lists only the team's projects, tasks, issues and follow-ups", async () => {
    const home = await get(homeLoader, "team01", "/");
    expect(home.status).toBe(302);
    expect(home.response!.headers.get("Location")).toBe("/my-work");
    // the leader has no week list; the bureau's holds only its own leads' follow-ups (issue 22), no projects
    expect((await get(myWorkLoader, "leader", "/my-work")).status).toBe(302);
    const bureauWork = await get(myWorkLoader, "bureau", "/my-work");
    expect(bureauWork.status).toBe(200);
    expect(bureauWork.data).toMatchObject({ projectWork: false, projectCount: 0, milestones: { count: 0 } });

    // Follow-ups: the seed has none of team01's, so one of its own and one of another team's (must not show).
    const ownProject = (
      await sql.query("SELECT id FROM project WHERE service_team_id = $1 AND pool <> 'WITHDRAWN' ORDER BY id LIMIT 1", [
        team1,
      ])
    ).rows[0].id;
    const otherProject = (
      await sql.query("SELECT id FROM project WHERE service_team_id = $1 AND pool <> 'WITHDRAWN' ORDER BY id LIMIT 1", [
        team2,
      ])
    ).rows[0].id;
    for (const [pid, team] of [
      [ownProject, team1],
      [otherProject, team2],
    ]) {
      await sql.query(
        // dated on the application clock (the demo date), not the database server's
        "INSERT INTO service_log (team_id, project_id, kind, occurred_on, people, content, follow_up_on) VALUES ($1, $2, 'VISIT', $3::date - 3, '张三', '走访企业，约定下周回访', $3::date - 1)",
        [team, pid, today()],
      );
    }

    const r = await get(myWorkLoader, "team01", "/my-work");
    expect(r.status).toBe(200);
    type D = {
      projects: Array<{ id: number }>;
      projectCount: number;
      milestones: { items: Array<{ project: { id: number } }> };
      tasks: { items: Array<{ project: { id: number }; dueOn: string }> };
      issues: { items: Array<{ id: number; level: string; status: string }>; count: number };
      followUps: { items: Array<{ project: { id: number } | null }> };
      week: { end: string };
    };
    const d = r.data as D;
    const own = new Set(
      (await sql.query("SELECT id FROM project WHERE service_team_id = $1 AND pool <> 'WITHDRAWN'", [team1])).rows.map(
        (x) => x.id,
      ),
    );
    expect(new Set(d.projects.map((p) => p.id))).toEqual(own);
    expect(d.projectCount).toBe(own.size);
    // Every list has something on the seed, so the per-item checks below are not vacuous.
    expect(d.milestones.items.length).toBeGreaterThan(0);
    expect(d.tasks.items.length).toBeGreaterThan(0);
    expect(d.issues.items.length).toBeGreaterThan(0);
    expect(d.followUps.items.length).toBeGreaterThan(0);
    for (const m of d.milestones.items) expect(own.has(m.project.id)).toBe(true);
    for (const t of d.tasks.items) {
      expect(own.has(t.project.id)).toBe(true);
      expect(t.dueOn <= d.week.end).toBe(true);
    }
    for (const f of d.followUps.items) expect(own.has(f.project!.id)).toBe(true);
    expect(d.followUps.items.map((f) => f.project!.id)).not.toContain(otherProject);

    // Issues: at TEAM level, in a status where the team acts (not RESOLVED = the enterprise's turn, not CLOSED),
    // the team's own or its projects'.
    const mustAct = ["SUBMITTED", "ACCEPTED", "RESPONDED", "REOPENED"];
    const rows = (
      await sql.query(
        "SELECT id, level, status, team_id, project_team_id FROM coordination_issue WHERE id = ANY($1::int[])",
        [d.issues.items.map((i) => i.id)],
      )
    ).rows;
    expect(rows).toHaveLength(d.issues.items.length);
    for (const i of rows) {
      expect(i.level).toBe("TEAM");
      expect(mustAct).toContain(i.status);
      expect([i.team_id, i.project_team_id]).toContain(team1);
    }
    const expected = (
      await sql.query(
        "SELECT id FROM coordination_issue WHERE (team_id = $1 OR project_team_id = $1) AND level = 'TEAM' AND status IN ('SUBMITTED','ACCEPTED','RESPONDED','REOPENED')",
        [team1],
      )
    ).rows.map((x) => x.id);
    expect(d.issues.count).toBe(expected.length);
    // The team's issues that are not its work now: escalated above it, or waiting on the enterprise.
    const notMine = (
      await sql.query(
        "SELECT id, level, status FROM coordination_issue WHERE (team_id = $1 OR project_team_id = $1) AND (level <> 'TEAM' OR status IN ('RESOLVED','CLOSED'))",
        [team1],
      )
    ).rows;
    expect(notMine.some((i) => i.level !== "TEAM" && mustAct.includes(i.status))).toBe(true); // an escalated open one exists on the seed
    expect(notMine.some((i) => i.status === "RESOLVED")).toBe(true);
    const shown = d.issues.items.map((i) => i.id);
    for (const i of notMine) expect(shown).not.toContain(i.id);
  });

  it("a list longer than the page shows says so and links to the register filtered to the team", async () => {
    const r = await get(myWorkLoader, "team01", "/my-work");
    expect((r.data as { projectsLink: string }).projectsLink).toBe(`/projects?team=${team1}`);
    // Give team01 more than 200 projects (this file's own database).
    await sql.query(
      "UPDATE project SET service_team_id = $1 WHERE id IN (SELECT id FROM project WHERE pool <> 'WITHDRAWN' ORDER BY id LIMIT 210)",
      [team1],
    );
    const total = Number(
      (await sql.query("SELECT count(*) AS n FROM project WHERE service_team_id = $1 AND pool <> 'WITHDRAWN'", [team1]))
        .rows[0].n,
    );
    expect(total).toBeGreaterThan(200);
    const d = (await get(myWorkLoader, "team01", "/my-work")).data as { projects: unknown[]; projectCount: number };
    expect(d.projects).toHaveLength(200);
    expect(d.projectCount).toBe(total);
  });
});

describe("reassigning a project hands its open work to the new team", () => {
  const detail = (user: string, id: number) => get(issueLoader, user, `/issues/${id}`, { issueId: String(id) });
  const act = (user: string, id: number, fields: Record<string, string>) =>
    run(async () =>
      issueAction({
        request: await postForm(user, `/issues/${id}`, fields),
        params: { issueId: String(id) },
        context: {},
      }),
    );
  const issueRow = async (id: number) =>
    (await sql.query("SELECT team_id, level, status, assignee_id, version FROM coordination_issue WHERE id = $1", [id]))
      .rows[0];
  const userId = async (username: string) =>
    (await sql.query("SELECT id FROM app_user WHERE username = $1", [username])).rows[0].id as number;
  const queueIds = async (user: string) =>
    ((await get(queueLoader, user, "/issues?size=100")).data as { rows: Array<{ id: number }> }).rows.map((r) => r.id);

  /** One of team01's projects with an investor: an open issue accepted by team01.m1, an open task handled by team01.m1. */
  async function projectWithOpenWork(name: string) {
    // each call takes a team01 project none of this describe's earlier calls moved away
    const p = (
      await sql.query(
        `SELECT id FROM project WHERE service_team_id = $1 AND enterprise_id IS NOT NULL AND pool <> 'WITHDRAWN'
           AND NOT EXISTS (SELECT 1 FROM coordination_issue ci WHERE ci.project_id = project.id AND ci.title LIKE '%用电增容') ORDER BY id DESC LIMIT 1`,
        [team1],
      )
    ).rows[0].id as number;
    const submitted = await run(async () =>
      issueNewAction({
        request: await postMultipart("team01", "/issues/new", {
          category: "UTILITIES",
          title: `${name}用电增容`,
          description: "增容申请一个月未批复，影响二期投产。",
          projectId: String(p),
        }),
        params: {},
        context: {},
      }),
    );
    expect(submitted.status).toBe(302);
    const issueId = Number(submitted.response!.headers.get("Location")!.split("/").pop());
    const m1 = await userId("team01.m1");
    expect((await act("team01", issueId, { intent: "accept", version: "1", assigneeId: String(m1) })).status).toBe(302);
    const task = await run(async () =>
      tasksAction({
        request: await postForm("team01", `/projects/${p}/tasks`, {
          kind: "ENVIRONMENTAL",
          title: `${name}环评审批`,
          dueOn: "2030-01-31",
          handlerId: String(m1),
        }),
        params: { projectId: String(p) },
        context: {},
      }),
    );
    expect(task.status).toBe(302);
    const taskId = (await sql.query("SELECT id FROM agency_task WHERE project_id = $1 ORDER BY id DESC LIMIT 1", [p]))
      .rows[0].id as number;
    // history: a closed issue of the project stays with team01
    const closed = (
      await sql.query(
        `INSERT INTO coordination_issue (code, enterprise_id, project_id, county_id, team_id, category, title, description, level, status, closed_at)
         SELECT 'SQ-T' || p.id, p.enterprise_id, p.id, p.county_id, $2, 'OTHER', '已办结的旧诉求', '旧诉求', 'TEAM', 'CLOSED', now() FROM project p WHERE p.id = $1 RETURNING id`,
        [p, team1],
      )
    ).rows[0].id as number;
    return { projectId: p, issueId, taskId, closedId: closed };
  }

  it("EIC's assignment: the old team loses the issue (404 to read and act), the new team has it in its queue and acts; the task moves", async () => {
    const w = await projectWithOpenWork("改派");
    const before = await issueRow(w.issueId);
    expect(before).toMatchObject({ team_id: team1, level: "TEAM", status: "ACCEPTED" });
    expect((await detail("team01", w.issueId)).status).toBe(200);

    const r = await run(async () =>
      assignAction({
        request: await postForm("eic", `/teams/${team2}/assign`, {
          intent: "projects",
          ids: [String(w.projectId)],
          targetTeamId: String(team2),
        }),
        params: { teamId: String(team2) },
        context: {},
      }),
    );
    expect(r.status).toBe(302);

    // the open issue: new team, team01's assignee cleared, version moved; the closed one keeps its team
    const after = await issueRow(w.issueId);
    expect(after).toMatchObject({
      team_id: team2,
      level: "TEAM",
      status: "ACCEPTED",
      assignee_id: null,
      version: before.version + 1,
    });
    expect(
      (await sql.query("SELECT team_id FROM coordination_issue WHERE id = $1", [w.closedId])).rows[0].team_id,
    ).toBe(team1);
    const ev = (
      await sql.query("SELECT kind, note FROM issue_event WHERE issue_id = $1 ORDER BY id DESC LIMIT 1", [w.issueId])
    ).rows[0];
    expect(ev.kind).toBe("ASSIGNED");
    expect(ev.note).toContain("诉求随项目转交该组办理");
    const issueAudit = (
      await sql.query(
        "SELECT before, after FROM audit_event WHERE action = 'HANDOVER_TEAM' AND entity = 'CoordinationIssue' AND entity_id = $1",
        [String(w.issueId)],
      )
    ).rows;
    expect(issueAudit).toHaveLength(1);
    expect(issueAudit[0].before).toMatchObject({ teamId: team1, assigneeId: await userId("team01.m1") });
    expect(issueAudit[0].after).toMatchObject({ teamId: team2, assigneeId: null });
    // the open task: new team, handler (a team01 member) cleared, audited
    expect(
      (await sql.query("SELECT team_id, handler_id, handler_name FROM agency_task WHERE id = $1", [w.taskId])).rows[0],
    ).toEqual({ team_id: team2, handler_id: null, handler_name: null });
    expect(
      Number(
        (
          await sql.query(
            "SELECT count(*) AS n FROM audit_event WHERE action = 'HANDOVER_TEAM' AND entity = 'AgencyTask' AND entity_id = $1",
            [String(w.taskId)],
          )
        ).rows[0].n,
      ),
    ).toBe(1);
    const projectAudit = (
      await sql.query(
        "SELECT after FROM audit_event WHERE action = 'ASSIGN_TEAM' AND entity = 'Project' AND entity_id = $1",
        [String(w.projectId)],
      )
    ).rows[0].after;
    expect(projectAudit).toMatchObject({ serviceTeamId: team2, openTasksMoved: 1, openIssuesMoved: 1 });

    // the old team: not found, for reading and for every action
    expect((await detail("team01", w.issueId)).status).toBe(404);
    expect((await detail("team01.m1", w.issueId)).status).toBe(404);
    const attempts: Array<Record<string, string>> = [
      { intent: "respond", version: String(after.version), note: "已对接供电公司" },
      { intent: "assign", version: String(after.version), assigneeId: String(await userId("team01.m2")) },
      { intent: "comment", version: String(after.version), note: "看看" },
    ];
    for (const fields of attempts) {
      expect((await act("team01", w.issueId, fields)).status, fields.intent).toBe(404);
    }
    expect(await queueIds("team01")).not.toContain(w.issueId);
    // the closed one is still the old team's history
    expect((await detail("team01", w.closedId)).status).toBe(200);

    // the new team: in its queue and its 待办诉求, notified, and it acts
    expect(await queueIds("team02")).toContain(w.issueId);
    const work = (await get(myWorkLoader, "team02", "/my-work")).data as { issues: { items: Array<{ id: number }> } };
    expect(work.issues.items.map((i) => i.id)).toContain(w.issueId);
    expect(
      Number(
        (
          await sql.query(
            "SELECT count(*) AS n FROM notification WHERE issue_id = $1 AND user_id = $2 AND kind = 'NEW'",
            [w.issueId, await userId("team02")],
          )
        ).rows[0].n,
      ),
    ).toBe(1);
    const page = (await detail("team02", w.issueId)).data as { actions: string[] };
    expect(page.actions).toContain("assign");
    expect(
      (
        await act("team02", w.issueId, {
          intent: "assign",
          version: String(after.version),
          assigneeId: String(await userId("team02.m1")),
        })
      ).status,
    ).toBe(302);
    expect(await issueRow(w.issueId)).toMatchObject({ assignee_id: await userId("team02.m1") });
    expect(
      (
        await act("team02", w.issueId, {
          intent: "respond",
          version: String(after.version + 1),
          note: "已联系供电公司",
        })
      ).status,
    ).toBe(302);
  });

  it("the project edit form changing the team moves the open work too, in the same save", async () => {
    const w = await projectWithOpenWork("编辑改派");
    const form = (
      (
        await run(async () =>
          editLoader({
            request: await requestAs("bureau", `/projects/${w.projectId}/edit`),
            params: { projectId: String(w.projectId) },
            context: {},
          }),
        )
      ).data as {
        project: { values: Record<string, string | string[] | boolean> };
      }
    ).project.values;
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(form)) {
      if (typeof v === "boolean") {
        if (v) fields[k] = "1";
      } else fields[k] = v;
    }
    const saved = await run(async () =>
      editAction({
        request: await postForm("bureau", `/projects/${w.projectId}/edit`, { ...fields, serviceTeamId: String(team2) }),
        params: { projectId: String(w.projectId) },
        context: {},
      }),
    );
    expect(saved.status).toBe(302);
    expect(await issueRow(w.issueId)).toMatchObject({ team_id: team2, assignee_id: null });
    expect((await sql.query("SELECT team_id, handler_id FROM agency_task WHERE id = $1", [w.taskId])).rows[0]).toEqual({
      team_id: team2,
      handler_id: null,
    });
    expect(
      (await sql.query("SELECT team_id FROM coordination_issue WHERE id = $1", [w.closedId])).rows[0].team_id,
    ).toBe(team1);
    expect((await detail("team01", w.issueId)).status).toBe(404);
    expect((await detail("team02", w.issueId)).status).toBe(200);
    const upd = (
      await sql.query(
        "SELECT after FROM audit_event WHERE action = 'UPDATE' AND entity = 'Project' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
        [String(w.projectId)],
      )
    ).rows[0].after;
    expect(upd).toMatchObject({ serviceTeamId: team2, openTasksMoved: 1, openIssuesMoved: 1 });
  });

  it("taken out of every team: an open TEAM-level issue goes to the county with a new clock", async () => {
    const w = await projectWithOpenWork("移出");
    const r = await run(async () =>
      teamAction({
        request: await postForm("eic", `/teams/${team1}`, {
          intent: "projects",
          ids: String(w.projectId),
          targetTeamId: "",
        }),
        params: { teamId: String(team1) },
        context: {},
      }),
    );
    expect(r.status).toBe(302);
    expect(await issueRow(w.issueId)).toMatchObject({
      team_id: null,
      level: "COUNTY",
      status: "SUBMITTED",
      assignee_id: null,
    });
    expect((await detail("team01", w.issueId)).status).toBe(404);
    expect((await sql.query("SELECT team_id, handler_id FROM agency_task WHERE id = $1", [w.taskId])).rows[0]).toEqual({
      team_id: null,
      handler_id: null,
    });
  });
});
