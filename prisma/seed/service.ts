// 服务记录 (visits, calls, meetings) and 代办事项 (approvals the teams handle for their projects), 2017.
import { enterpriseDef, ENTERPRISES } from "./enterprises.ts";
import { Rng } from "./rng.ts";
import { addDays, AS_OF, maxIso, minIso, randomWorkday, TEAMS_START, workday, type IsoDate } from "./time.ts";
import { STAGES, type ProjectSpec, type Stage } from "./types.ts";
import type { MilestoneDraft } from "./progress.ts";

export type ServiceLogKind = "VISIT" | "CALL" | "MEETING";
export type AgencyTaskKind =
  | "PROJECT_FILING"
  | "LAND_PREAPPROVAL"
  | "PLANNING_PERMIT"
  | "ENVIRONMENTAL"
  | "ENERGY"
  | "CONSTRUCTION_PERMIT"
  | "UTILITIES"
  | "FINANCING"
  | "OTHER";
export type AgencyTaskStatus = "PENDING" | "IN_PROGRESS" | "DONE" | "CANCELLED";

export interface ServiceLogDraft {
  team: number;
  project: string | null;
  ent: string | null;
  kind: ServiceLogKind;
  occurredOn: IsoDate;
  people: string;
  content: string;
  followUpOn: IsoDate | null;
  followUpDone: boolean;
  createdBy: string;
}

export interface AgencyTaskDraft {
  project: string;
  team: number;
  kind: AgencyTaskKind;
  title: string;
  status: AgencyTaskStatus;
  dueOn: IsoDate;
  completedOn: IsoDate | null;
  handler: string;
  handlerName: string;
  note: string;
  createdBy: string;
  createdOn: IsoDate;
}

const STAGE_WORDS: Record<Stage, string> = {
  SIGNED: "前期手续办理情况",
  LAND: "供地及规划手续办理情况",
  FUNDING: "资金到位及开工准备情况",
  STARTED: "工程施工进度",
  COMPLETED: "投产运营情况",
};

const VISIT = [
  "走访{p}现场，了解{s}进展，现场协调施工用水用电问题。",
  "赴{p}调研，听取企业关于{s}的情况汇报，梳理需协调事项清单。",
  "陪同县级领导走访{p}，督导{s}，明确下一步时间节点。",
  "到{p}现场查看{s}，核实企业报送的月度统计数据。",
];
const CALL = [
  "电话联系企业负责人，跟进{p}{s}办理进度。",
  "电话沟通{p}资金到位情况，提醒企业按时报送月度投资报表。",
  "电话回访企业，了解{p}诉求办理结果满意度。",
];
const MEETING = [
  "组织召开{p}推进协调会，国土、住建、环保等部门参加，明确{s}办理时限。",
  "参加{p}专题调度会，汇报{s}，形成会议纪要并逐项落实。",
  "召开服务小组周例会，研究{p}{s}中的问题，列入一周一清单。",
];

const TASK_TITLES: Record<AgencyTaskKind, string> = {
  PROJECT_FILING: "立项备案",
  LAND_PREAPPROVAL: "用地预审",
  PLANNING_PERMIT: "建设工程规划许可",
  ENVIRONMENTAL: "环境影响评价审批",
  ENERGY: "节能审查",
  CONSTRUCTION_PERMIT: "施工许可证办理",
  UTILITIES: "水电气接入",
  FINANCING: "融资对接",
  OTHER: "竣工验收备案",
};
const TASK_DEPTS: Record<AgencyTaskKind, string> = {
  PROJECT_FILING: "市发改委",
  LAND_PREAPPROVAL: "市国土资源局",
  PLANNING_PERMIT: "市规划局",
  ENVIRONMENTAL: "市环保局",
  ENERGY: "市发改委",
  CONSTRUCTION_PERMIT: "市行政审批服务管理局",
  UTILITIES: "国网晋中供电公司",
  FINANCING: "市金融办",
  OTHER: "市住建局",
};
/** Which approvals belong before which milestone. */
const TASK_STAGE: Record<AgencyTaskKind, Stage> = {
  PROJECT_FILING: "LAND",
  LAND_PREAPPROVAL: "LAND",
  PLANNING_PERMIT: "STARTED",
  ENVIRONMENTAL: "STARTED",
  ENERGY: "STARTED",
  CONSTRUCTION_PERMIT: "STARTED",
  UTILITIES: "COMPLETED",
  FINANCING: "FUNDING",
  OTHER: "COMPLETED",
};

