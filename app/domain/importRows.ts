// Row validation for project / signed-deal imports: every cell of a spreadsheet row is checked and turned into a
// typed row, or into Chinese problems naming the row, the column and what is wrong. Pure: the reference data
// (counties, industries) and "today" come in; database checks (code taken, enterprise exists) are done by the
// caller (app/models/importJob.server.ts).
import { checkCreditCode, CREDIT_CODE_MESSAGES, normalizeCreditCode } from "./creditCode";
import { isIsoDate, toIsoDate, type IsoDate } from "./dates";
import {
  columnSpec,
  headerIndex,
  KIND_SPECS,
  normalizeHeader,
  STAGE_DATE_COLUMN,
  type ColumnKey,
  type ImportKind,
} from "./importSpec";
import {
  ATTRACTION_METHOD_LABELS,
  LAND_SUPPLY_METHODS,
  MILESTONE_LABELS,
  ORIGIN_LABELS,
  POOL_LABELS,
  SOURCE_REGION_LABELS,
} from "./labels";
import { MILESTONE_STAGES, type MilestoneStage } from "./stage";

/** A cell as the spreadsheet readers hand it over. */
export type Cell = string | number | boolean | Date | null;

export interface RowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

export type SourceRegionKey = keyof typeof SOURCE_REGION_LABELS;
export type AttractionMethodKey = keyof typeof ATTRACTION_METHOD_LABELS;
export type PoolKey = keyof typeof POOL_LABELS;
export type OriginKey = keyof typeof ORIGIN_LABELS;

export interface ImportRow {
  rowNo: number;
  code: string | null;
  name: string;
  countyId: number;
  industryId: number;
  origin: OriginKey;
  enterpriseName: string | null;
  creditCode: string | null;
  sourceRegion: SourceRegionKey | null;
  attractionMethod: AttractionMethodKey | null;
  totalInvestment: number;
  contractAmount: number;
  annualPlanInvestment: number;
  planYear: number;
  isTransformation: boolean;
  pool: PoolKey;
  constructionContent: string | null;
  /** numeric(12,2) as an exact decimal string, e.g. "120.50". */
  landArea: string | null;
  landSupplyMethod: string | null;
  landTermYears: number | null;
  landPremiumInstalments: boolean;
  /** Actual dates of the milestones reached, an unbroken chain from SIGNED. */
  milestones: Partial<Record<MilestoneStage, IsoDate>>;
}

export interface RefItem {
  id: number;
  code: string;
  name: string;
}

export interface ImportContext {
  kind: ImportKind;
  counties: RefItem[];
  industries: RefItem[];
  /** China's calendar date: actual dates cannot be later. */
  today: IsoDate;
  /** A county official may only import its own county's rows. */
  onlyCountyId: number | null;
  /** XLSX cells may hold Excel date serials; in CSV a bare number is never a date. */
  source: "xlsx" | "csv";
}

export interface HeaderMap {
  /** Column key per spreadsheet column (null = not an import column, ignored). */
  keys: (ColumnKey | null)[];
  /** The header text as written in the file, per column. */
  labels: string[];
  ignored: string[];
  errors: RowError[];
}

export const MAX_AMOUNT = 2_147_483_647; // PostgreSQL integer; ≈ 21万亿元
const MAX_TEXT: Partial<Record<ColumnKey, number>> = { name: 120, enterpriseName: 120, code: 30 };

export function cellIsEmpty(c: Cell): boolean {
  return c === null || (typeof c === "string" && c.trim() === "");
}

export function rowIsEmpty(cells: readonly Cell[]): boolean {
  return cells.every(cellIsEmpty);
}

