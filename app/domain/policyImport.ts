// 优惠政策 import (issue 15 §5 "importable", docs/decisions/162): a sheet of policies — one per row, the columns of the
// policy form — checked row by row with the form's own schema (PolicyForm), all rows or none. Pure: the route reads
// the file (app/utils/spreadsheet.server.ts), this turns rows into policy values or Chinese errors by row and column.
import { toIsoDate } from "./dates";
import { CITY_POLICY, CITY_POLICY_LABEL, PolicyForm, type PolicyFormValues } from "./incentives";
import { cellIsEmpty, parseDate, rowIsEmpty, type Cell, type RowError } from "./importRows";
import { normalizeHeader } from "./importSpec";

type Key = "county" | "category" | "title" | "content" | "validFrom" | "validTo";

export const POLICY_IMPORT_COLUMNS: { key: Key; header: string; aliases: string[]; help: string; example: string }[] = [
  {
    key: "county",
    header: "适用县区",
    aliases: ["县区", "县（区、市）", "适用范围"],
    help: `县区名称，如“榆次区”；全市适用填“市级”`,
    example: "榆次区",
  },
  {
    key: "category",
    header: "类别",
    aliases: ["政策类别"],
    help: "土地、电价、奖补、税收、基金、其他之一",
    example: "电价",
  },
  { key: "title", header: "政策名称", aliases: ["名称"], help: "最多 120 字", example: "工业企业用电补贴" },
  {
    key: "content",
    header: "政策内容",
    aliases: ["内容", "政策条款"],
    help: "最多 2000 字",
    example: "新落户工业企业用电每千瓦时补贴 0.05 元，期限三年。",
  },
  { key: "validFrom", header: "生效日期", aliases: ["起始日期"], help: "如 2017-01-01", example: "2017-01-01" },
  { key: "validTo", header: "失效日期", aliases: ["截止日期"], help: "长期有效可不填", example: "2019-12-31" },
];

export const MAX_POLICY_ROWS = 500;
const REQUIRED: Key[] = ["county", "category", "title", "content", "validFrom"];
const HEADER_OF = Object.fromEntries(POLICY_IMPORT_COLUMNS.map((c) => [c.key, c.header])) as Record<Key, string>;

/** Column positions by key, from the header row; a missing required column is an error on row 1. */
export function mapPolicyHeaders(cells: readonly Cell[]): { index: Partial<Record<Key, number>>; errors: RowError[] } {
  const byHeader = new Map<string, Key>();
  for (const c of POLICY_IMPORT_COLUMNS)
    for (const h of [c.header, ...c.aliases]) byHeader.set(normalizeHeader(h), c.key);
  const index: Partial<Record<Key, number>> = {};
  const errors: RowError[] = [];
  cells.forEach((c, i) => {
    const key = c === null ? undefined : byHeader.get(normalizeHeader(String(c)));
    if (!key) return;
    if (index[key] !== undefined)
      errors.push({ row: 1, column: String(c), message: `与“${HEADER_OF[key]}”列重复，请只保留一列` });
    else index[key] = i;
  });
  for (const k of REQUIRED)
    if (index[k] === undefined)
      errors.push({ row: 1, column: HEADER_OF[k], message: "缺少必填列，请使用导入模板的表头" });
  return { index, errors };
}

const text = (c: Cell | undefined): string =>
  c === undefined || cellIsEmpty(c) ? "" : c instanceof Date ? toIsoDate(c) : String(c).trim();

export interface PolicyImportContext {
  counties: { id: number; name: string }[];
  /** A county account imports its own county's policies only. */
  onlyCountyId: number | null;
  source: "xlsx" | "csv";
}

/** One data row → policy values, or its errors (row number as the sheet shows it). */
export function policyFromRow(
  rowNo: number,
  cells: readonly Cell[],
  index: Partial<Record<Key, number>>,
  ctx: PolicyImportContext,
): { values: PolicyFormValues; errors: [] } | { values: null; errors: RowError[] } {
  const cell = (k: Key) => (index[k] === undefined ? undefined : cells[index[k]!]);
  const errors: RowError[] = [];
  const fields: Record<string, string> = {};
  const countyText = text(cell("county"));
  if (countyText === "市级" || countyText === CITY_POLICY_LABEL || countyText === "全市") fields.county = CITY_POLICY;
  else if (countyText) {
    const c = ctx.counties.find((x) => x.name === countyText);
    if (c) fields.county = String(c.id);
    else errors.push({ row: rowNo, column: HEADER_OF.county, message: `没有名为“${countyText}”的县区` });
  }
  fields.category = text(cell("category"));
  fields.title = text(cell("title"));
  fields.content = text(cell("content"));
  for (const k of ["validFrom", "validTo"] as const) {
    const d = parseDate(cell(k) ?? null, ctx.source);
    if (d.ok) fields[k] = d.value ?? "";
    else errors.push({ row: rowNo, column: HEADER_OF[k], message: d.message });
  }
  const parsed = PolicyForm.safeParse(fields);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "") as Key;
      if (errors.some((e) => e.column === HEADER_OF[key])) continue; // the cell's own message says it better
      errors.push({ row: rowNo, column: HEADER_OF[key] ?? "", message: issue.message });
    }
  if (parsed.success && ctx.onlyCountyId !== null && parsed.data.county !== ctx.onlyCountyId)
    errors.push({ row: rowNo, column: HEADER_OF.county, message: "县区账号只能导入本县（区、市）的优惠政策" });
  return errors.length || !parsed.success ? { values: null, errors } : { values: parsed.data, errors: [] };
}

/** Every row of the sheet (header first): the policies, or all the errors. Blank rows are skipped. */
export function policiesFromSheet(
  rows: readonly { rowNo: number; cells: readonly Cell[] }[],
  ctx: PolicyImportContext,
): { policies: PolicyFormValues[]; errors: RowError[] } {
  const [head, ...data] = rows.filter((r) => !rowIsEmpty(r.cells));
  if (!head) return { policies: [], errors: [{ row: 1, column: "", message: "文件是空的，请使用导入模板填写" }] };
  const { index, errors } = mapPolicyHeaders(head.cells);
  if (errors.length) return { policies: [], errors };
  if (!data.length)
    return { policies: [], errors: [{ row: 2, column: "", message: "表中没有政策，请从第 2 行起填写" }] };
  if (data.length > MAX_POLICY_ROWS)
    return {
      policies: [],
      errors: [{ row: 1, column: "", message: `一次最多导入 ${MAX_POLICY_ROWS} 条政策，请拆分文件` }],
    };
  const policies: PolicyFormValues[] = [];
  const all: RowError[] = [];
  const titles = new Map<string, number>();
  for (const r of data) {
    const out = policyFromRow(r.rowNo, r.cells, index, ctx);
    if (!out.values) {
      all.push(...out.errors);
      continue;
    }
    // the same policy twice in one file is a slip of the pen, not two policies
    const key = `${out.values.county ?? "city"}|${out.values.title}`;
    const first = titles.get(key);
    if (first !== undefined) {
      all.push({ row: r.rowNo, column: HEADER_OF.title, message: `与第 ${first} 行的政策重复` });
      continue;
    }
    titles.set(key, r.rowNo);
    policies.push(out.values);
  }
  return all.length ? { policies: [], errors: all } : { policies, errors: [] };
}
