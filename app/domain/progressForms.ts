// Form schemas of the service-team workspace (milestones, funding, monthly investment, service logs, agency
// tasks). One schema per form, used by react-hook-form in the browser and re-checked in the action. Rules that
// need the project's current data (stage order, dates against today) are added by the *Schema(ctx) builders:
// the browser passes what it was shown, the action re-runs the pure rules on fresh data inside its transaction.
import { AGENCY_TASK_KIND_LABELS, AGENCY_TASK_STATUS_LABELS, SERVICE_LOG_KIND_LABELS } from "./labels";
import type { IsoDate } from "./dates";
import {
  checkbox,
  enumKeys,
  idField,
  idList,
  isoDate,
  optionalId,
  optionalIsoDate,
  optionalText,
  optionalWanAmount,
  oneOf,
  requiredText,
  versionField,
  wanAmount,
} from "./formFields";
import * as z from "zod/mini";
import { checkCorrect, checkLog, checkWithdraw, type ChainContext, type MilestoneErrors } from "./milestoneRules";
import { MILESTONE_STAGES } from "./stage";
import { checkUploadMeta } from "./upload";
import { checkPhotos, chosenPhotos } from "./sitePhotos";

/** A file input: FileList (react-hook-form), File (FormData) or nothing; checked for size and type. */
export function attachmentField() {
  return z.pipe(
    z.optional(z.unknown()),
    z.transform((v, ctx) => {
      const file = typeof FileList !== "undefined" && v instanceof FileList ? v.item(0) : v;
      if (!file || typeof file !== "object" || !("size" in file) || !("name" in file)) return null;
      const f = file as File;
      if (f.size === 0 && !f.name) return null; // an empty file input posts an empty part
      const problem = checkUploadMeta(f);
      if (problem) {
        ctx.issues.push({ code: "custom", message: problem, input: f.name });
        return z.NEVER;
      }
      return f;
    }),
  );
}

/** A multiple photo input (issue 20 §2): at most 9, each JPG, PNG or HEIC by name and within the size limit. */
export function photosField() {
  return z.pipe(
    z.optional(z.unknown()),
    z.transform((v, ctx) => {
      const files = chosenPhotos(v);
      const problem = checkPhotos(files);
      if (problem) {
        ctx.issues.push({ code: "custom", message: problem, input: files.length });
        return z.NEVER;
      }
      return files;
    }),
  );
}

function pushErrors(errors: MilestoneErrors, ctx: { issues: unknown[] }, input: unknown) {
  for (const [path, message] of Object.entries(errors)) {
    if (message) (ctx.issues as Array<Record<string, unknown>>).push({ code: "custom", path: [path], message, input });
  }
}

// ── milestones ────────────────────────────────────────────────────────────────────────────────────────────

export const MilestoneLogForm = z.object({
  intent: z.literal("log"),
  stage: oneOf(MILESTONE_STAGES, "请选择要登记的阶段"),
  actualOn: isoDate("请选择实际完成日期"),
  evidenceNo: optionalText(100),
  evidenceNote: optionalText(500),
  amount: optionalWanAmount({ min: 1 }),
  source: optionalText(40),
  attachment: attachmentField(),
  photos: photosField(),
  version: versionField(),
});
export type MilestoneLogForm = z.output<typeof MilestoneLogForm>;

export function milestoneLogSchema(ctx: ChainContext) {
  return MilestoneLogForm.check(z.superRefine((v, c) => pushErrors(checkLog(v, ctx), c, v)));
}

export const MilestoneCorrectForm = z.object({
  intent: z.literal("correct"),
  stage: oneOf(MILESTONE_STAGES, "阶段无效"),
  actualOn: isoDate("请选择更正后的实际日期"),
  evidenceNo: optionalText(100),
  reason: requiredText("请填写更正原因", 500),
  attachment: attachmentField(),
  photos: photosField(),
  version: versionField(),
});
export type MilestoneCorrectForm = z.output<typeof MilestoneCorrectForm>;

export function milestoneCorrectSchema(
  ctx: ChainContext,
  current: { actualOn: IsoDate | null; evidenceNo: string | null },
) {
  return MilestoneCorrectForm.check(
    z.superRefine((v, c) => {
      const errors = checkCorrect({ ...v, current }, ctx);
      // a new evidence file or new site photos alone are a correction (the server decides the same)
      if ((v.attachment || v.photos.length) && errors.actualOn === "更正后的日期和凭证与原记录相同")
        delete errors.actualOn;
      pushErrors(errors, c, v);
    }),
  );
}

export const MilestoneWithdrawForm = z.object({
  intent: z.literal("withdraw"),
  stage: oneOf(MILESTONE_STAGES, "阶段无效"),
  reason: requiredText("请填写撤回原因", 500),
  version: versionField(),
});
export type MilestoneWithdrawForm = z.output<typeof MilestoneWithdrawForm>;

export function milestoneWithdrawSchema(ctx: ChainContext) {
  return MilestoneWithdrawForm.check(z.superRefine((v, c) => pushErrors(checkWithdraw(v, ctx), c, v)));
}

