// 要素保障 — land (issue 18 §4, docs/decisions/220–222): how land was supplied to a project (出让, 弹性出让 with its
// 年限, 先租后让, 租赁), its area in 亩 (exact: hundredths of a 亩 as integers here, DECIMAL(12,2) in the database),
// its price in integer 万元 and the 出让金 instalment schedule (分期缴纳), whose amounts add up to the price. Pure and
// browser-safe: the form schema (zod/mini) is shared by the project's 用地 page and its action.
import * as z from "zod/mini";
import type { IsoDate } from "./dates";
import { isIsoDate } from "./dates";
import { formatWan, parseWan } from "./money";
import { enumKeys, isoDate, oneOf, optionalText, requiredText } from "./formFields";

export type LandSupplyMethod = "TRANSFER" | "FLEXIBLE" | "LEASE_THEN_TRANSFER" | "LEASE";

export const LAND_METHOD_LABELS: Record<LandSupplyMethod, string> = {
  TRANSFER: "出让",
  FLEXIBLE: "弹性出让",
  LEASE_THEN_TRANSFER: "先租后让",
  LEASE: "租赁",
};

/** 弹性出让 年限 (工业用地 弹性年期, at most the 50 years of an ordinary industrial 出让). */
export const FLEXIBLE_MAX_YEARS = 50;
/** Rows of the schedule the form offers. */
export const MAX_INSTALMENTS = 6;
export const INSTALMENT_ROWS = Array.from({ length: MAX_INSTALMENTS }, (_, i) => i + 1);

// ── area: 亩 with up to two decimals, kept as hundredths ────────────────────────────────────────────────────────
const AREA_RE = /^\d{1,10}(\.\d{1,2})?$/;

/** "12.5" → 1250 (hundredths of a 亩); null when not a plain decimal with at most two places. */
export function parseMu(raw: string): number | null {
  const s = raw.trim().replace(/,/g, "");
  if (!AREA_RE.test(s)) return null;
  const [int, frac = ""] = s.split(".");
  return Number(int) * 100 + Number(frac.padEnd(2, "0"));
}

/** 1250 → "12.50" (what DECIMAL(12,2) stores and returns). */
export function muString(hundredths: number): string {
  const sign = hundredths < 0 ? "-" : "";
  const h = Math.abs(hundredths);
  return `${sign}${Math.floor(h / 100)}.${String(h % 100).padStart(2, "0")}`;
}

/** "12.50" → "12.5 亩"; trailing zeros dropped. */
export function formatMu(value: string | number): string {
  const h = typeof value === "number" ? value : (parseMu(String(value).replace(/^-/, "")) ?? 0);
  const neg = typeof value === "string" && value.startsWith("-");
  const s = muString(h).replace(/\.?0+$/, "");
  return `${neg ? "-" : ""}${s} 亩`;
}

// ── the instalment rule ─────────────────────────────────────────────────────────────────────────────────────────
export interface InstalmentFacts {
  dueOn: IsoDate;
  amount: number;
  paidOn: IsoDate | null;
  paidAmount: number | null;
}

/** Paid in full (the whole amount recorded as paid). */
export const isPaid = (i: InstalmentFacts) => i.paidAmount !== null && i.paidAmount >= i.amount;
/** What is still owed of an instalment, 万元. */
export const owed = (i: InstalmentFacts) => Math.max(0, i.amount - (i.paidAmount ?? 0));
/** 逾期: the due date is before today and it is not paid in full. */
export const isOverdue = (i: InstalmentFacts, today: IsoDate) => i.dueOn < today && !isPaid(i);

export type InstalmentState = "paid" | "overdue" | "due";
export function instalmentState(i: InstalmentFacts, today: IsoDate): InstalmentState {
  if (isPaid(i)) return "paid";
  return isOverdue(i, today) ? "overdue" : "due";
}
export const INSTALMENT_STATE_LABELS: Record<InstalmentState, string> = {
  paid: "已缴清",
  overdue: "逾期未缴",
  due: "未到期",
};

// ── the form ────────────────────────────────────────────────────────────────────────────────────────────────────
export interface InstalmentValues {
  seq: number;
  dueOn: IsoDate;
  amount: number;
  paidOn: IsoDate | null;
  paidAmount: number | null;
}

export interface LandSupplyValues {
  method: LandSupplyMethod;
  parcelNo: string | null;
  location: string;
  /** hundredths of a 亩 */
  area: number;
  years: number | null;
  price: number | null;
  suppliedOn: IsoDate;
  note: string | null;
  instalments: InstalmentValues[];
  version: number | null;
}

