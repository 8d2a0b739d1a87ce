// Reference data (issue 15 §4, docs/decisions/161) through the real loaders and actions: deleting a county, an
// industry, a 领办领导 or a 责任单位 still referenced is refused (409) saying what references it — never a 500 or a
// foreign-key error — and nothing is deleted; a rename keeps the id and leaves the old and new names in the audit log
// (shown as 更名记录); a save on a stale page is a 409 naming what changed; only the bureau, 市经信委 and the
// 系统管理员 get in.
import { beforeAll, describe, expect, it } from "vitest";
import { action as listAction, loader as listLoader } from "~/routes/_app.org.$kind._index/route";
import { action as rowAction, loader as rowLoader } from "~/routes/_app.org.$kind.$id/route";
import { loader as orgLoader } from "~/routes/_app.org._index/route";
import { prisma } from "~/utils/db.server";
import { postForm, requestAs, run } from "../support/requests";
import { queries, testSql } from "../support/sql";

const { count, rows: sqlRows } = queries(testSql());

type Failure = {
  fieldErrors: Record<string, string>;
  formError: string | null;
  conflict: { message: string; changed: { field: string; theirs: string; yours: string }[] } | null;
};

async function create(username: string, kind: string, fields: Record<string, string>) {
  const request = await postForm(username, `/org/${kind}`, fields);
  return run(() => listAction({ request, params: { kind }, context: {} }));
}

async function onRow(username: string, kind: string, id: number, fields: Record<string, string>) {
  const request = await postForm(username, `/org/${kind}/${id}`, fields);
  return run(() => rowAction({ request, params: { kind, id: String(id) }, context: {} }));
}

const idFrom = (location: string | null | undefined) => Number(location?.split("/").pop());
const ids = { industry: 0, county: 0, official: 0, department: 0 };

beforeAll(async () => {
  ids.industry = (
    await prisma.industry.findFirstOrThrow({ where: { projects: { some: {} } }, orderBy: { id: "asc" } })
  ).id;
  ids.county = (await prisma.county.findFirstOrThrow({ where: { name: "榆次区" } })).id;
  ids.official = (
    await prisma.official.findFirstOrThrow({ where: { projects: { some: {} } }, orderBy: { id: "asc" } })
  ).id;
  ids.department = (await prisma.department.findFirstOrThrow({ where: { code: "guotu" } })).id;
});

describe("deleting what is still referenced", () => {
  it("an industry used by projects: 409 '该行业仍被 N 个项目…引用，不能删除', the row stays", async () => {
    const projects = await prisma.project.count({ where: { industryId: ids.industry } });
    const v = (await prisma.industry.findUniqueOrThrow({ where: { id: ids.industry } })).version;
    const r = await onRow("bureau", "industries", ids.industry, { intent: "delete", version: String(v) });
    expect(r.status).toBe(409);
    expect((r.data as Failure).formError).toMatch(new RegExp(`^该行业仍被 ${projects} 个项目.*引用，不能删除$`));
    expect(await prisma.industry.count({ where: { id: ids.industry } })).toBe(1);
  });

  it("a county, a 领办领导 (whose project links would cascade) and a 责任单位 with accounts: refused, nothing gone", async () => {
    const links = await prisma.projectOfficial.count({ where: { officialId: ids.official } });
    for (const [kind, id, says] of [
      ["counties", ids.county, /^该县区仍被 \d+ 个项目、\d+ 家企业.*引用，不能删除$/],
      ["officials", ids.official, new RegExp(`^该领办领导仍被 ${links} 个项目（领办）引用，不能删除$`)],
      ["departments", ids.department, /^该责任单位仍被 \d+ 个账号.*引用，不能删除$/],
    ] as const) {
      const row = await run(async () =>
        rowLoader({
          request: await requestAs("eic", `/org/${kind}/${id}`),
          params: { kind, id: String(id) },
          context: {},
        }),
      );
      const version = String((row.data as { row: { version: number } }).row.version);
      const r = await onRow("eic", kind, id, { intent: "delete", version });
      expect(r.status, kind).toBe(409);
      expect((r.data as Failure).formError, kind).toMatch(says);
    }
    expect(await prisma.projectOfficial.count({ where: { officialId: ids.official } })).toBe(links);
    expect(await prisma.county.count({ where: { id: ids.county } })).toBe(1);
  });

  it("an unreferenced industry is deleted, audited", async () => {
    const made = await create("bureau", "industries", { code: "del-test", name: "待删除测试行业" });
    expect(made.status).toBe(302);
    const id = idFrom(made.response?.headers.get("Location"));
    const r = await onRow("bureau", "industries", id, { intent: "delete", version: "1" });
    expect(r.status).toBe(302);
    expect(await prisma.industry.count({ where: { id } })).toBe(0);
    expect(
      await prisma.auditEvent.count({ where: { entity: "Industry", entityId: String(id), action: "DELETE" } }),
    ).toBe(1);
  });
});

