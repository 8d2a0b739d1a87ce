// 重点专项 (issue 18 §1, docs/decisions/200): a programme's targets against its members' actuals, with 序时进度 and
// RAG judged by the dashboard's rule (kpi.ts ragFor), and the forms that keep programmes and their members. Pure and
// browser-safe (zod/mini): the page, the monthly 通报 and the actions share it.
//
// What each target is held to at D:
//   项目个数, 总投资, 优势企业个数, 总产值 — the programme's size: the members now, expected 100 % at every date;
//   年度投资 — Σ the members' monthly investment records of D's year (months ended by D), against 序时进度 of the year;
//   开工项目 — members that had started by D, against the elapsed share of the programme's period (100 % when open).
import * as z from "zod/mini";
import { daysBetween, type IsoDate } from "./dates";
import { pacePercent, ragFor, type Rag } from "./kpi";
import { isoDate, optionalIsoDate, optionalText, optionalWanAmount, requiredText, versionField } from "./formFields";

export const PROGRAMME_METRICS = [
  "PROJECTS",
  "TOTAL_INVESTMENT",
  "ANNUAL_INVESTMENT",
  "STARTED",
  "ENTERPRISES",
  "OUTPUT",
] as const;
export type ProgrammeMetric = (typeof PROGRAMME_METRICS)[number];

export const PROGRAMME_METRIC_LABELS: Record<ProgrammeMetric, string> = {
  PROJECTS: "项目个数",
  TOTAL_INVESTMENT: "总投资",
  ANNUAL_INVESTMENT: "年度投资",
  STARTED: "开工项目",
  ENTERPRISES: "优势企业",
  OUTPUT: "总产值",
};

/** Amount metrics are integer 万元; the others are counts. */
export function isProgrammeAmount(m: ProgrammeMetric): boolean {
  return m === "TOTAL_INVESTMENT" || m === "ANNUAL_INVESTMENT" || m === "OUTPUT";
}

export type ProgrammeTargets = Record<ProgrammeMetric, number | null>;
export type ProgrammeActuals = Record<ProgrammeMetric, number>;

/** The target columns of `programme`, by metric (the form's field names too). */
export const TARGET_FIELDS: Record<ProgrammeMetric, string> = {
  PROJECTS: "targetProjects",
  TOTAL_INVESTMENT: "targetTotalInvestment",
  ANNUAL_INVESTMENT: "targetAnnualInvestment",
  STARTED: "targetStarted",
  ENTERPRISES: "targetEnterprises",
  OUTPUT: "targetOutput",
};

/** Elapsed share (%) of [from, to] at D, D counted as elapsed; 100 for an open-ended period that has begun. */
export function periodPacePercent(from: IsoDate, to: IsoDate | null, asOf: IsoDate): number {
  if (asOf < from) return 0;
  if (to === null || asOf >= to) return 100;
  return ((daysBetween(from, asOf) + 1) * 100) / (daysBetween(from, to) + 1);
}

export interface ProgrammeRow {
  metric: ProgrammeMetric;
  actual: number;
  target: number | null;
  /** actual ÷ target × 100; null without a target. */
  completionPct: number | null;
  /** What completion should be by D. */
  expectedPct: number;
  /** What expectedPct is: 序时进度 of the year, of the programme's period, or the whole target. */
  expectedBasis: "year" | "period" | "whole";
  rag: Rag;
}

/**
 * The programme's rows at D. `whole` = the viewer sees every member: the actuals are the programme's and RAG is
 * judged; a county (or a team) sees only its own members' actuals next to the programme's targets, which they are
 * not measured against (RAG "none").
 */
export function evaluateProgramme(
  targets: ProgrammeTargets,
  actuals: ProgrammeActuals,
  p: { startsOn: IsoDate; endsOn: IsoDate | null; asOf: IsoDate; whole: boolean },
): ProgrammeRow[] {
  const year = Number(p.asOf.slice(0, 4));
  return PROGRAMME_METRICS.filter((m) => targets[m] !== null || actuals[m] !== 0 || m === "PROJECTS").map((m) => {
    const target = targets[m];
    const actual = actuals[m];
    const basis = m === "ANNUAL_INVESTMENT" ? "year" : m === "STARTED" ? "period" : "whole";
    const expectedPct =
      basis === "year"
        ? pacePercent(year, p.asOf)
        : basis === "period"
          ? periodPacePercent(p.startsOn, p.endsOn, p.asOf)
          : 100;
    const completionPct = target ? (actual * 100) / target : null;
    return {
      metric: m,
      actual,
      target,
      completionPct,
      expectedPct,
      expectedBasis: basis,
      rag: p.whole ? ragFor(completionPct, expectedPct) : "none",
    };
  });
}

export const EXPECTED_BASIS_LABELS: Record<ProgrammeRow["expectedBasis"], string> = {
  year: "年度序时进度",
  period: "专项期限序时进度",
  whole: "应达目标",
};

/** The register filtered to a programme's members (and optionally more filters). */
export function programmeRegisterHref(id: number, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ programme: String(id), ...extra });
  return `/projects?${q.toString()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Forms

const MAX_COUNT = 100_000;

/** An optional count; empty becomes null. */
function optionalCount() {
  return z.pipe(
    z.optional(z.string().check(z.trim(), z.regex(/^\d{0,6}$/, "请填写非负整数"))),
    z.transform((s) => (s ? Math.min(Number(s), MAX_COUNT) : null)),
  );
}

const programmeShape = {
  name: requiredText("请填写专项名称", 60),
  startsOn: isoDate("请填写开始日期"),
  endsOn: optionalIsoDate(),
  targetProjects: optionalCount(),
  targetTotalInvestment: optionalWanAmount({ min: 0 }),
  targetAnnualInvestment: optionalWanAmount({ min: 0 }),
  targetStarted: optionalCount(),
  targetEnterprises: optionalCount(),
  targetOutput: optionalWanAmount({ min: 0 }),
  note: optionalText(2000),
};
type Period = { startsOn: string; endsOn: string | null };
const periodCheck = z.refine<Period>((v) => !v.endsOn || v.endsOn >= v.startsOn, {
  message: "结束日期不能早于开始日期",
  path: ["endsOn"],
});

export const ProgrammeForm = z.object(programmeShape).check(periodCheck);
export type ProgrammeFormValues = z.output<typeof ProgrammeForm>;

export const ProgrammeEditForm = z
  .object({ ...programmeShape, intent: z.literal("update"), version: versionField() })
  .check(periodCheck);

export const AddMemberForm = z.object({
  intent: z.literal("addProject"),
  code: requiredText("请填写项目编号", 30),
});

export const AddEnterpriseMemberForm = z.object({
  intent: z.literal("addEnterprise"),
  creditCode: requiredText("请填写统一社会信用代码", 18),
});

const idText = z.pipe(z.string({ error: "记录无效" }).check(z.regex(/^\d{1,9}$/, "记录无效")), z.transform(Number));
export const RemoveMemberForm = z.object({
  intent: z.literal("removeProject"),
  code: requiredText("请填写项目编号", 30),
});
export const RemoveEnterpriseMemberForm = z.object({ intent: z.literal("removeEnterprise"), enterpriseId: idText });
