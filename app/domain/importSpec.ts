// The spreadsheet layout shared by the import templates, the import validator and the register export, so an
// exported file can be imported again unchanged (round trip). Headers are Chinese; amounts are integer 万元.
import { makeCreditCode } from "./creditCode";
import { LAND_SUPPLY_METHODS } from "./labels";
import { MILESTONE_STAGES, type MilestoneStage } from "./stage";

export const IMPORT_KINDS = ["projects", "deals"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  projects: "项目（含转型项目、预备项目）",
  deals: "招商引资签约项目",
};

/** Short names for file names and headings. */
export const IMPORT_KIND_SHORT: Record<ImportKind, string> = { projects: "项目", deals: "签约项目" };

/** Largest upload accepted (an XLSX of 100,000 rows is well below it). */
export const MAX_UPLOAD_MB = 30;

export type ColumnType = "text" | "amount" | "year" | "date" | "bool" | "decimal" | "int" | "choice";

export type ColumnKey =
  | "code"
  | "name"
  | "county"
  | "industry"
  | "origin"
  | "enterpriseName"
  | "creditCode"
  | "sourceRegion"
  | "attractionMethod"
  | "totalInvestment"
  | "contractAmount"
  | "annualPlanInvestment"
  | "planYear"
  | "isTransformation"
  | "pool"
  | "constructionContent"
  | "landArea"
  | "landSupplyMethod"
  | "landTermYears"
  | "landPremiumInstalments"
  | "signedOn"
  | "landOn"
  | "fundingOn"
  | "startedOn"
  | "completedOn";

export interface ColumnSpec {
  key: ColumnKey;
  header: string;
  type: ColumnType;
  /** Other headers people write for the same column (matched after normalising). */
  aliases?: string[];
  /** What to write, for the instructions sheet. */
  help: string;
  example: string | number;
  width?: number;
}

/** The milestone whose actual date each date column carries. */
export const DATE_COLUMN_STAGE: Partial<Record<ColumnKey, MilestoneStage>> = {
  signedOn: "SIGNED",
  landOn: "LAND",
  fundingOn: "FUNDING",
  startedOn: "STARTED",
  completedOn: "COMPLETED",
};
export const STAGE_DATE_COLUMN: Record<MilestoneStage, ColumnKey> = {
  SIGNED: "signedOn",
  LAND: "landOn",
  FUNDING: "fundingOn",
  STARTED: "startedOn",
  COMPLETED: "completedOn",
};
export const MILESTONE_DATE_KEYS: ColumnKey[] = MILESTONE_STAGES.map((s) => STAGE_DATE_COLUMN[s]);

