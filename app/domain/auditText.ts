// Audit entries as a person reads them (issue 12 part 5): Chinese field names, enum values through the label maps,
// people by name (the caller looks the ids up once, see auditPeopleIds), dates as 2018年3月20日 and instants as
// Beijing time to the minute. Action and entity names come from auditLabels.ts (one map for the whole app).
import { EVENT_KIND_LABELS } from "./eventLabels";
import { FUND_STATUS_LABELS, FUND_USE_LABELS, GUARANTEE_RISK_LABELS } from "./funds";
import { INCENTIVE_CONDITION_LABELS } from "./incentiveFulfilment";
import { LAND_METHOD_LABELS } from "./land";
import { CST_OFFSET_MS } from "./dates";
import { formatDeadline } from "./deadlineFormat";
import { formatWan } from "./money";
import {
  AGENCY_TASK_KIND_LABELS,
  AGENCY_TASK_STATUS_LABELS,
  ATTRACTION_METHOD_LABELS,
  ISSUE_CATEGORY_LABELS,
  ISSUE_EVENT_LABELS,
  ISSUE_LEVEL_LABELS,
  ISSUE_STATUS_LABELS,
  LEAD_STAGE_LABELS,
  MILESTONE_LABELS,
  ORIGIN_LABELS,
  POOL_LABELS,
  ROLE_LABELS,
  SERVICE_LOG_KIND_LABELS,
  LEAD_TOUCH_KIND_LABELS,
  SOURCE_REGION_LABELS,
  STAGE_LABELS,
  TARGET_METRIC_LABELS,
} from "./labels";

export const AUDIT_FIELD_LABELS: Record<string, string> = {
  abandonReason: "放弃原因",
  acceptDays: "受理时限（工作日）",
  acceptDueAt: "受理期限",
  acceptedAt: "受理时间",
  actualOn: "实际日期",
  address: "地址",
  amount: "金额",
  annualOutput: "年产值（万元）",
  annualPlanInvestment: "年度计划投资",
  budget: "预算",
  city: "举办城市",
  companyName: "参会企业",
  event: "推介活动",
  eventId: "推介活动",
  heldOn: "举办日期",
  organiser: "主办单位",
  people: "参会人员",
  venue: "举办地点",
  programmeId: "重点专项",
  startsOn: "开始日期",
  endsOn: "结束日期",
  targetProjects: "目标项目个数",
  targetTotalInvestment: "目标总投资",
  targetAnnualInvestment: "目标年度投资",
  targetStarted: "目标开工项目个数",
  targetEnterprises: "目标优势企业个数",
  targetOutput: "目标总产值",
  assigneeId: "承办人",
  assigneeName: "承办人",
  attachment: "附件",
  photos: "现场照片",
  attachmentId: "附件",
  attractionMethod: "招商方式",
  autoEscalate: "自动上报",
  category: "类别",
  closedAt: "办结时间",
  code: "编号",
  completedOn: "办结日期",
  complexDays: "复杂问题时限（工作日）",
  constructionContent: "建设内容",
  content: "内容",
  contractAmount: "合同金额",
  convertedProjectId: "转化项目编号",
  count: "数量",
  countyId: "县区",
  county: "县区",
  creditCode: "统一社会信用代码",
  date: "日期",
  deactivatedAt: "停用时间",
  description: "描述",
  displayName: "姓名",
  dueOn: "办理期限",
  dueSoonDays: "临期提醒（天）",
  email: "电子邮箱",
  enterpriseId: "企业",
  enterpriseName: "企业名称",
  entityId: "对象编号",
  escalationCount: "上报次数",
  events: "办理环节",
  evidenceNo: "凭证编号",
  evidenceNote: "凭证说明",
  expectedAmount: "预计投资额",
  fileName: "文件名",
  firstContactOn: "首次接触日期",
  firstRespondedAt: "首次反馈时间",
  followUpDone: "已回访",
  followUpOn: "回访日期",
  from: "原时间",
  fundingOn: "资金到位日期",
  handlerId: "经办人",
  handlerName: "经办人",
  industryId: "行业",
  industry: "行业",
  isActive: "启用",
  isComplex: "复杂问题",
  isKeyEnterprise: "优势企业",
  isPrimary: "主要联系人",
  isTransformation: "技改项目",
  isWorkday: "工作日",
  kind: "类型",
  landArea: "用地面积（亩）",
  landOn: "落地日期",
  landPremiumInstalments: "土地出让金分期",
  landSupplyMethod: "供地方式",
  landTermYears: "用地年限",
  latitude: "纬度",
  longitude: "经度",
  publicPromotion: "可公开推介",
  leaderId: "组长",
  level: "层级",
  lockedUntil: "锁定至",
  method: "招商方式",
  metric: "指标",
  month: "月份",
  mustChangePassword: "须修改密码",
  name: "名称",
  mergedFrom: "并入的重复记录",
  mergedInto: "已并入",
  movedRecords: "移入的记录",
  nextFollowUpOn: "下次跟进日期",
  nextStep: "下一步",
  nextStepOn: "下一步日期",
  ourPeople: "我方人员",
  theirPeople: "对方人员",
  leadId: "招商线索",
  investorId: "客商",
  investor: "客商",
  wechat: "微信号",
  note: "说明",
  occurredOn: "发生日期",
  origin: "来源",
  originRegion: "来源地",
  ownerId: "负责人",
  phone: "电话",
  planYear: "计划年度",
  plannedOn: "计划日期",
  pool: "项目库",
  projectId: "项目",
  reason: "原因",
  receivedOn: "到位日期",
  resolution: "办理结果",
  resolveDays: "办结时限（工作日）",
  resolveDueAt: "办结期限",
  resolvedAt: "办结时间",
  respondDays: "反馈时限（工作日）",
  respondDueAt: "反馈期限",
  role: "角色",
  rows: "行数",
  satisfaction: "满意度",
  serviceTeamId: "服务小组",
  signedOn: "签约日期",
  source: "来源",
  sourceRegion: "来源地区",
  stage: "阶段",
  stageChangedAt: "阶段变更时间",
  startedOn: "开工日期",
  status: "状态",
  summary: "摘要",
  teamId: "服务小组",
  title: "标题",
  notice: "通知类型",
  recipients: "接收人数",
  to: "新时间",
  totalInvestment: "总投资",
  username: "用户名",
  value: "数值",
  year: "年份",
  fundId: "资金",
  use: "资金用途",
  requestedAmount: "申请金额",
  purpose: "资金用途说明",
  reviewNote: "审核意见",
  approvedAmount: "批复金额",
  approvedOn: "批复日期",
  approvalNo: "批复文号",
  lender: "贷款银行",
  guaranteeEndsOn: "担保到期日",
  risk: "代偿风险",
  compensatedAmount: "代偿金额",
  applicationId: "资金申请",
  paidOn: "拨付日期",
  voucherNo: "拨付凭证号",
  fundingRecordId: "资金到位记录",
  conditionKind: "兑现条件",
  conditionValue: "兑现门槛（万元）",
  conditionDueOn: "兑现期限",
  reportedValue: "实际产值或税收（万元）",
  incentiveId: "项目优惠政策",
  recoveredOn: "追回日期",
  recoveryVoucherNo: "追回凭证号",
  supplyMethod: "供地方式",
  parcelNo: "宗地编号",
  location: "土地坐落",
  area: "供地面积（亩）",
  years: "年限（年）",
  price: "出让金（万元）",
  suppliedOn: "供地日期",
  instalments: "分期缴纳",
  quota: "用地指标（亩）",
  attachments: "附件",
};

