// 企业诉求 / 协调问题 with complete event histories. Unlike the 2017 project data these are live operations:
// timestamps are relative to the seed run (`now`), so open issues show a mix of on-time, due-soon and
// overdue 13710 clocks, and the last three months each hold CITY and PROVINCE level issues (the monthly
// 需市级/省级协调问题清单). Deadlines come from the app's 13710 module (Chinese working days, the seeded policy),
// and an open issue's clock age is nudged until its colour (green / yellow / red) is the scenario's.
import type { IssueCategory, IssueEventKind, IssueLevel, IssueStatus } from "../../app/domain/issueWorkflow.ts";
import { clockDeadlines, clockState } from "../../app/domain/sla13710.ts";
import { workCalendar } from "../../app/domain/workdays.ts";
import { enterpriseDef, ENTERPRISE_LOGINS } from "./enterprises.ts";
import { SLA_13710 } from "./reference.ts";
import { Rng } from "./rng.ts";
import type { ProjectSpec } from "./types.ts";

const CALENDAR = workCalendar();

export type { IssueCategory, IssueEventKind, IssueLevel, IssueStatus };

export interface IssueEventDraft {
  kind: IssueEventKind;
  fromStatus: IssueStatus | null;
  toStatus: IssueStatus | null;
  fromLevel: IssueLevel | null;
  toLevel: IssueLevel | null;
  actor: string | null;
  note: string | null;
  at: Date;
}

export interface IssueDraft {
  code: string;
  ent: string;
  project: string | null;
  county: string;
  team: number | null;
  category: IssueCategory;
  title: string;
  description: string;
  level: IssueLevel;
  status: IssueStatus;
  isComplex: boolean;
  onBehalf: boolean;
  submittedBy: string;
  assignee: string | null;
  submittedAt: Date;
  clockStartedAt: Date;
  acceptDueAt: Date;
  respondDueAt: Date;
  resolveDueAt: Date;
  acceptedAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  levelEnteredAt: Date;
  satisfaction: number | null;
  resolution: string | null;
  escalationCount: number;
  updatedAt: Date;
  events: IssueEventDraft[];
}

interface Template {
  title: string;
  desc: string;
  progress: string;
  resolution: string;
}

