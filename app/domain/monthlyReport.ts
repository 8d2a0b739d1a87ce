// 月度通报 for the monthly 县（区、市）长例会 (report §二(三): "市政府月度县（区、市）长例会通报进展情况"): the
// report model and the tables drawn from it — pure, no I/O. One plain JSON model per month and scope feeds the
// page, the PDF and the XLSX, so the three show the same numbers by construction; a frozen month stores the model
// (report_snapshot.data) and is rendered from it, never recomputed. Money is integer 万元, shares basis points
// (1/10000), dates ISO strings; enum codes are stored and labelled when drawn. docs/decisions/043.
import { daysBetween, formatChinaDateTime, formatChineseDate, type IsoDate } from "./dates";
import { lastDayOfMonth, RAG_LABELS, type KpiCard, type KpiMetric, type Rag } from "./kpi";
import {
  ISSUE_LEVEL_LABELS,
  ISSUE_STATUS_LABELS,
  label,
  MILESTONE_LABELS,
  SOURCE_REGION_LABELS,
  STAGE_LABELS,
  TARGET_METRIC_LABELS,
} from "./labels";
import { muString, parseMu } from "./land";
import { groupThousands, wanToYiString } from "./money";
import type { MilestoneStage, ProjectStage } from "./stage";
import { SUPERVISION_STATE_LABELS, SUPERVISION_STATES, type SupervisionState } from "./supervisionLabels";

export const REPORT_ACCESS_MESSAGE = "月度通报仅供市直部门和县（区、市）查看";

/** Bumped when the model's shape changes; renderers must keep drawing the versions stored in frozen months. */
export const REPORT_MODEL_VERSION = 1;

export interface ReportKpi {
  metric: KpiMetric;
  kind: "amount" | "rate";
  /** Amounts: 万元. Rates: basis points, null without signed deals. */
  value: number | null;
  /** Rates: the exact fraction (counts, or 万元 for 资金到位率). */
  num: number | null;
  den: number | null;
  /** 万元 or basis points; null when no target is set. */
  target: number | null;
  /** value ÷ target in basis points. */
  completionBp: number | null;
  /** 序时进度 for amounts, 100 % for rates, in basis points. */
  expectedBp: number;
  rag: Rag;
}

export interface ReportCountyRow {
  countyId: number;
  name: string;
  signedCount: number;
  inflow: number;
  inflowTarget: number | null;
  inflowCompletionBp: number | null;
  landingBp: number | null;
  startBp: number | null;
  fundingBp: number | null;
  investment: number;
  investmentTarget: number | null;
  investmentCompletionBp: number | null;
  /** The ranking's weighted score × 100 (8735 = 87.35 分). */
  score: number | null;
  scoreRag: Rag;
  rank: number | null;
}

export interface ReportSigning {
  projectId: number;
  code: string;
  name: string;
  county: string;
  industry: string;
  enterprise: string | null;
  /** SOURCE_REGION code */
  source: string | null;
  signedOn: IsoDate;
  contractAmount: number;
  totalInvestment: number;
}

export interface ReportMilestone {
  projectId: number;
  code: string;
  name: string;
  county: string;
  team: string | null;
  stage: MilestoneStage;
  actualOn: IsoDate;
  evidenceNo: string | null;
}

export interface ReportLagging {
  projectId: number;
  code: string;
  name: string;
  county: string;
  team: string | null;
  /** 领办领导, joined with "、" */
  officials: string;
  isTransformation: boolean;
  /** The stage reached by the report date. */
  stage: ProjectStage;
  /** The milestone whose planned date passed longest ago without being reached. */
  lateStage: MilestoneStage;
  plannedOn: IsoDate;
  daysLate: number;
  level: "yellow" | "red";
}

export interface ReportIssue {
  issueId: number;
  code: string;
  title: string;
  enterprise: string;
  county: string;
  /** Highest coordination level during the month (CITY / PROVINCE), and the level now. */
  level: string;
  levelNow: string;
  status: string;
  clock: { color: "green" | "yellow" | "red" | "stopped"; text: string };
  owner: string;
  ageDays: number;
  lastProgress: string | null;
}

export interface ReportTeamRow {
  teamId: number;
  no: number;
  name: string;
  leader: string | null;
  projects: number;
  visits: number;
  calls: number;
  meetings: number;
  tasksDone: number;
  milestones: number;
}

/** One 主办 unit's 督办事项 in the 通报 (issue 17; the 督办台账's per-unit numbers, docs/decisions/141 and 190). */
export interface ReportSupervisionRow {
  unitId: number;
  unit: string;
  /** 督办事项 (where the unit is 主办) */
  total: number;
  /** How many are in each state (待签收, 办理中, …) */
  states: Record<SupervisionState, number>;
  /** 超期未办结: open past the 办结 deadline in force */
  overdue: number;
  /** 应办结: closed, or open past the 办结 deadline */
  due: number;
  /** 按时办结: closed with the 办结报告 by the deadline in force */
  onTime: number;
  /** 催办次数, by hand and automatic */
  urges: number;
}

/**
 * One 重点专项 in the 通报 (issue 18 §1, docs/decisions/200): its project targets against the members in the report's
 * scope at the report's date (money 万元). `rag` is the worst of its targets' (none in a county's report: a county's
 * members are measured by the programme's page, not against the whole programme's targets).
 */
