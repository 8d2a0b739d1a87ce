// The enterprise registry (issue 15 §1, docs/decisions/113): the list with its search and filters, and the
// profile. Both read through the viewer's scope (enterpriseScope via db.as); the profile's projects, issues,
// service logs and agency tasks are each ANDed with their own scope, so a county reading an enterprise that also
// invests elsewhere sees only what is its own.
import { ENTERPRISE_FIELD_LABELS, type EnterpriseEditValues, type EnterpriseFormValues } from "~/domain/enterpriseForm";
import type { EnterpriseListQuery } from "~/domain/enterpriseListQuery.server";
import { maskPhone, parseEnterpriseSearch } from "~/domain/enterpriseSearch";
import { canEditEnterprise, seesContactPhones, type Viewer } from "~/domain/permissions";
import { Refusal, type ConflictField } from "~/domain/refusal";
import type { Prisma } from "~/generated/prisma/client";
import { audit, diffFields } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { showValue } from "~/utils/refusal.server";
import { db } from "./db.server";
import { enterpriseScope, issueScope, projectScope } from "./scope.server";

/** The list's filters as a `where` (the scope is added by db.as); `badCode` when the text is a wrong credit code. */
export function enterpriseListWhere(q: EnterpriseListQuery): { where: Prisma.EnterpriseWhereInput; badCode?: string } {
  const and: Prisma.EnterpriseWhereInput[] = [];
  const search = parseEnterpriseSearch(q.q);
  if (search.kind === "badCode") return { where: { id: -1 }, badCode: search.message };
  if (search.kind === "code") and.push({ creditCode: search.code });
  if (search.kind === "name") and.push({ name: { contains: search.text, mode: "insensitive" } });
  if (q.county) and.push({ countyId: q.county });
  if (q.team) and.push({ serviceTeamId: q.team });
  if (q.industry) and.push({ projects: { some: { industryId: q.industry } } });
  if (q.key) and.push({ isKeyEnterprise: q.key === "1" });
  return { where: and.length ? { AND: and } : {} };
}