const TEMPLATES: Record<IssueCategory, readonly Template[]> = {
  LAND: [
    {
      title: "二期用地指标尚未落实",
      desc: "项目二期约{a}亩用地尚未纳入年度用地计划，影响整体布局和开工安排，请求协调落实用地指标。",
      progress: "已与国土部门对接，拟通过城乡建设用地增减挂钩解决部分指标。",
      resolution: "通过增减挂钩和盘活存量用地落实指标，已列入本年度供地计划。",
    },
    {
      title: "土地出让金分期缴纳申请待批",
      desc: "企业按转型项目政策申请土地出让金分期缴纳，材料已报送一个多月未获批复。",
      progress: "已督促国土、财政部门会签，预计一周内批复。",
      resolution: "分期缴纳方案已批复，首期缴纳50%，余款12个月内缴清。",
    },
    {
      title: "征地遗留问题影响进场施工",
      desc: "项目用地范围内部分村民对补偿标准有异议，施工队伍无法进场。",
      progress: "乡镇已入户做工作，正在复核地上附着物补偿清单。",
      resolution: "补偿款已兑付到户，施工队伍于本周进场。",
    },
  ],
  FINANCE: [
    {
      title: "流动资金贷款审批进度慢",
      desc: "企业向合作银行申请流动资金贷款{b}万元，审批迟迟未果，影响原材料采购。",
      progress: "已组织银企对接会，银行正在补充授信调查。",
      resolution: "银行已完成授信审批，首笔贷款已发放。",
    },
    {
      title: "申请促转型增动能基金支持",
      desc: "企业拟申请促转型增动能投资基金股权投资，请协助对接基金管理机构。",
      progress: "基金管理公司已完成初步尽调，正在准备投决材料。",
      resolution: "基金投资方案已通过投决会，正在办理出资手续。",
    },
    {
      title: "设备购置需要融资担保",
      desc: "项目设备购置资金缺口较大，请求促转型增动能担保资金提供担保支持。",
      progress: "担保机构已受理申请，正在评审。",
      resolution: "担保机构已出具担保函，银行贷款已落实。",
    },
  ],
  APPROVAL: [
    {
      title: "环评批复办理进度咨询",
      desc: "项目环境影响报告书已报审，专家评审后修改稿已提交，请求加快批复。",
      progress: "环保部门已组织技术复核，待公示期满后批复。",
      resolution: "环评批复已取得。",
    },
    {
      title: "施工许可证办理材料需协调",
      desc: "施工许可办理中对图审合格书和监理合同要求不明确，企业多次补件。",
      progress: "审批服务管理局已一次性告知所需材料并开通绿色通道。",
      resolution: "施工许可证已核发。",
    },
    {
      title: "能评审查意见待出具",
      desc: "项目节能评估报告已报审两月，审查意见尚未出具，影响项目核准。",
      progress: "已报请上级节能审查机关加快审查。",
      resolution: "节能审查意见已出具，项目核准手续已完成。",
    },
  ],
  UTILITIES: [
    {
      title: "110千伏供电线路接入需协调",
      desc: "项目用电负荷大，需新建110千伏专线，线路走廊涉及多个村庄，接入方案迟迟不能确定。",
      progress: "供电公司已完成接入系统方案初稿，正在协调线路路径。",
      resolution: "接入方案已批复，专线工程已开工建设。",
    },
    {
      title: "天然气增容供应不足",
      desc: "冬季生产用气需增容，燃气公司表示气源紧张，无法满足{c}立方米/日的用气需求。",
      progress: "已协调燃气公司调整供气计划，优先保障工业用气。",
      resolution: "燃气公司已签订增容供气协议，保障冬季生产用气。",
    },
    {
      title: "生产用水指标不足",
      desc: "项目生产用水需求增加，现有取水许可量不足，请求协调增加用水指标。",
      progress: "水务部门正在评估区域水资源论证。",
      resolution: "取水许可已变更，新增用水指标已落实。",
    },
  ],
  INFRASTRUCTURE: [
    {
      title: "园区道路未贯通影响物流运输",
      desc: "厂区外围园区道路尚未贯通，大型设备和原料运输需绕行十余公里。",
      progress: "园区管委会已将该路段列入年度建设计划，正在招标。",
      resolution: "道路已完成铺设并通车。",
    },
    {
      title: "厂区周边排水管网未配套",
      desc: "厂区雨污水无法接入市政管网，影响竣工验收。",
      progress: "住建部门已完成管网设计，正在组织施工。",
      resolution: "排水管网已接通，满足验收条件。",
    },
    {
      title: "铁路专用线接轨协调",
      desc: "项目铁路专用线需与国铁接轨，接轨审批涉及铁路局多个部门。",
      progress: "已多次与铁路局对接，接轨方案正在审查。",
      resolution: "铁路局已同意接轨方案。",
    },
  ],
  LABOR: [
    {
      title: "技术工人招聘困难",
      desc: "项目投产在即，急需焊工、电工等技术工人约{d}名，本地招聘困难。",
      progress: "人社部门已组织专场招聘会，并与职业院校对接定向培养。",
      resolution: "通过专场招聘和校企合作，已招录技术工人到岗。",
    },
    {
      title: "员工子女入学协调",
      desc: "企业外地技术骨干子女在当地入学需协调。",
      progress: "教育部门已摸底登记入学需求。",
      resolution: "已统筹安排就近入学。",
    },
    {
      title: "员工公寓配套需求",
      desc: "项目员工住宿紧张，请求协调周边公租房或人才公寓。",
      progress: "住建部门正在梳理可调配房源。",
      resolution: "已调配人才公寓60套供企业租用。",
    },
  ],
  POLICY: [
    {
      title: "招商引资奖补资金兑现进度",
      desc: "投资协议约定的固定资产投资奖补资金至今未兑现，企业多次询问。",
      progress: "财政部门已完成审核，待列入资金拨付计划。",
      resolution: "奖补资金已拨付到企业账户。",
    },
    {
      title: "高用电项目电价优惠未落实",
      desc: "企业符合高用电项目用电优惠条件，但尚未纳入直购电交易名单。",
      progress: "已报省级电力交易中心审核。",
      resolution: "企业已纳入大用户直购电交易，执行优惠电价。",
    },
    {
      title: "研发费用加计扣除政策咨询",
      desc: "企业对研发费用加计扣除的归集口径不清楚，请求政策辅导。",
      progress: "税务部门已安排专人上门辅导。",
      resolution: "已完成政策辅导，企业按规定享受加计扣除。",
    },
  ],
  OTHER: [
    {
      title: "周边村民阻工需协调",
      desc: "施工期间周边个别村民以噪声、扬尘为由阻工，影响施工进度。",
      progress: "乡镇和派出所已现场协调，企业已增设围挡和喷淋设施。",
      resolution: "已与村民达成协议，施工恢复正常。",
    },
    {
      title: "重污染天气应急期间施工安排",
      desc: "重污染天气应急管控期间，项目关键工序需连续施工，请求明确管控要求。",
      progress: "环保部门正在核实项目是否符合豁免条件。",
      resolution: "项目已纳入应急管控差异化名单，按要求有序施工。",
    },
    {
      title: "企业名称变更后证照衔接",
      desc: "企业名称变更后，土地证、施工许可等证照需同步变更，涉及多个部门。",
      progress: "审批服务管理局已牵头一次性受理。",
      resolution: "相关证照已全部完成变更。",
    },
  ],
};