export interface ServiceInput {
  projects: readonly ProjectSpec[];
  milestones: ReadonlyMap<string, readonly MilestoneDraft[]>;
  teamMembers: (no: number) => string[];
  displayName: (username: string) => string;
  contactName: (ent: string) => string | null;
  person: () => string;
}

function reachedOn(ms: readonly MilestoneDraft[] | undefined, stage: Stage): IsoDate | null {
  return ms?.find((m) => m.stage === stage)?.actual ?? null;
}

function currentStage(ms: readonly MilestoneDraft[] | undefined): Stage | null {
  let s: Stage | null = null;
  for (const st of STAGES) {
    if (!reachedOn(ms, st)) break;
    s = st;
  }
  return s;
}

export function buildServiceLogs(input: ServiceInput): ServiceLogDraft[] {
  const rng = Rng.stream("service-logs");
  const served = input.projects.filter(
    (p) => p.team !== null && p.signed && p.pool !== "WITHDRAWN" && p.signed <= AS_OF,
  );
  const weighted = served.map((p) => [p, p.isTransformation ? 4 : p.pool === "RESERVE" ? 1 : 1.2] as const);
  const out: ServiceLogDraft[] = [];
  for (let i = 0; i < 190; i++) {
    const p = rng.weighted(weighted);
    const from = maxIso(TEAMS_START, p.signed!);
    const on = randomWorkday(rng, from, AS_OF);
    const kind = rng.weighted([
      ["VISIT", 50],
      ["CALL", 30],
      ["MEETING", 20],
    ] as const);
    const members = input.teamMembers(p.team!);
    const author = rng.pick(members);
    const stage = currentStage(input.milestones.get(p.code)) ?? "SIGNED";
    const tpl = rng.pick(kind === "VISIT" ? VISIT : kind === "CALL" ? CALL : MEETING);
    const contact = p.ent ? input.contactName(p.ent) : null;
    const people = [
      input.displayName(author),
      kind !== "CALL" && members.length > 1 ? input.displayName(members[0] === author ? members[1] : members[0]) : null,
      contact ? `企业：${contact}` : "企业负责人",
    ]
      .filter(Boolean)
      .join("、");
    const follow = rng.chance(0.38) ? workday(addDays(on, rng.int(3, 21))) : null;
    out.push({
      team: p.team!,
      project: p.code,
      ent: p.ent,
      kind,
      occurredOn: on,
      people,
      content: tpl.replace("{p}", p.name).replace("{s}", STAGE_WORDS[stage]),
      followUpOn: follow,
      followUpDone: follow !== null && follow <= AS_OF && rng.chance(0.85),
      createdBy: author,
    });
  }
  // 优势企业 served as enterprises, without a particular project.
  for (const e of ENTERPRISES.filter((x) => x.isKey && x.team)) {
    if (!rng.chance(0.3)) continue;
    const members = input.teamMembers(e.team!);
    const author = members[0];
    const on = randomWorkday(rng, TEAMS_START, AS_OF);
    out.push({
      team: e.team!,
      project: null,
      ent: e.key,
      kind: "VISIT",
      occurredOn: on,
      people: [input.displayName(author), `企业：${input.contactName(e.key) ?? "企业负责人"}`].join("、"),
      content: `走访优势企业${enterpriseDef(e.key).short}，了解生产经营和技术改造计划，宣讲《扶持转型项目和优势企业实施方案》。`,
      followUpOn: null,
      followUpDone: false,
      createdBy: author,
    });
  }
  return out.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
}