describe("renaming keeps history", () => {
  it("a county renamed: same id, projects still point at it, RENAME with the old and new names, shown as 更名记录", async () => {
    const before = await prisma.county.findUniqueOrThrow({ where: { id: ids.county } });
    const projects = await prisma.project.count({ where: { countyId: ids.county } });
    const r = await onRow("bureau", "counties", ids.county, {
      intent: "save",
      code: before.code,
      name: "榆次区（测试更名）",
      kind: before.kind,
      version: String(before.version),
    });
    expect(r.status).toBe(302);
    const after = await prisma.county.findUniqueOrThrow({ where: { id: ids.county } });
    expect(after).toMatchObject({ name: "榆次区（测试更名）", version: before.version + 1 });
    expect(await prisma.project.count({ where: { countyId: ids.county } })).toBe(projects);
    const e = await prisma.auditEvent.findFirstOrThrow({
      where: { entity: "County", entityId: String(ids.county), action: "RENAME" },
    });
    expect(e.before).toMatchObject({ name: "榆次区" });
    expect(e.after).toMatchObject({ name: "榆次区（测试更名）" });
    const page = await run(async () =>
      rowLoader({
        request: await requestAs("bureau", `/org/counties/${ids.county}`),
        params: { kind: "counties", id: String(ids.county) },
        context: {},
      }),
    );
    expect((page.data as { renames: { from: string; to: string }[] }).renames).toEqual([
      expect.objectContaining({ from: "榆次区", to: "榆次区（测试更名）" }),
    ]);
    // and back, so the other tests see the seed's name
    const back = await onRow("bureau", "counties", ids.county, {
      intent: "save",
      code: before.code,
      name: "榆次区",
      kind: before.kind,
      version: String(after.version),
    });
    expect(back.status).toBe(302);
  });

  it("a stale save is a 409 naming the field the other person changed; nothing is overwritten", async () => {
    const made = await create("eic", "officials", {
      name: "测试领导",
      title: "副县长",
      level: "COUNTY",
      county: String(ids.county),
    });
    expect(made.status).toBe(302);
    const id = idFrom(made.response?.headers.get("Location"));
    const first = await onRow("bureau", "officials", id, {
      intent: "save",
      name: "测试领导",
      title: "县长",
      level: "COUNTY",
      county: String(ids.county),
      version: "1",
    });
    expect(first.status).toBe(302);
    const second = await onRow("eic", "officials", id, {
      intent: "save",
      name: "测试领导",
      title: "常务副县长",
      level: "COUNTY",
      county: String(ids.county),
      version: "1",
    });
    expect(second.status).toBe(409);
    const f = second.data as Failure;
    expect(f.conflict?.changed).toEqual([
      expect.objectContaining({ field: "title", theirs: "县长", yours: "常务副县长" }),
    ]);
    expect((await prisma.official.findUniqueOrThrow({ where: { id } })).title).toBe("县长");
    expect(
      await prisma.auditEvent.count({ where: { entity: "Official", entityId: String(id), action: "UPDATE" } }),
    ).toBe(1);
  });

  it("bad input is refused next to the field in Chinese: a taken name, a 县级 leader without a county", async () => {
    const taken = await create("bureau", "industries", {
      code: "dup-x",
      name: (await prisma.industry.findFirstOrThrow()).name,
    });
    expect(taken.status).toBe(400);
    expect((taken.data as Failure).fieldErrors.name).toMatch(/^已有名为「.+」的行业$/);
    const noCounty = await create("bureau", "officials", {
      name: "某某",
      title: "副县长",
      level: "COUNTY",
      county: "",
    });
    expect(noCounty.status).toBe(400);
    expect((noCounty.data as Failure).fieldErrors.county).toBe("县级领导请选择所在县区");
    const badKind = await create("bureau", "counties", { code: "140799", name: "新区", kind: "PLANET" });
    expect((badKind.data as Failure).fieldErrors.kind).toBe("请选择类型");
  });
});

