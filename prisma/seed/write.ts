// Writes a DemoPlan to the database with bulk inserts, resolving the plan's keys (county keys, usernames,
// enterprise keys, project codes) to the ids the database hands out.
import type { Prisma } from "../../app/generated/prisma/client.ts";
import { DEMO_START } from "../../app/domain/demoClock.ts";
import { writeInvestors } from "./investors.ts";
import { writeProgrammes } from "./programmes.ts";
import { writeSupervisions } from "./supervision.ts";
import { EVENTS, eventLeads } from "./events.ts";
import { writeFunds } from "./funds.ts";
import { writeLand } from "./land.ts";
import { writeIncentiveFulfilment } from "./incentiveFulfilment.ts";
import { COUNTIES, DEPARTMENTS, INDUSTRIES, SETTINGS, SLA_13710, TEAMS, teamName } from "./reference.ts";
import { landTerm, type DemoPlan } from "./plan.ts";
import { POLICY_LIBRARY, policyKey } from "./policies.ts";
import { Rng } from "./rng.ts";
import { randomPointIn } from "../../app/domain/geo.ts";
import { areaOfCounty } from "../../app/utils/jinzhongShapes.server.ts";
import { addDays, AS_OF, cst, day, iso, maxIso, minIso, officeTime, TEAMS_START, type IsoDate } from "./time.ts";
import type { ProjectSpec, Stage } from "./types.ts";

/** A lead's last touch as the migration 20261208050000 derives it: its last stage move's Beijing date, when later. */
function lastTouch(firstContact: IsoDate, stageChangedAt: Date): Date | null {
  const moved = iso(new Date(stageChangedAt.getTime() + 8 * 3_600_000));
  return moved > firstContact ? day(moved) : null;
}

type Tx = Prisma.TransactionClient;

export interface SeedSummary {
  counties: number;
  teams: number;
  users: number;
  enterprises: number;
  keyEnterprises: number;
  projects: number;
  /** plan_year 2017, is_transformation, pool ACTIVE */
  transformationProjects: number;
  reserveProjects: number;
  /** origin ATTRACTION with a SIGNED date in 2017 (the 引资总额 cohort, transformation projects included) */
  signedAttraction2017: number;
  leads: number;
  issues: number;
  officials: number;
  milestones: number;
  fundingRecords: number;
  investmentRecords: number;
  serviceLogs: number;
  agencyTasks: number;
  /** Σ annual_plan_investment of the 61, 万元 */
  annualPlanInvestment: number;
  /** Σ 2017 investment records of the 61, 万元 */
  transformationInvestment2017: number;
  /** Σ contract_amount of the cohort above, 万元 */
  inflow2017: number;
}

function mapBy<T, K>(rows: T[], key: (r: T) => K, id: (r: T) => number): Map<K, number> {
  return new Map(rows.map((r) => [key(r), id(r)]));
}

function need<K>(m: Map<K, number>, k: K, what: string): number {
  const v = m.get(k);
  if (v === undefined) throw new Error(`seed: unknown ${what} ${String(k)}`);
  return v;
}

const EVIDENCE_NOTE: Record<Stage, string> = {
  SIGNED: "投资合作协议已签订",
  LAND: "供地手续已办结",
  FUNDING: "首笔资金到位，银行进账单已核验",
  STARTED: "建筑工程施工许可证已核发，项目开工",
  COMPLETED: "竣工验收备案，项目投产",
};

/** Which 责任单位 answers a city-level issue of each category (主办, 协办), as 市经信委 routes them in the demo. */
const ROUTE_BY_CATEGORY: Record<string, { lead: string; assist: string[]; note: string }> = {
  LAND: { lead: "guotu", assist: ["zhujian"], note: "交由市国土资源局主办，市住房和城乡建设局协办。" },
  FINANCE: { lead: "fagai", assist: [], note: "交由市发展和改革委员会主办。" },
  APPROVAL: { lead: "shenpi", assist: ["huanbao"], note: "交由市行政审批服务管理局主办，市环境保护局协办。" },
  UTILITIES: { lead: "gongdian", assist: [], note: "交由国网晋中供电公司主办。" },
  INFRASTRUCTURE: { lead: "zhujian", assist: ["guotu"], note: "交由市住房和城乡建设局主办，市国土资源局协办。" },
  LABOR: { lead: "fagai", assist: [], note: "交由市发展和改革委员会主办。" },
  POLICY: { lead: "fagai", assist: [], note: "交由市发展和改革委员会主办。" },
  OTHER: { lead: "fagai", assist: ["guotu"], note: "交由市发展和改革委员会主办，市国土资源局协办。" },
};