export const MilestonePlanForm = z.object({
  intent: z.literal("plan"),
  stage: oneOf(MILESTONE_STAGES, "阶段无效"),
  plannedOn: optionalIsoDate(),
  reason: optionalText(500),
  version: versionField(),
});
export type MilestonePlanForm = z.output<typeof MilestonePlanForm>;

// ── funding, investment ───────────────────────────────────────────────────────────────────────────────────

const notAfterToday = (today: IsoDate, path: string, message = `日期不能晚于今天（${today}）`) =>
  z.superRefine((v: Record<string, unknown>, c) => {
    const d = v[path];
    if (typeof d === "string" && d > today) c.issues.push({ code: "custom", path: [path], message, input: d });
  });

export const FundingForm = z.object({
  receivedOn: isoDate("请选择到位日期"),
  amount: wanAmount({ required: "请填写到位金额（万元）", min: 1 }),
  source: requiredText("请填写资金来源", 40),
  note: optionalText(300),
});
export type FundingForm = z.output<typeof FundingForm>;

export function fundingSchema(today: IsoDate) {
  return FundingForm.check(notAfterToday(today, "receivedOn", `到位日期不能晚于今天（${today}）`));
}

export const FUNDING_SOURCES = [
  "企业自有资金",
  "银行贷款",
  "股权融资",
  "PPP专项资金",
  "促转型增动能投资基金",
  "政府专项债",
  "其他",
] as const;

export const InvestmentForm = z.object({
  month: z.string({ error: "请选择月份" }).check(z.trim(), z.regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, "请选择月份")),
  amount: wanAmount({ required: "请填写当月完成投资（万元）", min: 0 }),
  note: optionalText(300),
  version: versionField(),
});
export type InvestmentForm = z.output<typeof InvestmentForm>;

export function investmentSchema(today: IsoDate) {
  return InvestmentForm.check(notAfterToday(today.slice(0, 7), "month", "不能填报未来月份的完成投资"));
}

// ── service logs, agency tasks ────────────────────────────────────────────────────────────────────────────

export const ServiceLogForm = z
  .object({
    kind: oneOf(enumKeys(SERVICE_LOG_KIND_LABELS), "请选择服务方式"),
    occurredOn: isoDate("请选择服务日期"),
    people: requiredText("请填写参加人员", 200),
    content: requiredText("请填写服务内容", 2000),
    followUpOn: optionalIsoDate(),
    photos: photosField(),
  })
  .check(
    z.superRefine((v, c) => {
      if (v.followUpOn && v.followUpOn < v.occurredOn)
        c.issues.push({
          code: "custom",
          path: ["followUpOn"],
          message: "跟进日期不能早于服务日期",
          input: v.followUpOn,
        });
    }),
  );
export type ServiceLogForm = z.output<typeof ServiceLogForm>;

export function serviceLogSchema(today: IsoDate) {
  return ServiceLogForm.check(notAfterToday(today, "occurredOn", `服务日期不能晚于今天（${today}）`));
}

export const AgencyTaskForm = z.object({
  kind: oneOf(enumKeys(AGENCY_TASK_KIND_LABELS), "请选择事项类型"),
  title: requiredText("请填写事项名称", 120),
  dueOn: isoDate("请选择办结时限"),
  handlerId: optionalId("经办人无效"),
  note: optionalText(500),
});
export type AgencyTaskForm = z.output<typeof AgencyTaskForm>;

export const AgencyTaskUpdateForm = z
  .object({
    taskId: idField("事项无效"),
    status: oneOf(enumKeys(AGENCY_TASK_STATUS_LABELS), "请选择状态"),
    completedOn: optionalIsoDate(),
    dueOn: isoDate("请选择办结时限"),
    handlerId: optionalId("经办人无效"),
    note: optionalText(500),
    photos: photosField(),
    version: versionField(),
  })
  .check(
    z.superRefine((v, c) => {
      if (v.status === "DONE" && !v.completedOn)
        c.issues.push({
          code: "custom",
          path: ["completedOn"],
          message: "已办结的事项请填写办结日期",
          input: v.completedOn,
        });
    }),
  );
export type AgencyTaskUpdateForm = z.output<typeof AgencyTaskUpdateForm>;

export function agencyTaskUpdateSchema(today: IsoDate) {
  return AgencyTaskUpdateForm.check(notAfterToday(today, "completedOn", `办结日期不能晚于今天（${today}）`));
}

export const FollowUpDoneForm = z.object({ logId: idField("记录无效"), done: checkbox() });

// ── team assignment (EIC) ─────────────────────────────────────────────────────────────────────────────────

export const AssignForm = z.object({
  intent: oneOf(["projects", "enterprises"] as const, "无法识别的操作"),
  ids: idList(500).check(z.refine((ids) => ids.length > 0, "请先勾选要分配的项目或企业")),
  targetTeamId: optionalId("服务小组无效"),
});
export type AssignForm = z.output<typeof AssignForm>;
