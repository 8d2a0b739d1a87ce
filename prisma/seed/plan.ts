// Builds the whole demo data set in memory (no database): specs with teams, land and incentives filled in,
// their dated progress, people, leads, issues, service records and targets. Everything except issue
// timestamps is independent of `now`.
import { makeCreditCode, CREDIT_CODE_ALPHABET } from "../../app/domain/creditCode.ts";
import { buildAttraction } from "./attraction.ts";
import { ENTERPRISES, enterpriseDef, sourceRegionOf, type EnterpriseDef } from "./enterprises.ts";
import { buildIssues, type IssueDraft } from "./issues.ts";
import { buildLeads, type LeadDraft } from "./leads.ts";
import { CONTACT_TITLES, mobilePhone, NameBook } from "./people.ts";
import { buildProgress, type Progress } from "./progress.ts";
import { CITY_OFFICIAL_POSTS, COUNTIES, TEAMS } from "./reference.ts";
import { Rng, roundTo } from "./rng.ts";
import { addDays, AS_OF } from "./time.ts";
import { toIsoDate } from "../../app/domain/dates.ts";
import { buildAgencyTasks, buildServiceLogs, type AgencyTaskDraft, type ServiceLogDraft } from "./service.ts";
import { buildStaff, teamUsername, type Staff } from "./staff.ts";
import { buildTargets, type TargetDraft } from "./targets.ts";
import { RESERVE, TRANSFORMATION } from "./transformation.ts";
import { STAGES, type IncentiveSpec, type LandMethod, type ProjectSpec } from "./types.ts";

/**
 * Σ 2017 monthly investment of the 61 transformation projects reported by the demo date (万元): the January–October
 * 月报, ≈ 234亿 — a little ahead of 序时进度 for the 260亿 target on 2017-11-20 (≈ 88.8% of the year).
 */
export const TRANSFORMATION_INVESTMENT_GOAL = 2_340_000;

export interface EnterpriseRow extends EnterpriseDef {
  creditCode: string;
  address: string;
  contacts: { name: string; title: string; phone: string; isPrimary: boolean }[];
  /** 年产值 (万元) of a 优势企业 — 2016's, known by the demo date; null for the others (not recorded). */
  annualOutput: number | null;
}

export interface DemoPlan {
  enterprises: EnterpriseRow[];
  staff: Staff;
  projects: ProjectSpec[];
  progress: Map<string, Progress>;
  projectOfficials: Map<string, string[]>;
  leads: LeadDraft[];
  issues: IssueDraft[];
  serviceLogs: ServiceLogDraft[];
  agencyTasks: AgencyTaskDraft[];
  targets: TargetDraft[];
  teamPhones: Map<number, string>;
}

function creditBody(rng: Rng): string {
  // Organisation codes issued since 2015 start with "MA"; older ones are 8 digits plus a check character.
  if (rng.chance(0.45)) {
    let s = "MA0";
    for (let i = 0; i < 6; i++) s += rng.pick([...CREDIT_CODE_ALPHABET]);
    return s;
  }
  let s = "";
  for (let i = 0; i < 8; i++) s += String(rng.int(0, 9));
  return s + rng.pick([...CREDIT_CODE_ALPHABET]);
}

function buildEnterprises(): EnterpriseRow[] {
  const rng = Rng.stream("enterprises");
  const names = new NameBook(Rng.stream("contact-names"));
  // a stream of its own: drawing from "enterprises" would change every credit code after the first 优势企业
  const output = Rng.stream("annual-output");
  const codes = new Set<string>();
  return ENTERPRISES.map((e) => {
    let code = makeCreditCode("91", e.region, creditBody(rng));
    while (codes.has(code)) code = makeCreditCode("91", e.region, creditBody(rng));
    codes.add(code);
    const c = COUNTIES.find((x) => x.key === e.county)!;
    const n = rng.chance(0.55) ? 2 : 1;
    const titles = rng.sample(CONTACT_TITLES, n);
    return {
      ...e,
      creditCode: code,
      address: `晋中市${c.kind === "ZONE" ? c.name : c.name}${rng.pick(c.roads)}${rng.int(1, 399)}号`,
      contacts: titles.map((title, i) => ({
        name: names.person(),
        title,
        phone: mobilePhone(rng),
        isPrimary: i === 0,
      })),
      // 1亿 to ≈ 200亿元, spread evenly on a log scale (a few groups dwarf the rest), to the 百万元
      annualOutput: e.isKey ? Math.round(10 ** output.float(4, 6.3) / 100) * 100 : null,
    };
  });
}

