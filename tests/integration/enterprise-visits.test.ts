// 走访 without a project (issue 15 §2, docs/decisions/117): a team logs a visit to a 优势企业 assigned to it; the
// visit is a service log with an enterprise and no project, audited, and shows on the enterprise's profile, the
// team's page and the team's week list (follow-ups). Who may log, and bad input, answered in Chinese.
import { describe, expect, it } from "vitest";
import { loader as profileLoader } from "~/routes/_app.enterprises.$enterpriseId/route";
import { action as visitsAction, loader as visitsLoader } from "~/routes/_app.enterprises.$enterpriseId_.visits/route";
import { loader as myWorkLoader } from "~/routes/_app.my-work/route";
import { loader as teamLoader } from "~/routes/_app.teams.$teamId/route";
import { addDays } from "~/domain/dates";
import { today as clockToday } from "~/utils/clock.server";
import { postForm, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { one } = queries(sql);

async function keyEnterpriseOf(username: string) {
  return one(
    `SELECT e.id, e.name, u.team_id FROM enterprise e JOIN app_user u ON u.team_id = e.service_team_id
     WHERE u.username = $1 AND e.is_key_enterprise ORDER BY e.id LIMIT 1`,
    [username],
  );
}

const post = async (username: string, id: number, fields: Record<string, string>) =>
  run(async () =>
    visitsAction({
      request: await postForm(username, `/enterprises/${id}/visits`, fields),
      params: { enterpriseId: String(id) },
      context: {},
    }),
  );

describe("a visit to an enterprise without a project", () => {
  it("team01 logs a visit to its 优势企业: no project, its team, audited; on the profile, team page and week list", async () => {
    const e = await keyEnterpriseOf("team01");
    expect(e).toBeTruthy();
    const today = clockToday();
    const content = `走访了解企业扩产计划（集成测试 ${Date.now()}）`;
    const r = await post("team01", e.id, {
      kind: "VISIT",
      occurredOn: today,
      people: "服务小组、企业总经理",
      content,
      followUpOn: addDays(today, 2),
    });
    expect(r.status).toBe(302);
    const log = await one("SELECT id, project_id, enterprise_id, team_id FROM service_log WHERE content = $1", [
      content,
    ]);
    expect(log).toMatchObject({ project_id: null, enterprise_id: e.id, team_id: e.team_id });
    const a = await one("SELECT action, after FROM audit_event WHERE entity = 'ServiceLog' AND entity_id = $1", [
      String(log.id),
    ]);
    expect(a.action).toBe("CREATE");
    expect(a.after).toMatchObject({ enterpriseName: e.name, content });

    // the enterprise's profile (for the bureau too), the team's page, the team's week list
    for (const u of ["team01", "bureau"]) {
      const p = await run(async () =>
        profileLoader({
          request: await requestAs(u, `/enterprises/${e.id}`),
          params: { enterpriseId: String(e.id) },
          context: {},
        }),
      );
      const logs = (p.data as { enterprise: { serviceLogs: { id: number; project: unknown }[] } }).enterprise
        .serviceLogs;
      expect(
        logs.find((l) => l.id === log.id),
        u,
      ).toMatchObject({ project: null });
    }
    const t = await run(async () =>
      teamLoader({
        request: await requestAs("eic", `/teams/${e.team_id}`),
        params: { teamId: String(e.team_id) },
        context: {},
      }),
    );
    const recent = (t.data as { team: { recentLogs: { id: number; enterprise: { id: number } | null }[] } }).team
      .recentLogs;
    expect(recent.find((l) => l.id === log.id)).toMatchObject({ enterprise: { id: e.id } });
    const w = await run(async () =>
      myWorkLoader({ request: await requestAs("team01", "/my-work"), params: {}, context: {} }),
    );
    const follow = (w.data as { followUps: { items: { id: number; project: unknown; enterprise: { id: number } }[] } })
      .followUps.items;
    expect(follow.find((f) => f.id === log.id)).toMatchObject({ project: null, enterprise: { id: e.id } });

    // the follow-up marked done leaves the week list
    expect((await post("team01", e.id, { intent: "followUp", logId: String(log.id), done: "1" })).status).toBe(302);
    expect(await one("SELECT follow_up_done FROM service_log WHERE id = $1", [log.id])).toEqual({
      follow_up_done: true,
    });
    const w2 = await run(async () =>
      myWorkLoader({ request: await requestAs("team01", "/my-work"), params: {}, context: {} }),
    );
    expect((w2.data as { followUps: { items: { id: number }[] } }).followUps.items.map((f) => f.id)).not.toContain(
      log.id,
    );
  });

  it("bad input is refused next to the fields, in Chinese, and nothing is written", async () => {
    const e = await keyEnterpriseOf("team01");
    const r = await post("team01", e.id, {
      kind: "VISIT",
      occurredOn: addDays(clockToday(), 3),
      people: "",
      content: "",
    });
    expect(r.status).toBe(400);
    const f = (r.data as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(f.people).toBe("请填写参加人员");
    expect(f.content).toBe("请填写服务内容");
    expect(f.occurredOn).toMatch(/^服务日期不能晚于今天/);
  });

  it("a team cannot log for an enterprise outside its scope; the bureau, a county and 市领导 may not log", async () => {
    const mine = await keyEnterpriseOf("team01");
    const other = await one(
      `SELECT e.id FROM enterprise e WHERE e.service_team_id IS DISTINCT FROM $1
         AND NOT EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id AND p.service_team_id = $1)
       ORDER BY e.id LIMIT 1`,
      [mine.team_id],
    );
    const fields = { kind: "VISIT", occurredOn: clockToday(), people: "某人", content: "越权走访记录" };
    expect((await post("team01", other.id, fields)).status).toBe(404);
    for (const u of ["bureau", "county.yuci", "leader"]) expect((await post(u, mine.id, fields)).status, u).toBe(403);
    expect(await one("SELECT count(*)::int AS n FROM service_log WHERE content = '越权走访记录'")).toEqual({ n: 0 });
    // 市经信委 may (it manages the teams and the 优势企业)
    expect((await post("eic", mine.id, { ...fields, content: "经信委走访记录" })).status).toBe(302);
    const g = await run(async () =>
      visitsLoader({
        request: await requestAs("team01", `/enterprises/${other.id}/visits`),
        params: { enterpriseId: String(other.id) },
        context: {},
      }),
    );
    expect(g.status).toBe(404);
  });
});