const CATEGORIES: readonly IssueCategory[] = [
  "LAND",
  "FINANCE",
  "APPROVAL",
  "UTILITIES",
  "INFRASTRUCTURE",
  "LABOR",
  "POLICY",
  "OTHER",
];

const ESCALATE_NOTE: Record<IssueLevel, string> = {
  TEAM: "",
  COUNTY: "服务小组协调未果，提请县级企业服务办公室协调。",
  CITY: "县级层面无法解决，提请市级协调，列入本月需市级协调问题清单。",
  PROVINCE: "涉及省级审批事项，提请省级层面协调，列入本月需省级协调问题清单。",
};

const LEADER_COMMENTS = [
  "请市经信委牵头，本周内拿出解决方案，在县长例会上通报进展。",
  "此事影响项目投产，请相关部门主动对接，限期办结。",
  "请持续跟踪，及时向企业反馈办理情况。",
];

type Color = "fresh" | "soon" | "late";

interface Scenario {
  status: IssueStatus;
  path: IssueLevel[];
  color?: Color;
  complex?: boolean;
  comment?: boolean;
  auto?: boolean;
  /** Rejected once and handled again before reaching `status`. */
  rejectedOnce?: boolean;
  /** REOPENED after having been CLOSED (enterprise reports the problem recurred). */
  reopenAfterClose?: boolean;
  /** Submitted (and escalated) within the calendar month `monthsBack` months before now's (China time). */
  monthsBack?: number;
  ent?: string;
  project?: string;
  category?: IssueCategory;
  template?: number;
}