export interface ReportProgramme {
  programmeId: number;
  name: string;
  projects: number;
  targetProjects: number | null;
  totalInvestment: number;
  targetTotalInvestment: number | null;
  annualInvestment: number;
  targetAnnualInvestment: number | null;
  /** 年度投资 ÷ its target, basis points. */
  annualCompletionBp: number | null;
  started: number;
  targetStarted: number | null;
  lagging: number;
  rag: Rag;
}

/**
 * 要素保障 — land-policy use in the 通报 (issue 18 §4, docs/decisions/223), one row per county in the report's scope:
 * land records supplied from 1 January to the as-of date (areas as DECIMAL strings in 亩, money 万元); `overdue`
 * counts every instalment due before the as-of date and not paid in full by it, whatever year its land was supplied.
 */
export interface ReportLandRow {
  countyId: number;
  county: string;
  records: number;
  area: string;
  /** records with an instalment schedule (分期缴纳) and their instalments' total */
  instalmentRecords: number;
  instalmentAmount: number;
  /** paid by the as-of date on those schedules */
  paid: number;
  overdue: number;
  overdueAmount: number;
  flexible: number;
  flexibleArea: string;
  /** Σ 年限 of the 弹性出让 records (the average is this ÷ `flexible`) */
  flexibleYears: number;
  leaseThenTransfer: number;
  lease: number;
  /** 用地指标 of the year, 亩; null when not set */
  quota: string | null;
}

export interface ReportLand {
  year: number;
  rows: ReportLandRow[];
}

/**
 * The 督办 section: items 交办 by the end of the report's as-of day, in the report's scope (the city: all; a county:
 * those of its government), with their state and counters as the ledger had them at `at` — when the report was
 * built or frozen, like the 13710 clocks of the coordination list.
 */
export interface ReportSupervision {
  /** When the ledger was read (ISO instant) */
  at: string;
  rows: ReportSupervisionRow[];
  total: Omit<ReportSupervisionRow, "unitId" | "unit">;
  /** 延期待审批 */
  pending: number;
}

export interface MonthlyReport {
  version: number;
  year: number;
  month: number;
  /** The report's "as of" date: the month's last day, or today while the month is still running. */
  asOf: IsoDate;
  complete: boolean;
  scope: { countyId: number | null; name: string };
  generatedAt: string;
  pace: { elapsed: number; total: number };
  kpis: ReportKpi[];
  counties: { rows: ReportCountyRow[]; ranked: number; total: ReportCountyRow | null };
  signings: ReportSigning[];
  /** Milestones after signing (落地 … 竣工投产) reached in the month; signings are listed in `signings`. */
  milestones: ReportMilestone[];
  lagging: ReportLagging[];
  issues: { rows: ReportIssue[]; resolved: number; onTime: number; confirmed: number; satisfied: number };
  teams: ReportTeamRow[];
  /** 督办 (issue 17); absent in months frozen before the section existed */
  supervision?: ReportSupervision;
  /** 重点专项 (issue 18 §1, docs/decisions/200); absent in months frozen before the section existed */
  programmes?: ReportProgramme[];
  /** 要素保障 — land (issue 18 §4, docs/decisions/223); absent in months frozen before the section existed */
  land?: ReportLand;
}

// ---------------------------------------------------------------------------------------------------------------
// Months

export interface ReportMonth {
  year: number;
  month: number;
}

export const monthKey = (m: ReportMonth) => `${m.year}-${String(m.month).padStart(2, "0")}`;
export const monthTitle = (m: ReportMonth) => `${m.year}年${m.month}月`;

/** "2017-11" → { 2017, 11 }; anything else → null. */
export function parseReportMonth(s: string | null | undefined): ReportMonth | null {
  const m = s ? /^(\d{4})-(\d{2})$/.exec(s) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? { year, month } : null;
}

/**
 * The month a report opens on: the last complete month of the latest plan year with targets (the demo's 2017 →
 * 2017-12); while that year runs, the month before today's (January of it while January runs: nothing closed yet).
 */
export function defaultReportMonth(yearsNewestFirst: readonly number[], today: IsoDate): ReportMonth {
  const thisYear = Number(today.slice(0, 4));
  const year = yearsNewestFirst.find((y) => y <= thisYear) ?? yearsNewestFirst[0] ?? thisYear;
  if (year < thisYear) return { year, month: 12 };
  if (year > thisYear) return { year, month: 1 };
  const month = Number(today.slice(5, 7));
  return { year, month: Math.max(1, month - 1) };
}

/** The month asked for, or the default when it is missing, malformed or has not begun yet. */
export function resolveReportMonth(asked: string | null | undefined, fallback: ReportMonth, today: IsoDate) {
  const m = parseReportMonth(asked);
  if (!m) return { ...fallback, notice: asked ? "月份格式不正确，已显示默认月份" : null };
  if (`${monthKey(m)}-01` > today) return { ...fallback, notice: `${monthTitle(m)}尚未开始，已显示默认月份` };
  return { ...m, notice: null };
}

/** The date a month's report is as of (its last day, or today while it runs) and whether it has closed. */
export function reportPeriod(m: ReportMonth, today: IsoDate): { asOf: IsoDate; complete: boolean; from: IsoDate } {
  const end = lastDayOfMonth(m.year, m.month);
  return { from: `${monthKey(m)}-01`, asOf: end < today ? end : today, complete: end < today };
}

