// 我领办的项目 (issue 15 §6, docs/decisions/115): the leader's home lists exactly the projects its official leads
// (independent SQL), and the register's ?official= filter gives the same list, with the same totals.
import { describe, expect, it } from "vitest";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();
const { one, ids } = queries(sql);

type Led = { official: { id: number }; rows: { id: number; lag: string | null; openIssues: number }[] } | null;

async function home(username: string) {
  const r = await run(async () => homeLoader({ request: await requestAs(username, "/"), params: {}, context: {} }));
  expect(r.status).toBe(200);
  return (r.data as { led: Led }).led;
}

describe("我领办的项目", () => {
  it("the leader's home lists its official's projects, and /projects?official= gives the same list", async () => {
    const o = await one("SELECT o.id FROM official o JOIN app_user u ON u.id = o.user_id WHERE u.username = 'leader'");
    const want = await ids("SELECT project_id AS id FROM project_official WHERE official_id = $1 ORDER BY project_id", [
      o.id,
    ]);
    expect(want.length).toBeGreaterThan(0);
    const led = await home("leader");
    expect(led?.official.id).toBe(o.id);
    expect(led!.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(want);

    const r = await run(async () =>
      registerLoader({
        request: await requestAs("leader", `/projects?official=${o.id}&size=100`),
        params: {},
        context: {},
      }),
    );
    const reg = r.data as { rows: { id: number }[]; total: number };
    expect(reg.rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(want);
    expect(reg.total).toBe(want.length);

    // the register's search by the 领办领导's name finds his projects too (among any whose name matches the text)
    const { name } = await one("SELECT name FROM official WHERE id = $1", [o.id]);
    const byName = await run(async () =>
      registerLoader({
        request: await requestAs("leader", `/projects?q=${encodeURIComponent(name)}&size=100`),
        params: {},
        context: {},
      }),
    );
    const found = (byName.data as { rows: { id: number }[] }).rows.map((x) => x.id);
    expect(found).toEqual(expect.arrayContaining(want));
  });

  it("each row's open issues are counted by plain SQL", async () => {
    const led = await home("leader");
    for (const p of led!.rows) {
      const n = await one(
        "SELECT count(*)::int AS n FROM coordination_issue WHERE project_id = $1 AND status NOT IN ('RESOLVED', 'CLOSED')",
        [p.id],
      );
      expect(p.openIssues, `project ${p.id}`).toBe(n.n);
    }
  });

  it("an account that is no official has no such list", async () => {
    expect(await home("bureau")).toBeNull();
  });
});