/** Fields holding a user id: shown by the person's name. */
export const PERSON_FIELDS = new Set([
  "assigneeId",
  "actorId",
  "handlerId",
  "leaderId",
  "ownerId",
  "createdById",
  "updatedById",
  "loggedById",
  "submittedById",
  "decidedById",
  "frozenById",
  "uploadedById",
  "requestedById",
  "userId",
]);

/** Money fields (integer 万元): shown exactly, "59,000万元". */
const MONEY_FIELDS = new Set([
  "amount",
  "totalInvestment",
  "contractAmount",
  "annualPlanInvestment",
  "expectedAmount",
  "budget",
  "targetTotalInvestment",
  "targetAnnualInvestment",
  "targetOutput",
  "requestedAmount",
  "approvedAmount",
  "compensatedAmount",
]);

/** Bookkeeping that means nothing to a reader (and secrets that must never be shown). */
const HIDDEN_FIELDS = new Set(["id", "version", "updatedAt", "createdAt", "passwordHash", "nameGrams", "storageKey"]);

const ENUMS_BY_FIELD: Record<string, Record<string, string>[]> = {
  pool: [POOL_LABELS],
  origin: [ORIGIN_LABELS],
  sourceRegion: [SOURCE_REGION_LABELS],
  attractionMethod: [ATTRACTION_METHOD_LABELS],
  method: [ATTRACTION_METHOD_LABELS],
  category: [ISSUE_CATEGORY_LABELS],
  level: [ISSUE_LEVEL_LABELS],
  role: [ROLE_LABELS],
  metric: [TARGET_METRIC_LABELS],
  events: [ISSUE_EVENT_LABELS],
  use: [FUND_USE_LABELS],
  risk: [GUARANTEE_RISK_LABELS],
  conditionKind: [INCENTIVE_CONDITION_LABELS],
  supplyMethod: [LAND_METHOD_LABELS],
};

