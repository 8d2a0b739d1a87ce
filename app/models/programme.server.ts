// 重点专项 (issue 18 §1, docs/decisions/200): queries and commands. Programmes are the city's (everyone who sees
// projects sees the programme pages); every number on them counts only the members the viewer may see
// (projectScopeSql / enterpriseScope), so a county sees its own members' actuals. The bureau and the administrator
// create and edit programmes and add or remove members; every write is audited in the same transaction.
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import { EMPTY_AGGREGATES, monthsCounted, type KpiAggregates } from "~/domain/kpi";
import { canManageProgrammes, seesAllProjects, type Viewer } from "~/domain/permissions";
import {
  evaluateProgramme,
  PROGRAMME_METRICS,
  TARGET_FIELDS,
  type ProgrammeActuals,
  type ProgrammeFormValues,
  type ProgrammeMetric,
  type ProgrammeTargets,
} from "~/domain/programmes";
import { Refusal } from "~/domain/refusal";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma } from "~/utils/db.server";
import { enterpriseScope, projectScopeSql } from "./scope.server";

/** Members of a programme as a condition on `project p` (the register's, the dashboard's and the report's filter). */
export function programmeMemberSql(programmeId: number, projectId: Prisma.Sql = Prisma.sql`p.id`): Prisma.Sql {
  return Prisma.sql`${projectId} = ANY(ARRAY(SELECT pp.project_id FROM programme_project pp WHERE pp.programme_id = ${programmeId}))`;
}

type ProgrammeRecord = Prisma.ProgrammeGetPayload<object>;
/** The client or a transaction (the monthly 通报 freezes every scope in one snapshot). */
type ReadDb = Pick<Prisma.TransactionClient, "$queryRaw" | "programme">;

function targetsOf(p: ProgrammeRecord): ProgrammeTargets {
  return Object.fromEntries(
    PROGRAMME_METRICS.map((m) => [m, p[TARGET_FIELDS[m] as keyof ProgrammeRecord] as number | null]),
  ) as ProgrammeTargets;
}

type MemberRow = {
  programme_id: number;
  projects: number;
  total: bigint;
  started: number;
  signed_count: number;
  signed_amount: bigint;
  land_count: number;
  land_amount: bigint;
  funding_count: number;
  funding_amount: bigint;
  started_amount: bigint;
  completed_count: number;
  completed_amount: bigint;
  lagging: number;
};

/**
 * Each programme's members the viewer sees at D: counts, Σ 总投资, the stages reached by D (the register's
 * reached=…&asOf= rule: the trigger-kept *_on dates) with their 签约额, and how many lag at D.
 */
async function memberFacts(
  db: ReadDb,
  scope: Prisma.Sql,
  asOf: IsoDate,
  ids?: number[],
): Promise<Map<number, MemberRow>> {
  const d = Prisma.sql`${asOf}::date`;
  const reached = (col: string) => Prisma.sql`${Prisma.raw(`p.${col}`)} <= ${d}`;
  const rows = await db.$queryRaw<MemberRow[]>`
    SELECT pp.programme_id, count(*)::int AS projects, coalesce(sum(p.total_investment), 0)::bigint AS total,
           count(*) FILTER (WHERE ${reached("started_on")})::int AS started,
           count(*) FILTER (WHERE ${reached("signed_on")})::int AS signed_count,
           coalesce(sum(p.contract_amount) FILTER (WHERE ${reached("signed_on")}), 0)::bigint AS signed_amount,
           count(*) FILTER (WHERE ${reached("land_on")})::int AS land_count,
           coalesce(sum(p.contract_amount) FILTER (WHERE ${reached("land_on")}), 0)::bigint AS land_amount,
           count(*) FILTER (WHERE ${reached("funding_on")})::int AS funding_count,
           coalesce(sum(p.contract_amount) FILTER (WHERE ${reached("funding_on")}), 0)::bigint AS funding_amount,
           coalesce(sum(p.contract_amount) FILTER (WHERE ${reached("started_on")}), 0)::bigint AS started_amount,
           count(*) FILTER (WHERE ${reached("completed_on")})::int AS completed_count,
           coalesce(sum(p.contract_amount) FILTER (WHERE ${reached("completed_on")}), 0)::bigint AS completed_amount,
           count(*) FILTER (WHERE p.lag_yellow @> ${d})::int AS lagging
      FROM programme_project pp JOIN project p ON p.id = pp.project_id
     WHERE (${scope}) ${ids ? Prisma.sql`AND pp.programme_id IN (${Prisma.join(ids)})` : Prisma.empty}
     GROUP BY pp.programme_id`;
  return new Map(rows.map((r) => [r.programme_id, r]));
}

