// The September dynamic adjustment against the seeded 2017 plan: what the screen lists (checked with
// independent SQL), the plan's totals before and after, and moving projects in and out — with a reason, a
// plan_adjustment row, the audit log and the version check — by role.
import { describe, expect, it } from "vitest";
import { action as moveAction, loader as moveLoader } from "~/routes/_app.adjustments.$projectId/route";
import { loader as boardLoader } from "~/routes/_app.adjustments._index/route";
import { postForm, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const sql = testSql();

const { rows } = queries(sql);

async function board(username: string, query = "") {
  return run(async () =>
    boardLoader({ request: await requestAs(username, `/adjustments?${query}`), params: {}, context: {} }),
  ) as Promise<{
    status: number;
    data: any;
  }>;
}
async function move(username: string, id: number, fields: Record<string, string>) {
  return run(async () =>
    moveAction({
      request: await postForm(username, `/adjustments/${id}`, fields),
      params: { projectId: String(id) },
      context: {},
    }),
  );
}
async function planNow() {
  const [r] = await rows(
    "SELECT count(*)::int AS count, coalesce(sum(annual_plan_investment), 0)::int AS annual FROM project WHERE plan_year = 2017 AND is_transformation AND pool = 'ACTIVE'",
  );
  return r as { count: number; annual: number };
}

// A plan project lags when a milestone's planned date is more than a month past with no actual date by then.
const LAGGING_SQL = `
  SELECT p.id FROM project p
   WHERE p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'
     AND EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = p.id AND m.planned_on IS NOT NULL
                   AND (m.planned_on + interval '1 month')::date < $1::date
                   AND (m.actual_on IS NULL OR m.actual_on > $1::date))
   ORDER BY p.id`;
const READY_SQL = `
  SELECT p.id FROM project p
   WHERE p.plan_year = 2017 AND p.pool = 'RESERVE'
     AND EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = p.id AND m.stage = 'SIGNED' AND m.actual_on <= $1::date)
     AND EXISTS (SELECT 1 FROM milestone m WHERE m.project_id = p.id AND m.stage = 'LAND' AND m.actual_on <= $1::date)
   ORDER BY p.id`;

describe("the adjustment screen", () => {
  it("opens on the 2017 plan as of 2017-09-30 with lagging plan projects beside ready reserve projects", async () => {
    const r = await board("bureau", "osort=name&odir=asc");
    expect(r.status).toBe(200);
    const b = r.data.board;
    expect(b.year).toBe(2017);
    expect(b.asOf).toBe("2017-09-30");
    const lagging = (await rows(LAGGING_SQL, ["2017-09-30"])).map((x) => x.id);
    expect(lagging.length).toBeGreaterThan(0);
    expect(b.out.total).toBe(lagging.length);
    const ready = (await rows(READY_SQL, ["2017-09-30"])).map((x) => x.id);
    expect(ready.length).toBeGreaterThan(0);
    expect(b.in.total).toBe(ready.length);
    expect(b.in.rows.map((x: { id: number }) => x.id).sort((x: number, y: number) => x - y)).toEqual(
      ready.slice(0, 20),
    );
    // sorted by name on the server, 20 a page
    const names = b.out.rows.map((x: { name: string }) => x.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(b.out.rows.length).toBe(Math.min(20, lagging.length));
    expect(r.data.canAdjust).toBe(true);
  });

  it("shows the plan before and after the year's adjustments", async () => {
    const b = (await board("bureau")).data.board;
    const now = await planNow();
    expect(b.totals.now).toEqual(now);
    // undo the seeded moves: in-moves leave the plan, out-moves return to it
    const [{ inn, inn_sum }] = await rows(
      `SELECT count(*)::int inn, coalesce(sum(p.annual_plan_investment), 0)::int inn_sum FROM plan_adjustment a JOIN project p ON p.id = a.project_id
        WHERE a.plan_year = 2017 AND a.to_pool = 'ACTIVE'`,
    );
    const [{ outn, out_sum }] = await rows(
      `SELECT count(*)::int outn, coalesce(sum(p.annual_plan_investment), 0)::int out_sum FROM plan_adjustment a JOIN project p ON p.id = a.project_id
        WHERE a.plan_year = 2017 AND a.from_pool = 'ACTIVE'`,
    );
    expect(inn).toBe(2);
    expect(outn).toBe(2);
    expect(b.totals.before).toEqual({
      count: now.count - inn + outn,
      annual: now.annual - inn_sum + out_sum,
      movedIn: inn,
      movedOut: outn,
    });
    expect(b.history.total).toBe(
      Number((await rows("SELECT count(*) n FROM plan_adjustment WHERE plan_year = 2017"))[0].n),
    );
  });

  it("an earlier review date and a county narrow the lists the same way SQL does", async () => {
    const b = (await board("bureau", "asOf=2017-06-30&out=lagging&in=all")).data.board;
    expect(b.out.total).toBe((await rows(LAGGING_SQL, ["2017-06-30"])).length);
    expect(b.in.total).toBe(
      Number((await rows("SELECT count(*) n FROM project WHERE plan_year = 2017 AND pool = 'RESERVE'"))[0].n),
    );
    const [yuci] = await rows("SELECT id FROM county WHERE name = '榆次区'");
    const c = (await board("bureau", `county=${yuci.id}&out=all&in=all`)).data.board;
    for (const x of [...c.out.rows, ...c.in.rows]) expect(x.county).toBe("榆次区");
  });
});

describe("moving projects", () => {
  it("moves a lagging plan project out: pool change, plan_adjustment, audit, new totals — in one go", async () => {
    const [p] = await rows(`${LAGGING_SQL} LIMIT 1`, ["2017-09-30"]);
    const [before] = await rows("SELECT id, name, version, annual_plan_investment FROM project WHERE id = $1", [p.id]);
    const plan = await planNow();
    const page = await run(async () =>
      moveLoader({
        request: await requestAs("bureau", `/adjustments/${p.id}`),
        params: { projectId: String(p.id) },
        context: {},
      }),
    );
    const cand = (page.data as any).candidate;
    expect(cand.now).toEqual(plan);
    expect(cand.moves).toEqual([
      { to: "RESERVE", after: { count: plan.count - 1, annual: plan.annual - before.annual_plan_investment } },
      { to: "WITHDRAWN", after: { count: plan.count - 1, annual: plan.annual - before.annual_plan_investment } },
    ]);

    const r = await move("bureau", p.id, {
      toPool: "RESERVE",
      reason: "用地手续长期未落实，9月底动态调整调出年度计划，转入预备项目库",
      decidedOn: "2017-09-28",
      version: String(before.version),
      asOf: "2017-09-30",
    });
    expect(r.status).toBe(302);
    expect(r.response!.headers.get("Location")).toBe("/adjustments?year=2017&asOf=2017-09-30");
    expect((await rows("SELECT pool, is_transformation, version FROM project WHERE id = $1", [p.id]))[0]).toEqual({
      pool: "RESERVE",
      is_transformation: true,
      version: before.version + 1,
    });
    const adj = await rows(
      "SELECT from_pool, to_pool, reason, to_char(decided_on, 'YYYY-MM-DD') d, decided_by_id FROM plan_adjustment WHERE project_id = $1 ORDER BY id DESC LIMIT 1",
      [p.id],
    );
    const [bureau] = await rows("SELECT id FROM app_user WHERE username = 'bureau'");
    expect(adj[0]).toEqual({
      from_pool: "ACTIVE",
      to_pool: "RESERVE",
      reason: "用地手续长期未落实，9月底动态调整调出年度计划，转入预备项目库",
      d: "2017-09-28",
      decided_by_id: bureau.id,
    });
    const audits = await rows(
      "SELECT action, entity FROM audit_event WHERE project_id = $1 AND actor_id = $2 ORDER BY id",
      [p.id, bureau.id],
    );
    expect(audits.map((a) => `${a.action}/${a.entity}`)).toEqual(["PLAN_ADJUST/Project", "CREATE/PlanAdjustment"]);
    expect(await planNow()).toEqual({ count: plan.count - 1, annual: plan.annual - before.annual_plan_investment });
    const b = (await board("bureau")).data.board;
    expect(b.totals.now).toEqual(await planNow());
    expect(b.totals.before.movedOut).toBe(3);
  });

  it("moves a ready reserve project in, which makes it a transformation project of the year", async () => {
    const [p] = await rows(`${READY_SQL} LIMIT 1`, ["2017-09-30"]);
    const [before] = await rows("SELECT version, annual_plan_investment FROM project WHERE id = $1", [p.id]);
    const plan = await planNow();
    const r = await move("bureau", p.id, {
      toPool: "ACTIVE",
      reason: "已签约并取得土地，推进较快，调入年度计划",
      decidedOn: "2017-09-28",
      version: String(before.version),
    });
    expect(r.status).toBe(302);
    expect((await rows("SELECT pool, is_transformation FROM project WHERE id = $1", [p.id]))[0]).toEqual({
      pool: "ACTIVE",
      is_transformation: true,
    });
    expect(await planNow()).toEqual({ count: plan.count + 1, annual: plan.annual + before.annual_plan_investment });
  });

  it("refuses without a reason, with a future date, or with a stale version — and changes nothing", async () => {
    const [p] = await rows(`${READY_SQL} LIMIT 1`, ["2017-09-30"]);
    const [cur] = await rows("SELECT version, pool FROM project WHERE id = $1", [p.id]);
    const count = async () => Number((await rows("SELECT count(*) n FROM plan_adjustment"))[0].n);
    const n = await count();

    const noReason = await move("admin", p.id, {
      toPool: "ACTIVE",
      reason: "  ",
      decidedOn: "2017-09-28",
      version: String(cur.version),
    });
    expect(noReason.status).toBe(400);
    expect((noReason.data as any).fieldErrors.reason).toBe("请填写调整理由（至少 4 个字），说明项目推进情况");
    const future = await move("admin", p.id, {
      toPool: "ACTIVE",
      reason: "具备调入条件",
      decidedOn: "2999-01-01",
      version: String(cur.version),
    });
    expect(future.status).toBe(400);
    expect((future.data as any).fieldErrors.decidedOn).toBe("决定日期不能晚于今天");
    const badPool = await move("admin", p.id, {
      toPool: "SOMEWHERE",
      reason: "具备调入条件",
      decidedOn: "2017-09-28",
      version: String(cur.version),
    });
    expect(badPool.status).toBe(400);
    expect((badPool.data as any).fieldErrors.toPool).toBe("请选择调整方式");

    // someone else saves the project after this form was loaded
    await sql.query("UPDATE project SET version = version + 1 WHERE id = $1", [p.id]);
    const stale = await move("admin", p.id, {
      toPool: "ACTIVE",
      reason: "具备调入条件",
      decidedOn: "2017-09-28",
      version: String(cur.version),
    });
    expect(stale.status).toBe(409);
    expect((stale.data as any).conflict.changed).toEqual([
      { field: "pool", label: "项目库", theirs: "预备项目库", yours: "调入年度计划" },
    ]);
    expect(await count()).toBe(n);
    expect((await rows("SELECT version, pool FROM project WHERE id = $1", [p.id]))[0]).toEqual({
      version: cur.version + 1,
      pool: cur.pool,
    });
  });

  it("a withdrawn project or an ordinary signed deal is not the plan's to move (404 page, 409 action)", async () => {
    const [w] = await rows("SELECT id, version FROM project WHERE pool = 'WITHDRAWN' LIMIT 1");
    const page = await run(async () =>
      moveLoader({
        request: await requestAs("bureau", `/adjustments/${w.id}`),
        params: { projectId: String(w.id) },
        context: {},
      }),
    );
    expect(page.status).toBe(404);
    const r = await move("bureau", w.id, {
      toPool: "ACTIVE",
      reason: "试图调入已调出项目",
      decidedOn: "2017-09-28",
      version: String(w.version),
    });
    expect(r.status).toBe(409);
    const [deal] = await rows("SELECT id FROM project WHERE pool = 'ACTIVE' AND NOT is_transformation LIMIT 1");
    expect(
      (
        await run(async () =>
          moveLoader({
            request: await requestAs("bureau", `/adjustments/${deal.id}`),
            params: { projectId: String(deal.id) },
            context: {},
          }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await move("bureau", 99999999, {
          toPool: "ACTIVE",
          reason: "不存在的项目",
          decidedOn: "2017-09-28",
          version: "1",
        })
      ).status,
    ).toBe(404);
  });
});

describe("who may adjust", () => {
  it("leaders and the commission read the screen but cannot move; counties, teams and enterprises get 403", async () => {
    const [p] = await rows(`${READY_SQL} LIMIT 1`, ["2017-09-30"]);
    const [cur] = await rows("SELECT version FROM project WHERE id = $1", [p.id]);
    const fields = { toPool: "ACTIVE", reason: "越权调整测试", decidedOn: "2017-09-28", version: String(cur.version) };
    for (const u of ["leader", "eic"]) {
      const b = await board(u);
      expect(b.status).toBe(200);
      expect(b.data.canAdjust).toBe(false);
      const page = await run(async () =>
        moveLoader({
          request: await requestAs(u, `/adjustments/${p.id}`),
          params: { projectId: String(p.id) },
          context: {},
        }),
      );
      expect((page.data as any).canAdjust).toBe(false);
      expect((await move(u, p.id, fields)).status).toBe(403);
    }
    for (const u of ["county.yuci", "team01", "ent.geely"]) {
      expect((await board(u)).status).toBe(403);
      expect((await move(u, p.id, fields)).status).toBe(403);
    }
    expect((await rows("SELECT pool FROM project WHERE id = $1", [p.id]))[0].pool).toBe("RESERVE");
  });
});