function enumMaps(entity: string, field: string): Record<string, string>[] {
  if (field === "stage") {
    if (entity === "Milestone") return [MILESTONE_LABELS, STAGE_LABELS];
    if (entity === "Lead") return [LEAD_STAGE_LABELS];
    return [STAGE_LABELS, MILESTONE_LABELS];
  }
  if (field === "status")
    return entity === "AgencyTask"
      ? [AGENCY_TASK_STATUS_LABELS]
      : entity === "FundApplication"
        ? [FUND_STATUS_LABELS]
        : [ISSUE_STATUS_LABELS];
  if (field === "kind")
    return entity === "ServiceLog"
      ? [SERVICE_LOG_KIND_LABELS]
      : entity === "LeadTouch"
        ? [LEAD_TOUCH_KIND_LABELS]
        : entity === "PromotionEvent"
          ? [EVENT_KIND_LABELS]
          : [AGENCY_TASK_KIND_LABELS];
  return ENUMS_BY_FIELD[field] ?? [];
}

export function auditFieldLabel(field: string): string {
  return AUDIT_FIELD_LABELS[field] ?? field;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "2026年12月6日 11:21" — an instant in Beijing time, to the minute. */
export function formatAuditTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const t = typeof d === "string" ? new Date(d) : d;
  if (Number.isNaN(t.getTime())) return String(d);
  const l = new Date(t.getTime() + CST_OFFSET_MS);
  const hh = String(l.getUTCHours()).padStart(2, "0");
  const mm = String(l.getUTCMinutes()).padStart(2, "0");
  return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日 ${hh}:${mm}`;
}

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export type PeopleNames = ReadonlyMap<number, string>;

/** One value as a reader sees it. */
export function auditValueText(entity: string, field: string, v: unknown, people: PeopleNames = new Map()): string {
  if (v === null || v === undefined || v === "") return "空";
  if (Array.isArray(v)) return v.length ? v.map((x) => auditValueText(entity, field, x, people)).join("、") : "空";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (PERSON_FIELDS.has(field) && (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v)))) {
    return people.get(Number(v)) ?? `用户 #${v}`;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.fileName === "string") return o.fileName;
    if (typeof o.name === "string") return o.name;
    return describeFields(entity, o, people) || "—";
  }
  if (typeof v === "number" && MONEY_FIELDS.has(field) && Number.isSafeInteger(v)) return formatWan(v);
  if (typeof v === "string") {
    for (const m of enumMaps(entity, field)) if (v in m) return m[v];
    if (ISO_DATE.test(v)) return chineseDate(v);
    if (ISO_INSTANT.test(v)) return /DueAt$/.test(field) ? formatDeadline(v) : formatAuditTime(v);
    return v;
  }
  return String(v);
}

function shown(field: string): boolean {
  return !HIDDEN_FIELDS.has(field);
}

function describeFields(entity: string, o: Record<string, unknown>, people: PeopleNames): string {
  return Object.keys(o)
    .filter(shown)
    .map((k) => `${auditFieldLabel(k)}：${auditValueText(entity, k, o[k], people)}`)
    .join("；");
}

/**
 * What an audit entry changed, e.g. "阶段：已签约 → 已落地；实际日期：空 → 2018年3月20日". Fields whose value did
 * not change are left out; a field only in `after` is shown as its new value.
 */
export function describeAuditChange(
  e: { entity: string; before: unknown; after: unknown },
  people: PeopleNames = new Map(),
  maxFields = 8,
): string {
  const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);
  const a = isObj(e.after) ? e.after : {};
  const b = isObj(e.before) ? e.before : {};
  if (!isObj(e.after) && !isObj(e.before)) return "";
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(shown);
  const parts: string[] = [];
  for (const k of keys) {
    const label = auditFieldLabel(k);
    const inA = k in a && a[k] !== undefined;
    const inB = k in b && b[k] !== undefined;
    if (inA && inB) {
      if (JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
      parts.push(
        `${label}：${auditValueText(e.entity, k, b[k], people)} → ${auditValueText(e.entity, k, a[k], people)}`,
      );
    } else if (inA) {
      parts.push(`${label}：${auditValueText(e.entity, k, a[k], people)}`);
    } else if (inB && isObj(e.after)) {
      parts.push(`${label}：${auditValueText(e.entity, k, b[k], people)} → 空`);
    } else if (inB) {
      parts.push(`${label}：${auditValueText(e.entity, k, b[k], people)}`);
    }
  }
  return parts.length > maxFields ? `${parts.slice(0, maxFields).join("；")}；等 ${parts.length} 项` : parts.join("；");
}

/** Every user id an entry refers to (the actor and person fields), for one batched name lookup. */
export function auditPeopleIds(rows: { actorId: number | null; before: unknown; after: unknown }[]): number[] {
  const ids = new Set<number>();
  const walk = (x: unknown) => {
    if (!x || typeof x !== "object") return;
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (PERSON_FIELDS.has(k) && (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v)))) {
        ids.add(Number(v));
      }
    }
  };
  for (const r of rows) {
    if (r.actorId !== null) ids.add(r.actorId);
    walk(r.before);
    walk(r.after);
  }
  return [...ids];
}
