// Project queries. Access scope is always part of the `where` (CONVENTIONS: ownership in the query).
import type { Prisma } from "~/generated/prisma/client";
import type { Viewer } from "~/domain/permissions";
import type { ProjectListQuery } from "~/domain/projectListQuery.server";
import { chinaToday, fromIsoDate, toIsoDate } from "~/domain/dates";
import { lagThresholds } from "~/domain/kpi";
import { MILESTONE_STAGES, stageIndex } from "~/domain/stage";
import { prisma } from "~/utils/db.server";
import { projectScope } from "./scope.server";

export function projectListWhere(viewer: Viewer, q: ProjectListQuery): Prisma.ProjectWhereInput {
  const and: Prisma.ProjectWhereInput[] = [projectScope(viewer)];
  if (q.q) {
    and.push({
      OR: [
        { name: { contains: q.q, mode: "insensitive" } },
        { enterprise: { name: { contains: q.q, mode: "insensitive" } } },
        { code: { equals: q.q.toUpperCase() } },
      ],
    });
  }
  if (q.county) and.push({ countyId: q.county });
  if (q.industry) and.push({ industryId: q.industry });
  if (q.team) and.push({ serviceTeamId: q.team });
  if (q.year) and.push({ planYear: q.year });
  if (q.stage) and.push({ stage: q.stage as Prisma.ProjectWhereInput["stage"] });
  if (q.pool) and.push({ pool: q.pool });
  if (q.transformation) and.push({ isTransformation: q.transformation === "1" });
  if (q.origin) and.push({ origin: q.origin });
  if (q.source) and.push({ sourceRegion: q.source });
  if (q.signedFrom || q.signedTo) {
    and.push({
      signedOn: {
        ...(q.signedFrom ? { gte: fromIsoDate(q.signedFrom) } : {}),
        ...(q.signedTo ? { lte: fromIsoDate(q.signedTo) } : {}),
      },
    });
  }
  if (q.reached) {
    const upTo = MILESTONE_STAGES.slice(0, stageIndex(q.reached) + 1);
    if (q.asOf) {
      // Reached by a past date: every milestone of the chain up to it has an actual date ≤ asOf (stage.ts).
      const asOf = fromIsoDate(q.asOf);
      for (const stage of upTo) and.push({ milestones: { some: { stage, actualOn: { lte: asOf } } } });
    } else {
      and.push({ stage: { in: MILESTONE_STAGES.slice(stageIndex(q.reached)) } });
    }
  }
  if (q.lag) {
    const asOf = q.asOf ?? chinaToday();
    const t = lagThresholds(asOf);
    const notDone: Prisma.MilestoneWhereInput = { OR: [{ actualOn: null }, { actualOn: { gt: fromIsoDate(asOf) } }] };
    const lateBy = (threshold: string): Prisma.ProjectWhereInput => ({
      milestones: { some: { AND: [notDone, { plannedOn: { lte: fromIsoDate(threshold) } }] } },
    });
    if (q.lag === "red") and.push(lateBy(t.red));
    else if (q.lag === "any") and.push(lateBy(t.yellow));
    else and.push(lateBy(t.yellow), { NOT: lateBy(t.red) });
  }
  return { AND: and };
}

export function orderBy(q: ProjectListQuery): Prisma.ProjectOrderByWithRelationInput[] {
  const dir = q.dir;
  const primary: Prisma.ProjectOrderByWithRelationInput = (() => {
    switch (q.sort) {
      case "name":
        return { name: dir };
      case "county":
        return { county: { sortOrder: dir } };
      case "industry":
        return { industry: { sortOrder: dir } };
      case "totalInvestment":
        return { totalInvestment: dir };
      case "contractAmount":
        return { contractAmount: dir };
      case "stage":
        return { stage: dir };
      case "team":
        // team ids follow the team numbers (第N小组); unassigned projects sort last either way
        return { serviceTeamId: { sort: dir, nulls: "last" } };
      case "updatedAt":
        return { updatedAt: dir };
    }
  })();
  return [primary, { id: dir }];
}

export const projectRowSelect = {
  id: true,
  code: true,
  name: true,
  totalInvestment: true,
  contractAmount: true,
  stage: true,
  pool: true,
  isTransformation: true,
  planYear: true,
  updatedAt: true,
  county: { select: { id: true, name: true } },
  industry: { select: { id: true, name: true } },
  enterprise: { select: { id: true, name: true } },
  serviceTeam: { select: { id: true, no: true, name: true } },
  officials: { select: { official: { select: { id: true, name: true, level: true } } } },
} satisfies Prisma.ProjectSelect;

