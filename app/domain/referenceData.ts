// Reference data (issue 15 §4, docs/decisions/161): counties and zones, industries, 领办领导 and 责任单位 — their
// forms and the refusal to delete one still referenced. Pure: shared by the browser and the actions.
import * as z from "zod/mini";
import { COUNTY_KIND_LABELS, OFFICIAL_LEVEL_LABELS } from "./labels";
import { requiredText } from "./formFields";

export const REFERENCE_KINDS = {
  counties: { label: "县区/开发区", noun: "县区", entity: "County" },
  industries: { label: "行业", noun: "行业", entity: "Industry" },
  officials: { label: "领办领导", noun: "领办领导", entity: "Official" },
  departments: { label: "责任单位", noun: "责任单位", entity: "Department" },
} as const;
export type ReferenceKind = keyof typeof REFERENCE_KINDS;

export function isReferenceKind(s: string | undefined): s is ReferenceKind {
  return s !== undefined && Object.hasOwn(REFERENCE_KINDS, s);
}

const version = z.pipe(
  z.string({ error: "页面已过期，请刷新后重试" }).check(z.regex(/^\d{1,9}$/, "页面已过期，请刷新后重试")),
  z.transform(Number),
);
const code = (max: number) =>
  z
    .string({ error: "请填写代码" })
    .check(
      z.trim(),
      z.minLength(1, "请填写代码"),
      z.maxLength(max, `代码最多 ${max} 个字符`),
      z.regex(/^[0-9A-Za-z._-]*$/, "代码只能由字母、数字、点、下划线和连字符组成"),
    );
const oneOf = <K extends string>(keys: readonly K[], message: string) =>
  z.pipe(
    z.string({ error: message }).check(z.refine((s) => (keys as readonly string[]).includes(s), message)),
    z.transform((s) => s as K),
  );

const COUNTY_KINDS = Object.keys(COUNTY_KIND_LABELS) as (keyof typeof COUNTY_KIND_LABELS)[];
const LEVELS = Object.keys(OFFICIAL_LEVEL_LABELS) as (keyof typeof OFFICIAL_LEVEL_LABELS)[];

const countyFields = {
  code: code(12),
  name: requiredText("请填写名称", 40),
  kind: oneOf(COUNTY_KINDS, "请选择类型"),
};
const industryFields = { code: code(20), name: requiredText("请填写行业名称", 40) };
const departmentFields = { code: code(20), name: requiredText("请填写单位名称", 60) };
const officialFields = {
  name: requiredText("请填写姓名", 40),
  title: requiredText("请填写职务", 80),
  level: oneOf(LEVELS, "请选择级别"),
  county: z.pipe(
    z.optional(z.string().check(z.trim(), z.regex(/^(\d{1,9})?$/, "请选择县区"))),
    z.transform((s) => (s ? Number(s) : null)),
  ),
};
// a 县级 leader belongs to a county; a 市级 one to none
const officialCounty = z.superRefine((v: { level: string; county: number | null }, ctx) => {
  if (v.level === "COUNTY" && v.county === null)
    ctx.issues.push({ code: "custom", message: "县级领导请选择所在县区", path: ["county"], input: v.county });
  if (v.level === "CITY" && v.county !== null)
    ctx.issues.push({
      code: "custom",
      message: "市级领导不属于某个县区，请清空县区",
      path: ["county"],
      input: v.county,
    });
});

export const ReferenceForms = {
  counties: z.object(countyFields),
  industries: z.object(industryFields),
  officials: z.object(officialFields).check(officialCounty),
  departments: z.object(departmentFields),
};
export const ReferenceEditForms = {
  counties: z.object({ ...countyFields, version }),
  industries: z.object({ ...industryFields, version }),
  officials: z.object({ ...officialFields, version }).check(officialCounty),
  departments: z.object({ ...departmentFields, version }),
};
export const DeleteReferenceForm = z.object({ version });

export type CountyValues = z.output<typeof ReferenceForms.counties>;
export type IndustryValues = z.output<typeof ReferenceForms.industries>;
export type OfficialValues = z.output<typeof ReferenceForms.officials>;
export type DepartmentValues = z.output<typeof ReferenceForms.departments>;
export type ReferenceValues = CountyValues | IndustryValues | OfficialValues | DepartmentValues;

/** Labels of each kind's fields (the conflict table, the audit text). */
export const REFERENCE_FIELD_LABELS: Record<string, string> = {
  code: "代码",
  name: "名称",
  kind: "类型",
  title: "职务",
  level: "级别",
  county: "所在县区",
  countyId: "所在县区",
};

/** One kind of record that still points at the row: "12 个项目". */
export interface ReferenceCount {
  count: number;
  unit: string;
  what: string;
}

/** The refusal to delete a row still referenced: "该行业仍被 12 个项目引用，不能删除". Null when nothing refers to it. */
export function inUseMessage(kind: ReferenceKind, refs: readonly ReferenceCount[]): string | null {
  const used = refs.filter((r) => r.count > 0);
  if (!used.length) return null;
  const list = used.map((r) => `${r.count} ${r.unit}${r.what}`).join("、");
  return `该${REFERENCE_KINDS[kind].noun}仍被 ${list}引用，不能删除`;
}
