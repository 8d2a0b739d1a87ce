// The one-screen form that logs a touch on a lead (issue 22 item 2, docs/decisions/152): shared by react-hook-form
// in the browser and the action (zod/mini: it ships to the browser). The dates' relation to today (not in the
// future; the next step not before the touch) is checked by the command on the application clock.
import * as z from "zod/mini";
import { isoDate, optionalIsoDate, optionalText, requiredText } from "./formFields";
import { LEAD_TOUCH_KIND_LABELS } from "./labels";

export const LEAD_TOUCH_KINDS = Object.keys(LEAD_TOUCH_KIND_LABELS) as [
  keyof typeof LEAD_TOUCH_KIND_LABELS,
  ...(keyof typeof LEAD_TOUCH_KIND_LABELS)[],
];
export type LeadTouchKind = keyof typeof LEAD_TOUCH_KIND_LABELS;

export const LeadTouchForm = z
  .object({
    kind: z.enum(LEAD_TOUCH_KINDS, "请选择跟进方式"),
    occurredOn: isoDate("请填写跟进日期"),
    ourPeople: requiredText("请填写我方人员", 200),
    theirPeople: requiredText("请填写对方人员", 200),
    content: requiredText("请填写跟进内容", 2000),
    nextStep: optionalText(300),
    nextStepOn: optionalIsoDate(),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.nextStep && !v.nextStepOn)
        ctx.issues.push({ code: "custom", input: v.nextStepOn, path: ["nextStepOn"], message: "请填写下一步的日期" });
      if (v.nextStepOn && !v.nextStep)
        ctx.issues.push({ code: "custom", input: v.nextStep, path: ["nextStep"], message: "请填写下一步做什么" });
      if (v.nextStepOn && v.occurredOn && v.nextStepOn < v.occurredOn)
        ctx.issues.push({
          code: "custom",
          input: v.nextStepOn,
          path: ["nextStepOn"],
          message: "下一步日期不能早于跟进日期",
        });
    }),
  );
export type LeadTouchFormInput = z.input<typeof LeadTouchForm>;
export type LeadTouchValues = z.output<typeof LeadTouchForm>;