// Teams reserved for their named assignments: 1 (吉利 / 装备制造 demo team) and 14 (华侨城合作项目).
const RESERVED_TEAMS = new Set([1, 14]);

function assignTeam(p: ProjectSpec, rng: Rng): number {
  const ent = p.ent ? enterpriseDef(p.ent) : null;
  if (ent?.isKey && ent.team && !RESERVED_TEAMS.has(ent.team) && rng.chance(0.45)) return ent.team;
  const candidates = TEAMS.filter(
    (t) => !RESERVED_TEAMS.has(t.no) && (t.industries.includes(p.industry) || t.counties.includes(p.county)),
  ).map((t) => t.no);
  if (ent?.isKey) candidates.push(30);
  return rng.pick(candidates);
}

/**
 * The demo lives on its demo date (issue 12 §4): progress is shaped for the whole plan year, then what would have
 * happened after AS_OF (the day before the demo date) becomes a plan — a milestone's would-be actual date its planned
 * date (so the week list and the lag classes see it coming), a signing after it an unsigned deal planned for that
 * day — and funding received or monthly investment reported after it is not there yet (月报 on the 5th of the next
 * month: October's is the last one). The random streams are untouched, so every earlier fact stays as it was.
 */
function clampToDemo(projects: ProjectSpec[], progress: Map<string, Progress>): void {
  const reportedOn = (r: { year: number; month: number }) =>
    r.month === 12 ? `${r.year + 1}-01-05` : `${r.year}-${String(r.month + 1).padStart(2, "0")}-05`;
  for (const p of projects) {
    const pr = progress.get(p.code)!;
    const ms = pr.milestones;
    let cleared = false;
    for (const m of ms) {
      // a stage after a cleared one cannot have happened either (the chain stays unbroken)
      if (m.actual && (cleared || m.actual > AS_OF)) {
        m.planned = m.actual;
        m.actual = null;
        cleared = true;
      }
    }
    if (cleared) {
      // plans stay in chain order
      for (let x = 1; x < ms.length; x++) {
        const prev = ms[x - 1].planned;
        if (prev && ms[x].planned && ms[x].planned! < prev) ms[x].planned = prev;
      }
      const reached = ms.filter((m) => m.actual);
      p.reach = reached.length ? reached[reached.length - 1].stage : null;
      if (!ms[0].actual) {
        p.plannedSigned = ms[0].planned ?? p.signed ?? undefined;
        p.signed = null;
      }
    }
    pr.funding = pr.funding.filter((f) => f.on <= AS_OF);
    pr.investments = pr.investments.filter((r) => reportedOn(r) <= AS_OF);
  }
}

const RANK = (p: ProjectSpec) => (p.reach ? STAGES.indexOf(p.reach) : -1);

