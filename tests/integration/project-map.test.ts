// 招商地图 (issue 20 §4, docs/decisions/212–213): /reports/map draws every project the viewer sees, under the same
// filters as the register — the count of points is the register's, per role, and each point lies in its county;
// /open/map (signed out) shows only 可公开推介 projects and none of their private fields.
import { beforeAll, describe, expect, it } from "vitest";
import { pointInArea } from "~/domain/geo";
import { clearPublicMapCache } from "~/models/publicMap.server";
import { loader as mapLoader } from "~/routes/_app.reports.map/route";
import { loader as registerLoader } from "~/routes/_app.projects._index/route";
import { loader as openMapLoader } from "~/routes/open.map";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { projectMap } from "~/presenters/ProjectMapPresenter.server";
import { db } from "~/models/db.server";
import { today } from "~/utils/clock.server";
import { areaOfCounty } from "~/utils/jinzhongShapes.server";
import { createEnterprise, createProject } from "../support/factories";
import { requestAs, run, viewerFor } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows, ids } = queries(sql);

type Point = { id: number; county: string; point: [number, number]; located: boolean };
type MapData = { projects: { map: { total: number; points: Point[] | null } } };

async function mapOf(user: string, query: string) {
  const r = await run(async () =>
    mapLoader({ request: await requestAs(user, `/reports/map${query}`), params: {}, context: {} }),
  );
  expect(r.status).toBe(200);
  return (r.data as MapData).projects.map;
}
async function registerTotal(user: string, query: string) {
  const r = await run(async () =>
    registerLoader({ request: await requestAs(user, `/projects${query}`), params: {}, context: {} }),
  );
  return (r.data as { total: number }).total;
}

let industry: number;
let codes: Map<string, string>;
/** the 重点专项 with the most members, and its members' commonest industry × stage × plan year */
let programme: number;
let combo: { industry: number; stage: string; year: number; n: number };
beforeAll(async () => {
  programme = (
    await one(
      `SELECT programme_id AS id FROM programme_project GROUP BY programme_id ORDER BY count(*) DESC, 1 LIMIT 1`,
    )
  ).id;
  combo = await one(
    `SELECT p.industry_id AS industry, p.stage::text AS stage, p.plan_year AS year, count(*)::int AS n
     FROM programme_project pp JOIN project p ON p.id = pp.project_id WHERE pp.programme_id = $1
     GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1, 2, 3 LIMIT 1`,
    [programme],
  );
  industry = (await one(`SELECT industry_id AS id FROM project GROUP BY industry_id ORDER BY count(*) DESC LIMIT 1`))
    .id;
  codes = new Map((await rows(`SELECT name, code FROM county`)).map((c) => [c.name, c.code]));
});

describe("/reports/map", () => {
  for (const user of ["bureau", "county.yuci", "leader"]) {
    for (const query of [
      "",
      `?industry=__I__&year=2017`,
      "?stage=STARTED",
      "?year=2017&stage=SIGNED&color=lag",
      "?programme=__P__",
      "?industry=__CI__&programme=__P__&stage=__CS__&year=__CY__",
    ]) {
      it(`${user} ${query || "(no filter)"}: one point per register row, each inside its county`, async () => {
        const q = query
          .replace("__I__", String(industry))
          .replace("__P__", String(programme))
          .replace("__CI__", String(combo.industry))
          .replace("__CS__", combo.stage)
          .replace("__CY__", String(combo.year));
        const map = await mapOf(user, q);
        expect(map.points).not.toBeNull();
        expect(map.points!.length).toBe(map.total);
        expect(map.total).toBe(await registerTotal(user, q.replace(/&?color=lag/, "")));
        for (const p of map.points!) {
          expect(
            pointInArea(p.point, areaOfCounty({ code: codes.get(p.county)!, name: p.county }).area),
            p.county,
          ).toBe(true);
        }
      });
    }
  }

  it("industry × programme × stage × year: the bureau's points are exactly the matching projects (independent SQL)", async () => {
    expect(combo.n).toBeGreaterThan(0);
    const map = await mapOf(
      "bureau",
      `?industry=${combo.industry}&programme=${programme}&stage=${combo.stage}&year=${combo.year}`,
    );
    const want = await ids(
      `SELECT p.id FROM project p JOIN programme_project pp ON pp.project_id = p.id AND pp.programme_id = $1
       WHERE p.industry_id = $2 AND p.stage::text = $3 AND p.plan_year = $4 ORDER BY p.id`,
      [programme, combo.industry, combo.stage, combo.year],
    );
    expect(want.length).toBe(combo.n);
    expect(map.points!.map((p) => p.id).sort((a, b) => a - b)).toEqual(want);
  });

  it("dense: clusters whose counts add up to the register's total, lag counts to the counties', inside Jinzhong", async () => {
    const viewer = await viewerFor("bureau");
    const query = parseProjectListQuery(new URLSearchParams("year=2017"));
    const asOf = today();
    const points = await projectMap(db.as(viewer), viewer, query, asOf);
    const dense = await projectMap(db.as(viewer), viewer, query, asOf, 20);
    expect(points.clusters).toBeNull();
    expect(dense.points).toBeNull();
    const clusters = dense.clusters!;
    expect(clusters.length).toBeGreaterThan(1);
    expect(clusters.length).toBeLessThan(dense.total);
    expect(dense.total).toBe(await registerTotal("bureau", "?year=2017"));
    expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(dense.total);
    expect(clusters.reduce((n, c) => n + c.red, 0)).toBe(dense.counties.reduce((n, c) => n + c.red, 0));
    expect(clusters.reduce((n, c) => n + c.yellow, 0)).toBe(dense.counties.reduce((n, c) => n + c.yellow, 0));
    // per county the clusters hold exactly its projects
    for (const c of dense.counties)
      expect(
        clusters.filter((x) => x.countyId === c.countyId).reduce((n, x) => n + x.count, 0),
        c.county,
      ).toBe(c.total);
    const city = [...new Set(codes.keys())].flatMap((n) => areaOfCounty({ code: codes.get(n)!, name: n }).area);
    for (const c of clusters) expect(pointInArea(c.point, city), c.county).toBe(true);
  });

  it("a county sees only its own county's projects; the points are exactly its projects (independent SQL)", async () => {
    const map = await mapOf("county.yuci", "");
    const yuci = await countyId(sql, "榆次区");
    const want = await ids(`SELECT id FROM project WHERE county_id = $1 ORDER BY id`, [yuci]);
    expect(map.points!.map((p) => p.id).sort((a, b) => a - b)).toEqual(want);
    const all = await mapOf("bureau", "");
    expect(all.total).toBe(Number((await one(`SELECT count(*) AS n FROM project`)).n));
  });

  it("an unlocated project is still a point, inside its county, flagged", async () => {
    const p = await createProject(sql, {
      countyId: await countyId(sql, "晋中经济技术开发区"),
      name: "未标注位置的地图项目",
    });
    const map = await mapOf("bureau", "");
    const pt = map.points!.find((x) => x.id === p.id)!;
    expect(pt.located).toBe(false);
    expect(pointInArea(pt.point, areaOfCounty({ code: "JZ-ETDZ", name: "晋中经济技术开发区" }).area)).toBe(true);
  });

  it("a service team and an enterprise cannot open it", async () => {
    for (const u of ["team01", "ent.geely"]) {
      const r = await run(async () =>
        mapLoader({ request: await requestAs(u, "/reports/map"), params: {}, context: {} }),
      );
      expect(r.status).toBe(403);
    }
  });
});