/** A month can be frozen once it has ended (today is after its last day). */
export function canFreezeMonth(m: ReportMonth, today: IsoDate): boolean {
  return lastDayOfMonth(m.year, m.month) < today;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** round(num × scale / den) exactly (half away from zero), null for a zero denominator. */
export function ratio(num: number, den: number, scale = 10_000): number | null {
  if (den === 0) return null;
  const n = BigInt(num) * BigInt(scale);
  const d = BigInt(den);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return Number(neg ? -q : q);
}

/** A KPI card (kpi.ts) as the report stores it: integers only, RAG as the exact calculation judged it. */
export function toReportKpi(card: KpiCard, pace: { elapsed: number; total: number }): ReportKpi {
  const target = card.target;
  if (card.kind === "amount") {
    const value = card.value ?? 0;
    return {
      metric: card.metric,
      kind: "amount",
      value,
      num: null,
      den: null,
      target,
      completionBp: target ? ratio(value, target) : null,
      expectedBp: ratio(pace.elapsed, pace.total)!,
      rag: card.rag,
    };
  }
  const f = card.fraction!;
  return {
    metric: card.metric,
    kind: "rate",
    value: ratio(f.num, f.den),
    num: f.num,
    den: f.den,
    target,
    // (num / den) ÷ (target / 10000), in basis points
    completionBp: target && f.den ? ratio(f.num, f.den * target, 100_000_000) : null,
    expectedBp: 10_000,
    rag: card.rag,
  };
}

export interface KpiDelta {
  metric: KpiMetric;
  /** Change of the value: 万元 for amounts, basis points (percentage points × 100) for rates. */
  value: number | null;
}

/** Each KPI against the same KPI of an earlier (frozen) report; null where either side has no value. */
export function kpiDeltas(current: readonly ReportKpi[], previous: readonly ReportKpi[] | null): KpiDelta[] | null {
  if (!previous) return null;
  return current.map((k) => {
    const p = previous.find((x) => x.metric === k.metric);
    return { metric: k.metric, value: p && p.value !== null && k.value !== null ? k.value - p.value : null };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Cells and tables: what the page, the PDF and the XLSX draw

export type ReportCell =
  | null
  | { t: "text"; v: string }
  /** integer 万元; `unit` adds "万元" (mixed columns), `signed` a "+" (changes) */
  | { t: "wan"; v: number; unit?: boolean; signed?: boolean }
  /** basis points, shown as a percentage with two decimals */
  | { t: "bp"; v: number }
  /** a change in basis points, shown in percentage points */
  | { t: "pp"; v: number }
  | { t: "int"; v: number; unit?: string }
  | { t: "date"; v: IsoDate }
  /** the ranking score × 100 */
  | { t: "score"; v: number }
  | { t: "rag"; v: Rag; text: string };

const text = (v: string | null | undefined): ReportCell => (v ? { t: "text", v } : null);
const wan = (v: number | null, opts: { unit?: boolean; signed?: boolean } = {}): ReportCell =>
  v === null ? null : { t: "wan", v, ...opts };
const bp = (v: number | null): ReportCell => (v === null ? null : { t: "bp", v });
const int = (v: number, unit?: string): ReportCell => ({ t: "int", v, ...(unit ? { unit } : {}) });

/** "58.75%" from 5875 basis points (exact: integer division of the stored integer). */
export function formatBp(v: number): string {
  const neg = v < 0;
  const a = Math.abs(v);
  return `${neg ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}%`;
}

function signedText(v: number, body: string): string {
  return v > 0 ? `+${body}` : body;
}

/** The text of a cell, the same on the page and in the PDF; "—" for no value. */
export function formatCell(c: ReportCell): string {
  if (c === null) return "—";
  switch (c.t) {
    case "text":
      return c.v;
    case "wan": {
      const body = `${c.v < 0 ? "-" : ""}${groupThousands(String(Math.abs(c.v)))}${c.unit ? "万元" : ""}`;
      return c.signed ? signedText(c.v, body) : body;
    }
    case "bp":
      return formatBp(c.v);
    case "pp":
      return signedText(c.v, `${formatBp(c.v).replace("%", "")}个百分点`);
    case "int":
      return `${groupThousands(String(c.v))}${c.unit ?? ""}`;
    case "date":
      return c.v;
    case "score":
      return `${Math.floor(c.v / 100)}.${String(c.v % 100).padStart(2, "0")}`;
    case "rag":
      return c.text;
  }
}

export interface ReportColumn {
  header: string;
  /** Relative width in the PDF (and ×2 the Excel column width). */
  width: number;
  /** Right-aligned (numbers, and "—" in their place). */
  numeric?: boolean;
  /** Short values kept on one line on the page (dates, codes, statuses). */
  nowrap?: boolean;
  /** Names and descriptions that need room on the page. */
  wide?: boolean;
}

export interface ReportRow {
  cells: ReportCell[];
  /** Where the row's first cell links to on the page. */
  href?: string;
  total?: boolean;
}

export interface ReportTable {
  key:
    | "kpis"
    | "counties"
    | "signings"
    | "milestones"
    | "lagging"
    | "issues"
    | "teams"
    | "supervision"
    | "programmes"
    | "land";
  /** Section heading ("一、主要指标完成情况"). */
  title: string;
  /** Worksheet name in the XLSX. */
  sheet: string;
  caption: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Shown instead of the table when it has no rows. */
  empty: string;
  /** A sentence under the heading (totals, counts). */
  lead: string;
  note?: string;
}

const RATE_RAG_LABELS: Record<Rag, string> = {
  green: "达到目标",
  yellow: "低于目标",
  red: "明显低于目标",
  none: "暂无数据",
};
export const ragLabel = (kind: "amount" | "rate", rag: Rag) =>
  kind === "rate" ? RATE_RAG_LABELS[rag] : RAG_LABELS[rag];
const LAG_LABELS = { yellow: "滞后", red: "严重滞后" } as const;

const CN_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"];

const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

function kpiTable(r: MonthlyReport, deltas: KpiDelta[] | null, deltaLabel: string | null): Omit<ReportTable, "title"> {
  const columns: ReportColumn[] = [
    { header: "指标", width: 3 },
    { header: "截至月末完成", width: 3.2, numeric: true },
    { header: "年度目标", width: 2.6, numeric: true },
    { header: "完成目标", width: 1.8, numeric: true },
    { header: "序时进度/应达", width: 2, numeric: true },
    { header: "状态", width: 2.2, nowrap: true },
  ];
  if (deltas) columns.push({ header: `较${deltaLabel ?? "上次冻结"}`, width: 2.6, numeric: true });
  const rows = r.kpis.map((k): ReportRow => {
    const d = deltas?.find((x) => x.metric === k.metric)?.value ?? null;
    const cells: ReportCell[] = [
      text(TARGET_METRIC_LABELS[k.metric]),
      k.kind === "amount" ? wan(k.value, { unit: true }) : bp(k.value),
      k.kind === "amount" ? wan(k.target, { unit: true }) : bp(k.target),
      bp(k.completionBp),
      bp(k.expectedBp),
      { t: "rag", v: k.rag, text: ragLabel(k.kind, k.rag) },
    ];
    if (deltas)
      cells.push(d === null ? null : k.kind === "amount" ? wan(d, { unit: true, signed: true }) : { t: "pp", v: d });
    return { cells };
  });
  const inflow = r.kpis.find((k) => k.metric === "INFLOW_AMOUNT");
  return {
    key: "kpis",
    sheet: "主要指标",
    caption: `${r.scope.name}主要指标完成情况`,
    columns,
    rows,
    empty: "暂无指标数据。",
    lead: `截至${formatChineseDate(r.asOf)}，序时进度 ${formatBp(ratio(r.pace.elapsed, r.pace.total)!)}（${r.pace.elapsed}/${r.pace.total} 天）。${
      inflow ? `引资总额 ${wanToYiString(inflow.value ?? 0, 2)}亿元。` : ""
    }`,
    note: "金额为整数万元；落地率、开工率按签约项目个数计，资金到位率按金额计。金额指标对照序时进度，比率指标对照年度目标：落后 10 个百分点以内为达到，10–30 个百分点为落后，超过 30 个百分点为严重落后。",
  };
}

function countyTable(r: MonthlyReport): Omit<ReportTable, "title"> {
  const row = (c: ReportCountyRow, total = false): ReportRow => ({
    total,
    cells: [
      text(c.name),
      int(c.signedCount),
      wan(c.inflow),
      bp(c.inflowCompletionBp),
      bp(c.landingBp),
      bp(c.startBp),
      bp(c.fundingBp),
      wan(c.investment),
      bp(c.investmentCompletionBp),
      c.score === null ? null : { t: "score", v: c.score },
      c.rank === null ? null : int(c.rank),
    ],
  });
  const rows = r.counties.rows.map((c) => row(c));
  if (r.counties.total) rows.push(row(r.counties.total, true));
  const single = r.scope.countyId !== null;
  return {
    key: "counties",
    sheet: "各县区推进情况",
    caption: single ? `${r.scope.name}推进情况及考核排名` : "各县（区、市）推进情况",
    columns: [
      { header: "县（区、市）", width: 3 },
      { header: "签约项目（个）", width: 1.6, numeric: true },
      { header: "引资总额（万元）", width: 2.6, numeric: true },
      { header: "完成目标", width: 1.8, numeric: true },
      { header: "落地率", width: 1.7, numeric: true },
      { header: "开工率", width: 1.7, numeric: true },
      { header: "资金到位率", width: 1.8, numeric: true },
      { header: "转型项目完成投资（万元）", width: 2.6, numeric: true },
      { header: "完成目标", width: 1.8, numeric: true },
      { header: "综合得分", width: 1.6, numeric: true },
      { header: "排名", width: 1.1, numeric: true },
    ],
    rows,
    empty: "暂无县（区、市）数据。",
    lead: single
      ? `对照本县（区、市）年度目标；考核排名在 ${r.counties.ranked} 个参与排名的县（区、市）中计算。`
      : `各县（区、市）对照各自年度目标；${r.counties.ranked} 个县（区、市）参与考核排名。`,
    note: "综合得分：各指标完成目标与序时（应达）进度之比，按投资促进局设定的权重加权，单项最高计 120%；排名按得分由高到低。",
  };
}

function signingsTable(r: MonthlyReport): Omit<ReportTable, "title"> {
  const amount = sum(r.signings, (s) => s.contractAmount);
  return {
    key: "signings",
    sheet: "本月新签约项目",
    caption: `${monthTitle(r)}新签约项目`,
    columns: [
      { header: "签约日期", width: 2, nowrap: true },
      { header: "项目", width: 5, wide: true },
      { header: "县（区、市）", width: 2 },
      { header: "产业", width: 2 },
      { header: "投资企业", width: 4 },
      { header: "来源地", width: 1.6 },
      { header: "签约额（万元）", width: 2.2, numeric: true },
    ],
    rows: [
      ...r.signings.map((s) => ({
        href: `/projects/${s.projectId}`,
        cells: [
          { t: "date", v: s.signedOn },
          text(s.name),
          text(s.county),
          text(s.industry),
          text(s.enterprise),
          text(s.source ? label(SOURCE_REGION_LABELS, s.source) : null),
          wan(s.contractAmount),
        ] as ReportCell[],
      })),
      ...(r.signings.length
        ? [{ total: true, cells: [text("合计"), int(r.signings.length, " 个"), null, null, null, null, wan(amount)] }]
        : []),
    ],
    empty: "本月没有新签约的招商引资项目。",
    lead: `本月新签约招商引资项目 ${r.signings.length} 个，签约额 ${groupThousands(String(amount))} 万元。`,
  };
}

function milestonesTable(r: MonthlyReport): Omit<ReportTable, "title"> {
  const counts = (["LAND", "FUNDING", "STARTED", "COMPLETED"] as const)
    .map((s) => `${MILESTONE_LABELS[s]} ${r.milestones.filter((m) => m.stage === s).length} 个`)
    .join("、");
  return {
    key: "milestones",
    sheet: "本月节点推进",
    caption: `${monthTitle(r)}项目节点推进`,
    columns: [
      { header: "日期", width: 2, nowrap: true },
      { header: "项目", width: 5.4, wide: true },
      { header: "县（区、市）", width: 2 },
      { header: "节点", width: 2, nowrap: true },
      { header: "服务小组", width: 3.2 },
      { header: "凭证编号", width: 3.4 },
    ],
    rows: r.milestones.map((m) => ({
      href: `/projects/${m.projectId}`,
      cells: [
        { t: "date", v: m.actualOn },
        text(m.name),
        text(m.county),
        text(MILESTONE_LABELS[m.stage]),
        text(m.team),
        text(m.evidenceNo),
      ],
    })),
    empty: "本月没有项目达到落地、资金到位、开工或竣工投产节点。",
    lead: `本月达到的项目节点：${counts}（签约项目见上节）。`,
  };
}

function laggingTable(r: MonthlyReport): Omit<ReportTable, "title"> {
  const red = r.lagging.filter((l) => l.level === "red").length;
  return {
    key: "lagging",
    sheet: "滞后项目",
    caption: `截至${formatChineseDate(r.asOf)}滞后项目`,
    columns: [
      { header: "项目", width: 5, wide: true },
      { header: "县（区、市）", width: 2 },
      { header: "当前进度", width: 1.8 },
      { header: "滞后节点", width: 2 },
      { header: "计划日期", width: 2, nowrap: true },
      { header: "逾期（天）", width: 1.6, numeric: true },
      { header: "程度", width: 1.7, nowrap: true },
      { header: "领办领导", width: 2.8 },
      { header: "服务小组", width: 2.8 },
    ],
    rows: r.lagging.map((l) => ({
      href: `/projects/${l.projectId}`,
      cells: [
        text(`${l.name}${l.isTransformation ? "（转型）" : ""}`),
        text(l.county),
        text(STAGE_LABELS[l.stage]),
        text(MILESTONE_LABELS[l.lateStage]),
        { t: "date", v: l.plannedOn },
        int(l.daysLate),
        { t: "rag", v: l.level, text: LAG_LABELS[l.level] },
        text(l.officials),
        text(l.team),
      ],
    })),
    empty: "没有滞后的年度计划项目。",
    lead: `年度计划项目中滞后 ${r.lagging.length} 个，其中严重滞后（计划节点逾期 3 个月以上）${red} 个、滞后（逾期 1–3 个月）${r.lagging.length - red} 个。`,
  };
}

function issuesTable(r: MonthlyReport): Omit<ReportTable, "title"> {
  const i = r.issues;
  const province = i.rows.filter((x) => x.level === "PROVINCE").length;
  const overdue = i.rows.filter((x) => x.clock.color === "red").length;
  return {
    key: "issues",
    sheet: "协调问题清单",
    caption: `${monthTitle(r)}需市级/省级协调问题清单`,
    columns: [
      { header: "编号", width: 2.2, nowrap: true },
      { header: "问题", width: 4.6, wide: true },
      { header: "企业", width: 3.2 },
      { header: "县（区、市）", width: 1.8 },
      { header: "协调层级", width: 1.5, nowrap: true },
      { header: "状态", width: 1.6, nowrap: true },
      { header: "13710 时限", width: 2.8, nowrap: true },
      { header: "责任单位/办理人", width: 3.4 },
      { header: "历时（天）", width: 1.5, numeric: true },
      { header: "最新进展", width: 4.4, wide: true },
    ],
    rows: i.rows.map((x) => ({
      href: `/issues/${x.issueId}`,
      cells: [
        text(x.code),
        text(x.title),
        text(x.enterprise),
        text(x.county),
        text(
          `${label(ISSUE_LEVEL_LABELS, x.level)}${x.levelNow !== x.level ? `（现${label(ISSUE_LEVEL_LABELS, x.levelNow)}）` : ""}`,
        ),
        text(label(ISSUE_STATUS_LABELS, x.status)),
        x.clock.color === "stopped" ? text(x.clock.text) : { t: "rag", v: x.clock.color, text: x.clock.text },
        text(x.owner),
        int(x.ageDays),
        text(x.lastProgress),
      ],
    })),
    empty: "本月没有需市级或省级协调的问题。",
    lead: `本月需市级/省级协调问题 ${i.rows.length} 件（省级 ${province} 件），其中 13710 时限已超 ${overdue} 件；本月办结 ${i.resolved} 件，按时办结 ${i.onTime} 件（按时办结率 ${
      i.resolved ? formatBp(ratio(i.onTime, i.resolved)!) : "—"
    }），企业确认 ${i.confirmed} 件，满意 ${i.satisfied} 件（满意率 ${i.confirmed ? formatBp(ratio(i.satisfied, i.confirmed)!) : "—"}）。`,
    note: "13710 时限为冻结（或生成）时的办理状态；办结率、满意率统计本月内办结或企业确认的全部诉求。",
  };
}

function teamsTable(r: MonthlyReport): Omit<ReportTable, "title"> {
  const t = r.teams;
  const totals = [
    sum(t, (x) => x.projects),
    sum(t, (x) => x.visits),
    sum(t, (x) => x.calls),
    sum(t, (x) => x.meetings),
    sum(t, (x) => x.tasksDone),
    sum(t, (x) => x.milestones),
  ];
  const idle = t.filter((x) => x.visits + x.calls + x.meetings + x.tasksDone + x.milestones === 0).length;
  return {
    key: "teams",
    sheet: "服务小组工作",
    caption: `${monthTitle(r)}专业化服务小组工作情况`,
    columns: [
      { header: "服务小组", width: 4.2 },
      { header: "组长", width: 1.8 },
      { header: "服务项目（个）", width: 1.8, numeric: true },
      { header: "走访", width: 1.2, numeric: true },
      { header: "电话", width: 1.2, numeric: true },
      { header: "会议", width: 1.2, numeric: true },
      { header: "办结代办事项", width: 1.8, numeric: true },
      { header: "推进节点", width: 1.5, numeric: true },
    ],
    rows: [
      ...t.map((x) => ({
        cells: [
          text(x.name),
          text(x.leader),
          int(x.projects),
          int(x.visits),
          int(x.calls),
          int(x.meetings),
          int(x.tasksDone),
          int(x.milestones),
        ],
      })),
      ...(t.length ? [{ total: true, cells: [text("合计"), null, ...totals.map((n) => int(n))] }] : []),
    ],
    empty: "没有服务小组负责本范围内的项目。",
    lead: `${t.length} 个服务小组本月走访 ${totals[1]} 次、电话 ${totals[2]} 次、会议 ${totals[3]} 次，办结代办事项 ${totals[4]} 件，服务项目达到节点 ${totals[5]} 个${
      idle ? `；${idle} 个小组本月无工作记录` : ""
    }。`,
  };
}

/** 八、领导批示督办事项办理情况: per 主办 unit, the state counts, 超期, 按时办结率 and 催办次数 of the ledger. */
function supervisionTable(r: MonthlyReport, s: ReportSupervision): Omit<ReportTable, "title"> {
  const row = (x: Omit<ReportSupervisionRow, "unitId" | "unit">, name: string): ReportCell[] => [
    text(name),
    int(x.total),
    ...SUPERVISION_STATES.map((st) => int(x.states[st])),
    int(x.overdue),
    int(x.due),
    int(x.onTime),
    bp(ratio(x.onTime, x.due)),
    int(x.urges),
  ];
  const t = s.total;
  const states = SUPERVISION_STATES.filter((st) => t.states[st])
    .map((st) => `${SUPERVISION_STATE_LABELS[st]} ${t.states[st]} 项`)
    .join("、");
  return {
    key: "supervision",
    sheet: "督办事项办理情况",
    caption: `截至${formatChineseDate(r.asOf)}交办的领导批示督办事项办理情况（按主办单位）`,
    columns: [
      { header: "主办单位", width: 3.6 },
      { header: "督办事项", width: 1.3, numeric: true },
      ...SUPERVISION_STATES.map((st) => ({ header: SUPERVISION_STATE_LABELS[st], width: 1.3, numeric: true })),
      { header: "超期未办结", width: 1.3, numeric: true },
      { header: "应办结", width: 1.2, numeric: true },
      { header: "按时办结", width: 1.2, numeric: true },
      { header: "按时办结率", width: 1.6, numeric: true },
      { header: "催办次数", width: 1.2, numeric: true },
    ],
    rows: [
      ...s.rows.map((x) => ({ href: `/supervision?unit=${x.unitId}`, cells: row(x, x.unit) })),
      ...(s.rows.length ? [{ total: true, cells: row(t, "合计") }] : []),
    ],
    empty: "截至本月末没有交办的督办事项。",
    lead: `截至${formatChineseDate(r.asOf)}交办的督办事项 ${t.total} 项${states ? `（${states}）` : ""}，超期未办结 ${t.overdue} 项，延期待审批 ${s.pending} 项；应办结 ${t.due} 项，按时办结 ${t.onTime} 项（按时办结率 ${
      t.due ? formatBp(ratio(t.onTime, t.due)!) : "—"
    }），累计催办 ${t.urges} 次。办理状态为 ${formatChinaDateTime(s.at)} 督办台账的数字。`,
    note: "应办结：已销号，或已过办结时限仍未办结；按时办结：办结报告在办结时限（含批准的延期）内报送并已销号；催办含人工催办和超期自动催办。",
  };
}

/** 重点专项推进情况: each programme's members, 总投资, 年度投资 and 开工 against its targets, and its lagging members. */
function programmesTable(r: MonthlyReport, ps: readonly ReportProgramme[]): Omit<ReportTable, "title"> {
  const county = r.scope.countyId !== null;
  const behind = ps.filter((p) => p.rag === "yellow" || p.rag === "red").length;
  return {
    key: "programmes",
    sheet: "重点专项",
    caption: `截至${formatChineseDate(r.asOf)}重点专项推进情况`,
    columns: [
      { header: "重点专项", width: 3.6, wide: true },
      { header: "成员项目（个）", width: 1.5, numeric: true },
      { header: "目标（个）", width: 1.3, numeric: true },
      { header: "总投资（万元）", width: 2.2, numeric: true },
      { header: "目标总投资（万元）", width: 2.2, numeric: true },
      { header: "年度投资（万元）", width: 2.2, numeric: true },
      { header: "年度目标（万元）", width: 2.2, numeric: true },
      { header: "完成年度目标", width: 1.6, numeric: true },
      { header: "开工项目（个）", width: 1.5, numeric: true },
      { header: "目标开工（个）", width: 1.5, numeric: true },
      { header: "滞后项目（个）", width: 1.5, numeric: true },
      { header: "状态", width: 2, nowrap: true },
    ],
    rows: ps.map((p) => ({
      href: `/programmes/${p.programmeId}`,
      cells: [
        text(p.name),
        int(p.projects),
        p.targetProjects === null ? null : int(p.targetProjects),
        wan(p.totalInvestment),
        wan(p.targetTotalInvestment),
        wan(p.annualInvestment),
        wan(p.targetAnnualInvestment),
        bp(p.annualCompletionBp),
        int(p.started),
        p.targetStarted === null ? null : int(p.targetStarted),
        int(p.lagging),
        county ? text("仅本辖区成员") : { t: "rag", v: p.rag, text: RAG_LABELS[p.rag] },
      ],
    })),
    empty: "没有重点专项。",
    lead: county
      ? `${r.scope.name}在 ${ps.filter((p) => p.projects > 0).length} 个重点专项中有成员项目 ${sum(ps, (p) => p.projects)} 个；专项目标为全市整体目标。`
      : `${ps.length} 个重点专项，成员项目 ${sum(ps, (p) => p.projects)} 个（可重复计入），${behind} 个专项有目标落后于序时进度。`,
    note: "项目个数、总投资对照专项整体目标；年度投资为成员项目本年已结束月份的投资月报，对照本年序时进度；开工项目对照专项期限的序时进度。",
  };
}

/** Σ of 亩 given as DECIMAL strings with two places, exact (in hundredths, as the land module keeps them). */
const sumMuText = (values: readonly string[]): string => muString(values.reduce((a, v) => a + (parseMu(v) ?? 0), 0));

/** Average 年限 to one decimal, as text ("30", "27.5"). */
const avgYears = (sumYears: number, n: number) => (n ? String(Math.round((sumYears * 10) / n) / 10) : null);

/** 要素保障: 分期缴纳, 弹性出让, 先租后让 and 租赁 by county, and the 用地指标 used. */
function landTable(r: MonthlyReport, land: ReportLand): Omit<ReportTable, "title"> {
  const rows = land.rows;
  const total: ReportLandRow = {
    countyId: 0,
    county: "合计",
    records: sum(rows, (x) => x.records),
    area: sumMuText(rows.map((x) => x.area)),
    instalmentRecords: sum(rows, (x) => x.instalmentRecords),
    instalmentAmount: sum(rows, (x) => x.instalmentAmount),
    paid: sum(rows, (x) => x.paid),
    overdue: sum(rows, (x) => x.overdue),
    overdueAmount: sum(rows, (x) => x.overdueAmount),
    flexible: sum(rows, (x) => x.flexible),
    flexibleArea: sumMuText(rows.map((x) => x.flexibleArea)),
    flexibleYears: sum(rows, (x) => x.flexibleYears),
    leaseThenTransfer: sum(rows, (x) => x.leaseThenTransfer),
    lease: sum(rows, (x) => x.lease),
    quota: rows.some((x) => x.quota !== null) ? sumMuText(rows.map((x) => x.quota ?? "0.00")) : null,
  };
  const line = (x: ReportLandRow) => ({
    ...(x.countyId ? {} : { total: true }),
    cells: [
      text(x.county),
      int(x.records),
      text(x.area),
      int(x.instalmentRecords),
      wan(x.instalmentAmount),
      wan(x.paid),
      int(x.overdue),
      wan(x.overdueAmount),
      int(x.flexible),
      text(x.flexibleArea),
      text(avgYears(x.flexibleYears, x.flexible)),
      int(x.leaseThenTransfer),
      int(x.lease),
      text(x.quota),
    ],
  });
  return {
    key: "land",
    sheet: "要素保障",
    caption: `${land.year}年1月1日至${formatChineseDate(r.asOf)}土地要素保障政策落实情况`,
    columns: [
      { header: "县区", width: 2.2, wide: true },
      { header: "供地（宗）", width: 1.3, numeric: true },
      { header: "供地面积（亩）", width: 1.8, numeric: true },
      { header: "分期缴纳（宗）", width: 1.5, numeric: true },
      { header: "分期金额（万元）", width: 1.9, numeric: true },
      { header: "已缴（万元）", width: 1.8, numeric: true },
      { header: "逾期（期）", width: 1.2, numeric: true },
      { header: "逾期未缴（万元）", width: 1.9, numeric: true },
      { header: "弹性出让（宗）", width: 1.5, numeric: true },
      { header: "弹性出让面积（亩）", width: 1.9, numeric: true },
      { header: "平均年限（年）", width: 1.5, numeric: true },
      { header: "先租后让（宗）", width: 1.5, numeric: true },
      { header: "租赁（宗）", width: 1.3, numeric: true },
      { header: "用地指标（亩）", width: 1.8, numeric: true },
    ],
    rows: [...rows.map(line), ...(rows.length > 1 ? [line(total)] : [])],
    empty: "没有县区。",
    lead: `${land.year}年以来供地 ${total.records} 宗、${total.area} 亩；出让金分期缴纳 ${total.instalmentRecords} 宗、${total.instalmentAmount} 万元，已缴 ${total.paid} 万元，逾期 ${total.overdue} 期、${total.overdueAmount} 万元；工业用地弹性出让 ${total.flexible} 宗、${total.flexibleArea} 亩${total.flexible ? `，平均 ${avgYears(total.flexibleYears, total.flexible)} 年` : ""}；先租后让 ${total.leaseThenTransfer} 宗，租赁 ${total.lease} 宗。`,
    note: "供地按供地日期计入本年；逾期为应缴日期早于统计日且截至统计日未缴清的分期（不论供地年份）；用地指标的已用数即本年供地面积。",
  };
}

/** The report's sections in order, numbered 一、二、… as in a printed 通报. */
export function reportTables(
  r: MonthlyReport,
  deltas: KpiDelta[] | null = null,
  deltaLabel: string | null = null,
): ReportTable[] {
  const parts: [string, Omit<ReportTable, "title">][] = [
    ["主要指标完成情况", kpiTable(r, deltas, deltaLabel)],
    [r.scope.countyId === null ? "各县（区、市）推进情况" : "推进情况及考核排名", countyTable(r)],
    ["本月新签约项目", signingsTable(r)],
    ["本月项目节点推进", milestonesTable(r)],
    ["滞后项目", laggingTable(r)],
    ["需市级/省级协调问题及 13710 办理情况", issuesTable(r)],
    ["专业化服务小组工作情况", teamsTable(r)],
  ];
  if (r.supervision) parts.push(["领导批示督办事项办理情况", supervisionTable(r, r.supervision)]);
  if (r.programmes) parts.push(["重点专项推进情况", programmesTable(r, r.programmes)]);
  if (r.land) parts.push(["土地要素保障情况", landTable(r, r.land)]);
  return parts.map(([title, t], i) => ({ ...t, title: `${CN_NUMBERS[i]}、${title}` }));
}

/** The report's title: "晋中市2017年11月招商引资与转型项目推进情况通报" (or a county's). */
export function reportTitle(r: Pick<MonthlyReport, "year" | "month" | "scope">): string {
  return `${r.scope.countyId === null ? "晋中市" : r.scope.name}${monthTitle(r)}招商引资与转型项目推进情况通报`;
}

/** The opening paragraph of the 通报: the month in one sentence per theme, from the same numbers as the tables. */
export function reportSummary(r: MonthlyReport): string {
  const k = (m: KpiMetric) => r.kpis.find((x) => x.metric === m)!;
  const amount = (x: ReportKpi) =>
    `${wanToYiString(x.value ?? 0, 2)}亿元${x.completionBp !== null ? `，完成年度目标的 ${formatBp(x.completionBp)}` : ""}`;
  const rate = (x: ReportKpi) => (x.value === null ? "—" : formatBp(x.value));
  const where = r.scope.countyId === null ? "全市" : r.scope.name;
  const red = r.lagging.filter((l) => l.level === "red").length;
  return [
    `截至${formatChineseDate(r.asOf)}（序时进度 ${formatBp(ratio(r.pace.elapsed, r.pace.total)!)}），${where}引资总额 ${amount(k("INFLOW_AMOUNT"))}；`,
    `签约项目落地率 ${rate(k("LANDING_RATE"))}、开工率 ${rate(k("START_RATE"))}，资金到位率 ${rate(k("FUNDING_RATE"))}；`,
    `转型项目完成投资 ${amount(k("TRANSFORMATION_INVESTMENT"))}。`,
    `本月新签约项目 ${r.signings.length} 个、签约额 ${groupThousands(String(sum(r.signings, (s) => s.contractAmount)))} 万元，`,
    `${r.milestones.length} 个项目节点取得进展；滞后项目 ${r.lagging.length} 个（严重滞后 ${red} 个）；`,
    `需市级/省级协调问题 ${r.issues.rows.length} 件。`,
  ].join("");
}

/** Whole days a planned date is overdue at D. */
export function daysLate(plannedOn: IsoDate, asOf: IsoDate): number {
  return Math.max(0, daysBetween(plannedOn, asOf));
}

/** "已冻结：2017-12-05 10:20 由 张三" or, for a month not frozen, when the numbers were computed. */
export function reportStatusLine(
  r: Pick<MonthlyReport, "generatedAt" | "complete">,
  frozen: { at: string; by: string } | null,
): string {
  if (frozen) return `已冻结：${formatChinaDateTime(frozen.at)} 由 ${frozen.by} 冻结，此后数据变化不影响本通报`;
  return `实时数据（未冻结），生成于 ${formatChinaDateTime(r.generatedAt)}${r.complete ? "" : "；本月尚未结束，数字截至今日"}`;
}

/** "统计范围：全市 · 截至2017年11月30日 · 序时进度 91.51%" */
export function reportScopeLine(r: Pick<MonthlyReport, "scope" | "asOf" | "pace">): string {
  return `统计范围：${r.scope.name} · 截至${formatChineseDate(r.asOf)} · 序时进度 ${formatBp(ratio(r.pace.elapsed, r.pace.total)!)}（${r.pace.elapsed}/${r.pace.total} 天）`;
}
