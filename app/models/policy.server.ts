// 优惠政策 (issue 15 §5, docs/decisions/121): the policy library per county (the city's own with no county) and the
// incentives granted to a project with the terms promised to it. Reads go through db.as(viewer) (policyScope,
// projectScope); every write is one transaction with its audit entry; a policy still applied by a project cannot be
// deleted (the refusal names the projects).
import { toIsoDate } from "~/domain/dates";
import {
  policyInUseMessage,
  type IncentiveCategory,
  type PolicyEditValues,
  type PolicyFormValues,
  type ProjectIncentiveValues,
} from "~/domain/incentives";
import { canEditPolicy, canEditProject, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { audit, diffFields } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { db } from "./db.server";
import { findProjectRef } from "./projectAccess.server";
import { policyScope } from "./scope.server";

const dateOf = (s: string | null) => (s ? new Date(`${s}T00:00:00Z`) : null);

export interface PolicyListQuery {
  county: number | "city" | null;
  category: IncentiveCategory | null;
  /** a search in the title and the text (decision 186's style, docs/decisions/227) */
  q?: string;
  page: number;
  size: number;
}

/** One page of the library in the viewer's scope (policyScope), filtered and searched in SQL, with the count. */
export async function listPolicies(viewer: Viewer, q: PolicyListQuery) {
  const where = {
    ...(q.county === "city" ? { countyId: null } : q.county ? { countyId: q.county } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.q
      ? {
          OR: [
            { title: { contains: q.q, mode: "insensitive" as const } },
            { content: { contains: q.q, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.as(viewer).incentivePolicy.count({ where }),
    db.as(viewer).incentivePolicy.findMany({
      where,
      select: {
        id: true,
        countyId: true,
        category: true,
        title: true,
        validFrom: true,
        validTo: true,
        county: { select: { name: true } },
        fund: { select: { id: true, name: true } },
        _count: { select: { incentives: true } },
      },
      orderBy: [{ countyId: { sort: "asc", nulls: "first" } }, { category: "asc" }, { id: "asc" }],
      skip: (q.page - 1) * q.size,
      take: q.size,
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      countyId: r.countyId,
      countyName: r.county?.name ?? null,
      category: r.category,
      title: r.title,
      validFrom: toIsoDate(r.validFrom),
      validTo: r.validTo ? toIsoDate(r.validTo) : null,
      fund: r.fund,
      projects: r._count.incentives,
      canEdit: canEditPolicy(viewer, r.countyId),
    })),
  };
}

/** One policy the viewer reads, with the projects that apply it (those the viewer sees), or null (→ 404). */
export async function getPolicy(viewer: Viewer, id: number) {
  const p = await db.as(viewer).incentivePolicy.findUnique({
    where: { id },
    select: {
      id: true,
      countyId: true,
      category: true,
      title: true,
      content: true,
      validFrom: true,
      validTo: true,
      version: true,
      county: { select: { name: true } },
      fund: { select: { id: true, name: true } },
      _count: { select: { incentives: true } },
    },
  });
  if (!p) return null;
  const applied = await db.as(viewer).project.findMany({
    where: { incentives: { some: { policyId: id } } },
    select: { id: true, name: true, incentives: { where: { policyId: id }, select: { content: true, amount: true } } },
    orderBy: { id: "asc" },
    take: 100,
  });
  return {
    ...p,
    validFrom: toIsoDate(p.validFrom),
    validTo: p.validTo ? toIsoDate(p.validTo) : null,
    countyName: p.county?.name ?? null,
    projectsTotal: p._count.incentives,
    applied,
    canEdit: canEditPolicy(viewer, p.countyId),
  };
}

async function checkPolicyCounty(tx: Tx, viewer: Viewer, countyId: number | null) {
  if (countyId !== null && !(await tx.county.findUnique({ where: { id: countyId }, select: { id: true } })))
    throw Refusal.fields({ county: "请选择适用县区" });
  if (!canEditPolicy(viewer, countyId))
    throw Refusal.fields({ county: "县区账号只能维护本县（区、市）的优惠政策" }, null, 403);
}

const policyData = (v: PolicyFormValues) => ({
  countyId: v.county,
  category: v.category,
  title: v.title,
  content: v.content,
  validFrom: dateOf(v.validFrom)!,
  validTo: dateOf(v.validTo),
});

export async function createPolicy(viewer: Viewer, v: PolicyFormValues, claim?: CreateClaim): Promise<number> {
  if (!canEditPolicy(viewer)) throw Refusal.forbidden("您没有维护优惠政策的权限");
  const at = now();
  return prisma.$transaction((tx) =>
    once(tx, claim, async () => {
      await checkPolicyCounty(tx, viewer, v.county);
      const data = policyData(v);
      const p = await tx.incentivePolicy.create({
        data: { ...data, createdAt: at, updatedAt: at },
        select: { id: true },
      });
      await audit(tx, { actorId: viewer.id, action: "CREATE", entity: "IncentivePolicy", entityId: p.id, after: v });
      return p.id;
    }),
  );
}

/** Locks the policy and re-reads it in the viewer's scope; 404 outside it, 403 when the viewer may not edit it. */
async function lockPolicy(tx: Tx, viewer: Viewer, id: number) {
  await tx.$queryRaw`SELECT id FROM incentive_policy WHERE id = ${id} FOR UPDATE`;
  const row = await tx.incentivePolicy.findFirst({
    where: { AND: [{ id }, policyScope(viewer)] },
    select: {
      id: true,
      version: true,
      countyId: true,
      category: true,
      title: true,
      content: true,
      validFrom: true,
      validTo: true,
    },
  });
  if (!row) throw Refusal.notFound("优惠政策不存在，或您无权查看");
  if (!canEditPolicy(viewer, row.countyId)) throw Refusal.forbidden("您只能维护本县（区、市）的优惠政策");
  return row;
}

export async function updatePolicy(viewer: Viewer, id: number, v: PolicyEditValues) {
  return prisma.$transaction(async (tx) => {
    const row = await lockPolicy(tx, viewer, id);
    await checkPolicyCounty(tx, viewer, v.county);
    const data = policyData(v);
    const shown = (r: { validFrom: Date; validTo: Date | null } & Record<string, unknown>) => ({
      ...r,
      validFrom: toIsoDate(r.validFrom),
      validTo: r.validTo ? toIsoDate(r.validTo) : null,
    });
    const { id: _id, version: _v, ...before } = row;
    const changed = diffFields(shown(before), shown(data));
    if (changed.changed.length === 0 && row.version === v.version) return;
    await updateVersioned(tx.incentivePolicy, "IncentivePolicy", id, v.version, { ...data, updatedAt: now() });
    await audit(tx, {
      actorId: viewer.id,
      action: changed.changed.includes("title") ? "RENAME" : "UPDATE",
      entity: "IncentivePolicy",
      entityId: id,
      before: changed.before,
      after: changed.after,
    });
  });
}

/** Deletes a policy no project applies; otherwise refused (409) naming the projects. */
export async function deletePolicy(viewer: Viewer, id: number, version: number) {
  return prisma.$transaction(async (tx) => {
    const row = await lockPolicy(tx, viewer, id);
    if (row.version !== version) throw Refusal.form("该政策刚刚已被他人修改，请刷新页面后再操作", 409);
    const total = await tx.projectIncentive.count({ where: { policyId: id } });
    if (total > 0) {
      const projects = await tx.project.findMany({
        where: { incentives: { some: { policyId: id } } },
        select: { name: true },
        orderBy: { id: "asc" },
        take: 5,
      });
      throw Refusal.form(policyInUseMessage(projects, total), 409);
    }
    await tx.incentivePolicy.delete({ where: { id } });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "IncentivePolicy",
      entityId: id,
      before: { ...row, validFrom: toIsoDate(row.validFrom), validTo: row.validTo ? toIsoDate(row.validTo) : null },
    });
  });
}

// ── a project's granted incentives ──────────────────────────────────────────────────────────────────────────

/** The project's incentives and the policies it may apply (its county's and the city's). */
export async function projectIncentives(viewer: Viewer, projectId: number, countyId: number) {
  const [rows, policies] = await Promise.all([
    prisma.projectIncentive.findMany({
      where: { projectId },
      select: {
        id: true,
        kind: true,
        content: true,
        amount: true,
        policyId: true,
        policy: { select: { title: true, validTo: true } },
      },
      orderBy: { id: "asc" },
    }),
    db.as(viewer).incentivePolicy.findMany({
      where: { OR: [{ countyId }, { countyId: null }] },
      select: { id: true, title: true, category: true, countyId: true, validFrom: true, validTo: true },
      orderBy: [{ category: "asc" }, { id: "asc" }],
    }),
  ]);
  return {
    rows,
    policies: policies.map((p) => ({
      ...p,
      validFrom: toIsoDate(p.validFrom),
      validTo: p.validTo ? toIsoDate(p.validTo) : null,
    })),
  };
}

/** The project in the viewer's scope, locked, and the right to change its incentives. */
async function lockProject(tx: Tx, viewer: Viewer, projectId: number) {
  const project = await findProjectRef(viewer, projectId);
  if (!project) throw Refusal.notFound();
  if (!canEditProject(viewer, project)) throw Refusal.forbidden("您没有修改该项目优惠政策的权限");
  await tx.$queryRaw`SELECT id FROM project WHERE id = ${projectId} FOR UPDATE`;
  return project;
}

/** A chosen policy must be the project's county's or the city's. */
async function checkPolicyFor(tx: Tx, policyId: number | null, countyId: number) {
  if (policyId === null) return null;
  const p = await tx.incentivePolicy.findFirst({
    where: { id: policyId, OR: [{ countyId }, { countyId: null }] },
    select: { id: true, title: true },
  });
  if (!p) throw Refusal.fields({ policyId: "请选择本县区或市级的优惠政策" });
  return p;
}

const incentiveData = (v: ProjectIncentiveValues) => ({
  policyId: v.policyId,
  kind: v.kind,
  content: v.content,
  amount: v.amount,
});

export async function addProjectIncentive(
  viewer: Viewer,
  projectId: number,
  v: ProjectIncentiveValues,
  claim?: CreateClaim,
) {
  return prisma.$transaction((tx) =>
    once(tx, claim, async () => {
      const project = await lockProject(tx, viewer, projectId);
      await checkPolicyFor(tx, v.policyId, project.countyId);
      const row = await tx.projectIncentive.create({
        data: { projectId, ...incentiveData(v) },
        select: { id: true },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "ProjectIncentive",
        entityId: row.id,
        projectId,
        after: incentiveData(v),
      });
      return row.id;
    }),
  );
}

export async function updateProjectIncentive(viewer: Viewer, projectId: number, id: number, v: ProjectIncentiveValues) {
  return prisma.$transaction(async (tx) => {
    const project = await lockProject(tx, viewer, projectId);
    const row = await tx.projectIncentive.findFirst({
      where: { id, projectId },
      select: { policyId: true, kind: true, content: true, amount: true },
    });
    if (!row) throw Refusal.form("该优惠政策记录已不存在，请刷新页面", 409);
    await checkPolicyFor(tx, v.policyId, project.countyId);
    const changed = diffFields(row, incentiveData(v));
    if (!changed.changed.length) return;
    await tx.projectIncentive.update({ where: { id }, data: incentiveData(v) });
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "ProjectIncentive",
      entityId: id,
      projectId,
      before: changed.before,
      after: changed.after,
    });
  });
}

export async function removeProjectIncentive(viewer: Viewer, projectId: number, id: number) {
  return prisma.$transaction(async (tx) => {
    await lockProject(tx, viewer, projectId);
    const row = await tx.projectIncentive.findFirst({
      where: { id, projectId },
      select: { policyId: true, kind: true, content: true, amount: true },
    });
    if (!row) return; // already removed: the same outcome
    // money paid on it is kept (兑现, docs/decisions/206): the promise stays with its payments
    if (await tx.incentivePayment.count({ where: { incentiveId: id } }))
      throw Refusal.form("该优惠已有兑现记录，不能移除", 409);
    await tx.projectIncentive.delete({ where: { id } });
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "ProjectIncentive",
      entityId: id,
      projectId,
      before: row,
    });
  });
}

