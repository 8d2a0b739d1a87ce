// Project locations (issue 20 §3, docs/decisions/210) and the 可公开推介 flag (decision 212): the seed places every
// project inside its county or zone; the project form's point is checked against the county's polygon (a Chinese
// field error, never a 500), version-checked and audited like every project edit; only the bureau sets the flag.
import { beforeAll, describe, expect, it } from "vitest";
import { pointInArea } from "~/domain/geo";
import { action as editAction, loader as editLoader } from "~/routes/_app.projects.$projectId_.edit/route";
import { loader as detailLoader } from "~/routes/_app.projects.$projectId/route";
import { areaOfCounty } from "~/utils/jinzhongShapes.server";
import { createProject } from "../support/factories";
import { postForm, requestAs, run } from "../support/requests";
import { countyId, queries, testSql } from "../support/sql";

const sql = testSql();
const { one, rows } = queries(sql);
let yuciId: number;

beforeAll(async () => {
  yuciId = await countyId(sql, "榆次区");
});

const edit = (user: string, id: number, fields: Record<string, string | string[]>) =>
  run(async () =>
    editAction({
      request: await postForm(user, `/projects/${id}/edit`, fields),
      params: { projectId: String(id) },
      context: {},
    }),
  );

/** The edit form as loaded, with some fields changed. */
async function formOf(user: string, id: number, over: Record<string, string>) {
  const r = await run(async () =>
    editLoader({
      request: await requestAs(user, `/projects/${id}/edit`),
      params: { projectId: String(id) },
      context: {},
    }),
  );
  const values = (r.data as { project: { values: Record<string, string | boolean | string[]> } }).project.values;
  const fields: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === "boolean") {
      if (v) fields[k] = "1";
    } else fields[k] = v;
  }
  return { ...fields, ...over };
}

describe("the seed", () => {
  it("places every project inside its county or zone, and marks some 可公开推介", async () => {
    const all = await rows(
      `SELECT p.id, p.longitude, p.latitude, c.code, c.name FROM project p JOIN county c ON c.id = p.county_id`,
    );
    expect(all.length).toBeGreaterThan(100);
    const outside = all.filter(
      (p) => p.longitude === null || !pointInArea([p.longitude, p.latitude], areaOfCounty(p).area),
    );
    expect(outside).toEqual([]);
    const pub = await one(`SELECT count(*)::int AS n FROM project WHERE public_promotion`);
    expect(pub.n).toBeGreaterThan(5);
    expect(pub.n).toBeLessThan(all.length);
  });
});

