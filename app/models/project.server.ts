// Project queries. Access scope is always part of the `where` (docs/development.md: scope in the query).
// The register filters in SQL (projectListSql): at province scale (100,000 projects) its search uses the name
// bigram indexes and its lateness filter the trigger-maintained lateness ranges (docs/decisions/050).
import { parseEnterpriseSearch } from "~/domain/enterpriseSearch";
import { auditActionLabel, auditEntityLabel } from "~/domain/auditLabels";
import { auditPeopleIds, describeAuditChange, formatAuditTime } from "~/domain/auditText";
import { Prisma } from "~/generated/prisma/client";
import { seesAllProjects, type Viewer } from "~/domain/permissions";
import type { ProjectListQuery } from "~/domain/projectListQuery.server";
import { NO_SOURCE, UNASSIGNED_PROJECT_SQL } from "~/domain/projectListQuery";
import { toIsoDate } from "~/domain/dates";
import { MILESTONE_STAGES, stageIndex } from "~/domain/stage";
import { prisma } from "~/utils/db.server";
import { cachedQueryRaw } from "~/utils/snapshotCache.server";
import { programmeMemberSql } from "./programme.server";
import { projectScope, projectScopeSql } from "./scope.server";
import { today as clockToday } from "~/utils/clock.server";
import { displayNames } from "./people.server";

/** The date each milestone stage was reached (project columns kept by the stage trigger). */
const REACHED_COLUMN = {
  SIGNED: "signed_on",
  LAND: "land_on",
  FUNDING: "funding_on",
  STARTED: "started_on",
  COMPLETED: "completed_on",
} as const;

/** `%text%` for LIKE/ILIKE with the user's %, _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A name search on `alias` (a project or an enterprise): case-insensitive substring, as ILIKE. The names' lower-cased
 * bigrams are a GIN-indexed generated column (name_grams = search_grams(name)), so a search of two or more characters —
 * most Chinese words — is an index lookup rechecked by ILIKE; pg_trgm cannot index two-character CJK searches.
 */
export function nameSearchSql(alias: string, text: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  const like = Prisma.sql`${a}.name ILIKE ${containsPattern(text)}`;
  return [...text].length >= 2 ? Prisma.sql`(${a}.name_grams @> search_grams(${text}) AND ${like})` : like;
}

/**
 * A search text that is a valid 统一社会信用代码 also finds the projects of the enterprise with that code (one probe
 * of the unique index); any other text adds nothing. docs/decisions/113.
 */
function creditCodeSearchSql(text: string): Prisma.Sql {
  const s = parseEnterpriseSearch(text);
  if (s.kind !== "code") return Prisma.empty;
  return Prisma.sql`
      OR p.enterprise_id = ANY(ARRAY(SELECT e.id FROM enterprise e WHERE e.credit_code = ${s.code}::bpchar))`;
}