function completeLand(p: ProjectSpec, rng: Rng): void {
  const landed = RANK(p) >= 1;
  if (!p.land) {
    if (!landed && !rng.chance(0.5)) return;
    const intensity = p.industry === "AGRI" || p.industry === "TOURISM" ? rng.float(60, 200) : rng.float(250, 600);
    p.land = { area: Math.min(3000, Math.max(8, roundTo(p.total / intensity, 0.5))) };
  }
  if (!landed) {
    p.land.method = undefined;
    p.land.instalments = false;
    return;
  }
  if (!p.land.method) {
    p.land.method =
      p.industry === "AGRI" || p.industry === "TOURISM"
        ? rng.weighted([
            ["租赁", 4],
            ["出让", 3],
            ["先租后让", 2],
          ] as const)
        : rng.weighted([
            ["出让", 6],
            ["弹性出让", 2],
            ["先租后让", 2],
          ] as const);
  }
  if (p.land.instalments === undefined) {
    p.land.instalments =
      (p.land.method === "出让" || p.land.method === "弹性出让") && rng.chance(p.isTransformation ? 0.4 : 0.2);
  }
}

export function landTerm(method: LandMethod | undefined): number | null {
  switch (method) {
    case "出让":
      return 50;
    case "弹性出让":
    case "先租后让":
      return 30;
    default:
      return null;
  }
}

function completeIncentives(p: ProjectSpec, rng: Rng): void {
  const list: IncentiveSpec[] = [...(p.incentives ?? [])];
  const has = (kind: string) => list.some((i) => i.kind === kind);
  if (p.land?.instalments && !list.some((i) => i.content.includes("分期"))) {
    list.push({ kind: "土地", content: "土地出让金分期缴纳：首期缴纳50%，余款一年内缴清", policy: "city.instalments" });
  }
  if (p.land?.method === "弹性出让" && !list.some((i) => i.content.includes("弹性出让"))) {
    list.push({ kind: "土地", content: "工业用地弹性出让，出让年限30年", policy: "city.flex30" });
  }
  const powerHungry = ["ENERGY", "COALCHEM", "MATERIAL", "ICT"].includes(p.industry);
  if (powerHungry && p.signed && !has("电价") && rng.chance(0.25)) {
    list.push({ kind: "电价", content: "高用电项目用电优惠奖励：纳入大用户直购电交易", policy: "city.power" });
  }
  if (p.origin === "ATTRACTION" && p.signed?.startsWith("2017") && !has("奖补") && rng.chance(0.18)) {
    const amount = rng.int(1, 8) * 100;
    list.push({
      kind: "奖补",
      content: `招商引资差异化优惠政策：按固定资产投资给予奖补${amount}万元`,
      amount,
      policy: "county.award",
    });
  }
  p.incentives = list;
}

function assignOfficials(p: ProjectSpec, rng: Rng): string[] {
  const cityIdx = (() => {
    if (p.total >= 1_000_000) return 0; // 市长 leads the very largest
    const fits = CITY_OFFICIAL_POSTS.map((post, i) => ({ post, i })).filter(
      ({ post, i }) => i > 0 && (post.industries.includes(p.industry) || post.counties.includes(p.county)),
    );
    return fits.length ? rng.pick(fits).i : 1;
  })();
  const city = `city${cityIdx}`;
  const county = `${p.county}.${p.total >= 200_000 ? "chief" : "deputy"}`;
  if (p.total >= 150_000) return [city, county];
  return rng.chance(0.5) ? [city] : [county];
}

