// Form schemas of the issue pages, shared by react-hook-form in the browser and the actions on the server
// (zod/mini: these reach the browser bundle).
import * as z from "zod/mini";
import { ISSUE_CATEGORIES, type IssueAction } from "./issueWorkflow";

const text = (label: string, min: number, max: number) =>
  z
    .string(`请填写${label}`)
    .check(
      z.trim(),
      z.minLength(1, `请填写${label}`),
      z.minLength(min, `${label}至少 ${min} 个字`),
      z.maxLength(max, `${label}不超过 ${max} 个字`),
    );

const optionalText = (label: string, max: number) =>
  z.optional(z.string().check(z.trim(), z.maxLength(max, `${label}不超过 ${max} 个字`)));

const idChoice = (message: string) => z.string(message).check(z.regex(/^[1-9]\d{0,9}$/, message));

export const SubmitIssueForm = z.object({
  category: z.enum(ISSUE_CATEGORIES, "请选择诉求类别"),
  title: text("标题", 4, 120),
  description: text("问题描述", 10, 2000),
  /** "" = not about one project (an enterprise-wide issue). */
  projectId: z.optional(z.string().check(z.regex(/^(\d{1,9})?$/, "请选择相关项目"))),
});
export type SubmitIssueForm = z.infer<typeof SubmitIssueForm>;

/** Intents whose form is a single required text. */
export const NOTE_LABELS = {
  respond: "进展情况",
  markComplex: "复杂原因及办理计划",
  resolve: "办理结果",
  escalate: "上报理由",
  return: "退回理由",
  comment: "留言内容",
  reject: "不认可的理由",
  reopen: "问题复发情况",
  assist: "协办反馈内容",
} as const satisfies Partial<Record<IssueAction, string>>;
export type NoteIntent = keyof typeof NOTE_LABELS;

const noteForm = (intent: NoteIntent) => z.object({ note: text(NOTE_LABELS[intent], 2, 2000) });
export const NOTE_FORMS = Object.fromEntries(
  (Object.keys(NOTE_LABELS) as NoteIntent[]).map((i) => [i, noteForm(i)]),
) as Record<NoteIntent, ReturnType<typeof noteForm>>;
export const isNoteIntent = (s: string): s is NoteIntent => s in NOTE_LABELS;

export const AssignForm = z.object({
  assigneeId: idChoice("请选择办理人"),
  note: optionalText("说明", 500),
});
export type AssignForm = z.infer<typeof AssignForm>;

/** 市经信委 routes a city-level issue to a 主办 责任单位 with 协办 units (docs/decisions/170). */
export const RouteForm = z.object({
  leadDepartmentId: idChoice("请选择主办单位"),
  assistDepartmentIds: z.optional(
    z.union([
      z.string().check(z.regex(/^([1-9]\d{0,8})?$/, "请选择协办单位")),
      z.array(z.string().check(z.regex(/^[1-9]\d{0,8}$/, "请选择协办单位"))),
    ]),
  ),
  note: optionalText("交办意见", 500),
});
export type RouteForm = z.infer<typeof RouteForm>;

/** The 协办 ids of a posted route form, whatever the browser sent (one value, several, or none). */
export function routeAssistIds(v: RouteForm["assistDepartmentIds"]): number[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return [...new Set(list.filter((x) => x !== "").map(Number))];
}

export const ConfirmForm = z.object({
  satisfaction: z.enum(["1", "2", "3", "4", "5"], "请选择满意度"),
  note: optionalText("评价", 500),
});
export type ConfirmForm = z.infer<typeof ConfirmForm>;

export const HolidayForm = z.object({
  date: z.string("请选择日期").check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期")),
  isWorkday: z.enum(["0", "1"], "请选择放假或补班"),
  note: optionalText("说明", 60),
});
export type HolidayForm = z.infer<typeof HolidayForm>;

const days = (label: string) => z.string(`请填写${label}`).check(z.regex(/^\d{1,2}$/, `${label}须为 1–30 的整数`));

export const SlaPolicyForm = z.object({
  acceptDays: days("受理时限"),
  respondDays: days("首次反馈时限"),
  resolveDays: days("一般问题办结时限"),
  complexDays: days("复杂问题办结时限"),
  dueSoonDays: z.string("请填写提醒天数").check(z.regex(/^\d{1,2}$/, "提醒天数须为 0–10 的整数")),
  // A checkbox: the browser posts "1" or nothing; react-hook-form holds true/false/"1".
  autoEscalate: z.optional(z.union([z.string(), z.boolean()])),
  version: z.string(),
});
export type SlaPolicyForm = z.infer<typeof SlaPolicyForm>;

/** The policy's numbers must be whole working days in order: accept ≤ feedback ≤ ordinary ≤ complex. */
export function policyNumberErrors(p: {
  acceptDays: number;
  respondDays: number;
  resolveDays: number;
  complexDays: number;
  dueSoonDays: number;
}) {
  const e: Record<string, string> = {};
  const inRange = (k: keyof typeof p, label: string, min: number, max: number) => {
    if (!Number.isInteger(p[k]) || p[k] < min || p[k] > max) e[k] = `${label}须为 ${min}–${max} 的整数`;
  };
  inRange("acceptDays", "受理时限", 1, 30);
  inRange("respondDays", "首次反馈时限", 1, 30);
  inRange("resolveDays", "一般问题办结时限", 1, 30);
  inRange("complexDays", "复杂问题办结时限", 1, 30);
  inRange("dueSoonDays", "提醒天数", 0, 10);
  if (!e.respondDays && !e.acceptDays && p.respondDays < p.acceptDays) e.respondDays = "首次反馈时限不能短于受理时限";
  if (!e.resolveDays && !e.respondDays && p.resolveDays < p.respondDays) e.resolveDays = "办结时限不能短于首次反馈时限";
  if (!e.complexDays && !e.resolveDays && p.complexDays < p.resolveDays)
    e.complexDays = "复杂问题时限不能短于一般问题时限";
  return e;
}