/** The register's filters as a SQL condition on `project p` (scope included): one definition for list and export. */
export function projectListSql(viewer: Viewer, q: ProjectListQuery): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`(${projectScopeSql(viewer)})`];
  if (q.q) {
    // Every branch indexable on project itself (the matching enterprises become an array first), so the planner
    // can OR three index scans for a count, or walk the sort index and filter for a page.
    and.push(Prisma.sql`(${nameSearchSql("p", q.q)}
      OR p.enterprise_id = ANY(ARRAY(SELECT e.id FROM enterprise e WHERE ${nameSearchSql("e", q.q)}))
      OR p.code = ${q.q.toUpperCase()}${creditCodeSearchSql(q.q)}
      OR p.id = ANY(ARRAY(SELECT po.project_id FROM project_official po JOIN official o ON o.id = po.official_id
                          WHERE o.name = ${q.q.trim()})))`);
  }
  if (q.county) and.push(Prisma.sql`p.county_id = ${q.county}`);
  if (q.industry) and.push(Prisma.sql`p.industry_id = ${q.industry}`);
  if (q.team) and.push(Prisma.sql`p.service_team_id = ${q.team}`);
  if (q.official)
    and.push(
      Prisma.sql`p.id = ANY(ARRAY(SELECT po.project_id FROM project_official po WHERE po.official_id = ${q.official}))`,
    );
  if (q.programme) and.push(programmeMemberSql(q.programme));
  if (q.unassigned) and.push(Prisma.raw(`(${UNASSIGNED_PROJECT_SQL})`));
  if (q.year) and.push(Prisma.sql`p.plan_year = ${q.year}`);
  if (q.stage) and.push(Prisma.sql`p.stage = ${q.stage}::"ProjectStage"`);
  if (q.pool) and.push(Prisma.sql`p.pool = ${q.pool}::"ProjectPool"`);
  // 1 = the year's plan (in it = transformation AND ACTIVE, planAdjustment.ts), out = moved out of it, 0 = not one
  if (q.transformation === "1") and.push(Prisma.sql`p.is_transformation AND p.pool = 'ACTIVE'`);
  else if (q.transformation === "out") and.push(Prisma.sql`p.is_transformation AND p.pool <> 'ACTIVE'`);
  else if (q.transformation === "0") and.push(Prisma.sql`NOT p.is_transformation`);
  if (q.origin) and.push(Prisma.sql`p.origin = ${q.origin}::"ProjectOrigin"`);
  if (q.source === NO_SOURCE) and.push(Prisma.sql`p.source_region IS NULL`);
  else if (q.source) and.push(Prisma.sql`p.source_region = ${q.source}::"SourceRegion"`);
  if (q.method === NO_SOURCE) and.push(Prisma.sql`p.attraction_method IS NULL`);
  else if (q.method) and.push(Prisma.sql`p.attraction_method = ${q.method}::"AttractionMethod"`);
  // the funnel by 推介活动: a project belongs to the event of the lead it was signed from (lead.converted_project_id)
  if (q.event === NO_SOURCE)
    and.push(
      Prisma.sql`NOT EXISTS (SELECT 1 FROM lead l WHERE l.converted_project_id = p.id AND l.event_id IS NOT NULL)`,
    );
  else if (q.event)
    and.push(Prisma.sql`EXISTS (SELECT 1 FROM lead l WHERE l.converted_project_id = p.id AND l.event_id = ${q.event})`);
  if (q.signedFrom) and.push(Prisma.sql`p.signed_on >= ${q.signedFrom}::date`);
  if (q.signedTo) and.push(Prisma.sql`p.signed_on <= ${q.signedTo}::date`);
  if (q.reached) {
    if (q.asOf) {
      // Reached by a past date: every milestone of the chain up to it has an actual date ≤ asOf (stage.ts)
      and.push(Prisma.sql`${Prisma.raw(`p.${REACHED_COLUMN[q.reached]}`)} <= ${q.asOf}::date`);
    } else {
      const stages = MILESTONE_STAGES.slice(stageIndex(q.reached));
      and.push(Prisma.sql`p.stage::text IN (${Prisma.join(stages)})`);
    }
  }
  if (q.lag) {
    // lag_yellow / lag_red: the dates at which a planned date is over 1 / 3 months past without an actual date
    const d = Prisma.sql`${q.asOf ?? clockToday()}::date`;
    if (q.lag === "red") and.push(Prisma.sql`p.lag_red @> ${d}`);
    else if (q.lag === "any") and.push(Prisma.sql`p.lag_yellow @> ${d}`);
    else and.push(Prisma.sql`p.lag_yellow @> ${d} AND NOT p.lag_red @> ${d}`);
  }
  return Prisma.join(and, " AND ");
}