describe("editing a project's point", () => {
  it("refuses a point outside the county with a Chinese field error, saves one inside (audited, shown)", async () => {
    const p = await createProject(sql, { countyId: yuciId });
    // 祁县's county seat: not in 榆次区
    const out = await edit(
      "county.yuci",
      p.id,
      await formOf("county.yuci", p.id, { longitude: "112.335", latitude: "37.358" }),
    );
    expect(out.status).toBe(400);
    expect((out.data as { fieldErrors: Record<string, string> }).fieldErrors.longitude).toBe(
      "该坐标不在榆次区范围内，请核对经纬度（可在地图上查看县区边界）",
    );
    const half = await edit(
      "county.yuci",
      p.id,
      await formOf("county.yuci", p.id, { longitude: "112.75", latitude: "" }),
    );
    expect(half.status).toBe(400);
    expect((half.data as { fieldErrors: Record<string, string> }).fieldErrors.latitude).toBe(
      "请同时填写经度和纬度，或都不填",
    );
    const bad = await edit(
      "county.yuci",
      p.id,
      await formOf("county.yuci", p.id, { longitude: "东经112", latitude: "37.7" }),
    );
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.longitude).toMatch(/^经度为/);

    const ok = await edit(
      "county.yuci",
      p.id,
      await formOf("county.yuci", p.id, { longitude: "112.708224", latitude: "37.697794" }),
    );
    expect(ok.status).toBe(302);
    const row = await one(`SELECT longitude, latitude, version FROM project WHERE id = $1`, [p.id]);
    expect([row.longitude, row.latitude, row.version]).toEqual([112.708224, 37.697794, 2]);
    const ev = await one(
      `SELECT before, after FROM audit_event WHERE entity = 'Project' AND entity_id = $1 AND action = 'UPDATE'
       ORDER BY id DESC LIMIT 1`,
      [String(p.id)],
    );
    expect(ev.before).toMatchObject({ longitude: null, latitude: null, version: 1 });
    expect(ev.after).toMatchObject({ longitude: 112.708224, latitude: 37.697794, version: 2 });
    const detail = await run(async () =>
      detailLoader({
        request: await requestAs("county.yuci", `/projects/${p.id}`),
        params: { projectId: String(p.id) },
        context: {},
      }),
    );
    expect((detail.data as { project: { location: number[] } }).project.location).toEqual([112.708224, 37.697794]);
  });

  it("a stale form is refused (409) naming the point as what changed", async () => {
    const p = await createProject(sql, { countyId: yuciId, location: [112.75, 37.7] });
    const stale = await formOf("bureau", p.id, { longitude: "112.9", latitude: "37.8" });
    expect(
      (await edit("county.yuci", p.id, await formOf("county.yuci", p.id, { longitude: "112.8", latitude: "37.75" })))
        .status,
    ).toBe(302);
    const r = await edit("bureau", p.id, stale);
    expect(r.status).toBe(409);
    const changed = (r.data as { conflict: { changed: { field: string; theirs: string }[] } }).conflict.changed;
    expect(changed.find((c) => c.field === "longitude")?.theirs).toBe("112.8");
    expect((await one(`SELECT longitude FROM project WHERE id = $1`, [p.id])).longitude).toBe(112.8);
  });

  it("a post without the coordinates keeps the point; moving the county checks the kept point", async () => {
    const p = await createProject(sql, { countyId: yuciId, location: [112.75, 37.7] });
    const form = await formOf("bureau", p.id, { name: "改名后的项目" });
    delete form.longitude;
    delete form.latitude;
    expect((await edit("bureau", p.id, form)).status).toBe(302);
    expect(await one(`SELECT name, longitude FROM project WHERE id = $1`, [p.id])).toEqual({
      name: "改名后的项目",
      longitude: 112.75,
    });
    const qixian = await countyId(sql, "祁县");
    const moved = await edit("bureau", p.id, await formOf("bureau", p.id, { countyId: String(qixian) }));
    expect(moved.status).toBe(400);
    expect((moved.data as { fieldErrors: Record<string, string> }).fieldErrors.longitude).toMatch(/不在祁县范围内/);
  });
});

describe("可公开推介", () => {
  it("the bureau sets it (audited); a county's form cannot", async () => {
    const p = await createProject(sql, { countyId: yuciId, location: [112.75, 37.7] });
    expect((await edit("county.yuci", p.id, await formOf("county.yuci", p.id, { publicPromotion: "1" }))).status).toBe(
      302,
    );
    expect((await one(`SELECT public_promotion FROM project WHERE id = $1`, [p.id])).public_promotion).toBe(false);
    expect((await edit("bureau", p.id, await formOf("bureau", p.id, { publicPromotion: "1" }))).status).toBe(302);
    expect((await one(`SELECT public_promotion FROM project WHERE id = $1`, [p.id])).public_promotion).toBe(true);
    const ev = await one(
      `SELECT after FROM audit_event WHERE entity = 'Project' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1`,
      [String(p.id)],
    );
    expect(ev.after).toMatchObject({ publicPromotion: true });
    // the county's own save keeps the bureau's choice
    expect((await edit("county.yuci", p.id, await formOf("county.yuci", p.id, { name: "县区改名" }))).status).toBe(302);
    expect((await one(`SELECT public_promotion FROM project WHERE id = $1`, [p.id])).public_promotion).toBe(true);
  });
});
