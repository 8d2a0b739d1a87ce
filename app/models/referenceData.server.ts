// Reference data (issue 15 §4, docs/decisions/161): counties and zones, industries, 领办领导 and 责任单位. Lists with
// what refers to each row; create (idempotent, decision 093), edit (version-checked; a new name is audited as RENAME
// with the old and new names — the id stays, so every project, user and report keeps pointing at it) and delete,
// refused with what still refers to the row (never a foreign-key error).
import type { Prisma } from "~/generated/prisma/client";
import { COUNTY_KIND_LABELS, OFFICIAL_LEVEL_LABELS } from "~/domain/labels";
import { canManageReferenceData, type Viewer } from "~/domain/permissions";
import {
  inUseMessage,
  REFERENCE_KINDS,
  type CountyValues,
  type DepartmentValues,
  type IndustryValues,
  type OfficialValues,
  type ReferenceCount,
  type ReferenceKind,
} from "~/domain/referenceData";
import { Refusal } from "~/domain/refusal";
import { audit, diffFields } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";

export interface ReferenceRow {
  id: number;
  code: string | null;
  name: string;
  detail: string;
  version: number;
  refs: ReferenceCount[];
  /** Form values as strings, for the edit form. */
  values: Record<string, string>;
  /** 县区政府、市经信委、投资促进局: units the system itself routes to; they are renamed, never deleted. */
  builtIn: boolean;
}

const countyRefs = {
  projects: true,
  enterprises: true,
  leads: true,
  users: true,
  officials: true,
  targets: true,
  issues: true,
  serviceTeams: true,
  registrations: true,
  policies: true,
} as const;

function countyCounts(c: Record<keyof typeof countyRefs, number>, government: boolean): ReferenceCount[] {
  return [
    { count: c.projects, unit: "个", what: "项目" },
    { count: c.enterprises, unit: "家", what: "企业" },
    { count: c.leads, unit: "条", what: "招商线索" },
    { count: c.users, unit: "个", what: "账号" },
    { count: c.officials, unit: "位", what: "领办领导" },
    { count: c.targets, unit: "项", what: "目标" },
    { count: c.issues, unit: "件", what: "企业诉求" },
    { count: c.serviceTeams, unit: "个", what: "服务小组" },
    { count: c.registrations, unit: "份", what: "注册申请" },
    { count: c.policies, unit: "条", what: "优惠政策" },
    { count: government ? 1 : 0, unit: "个", what: "责任单位（县区政府）" },
  ];
}

/** A list page's filters (docs/decisions/186): a search on names (and codes, posts), officials by level and county. */
export interface ReferenceFilter {
  q?: string;
  level?: "CITY" | "COUNTY";
  county?: number;
}

/** Which rows: one (`id`), or a page of the rows matching the filter. */
type Pick = { id: number } | { filter: ReferenceFilter; skip: number; take: number };

const contains = (q: string) => ({ contains: q, mode: "insensitive" as const });

/** A page of a kind's rows with what refers to each, in the kind's order, and how many match the filter. */
export async function listReference(
  kind: ReferenceKind,
  page: { filter?: ReferenceFilter; page?: number; size?: number } = {},
  db: Tx | typeof prisma = prisma,
): Promise<{ rows: ReferenceRow[]; total: number }> {
  const size = page.size ?? 1000;
  return readReference(kind, { filter: page.filter ?? {}, skip: ((page.page ?? 1) - 1) * size, take: size }, db);
}

export async function getReference(kind: ReferenceKind, id: number, db: Tx | typeof prisma = prisma) {
  return (await readReference(kind, { id }, db)).rows[0] ?? null;
}