/** ORDER BY of the register (with the id as the tie-breaker, so pages never overlap); needs `project p`. */
export function projectOrderSql(q: ProjectListQuery): { joins: Prisma.Sql; order: Prisma.Sql } {
  const dir = Prisma.raw(q.dir === "asc" ? "ASC" : "DESC");
  const by = (expr: string, joins = Prisma.empty, nulls = "") => ({
    joins,
    order: Prisma.sql`${Prisma.raw(expr)} ${dir}${Prisma.raw(nulls)}, p.id ${dir}`,
  });
  switch (q.sort) {
    case "name":
      return by("p.name");
    case "county":
      return by("c.sort_order", Prisma.sql`JOIN county c ON c.id = p.county_id`);
    case "industry":
      return by("i.sort_order", Prisma.sql`JOIN industry i ON i.id = p.industry_id`);
    case "totalInvestment":
      return by("p.total_investment");
    case "contractAmount":
      return by("p.contract_amount");
    case "stage":
      return by("p.stage");
    case "team":
      // team ids follow the team numbers (第N小组); unassigned projects sort last either way
      return by("p.service_team_id", Prisma.empty, " NULLS LAST");
    case "updatedAt":
      return by("p.updated_at");
  }
}

/** Ids of one register page (or, without `page`, of every matching row), in the register's order. */
export async function projectListIds(
  viewer: Viewer,
  q: ProjectListQuery,
  page?: { offset: number; limit: number },
): Promise<number[]> {
  const { joins, order } = projectOrderSql(q);
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    SELECT p.id FROM project p ${joins}
    WHERE ${projectListSql(viewer, q)}
    ORDER BY ${order}
    ${page ? Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}` : Prisma.empty}`;
  return rows.map((r) => r.id);
}

/** Rows fetched by id, back in the order of `ids`. */
export function inOrderOf<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
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

/**
 * Whether the register's totals can come from project_tally: the whole city's rows, filtered at most by the
 * tally's own columns (year, stage, pool, transformation, origin). A county's rows are few and counted directly.
 */
export function totalsFromTally(viewer: Viewer, q: ProjectListQuery): boolean {
  return (
    seesAllProjects(viewer) &&
    !q.county &&
    !q.q &&
    !q.industry &&
    !q.team &&
    !q.official &&
    !q.programme &&
    !q.unassigned &&
    !q.source &&
    !q.method &&
    !q.event &&
    !q.signedFrom &&
    !q.signedTo &&
    !q.reached &&
    !q.lag
  );
}

/** 共 N 个项目 · 签约额合计 · 总投资合计 of the register's filters. */
export async function projectListTotals(viewer: Viewer, q: ProjectListQuery) {
  // project_tally has the columns projectListSql refers to for these filters (and the city's scope is TRUE), so the
  // same condition applies to it, aliased p; its rows are signed deltas, summing them gives the exact totals.
  const [t] = totalsFromTally(viewer, q)
    ? await cachedQueryRaw<{ total: number; contract: bigint | null; invest: bigint | null }>(
        prisma,
        Prisma.sql`
        SELECT coalesce(sum(p.projects), 0)::int AS total, sum(p.contract_amount)::bigint AS contract,
               sum(p.total_investment)::bigint AS invest
        FROM project_tally p WHERE ${projectListSql(viewer, q)}`,
      )
    : await cachedQueryRaw<{ total: number; contract: bigint | null; invest: bigint | null }>(
        prisma,
        Prisma.sql`
        SELECT count(*)::int AS total, sum(p.contract_amount)::bigint AS contract, sum(p.total_investment)::bigint AS invest
        FROM project p WHERE ${projectListSql(viewer, q)}`,
      );
  return { total: t.total, contractAmountSum: Number(t.contract ?? 0), totalInvestmentSum: Number(t.invest ?? 0) };
}