// ── import ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Creates the policies of an imported sheet (docs/decisions/162), all or none, in one transaction with one audit
 * entry each (IMPORT, naming the file). A policy whose county already has one of the same name is refused, naming
 * it: importing a file twice must not double the library. Idempotent with the form's CreateToken (decision 093).
 */
export async function importPolicies(
  viewer: Viewer,
  policies: PolicyFormValues[],
  fileName: string,
  claim?: CreateClaim,
): Promise<number> {
  if (!canEditPolicy(viewer)) throw Refusal.forbidden("您没有维护优惠政策的权限");
  const at = now();
  return prisma.$transaction((tx) =>
    once(tx, claim, async () => {
      for (const countyId of new Set(policies.map((p) => p.county))) await checkPolicyCounty(tx, viewer, countyId);
      const existing = await tx.incentivePolicy.findMany({
        where: { OR: policies.map((p) => ({ countyId: p.county, title: p.title })) },
        select: { title: true, county: { select: { name: true } } },
        take: 5,
      });
      if (existing.length)
        throw Refusal.form(
          `库中已有同名政策：${existing.map((e) => `「${e.county?.name ?? "市级"}·${e.title}」`).join("、")}，请从文件中删去后再导入`,
          409,
        );
      for (const v of policies) {
        const p = await tx.incentivePolicy.create({
          data: { ...policyData(v), createdAt: at, updatedAt: at },
          select: { id: true },
        });
        await audit(tx, {
          actorId: viewer.id,
          action: "IMPORT",
          entity: "IncentivePolicy",
          entityId: p.id,
          after: { ...v, fileName },
        });
      }
      return policies.length;
    }),
  );
}
