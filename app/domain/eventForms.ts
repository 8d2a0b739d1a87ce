// 推介活动 forms (issue 22 item 4, docs/decisions/181, 195): the event and its attending 客商. zod/mini: shared by
// react-hook-form in the browser and the actions. Budget in integer 万元.
import * as z from "zod/mini";
import { EVENT_KIND_LABELS, type EventKind } from "./eventLabels";
import {
  checkbox,
  enumKeys,
  isoDate,
  optionalId,
  optionalText,
  requiredText,
  versionField,
  wanAmount,
} from "./formFields";
import { SOURCE_REGION_LABELS } from "./labels";

const KINDS = Object.keys(EVENT_KIND_LABELS) as [EventKind, ...EventKind[]];

export const EventForm = z.object({
  name: requiredText("请填写活动名称", 120),
  kind: z.enum(KINDS, { error: "请选择活动类型" }),
  city: requiredText("请填写举办城市", 40),
  venue: requiredText("请填写举办地点", 200),
  heldOn: isoDate("请填写举办日期"),
  organiser: requiredText("请填写主办单位", 120),
  budget: wanAmount({ required: "请填写预算（万元）", min: 0 }),
  note: optionalText(2000),
});
export type EventFormValues = z.output<typeof EventForm>;

export const EventEditForm = z.extend(EventForm, { intent: z.literal("update"), version: versionField() });

const SOURCE_KEYS = enumKeys(SOURCE_REGION_LABELS);

/**
 * An attending 客商 (docs/decisions/195): picked from the 客商库 (the picker's id, or — without JavaScript — the exact
 * name typed), or registered on the spot as a new city investor (名称 and 来源地; 产业 optional).
 */
export const AttendeeForm = z
  .object({
    intent: z.literal("attend"),
    investorId: optionalId("所选客商无效，请重新选择"),
    investorQuery: requiredText("请从客商库中选择参会客商，或填写新客商名称", 120),
    newInvestor: checkbox(),
    sourceRegion: z.pipe(
      z.optional(z.enum(["", ...SOURCE_KEYS], "请选择来源地")),
      z.transform((s) => (s ? s : null)),
    ),
    industryId: optionalId("产业无效"),
    people: optionalText(200),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.newInvestor && !v.sourceRegion)
        ctx.issues.push({
          code: "custom",
          input: v.sourceRegion,
          path: ["sourceRegion"],
          message: "新客商请选择来源地",
        });
    }),
  );
export type AttendeeInput = z.input<typeof AttendeeForm>;
export type AttendeeValues = z.output<typeof AttendeeForm>;

export const RemoveAttendeeForm = z.object({
  intent: z.literal("unattend"),
  attendeeId: z.pipe(z.string({ error: "记录无效" }).check(z.regex(/^\d{1,9}$/, "记录无效")), z.transform(Number)),
});
