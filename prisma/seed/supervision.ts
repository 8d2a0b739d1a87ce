// 督办事项 of the demo (issue 17, docs/decisions/141): the city leader's 批示 on the report's own priorities — 吉利
// land, 山西农谷 starts, the 示范区起步区 projects, power and permits of named projects, the October 通报 — in every
// state, several overdue, some with extensions. Each item is played through the same pure rules the app uses
// (supervisionDeadlines, planSupervision, overdueSteps) at fixed Beijing times before the demo clock's start, so the
// seed never records a step after it (decision 090); deadlines may lie after. Fixed data, no random stream.
import {
  autoUrgeKey,
  overdueSteps,
  planSupervision,
  supervisionCode,
  supervisionDeadlines,
  SUPERVISION_STEP_LABELS,
  type DueRule,
  type SupervisionCommand,
  type SupervisionPatch,
  type SupervisionRef,
} from "../../app/domain/supervision.ts";
import { workCalendar } from "../../app/domain/workdays.ts";
import type { Prisma } from "../../app/generated/prisma/client.ts";
import { cst } from "./time.ts";

type Tx = Prisma.TransactionClient;
type Who = "lead" | "assist" | "office" | "leader";

interface Step {
  /** Beijing "YYYY-MM-DD HH:mm" */
  at: string;
  by: Who;
  cmd: SupervisionCommand;
}

interface ItemDef {
  title: string;
  instruction: string;
  level: "NORMAL" | "KEY" | "URGENT";
  source: "PROJECT" | "ISSUE" | "REPORT" | "DECISION" | "WORK";
  /** a project name fragment */
  project?: string;
  /** the first city-level issue */
  issue?: boolean;
  reportMonth?: string;
  lead: string;
  assist: string[];
  assignedAt: string;
  due: DueRule;
  steps: Step[];
}