const COLUMNS: Record<ColumnKey, ColumnSpec> = {
  code: {
    key: "code",
    header: "项目编号",
    type: "text",
    aliases: ["编号"],
    help: "可留空，留空时系统自动编号；填写时不能与已有项目重复（字母、数字、连字符，最长 30 位）",
    example: "ZX2018-001",
    width: 14,
  },
  name: {
    key: "name",
    header: "项目名称",
    type: "text",
    help: "最长 120 字",
    example: "晋中开发区智能装备产业园",
    width: 30,
  },
  county: {
    key: "county",
    header: "县（区、市）",
    type: "choice",
    aliases: ["县区", "所属县区", "县（市、区）", "所在县区"],
    help: "县区名称或行政区划代码，见“参考数据”表",
    example: "榆次区",
    width: 14,
  },
  industry: {
    key: "industry",
    header: "产业",
    type: "choice",
    aliases: ["所属产业", "产业类别", "行业"],
    help: "产业名称或代码，见“参考数据”表",
    example: "新能源汽车及装备制造",
    width: 18,
  },
  origin: {
    key: "origin",
    header: "项目来源",
    type: "choice",
    help: "招商引资签约 或 本地投资/技改",
    example: "招商引资签约",
    width: 14,
  },
  enterpriseName: {
    key: "enterpriseName",
    header: "投资企业",
    type: "text",
    aliases: ["企业名称", "投资主体"],
    help: "企业全称；按统一社会信用代码匹配已有企业，找不到时新建",
    example: "晋中智能装备有限公司",
    width: 26,
  },
  creditCode: {
    key: "creditCode",
    header: "统一社会信用代码",
    type: "text",
    aliases: ["信用代码", "企业信用代码"],
    help: "18 位，校验位须正确（GB 32100）；填写投资企业时必填",
    example: makeCreditCode("91", "140700", "MA0GRXKL1"),
    width: 22,
  },
  sourceRegion: {
    key: "sourceRegion",
    header: "来源地区",
    type: "choice",
    aliases: ["资金来源地", "来源地"],
    help: "京津冀、天津（津晋合作）、长三角、珠三角、省内、国内其他地区、境外、本地",
    example: "京津冀",
    width: 14,
  },
  attractionMethod: {
    key: "attractionMethod",
    header: "招商方式",
    type: "choice",
    help: "精准招商、定向招商、委托专业机构、以商招商、展会招商、其他",
    example: "精准招商",
    width: 12,
  },
  totalInvestment: {
    key: "totalInvestment",
    header: "总投资（万元）",
    type: "amount",
    aliases: ["总投资"],
    help: "整数万元，不小于 0（1 亿元 = 10000 万元）",
    example: 120000,
    width: 14,
  },
  contractAmount: {
    key: "contractAmount",
    header: "签约额（万元）",
    type: "amount",
    aliases: ["签约额", "签约金额（万元）", "合同金额（万元）"],
    help: "整数万元；本地投资/技改项目为 0 或留空",
    example: 120000,
    width: 14,
  },
  annualPlanInvestment: {
    key: "annualPlanInvestment",
    header: "年度计划投资（万元）",
    type: "amount",
    aliases: ["年度计划投资", "年度投资（万元）"],
    help: "整数万元，可留空（视为 0）",
    example: 30000,
    width: 16,
  },
  planYear: {
    key: "planYear",
    header: "计划年度",
    type: "year",
    aliases: ["年度"],
    help: "四位年份，如 2018",
    example: 2018,
    width: 10,
  },
  isTransformation: {
    key: "isTransformation",
    header: "转型项目",
    type: "bool",
    aliases: ["是否转型项目"],
    help: "是 或 否，留空为否",
    example: "否",
    width: 10,
  },
  pool: {
    key: "pool",
    header: "项目库",
    type: "choice",
    help: "年度计划、预备项目库 或 已调出，留空为年度计划",
    example: "年度计划",
    width: 12,
  },
  constructionContent: {
    key: "constructionContent",
    header: "建设内容",
    type: "text",
    aliases: ["建设规模及内容", "主要建设内容"],
    help: "可留空",
    example: "建设智能装备生产车间及配套设施",
    width: 40,
  },
  landArea: {
    key: "landArea",
    header: "用地面积（亩）",
    type: "decimal",
    aliases: ["用地面积"],
    help: "不小于 0，最多两位小数，可留空",
    example: 120.5,
    width: 12,
  },
  landSupplyMethod: {
    key: "landSupplyMethod",
    header: "供地方式",
    type: "choice",
    help: LAND_SUPPLY_METHODS.join("、") + "，可留空",
    example: "出让",
    width: 10,
  },
  landTermYears: {
    key: "landTermYears",
    header: "出让年限（年）",
    type: "int",
    aliases: ["出让年限"],
    help: "1–70 的整数，可留空（工业用地弹性出让最低 30 年）",
    example: 30,
    width: 12,
  },
  landPremiumInstalments: {
    key: "landPremiumInstalments",
    header: "出让金分期缴纳",
    type: "bool",
    aliases: ["土地出让金分期缴纳"],
    help: "是 或 否，留空为否",
    example: "否",
    width: 12,
  },
  signedOn: {
    key: "signedOn",
    header: "签约日期",
    type: "date",
    help: "实际日期，格式 2018-03-15；各阶段须依次达到，日期不早于上一阶段、不晚于今天",
    example: "2018-03-15",
    width: 12,
  },
  landOn: {
    key: "landOn",
    header: "落地（供地）日期",
    type: "date",
    aliases: ["落地日期", "供地日期"],
    help: "实际日期；填写时须已有签约日期",
    example: "2018-05-20",
    width: 14,
  },
  fundingOn: {
    key: "fundingOn",
    header: "资金到位日期",
    type: "date",
    aliases: ["到资日期"],
    help: "实际日期；填写时须已有落地日期",
    example: "",
    width: 12,
  },
  startedOn: {
    key: "startedOn",
    header: "开工日期",
    type: "date",
    help: "实际日期；填写时须已有资金到位日期",
    example: "",
    width: 12,
  },
  completedOn: {
    key: "completedOn",
    header: "竣工投产日期",
    type: "date",
    aliases: ["竣工日期", "投产日期"],
    help: "实际日期；填写时须已有开工日期",
    example: "",
    width: 12,
  },
};

export interface KindSpec {
  kind: ImportKind;
  columns: ColumnSpec[];
  required: ReadonlySet<ColumnKey>;
}

const PROJECT_KEYS: ColumnKey[] = [
  "code",
  "name",
  "county",
  "industry",
  "origin",
  "enterpriseName",
  "creditCode",
  "sourceRegion",
  "attractionMethod",
  "totalInvestment",
  "contractAmount",
  "annualPlanInvestment",
  "planYear",
  "isTransformation",
  "pool",
  "constructionContent",
  "landArea",
  "landSupplyMethod",
  "landTermYears",
  "landPremiumInstalments",
  ...MILESTONE_DATE_KEYS,
];

// A signed deal is a project whose origin is 招商引资签约 and that has a signing date (docs/design.md §3).
const DEAL_KEYS: ColumnKey[] = [
  "code",
  "name",
  "county",
  "industry",
  "enterpriseName",
  "creditCode",
  "sourceRegion",
  "attractionMethod",
  "contractAmount",
  "totalInvestment",
  "planYear",
  "constructionContent",
  ...MILESTONE_DATE_KEYS,
];