async function readReference(
  kind: ReferenceKind,
  pick: Pick,
  db: Tx | typeof prisma,
): Promise<{ rows: ReferenceRow[]; total: number }> {
  const f = "id" in pick ? {} : pick.filter;
  const byCodeOrName = f.q ? { OR: [{ name: contains(f.q) }, { code: contains(f.q) }] } : {};
  switch (kind) {
    case "counties":
      return readRows(
        pick,
        byCodeOrName as Prisma.CountyWhereInput,
        (args) =>
          db.county.findMany({
            ...args,
            select: {
              id: true,
              code: true,
              name: true,
              kind: true,
              version: true,
              government: { select: { id: true } },
              _count: { select: countyRefs },
            },
            orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
          }),
        (args) => db.county.count(args),
        (r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          detail: COUNTY_KIND_LABELS[r.kind],
          version: r.version,
          refs: countyCounts(r._count, r.government !== null),
          values: { code: r.code, name: r.name, kind: r.kind },
          builtIn: false,
        }),
      );
    case "industries":
      return readRows(
        pick,
        byCodeOrName as Prisma.IndustryWhereInput,
        (args) =>
          db.industry.findMany({
            ...args,
            select: {
              id: true,
              code: true,
              name: true,
              version: true,
              _count: { select: { projects: true, leads: true } },
            },
            orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
          }),
        (args) => db.industry.count(args),
        (r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          detail: "",
          version: r.version,
          refs: [
            { count: r._count.projects, unit: "个", what: "项目" },
            { count: r._count.leads, unit: "条", what: "招商线索" },
          ],
          values: { code: r.code, name: r.name },
          builtIn: false,
        }),
      );
    case "officials": {
      // a search finds a leader by name, post or county (「榆次」 lists 榆次区's county-level leaders)
      const filtered: Prisma.OfficialWhereInput = {
        ...(f.q
          ? { OR: [{ name: contains(f.q) }, { title: contains(f.q) }, { county: { name: contains(f.q) } }] }
          : {}),
        ...(f.level ? { level: f.level } : {}),
        ...(f.county ? { countyId: f.county } : {}),
      };
      return readRows(
        pick,
        filtered,
        (args) =>
          db.official.findMany({
            ...args,
            select: {
              id: true,
              name: true,
              title: true,
              level: true,
              countyId: true,
              version: true,
              county: { select: { name: true } },
              _count: { select: { projects: true } },
            },
            orderBy: [{ level: "asc" }, { countyId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
          }),
        (args) => db.official.count(args),
        (r) => ({
          id: r.id,
          code: null,
          name: r.name,
          detail: `${OFFICIAL_LEVEL_LABELS[r.level]} · ${r.title}${r.county ? ` · ${r.county.name}` : ""}`,
          version: r.version,
          refs: [{ count: r._count.projects, unit: "个", what: "项目（领办）" }],
          values: { name: r.name, title: r.title, level: r.level, county: r.countyId ? String(r.countyId) : "" },
          builtIn: false,
        }),
      );
    }
    case "departments":
      return readRows(
        pick,
        byCodeOrName as Prisma.DepartmentWhereInput,
        (args) =>
          db.department.findMany({
            ...args,
            select: {
              id: true,
              code: true,
              name: true,
              version: true,
              staffedBy: true,
              _count: { select: { users: true, supervisions: true } },
            },
            orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
          }),
        (args) => db.department.count(args),
        (r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          detail: r.staffedBy === "DEPARTMENT" ? "市直部门/单位" : "系统内置单位",
          version: r.version,
          refs: [
            { count: r._count.users, unit: "个", what: "账号" },
            { count: r._count.supervisions, unit: "件", what: "督办事项" },
          ],
          values: { code: r.code, name: r.name },
          builtIn: r.staffedBy !== "DEPARTMENT",
        }),
      );
  }
}

/**
 * One kind's read, the same for every kind: the row `pick` names, or the page of rows matching `filtered` with how
 * many match — `find` adds the kind's select and order, `toRow` shapes a row.
 */
async function readRows<W extends object, R>(
  pick: Pick,
  filtered: W,
  find: (args: { where: W; skip?: number; take?: number }) => Promise<R[]>,
  count: (args: { where: W }) => Promise<number>,
  toRow: (r: R) => ReferenceRow,
): Promise<{ rows: ReferenceRow[]; total: number }> {
  const one = "id" in pick;
  const where = one ? ({ id: pick.id } as W) : filtered;
  const [rows, total] = await Promise.all([
    find(one ? { where } : { where, skip: pick.skip, take: pick.take }),
    one ? 1 : count({ where }),
  ]);
  return { total, rows: rows.map(toRow) };
}