/** Maps the header row; missing required columns and repeated columns are errors on row 1. */
export function mapHeaders(cells: readonly Cell[], kind: ImportKind): HeaderMap {
  const index = headerIndex(kind);
  const keys: (ColumnKey | null)[] = [];
  const labels: string[] = [];
  const ignored: string[] = [];
  const errors: RowError[] = [];
  const seen = new Map<ColumnKey, string>();
  cells.forEach((c) => {
    const label = c === null ? "" : String(c instanceof Date ? toIsoDate(c) : c).trim();
    labels.push(label);
    const key = label ? (index.get(normalizeHeader(label)) ?? null) : null;
    if (key && seen.has(key)) {
      errors.push({ row: 1, column: label, message: `与“${seen.get(key)}”列重复，请只保留一列` });
      keys.push(null);
      return;
    }
    if (key) seen.set(key, label);
    else if (label) ignored.push(label);
    keys.push(key);
  });
  for (const key of KIND_SPECS[kind].required) {
    if (!seen.has(key))
      errors.push({ row: 1, column: columnSpec(key).header, message: "缺少必填列，请使用导入模板的表头" });
  }
  return { keys, labels, ignored, errors };
}

/** Undoes the CSV formula guard of the export ("'=…" → "=…"). */
export function unguardFormula(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

/** Prefixes text Excel would run as a formula (CSV injection) with an apostrophe. */
export function guardFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

function asText(c: Cell): string | null {
  if (cellIsEmpty(c)) return null;
  if (c instanceof Date) return toIsoDate(c);
  if (typeof c === "boolean") return c ? "是" : "否";
  return unguardFormula(String(c).trim());
}

export function parseAmount(c: Cell): Parsed<number | null> {
  if (cellIsEmpty(c)) return ok(null);
  let n: number;
  if (typeof c === "number") n = c;
  else if (typeof c === "string") {
    const s = c.replace(/[,，\s]/g, "").replace(/万元$|万$/, "");
    if (!/^-?\d+(\.\d+)?$/.test(s)) return bad(`“${c}”不是数字，请填写整数万元`);
    n = Number(s);
  } else return bad("请填写整数万元");
  if (n < 0) return bad("金额不能为负数");
  if (!Number.isInteger(n)) return bad(`“${c}”有小数，金额须为整数万元`);
  if (n > MAX_AMOUNT) return bad("金额过大，请确认单位为万元");
  return ok(n);
}

export function parseYear(c: Cell): Parsed<number | null> {
  if (cellIsEmpty(c)) return ok(null);
  const s = typeof c === "number" ? String(c) : String(c).trim().replace(/年$/, "");
  if (!/^\d{4}$/.test(s)) return bad(`“${String(c)}”不是四位年份`);
  const y = Number(s);
  if (y < 2000 || y > 2100) return bad("年度须在 2000–2100 之间");
  return ok(y);
}

// Excel's day 0 is 1899-12-30 (it counts the nonexistent 1900-02-29).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export function parseDate(c: Cell, source: "xlsx" | "csv"): Parsed<IsoDate | null> {
  if (cellIsEmpty(c)) return ok(null);
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return bad("日期无效");
    // exceljs gives date cells as UTC midnight; a time part means it is not a plain date cell
    return ok(toIsoDate(new Date(Math.floor(c.getTime() / 86_400_000) * 86_400_000)));
  }
  if (typeof c === "number") {
    if (source === "xlsx" && Number.isInteger(c) && c > 0 && c < 2_958_466) {
      return ok(toIsoDate(new Date(EXCEL_EPOCH_MS + c * 86_400_000)));
    }
    if (/^\d{8}$/.test(String(c))) return parseDate(String(c), source);
    return bad(`“${c}”不是日期，请按 2017-03-15 的格式填写`);
  }
  const s = String(c).trim();
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return bad(`“${s}”不是日期，请按 2017-03-15 的格式填写`);
  const iso = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  if (!isIsoDate(iso)) return bad(`“${s}”不是有效日期`);
  if (iso < "2000-01-01") return bad("日期不能早于 2000 年");
  return ok(iso);
}

const TRUE_WORDS = new Set(["是", "y", "yes", "true", "1", "√", "✓", "对"]);
const FALSE_WORDS = new Set(["否", "n", "no", "false", "0", "×", "✗", "不是"]);

export function parseBool(c: Cell): Parsed<boolean | null> {
  if (cellIsEmpty(c)) return ok(null);
  if (typeof c === "boolean") return ok(c);
  const s = String(c).trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return ok(true);
  if (FALSE_WORDS.has(s)) return ok(false);
  return bad(`“${String(c)}”无法识别，请填写“是”或“否”`);
}