export function planDemo(now: Date): DemoPlan {
  const enterprises = buildEnterprises();
  const staff = buildStaff(Rng.stream("staff"));

  const fixed = [...TRANSFORMATION, ...RESERVE].map((p) => ({
    ...p,
    land: p.land && { ...p.land },
    incentives: p.incentives && [...p.incentives],
  }));
  const { y2017, y2016 } = buildAttraction(fixed);
  const projects: ProjectSpec[] = [...fixed, ...y2017, ...y2016];

  const teamRng = Rng.stream("teams");
  const landRng = Rng.stream("land");
  const incRng = Rng.stream("incentives");
  const offRng = Rng.stream("project-officials");
  const projectOfficials = new Map<string, string[]>();
  for (const p of projects) {
    if (p.origin === "ATTRACTION" && !p.sourceRegion) {
      const from = p.ent ? sourceRegionOf(enterpriseDef(p.ent).origin) : "OTHER_DOMESTIC";
      p.sourceRegion = from === "LOCAL" ? "IN_PROVINCE" : from;
    }
    if (p.team === null) p.team = assignTeam(p, teamRng);
    completeLand(p, landRng);
    completeIncentives(p, incRng);
    if (p.isTransformation) projectOfficials.set(p.code, assignOfficials(p, offRng));
  }

  const progress = new Map<string, Progress>();
  for (const p of projects) progress.set(p.code, buildProgress(p, Rng.stream(`progress:${p.code}`)));

  clampToDemo(projects, progress);
  // Scale the 2017 monthly investment of the year's 61 so the total lands on the goal (still whole 10 万元).
  const active61 = projects.filter((p) => p.isTransformation && p.pool === "ACTIVE" && p.planYear === 2017);
  const inv2017 = active61.flatMap((p) => progress.get(p.code)!.investments.filter((r) => r.year === 2017));
  const sum = inv2017.reduce((s, r) => s + r.amount, 0);
  if (sum > 0)
    for (const r of inv2017) r.amount = Math.max(10, roundTo((r.amount * TRANSFORMATION_INVESTMENT_GOAL) / sum, 10));

  const members = new Map<number, string[]>();
  for (const t of TEAMS)
    members.set(
      t.no,
      Array.from({ length: t.size }, (_, m) => teamUsername(t.no, m)),
    );
  const teamMembers = (no: number) => members.get(no)!;
  const displayNames = new Map(staff.users.map((u) => [u.username, u.displayName]));
  const contacts = new Map(enterprises.map((e) => [e.key, e.contacts[0]?.name ?? null]));
  const outsiders = new NameBook(Rng.stream("handlers"));
  const serviceInput = {
    projects,
    milestones: new Map([...progress].map(([code, pr]) => [code, pr.milestones])),
    teamMembers,
    displayName: (u: string) => displayNames.get(u) ?? u,
    contactName: (k: string) => contacts.get(k) ?? null,
    person: () => outsiders.person(),
  };

  const phoneRng = Rng.stream("team-phones");
  const teamPhones = new Map(TEAMS.map((t) => [t.no, `0354-${String(3_000_000 + phoneRng.int(0, 999_999))}`]));

  const issues = buildIssues(projects, teamMembers, now);
  const agencyTasks = buildAgencyTasks(serviceInput);
  const awaiting = awaitingTeam(projects, issues, agencyTasks, toIsoDate(new Date(now.getTime() + 8 * 3_600_000)));
  return {
    enterprises,
    staff,
    projects,
    progress,
    projectOfficials,
    leads: buildLeads(projects),
    issues,
    serviceLogs: buildServiceLogs(serviceInput).filter((l) => !l.project || !awaiting.has(l.project)),
    agencyTasks,
    targets: buildTargets(projects),
    teamPhones,
  };
}

/**
 * 待分配: deals signed in the three weeks before the demo date that 市经信委 has not given a service team yet (the
 * dashboard's alert and the register's unassigned=1 show them). Chosen after the rest is built — only projects no
 * issue or agency task refers to — so that every other record, and the random streams, stay as they were; their
 * service logs (a team's work) are dropped. Returns the codes.
 */
function awaitingTeam(
  projects: ProjectSpec[],
  issues: IssueDraft[],
  tasks: AgencyTaskDraft[],
  demoDay: string,
): Set<string> {
  const busy = new Set([...issues.map((i) => i.project), ...tasks.map((t) => t.project)]);
  const from = addDays(demoDay, -21);
  const codes = projects
    .filter(
      (p) =>
        p.origin === "ATTRACTION" &&
        !p.isTransformation &&
        p.pool === "ACTIVE" &&
        p.signed !== null &&
        p.signed > from &&
        p.signed <= demoDay &&
        !busy.has(p.code),
    )
    .map((p) => p.code);
  for (const p of projects) if (codes.includes(p.code)) p.team = null;
  return new Set(codes);
}