/** The 更名记录 of a row: every RENAME in the audit log, oldest first. */
export async function renameHistory(kind: ReferenceKind, id: number) {
  const events = await prisma.auditEvent.findMany({
    where: { entity: REFERENCE_KINDS[kind].entity, entityId: String(id), action: "RENAME" },
    select: { id: true, at: true, before: true, after: true, actorId: true },
    orderBy: { id: "asc" },
  });
  const actors = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: events.flatMap((e) => (e.actorId ? [e.actorId] : [])) } },
        select: { id: true, displayName: true },
      })
    ).map((u) => [u.id, u.displayName]),
  );
  return events.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    from: String((e.before as { name?: unknown } | null)?.name ?? ""),
    to: String((e.after as { name?: unknown } | null)?.name ?? ""),
    by: (e.actorId && actors.get(e.actorId)) || "—",
  }));
}

type Values = CountyValues | IndustryValues | OfficialValues | DepartmentValues;

/** The columns a form writes. */
function dataOf(kind: ReferenceKind, v: Values): Record<string, unknown> {
  if (kind === "officials") {
    const o = v as OfficialValues;
    return { name: o.name, title: o.title, level: o.level, countyId: o.county };
  }
  if (kind === "counties") {
    const c = v as CountyValues;
    return { code: c.code, name: c.name, kind: c.kind };
  }
  const d = v as IndustryValues;
  return { code: d.code, name: d.name };
}

/** Codes and names are unique (officials excepted: two people may share a name): say which field, next to it. */
async function checkUnique(tx: Tx, kind: ReferenceKind, data: Record<string, unknown>, selfId: number | null) {
  if (kind === "officials") {
    if (data.countyId !== null && !(await tx.county.findUnique({ where: { id: data.countyId as number } })))
      throw Refusal.fields({ county: "请选择县区" });
    return;
  }
  const code = data.code as string;
  const name = data.name as string;
  const where = { OR: [{ code }, { name }], ...(selfId ? { NOT: { id: selfId } } : {}) };
  const taken =
    kind === "counties"
      ? await tx.county.findFirst({ where, select: { code: true, name: true } })
      : kind === "industries"
        ? await tx.industry.findFirst({ where, select: { code: true, name: true } })
        : await tx.department.findFirst({ where, select: { code: true, name: true } });
  if (!taken) return;
  const noun = REFERENCE_KINDS[kind].noun;
  throw Refusal.fields(
    taken.code === code
      ? { code: `代码「${code}」已被「${taken.name}」使用` }
      : { name: `已有名为「${name}」的${noun}` },
  );
}

function isUniqueViolation(e: unknown) {
  return (e as { code?: string }).code === "P2002";
}

function allowed(viewer: Viewer) {
  if (!canManageReferenceData(viewer))
    throw Refusal.forbidden("组织机构与基础数据由投资促进局、市经信委和系统管理员维护");
}

