// Form schemas of the 督办 pages, shared by react-hook-form in the browser and the actions on the server
// (zod/mini: these reach the browser bundle).
import * as z from "zod/mini";
import { SUPERVISION_LEVELS, SUPERVISION_SOURCES, type SupervisionAction } from "./supervisionLabels";

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
const optionalId = (message: string) => z.optional(z.string().check(z.regex(/^([1-9]\d{0,8})?$/, message)));
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!isoDate.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const DUE_KINDS = ["13710", "days", "date"] as const;
export const DUE_KIND_LABELS: Record<(typeof DUE_KINDS)[number], string> = {
  "13710": "按 13710 制度（10 个工作日办结）",
  days: "限定工作日内办结",
  date: "限定日期前办结",
};

/** A leader's 批示 (the new-item form). */
export const InstructionForm = z
  .object({
    title: text("督办事项", 4, 120),
    instruction: text("批示内容", 4, 2000),
    level: z.enum(SUPERVISION_LEVELS, "请选择督办级别"),
    source: z.enum(SUPERVISION_SOURCES, "请选择来源"),
    projectId: optionalId("请选择项目"),
    issueId: optionalId("请选择诉求"),
    reportMonth: z.optional(z.string().check(z.regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, "通报月份格式应为 2017-10"))),
    leadUnitId: z.string("请选择主办单位").check(z.regex(/^[1-9]\d{0,8}$/, "请选择主办单位")),
    assistUnitIds: z.optional(
      z.union([
        z.string().check(z.regex(/^([1-9]\d{0,8})?$/, "请选择协办单位")),
        z.array(z.string().check(z.regex(/^[1-9]\d{0,8}$/, "请选择协办单位"))),
      ]),
    ),
    dueKind: z.enum(DUE_KINDS, "请选择办结时限"),
    dueDays: z.optional(z.string()),
    dueOn: z.optional(z.string()),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.dueKind === "days") {
        const n = Number(v.dueDays);
        if (!/^\d{1,3}$/.test(v.dueDays ?? "") || n < 1 || n > 120)
          ctx.addIssue({ code: "custom", path: ["dueDays"], message: "工作日数应为 1–120 的整数", input: v.dueDays });
      }
      if (v.dueKind === "date" && !validDate(v.dueOn ?? ""))
        ctx.addIssue({ code: "custom", path: ["dueOn"], message: "请选择办结日期", input: v.dueOn });
      if (v.source === "PROJECT" && !v.projectId)
        ctx.addIssue({ code: "custom", path: ["projectId"], message: "请选择项目", input: v.projectId });
      if (v.source === "ISSUE" && !v.issueId)
        ctx.addIssue({ code: "custom", path: ["issueId"], message: "请选择诉求", input: v.issueId });
      if (v.source === "REPORT" && !v.reportMonth)
        ctx.addIssue({ code: "custom", path: ["reportMonth"], message: "请填写通报月份", input: v.reportMonth });
    }),
  );
export type InstructionForm = z.infer<typeof InstructionForm>;

/** The 协办 ids of a posted form, whatever the browser sent (one value, several, or none). */
export function assistIds(v: InstructionForm["assistUnitIds"]): number[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.filter((x) => x !== "").map(Number);
}

/** The labels of the steps' text field. */
export const NOTE_LABELS: Record<SupervisionAction, string> = {
  sign: "签收意见",
  plan: "办理方案",
  progress: "进展情况",
  assist: "协办情况",
  requestExtension: "延期理由",
  approveExtension: "审批意见",
  refuseExtension: "不批准的理由",
  finish: "办结情况（办理结果和佐证）",
  close: "审核意见",
  return: "退回理由",
  evaluate: "评价意见",
  urge: "催办要求",
};

/** Steps whose text is required (the rest take an optional note). */
/** Steps whose report may carry files (进展材料, 办结佐证; docs/decisions/141): shown on the item's timeline. */
export const FILE_STEPS: readonly SupervisionAction[] = ["plan", "progress", "assist", "finish"];

export const NOTE_REQUIRED: readonly SupervisionAction[] = [
  "plan",
  "progress",
  "assist",
  "requestExtension",
  "refuseExtension",
  "finish",
  "return",
];

export const noteForm = (a: SupervisionAction) =>
  z.object({ note: NOTE_REQUIRED.includes(a) ? text(NOTE_LABELS[a], 2, 2000) : optionalText(NOTE_LABELS[a], 2000) });

export const ExtensionForm = z.object({
  note: text("延期理由", 2, 2000),
  newDueOn: z.string("请选择延期后的办结日期").check(z.refine(validDate, "请选择延期后的办结日期")),
});

export const EvaluateForm = z.object({
  rating: z.string("请选择评价等次").check(z.regex(/^[1-4]$/, "请选择评价等次")),
  note: optionalText("评价意见", 2000),
});

export function formFor(a: SupervisionAction) {
  return a === "requestExtension" ? ExtensionForm : a === "evaluate" ? EvaluateForm : noteForm(a);
}
