// 推介活动 forms (issue 22 item 4, docs/decisions/181): the event and its attending investors. zod/mini: shared by
// react-hook-form in the browser and the actions. Budget in integer 万元.
import * as z from "zod/mini";
import { EVENT_KIND_LABELS, type EventKind } from "./eventLabels";
import { isoDate, optionalText, requiredText, versionField, wanAmount } from "./formFields";

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

export const AttendeeForm = z.object({
  intent: z.literal("attend"),
  companyName: requiredText("请填写参会企业名称", 120),
  people: optionalText(200),
});
export type AttendeeValues = z.output<typeof AttendeeForm>;

export const RemoveAttendeeForm = z.object({
  intent: z.literal("unattend"),
  attendeeId: z.pipe(z.string({ error: "记录无效" }).check(z.regex(/^\d{1,9}$/, "记录无效")), z.transform(Number)),
});