/** Σ the members' investment records of D's year, months ended by D (kpi.ts monthsCounted), per programme. */
async function annualInvestment(
  db: ReadDb,
  scope: Prisma.Sql,
  asOf: IsoDate,
  ids?: number[],
): Promise<Map<number, number>> {
  const year = Number(asOf.slice(0, 4));
  const months = monthsCounted(year, asOf);
  if (!months) return new Map();
  const rows = await db.$queryRaw<{ programme_id: number; amount: bigint }[]>`
    SELECT pp.programme_id, coalesce(sum(i.amount), 0)::bigint AS amount
      FROM programme_project pp JOIN project p ON p.id = pp.project_id
      JOIN investment_record i ON i.project_id = p.id AND i.year = ${year} AND i.month <= ${months}
     WHERE (${scope}) ${ids ? Prisma.sql`AND pp.programme_id IN (${Prisma.join(ids)})` : Prisma.empty}
     GROUP BY pp.programme_id`;
  return new Map(rows.map((r) => [r.programme_id, Number(r.amount)]));
}

/** Member enterprises the viewer sees: how many, and Σ their 年产值. */
async function enterpriseFacts(viewer: Viewer, ids?: number[]) {
  const rows = await prisma.programmeEnterprise.findMany({
    where: { AND: [ids ? { programmeId: { in: ids } } : {}, { enterprise: enterpriseScope(viewer) }] },
    select: { programmeId: true, enterprise: { select: { annualOutput: true } } },
  });
  const out = new Map<number, { count: number; output: number }>();
  for (const r of rows) {
    const f = out.get(r.programmeId) ?? { count: 0, output: 0 };
    f.count += 1;
    f.output += r.enterprise.annualOutput ?? 0;
    out.set(r.programmeId, f);
  }
  return out;
}

function actualsOf(
  m: MemberRow | undefined,
  invested: number | undefined,
  ents: { count: number; output: number } | undefined,
): ProgrammeActuals {
  return {
    PROJECTS: m?.projects ?? 0,
    TOTAL_INVESTMENT: Number(m?.total ?? 0),
    ANNUAL_INVESTMENT: invested ?? 0,
    STARTED: m?.started ?? 0,
    ENTERPRISES: ents?.count ?? 0,
    OUTPUT: ents?.output ?? 0,
  };
}

function funnelOf(m: MemberRow | undefined): KpiAggregates {
  if (!m) return { ...EMPTY_AGGREGATES };
  return {
    ...EMPTY_AGGREGATES,
    signedCount: m.signed_count,
    signedAmount: Number(m.signed_amount),
    landCount: m.land_count,
    landAmount: Number(m.land_amount),
    fundingCount: m.funding_count,
    fundingAmount: Number(m.funding_amount),
    startedCount: m.started,
    startedAmount: Number(m.started_amount),
    completedCount: m.completed_count,
    completedAmount: Number(m.completed_amount),
  };
}

function periodOf(p: ProgrammeRecord) {
  return { startsOn: toIsoDate(p.startsOn), endsOn: p.endsOn ? toIsoDate(p.endsOn) : null };
}

/** Every programme with its targets against the viewer's members at D. */
export async function listProgrammes(viewer: Viewer, asOf: IsoDate) {
  const [programmes, facts, invested, ents] = await Promise.all([
    prisma.programme.findMany({ orderBy: [{ startsOn: "asc" }, { id: "asc" }] }),
    memberFacts(prisma, projectScopeSql(viewer), asOf),
    annualInvestment(prisma, projectScopeSql(viewer), asOf),
    enterpriseFacts(viewer),
  ]);
  const whole = seesAllProjects(viewer);
  return programmes.map((p) => {
    const period = periodOf(p);
    const f = facts.get(p.id);
    return {
      id: p.id,
      name: p.name,
      ...period,
      lagging: f?.lagging ?? 0,
      rows: evaluateProgramme(targetsOf(p), actualsOf(f, invested.get(p.id), ents.get(p.id)), {
        ...period,
        asOf,
        whole,
      }),
    };
  });
}

export type LaggingMember = {
  id: number;
  code: string;
  name: string;
  county: string;
  stage: string;
  level: "yellow" | "red";
};