export async function createReference(viewer: Viewer, kind: ReferenceKind, v: Values, claim?: CreateClaim) {
  allowed(viewer);
  const data = dataOf(kind, v);
  const entity = REFERENCE_KINDS[kind].entity;
  try {
    return await prisma.$transaction((tx) =>
      once(tx, claim, async () => {
        await checkUnique(tx, kind, data, null);
        let id: number;
        if (kind === "counties") {
          const max = await tx.county.aggregate({ _max: { sortOrder: true } });
          id = (
            await tx.county.create({
              data: { ...(data as Prisma.CountyUncheckedCreateInput), sortOrder: (max._max.sortOrder ?? 0) + 1 },
            })
          ).id;
        } else if (kind === "industries") {
          const max = await tx.industry.aggregate({ _max: { sortOrder: true } });
          id = (
            await tx.industry.create({
              data: { ...(data as Prisma.IndustryUncheckedCreateInput), sortOrder: (max._max.sortOrder ?? 0) + 1 },
            })
          ).id;
        } else if (kind === "officials") {
          id = (await tx.official.create({ data: data as Prisma.OfficialUncheckedCreateInput })).id;
        } else {
          const max = await tx.department.aggregate({ _max: { sortOrder: true } });
          id = (
            await tx.department.create({
              data: {
                ...(data as Prisma.DepartmentUncheckedCreateInput),
                sortOrder: (max._max.sortOrder ?? 0) + 1,
                kind: "CITY",
                staffedBy: "DEPARTMENT",
              },
            })
          ).id;
        }
        await audit(tx, { actorId: viewer.id, action: "CREATE", entity, entityId: id, after: data });
        return id;
      }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw Refusal.fields({ name: "名称或代码刚刚已被他人登记，请换一个" }, null, 409);
    throw e;
  }
}

/** Locks the row (FOR UPDATE) so the version check, the reference count and the write see one state. */
async function lockRow(tx: Tx, kind: ReferenceKind, id: number) {
  const table = { counties: "county", industries: "industry", officials: "official", departments: "department" }[kind];
  // the table name comes from the fixed map above, never from input
  await tx.$queryRawUnsafe(`SELECT id FROM "${table}" WHERE id = $1 FOR UPDATE`, id);
  const row = await getReference(kind, id, tx);
  if (!row) throw Refusal.notFound(`该${REFERENCE_KINDS[kind].noun}不存在，可能已被删除`);
  return row;
}

function delegate(tx: Tx, kind: ReferenceKind) {
  return kind === "counties"
    ? tx.county
    : kind === "industries"
      ? tx.industry
      : kind === "officials"
        ? tx.official
        : tx.department;
}

export async function updateReference(
  viewer: Viewer,
  kind: ReferenceKind,
  id: number,
  v: Values & { version: number },
) {
  allowed(viewer);
  const data = dataOf(kind, v);
  const entity = REFERENCE_KINDS[kind].entity;
  try {
    await prisma.$transaction(async (tx) => {
      const row = await lockRow(tx, kind, id);
      if (row.version !== v.version) throw Refusal.conflict({ current: { ...row.values, version: row.version } });
      await checkUnique(tx, kind, data, id);
      const before: Record<string, unknown> =
        kind === "officials"
          ? { ...row.values, countyId: row.values.county ? Number(row.values.county) : null }
          : { ...row.values };
      delete before.county;
      const d = diffFields(before, data);
      if (!d.changed.length) return;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one call over four delegates of one shape
      await updateVersioned(delegate(tx, kind) as any, entity, id, v.version, data);
      // a new name keeps the row (and its id): the old and the new name stay in the audit log, shown as 更名记录
      await audit(tx, {
        actorId: viewer.id,
        action: d.changed.includes("name") ? "RENAME" : "UPDATE",
        entity,
        entityId: id,
        before: { ...d.before, name: row.name },
        after: { ...d.after, name: data.name },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw Refusal.fields({ name: "名称或代码刚刚已被他人使用，请换一个" }, null, 409);
    throw e;
  }
}

/** Deletes a row nothing refers to; otherwise 409 saying what still refers to it. */
export async function deleteReference(viewer: Viewer, kind: ReferenceKind, id: number, version: number) {
  allowed(viewer);
  const entity = REFERENCE_KINDS[kind].entity;
  try {
    await deleteRow(viewer, kind, id, version, entity);
  } catch (e) {
    // a row referenced between the count and the delete: the database's foreign key says no, we say it in words
    if ((e as { code?: string }).code === "P2003")
      throw Refusal.form(`该${REFERENCE_KINDS[kind].noun}刚刚被其他记录引用，不能删除`, 409);
    throw e;
  }
}

async function deleteRow(viewer: Viewer, kind: ReferenceKind, id: number, version: number, entity: string) {
  await prisma.$transaction(async (tx) => {
    const row = await lockRow(tx, kind, id);
    if (row.version !== version)
      throw Refusal.form(`该${REFERENCE_KINDS[kind].noun}刚刚已被他人修改，请刷新页面后再操作`, 409);
    if (row.builtIn) throw Refusal.form("县区政府、市经信委和投资促进局是系统内置的责任单位，只能更名，不能删除", 409);
    const inUse = inUseMessage(kind, row.refs);
    if (inUse) throw Refusal.form(inUse, 409);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one call over four delegates of one shape
    await (delegate(tx, kind) as any).delete({ where: { id } });
    await audit(tx, { actorId: viewer.id, action: "DELETE", entity, entityId: id, before: row.values });
  });
}

/** How many rows each kind has (the 组织机构 overview), and the teams. */
export async function referenceCounts() {
  const [counties, industries, officials, departments, teams] = await Promise.all([
    prisma.county.count(),
    prisma.industry.count(),
    prisma.official.count(),
    prisma.department.count(),
    prisma.serviceTeam.count(),
  ]);
  return { counts: { counties, industries, officials, departments } satisfies Record<ReferenceKind, number>, teams };
}