export async function listProjects(viewer: Viewer, q: ProjectListQuery) {
  // The page's ids first (an index walk in the sort order, however deep the page), then their rows with the
  // relations in one query, and the totals beside them.
  const [ids, totals] = await Promise.all([
    projectListIds(viewer, q, { offset: (q.page - 1) * q.size, limit: q.size }),
    projectListTotals(viewer, q),
  ]);
  const rows = inOrderOf(
    ids,
    ids.length ? await prisma.project.findMany({ where: { id: { in: ids } }, select: projectRowSelect }) : [],
  );
  return {
    ...totals,
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

/**
 * The distinct plan years of all projects, as a loose index scan (one index probe per year instead of reading
 * 100,000 rows for five values).
 */
export const projectPlanYearsSql = Prisma.sql`
  WITH RECURSIVE y AS (
    SELECT min(plan_year) AS year FROM project
    UNION ALL SELECT (SELECT min(plan_year) FROM project WHERE plan_year > y.year) FROM y WHERE y.year IS NOT NULL)
  SELECT year FROM y WHERE year IS NOT NULL`;

/** Filter options for the register (reference data; small): one round trip. */
export async function registerFilterOptions() {
  const [r] = await prisma.$queryRaw<
    {
      counties: { id: number; name: string }[];
      industries: { id: number; name: string }[];
      teams: { id: number; no: number; name: string }[];
      years: number[];
      officials: { id: number; name: string }[];
      programmes: { id: number; name: string }[];
    }[]
  >`SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY sort_order, id), '[]') FROM county) AS counties,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY sort_order, id), '[]') FROM industry) AS industries,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'no', no, 'name', name) ORDER BY no), '[]') FROM service_team) AS teams,
      (SELECT coalesce(json_agg(year ORDER BY year DESC), '[]') FROM (${projectPlanYearsSql}) y) AS years,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name || '（' || title || '）') ORDER BY level, id), '[]') FROM official) AS officials,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY starts_on, id), '[]') FROM programme) AS programmes`;
  return r;
}

/**
 * The project with everything the detail page shows, or null when it is outside the viewer's scope;
 * `withHistory: false` leaves out the change history (an enterprise's summary).
 */
export async function getProjectDetail(viewer: Viewer, id: number, { withHistory = true } = {}) {
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
      incentives: { orderBy: { id: "asc" }, include: { policy: { select: { title: true } } } },
      milestones: { orderBy: { stage: "asc" } },
      funding: { orderBy: { receivedOn: "asc" } },
      investments: { orderBy: [{ year: "asc" }, { month: "asc" }] },
    },
  });
  if (!p) return null;
  const history = withHistory
    ? await prisma.auditEvent.findMany({ where: { projectId: p.id }, orderBy: { at: "desc" }, take: 50 })
    : [];
  // one lookup for every person the history names: who did it, and assignees/handlers in the changes
  const actorName = await displayNames(auditPeopleIds(history));
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
    location: p.longitude !== null && p.latitude !== null ? ([p.longitude, p.latitude] as [number, number]) : null,
    publicPromotion: p.publicPromotion,
    land: {
      area: p.landArea?.toString() ?? null,
      supplyMethod: p.landSupplyMethod,
      termYears: p.landTermYears,
      premiumInstalments: p.landPremiumInstalments,
    },
    serviceTeam: p.serviceTeam,
    officials: p.officials.map((o) => o.official),
    incentives: p.incentives.map((i) => ({
      id: i.id,
      kind: i.kind,
      content: i.content,
      amount: i.amount,
      policy: i.policy?.title ?? null,
    })),
    milestones: p.milestones.map((m) => ({
      id: m.id,
      stage: m.stage,
      plannedOn: d(m.plannedOn),
      actualOn: d(m.actualOn),
      evidenceNo: m.evidenceNo,
      evidenceNote: m.evidenceNote,
      version: m.version,
    })),
    funding: p.funding.map((f) => ({
      id: f.id,
      receivedOn: toIsoDate(f.receivedOn),
      amount: f.amount,
      source: f.source,
      note: f.note,
    })),
    fundingTotal: p.funding.reduce((s, f) => s + f.amount, 0),
    investments: p.investments.map((i) => ({
      id: i.id,
      year: i.year,
      month: i.month,
      amount: i.amount,
      version: i.version,
    })),
    investmentTotal: p.investments.reduce((s, i) => s + i.amount, 0),
    updatedAt: p.updatedAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    history: history.map((h) => ({
      id: h.id,
      at: formatAuditTime(h.at),
      actor: h.actorId ? (actorName.get(h.actorId) ?? `用户 #${h.actorId}`) : "系统",
      action: auditActionLabel(h.action),
      entity: auditEntityLabel(h.entity),
      change: describeAuditChange(h, actorName),
    })),
  };
}
export type ProjectDetail = NonNullable<Awaited<ReturnType<typeof getProjectDetail>>>;