export async function listEnterprises(viewer: Viewer, q: EnterpriseListQuery) {
  const { where, badCode } = enterpriseListWhere(q);
  const scoped = db.as(viewer);
  const orderBy: Prisma.EnterpriseOrderByWithRelationInput[] =
    q.sort === "updatedAt" ? [{ updatedAt: q.dir }, { id: q.dir }] : [{ name: q.dir }, { id: q.dir }];
  const [rows, total] = await Promise.all([
    scoped.enterprise.findMany({
      where,
      orderBy,
      skip: (q.page - 1) * q.size,
      take: q.size,
      select: {
        id: true,
        name: true,
        creditCode: true,
        isKeyEnterprise: true,
        updatedAt: true,
        county: { select: { name: true } },
        serviceTeam: { select: { id: true, name: true } },
        _count: { select: { projects: { where: projectScope(viewer) } } },
      },
    }),
    scoped.enterprise.count({ where }),
  ]);
  return {
    badCode: badCode ?? null,
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      creditCode: r.creditCode,
      isKeyEnterprise: r.isKeyEnterprise,
      county: r.county?.name ?? null,
      team: r.serviceTeam,
      projectCount: r._count.projects,
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
export type EnterpriseRow = Awaited<ReturnType<typeof listEnterprises>>["rows"][number];

/** The profile, or null when the enterprise is outside the viewer's scope (the route answers 404). */
export async function getEnterpriseProfile(viewer: Viewer, id: number) {
  const e = await db.as(viewer).enterprise.findFirst({
    where: { id },
    select: {
      id: true,
      name: true,
      creditCode: true,
      originRegion: true,
      isKeyEnterprise: true,
      annualOutput: true,
      address: true,
      version: true,
      updatedAt: true,
      county: { select: { id: true, name: true } },
      serviceTeam: {
        select: { id: true, no: true, name: true, phone: true, leader: { select: { displayName: true, phone: true } } },
      },
      contacts: { orderBy: [{ isPrimary: "desc" }, { id: "asc" }] },
    },
  });
  if (!e) return null;
  const inScope = { AND: [{ enterpriseId: id }, projectScope(viewer)] };
  const [projects, issues, serviceLogs, tasks] = await Promise.all([
    prisma.project.findMany({
      where: inScope,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        code: true,
        name: true,
        stage: true,
        pool: true,
        county: { select: { name: true } },
        industry: { select: { name: true } },
        serviceTeam: { select: { id: true, name: true } },
      },
    }),
    prisma.coordinationIssue.findMany({
      where: { AND: [{ enterpriseId: id }, issueScope(viewer)] },
      orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
      take: 50,
      select: { id: true, code: true, title: true, status: true, level: true, submittedAt: true },
    }),
    // logs of its projects in scope, and visits to the enterprise itself (no project)
    prisma.serviceLog.findMany({
      where: { OR: [{ project: inScope }, { enterpriseId: id, projectId: null }] },
      orderBy: [{ occurredOn: "desc" }, { id: "desc" }],
      take: 50,
      select: {
        id: true,
        kind: true,
        occurredOn: true,
        people: true,
        content: true,
        project: { select: { id: true, name: true } },
        team: { select: { name: true } },
      },
    }),
    prisma.agencyTask.findMany({
      where: { project: inScope },
      orderBy: [{ status: "asc" }, { dueOn: "asc" }, { id: "asc" }],
      take: 50,
      select: {
        id: true,
        kind: true,
        title: true,
        status: true,
        dueOn: true,
        project: { select: { id: true, name: true } },
      },
    }),
  ]);
  const phones = seesContactPhones(viewer);
  return {
    ...e,
    updatedAt: e.updatedAt.toISOString(),
    phonesMasked: !phones,
    contacts: e.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      title: c.title,
      phone: phones ? c.phone : maskPhone(c.phone),
      isPrimary: c.isPrimary,
    })),
    projects,
    issues: issues.map((i) => ({ ...i, submittedAt: i.submittedAt.toISOString() })),
    serviceLogs: serviceLogs.map((l) => ({ ...l, occurredOn: l.occurredOn.toISOString().slice(0, 10) })),
    tasks: tasks.map((t) => ({ ...t, dueOn: t.dueOn ? t.dueOn.toISOString().slice(0, 10) : null })),
  };
}
export type EnterpriseProfile = NonNullable<Awaited<ReturnType<typeof getEnterpriseProfile>>>;

// ——— writes (docs/decisions/114) ———

function duplicateCode(existing: { name: string }) {
  return Refusal.fields(
    { creditCode: `该统一社会信用代码已登记为「${existing.name}」，请勿重复登记` },
    "请修改标出的字段",
  );
}

/** The checks every save makes inside its transaction: the county exists and is the viewer's to use; the code is free. */
async function checkEnterpriseInput(tx: Tx, viewer: Viewer, v: EnterpriseFormValues, selfId: number | null) {
  if (viewer.role === "COUNTY" && v.countyId !== viewer.countyId)
    throw Refusal.fields({ countyId: "县区账号只能登记本县区的企业" }, "请修改标出的字段");
  if (v.countyId !== null && !(await tx.county.findUnique({ where: { id: v.countyId }, select: { id: true } })))
    throw Refusal.fields({ countyId: "请选择县区" }, "请修改标出的字段");
  const taken = await tx.enterprise.findUnique({
    where: { creditCode: v.creditCode },
    select: { id: true, name: true },
  });
  if (taken && taken.id !== selfId) throw duplicateCode(taken);
}

/** A unique-key failure after our check: someone registered the same code concurrently. */
async function lostCodeRace(e: unknown, creditCode: string): Promise<never> {
  if ((e as { code?: string }).code === "P2002") {
    const taken = await prisma.enterprise.findUnique({ where: { creditCode }, select: { name: true } });
    if (taken) throw duplicateCode(taken);
  }
  throw e;
}

const enterpriseData = (v: EnterpriseFormValues) => ({
  name: v.name,
  creditCode: v.creditCode,
  countyId: v.countyId,
  originRegion: v.originRegion,
  address: v.address,
  isKeyEnterprise: v.isKeyEnterprise,
  annualOutput: v.annualOutput,
});