export async function getProgramme(viewer: Viewer, id: number, asOf: IsoDate) {
  const p = await prisma.programme.findUnique({ where: { id } });
  if (!p) return null;
  const d = Prisma.sql`${asOf}::date`;
  const [facts, invested, ents, lagging, enterprises] = await Promise.all([
    memberFacts(prisma, projectScopeSql(viewer), asOf, [id]),
    annualInvestment(prisma, projectScopeSql(viewer), asOf, [id]),
    enterpriseFacts(viewer, [id]),
    prisma.$queryRaw<(Omit<LaggingMember, "level"> & { red: boolean })[]>`
      SELECT p.id, p.code, p.name, c.name AS county, p.stage::text AS stage, p.lag_red @> ${d} AS red
        FROM programme_project pp JOIN project p ON p.id = pp.project_id JOIN county c ON c.id = p.county_id
       WHERE pp.programme_id = ${id} AND (${projectScopeSql(viewer)}) AND p.lag_yellow @> ${d}
       ORDER BY (p.lag_red @> ${d}) DESC, p.total_investment DESC, p.id`,
    prisma.enterprise.findMany({
      where: { AND: [{ programmes: { some: { programmeId: id } } }, enterpriseScope(viewer)] },
      orderBy: [{ annualOutput: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      select: { id: true, name: true, creditCode: true, annualOutput: true, county: { select: { name: true } } },
    }),
  ]);
  const period = periodOf(p);
  const f = facts.get(id);
  const whole = seesAllProjects(viewer);
  return {
    id: p.id,
    name: p.name,
    ...period,
    note: p.note,
    version: p.version,
    targets: targetsOf(p),
    whole,
    rows: evaluateProgramme(targetsOf(p), actualsOf(f, invested.get(id), ents.get(id)), { ...period, asOf, whole }),
    funnel: funnelOf(f),
    lagging: lagging.map(({ red, ...r }) => ({ ...r, level: red ? ("red" as const) : ("yellow" as const) })),
    enterprises: enterprises.map((e) => ({
      id: e.id,
      name: e.name,
      creditCode: e.creditCode,
      annualOutput: e.annualOutput,
      county: e.county?.name ?? null,
    })),
    canManage: canManageProgrammes(viewer),
  };
}
export type ProgrammeDetail = NonNullable<Awaited<ReturnType<typeof getProgramme>>>;

/**
 * The monthly 通报's 重点专项 section: every programme's project targets against the members in `scope` (the
 * viewer's scope, narrowed to the report's county) at D. Enterprise targets are left to the programme's page.
 * `whole` = the scope is the whole city: RAG is judged; a county's report shows its own members without it.
 */
export async function programmeReportRows(db: ReadDb, scope: Prisma.Sql, asOf: IsoDate, whole: boolean) {
  const programmes = await db.programme.findMany({ orderBy: [{ startsOn: "asc" }, { id: "asc" }] });
  // one statement after the other: a transaction's connection runs one at a time
  const facts = await memberFacts(db, scope, asOf);
  const invested = await annualInvestment(db, scope, asOf);
  return programmes.map((p) => {
    const f = facts.get(p.id);
    const rows = evaluateProgramme(targetsOf(p), actualsOf(f, invested.get(p.id), undefined), {
      ...periodOf(p),
      asOf,
      whole,
    }).filter((r) => r.metric !== "ENTERPRISES" && r.metric !== "OUTPUT");
    return { programmeId: p.id, name: p.name, lagging: f?.lagging ?? 0, rows };
  });
}

/** Programmes for the register's and the dashboard's filter. */
export function programmeOptions() {
  return prisma.programme.findMany({
    orderBy: [{ startsOn: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Commands

function assertManager(viewer: Viewer) {
  if (!canManageProgrammes(viewer)) throw Refusal.forbidden("只有投资促进局和系统管理员可以管理重点专项");
}

function programmeData(v: ProgrammeFormValues) {
  return {
    name: v.name,
    startsOn: fromIsoDate(v.startsOn),
    endsOn: v.endsOn ? fromIsoDate(v.endsOn) : null,
    targetProjects: v.targetProjects,
    targetTotalInvestment: v.targetTotalInvestment,
    targetAnnualInvestment: v.targetAnnualInvestment,
    targetStarted: v.targetStarted,
    targetEnterprises: v.targetEnterprises,
    targetOutput: v.targetOutput,
    note: v.note,
  };
}

async function assertNameFree(tx: Prisma.TransactionClient, name: string, except?: number) {
  const other = await tx.programme.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== except) throw Refusal.fields({ name: "已有同名的重点专项" }, "请修改标出的字段");
}

export async function createProgramme(viewer: Viewer, v: ProgrammeFormValues, claim?: CreateClaim): Promise<number> {
  assertManager(viewer);
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      await assertNameFree(tx, v.name);
      const p = await tx.programme.create({ data: programmeData(v) });
      await audit(tx, { actorId: viewer.id, action: "CREATE", entity: "Programme", entityId: p.id, after: p });
      return p.id;
    }),
  );
}

export async function updateProgramme(viewer: Viewer, id: number, version: number, v: ProgrammeFormValues) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    const before = await tx.programme.findUnique({ where: { id } });
    if (!before) throw Refusal.notFound("未找到该重点专项");
    await assertNameFree(tx, v.name, id);
    const data = programmeData(v);
    await updateVersioned(tx.programme, "Programme", id, version, data);
    await audit(tx, { actorId: viewer.id, action: "UPDATE", entity: "Programme", entityId: id, before, after: data });
  });
}