describe("/open/map", () => {
  it("signed out: only 可公开推介 projects, public fields only — no enterprise name or contact of any project", async () => {
    const yuci = await countyId(sql, "榆次区");
    const ent = await createEnterprise(sql, { name: "保密测试投资有限公司", countyId: yuci });
    await sql.query(
      `INSERT INTO enterprise_contact (enterprise_id, name, phone, is_primary) VALUES ($1, '保密联系人', '13912345678', true)`,
      [ent.id],
    );
    const pub = await createProject(sql, {
      countyId: yuci,
      name: "公开推介测试项目",
      enterpriseId: ent.id,
      totalInvestment: 23_456,
      location: [112.75, 37.7],
      publicPromotion: true,
    });
    const hidden = await createProject(sql, { countyId: yuci, name: "不公开的测试项目", location: [112.76, 37.7] });
    clearPublicMapCache();
    const r = await run(async () =>
      openMapLoader({ request: await requestAs(null, "/open/map"), params: {}, context: {} }),
    );
    expect(r.status).toBe(200);
    const d = r.data as { projects: { id: number; name: string; investment: string; contactOffice: string }[] };
    const want = await ids(
      `SELECT id FROM project WHERE public_promotion AND pool <> 'WITHDRAWN' AND longitude IS NOT NULL ORDER BY id`,
    );
    expect(d.projects.map((p) => p.id).sort((a, b) => a - b)).toEqual(want);
    expect(d.projects.find((p) => p.id === hidden.id)).toBeUndefined();
    const mine = d.projects.find((p) => p.id === pub.id)!;
    expect(mine).toMatchObject({ name: "公开推介测试项目", investment: "1–5 亿元", contactOffice: "榆次区人民政府" });
    expect(Object.keys(mine).sort()).toEqual([
      "contactOffice",
      "county",
      "id",
      "industry",
      "investment",
      "name",
      "point",
    ]);
    // nothing private of any project: enterprise names, contacts, phones, credit codes, exact amounts
    const body = JSON.stringify(r.data);
    const privates = await rows(
      `SELECT e.name, e.credit_code, c.name AS contact, c.phone FROM project p JOIN enterprise e ON e.id = p.enterprise_id
       LEFT JOIN enterprise_contact c ON c.enterprise_id = e.id`,
    );
    expect(privates.length).toBeGreaterThan(10);
    for (const x of privates)
      for (const v of [x.name, x.credit_code, x.contact, x.phone]) if (v) expect(body.includes(v), v).toBe(false);
    expect(body).not.toContain("23456");

    // its filters (产业, 县区) narrow the same set
    const ind = (await one(`SELECT industry_id AS id FROM project WHERE id = $1`, [pub.id])).id;
    const filtered = await run(async () =>
      openMapLoader({
        request: await requestAs(null, `/open/map?industry=${ind}&county=${yuci}`),
        params: {},
        context: {},
      }),
    );
    const got = (filtered.data as { projects: { id: number }[] }).projects.map((p) => p.id).sort((a, b) => a - b);
    expect(got).toEqual(
      await ids(
        `SELECT id FROM project WHERE public_promotion AND pool <> 'WITHDRAWN' AND longitude IS NOT NULL
           AND industry_id = $1 AND county_id = $2 ORDER BY id`,
        [ind, yuci],
      ),
    );
    expect(got).toContain(pub.id);
  });
});