const GENERIC: Scenario[] = [
  { status: "SUBMITTED", path: ["TEAM"], color: "fresh" },
  { status: "SUBMITTED", path: ["TEAM"], color: "late" },
  { status: "SUBMITTED", path: ["COUNTY"], color: "fresh" },
  { status: "SUBMITTED", path: ["TEAM", "COUNTY"], color: "late", auto: true },
  { status: "SUBMITTED", path: ["TEAM", "COUNTY", "CITY"], color: "fresh" },
  { status: "SUBMITTED", path: ["TEAM"], color: "soon" },
  { status: "SUBMITTED", path: ["COUNTY"], color: "late" },
  { status: "ACCEPTED", path: ["TEAM"], color: "fresh" },
  { status: "ACCEPTED", path: ["TEAM"], color: "late" },
  { status: "ACCEPTED", path: ["COUNTY"], color: "fresh" },
  { status: "ACCEPTED", path: ["TEAM", "COUNTY"], color: "soon", auto: true },
  { status: "ACCEPTED", path: ["COUNTY", "CITY"], color: "late", comment: true },
  { status: "ACCEPTED", path: ["TEAM"], color: "fresh", complex: true },
  { status: "ACCEPTED", path: ["CITY"], color: "fresh" },
  { status: "RESPONDED", path: ["TEAM"], color: "fresh" },
  { status: "RESPONDED", path: ["TEAM"], color: "late" },
  { status: "RESPONDED", path: ["COUNTY"], color: "soon" },
  { status: "RESPONDED", path: ["TEAM", "COUNTY"], color: "fresh", complex: true },
  { status: "RESPONDED", path: ["COUNTY", "CITY"], color: "late", complex: true, comment: true },
  { status: "RESPONDED", path: ["CITY", "PROVINCE"], color: "fresh", complex: true, comment: true },
  { status: "RESPONDED", path: ["TEAM"], color: "soon" },
  { status: "RESPONDED", path: ["COUNTY"], color: "late" },
  { status: "RESOLVED", path: ["TEAM"] },
  { status: "RESOLVED", path: ["COUNTY"] },
  { status: "RESOLVED", path: ["TEAM", "COUNTY"] },
  { status: "RESOLVED", path: ["CITY"], comment: true },
  { status: "RESOLVED", path: ["TEAM"], rejectedOnce: true },
  { status: "RESOLVED", path: ["COUNTY", "CITY", "PROVINCE"], complex: true },
  { status: "CLOSED", path: ["TEAM"] },
  { status: "CLOSED", path: ["TEAM"] },
  { status: "CLOSED", path: ["COUNTY"] },
  { status: "CLOSED", path: ["TEAM", "COUNTY"] },
  { status: "CLOSED", path: ["TEAM"], rejectedOnce: true },
  { status: "CLOSED", path: ["COUNTY", "CITY"] },
  { status: "CLOSED", path: ["CITY"] },
  { status: "CLOSED", path: ["TEAM"] },
  { status: "CLOSED", path: ["COUNTY", "CITY", "PROVINCE"], complex: true },
  { status: "REOPENED", path: ["TEAM"] },
  { status: "REOPENED", path: ["COUNTY"] },
  { status: "REOPENED", path: ["TEAM", "COUNTY", "CITY"] },
  { status: "REOPENED", path: ["TEAM"], reopenAfterClose: true },
];

// The monthly lists: one CITY and one PROVINCE issue submitted and escalated in each of the last 3 months.
const MONTHLY: Scenario[] = [
  { status: "CLOSED", path: ["TEAM", "COUNTY", "CITY"], monthsBack: 2, category: "FINANCE" },
  {
    status: "RESPONDED",
    path: ["TEAM", "COUNTY", "CITY", "PROVINCE"],
    monthsBack: 2,
    complex: true,
    comment: true,
    category: "APPROVAL",
    template: 2,
  },
  { status: "RESOLVED", path: ["COUNTY", "CITY"], monthsBack: 1, category: "INFRASTRUCTURE" },
  {
    status: "CLOSED",
    path: ["COUNTY", "CITY", "PROVINCE"],
    monthsBack: 1,
    complex: true,
    category: "UTILITIES",
    template: 0,
  },
  { status: "ACCEPTED", path: ["TEAM", "COUNTY", "CITY"], monthsBack: 0, comment: true, category: "LAND" },
  { status: "SUBMITTED", path: ["CITY", "PROVINCE"], monthsBack: 0, category: "INFRASTRUCTURE", template: 2 },
];

const H = 3_600_000;
const DAY = 24 * H;
const CST = 8 * H;

interface Ctx {
  rng: Rng;
  now: Date;
  teamMembers: (no: number) => string[];
}

interface Subject {
  ent: string;
  project: ProjectSpec | null;
  county: string;
  team: number | null;
}

function fill(text: string, rng: Rng): string {
  return text
    .replace("{a}", String(rng.int(5, 30) * 10))
    .replace("{b}", String(rng.int(5, 60) * 100))
    .replace("{c}", String(rng.int(2, 20) * 1000))
    .replace("{d}", String(rng.int(3, 20) * 10));
}