/** Locks the programme row: two people changing its members at once queue behind each other. */
async function lockProgramme(tx: Prisma.TransactionClient, id: number) {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM programme WHERE id = ${id} FOR UPDATE`;
  if (!rows.length) throw Refusal.notFound("未找到该重点专项");
}

/** Adds a project (by its 项目编号) to the programme; a project already in it is a field error. */
export async function addProjectMember(viewer: Viewer, programmeId: number, code: string, claim?: CreateClaim) {
  assertManager(viewer);
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      await lockProgramme(tx, programmeId);
      const project = await tx.project.findUnique({ where: { code: code.trim().toUpperCase() }, select: { id: true } });
      if (!project) throw Refusal.fields({ code: "未找到该编号的项目" }, "请修改标出的字段");
      const dup = await tx.programmeProject.findUnique({
        where: { programmeId_projectId: { programmeId, projectId: project.id } },
      });
      if (dup) throw Refusal.fields({ code: "该项目已在本专项中" }, "请修改标出的字段");
      await tx.programmeProject.create({ data: { programmeId, projectId: project.id } });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "ProgrammeProject",
        entityId: `${programmeId}:${project.id}`,
        after: { programmeId, projectId: project.id },
      });
      return project.id;
    }),
  );
}

/** Removes a project (by its 项目编号) from the programme. */
export async function removeProjectMember(viewer: Viewer, programmeId: number, code: string) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    await lockProgramme(tx, programmeId);
    const project = await tx.project.findUnique({ where: { code: code.trim().toUpperCase() }, select: { id: true } });
    const projectId = project?.id ?? 0;
    const gone = await tx.programmeProject.deleteMany({ where: { programmeId, projectId } });
    if (!gone.count) throw Refusal.fields({ code: "该项目不在本专项中" }, "请修改标出的字段");
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "ProgrammeProject",
      entityId: `${programmeId}:${projectId}`,
      before: { programmeId, projectId },
    });
  });
}

/** Adds an enterprise (by its 统一社会信用代码) to the programme. */
export async function addEnterpriseMember(
  viewer: Viewer,
  programmeId: number,
  creditCode: string,
  claim?: CreateClaim,
) {
  assertManager(viewer);
  return prisma.$transaction(async (tx) =>
    once(tx, claim, async () => {
      await lockProgramme(tx, programmeId);
      const e = await tx.enterprise.findUnique({
        where: { creditCode: creditCode.trim().toUpperCase() },
        select: { id: true },
      });
      if (!e) throw Refusal.fields({ creditCode: "未找到该统一社会信用代码的企业" }, "请修改标出的字段");
      const dup = await tx.programmeEnterprise.findUnique({
        where: { programmeId_enterpriseId: { programmeId, enterpriseId: e.id } },
      });
      if (dup) throw Refusal.fields({ creditCode: "该企业已在本专项中" }, "请修改标出的字段");
      await tx.programmeEnterprise.create({ data: { programmeId, enterpriseId: e.id } });
      await audit(tx, {
        actorId: viewer.id,
        action: "CREATE",
        entity: "ProgrammeEnterprise",
        entityId: `${programmeId}:${e.id}`,
        after: { programmeId, enterpriseId: e.id },
      });
      return e.id;
    }),
  );
}

export async function removeEnterpriseMember(viewer: Viewer, programmeId: number, enterpriseId: number) {
  assertManager(viewer);
  await prisma.$transaction(async (tx) => {
    await lockProgramme(tx, programmeId);
    const gone = await tx.programmeEnterprise.deleteMany({ where: { programmeId, enterpriseId } });
    if (!gone.count) throw Refusal.notFound("该企业不在本专项中");
    await audit(tx, {
      actorId: viewer.id,
      action: "DELETE",
      entity: "ProgrammeEnterprise",
      entityId: `${programmeId}:${enterpriseId}`,
      before: { programmeId, enterpriseId },
    });
  });
}

export type { ProgrammeMetric };