/**
 * The one place an enterprise is created, inside the caller's transaction: the viewer's right, the input checks
 * (county, a credit code not yet registered) and the audit entry. The registry's form and the approval of an
 * enterprise's self-registration (app/models/registration.server.ts) both use it.
 */
export async function insertEnterprise(tx: Tx, viewer: Viewer, v: EnterpriseFormValues): Promise<number> {
  if (!canEditEnterprise(viewer)) throw Refusal.forbidden("您没有登记企业的权限");
  await checkEnterpriseInput(tx, viewer, v, null);
  const e = await tx.enterprise.create({ data: enterpriseData(v), select: { id: true } });
  await audit(tx, {
    actorId: viewer.id,
    action: "CREATE",
    entity: "Enterprise",
    entityId: e.id,
    after: enterpriseData(v),
  });
  return e.id;
}

export async function createEnterprise(viewer: Viewer, v: EnterpriseFormValues, claim?: CreateClaim): Promise<number> {
  if (!canEditEnterprise(viewer)) throw Refusal.forbidden("您没有登记企业的权限");
  try {
    return await prisma.$transaction(async (tx) => once(tx, claim, () => insertEnterprise(tx, viewer, v)));
  } catch (e) {
    return lostCodeRace(e, v.creditCode);
  }
}

/** Saves the form over the version the user loaded (409 with what changed when someone saved in between). */
export async function updateEnterprise(viewer: Viewer, id: number, v: EnterpriseEditValues) {
  try {
    return await prisma.$transaction(async (tx) => {
      // the row with the viewer's scope, locked: out of reach since the page loaded → 404
      const [before] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM enterprise WHERE id = ${id} FOR UPDATE`;
      const row = before
        ? await tx.enterprise.findFirst({
            where: { AND: [{ id }, enterpriseScope(viewer)] },
            select: { id: true, version: true, ...ENTERPRISE_FORM_SELECT },
          })
        : null;
      if (!row) throw Refusal.notFound();
      if (!canEditEnterprise(viewer, row)) throw Refusal.forbidden("您没有修改该企业的权限");
      await checkEnterpriseInput(tx, viewer, v, id);
      const data = enterpriseData(v);
      const changed = diffFields(row as Record<string, unknown>, data);
      // nothing to save (the form as it is now): no write, no audit entry
      if (changed.changed.length === 0 && row.version === v.version) return { changed: [] as string[] };
      await updateVersioned(tx.enterprise, "Enterprise", id, v.version, data);
      await audit(tx, {
        actorId: viewer.id,
        action: "UPDATE",
        entity: "Enterprise",
        entityId: id,
        before: changed.before,
        after: changed.after,
      });
      return { changed: Object.keys(changed.after) };
    });
  } catch (e) {
    return lostCodeRace(e, v.creditCode);
  }
}

const ENTERPRISE_FORM_SELECT = {
  name: true,
  creditCode: true,
  countyId: true,
  originRegion: true,
  address: true,
  isKeyEnterprise: true,
  annualOutput: true,
} as const;

/** The form's values of an enterprise the viewer sees (null outside scope), with its version. */
export async function enterpriseFormValues(viewer: Viewer, id: number) {
  return db
    .as(viewer)
    .enterprise.findFirst({ where: { id }, select: { id: true, version: true, ...ENTERPRISE_FORM_SELECT } });
}

/** The conflict table: each field the other person changed, theirs against the user's. */
export function describeEnterpriseConflict(
  current: Record<string, unknown> | null,
  yours: EnterpriseFormValues,
): ConflictField[] {
  if (!current) return [];
  return (Object.keys(ENTERPRISE_FIELD_LABELS) as (keyof EnterpriseFormValues)[])
    .filter((k) => String(current[k] ?? "") !== String(yours[k] ?? ""))
    .map((k) => ({
      field: k,
      label: ENTERPRISE_FIELD_LABELS[k],
      theirs: showValue(current[k]),
      yours: showValue(yours[k]),
    }));
}