const text = z.optional(z.string());
const rowShape = Object.fromEntries(
  INSTALMENT_ROWS.flatMap((n) => [
    [`due${n}`, text],
    [`amt${n}`, text],
    [`paidOn${n}`, text],
    [`paid${n}`, text],
  ]),
) as Record<string, typeof text>;

type Issue = { path: string; message: string };
const s = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** The instalment rows that were filled in, with their errors (by field name) — pure, shared by both sides. */
export function readInstalments(
  raw: Record<string, unknown>,
  today: IsoDate,
): { rows: InstalmentValues[]; issues: Issue[] } {
  const rows: InstalmentValues[] = [];
  const issues: Issue[] = [];
  for (const n of INSTALMENT_ROWS) {
    const due = s(raw[`due${n}`]);
    const amt = s(raw[`amt${n}`]);
    const paidOn = s(raw[`paidOn${n}`]);
    const paid = s(raw[`paid${n}`]);
    if (!due && !amt && !paidOn && !paid) continue;
    const before = issues.length;
    if (!due) issues.push({ path: `due${n}`, message: "请填写应缴日期" });
    else if (!isIsoDate(due)) issues.push({ path: `due${n}`, message: "请填写有效的日期" });
    const amount = amt ? parseWan(amt) : null;
    if (!amt) issues.push({ path: `amt${n}`, message: "请填写应缴金额（万元）" });
    else if (amount === null) issues.push({ path: `amt${n}`, message: "金额须为整数（万元），不含小数" });
    else if (amount <= 0) issues.push({ path: `amt${n}`, message: "金额须大于 0（万元）" });
    const paidAmount = paid ? parseWan(paid) : null;
    if (paid && paidAmount === null) issues.push({ path: `paid${n}`, message: "金额须为整数（万元），不含小数" });
    else if (paidAmount !== null && paidAmount <= 0) issues.push({ path: `paid${n}`, message: "金额须大于 0（万元）" });
    else if (paidAmount !== null && amount !== null && paidAmount > amount)
      issues.push({ path: `paid${n}`, message: `实缴金额不能超过应缴金额 ${formatWan(amount)}` });
    if (paidOn && !isIsoDate(paidOn)) issues.push({ path: `paidOn${n}`, message: "请填写有效的日期" });
    else if (paidOn && paidOn > today) issues.push({ path: `paidOn${n}`, message: `缴纳日期不能晚于今天（${today}）` });
    if (paid && !paidOn) issues.push({ path: `paidOn${n}`, message: "填写了实缴金额，请填写缴纳日期" });
    if (paidOn && !paid) issues.push({ path: `paid${n}`, message: "填写了缴纳日期，请填写实缴金额" });
    if (issues.length > before) continue;
    rows.push({ seq: n, dueOn: due, amount: amount!, paidOn: paidOn || null, paidAmount });
  }
  for (let i = 1; i < rows.length; i++)
    if (rows[i].dueOn <= rows[i - 1].dueOn)
      issues.push({ path: `due${rows[i].seq}`, message: "各期应缴日期须依次推后" });
  return { rows: rows.map((r, i) => ({ ...r, seq: i + 1 })), issues };
}