describe("searching and paging the lists (decision 186)", () => {
  type Listed = { total: number; rows: { id: number; name: string }[] };
  const list = async (kind: string, search: string, who = "bureau") => {
    const r = await run(async () =>
      listLoader({ request: await requestAs(who, `/org/${kind}?${search}`), params: { kind }, context: {} }),
    );
    expect(r.status).toBe(200);
    return r.data as Listed;
  };

  it("officials: a search by name, post or county, the level and county filters and the pages come from the server", async () => {
    const yuci = ids.county;
    // by county name: 榆次区's county-level leaders (the 市级 ones have no county)
    const byCounty = await list("officials", "q=榆次");
    const expected = await sqlRows(
      `SELECT o.id FROM official o LEFT JOIN county c ON c.id = o.county_id
        WHERE o.name ILIKE '%榆次%' OR o.title ILIKE '%榆次%' OR c.name ILIKE '%榆次%'
        ORDER BY o.level, o.county_id NULLS FIRST, o.id`,
    );
    expect(byCounty.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(byCounty.total).toBe(expected.length);
    expect(byCounty.total).toBeGreaterThan(0);
    // one leader by his name
    const one = await prisma.official.findFirstOrThrow({ where: { countyId: yuci }, orderBy: { id: "asc" } });
    const byName = await list("officials", `q=${encodeURIComponent(one.name)}`);
    expect(byName.rows.map((r) => r.id)).toContain(one.id);
    expect(byName.total).toBe(
      await count(
        `SELECT count(*) AS n FROM official o LEFT JOIN county c ON c.id = o.county_id
      WHERE o.name ILIKE '%' || $1 || '%' OR o.title ILIKE '%' || $1 || '%' OR c.name ILIKE '%' || $1 || '%'`,
        [one.name],
      ),
    );
    // level and county
    const city = await list("officials", "level=CITY");
    expect(city.total).toBe(await count(`SELECT count(*) AS n FROM official WHERE level = 'CITY'`));
    const ofYuci = await list("officials", `level=COUNTY&county=${yuci}`);
    expect(ofYuci.total).toBe(
      await count(`SELECT count(*) AS n FROM official WHERE level = 'COUNTY' AND county_id = $1`, [yuci]),
    );
    // pages of 20: the second page continues the first, together they are the whole list's first 40
    const all = await count(`SELECT count(*) AS n FROM official`);
    expect(all).toBeGreaterThan(20);
    const [p1, p2] = [await list("officials", "size=20&page=1"), await list("officials", "size=20&page=2")];
    expect(p1.total).toBe(all);
    expect(p1.rows).toHaveLength(20);
    const firstForty = await sqlRows(`SELECT id FROM official ORDER BY level, county_id NULLS FIRST, id LIMIT 40`);
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(firstForty.map((r) => r.id));
    // nothing found is an empty page, not an error; a bad page number falls back to the first
    expect((await list("officials", "q=不存在的领导")).total).toBe(0);
    expect((await list("officials", "page=abc&size=7")).rows).toHaveLength(Math.min(all, 50));
  });

  it("industries, counties and departments search by name or code", async () => {
    const ind = await prisma.industry.findFirstOrThrow({ orderBy: { id: "asc" } });
    const byCode = await list("industries", `q=${ind.code.toLowerCase()}`);
    expect(byCode.rows.map((r) => r.id)).toContain(ind.id);
    expect(byCode.total).toBe(
      await count(
        `SELECT count(*) AS n FROM industry WHERE name ILIKE '%' || $1 || '%' OR code ILIKE '%' || $1 || '%'`,
        [ind.code.toLowerCase()],
      ),
    );
    expect((await list("counties", "q=榆次")).rows.map((r) => r.name)).toEqual(["榆次区"]);
    expect((await list("departments", "q=国土", "eic")).rows.map((r) => r.name)).toContain("市国土资源局");
    // a county filter means nothing on another kind: ignored, not an error
    expect((await list("industries", `county=${ids.county}`)).total).toBe(
      await count(`SELECT count(*) AS n FROM industry`),
    );
  });
});

describe("who may", () => {
  it("the bureau, 市经信委 and the 系统管理员 open the pages; a county, a team and 市领导 are refused (403) page and action", async () => {
    for (const u of ["bureau", "eic", "sysadmin"]) {
      const r = await run(async () => orgLoader({ request: await requestAs(u, "/org"), params: {}, context: {} }));
      expect(r.status, u).toBe(200);
    }
    for (const u of ["county.yuci", "team01", "leader"]) {
      const page = await run(async () =>
        listLoader({ request: await requestAs(u, "/org/industries"), params: { kind: "industries" }, context: {} }),
      );
      expect(page.status, u).toBe(403);
      const post = await create(u, "industries", { code: "nope", name: "越权行业" });
      expect(post.status, u).toBe(403);
      const del = await onRow(u, "industries", ids.industry, { intent: "delete", version: "1" });
      expect(del.status, u).toBe(403);
    }
    expect(await prisma.industry.count({ where: { name: "越权行业" } })).toBe(0);
  });

  it("an unknown kind is a 404", async () => {
    const r = await run(async () =>
      listLoader({ request: await requestAs("bureau", "/org/planets"), params: { kind: "planets" }, context: {} }),
    );
    expect(r.status).toBe(404);
  });
});
