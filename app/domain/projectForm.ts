// The project create/edit form (bureau, admin; a county for its own county). One zod/mini schema for
// react-hook-form and the action; the action adds what only the server knows (scope, existing credit codes).
import { checkCreditCode, CREDIT_CODE_MESSAGES } from "./creditCode";
import {
  checkbox,
  enumKeys,
  idField,
  idList,
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
import { parseCoordinate } from "./geo";
import { ATTRACTION_METHOD_LABELS, LAND_SUPPLY_METHODS, ORIGIN_LABELS, SOURCE_REGION_LABELS } from "./labels";
export const ENTERPRISE_MODES = ["existing", "new", "none"] as const;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((s, ctx) => {
      if (!s) return null;
      if (!(values as readonly string[]).includes(s)) {
        ctx.issues.push({ code: "custom", message, input: s });
        return z.NEVER;
      }
      return s as T[number];
    }),
  );

const yearField = z
  .pipe(
    z.string({ error: "请填写计划年度" }).check(z.trim(), z.regex(/^\d{4}$/, "计划年度应为四位年份")),
    z.transform((s) => Number(s)),
  )
  .check(z.refine((n) => n >= 2000 && n <= 2100, "计划年度应在 2000–2100 之间"));

const landArea = z.pipe(
  z.optional(z.string().check(z.trim(), z.regex(/^(\d{1,10}(\.\d{1,2})?)?$/, "用地面积为数字，最多两位小数（亩）"))),
  z.transform((s) => (s ? s : null)),
);

const landTerm = z
  .pipe(
    z.optional(z.string().check(z.trim(), z.regex(/^(\d{1,2})?$/, "出让年限为 1–70 的整数"))),
    z.transform((s) => (s ? Number(s) : null)),
  )
  .check(z.refine((n) => n === null || (n >= 1 && n <= 70), "出让年限为 1–70 的整数"));

/**
 * 经度 / 纬度 in decimal degrees; empty = not located (null). A post without the field at all leaves the stored point
 * as it is (undefined): forms that do not show it cannot clear it. Inside the county is checked on the server.
 */
function coordinate(axis: "lng" | "lat") {
  const message =
    axis === "lng" ? "经度为 73–136 之间的小数（度），如 112.7523" : "纬度为 3–54 之间的小数（度），如 37.6871";
  return z.pipe(
    z.optional(z.string()),
    z.transform((s, ctx) => {
      if (s === undefined) return undefined;
      const v = parseCoordinate(s, axis);
      if (v === "bad") {
        ctx.issues.push({ code: "custom", message, input: s });
        return z.NEVER;
      }
      return v;
    }),
  );
}

export const projectFields = {
  name: requiredText("请填写项目名称", 120),
  countyId: idField("请选择县区"),
  industryId: idField("请选择产业"),
  origin: oneOf(enumKeys(ORIGIN_LABELS), "请选择项目来源"),
  sourceRegion: optionalEnum(enumKeys(SOURCE_REGION_LABELS), "来源地区无效"),
  attractionMethod: optionalEnum(enumKeys(ATTRACTION_METHOD_LABELS), "招商方式无效"),
  totalInvestment: wanAmount({ required: "请填写总投资（万元）", min: 1 }),
  contractAmount: optionalWanAmount({ min: 0 }),
  annualPlanInvestment: optionalWanAmount({ min: 0 }),
  planYear: yearField,
  isTransformation: checkbox(),
  constructionContent: optionalText(2000),
  landArea,
  landSupplyMethod: optionalEnum(LAND_SUPPLY_METHODS, "供地方式无效"),
  landTermYears: landTerm,
  landPremiumInstalments: checkbox(),
  enterpriseMode: oneOf(ENTERPRISE_MODES, "请选择投资企业的填写方式"),
  enterpriseId: optionalId("投资企业无效"),
  /** Without JavaScript the picker is a text box: an exact name or credit code is looked up on the server. */
  enterpriseQuery: optionalText(120),
  newEnterpriseName: optionalText(120),
  newEnterpriseCreditCode: optionalText(40),
  officialIds: idList(20),
  serviceTeamId: optionalId("服务小组无效"),
  longitude: coordinate("lng"),
  latitude: coordinate("lat"),
  /** 可公开推介 (docs/decisions/212): the bureau's choice; kept as stored for everyone else. */
  publicPromotion: checkbox(),
};