/** The whole record's rules beyond the single fields: 年限, the price, the schedule adding up to the price. */
export function landIssues(
  v: { method: LandSupplyMethod | ""; area: string; years: string; price: string; suppliedOn: string },
  raw: Record<string, unknown>,
  today: IsoDate,
): { issues: Issue[]; area: number | null; years: number | null; price: number | null; rows: InstalmentValues[] } {
  const issues: Issue[] = [];
  const area = v.area.trim() ? parseMu(v.area) : null;
  if (!v.area.trim()) issues.push({ path: "area", message: "请填写供地面积（亩）" });
  else if (area === null) issues.push({ path: "area", message: "面积为数字，最多两位小数（亩）" });
  else if (area <= 0) issues.push({ path: "area", message: "面积须大于 0（亩）" });
  else if (area > 10_000_000) issues.push({ path: "area", message: "面积过大，请核对单位（亩）" });

  let years: number | null = null;
  const y = v.years.trim();
  if (y) {
    if (!/^\d{1,3}$/.test(y)) issues.push({ path: "years", message: "年限须为整数（年）" });
    else years = Number(y);
  }
  if (v.method === "FLEXIBLE") {
    if (years === null && !issues.some((i) => i.path === "years"))
      issues.push({ path: "years", message: `弹性出让须填写出让年限（1–${FLEXIBLE_MAX_YEARS} 年）` });
    else if (years !== null && (years < 1 || years > FLEXIBLE_MAX_YEARS))
      issues.push({ path: "years", message: `弹性出让年限须在 1–${FLEXIBLE_MAX_YEARS} 年之间` });
  } else if (years !== null && (years < 1 || years > 70)) {
    issues.push({ path: "years", message: "年限须在 1–70 年之间" });
  }

  let price: number | null = null;
  const p = v.price.trim();
  if (p) {
    price = parseWan(p);
    if (price === null) issues.push({ path: "price", message: "金额须为整数（万元），不含小数" });
    else if (price > 2_000_000_000) issues.push({ path: "price", message: "金额过大，请核对单位（万元）" });
  }
  if (v.suppliedOn && isIsoDate(v.suppliedOn) && v.suppliedOn > today)
    issues.push({ path: "suppliedOn", message: `供地日期不能晚于今天（${today}）` });

  const sched = readInstalments(raw, today);
  issues.push(...sched.issues);
  if (sched.rows.length && !sched.issues.length) {
    const total = sched.rows.reduce((a, r) => a + r.amount, 0);
    if (price === null && !issues.some((i) => i.path === "price"))
      issues.push({ path: "price", message: "分期缴纳须填写出让金（万元）" });
    else if (price !== null && total !== price)
      issues.push({
        path: "schedule",
        message: `各期应缴金额合计 ${formatWan(total)}，须等于出让金 ${formatWan(price)}`,
      });
  }
  return { issues, area, years, price, rows: sched.rows };
}

/** The land record form (create and edit: `version` empty on create). */
export function landSupplyForm(today: IsoDate) {
  return z
    .object({
      version: z.optional(z.string()),
      method: oneOf(enumKeys(LAND_METHOD_LABELS), "请选择供地方式"),
      parcelNo: optionalText(60),
      location: requiredText("请填写土地坐落", 200),
      area: z.string({ error: "请填写供地面积（亩）" }),
      years: z.optional(z.string()),
      price: z.optional(z.string()),
      suppliedOn: isoDate("请填写供地日期"),
      note: optionalText(300),
      ...rowShape,
    })
    .check(
      z.superRefine((v, c) => {
        const r = landIssues(
          { method: v.method, area: v.area, years: v.years ?? "", price: v.price ?? "", suppliedOn: v.suppliedOn },
          v,
          today,
        );
        for (const i of r.issues) c.issues.push({ code: "custom", path: [i.path], message: i.message, input: null });
      }),
    );
}

/** The parsed form's values as the command takes them (call after a successful parse). */
export function landValues(v: z.output<ReturnType<typeof landSupplyForm>>, today: IsoDate): LandSupplyValues {
  const r = landIssues(
    { method: v.method, area: v.area, years: v.years ?? "", price: v.price ?? "", suppliedOn: v.suppliedOn },
    v,
    today,
  );
  return {
    method: v.method,
    parcelNo: v.parcelNo,
    location: v.location,
    area: r.area!,
    years: r.years,
    price: r.price,
    suppliedOn: v.suppliedOn,
    note: v.note,
    instalments: r.rows,
    version: v.version && /^\d{1,9}$/.test(v.version) ? Number(v.version) : null,
  };
}

/** 用地指标 form: the quota of one county and year, in 亩. */
export const LandQuotaForm = z
  .object({
    countyId: z.string({ error: "请选择县区" }).check(z.regex(/^\d{1,9}$/, "请选择县区")),
    year: z.string().check(z.regex(/^\d{4}$/, "年份无效")),
    quota: z.string({ error: "请填写用地指标（亩）" }).check(z.trim(), z.minLength(1, "请填写用地指标（亩）")),
    version: z.optional(z.string()),
  })
  .check(
    z.superRefine((v, c) => {
      const q = parseMu(v.quota);
      if (q === null)
        c.issues.push({ code: "custom", path: ["quota"], message: "指标为数字，最多两位小数（亩）", input: v.quota });
      else if (q > 10_000_000)
        c.issues.push({ code: "custom", path: ["quota"], message: "指标过大，请核对单位（亩）", input: v.quota });
    }),
  );

/** Σ of areas given as DECIMAL strings, exact, as a DECIMAL string. */
export function sumMu(values: readonly string[]): string {
  return muString(values.reduce((a, v) => a + (parseMu(v.replace(/^-/, "")) ?? 0) * (v.startsWith("-") ? -1 : 1), 0));
}