export async function writeDemo(
  tx: Tx,
  plan: DemoPlan,
  passwordHash: string,
  log: (s: string) => void,
): Promise<SeedSummary> {
  const rng = Rng.stream("write");

  // — reference data —
  const counties = await tx.county.createManyAndReturn({
    data: COUNTIES.map((c, i) => ({ code: c.code, name: c.name, kind: c.kind, sortOrder: i + 1 })),
    select: { id: true, code: true },
  });
  const countyByCode = mapBy(
    counties,
    (r) => r.code,
    (r) => r.id,
  );
  const countyId = (key: string) => need(countyByCode, COUNTIES.find((c) => c.key === key)?.code ?? key, "county");
  const industries = await tx.industry.createManyAndReturn({
    data: INDUSTRIES.map((x, i) => ({ code: x.code, name: x.name, sortOrder: i + 1 })),
    select: { id: true, code: true },
  });
  const industryId = (code: string) =>
    need(
      mapBy(
        industries,
        (r) => r.code,
        (r) => r.id,
      ),
      code,
      "industry",
    );

  const teams = await tx.serviceTeam.createManyAndReturn({
    data: TEAMS.map((t) => ({
      no: t.no,
      name: teamName(t),
      focus: t.focus,
      phone: plan.teamPhones.get(t.no),
      countyId: t.counties[0] ? countyId(t.counties[0]) : null,
      createdAt: cst("2017-03-28", 10),
    })),
    select: { id: true, no: true },
  });
  const teamByNo = mapBy(
    teams,
    (r) => r.no,
    (r) => r.id,
  );
  const teamId = (no: number | null | undefined) => (no ? need(teamByNo, no, "team") : null);
  const departments = await tx.department.createManyAndReturn({
    data: DEPARTMENTS.map((d, i) => ({
      code: d.code,
      name: d.name,
      sortOrder: i + 1,
      kind: d.kind,
      staffedBy: d.staffedBy,
      countyId: d.county ? countyId(d.county) : null,
    })),
    select: { id: true, code: true },
  });
  const departmentId = (code: string | undefined) =>
    code
      ? need(
          mapBy(
            departments,
            (r) => r.code,
            (r) => r.id,
          ),
          code,
          "department",
        )
      : null;
  log(`县区 ${counties.length}，产业 ${industries.length}，服务小组 ${teams.length}，责任单位 ${departments.length}`);

  // — 优惠政策库: the city's and each county's policies —
  const policies = await tx.incentivePolicy.createManyAndReturn({
    data: POLICY_LIBRARY.map((p) => ({
      countyId: p.county ? countyId(p.county) : null,
      category: p.category,
      title: p.title,
      content: p.content,
      validFrom: day(p.validFrom),
      validTo: p.validTo ? day(p.validTo) : null,
      createdAt: cst(p.validFrom, 9),
      updatedAt: cst(p.validFrom, 9),
    })),
    select: { id: true, title: true },
  });
  const policyByTitle = mapBy(
    policies,
    (r) => r.title,
    (r) => r.id,
  );
  const policyByKey = new Map(POLICY_LIBRARY.map((p) => [p.key, need(policyByTitle, p.title, "policy")]));

  // — enterprises —
  const ents = await tx.enterprise.createManyAndReturn({
    data: plan.enterprises.map((e) => ({
      name: e.name,
      creditCode: e.creditCode,
      originRegion: e.origin,
      isKeyEnterprise: e.isKey,
      countyId: countyId(e.county),
      serviceTeamId: teamId(e.team),
      address: e.address,
      annualOutput: e.annualOutput,
      createdAt: cst("2017-03-01", 9),
      updatedAt: cst("2017-03-01", 9),
    })),
    select: { id: true, creditCode: true },
  });
  const entByCode = mapBy(
    ents,
    (r) => r.creditCode,
    (r) => r.id,
  );
  const entByKey = new Map(plan.enterprises.map((e) => [e.key, need(entByCode, e.creditCode, "enterprise")]));
  const entId = (key: string | null | undefined) => (key ? need(entByKey, key, "enterprise") : null);
  await tx.enterpriseContact.createMany({
    data: plan.enterprises.flatMap((e) => e.contacts.map((c) => ({ enterpriseId: entId(e.key)!, ...c }))),
  });

  // — users, team leaders, officials —
  const users = await tx.user.createManyAndReturn({
    data: plan.staff.users.map((u) => ({
      username: u.username,
      passwordHash,
      displayName: u.displayName,
      role: u.role,
      countyId: u.county ? countyId(u.county) : null,
      teamId: teamId(u.team),
      enterpriseId: entId(u.ent),
      departmentId: departmentId(u.dept),
      title: u.title,
      phone: u.phone,
      isDemo: true,
      createdAt: cst("2017-03-28", 9),
      updatedAt: cst("2017-03-28", 9),
    })),
    select: { id: true, username: true },
  });
  const userByName = mapBy(
    users,
    (r) => r.username,
    (r) => r.id,
  );
  const userId = (username: string | null | undefined) => (username ? need(userByName, username, "user") : null);
  await tx.$executeRaw`UPDATE service_team t SET leader_id = u.id FROM app_user u WHERE u.username = 'team' || lpad(t.no::text, 2, '0')`;
  // each team's history opens the day the teams were formed (docs/decisions/160)
  await tx.$executeRaw`INSERT INTO team_membership (team_id, user_id, role, from_on)
    SELECT team_id, id, 'MEMBER', DATE '2017-03-28' FROM app_user WHERE team_id IS NOT NULL ORDER BY id`;
  await tx.$executeRaw`INSERT INTO team_membership (team_id, user_id, role, from_on)
    SELECT id, leader_id, 'LEADER', DATE '2017-03-28' FROM service_team WHERE leader_id IS NOT NULL ORDER BY no`;
  const officials = await tx.official.createManyAndReturn({
    data: plan.staff.officials.map((o) => ({
      name: o.name,
      title: o.title,
      level: o.level,
      countyId: o.county ? countyId(o.county) : null,
      userId: userId(o.user),
    })),
    select: { id: true, name: true },
  });
  const officialByName = mapBy(
    officials,
    (r) => r.name,
    (r) => r.id,
  );
  const officialId = (key: string) =>
    need(officialByName, plan.staff.officials.find((o) => o.key === key)?.name ?? key, "official");
  log(`企业 ${ents.length}，用户 ${users.length}，领办领导 ${officials.length}`);

  // — projects —
  const bureau = userId("bureau")!;
  const countyUser = (p: ProjectSpec) => userId(`county.${p.county}`)!;
  const teamUser = (no: number | null, k = 0) => {
    if (!no) return null;
    const t = TEAMS.find((x) => x.no === no)!;
    return userId(
      k % t.size === 0 ? `team${String(no).padStart(2, "0")}` : `team${String(no).padStart(2, "0")}.m${k % t.size}`,
    );
  };
  /** Who logs a record dated `on`: the service team from April 2017, the county (or bureau) before. */
  const logger = (p: ProjectSpec, on: IsoDate, k = 0) =>
    on >= TEAMS_START && p.team
      ? teamUser(p.team, k)!
      : p.origin === "ATTRACTION" && on < "2017-01-01"
        ? bureau
        : countyUser(p);
  const createdOn = (p: ProjectSpec): IsoDate =>
    p.code.startsWith("ZX") ? "2017-02-28" : p.code.startsWith("YB") ? "2017-03-10" : (p.signed ?? "2017-03-10");

  const lastActivity = new Map<string, Date>();
  const touch = (code: string, at: Date) => {
    const prev = lastActivity.get(code);
    if (!prev || at > prev) lastActivity.set(code, at);
  };
  const loggedAt = (p: ProjectSpec, on: IsoDate) =>
    officeTime(
      rng,
      minIso(maxIso(addDays(on, rng.int(0, 3)), addDays(createdOn(p), rng.int(0, 4))), maxIso(on, AS_OF)),
    );

  // Precompute the timestamps so projects.updated_at can be the last activity.
  const msRows: {
    code: string;
    stage: Stage;
    planned: IsoDate | null;
    actual: IsoDate | null;
    by: number | null;
    at: Date | null;
    evidenceNo: string | null;
  }[] = [];
  let seq = 0;
  for (const p of plan.projects) {
    touch(p.code, cst(createdOn(p), 10));
    for (const m of plan.progress.get(p.code)!.milestones) {
      let by: number | null = null;
      let at: Date | null = null;
      let evidenceNo: string | null = null;
      if (m.actual) {
        by = logger(p, m.actual, rng.int(0, 3));
        at = loggedAt(p, m.actual);
        touch(p.code, at);
        const y = m.actual.slice(0, 4);
        const ymd = m.actual.replaceAll("-", "");
        seq++;
        const cc = COUNTIES.find((c) => c.key === p.county)!;
        const region = /^\d{6}$/.test(cc.code) ? cc.code : "140702";
        evidenceNo =
          m.stage === "SIGNED"
            ? `JZTZ-${y}-${String(seq).padStart(4, "0")}`
            : m.stage === "LAND"
              ? p.land?.method === "划拨"
                ? `晋中国土划〔${y}〕${rng.int(1, 60)}号`
                : p.land?.method === "租赁"
                  ? `土地租赁合同 ZL-${y}-${rng.int(100, 999)}`
                  : `晋中国土出〔${y}〕${rng.int(1, 180)}号`
              : m.stage === "FUNDING"
                ? null
                : m.stage === "STARTED"
                  ? `${region}${ymd}${String(rng.int(1, 20)).padStart(2, "0")}01`
                  : `JGBA-${y}-${String(rng.int(1, 400)).padStart(3, "0")}`;
      }
      msRows.push({ code: p.code, stage: m.stage, planned: m.planned, actual: m.actual, by, at, evidenceNo });
    }
  }
  const fundingRows = plan.projects.flatMap((p) =>
    plan.progress.get(p.code)!.funding.map((f, i, all) => {
      const at = loggedAt(p, f.on);
      touch(p.code, at);
      return { p, f, i, n: all.length, at, by: logger(p, f.on, i) };
    }),
  );
  const investmentRows = plan.projects.flatMap((p) =>
    plan.progress.get(p.code)!.investments.map((r) => {
      // Reported in the first days of the following month (月报).
      const reportOn = r.month === 12 ? `${r.year + 1}-01-05` : `${r.year}-${String(r.month + 1).padStart(2, "0")}-05`;
      const at = officeTime(rng, reportOn);
      touch(p.code, at);
      return { p, r, at, by: logger(p, `${r.year}-${String(r.month).padStart(2, "0")}-28`, r.month) };
    }),
  );

  // Every project at a seeded random point inside its county or zone, and some of the larger live ones marked
  // 可公开推介 (docs/decisions/210, 212): their own stream, so nothing else's numbers move.
  const placeRng = Rng.stream("project-locations");
  const siteOf = new Map(
    plan.projects.map((p) => {
      const c = COUNTIES.find((x) => x.key === p.county)!;
      const [longitude, latitude] = randomPointIn(areaOfCounty(c).area, () => placeRng.next());
      const publicPromotion = p.pool !== "WITHDRAWN" && p.total >= 5000 && placeRng.chance(0.4);
      return [p.code, { longitude, latitude, publicPromotion }] as const;
    }),
  );
  const projects = await tx.project.createManyAndReturn({
    data: plan.projects.map((p) => ({
      ...siteOf.get(p.code)!,
      code: p.code,
      name: p.name,
      countyId: countyId(p.county),
      industryId: industryId(p.industry),
      enterpriseId: entId(p.ent),
      origin: p.origin,
      sourceRegion: p.origin === "ATTRACTION" ? (p.sourceRegion ?? "OTHER_DOMESTIC") : "LOCAL",
      attractionMethod: p.origin === "ATTRACTION" ? (p.method ?? "PRECISION") : null,
      totalInvestment: p.total,
      contractAmount: p.contract,
      annualPlanInvestment: p.plan,
      planYear: p.planYear,
      isTransformation: p.isTransformation,
      pool: p.pool,
      serviceTeamId: teamId(p.team),
      constructionContent: p.content,
      landArea: p.land ? p.land.area.toFixed(2) : null,
      landSupplyMethod: p.land?.method ?? null,
      landTermYears: landTerm(p.land?.method),
      landPremiumInstalments: p.land?.instalments ?? false,
      createdById: p.origin === "ATTRACTION" ? bureau : countyUser(p),
      createdAt: cst(createdOn(p), 10),
      updatedAt: lastActivity.get(p.code),
    })),
    select: { id: true, code: true },
  });
  const projectByCode = mapBy(
    projects,
    (r) => r.code,
    (r) => r.id,
  );
  const projectId = (code: string) => need(projectByCode, code, "project");
  const specByCode = new Map(plan.projects.map((p) => [p.code, p]));

  await tx.projectOfficial.createMany({
    data: [...plan.projectOfficials].flatMap(([code, keys]) =>
      keys.map((k) => ({ projectId: projectId(code), officialId: officialId(k) })),
    ),
  });
  await tx.projectIncentive.createMany({
    data: plan.projects.flatMap((p) =>
      (p.incentives ?? []).map((i) => ({
        projectId: projectId(p.code),
        kind: i.kind,
        content: i.content,
        amount: i.amount ?? null,
        policyId: i.policy ? need(policyByKey, policyKey(i.policy, p.county), "policy") : null,
      })),
    ),
  });

  // — milestones (the stage trigger derives project.stage / signed_on / stage_on) and their history —
  const milestones = await tx.milestone.createManyAndReturn({
    data: msRows.map((m) => ({
      projectId: projectId(m.code),
      stage: m.stage,
      plannedOn: m.planned ? day(m.planned) : null,
      actualOn: m.actual ? day(m.actual) : null,
      evidenceNo: m.evidenceNo,
      evidenceNote: m.actual ? EVIDENCE_NOTE[m.stage] : null,
      loggedById: m.by,
      loggedAt: m.at,
      updatedAt: m.at ?? cst(createdOn(specByCode.get(m.code)!), 10),
    })),
    select: { id: true, projectId: true, stage: true },
  });
  const milestoneId = mapBy(
    milestones,
    (r) => `${r.projectId}:${r.stage}`,
    (r) => r.id,
  );
  await tx.milestoneEvent.createMany({
    data: msRows.flatMap((m) => {
      const p = specByCode.get(m.code)!;
      const id = need(milestoneId, `${projectId(m.code)}:${m.stage}`, "milestone");
      const out: Prisma.MilestoneEventCreateManyInput[] = [];
      if (m.planned) {
        out.push({
          milestoneId: id,
          kind: "PLANNED",
          toPlanned: day(m.planned),
          actorId: p.origin === "ATTRACTION" ? bureau : countyUser(p),
          createdAt: cst(createdOn(p), 10),
        });
      }
      if (m.actual) {
        out.push({
          milestoneId: id,
          kind: "LOGGED",
          toActual: day(m.actual),
          evidenceNo: m.evidenceNo,
          actorId: m.by,
          createdAt: m.at!,
        });
      }
      return out;
    }),
  });

  await tx.fundingRecord.createMany({
    data: fundingRows.map(({ p, f, i, n, at, by }) => ({
      projectId: projectId(p.code),
      receivedOn: day(f.on),
      amount: f.amount,
      source: f.source,
      note: n > 1 ? `第${i + 1}笔资金到位` : "资金到位",
      createdById: by,
      createdAt: at,
    })),
  });
  await tx.investmentRecord.createMany({
    data: investmentRows.map(({ p, r, at, by }) => ({
      projectId: projectId(p.code),
      year: r.year,
      month: r.month,
      amount: r.amount,
      createdById: by,
      updatedById: by,
      createdAt: at,
      updatedAt: at,
    })),
  });
  await tx.planAdjustment.createMany({
    data: plan.projects
      .filter((p) => p.adjustment)
      .map((p) => ({
        projectId: projectId(p.code),
        planYear: 2017,
        fromPool: p.adjustment!.from,
        toPool: p.adjustment!.to,
        reason: p.adjustment!.reason,
        decidedById: bureau,
        decidedOn: day("2017-09-28"),
        createdAt: cst("2017-09-28", 16),
      })),
  });
  log(
    `项目 ${projects.length}，里程碑 ${milestones.length}，资金到位 ${fundingRows.length}，月度投资 ${investmentRows.length}`,
  );

  // — pipeline, issues, service —
  const investors = await writeInvestors(
    tx,
    bureau,
    plan.leads.map((l) => ({
      enterpriseName: l.enterpriseName,
      enterpriseId: entId(l.ent),
      sourceRegion: l.sourceRegion,
      industryId: industryId(l.industry),
      createdAt: cst(l.firstContact, 10),
    })),
  );
  const leadRows = await tx.lead.createManyAndReturn({
    select: { id: true },
    data: plan.leads.map((l) => ({
      name: l.name,
      enterpriseId: entId(l.ent),
      investorId: investors.get(l.enterpriseName) ?? null,
      enterpriseName: l.enterpriseName,
      sourceRegion: l.sourceRegion,
      method: l.method,
      industryId: industryId(l.industry),
      countyId: countyId(l.county),
      expectedAmount: l.expected,
      stage: l.stage,
      abandonReason: l.abandonReason,
      ownerId: userId(l.owner),
      nextFollowUpOn: l.nextFollowUp ? day(l.nextFollowUp) : null,
      firstContactOn: day(l.firstContact),
      // a stage move is a touch (the migration 20261208050000 gives existing leads the same)
      lastTouchOn: lastTouch(l.firstContact, l.stageChangedAt),
      stageChangedAt: l.stageChangedAt,
      convertedProjectId: l.convertedCode ? projectId(l.convertedCode) : null,
      note: l.note,
      createdAt: cst(l.firstContact, 10),
      updatedAt: l.stageChangedAt,
    })),
  });
  // 推介活动, their attendees and the leads that came out of them (decision 181)
  const leadsOf = eventLeads(plan.leads);
  for (const [n, e] of EVENTS.entries()) {
    const ev = await tx.promotionEvent.create({
      data: {
        name: e.name,
        kind: e.kind,
        city: e.city,
        venue: e.venue,
        heldOn: day(e.heldOn),
        organiser: e.organiser,
        budget: e.budget,
        note: e.note,
        createdAt: cst(addDays(e.heldOn, -20), 10),
        updatedAt: cst(e.heldOn, 18),
      },
    });
    // every attendee is a 客商 (decision 195): the leads' investors, and the others registered here as city investors
    const attending = [...new Set(leadsOf[n].map((i) => plan.leads[i].enterpriseName))]
      .filter((c) => !e.others.some((o) => o.company === c))
      .map((c) => ({ investorId: investors.get(c)!, people: null as string | null }));
    for (const o of e.others) {
      let investorId = investors.get(o.company);
      if (investorId === undefined) {
        const at = cst(e.heldOn, 18);
        const [, person, post] = /^(.+?)（(.+)）$/.exec(o.people) ?? [null, o.people, null];
        const inv = await tx.investor.create({
          data: {
            name: o.company,
            sourceRegion: o.region,
            createdById: bureau,
            createdAt: at,
            updatedAt: at,
            contacts: { create: { name: person!, title: post } },
          },
          select: { id: true },
        });
        investorId = inv.id;
        investors.set(o.company, investorId);
      }
      attending.push({ investorId, people: o.people });
    }
    await tx.eventAttendee.createMany({
      data: attending.map((a) => ({ eventId: ev.id, ...a, createdAt: cst(e.heldOn, 18) })),
    });
    // raw: an updateMany would stamp updated_at with the real clock (decision 090)
    if (leadsOf[n].length)
      await tx.$executeRaw`UPDATE lead SET event_id = ${ev.id} WHERE id = ANY(${leadsOf[n].map((i) => leadRows[i].id)})`;
  }
  // RETURNING gives the rows in the order of the VALUES list
  await tx.leadStageChange.createMany({
    data: plan.leads.flatMap((l, i) =>
      l.history.map((h) => ({ leadId: leadRows[i].id, fromStage: h.from, toStage: h.to, changedAt: h.at })),
    ),
  });

  const issues = await tx.coordinationIssue.createManyAndReturn({
    data: plan.issues.map((i) => ({
      code: i.code,
      enterpriseId: entId(i.ent)!,
      projectId: i.project ? projectId(i.project) : null,
      countyId: countyId(i.county),
      teamId: teamId(i.team),
      category: i.category,
      title: i.title,
      description: i.description,
      level: i.level,
      status: i.status,
      isComplex: i.isComplex,
      onBehalf: i.onBehalf,
      submittedById: userId(i.submittedBy),
      assigneeId: userId(i.assignee),
      submittedAt: i.submittedAt,
      clockStartedAt: i.clockStartedAt,
      acceptDueAt: i.acceptDueAt,
      respondDueAt: i.respondDueAt,
      resolveDueAt: i.resolveDueAt,
      acceptedAt: i.acceptedAt,
      firstRespondedAt: i.firstRespondedAt,
      resolvedAt: i.resolvedAt,
      closedAt: i.closedAt,
      levelEnteredAt: i.levelEnteredAt,
      satisfaction: i.satisfaction,
      resolution: i.resolution,
      escalationCount: i.escalationCount,
      updatedAt: i.updatedAt,
    })),
    select: { id: true, code: true },
  });
  const issueByCode = mapBy(
    issues,
    (r) => r.code,
    (r) => r.id,
  );
  await tx.issueEvent.createMany({
    data: plan.issues.flatMap((i) =>
      i.events.map((e) => ({
        issueId: need(issueByCode, i.code, "issue"),
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        fromLevel: e.fromLevel,
        toLevel: e.toLevel,
        actorId: userId(e.actor),
        note: e.note,
        createdAt: e.at,
      })),
    ),
  });

  // 市经信委 routes the city-level issues waiting for acceptance to the 责任单位 that must answer them (issue 17 §3,
  // docs/decisions/170): a minute after they reached the city, on the same clock; the department accepts next.
  const routed = plan.issues.filter((i) => i.level === "CITY" && i.status === "SUBMITTED");
  for (const i of routed) {
    const route = ROUTE_BY_CATEGORY[i.category];
    const issueId = need(issueByCode, i.code, "issue");
    await tx.issueUnit.createMany({
      data: [
        { issueId, departmentId: departmentId(route.lead)!, isLead: true },
        ...route.assist.map((d) => ({ issueId, departmentId: departmentId(d)!, isLead: false })),
      ],
    });
    await tx.issueEvent.create({
      data: {
        issueId,
        kind: "ROUTED",
        actorId: userId("eic"),
        note: route.note,
        createdAt: new Date(i.levelEnteredAt.getTime() + 60_000),
      },
    });
  }

  await tx.serviceLog.createMany({
    data: plan.serviceLogs.map((s) => ({
      teamId: teamId(s.team),
      projectId: s.project ? projectId(s.project) : null,
      enterpriseId: entId(s.ent),
      kind: s.kind,
      occurredOn: day(s.occurredOn),
      people: s.people.slice(0, 200),
      content: s.content,
      followUpOn: s.followUpOn ? day(s.followUpOn) : null,
      followUpDone: s.followUpDone,
      createdById: userId(s.createdBy),
      createdAt: officeTime(rng, s.occurredOn),
    })),
  });
  await tx.agencyTask.createMany({
    data: plan.agencyTasks.map((t) => ({
      projectId: projectId(t.project),
      teamId: teamId(t.team),
      kind: t.kind,
      title: t.title,
      status: t.status,
      dueOn: day(t.dueOn),
      completedOn: t.completedOn ? day(t.completedOn) : null,
      handlerId: userId(t.handler),
      handlerName: t.handlerName,
      note: t.note,
      createdById: userId(t.createdBy),
      createdAt: cst(t.createdOn, 10),
      updatedAt: cst(t.completedOn ?? t.createdOn, 16),
    })),
  });
  log(
    `招商线索 ${plan.leads.length}，客商 ${investors.size}，企业诉求 ${issues.length}，服务记录 ${plan.serviceLogs.length}，代办事项 ${plan.agencyTasks.length}`,
  );

  // — 督办事项 (issue 17): after the issues, one of which a 批示 refers to —
  // fixed to the demo clock's start like the other facts (decision 090), whatever `now` the issues were placed at
  const supervisions = await writeSupervisions(tx, new Date(DEMO_START));
  log(`督办事项 ${supervisions}`);

  // — 重点专项 (issue 18 §1): after the projects, enterprises and incentives they take their members from —
  log(`重点专项 ${await writeProgrammes(tx)}`);

  // — 专项资金 (issue 18 §2): after the projects and their funding, whose records the disbursements add to —
  log(`专项资金申请 ${await writeFunds(tx)}`);

  // — 要素保障 (issue 18 §4): land of the projects that reached 落地 or 开工, 出让金 schedules, 2017 用地指标 —
  log(`供地记录 ${await writeLand(tx)}`);

  // — 优惠兑现 (issue 18 §3): after the milestones, whose derived 开工/投产 dates the conditions are set against —
  const [conditions, payments] = await writeIncentiveFulfilment(tx);
  log(`优惠兑现条件 ${conditions}，兑现记录 ${payments}`);

  // — targets and settings —
  await tx.target.createMany({
    data: plan.targets.map((t) => ({
      year: 2017,
      metric: t.metric,
      countyId: t.county ? countyId(t.county) : null,
      value: t.value,
      // set at the start of the year's work (the city's targets are adopted with the plan)
      updatedAt: cst("2017-03-01", 9),
    })),
  });
  await tx.slaPolicy.create({ data: { ...SLA_13710, updatedAt: cst("2017-03-01", 9) } });
  await tx.setting.createMany({
    data: SETTINGS.map((s) => ({ key: s.key, value: s.value, updatedAt: cst("2017-03-01", 9) })),
  });

  // — summary (read back from the database, so it reflects what the trigger derived) —
  const y2017 = { gte: day("2017-01-01"), lte: day("2017-12-31") };
  const active61 = { planYear: 2017, isTransformation: true, pool: "ACTIVE" } as const;
  const [
    nCounties,
    nTeams,
    nUsers,
    nEnts,
    nKey,
    nProjects,
    n61,
    nReserve,
    nSigned,
    nLeads,
    nIssues,
    nOfficials,
    nMilestones,
    nFunding,
    nInvest,
    nLogs,
    nTasks,
    planSum,
    inflow,
    invest,
  ] = await Promise.all([
    tx.county.count(),
    tx.serviceTeam.count(),
    tx.user.count(),
    tx.enterprise.count(),
    tx.enterprise.count({ where: { isKeyEnterprise: true } }),
    tx.project.count(),
    tx.project.count({ where: active61 }),
    tx.project.count({ where: { pool: "RESERVE" } }),
    tx.project.count({ where: { origin: "ATTRACTION", signedOn: y2017 } }),
    tx.lead.count(),
    tx.coordinationIssue.count(),
    tx.official.count(),
    tx.milestone.count(),
    tx.fundingRecord.count(),
    tx.investmentRecord.count(),
    tx.serviceLog.count(),
    tx.agencyTask.count(),
    tx.project.aggregate({ _sum: { annualPlanInvestment: true }, where: active61 }),
    tx.project.aggregate({ _sum: { contractAmount: true }, where: { origin: "ATTRACTION", signedOn: y2017 } }),
    tx.investmentRecord.aggregate({ _sum: { amount: true }, where: { year: 2017, project: active61 } }),
  ]);
  const summary: SeedSummary = {
    counties: nCounties,
    teams: nTeams,
    users: nUsers,
    enterprises: nEnts,
    keyEnterprises: nKey,
    projects: nProjects,
    transformationProjects: n61,
    reserveProjects: nReserve,
    signedAttraction2017: nSigned,
    leads: nLeads,
    issues: nIssues,
    officials: nOfficials,
    milestones: nMilestones,
    fundingRecords: nFunding,
    investmentRecords: nInvest,
    serviceLogs: nLogs,
    agencyTasks: nTasks,
    annualPlanInvestment: planSum._sum.annualPlanInvestment ?? 0,
    transformationInvestment2017: invest._sum.amount ?? 0,
    inflow2017: inflow._sum.contractAmount ?? 0,
  };
  await tx.auditEvent.create({
    // the evening before the demo date: nothing the demo shows is dated after its clock's start
    data: {
      actorId: null,
      action: "SEED",
      entity: "Database",
      entityId: "demo",
      after: { ...summary },
      at: cst(AS_OF, 20),
    },
  });
  return summary;
}