export function parseLandArea(c: Cell): Parsed<string | null> {
  if (cellIsEmpty(c)) return ok(null);
  let s: string;
  if (typeof c === "number") {
    if (c < 0) return bad("用地面积不能为负数");
    const cents = Math.round(c * 100);
    if (Math.abs(cents - c * 100) > 1e-6) return bad("用地面积最多保留两位小数");
    s = (cents / 100).toFixed(2);
  } else {
    const t = String(c).trim().replace(/亩$/, "").replace(/[,，]/g, "");
    if (t.startsWith("-")) return bad("用地面积不能为负数");
    if (!/^\d+(\.\d{1,2})?$/.test(t)) return bad(`“${String(c)}”不是面积数字（亩，最多两位小数）`);
    const [whole, frac = ""] = t.split(".");
    s = `${whole.replace(/^0+(?=\d)/, "")}.${frac.padEnd(2, "0")}`;
  }
  if (s.split(".")[0].length > 10) return bad("用地面积过大");
  return ok(s);
}

export function parseInt1to70(c: Cell): Parsed<number | null> {
  if (cellIsEmpty(c)) return ok(null);
  const s = typeof c === "number" ? String(c) : String(c).trim().replace(/年$/, "");
  if (!/^\d+$/.test(s)) return bad(`“${String(c)}”不是整数年限`);
  const n = Number(s);
  if (n < 1 || n > 70) return bad("出让年限须在 1–70 年之间");
  return ok(n);
}

function choiceMap<K extends string>(labels: Record<K, string>, extra: Record<string, K> = {}): Map<string, K> {
  const m = new Map<string, K>();
  for (const [k, l] of Object.entries(labels) as [K, string][]) {
    m.set(k.toLowerCase(), k);
    m.set(normalizeHeader(l), k);
  }
  for (const [w, k] of Object.entries(extra)) m.set(normalizeHeader(w), k);
  return m;
}

const ORIGINS = choiceMap(ORIGIN_LABELS, {
  招商引资: "ATTRACTION",
  招商: "ATTRACTION",
  签约: "ATTRACTION",
  本地投资: "LOCAL",
  技改: "LOCAL",
  本地: "LOCAL",
});
const REGIONS = choiceMap(SOURCE_REGION_LABELS, {
  天津: "TIANJIN",
  津晋合作: "TIANJIN",
  国内其他: "OTHER_DOMESTIC",
  国外: "OVERSEAS",
  境外及港澳台: "OVERSEAS",
});
const METHODS = choiceMap(ATTRACTION_METHOD_LABELS, {
  委托招商: "COMMISSIONED",
  专业机构: "COMMISSIONED",
  展会: "EXPO",
});
const POOLS = choiceMap(POOL_LABELS, {
  计划: "ACTIVE",
  年度计划项目: "ACTIVE",
  预备: "RESERVE",
  预备项目: "RESERVE",
  预备库: "RESERVE",
  调出: "WITHDRAWN",
});

function pick<K extends string>(map: Map<string, K>, c: Cell, allowed: string): Parsed<K | null> {
  const s = asText(c);
  if (s === null) return ok(null);
  const k = map.get(normalizeHeader(s)) ?? map.get(s.toLowerCase());
  return k ? ok(k) : bad(`“${s}”不是可选值，可填：${allowed}`);
}

function refLookup(items: RefItem[]) {
  const m = new Map<string, RefItem>();
  for (const i of items) {
    m.set(normalizeHeader(i.name), i);
    m.set(i.code.toUpperCase(), i);
  }
  return m;
}

/** Reference lookups built once per file (thousands of rows share them). */
export function prepareContext(ctx: ImportContext) {
  return { ...ctx, countyBy: refLookup(ctx.counties), industryBy: refLookup(ctx.industries) };
}
export type PreparedContext = ReturnType<typeof prepareContext>;

const CODE_RE = /^[A-Z0-9][A-Z0-9_-]{0,29}$/;