export async function listProjects(viewer: Viewer, q: ProjectListQuery) {
  const where = projectListWhere(viewer, q);
  const [total, sums, rows] = await Promise.all([
    prisma.project.count({ where }),
    prisma.project.aggregate({ where, _sum: { contractAmount: true, totalInvestment: true } }),
    prisma.project.findMany({
      where,
      select: projectRowSelect,
      orderBy: orderBy(q),
      skip: (q.page - 1) * q.size,
      take: q.size,
    }),
  ]);
  return {
    total,
    contractAmountSum: sums._sum.contractAmount ?? 0,
    totalInvestmentSum: sums._sum.totalInvestment ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      county: r.county.name,
      industry: r.industry.name,
      enterprise: r.enterprise?.name ?? null,
      totalInvestment: r.totalInvestment,
      contractAmount: r.contractAmount,
      stage: r.stage,
      pool: r.pool,
      isTransformation: r.isTransformation,
      planYear: r.planYear,
      team: r.serviceTeam ? { id: r.serviceTeam.id, no: r.serviceTeam.no, name: r.serviceTeam.name } : null,
      officials: r.officials.map((o) => o.official.name),
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
export type ProjectRow = Awaited<ReturnType<typeof listProjects>>["rows"][number];

/** Filter options for the register (reference data; small). */
export async function registerFilterOptions() {
  const [counties, industries, teams, years] = await Promise.all([
    prisma.county.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.industry.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.serviceTeam.findMany({ select: { id: true, no: true, name: true }, orderBy: { no: "asc" } }),
    prisma.project.findMany({ select: { planYear: true }, distinct: ["planYear"], orderBy: { planYear: "desc" } }),
  ]);
  return { counties, industries, teams, years: years.map((y) => y.planYear) };
}

/** The project with everything the detail page shows, or null when it is outside the viewer's scope. */
export async function getProjectDetail(viewer: Viewer, id: number) {
  const p = await prisma.project.findFirst({
    where: { AND: [{ id }, projectScope(viewer)] },
    include: {
      county: { select: { id: true, name: true } },
      industry: { select: { id: true, name: true } },
      enterprise: { select: { id: true, name: true, creditCode: true, isKeyEnterprise: true, originRegion: true } },
      serviceTeam: {
        select: { id: true, no: true, name: true, phone: true, leader: { select: { displayName: true, phone: true } } },
      },
      officials: { select: { official: { select: { id: true, name: true, title: true, level: true } } } },
      incentives: { orderBy: { id: "asc" } },
      milestones: { orderBy: { stage: "asc" } },
      funding: { orderBy: { receivedOn: "asc" } },
      investments: { orderBy: [{ year: "asc" }, { month: "asc" }] },
    },
  });
  if (!p) return null;
  const history = await prisma.auditEvent.findMany({
    where: { projectId: p.id },
    orderBy: { at: "desc" },
    take: 50,
  });
  const actorIds = [...new Set(history.map((h) => h.actorId).filter((x): x is number => x !== null))];
  const actors = actorIds.length
    ? await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } })
    : [];
  const actorName = new Map(actors.map((a) => [a.id, a.displayName]));
  const d = (x: Date | null) => (x ? toIsoDate(x) : null);
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    version: p.version,
    county: p.county,
    industry: p.industry,
    enterprise: p.enterprise,
    origin: p.origin,
    sourceRegion: p.sourceRegion,
    attractionMethod: p.attractionMethod,
    totalInvestment: p.totalInvestment,
    contractAmount: p.contractAmount,
    annualPlanInvestment: p.annualPlanInvestment,
    planYear: p.planYear,
    isTransformation: p.isTransformation,
    pool: p.pool,
    stage: p.stage,
    signedOn: d(p.signedOn),
    constructionContent: p.constructionContent,
    land: {
      area: p.landArea?.toString() ?? null,
      supplyMethod: p.landSupplyMethod,
      termYears: p.landTermYears,
      premiumInstalments: p.landPremiumInstalments,
    },
    serviceTeam: p.serviceTeam,
    officials: p.officials.map((o) => o.official),
    incentives: p.incentives.map((i) => ({ id: i.id, kind: i.kind, content: i.content, amount: i.amount })),
    milestones: p.milestones.map((m) => ({
      id: m.id,
      stage: m.stage,
      plannedOn: d(m.plannedOn),
      actualOn: d(m.actualOn),
      evidenceNo: m.evidenceNo,
      evidenceNote: m.evidenceNote,
      version: m.version,
    })),
    funding: p.funding.map((f) => ({ id: f.id, receivedOn: toIsoDate(f.receivedOn), amount: f.amount, source: f.source, note: f.note })),
    fundingTotal: p.funding.reduce((s, f) => s + f.amount, 0),
    investments: p.investments.map((i) => ({ id: i.id, year: i.year, month: i.month, amount: i.amount, version: i.version })),
    investmentTotal: p.investments.reduce((s, i) => s + i.amount, 0),
    updatedAt: p.updatedAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    history: history.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      actor: h.actorId ? (actorName.get(h.actorId) ?? `用户#${h.actorId}`) : "系统",
      action: h.action,
      entity: h.entity,
      before: h.before,
      after: h.after,
    })),
  };
}
export type ProjectDetail = NonNullable<Awaited<ReturnType<typeof getProjectDetail>>>;
