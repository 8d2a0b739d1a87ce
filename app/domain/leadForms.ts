// The lead forms' schemas, shared by react-hook-form in the browser and the actions (docs/development.md):
// zod/mini, because they ship to the browser. Inputs are the strings a form posts; outputs are typed values
// (integer 万元, ISO dates, ids).
import * as z from "zod/mini";
import { optionalId as formOptionalId, optionalText as formOptionalText } from "./formFields";
import { enterpriseRules } from "./projectForm";
import { isIsoDate } from "./dates";
import { ATTRACTION_METHOD_LABELS, SOURCE_REGION_LABELS } from "./labels";
import { parseWan } from "./money";

export const OPEN_LEAD_STAGES = ["CONTACT", "INSPECTION", "NEGOTIATION"] as const;
export const LEAD_STAGES = ["CONTACT", "INSPECTION", "NEGOTIATION", "SIGNED", "ABANDONED"] as const;
export type LeadStageKey = (typeof LEAD_STAGES)[number];
const SOURCE_KEYS = Object.keys(SOURCE_REGION_LABELS) as [
  keyof typeof SOURCE_REGION_LABELS,
  ...(keyof typeof SOURCE_REGION_LABELS)[],
];
const METHOD_KEYS = Object.keys(ATTRACTION_METHOD_LABELS) as [
  keyof typeof ATTRACTION_METHOD_LABELS,
  ...(keyof typeof ATTRACTION_METHOD_LABELS)[],
];

/** Largest amount one Int column holds (万元). */
export const MAX_WAN = 2_000_000_000;

const text = (label: string, min: number, max: number) =>
  z
    .string(`请填写${label}`)
    .check(z.trim(), z.minLength(min, `请填写${label}`), z.maxLength(max, `${label}不能超过 ${max} 个字`));

const optionalText = (label: string, max: number) =>
  z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(max, `${label}不能超过 ${max} 个字`))),
    z.transform((s) => (s ? s : null)),
  );

const id = (label: string) =>
  z.pipe(z.string(`请选择${label}`).check(z.regex(/^[1-9]\d{0,9}$/, `请选择${label}`)), z.transform(Number));

const optionalId = z.pipe(
  z.optional(z.string().check(z.regex(/^(|[1-9]\d{0,9})$/, "选择无效"))),
  z.transform((s) => (s ? Number(s) : null)),
);

/** An amount typed in 万元 ("1,234" or "1234"): a non-negative integer. */
export const wan = (label: string, opts: { positive?: boolean } = {}) =>
  z.pipe(
    z.string(`请填写${label}`).check(
      z.refine((s) => s.trim() !== "", `请填写${label}`),
      z.refine((s) => s.trim() === "" || parseWan(s) !== null, `${label}请填写以万元为单位的整数`),
      z.refine(
        (s) => {
          const n = parseWan(s);
          return n === null || n >= (opts.positive ? 1 : 0);
        },
        opts.positive ? `${label}须大于 0` : `${label}不能为负数`,
      ),
      z.refine((s) => {
        const n = parseWan(s);
        return n === null || n <= MAX_WAN;
      }, `${label}过大，请核对（单位为万元）`),
    ),
    z.transform((s) => parseWan(s)!),
  );

const date = (label: string) =>
  z.string(`请填写${label}`).check(
    z.refine((s) => s !== "", `请填写${label}`),
    z.refine((s) => s === "" || isIsoDate(s), `${label}格式不正确`),
  );

const optionalDate = (label: string) =>
  z.pipe(
    z.optional(z.string().check(z.refine((s) => s === "" || isIsoDate(s), `${label}格式不正确`))),
    z.transform((s) => (s ? s : null)),
  );

const version = z.pipe(z.string().check(z.regex(/^\d+$/, "版本号无效")), z.transform(Number));

export const LeadForm = z.object({
  name: text("项目名称", 2, 120),
  enterpriseName: text("投资企业", 2, 120),
  /** The 客商 behind the lead (docs/decisions/175), optional. */
  investorId: formOptionalId("客商无效"),
  sourceRegion: z.enum(SOURCE_KEYS, "请选择来源地"),
  method: z.enum(METHOD_KEYS, "请选择招商方式"),
  industryId: id("产业"),
  countyId: id("落户县区"),
  expectedAmount: wan("预计投资额"),
  ownerId: optionalId,
  firstContactOn: optionalDate("首次接触日期"),
  nextFollowUpOn: optionalDate("下次跟进日期"),
  note: optionalText("备注", 2000),
  /** The 推介活动 it came out of (decision 181); absent on forms without the field. */
  eventId: optionalId,
});
export type LeadFormInput = z.input<typeof LeadForm>;
/**
 * `investorId` may be left out by callers that do not set the 客商 (the link then stays as it is); the event is
 * optional for callers (jobs, tests) too — the forms always post it.
 */
export type LeadFormValues = Omit<z.output<typeof LeadForm>, "investorId" | "eventId"> & {
  investorId?: number | null;
  eventId?: number | null;
};

export const LeadUpdateForm = z.extend(LeadForm, { intent: z.literal("update"), version });

/** Moving a lead between the open stages or abandoning it (放弃 needs a reason). Signing is ConvertLeadForm. */
export const MoveLeadForm = z
  .object({
    intent: z.literal("move"),
    version,
    stage: z.enum([...OPEN_LEAD_STAGES, "ABANDONED", "SIGNED"], "请选择要移动到的阶段"),
    abandonReason: optionalText("放弃原因", 300),
    redirectTo: z.optional(z.string()),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.stage === "ABANDONED" && !v.abandonReason) {
        ctx.issues.push({
          code: "custom",
          input: v.abandonReason,
          path: ["abandonReason"],
          message: "放弃线索须填写放弃原因",
        });
      }
    }),
  );

/** How the signing names the investor when the lead has no enterprise yet: a registered one, or a new one. */
export const LEAD_ENTERPRISE_MODES = ["existing", "new"] as const;

export const ConvertLeadForm = z
  .object({
    intent: z.literal("convert"),
    version,
    projectName: text("项目名称", 2, 120),
    signedOn: date("签约日期"),
    contractAmount: wan("签约额", { positive: true }),
    totalInvestment: wan("总投资", { positive: true }),
    // Absent when the lead already has its enterprise; otherwise the signing links or registers it.
    enterpriseMode: z.pipe(
      z.optional(z.enum(["", ...LEAD_ENTERPRISE_MODES], "请选择投资企业的登记方式")),
      z.transform((s) => (s ? s : null)),
    ),
    enterpriseId: formOptionalId("投资企业无效"),
    enterpriseQuery: formOptionalText(120),
    newEnterpriseName: formOptionalText(120),
    newEnterpriseCreditCode: formOptionalText(40),
  })
  .check(z.superRefine((v, ctx) => enterpriseRules(v, ctx)))
  .check(
    z.superRefine((v, ctx) => {
      if (v.totalInvestment < v.contractAmount) {
        ctx.issues.push({
          code: "custom",
          input: v.totalInvestment,
          path: ["totalInvestment"],
          message: "总投资不能小于签约额",
        });
      }
    }),
  );
export type ConvertLeadValues = z.output<typeof ConvertLeadForm>;

/**
 * The table view of one kanban column, keeping the board's filters (search, county, industry, source, method):
 * the column's "在表格中查看全部" link. `search` is the board's query string ("?county=3&q=…" or "").
 */
export function leadTableHref(search: string, stage: LeadStageKey): string {
  const sp = new URLSearchParams(search);
  sp.set("view", "table");
  sp.set("stage", stage);
  sp.delete("page");
  return `/leads?${sp.toString()}`;
}