/** Checks one data row. Returns the typed row when it has no problems. */
export function validateRow(
  cells: readonly Cell[],
  rowNo: number,
  header: HeaderMap,
  ctx: PreparedContext,
): { row: ImportRow | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const raw = new Map<ColumnKey, Cell>();
  const label = new Map<ColumnKey, string>();
  header.keys.forEach((k, i) => {
    if (!k) return;
    raw.set(k, cells[i] ?? null);
    label.set(k, header.labels[i]);
  });
  const colLabel = (k: ColumnKey) => label.get(k) ?? columnSpec(k).header;
  const fail = (k: ColumnKey, message: string) => errors.push({ row: rowNo, column: colLabel(k), message });
  const required = KIND_SPECS[ctx.kind].required;
  const get = <T>(k: ColumnKey, parse: (c: Cell) => Parsed<T | null>): T | null => {
    const c = raw.get(k) ?? null;
    const r = parse(c);
    if (!r.ok) {
      fail(k, r.message);
      return null;
    }
    if (r.value === null && required.has(k)) fail(k, "必填，不能为空");
    return r.value;
  };
  const text = (k: ColumnKey): Parsed<string | null> => {
    const s = asText(raw.get(k) ?? null);
    const max = MAX_TEXT[k];
    if (s !== null && max && s.length > max) return bad(`不能超过 ${max} 个字（现为 ${s.length} 个）`);
    return ok(s);
  };

  const codeRaw = get("code", () => text("code"));
  const code = codeRaw === null ? null : codeRaw.toUpperCase();
  if (code !== null && !CODE_RE.test(code)) fail("code", "项目编号只能包含字母、数字、连字符和下划线，最长 30 位");
  const name = get("name", () => text("name"));

  const countyText = get("county", () => text("county"));
  let countyId: number | null = null;
  if (countyText !== null) {
    const county = ctx.countyBy.get(normalizeHeader(countyText)) ?? ctx.countyBy.get(countyText.toUpperCase());
    if (!county) fail("county", `“${countyText}”不是本市的县（区、市）或开发区，请填写名称（如 榆次区）或区划代码`);
    else if (ctx.onlyCountyId !== null && county.id !== ctx.onlyCountyId)
      fail("county", `只能导入本县（区、市）的项目，不能导入“${county.name}”的项目`);
    else countyId = county.id;
  }
  const industryText = get("industry", () => text("industry"));
  let industryId: number | null = null;
  if (industryText !== null) {
    const ind = ctx.industryBy.get(normalizeHeader(industryText)) ?? ctx.industryBy.get(industryText.toUpperCase());
    if (!ind) fail("industry", `“${industryText}”不是已有的产业，请按“参考数据”表填写`);
    else industryId = ind.id;
  }

  const originPicked = get("origin", (c) => pick(ORIGINS, c, "招商引资签约、本地投资/技改"));
  const origin: OriginKey = ctx.kind === "deals" ? "ATTRACTION" : (originPicked ?? "ATTRACTION");

  const enterpriseName = get("enterpriseName", () => text("enterpriseName"));
  const creditRaw = get("creditCode", () => text("creditCode"));
  let creditCode: string | null = null;
  if (creditRaw !== null) {
    const problem = checkCreditCode(creditRaw);
    if (problem) fail("creditCode", `${CREDIT_CODE_MESSAGES[problem]}（“${creditRaw}”）`);
    else creditCode = normalizeCreditCode(creditRaw);
  } else if (enterpriseName !== null && !required.has("creditCode")) {
    fail("creditCode", "填写了投资企业时须填写统一社会信用代码");
  }

  const sourceRegion = get("sourceRegion", (c) => pick(REGIONS, c, Object.values(SOURCE_REGION_LABELS).join("、")));
  const attractionMethod = get("attractionMethod", (c) =>
    pick(METHODS, c, Object.values(ATTRACTION_METHOD_LABELS).join("、")),
  );

  const contractAmount = get("contractAmount", parseAmount);
  let totalInvestment = get("totalInvestment", parseAmount);
  const annualPlanInvestment = get("annualPlanInvestment", parseAmount);
  if (origin === "LOCAL" && contractAmount) fail("contractAmount", "本地投资/技改项目没有签约额，请填 0 或留空");

  let planYear = get("planYear", parseYear);
  const isTransformation = get("isTransformation", parseBool) ?? false;
  const pool = get("pool", (c) => pick(POOLS, c, Object.values(POOL_LABELS).join("、"))) ?? "ACTIVE";
  const constructionContent = get("constructionContent", () => text("constructionContent"));
  const landArea = get("landArea", parseLandArea);
  const landSupplyMethod = get("landSupplyMethod", (c) => {
    const s = asText(c);
    if (s === null) return ok(null);
    return (LAND_SUPPLY_METHODS as readonly string[]).includes(s)
      ? ok(s)
      : bad(`“${s}”不是可选值，可填：${LAND_SUPPLY_METHODS.join("、")}`);
  });
  const landTermYears = get("landTermYears", parseInt1to70);
  const landPremiumInstalments = get("landPremiumInstalments", parseBool) ?? false;

  // Milestones: an unbroken chain SIGNED → LAND → … with non-decreasing dates, none in the future.
  const milestones: Partial<Record<MilestoneStage, IsoDate>> = {};
  let prev: { stage: MilestoneStage; on: IsoDate | null } | null = null;
  let chainOk = true;
  for (const stage of MILESTONE_STAGES) {
    const key = STAGE_DATE_COLUMN[stage];
    const on = get(key, (c) => parseDate(c, ctx.source));
    if (on !== null) {
      if (on > ctx.today) {
        fail(key, `实际日期不能晚于今天（${ctx.today}）`);
        chainOk = false;
      } else if (prev && prev.on === null) {
        fail(
          key,
          `已填写${MILESTONE_LABELS[stage]}日期，但缺少${MILESTONE_LABELS[prev.stage]}日期（各阶段须依次达到）`,
        );
        chainOk = false;
      } else if (prev && prev.on !== null && on < prev.on) {
        fail(key, `${MILESTONE_LABELS[stage]}日期不能早于${MILESTONE_LABELS[prev.stage]}日期（${prev.on}）`);
        chainOk = false;
      } else milestones[stage] = on;
    }
    prev = { stage, on };
  }

  if (ctx.kind === "deals") {
    // a deal's plan year is its signing year unless given; its total defaults to the contracted amount
    if (planYear === null && milestones.SIGNED) planYear = Number(milestones.SIGNED.slice(0, 4));
    if (totalInvestment === null && contractAmount !== null) totalInvestment = contractAmount;
  }

  if (
    errors.length ||
    !chainOk ||
    name === null ||
    countyId === null ||
    industryId === null ||
    totalInvestment === null ||
    planYear === null
  ) {
    return { row: null, errors };
  }
  return {
    row: {
      rowNo,
      code,
      name,
      countyId,
      industryId,
      origin,
      enterpriseName,
      creditCode,
      sourceRegion,
      attractionMethod,
      totalInvestment,
      contractAmount: contractAmount ?? 0,
      annualPlanInvestment: annualPlanInvestment ?? 0,
      planYear,
      isTransformation: ctx.kind === "deals" ? false : isTransformation,
      pool: ctx.kind === "deals" ? "ACTIVE" : pool,
      constructionContent,
      landArea,
      landSupplyMethod,
      landTermYears,
      landPremiumInstalments,
      milestones,
    },
    errors,
  };
}

/** Codes repeated inside the file: every repeat after the first is an error. */
export function duplicateCodeErrors(rows: readonly ImportRow[], header: HeaderMap): RowError[] {
  const first = new Map<string, number>();
  const out: RowError[] = [];
  const column = header.labels[header.keys.indexOf("code")] || columnSpec("code").header;
  for (const r of rows) {
    if (!r.code) continue;
    const at = first.get(r.code);
    if (at !== undefined) out.push({ row: r.rowNo, column, message: `项目编号“${r.code}”与第 ${at} 行重复` });
    else first.set(r.code, r.rowNo);
  }
  return out;
}