export const KIND_SPECS: Record<ImportKind, KindSpec> = {
  projects: {
    kind: "projects",
    columns: PROJECT_KEYS.map((k) => COLUMNS[k]),
    required: new Set<ColumnKey>(["name", "county", "industry", "origin", "totalInvestment", "planYear"]),
  },
  deals: {
    kind: "deals",
    columns: DEAL_KEYS.map((k) => COLUMNS[k]),
    required: new Set<ColumnKey>([
      "name",
      "county",
      "industry",
      "enterpriseName",
      "creditCode",
      "sourceRegion",
      "attractionMethod",
      "contractAmount",
      "signedOn",
    ]),
  },
};

/** Columns the register export adds after the importable ones; an import ignores them. */
export const EXPORT_EXTRA_HEADERS = ["当前阶段", "服务小组", "领办领导", "最近更新"] as const;

/** Header text as people type it: no spaces or required-marks, full-width brackets. */
export function normalizeHeader(raw: string): string {
  return raw
    .replace(/[\s\u3000*＊]/g, "")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/,/g, "，");
}

/** Header (normalised) → column key for a kind. */
export function headerIndex(kind: ImportKind): Map<string, ColumnKey> {
  const m = new Map<string, ColumnKey>();
  for (const c of KIND_SPECS[kind].columns) {
    m.set(normalizeHeader(c.header), c.key);
    for (const a of c.aliases ?? []) m.set(normalizeHeader(a), c.key);
  }
  return m;
}

export function columnSpec(key: ColumnKey): ColumnSpec {
  return COLUMNS[key];
}

// ---------------------------------------------------------------- import jobs

export const IMPORT_STATUS_LABELS = {
  QUEUED: "排队检查",
  VALIDATING: "正在检查",
  READY: "检查通过，待确认导入",
  INVALID: "有错误，未导入",
  COMMIT_QUEUED: "排队导入",
  IMPORTING: "正在导入",
  DONE: "已导入",
  FAILED: "导入失败",
  CANCELLED: "已取消",
} as const;
export type ImportStatus = keyof typeof IMPORT_STATUS_LABELS;

/** A worker beats this often (besides its progress writes) while it holds a job (docs/decisions/096). */
export const IMPORT_HEARTBEAT_S = 5;
/** Without a heartbeat for this long (three missed beats) the job page says the work was interrupted. */
export const IMPORT_INTERRUPTED_AFTER_S = 15;
/** A worker whose heartbeat is older than this is presumed dead: its job is taken over and starts again. */
export const IMPORT_STALE_AFTER_S = 30;

/**
 * What the job page says once the worker's heartbeat stopped: where it stopped, that nothing of it stays (the
 * write is one transaction, rolled back with the dead connection), and that it starts again by itself.
 */
export function importInterruptedText(job: { status: string; processedRows: number; totalRows: number }): {
  title: string;
  text: string;
} {
  const resume = `系统将在心跳停止约 ${IMPORT_STALE_AFTER_S} 秒后自动重新开始，无需重新上传或再次确认。`;
  if (job.status === "IMPORTING") {
    const where = job.processedRows > 0 ? `写入到 ${job.processedRows} / ${job.totalRows} 行时` : "写入前复核文件时";
    return {
      title: "导入已中断，将自动继续",
      text: `导入在${where}中断（处理该任务的服务进程已停止），本次已写入的行已全部撤销，没有留下任何数据。${resume}`,
    };
  }
  const where = job.processedRows > 0 ? `已检查 ${job.processedRows} 行时` : "开始读取文件时";
  return {
    title: "检查已中断，将自动继续",
    text: `文件检查在${where}中断（处理该任务的服务进程已停止）。${resume}`,
  };
}

/** Statuses a worker is (or will be) busy with: the page keeps polling. */
export function importIsRunning(status: string): boolean {
  return status === "QUEUED" || status === "VALIDATING" || status === "COMMIT_QUEUED" || status === "IMPORTING";
}

export interface ImportPreviewRow {
  rowNo: number;
  code: string | null;
  name: string;
  county: string;
  industry: string;
  enterprise: string | null;
  totalInvestment: number;
  contractAmount: number;
  planYear: number;
  stage: "PREPARING" | MilestoneStage;
}

/** What a checked file holds (stored on the job as its preview) and, once imported, the outcome. */
export interface ImportSummary {
  rows: number;
  milestones: number;
  newEnterprises: number;
  matchedEnterprises: number;
  transformation: number;
  /** Σ 万元 (a 100,000-row file stays far below 2^53). */
  totalInvestment: number;
  contractAmount: number;
  byStage: Record<string, number>;
  ignoredHeaders: string[];
  warnings: Array<{ row: number; column: string; message: string }>;
  preview: ImportPreviewRow[];
  result?: { imported: number; enterprisesCreated: number; firstCode: string; lastCode: string };
}