/** Both coordinates or neither. */
export function locationRules(v: { longitude?: number | null; latitude?: number | null }, ctx: { issues: unknown[] }) {
  const has = (x: number | null | undefined) => x !== null && x !== undefined;
  if (has(v.longitude) === has(v.latitude)) return;
  const missing = has(v.longitude) ? "latitude" : "longitude";
  (ctx.issues as Array<Record<string, unknown>>).push({
    code: "custom",
    path: [missing],
    message: "请同时填写经度和纬度，或都不填",
    input: v,
  });
}

type Refinable = {
  enterpriseMode: (typeof ENTERPRISE_MODES)[number] | null;
  enterpriseId: number | null;
  enterpriseQuery: string | null;
  newEnterpriseName: string | null;
  newEnterpriseCreditCode: string | null;
};

export function enterpriseRules(v: Refinable, ctx: { issues: unknown[] }) {
  const push = (path: string, message: string) =>
    (ctx.issues as Array<Record<string, unknown>>).push({ code: "custom", path: [path], message, input: v });
  if (v.enterpriseMode === "existing" && !v.enterpriseId && !v.enterpriseQuery)
    push("enterpriseQuery", "请选择投资企业");
  if (v.enterpriseMode === "new") {
    if (!v.newEnterpriseName) push("newEnterpriseName", "请填写企业名称");
    const problem = checkCreditCode(v.newEnterpriseCreditCode ?? "");
    if (problem) push("newEnterpriseCreditCode", CREDIT_CODE_MESSAGES[problem]);
  }
}

export const ProjectCreateForm = z
  .object({
    ...projectFields,
    /** Optional: a deal registered as already signed gets its SIGNED milestone at once. */
    signedOn: optionalIsoDate(),
    signEvidenceNo: optionalText(100),
  })
  .check(
    z.superRefine((v, ctx) => {
      enterpriseRules(v, ctx);
      locationRules(v, ctx);
      if (v.signedOn && !v.signEvidenceNo)
        ctx.issues.push({
          code: "custom",
          path: ["signEvidenceNo"],
          message: "填写签约日期时请同时填写投资协议（合同）编号",
          input: v,
        });
    }),
  );
export type ProjectCreateForm = z.output<typeof ProjectCreateForm>;

export function projectCreateSchema(today: string) {
  return ProjectCreateForm.check(
    z.superRefine((v, ctx) => {
      if (v.signedOn && v.signedOn > today)
        ctx.issues.push({
          code: "custom",
          path: ["signedOn"],
          message: `签约日期不能晚于今天（${today}）`,
          input: v.signedOn,
        });
    }),
  );
}

export const ProjectEditForm = z.object({ ...projectFields, version: versionField() }).check(
  z.superRefine((v, ctx) => {
    enterpriseRules(v, ctx);
    locationRules(v, ctx);
  }),
);
export type ProjectEditForm = z.output<typeof ProjectEditForm>;

export type ProjectFormValues = Omit<ProjectCreateForm, "signedOn" | "signEvidenceNo">;

/** Chinese names of the editable fields (conflict messages, audit summaries). */
export const PROJECT_FIELD_LABELS: Record<string, string> = {
  name: "项目名称",
  countyId: "县区",
  industryId: "产业",
  enterpriseId: "投资企业",
  origin: "项目来源",
  sourceRegion: "来源地区",
  attractionMethod: "招商方式",
  totalInvestment: "总投资（万元）",
  contractAmount: "签约额（万元）",
  annualPlanInvestment: "年度计划投资（万元）",
  planYear: "计划年度",
  isTransformation: "转型项目",
  constructionContent: "建设内容",
  landArea: "用地面积（亩）",
  landSupplyMethod: "供地方式",
  landTermYears: "出让年限",
  landPremiumInstalments: "出让金分期缴纳",
  serviceTeamId: "服务小组",
  officialIds: "领办领导",
  longitude: "经度",
  latitude: "纬度",
  publicPromotion: "可公开推介",
};