function handler(level: IssueLevel, s: Subject, ctx: Ctx): string {
  switch (level) {
    case "TEAM":
      return s.team ? ctx.rng.pick(ctx.teamMembers(s.team)) : `county.${s.county}`;
    case "COUNTY":
      return `county.${s.county}`;
    case "CITY":
    case "PROVINCE":
      // 经信委 at both: the bureau handles no issues (docs/design.md §6, docs/decisions/031)
      return "eic";
  }
}

/** The month `monthsBack` before now's month in China time: [start, end) as instants. */
function monthWindow(now: Date, monthsBack: number): [number, number] {
  const local = new Date(now.getTime() + CST);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() - monthsBack;
  return [Date.UTC(y, m, 1) - CST, Date.UTC(y, m + 1, 1) - CST];
}

interface Step {
  kind: IssueEventKind;
  to: IssueStatus | null;
  toLevel?: IssueLevel;
  /** Hours after the previous step (nominal; squeezed to fit). */
  gap: number;
  actor: string | null;
  note: string | null;
  /** Starts a new 13710 clock. */
  clock?: boolean;
}

function buildIssue(sc: Scenario, s: Subject, ctx: Ctx): IssueDraft {
  const { rng, now } = ctx;
  const category = sc.category ?? "OTHER";
  const tpl = TEMPLATES[category][sc.template ?? rng.int(0, TEMPLATES[category].length - 1)];
  const ent = enterpriseDef(s.ent);
  const entUser = ENTERPRISE_LOGINS.includes(s.ent) ? `ent.${s.ent}` : null;
  const submitter = entUser ?? (s.team ? ctx.teamMembers(s.team)[0] : `county.${s.county}`);
  const projectName = s.project?.name ?? ent.short;
  const resolution = tpl.resolution;

  // — the steps, with nominal gaps in hours —
  const steps: Step[] = [{ kind: "SUBMITTED", to: "SUBMITTED", gap: 0, actor: submitter, note: null, clock: true }];
  let level = sc.path[0];
  const accept = (from: IssueLevel) => {
    const who = handler(from, s, ctx);
    steps.push({
      kind: "ACCEPTED",
      to: "ACCEPTED",
      gap: rng.float(1, 20),
      actor: who,
      note: `已受理，由${from === "TEAM" ? "服务小组" : from === "COUNTY" ? "县级企业服务办公室" : from === "CITY" ? "市企业服务办公室" : "市经信委对接省级部门"}办理。`,
    });
    return who;
  };
  for (let i = 1; i < sc.path.length; i++) {
    const who = accept(level);
    if (rng.chance(0.6))
      steps.push({ kind: "RESPONDED", to: "RESPONDED", gap: rng.float(12, 48), actor: who, note: tpl.progress });
    const next = sc.path[i];
    const auto = sc.auto && i === sc.path.length - 1;
    steps.push({
      kind: auto ? "AUTO_ESCALATED" : "ESCALATED",
      to: "SUBMITTED",
      toLevel: next,
      gap: rng.float(20, 72),
      actor: auto ? null : who,
      note: auto
        ? `超过13710时限未办结，系统自动上报${next === "COUNTY" ? "县级" : next === "CITY" ? "市级" : "省级"}。`
        : ESCALATE_NOTE[next],
      clock: true,
    });
    level = next;
  }
  const finalHandler = handler(level, s, ctx);
  const handle = (upTo: IssueStatus) => {
    const rank = ["SUBMITTED", "ACCEPTED", "RESPONDED", "RESOLVED", "CLOSED"].indexOf(upTo);
    if (rank >= 1) {
      steps.push({ kind: "ACCEPTED", to: "ACCEPTED", gap: rng.float(1, 20), actor: finalHandler, note: "已受理。" });
      if (sc.complex)
        steps.push({
          kind: "MARKED_COMPLEX",
          to: null,
          gap: rng.float(1, 6),
          actor: finalHandler,
          note: "涉及多个部门，按复杂问题10个工作日办理。",
        });
      if (level !== "TEAM" && rng.chance(0.5))
        steps.push({
          kind: "ASSIGNED",
          to: null,
          gap: rng.float(0.5, 4),
          actor: finalHandler,
          note: "已指派专人跟进。",
        });
    }
    if (rank >= 2)
      steps.push({
        kind: "RESPONDED",
        to: "RESPONDED",
        gap: rng.float(10, 60),
        actor: finalHandler,
        note: tpl.progress,
      });
    if (sc.comment && (level === "CITY" || level === "PROVINCE")) {
      steps.push({
        kind: "COMMENTED",
        to: null,
        gap: rng.float(2, 30),
        actor: "leader",
        note: rng.pick(LEADER_COMMENTS),
      });
    }
    if (rank >= 3)
      steps.push({
        kind: "RESOLVED",
        to: "RESOLVED",
        gap: rng.float(24, sc.complex ? 180 : 120),
        actor: finalHandler,
        note: resolution,
      });
    if (rank >= 4)
      steps.push({
        kind: "CONFIRMED",
        to: "CLOSED",
        gap: rng.float(3, 60),
        actor: submitter,
        note: "问题已解决，确认办结。",
      });
  };
  const reject = () =>
    steps.push({
      kind: "REJECTED",
      to: "REOPENED",
      gap: rng.float(3, 40),
      actor: submitter,
      note: "问题未实际解决，企业不认可办理结果，申请重新办理。",
      clock: true,
    });

  if (sc.status === "REOPENED") {
    if (sc.reopenAfterClose) {
      handle("CLOSED");
      steps.push({
        kind: "REOPENED",
        to: "REOPENED",
        gap: rng.float(48, 200),
        actor: submitter,
        note: "问题再次出现，申请重新打开。",
        clock: true,
      });
    } else {
      handle("RESOLVED");
      reject();
    }
  } else if (sc.rejectedOnce) {
    handle("RESOLVED");
    reject();
    steps.push({ kind: "ACCEPTED", to: "ACCEPTED", gap: rng.float(1, 12), actor: finalHandler, note: "重新受理。" });
    steps.push({ kind: "RESPONDED", to: "RESPONDED", gap: rng.float(10, 40), actor: finalHandler, note: tpl.progress });
    steps.push({ kind: "RESOLVED", to: "RESOLVED", gap: rng.float(24, 96), actor: finalHandler, note: resolution });
    if (sc.status === "CLOSED")
      steps.push({
        kind: "CONFIRMED",
        to: "CLOSED",
        gap: rng.float(3, 40),
        actor: submitter,
        note: "问题已解决，确认办结。",
      });
  } else {
    handle(sc.status);
  }

  // — timing —
  const clockIdx = steps.reduce((last, st, i) => (st.clock ? i : last), 0);
  const pre = steps.slice(1, clockIdx + 1).reduce((t, st) => t + st.gap, 0);
  let post = steps.slice(clockIdx + 1).reduce((t, st) => t + st.gap, 0);
  // How long the current clock has been running (hours).
  const resolveDays = sc.complex ? 10 : 7;
  let clockAge = (() => {
    const c = sc.color ?? "fresh";
    switch (sc.status) {
      case "SUBMITTED":
      case "REOPENED":
        return c === "late" ? rng.float(30, 90) : c === "soon" ? rng.float(8, 20) : rng.float(1, 6);
      case "ACCEPTED":
        return c === "late" ? rng.float(80, 160) : c === "soon" ? rng.float(50, 70) : rng.float(4, 40);
      case "RESPONDED":
        return c === "late"
          ? rng.float(resolveDays * 24 + 10, resolveDays * 24 + 120)
          : c === "soon"
            ? rng.float(resolveDays * 24 - 22, resolveDays * 24 - 2)
            : rng.float(post + 6, post + 60);
      case "RESOLVED":
        return post + rng.float(2, 60);
      case "CLOSED":
        return post + rng.float(12, 400);
    }
  })();
  if (sc.monthsBack === undefined && sc.status !== "RESOLVED" && sc.status !== "CLOSED") {
    // Working days make a calendar age ambiguous (weekends, holidays): search for an age with the wanted colour.
    const want = sc.color === "late" ? "red" : sc.color === "soon" ? "yellow" : "green";
    const colourAt = (ageH: number) =>
      clockState(
        {
          status: sc.status,
          ...clockDeadlines(new Date(now.getTime() - ageH * H), sc.complex ?? false, SLA_13710, CALENDAR),
        },
        now,
        SLA_13710,
        CALENDAR,
      ).color;
    if (colourAt(clockAge) !== want) {
      const from = want === "red" ? clockAge : 1;
      for (let h = from; h < from + 24 * 30; h += 0.5) {
        if (colourAt(h) === want) {
          clockAge = h;
          break;
        }
      }
    }
  }
  if (post > clockAge * 0.9) {
    const f = (clockAge * 0.9) / post;
    for (const st of steps.slice(clockIdx + 1)) st.gap *= f;
    post *= f;
  }
  let t0: number;
  if (sc.monthsBack !== undefined) {
    const [start, end] = monthWindow(now, sc.monthsBack);
    const latest = Math.min(end, now.getTime()) - 0.5 * H;
    const span = Math.max(0.1 * H, latest - start);
    // Submitted and escalated inside the month: start early in it and keep pre-clock steps short.
    t0 = start + span * rng.float(0.02, 0.3);
    const preRoom = Math.max(0.05 * H, Math.min(latest - t0, 6 * DAY) * 0.8);
    const preScale = pre * H > preRoom ? preRoom / (pre * H) : 1;
    for (const st of steps.slice(1, clockIdx + 1)) st.gap *= preScale;
    const clockAt = t0 + pre * preScale * H;
    const room = now.getTime() - 0.25 * H - clockAt;
    if (post * H > room) {
      const f = Math.max(0, room) / (post * H);
      for (const st of steps.slice(clockIdx + 1)) st.gap *= f;
    }
  } else {
    let preH = pre;
    const maxAge = 40 * 24 - 1;
    if (preH + clockAge > maxAge) {
      const f = Math.max(0, maxAge - clockAge) / preH;
      for (const st of steps.slice(1, clockIdx + 1)) st.gap *= f;
      preH *= f;
    }
    t0 = now.getTime() - Math.max(1.05, preH + clockAge) * H;
  }

  // — events and the issue's denormalised fields —
  const events: IssueEventDraft[] = [];
  let at = t0;
  let status: IssueStatus | null = null;
  let lv: IssueLevel = sc.path[0];
  let clockStart = t0;
  let levelEntered = t0;
  let acceptedAt: number | null = null;
  let respondedAt: number | null = null;
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  let assignee: string | null = null;
  let escalations = 0;
  for (const st of steps) {
    at += Math.round(st.gap * H);
    const fromLevel = lv;
    if (st.toLevel) {
      lv = st.toLevel;
      levelEntered = at;
      escalations++;
    }
    if (st.clock) {
      clockStart = at;
      acceptedAt = respondedAt = resolvedAt = closedAt = null;
      assignee = null;
    }
    if (st.kind === "ACCEPTED") {
      acceptedAt = at;
      assignee = st.actor;
    }
    if (st.kind === "RESPONDED" && respondedAt === null) respondedAt = at;
    if (st.kind === "RESOLVED") resolvedAt = at;
    if (st.kind === "CONFIRMED") closedAt = at;
    events.push({
      kind: st.kind,
      fromStatus: st.kind === "SUBMITTED" ? null : st.to ? status : null,
      toStatus: st.to,
      fromLevel: st.kind === "SUBMITTED" ? null : st.toLevel ? fromLevel : null,
      toLevel: st.kind === "SUBMITTED" ? lv : (st.toLevel ?? null),
      actor: st.actor,
      note: st.note,
      at: new Date(at),
    });
    if (st.to) status = st.to;
  }
  const finalStatus = status!;
  const deadlines = clockDeadlines(new Date(clockStart), sc.complex ?? false, SLA_13710, CALENDAR);
  return {
    code: "",
    ent: s.ent,
    project: s.project?.code ?? null,
    county: s.county,
    team: s.team,
    category,
    title: `${projectName}：${tpl.title}`.slice(0, 120),
    description: fill(tpl.desc, rng),
    level: lv,
    status: finalStatus,
    isComplex: sc.complex ?? false,
    onBehalf: entUser === null,
    submittedBy: submitter,
    assignee,
    submittedAt: new Date(t0),
    clockStartedAt: new Date(clockStart),
    acceptDueAt: deadlines.acceptDueAt,
    respondDueAt: deadlines.respondDueAt,
    resolveDueAt: deadlines.resolveDueAt,
    acceptedAt: acceptedAt === null ? null : new Date(acceptedAt),
    firstRespondedAt: respondedAt === null ? null : new Date(respondedAt),
    resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
    closedAt: closedAt === null ? null : new Date(closedAt),
    levelEnteredAt: new Date(levelEntered),
    satisfaction:
      finalStatus === "CLOSED"
        ? rng.weighted([
            [5, 45],
            [4, 35],
            [3, 15],
            [2, 5],
          ] as const)
        : null,
    resolution: resolvedAt !== null || finalStatus === "REOPENED" ? resolution : null,
    escalationCount: escalations,
    updatedAt: new Date(at),
    events,
  };
}