const ITEMS: ItemDef[] = [
  {
    title: "吉利新能源汽车（二期）项目用地报批",
    instruction:
      "吉利项目是全市转型一号工程，用地报批不能再拖。请市国土资源局牵头、晋中开发区配合，10个工作日内完成组卷报批。",
    level: "URGENT",
    source: "PROJECT",
    project: "吉利新能源汽车",
    lead: "guotu",
    assist: ["gov.etdz"],
    assignedAt: "2017-10-30 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-10-30 15:00", by: "lead", cmd: { type: "sign", note: "已签收，由耕保科牵头办理" } },
      {
        at: "2017-11-01 16:00",
        by: "lead",
        cmd: { type: "plan", note: "11月3日前完成勘测定界，11月8日前完成征地补偿安置方案公告，11月10日组卷上报省厅" },
      },
      {
        at: "2017-11-06 11:00",
        by: "assist",
        cmd: { type: "assist", note: "开发区已完成地上附着物清点，补偿款已落实 1.2 亿元" },
      },
      {
        at: "2017-11-08 17:00",
        by: "lead",
        cmd: { type: "progress", note: "勘测定界完成，补偿安置方案已公告，尚需占补平衡指标 320 亩" },
      },
      {
        at: "2017-11-10 10:00",
        by: "lead",
        cmd: {
          type: "requestExtension",
          note: "占补平衡指标需从省级平台调剂，省厅审查需 15 个工作日",
          newDueOn: "2017-11-30",
        },
      },
      {
        at: "2017-11-10 16:00",
        by: "office",
        cmd: { type: "approveExtension", note: "同意延期至11月30日，请抓紧协调指标" },
      },
      {
        at: "2017-11-17 10:00",
        by: "lead",
        cmd: { type: "progress", note: "已与省厅对接，指标调剂方案已上报，等待批复" },
      },
    ],
  },
  {
    title: "山西农谷重点项目年内全部开工",
    instruction: "山西农谷27个项目中尚有未开工项目，请农谷管委会牵头，市发改委、市行政审批局配合，11月底前全部开工。",
    level: "KEY",
    source: "WORK",
    lead: "gov.nonggu",
    assist: ["fagai", "shenpi"],
    assignedAt: "2017-10-16 09:30",
    due: { kind: "date", date: "2017-11-10" },
    steps: [
      { at: "2017-10-16 14:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-10-18 10:00", by: "lead", cmd: { type: "plan", note: "逐个项目建立开工倒排计划，每周调度一次" } },
      {
        at: "2017-10-20 15:00",
        by: "assist",
        cmd: { type: "assist", note: "审批局对农谷项目开通绿色通道，施工许可 3 个工作日办结" },
      },
      {
        at: "2017-10-25 16:00",
        by: "lead",
        cmd: { type: "progress", note: "27个项目已开工 21 个，其余 6 个正在办理施工许可" },
      },
      {
        at: "2017-11-06 09:00",
        by: "lead",
        cmd: { type: "requestExtension", note: "3个项目受冬季施工影响，需延至11月底", newDueOn: "2017-11-30" },
      },
      { at: "2017-11-07 10:00", by: "office", cmd: { type: "approveExtension", note: "同意" } },
      { at: "2017-11-15 16:00", by: "lead", cmd: { type: "progress", note: "已开工 25 个，余 2 个本月底前开工" } },
    ],
  },
  {
    title: "示范区起步区20个重点项目征地拆迁",
    instruction:
      "起步区20个重点项目征地拆迁要加快，请示范区晋中区管委会牵头，市国土资源局、市住建局配合，按13710要求推进。",
    level: "KEY",
    source: "DECISION",
    lead: "gov.sfq",
    assist: ["guotu", "zhujian"],
    assignedAt: "2017-11-14 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-11-14 16:00", by: "lead", cmd: { type: "sign", note: "已签收" } },
      { at: "2017-11-16 11:00", by: "lead", cmd: { type: "plan", note: "成立征拆指挥部，分片包干，11月28日前完成" } },
    ],
  },
  {
    title: "示范区起步区项目供电接入",
    instruction: "起步区项目临时用电和永久供电接入要提前谋划，请国网晋中供电公司牵头、示范区配合。",
    level: "NORMAL",
    source: "DECISION",
    lead: "gongdian",
    assist: ["gov.sfq"],
    assignedAt: "2017-11-17 15:00",
    due: { kind: "days", days: 10 },
    steps: [],
  },
  {
    title: "东方希望铝系工业园（二期）环评批复",
    instruction: "请市环保局加快东方希望铝二期环评审查，审批局配合办理相关手续。",
    level: "KEY",
    source: "PROJECT",
    project: "东方希望铝系工业园",
    lead: "huanbao",
    assist: ["shenpi"],
    assignedAt: "2017-09-04 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-09-04 16:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-09-06 10:00", by: "lead", cmd: { type: "plan", note: "9月12日召开技术审查会" } },
      {
        at: "2017-09-12 18:00",
        by: "lead",
        cmd: { type: "progress", note: "技术审查会已召开，企业按专家意见修改报告书" },
      },
      { at: "2017-09-15 11:00", by: "lead", cmd: { type: "finish", note: "已下达环评批复（晋中环审〔2017〕58号）" } },
      { at: "2017-09-18 09:30", by: "office", cmd: { type: "close", note: "批复文件已核实" } },
    ],
  },
  {
    title: "博创纳米材料（二期）施工许可",
    instruction: "请市住建局、审批局联动，尽快为博创纳米二期办理施工许可。",
    level: "NORMAL",
    source: "PROJECT",
    project: "博创纳米材料",
    lead: "zhujian",
    assist: ["shenpi"],
    assignedAt: "2017-08-21 09:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-08-21 15:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-08-23 10:00", by: "lead", cmd: { type: "plan", note: "容缺受理，图审与许可并联办理" } },
      { at: "2017-08-28 17:00", by: "lead", cmd: { type: "progress", note: "施工图审查已通过" } },
      {
        at: "2017-08-31 10:00",
        by: "lead",
        cmd: { type: "finish", note: "已核发施工许可证（编号 140700201708310101）" },
      },
      { at: "2017-09-01 10:00", by: "office", cmd: { type: "close" } },
      { at: "2017-09-05 10:00", by: "office", cmd: { type: "evaluate", rating: 4, note: "并联审批，提前办结" } },
    ],
  },
  {
    title: "中鼎物流园（二期）用地手续",
    instruction: "中鼎物流园二期用地手续请市国土资源局抓紧办理。",
    level: "NORMAL",
    source: "PROJECT",
    project: "中鼎物流园",
    lead: "guotu",
    assist: [],
    assignedAt: "2017-11-01 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-11-01 16:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-11-03 10:00", by: "lead", cmd: { type: "plan", note: "按弹性出让方式供地，出让年限 30 年" } },
      { at: "2017-11-09 16:00", by: "lead", cmd: { type: "progress", note: "出让方案已经市政府批准，挂牌公告中" } },
      {
        at: "2017-11-15 10:00",
        by: "lead",
        cmd: { type: "finish", note: "已完成挂牌出让，签订出让合同（晋中出让〔2017〕112号）" },
      },
    ],
  },
  {
    title: "乌金山李宁国际滑雪场（二期）配套道路",
    instruction: "滑雪季前配套道路必须通车，请榆次区政府牵头，市环保局配合做好施工扬尘管控。",
    level: "KEY",
    source: "PROJECT",
    project: "乌金山李宁国际滑雪场",
    lead: "gov.yuci",
    assist: ["huanbao"],
    assignedAt: "2017-10-23 09:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-10-23 17:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-10-25 10:00", by: "lead", cmd: { type: "plan", note: "11月3日前完成路基，11月6日铺油" } },
      { at: "2017-10-31 16:00", by: "lead", cmd: { type: "progress", note: "路基完成 80%" } },
      { at: "2017-11-06 10:00", by: "lead", cmd: { type: "finish", note: "配套道路已通车" } },
      {
        at: "2017-11-08 11:00",
        by: "office",
        cmd: { type: "return", note: "现场核查路灯、标志标线未完成，请补齐后再报办结" },
      },
    ],
  },
  {
    title: "左权低热值煤发电项目核准",
    instruction: "请市发改委牵头，供电公司配合，抓紧左权低热值煤发电项目核准和接入系统审查。",
    level: "KEY",
    source: "PROJECT",
    project: "左权2×35万千瓦低热值煤发电",
    lead: "fagai",
    assist: ["gongdian"],
    assignedAt: "2017-10-26 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-10-26 16:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-10-30 10:00", by: "lead", cmd: { type: "plan", note: "与省发改委对接核准要件" } },
      { at: "2017-11-03 15:00", by: "assist", cmd: { type: "assist", note: "接入系统方案已评审" } },
      { at: "2017-11-13 10:00", by: "office", cmd: { type: "urge", note: "已超过办结时限，请说明原因" } },
    ],
  },
  {
    title: "晋能高效光伏电池及组件项目电力接入",
    instruction: "请国网晋中供电公司尽快完成晋能光伏项目专线接入。",
    level: "NORMAL",
    source: "PROJECT",
    project: "晋能高效光伏",
    lead: "gongdian",
    assist: [],
    assignedAt: "2017-09-11 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-09-12 10:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-09-14 16:00", by: "lead", cmd: { type: "plan", note: "10月中旬前完成 110kV 专线" } },
      { at: "2017-09-22 10:00", by: "lead", cmd: { type: "progress", note: "线路路径已确定" } },
      { at: "2017-10-13 16:00", by: "lead", cmd: { type: "finish", note: "110kV 专线已送电" } },
      { at: "2017-10-16 09:30", by: "office", cmd: { type: "close", note: "超期办结，计入考核" } },
      { at: "2017-10-18 10:00", by: "office", cmd: { type: "evaluate", rating: 2, note: "办理超期" } },
    ],
  },
  {
    title: "杉杉奥特莱斯项目规划调整",
    instruction: "杉杉奥特莱斯规划调整请市住建局抓紧研究办理。",
    level: "NORMAL",
    source: "PROJECT",
    project: "杉杉奥特莱斯",
    lead: "zhujian",
    assist: ["gov.yuci"],
    assignedAt: "2017-11-09 10:00",
    due: { kind: "days", days: 10 },
    steps: [],
  },
  {
    title: "10月份需市级协调问题限期解决",
    instruction: "10月份通报的需市级协调问题，请市经信委牵头，市国土资源局、市发改委配合，逐项明确责任人和时限。",
    level: "KEY",
    source: "REPORT",
    reportMonth: "2017-10",
    lead: "jingxin",
    assist: ["guotu", "fagai"],
    assignedAt: "2017-11-06 09:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-11-06 15:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-11-08 10:00", by: "lead", cmd: { type: "plan", note: "建立问题清单，逐项落实责任单位" } },
      { at: "2017-11-14 16:00", by: "lead", cmd: { type: "progress", note: "清单 9 项已解决 5 项" } },
    ],
  },
  {
    title: "企业诉求：市级协调事项",
    instruction: "该企业诉求已上报市级，请市经信委牵头协调，限期答复企业。",
    level: "NORMAL",
    source: "ISSUE",
    issue: true,
    lead: "jingxin",
    assist: ["shenpi"],
    assignedAt: "2017-11-02 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-11-02 16:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-11-06 10:00", by: "lead", cmd: { type: "plan", note: "召开协调会" } },
      { at: "2017-11-10 10:00", by: "lead", cmd: { type: "progress", note: "协调会已召开，审批局承诺简化程序" } },
      {
        at: "2017-11-13 10:00",
        by: "lead",
        cmd: { type: "requestExtension", note: "需省级部门出具意见", newDueOn: "2017-12-29" },
      },
      { at: "2017-11-14 10:00", by: "office", cmd: { type: "refuseExtension", note: "市级权限内可解决，不同意延期" } },
    ],
  },
  {
    title: "寿阳1GW光伏发电项目用地",
    instruction: "请市国土资源局会同寿阳县政府解决光伏项目用地性质认定问题。",
    level: "NORMAL",
    source: "PROJECT",
    project: "寿阳1GW光伏",
    lead: "guotu",
    assist: ["gov.shouyang"],
    assignedAt: "2017-08-07 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-08-07 16:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-08-09 10:00", by: "lead", cmd: { type: "plan", note: "按光伏复合用地政策认定" } },
      { at: "2017-08-14 11:00", by: "assist", cmd: { type: "assist", note: "县里已完成地类核查" } },
      { at: "2017-08-16 16:00", by: "lead", cmd: { type: "progress", note: "认定意见已起草" } },
      { at: "2017-08-18 16:00", by: "lead", cmd: { type: "finish", note: "已出具用地认定意见" } },
      { at: "2017-08-21 10:00", by: "office", cmd: { type: "close" } },
      { at: "2017-08-23 10:00", by: "office", cmd: { type: "evaluate", rating: 3 } },
    ],
  },
  {
    title: "太重榆液产品试验检测中心施工许可",
    instruction: "请市行政审批局为太重榆液试验检测中心开辟绿色通道。",
    level: "NORMAL",
    source: "PROJECT",
    project: "太重榆液",
    lead: "shenpi",
    assist: [],
    assignedAt: "2017-10-09 10:00",
    due: { kind: "days", days: 10 },
    steps: [
      { at: "2017-10-09 15:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-10-11 10:00", by: "lead", cmd: { type: "progress", note: "材料已齐全，进入审查" } },
      { at: "2017-10-17 16:00", by: "lead", cmd: { type: "finish", note: "施工许可证已核发" } },
      { at: "2017-10-19 09:30", by: "office", cmd: { type: "close" } },
    ],
  },
  {
    title: "签约项目开工率提升",
    instruction: "全市签约项目开工率偏低，请市投资促进局牵头，榆次区、太谷县、祁县政府配合，年底前开工率达到序时要求。",
    level: "KEY",
    source: "WORK",
    lead: "touzi",
    assist: ["gov.yuci", "gov.taigu", "gov.qixian"],
    assignedAt: "2017-11-13 09:00",
    due: { kind: "date", date: "2017-12-29" },
    steps: [
      { at: "2017-11-13 15:00", by: "lead", cmd: { type: "sign" } },
      { at: "2017-11-15 10:00", by: "lead", cmd: { type: "plan", note: "对未开工签约项目逐一建立台账，每周通报" } },
    ],
  },
  {
    title: "华侨城昔阳大寨文化旅游项目前期工作",
    instruction: "请昔阳县政府牵头、市发改委配合，加快华侨城大寨项目前期工作。",
    level: "NORMAL",
    source: "PROJECT",
    project: "华侨城昔阳大寨",
    lead: "gov.xiyang",
    assist: ["fagai"],
    assignedAt: "2017-11-20 08:30",
    due: { kind: "days", days: 10 },
    steps: [],
  },
];