export function buildAgencyTasks(input: ServiceInput): AgencyTaskDraft[] {
  const rng = Rng.stream("agency-tasks");
  const served = rng.shuffle(
    input.projects.filter((p) => p.team !== null && p.signed && p.pool !== "WITHDRAWN" && p.signed >= "2016-06-01"),
  );
  const out: AgencyTaskDraft[] = [];
  for (const p of served) {
    if (out.length >= 150) break;
    const ms = input.milestones.get(p.code);
    const stage = currentStage(ms);
    const kinds: AgencyTaskKind[] =
      stage === "SIGNED"
        ? ["PROJECT_FILING", "LAND_PREAPPROVAL", "ENVIRONMENTAL"]
        : stage === "LAND"
          ? ["PLANNING_PERMIT", "ENVIRONMENTAL", "ENERGY", "FINANCING"]
          : stage === "FUNDING"
            ? ["CONSTRUCTION_PERMIT", "PLANNING_PERMIT", "UTILITIES"]
            : stage === "STARTED"
              ? ["UTILITIES", "FINANCING", "CONSTRUCTION_PERMIT", "OTHER"]
              : ["OTHER", "UTILITIES"];
    const n = p.isTransformation ? rng.int(2, 3) : rng.int(1, 2);
    const members = input.teamMembers(p.team!);
    for (const kind of rng.sample(kinds, n)) {
      const handler = rng.pick(members);
      const gate = reachedOn(ms, TASK_STAGE[kind]);
      const created = maxIso(TEAMS_START, addDays(p.signed!, rng.int(3, 20)));
      let status: AgencyTaskStatus;
      let dueOn: IsoDate;
      let completedOn: IsoDate | null = null;
      if (gate && gate <= created && kind !== "FINANCING") continue; // already behind the project
      if (created > AS_OF) continue; // not asked for yet on the demo date
      if (gate && gate > created) {
        // The milestone this approval was needed for has been reached: done on time (or a little late).
        status = "DONE";
        completedOn = minIso(AS_OF, maxIso(created, workday(addDays(gate, -rng.int(2, 30)))));
        dueOn = workday(addDays(completedOn, rng.int(-8, 20)));
      } else if (kind === "OTHER" && stage === "COMPLETED") {
        status = "DONE";
        completedOn = maxIso(created, minIso(AS_OF, addDays(reachedOn(ms, "COMPLETED")!, rng.int(5, 25))));
        dueOn = workday(addDays(completedOn, rng.int(0, 15)));
      } else {
        status = rng.weighted([
          ["IN_PROGRESS", 48],
          ["PENDING", 36],
          ["DONE", 10],
          ["CANCELLED", 6],
        ] as const);
        // open tasks fall due around the demo date (2017-11-20): a few weeks late, this week, or ahead
        dueOn = randomWorkday(rng, "2017-10-23", "2018-01-31");
        if (status === "DONE") {
          completedOn = randomWorkday(rng, maxIso(created, "2017-10-09"), AS_OF);
          dueOn = workday(addDays(completedOn, rng.int(-5, 20)));
        }
      }
      out.push({
        project: p.code,
        team: p.team!,
        kind,
        title: `${p.name}${TASK_TITLES[kind]}`.slice(0, 120),
        status,
        dueOn,
        completedOn,
        handler,
        handlerName: input.person(),
        note:
          status === "CANCELLED"
            ? "企业调整建设方案，原申请撤回。"
            : `承办单位：${TASK_DEPTS[kind]}${status === "DONE" ? "，已办结" : "，服务小组全程代办"}`,
        createdBy: handler,
        createdOn: minIso(created, completedOn ?? created),
      });
    }
  }
  // Every team's 一周一清单 opens with something due in the demo week (2017-11-20 … 11-26): a team whose open tasks
  // all fall due later gets its earliest one due on the Thursday of that week.
  const DEMO_WEEK_END: IsoDate = "2017-11-26";
  const open = out.filter((t) => t.status === "PENDING" || t.status === "IN_PROGRESS");
  for (const team of new Set(open.map((t) => t.team))) {
    const mine = open.filter((t) => t.team === team).sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1));
    if (mine[0].dueOn > DEMO_WEEK_END) mine[0].dueOn = "2017-11-23";
  }
  return out;
}