/**
 * `projects`: all seeded projects (with teams assigned). `teamMembers(no)` lists the team's usernames, 组长 first.
 */
export function buildIssues(
  projects: readonly ProjectSpec[],
  teamMembers: (no: number) => string[],
  now: Date,
): IssueDraft[] {
  const rng = Rng.stream("issues");
  const ctx: Ctx = { rng, now, teamMembers };
  const live = projects.filter((p) => p.ent && p.signed && p.pool === "ACTIVE" && p.team !== null && p.ent !== "geely");
  const byEnt = (key: string) => live.filter((p) => p.ent === key);
  const subjectOf = (p: ProjectSpec): Subject => ({ ent: p.ent!, project: p, county: p.county, team: p.team });

  // Enterprises with a login get some issues first, so every demo enterprise account has something to follow.
  const favoured = ENTERPRISE_LOGINS.filter((k) => k !== "geely").flatMap((k) => byEnt(k).slice(0, 2));
  const pool = rng.shuffle(live.filter((p) => !favoured.includes(p)));
  const subjects: Subject[] = [...favoured.map(subjectOf), ...pool.map(subjectOf)];

  const drafts: IssueDraft[] = [];
  const geely = projects.filter((p) => p.ent === "geely");
  const g2 = geely.find((p) => p.isTransformation)!;
  const gParts = geely.find((p) => p.name.includes("零部件"))!;
  const gRd = geely.find((p) => p.name.includes("研发"))!;
  drafts.push(
    buildIssue(
      { status: "SUBMITTED", path: ["TEAM"], color: "fresh", category: "UTILITIES", template: 1 },
      subjectOf(g2),
      ctx,
    ),
  );
  drafts.push(
    buildIssue({ status: "RESOLVED", path: ["TEAM"], category: "LABOR", template: 0 }, subjectOf(gParts), ctx),
  );
  drafts.push(buildIssue({ status: "CLOSED", path: ["TEAM"], category: "LAND", template: 1 }, subjectOf(gRd), ctx));

  let si = 0;
  MONTHLY.forEach((sc) => drafts.push(buildIssue(sc, subjects[si++ % subjects.length], ctx)));
  GENERIC.forEach((sc, i) => {
    const category = CATEGORIES[i % CATEGORIES.length];
    drafts.push(buildIssue({ ...sc, category }, subjects[si++ % subjects.length], ctx));
  });

  // Two issues about an enterprise as a whole (no project): county and team from the enterprise.
  for (const key of ["duanwang", "qibo"]) {
    const e = enterpriseDef(key);
    drafts.push(
      buildIssue(
        {
          status: key === "qibo" ? "RESPONDED" : "CLOSED",
          path: ["TEAM"],
          color: "fresh",
          category: "POLICY",
          template: 1,
        },
        { ent: key, project: null, county: e.county, team: e.team ?? null },
        ctx,
      ),
    );
  }

  // Codes in submission order: SQ-000001 is the oldest.
  drafts.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  drafts.forEach((d, i) => (d.code = `SQ-${String(i + 1).padStart(6, "0")}`));
  return drafts;
}