const at = (s: string) => cst(s.slice(0, 10), Number(s.slice(11, 13)), Number(s.slice(14, 16)));

/** Writes the demo 督办事项; `now` is the demo clock's start. Returns how many. */
export async function writeSupervisions(tx: Tx, now: Date): Promise<number> {
  const cal = workCalendar();
  const units = await tx.department.findMany({
    select: { id: true, code: true, name: true, staffedBy: true, countyId: true },
  });
  const unit = (code: string) => {
    const u = units.find((x) => x.code === code);
    if (!u) throw new Error(`unknown unit ${code}`);
    return u;
  };
  const users = await tx.user.findMany({
    where: { role: { in: ["LEADER", "BUREAU", "EIC", "COUNTY", "DEPARTMENT"] } },
    select: { id: true, username: true, role: true, countyId: true, departmentId: true },
    orderBy: { id: "asc" },
  });
  const actorOf = (u: (typeof units)[number]) =>
    users.find((x) =>
      u.staffedBy === "DEPARTMENT"
        ? x.role === "DEPARTMENT" && x.departmentId === u.id
        : u.staffedBy === "COUNTY"
          ? x.role === "COUNTY" && x.countyId === u.countyId
          : x.role === u.staffedBy,
    )?.id ?? null;
  const leaderId = users.find((u) => u.username === "leader")!.id;
  const officeId = users.find((u) => u.username === "bureau")!.id;
  const cityIssue = await tx.coordinationIssue.findFirst({
    where: { level: "CITY", submittedAt: { lt: at("2017-11-02 10:00") } },
    orderBy: { id: "asc" },
    select: { id: true, title: true },
  });

  const sorted = [...ITEMS].sort((a, b) => a.assignedAt.localeCompare(b.assignedAt));
  let seq = 0;
  for (const def of sorted) {
    const assignedAt = at(def.assignedAt);
    if (assignedAt > now) continue;
    seq++;
    const d = supervisionDeadlines(assignedAt, def.due, cal);
    const lead = unit(def.lead);
    const assist = def.assist.map(unit);
    const project = def.project
      ? await tx.project.findFirst({
          where: { name: { contains: def.project } },
          orderBy: { id: "asc" },
          select: { id: true },
        })
      : null;
    const issue = def.issue ? cityIssue : null;
    // play the steps through the app's rules
    const s: SupervisionRef & Record<string, unknown> = {
      id: seq,
      state: "ASSIGNED",
      leaderId,
      ...d,
      signedAt: null,
      plannedAt: null,
      progressedAt: null,
      reportedAt: null,
      pendingDueAt: null,
      version: 1,
    };
    const state: Record<string, unknown> = { extensionCount: 0, urgeCount: 0 };
    const events: Prisma.SupervisionEventCreateManyInput[] = [
      { supervisionId: 0, kind: "ASSIGNED", actorId: leaderId, note: def.instruction, createdAt: assignedAt },
    ];
    let updatedAt = assignedAt;
    for (const step of def.steps) {
      const t = at(step.at);
      if (t > now) break;
      const actorUnit = step.by === "lead" ? lead : step.by === "assist" ? assist[0] : null;
      const plan = planSupervision(s, step.cmd, t, actorUnit?.name ?? null);
      apply(s, state, plan.patch);
      events.push({
        supervisionId: 0,
        kind: plan.event.kind,
        actorId:
          step.by === "office" ? officeId : step.by === "leader" ? leaderId : actorUnit ? actorOf(actorUnit) : null,
        departmentId: actorUnit?.id ?? null,
        note: plan.event.note,
        dueAt: plan.event.dueAt ?? null,
        createdAt: t,
      });
      updatedAt = t;
    }
    // the sweep's 催办 for every owed step that was already past its deadline
    let autoUrges = 0;
    for (const o of overdueSteps(s, now)) {
      const t = new Date(Math.min(o.dueAt.getTime() + 60_000, now.getTime()));
      events.push({
        supervisionId: 0,
        kind: "AUTO_URGED",
        step: o.step,
        note: `${SUPERVISION_STEP_LABELS[o.step]}已超过时限，系统自动催办`,
        dueAt: o.dueAt,
        dedupeKey: null,
        createdAt: t,
      });
      autoUrges++;
    }
    const created = await tx.supervision.create({
      data: {
        code: supervisionCode(2017, seq),
        title: issue && def.issue ? `企业诉求：${issue.title}`.slice(0, 120) : def.title,
        instruction: def.instruction,
        leaderId,
        level: def.level,
        source: def.issue && !issue ? "WORK" : def.source,
        projectId: project?.id ?? null,
        issueId: issue?.id ?? null,
        reportMonth: def.reportMonth ?? null,
        state: s.state,
        finishDays: def.due.kind === "days" ? def.due.days : null,
        assignedAt,
        signDueAt: s.signDueAt,
        planDueAt: s.planDueAt,
        progressDueAt: s.progressDueAt,
        finishDueAt: s.finishDueAt,
        originalDueAt: d.finishDueAt,
        signedAt: s.signedAt,
        plannedAt: s.plannedAt,
        progressedAt: s.progressedAt,
        reportedAt: s.reportedAt,
        closedAt: (state.closedAt as Date | undefined) ?? null,
        evaluatedAt: (state.evaluatedAt as Date | undefined) ?? null,
        onTime: (state.onTime as boolean | undefined) ?? null,
        rating: (state.rating as number | undefined) ?? null,
        evaluation: (state.evaluation as string | null | undefined) ?? null,
        pendingDueAt: s.pendingDueAt,
        pendingReason: (state.pendingReason as string | null | undefined) ?? null,
        extensionCount: state.extensionCount as number,
        urgeCount: (state.urgeCount as number) + autoUrges,
        latestProgress: (state.latestProgress as string | undefined) ?? null,
        latestAt: (state.latestAt as Date | undefined) ?? null,
        createdById: leaderId,
        version: 1,
        createdAt: assignedAt,
        updatedAt,
        units: {
          create: [
            { departmentId: lead.id, isLead: true },
            ...assist.map((u) => ({ departmentId: u.id, isLead: false })),
          ],
        },
      },
      select: { id: true },
    });
    await tx.supervisionEvent.createMany({
      data: events.map((e) => ({
        ...e,
        supervisionId: created.id,
        dedupeKey: e.kind === "AUTO_URGED" ? autoUrgeKey(created.id, e.step as never, e.dueAt as Date) : null,
      })),
    });
  }
  return seq;
}

/** Folds a planned patch into the running item (the seed's stand-in for the UPDATE). */
function apply(s: SupervisionRef & Record<string, unknown>, state: Record<string, unknown>, patch: SupervisionPatch) {
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === "object" && "increment" in v) {
      state[k] = ((state[k] as number) ?? 0) + (v as { increment: number }).increment;
    } else if (k in s) {
      (s as Record<string, unknown>)[k] = v;
    } else {
      state[k] = v;
    }
  }
}
