// Chinese labels for every enum of the schema (UI language: Simplified Chinese first).
// Kept as plain records so they are usable in the browser bundle without Prisma.

export const ROLE_LABELS = {
  ADMIN: "系统管理员",
  BUREAU: "市投资促进局",
  LEADER: "市领导",
  EIC: "市经信委",
  COUNTY: "县（区、市）",
  TEAM: "专业化服务小组",
  ENTERPRISE: "企业",
  SECADMIN: "安全管理员",
  AUDITOR: "安全审计员",
  DEPARTMENT: "责任单位",
} as const;
export type RoleKey = keyof typeof ROLE_LABELS;

export const COUNTY_KIND_LABELS = { DISTRICT: "区", COUNTY: "县", CITY: "县级市", ZONE: "开发区/功能区" } as const;

export const STAGE_LABELS = {
  PREPARING: "未签约",
  SIGNED: "已签约",
  LAND: "已落地",
  FUNDING: "资金到位",
  STARTED: "已开工",
  COMPLETED: "竣工投产",
} as const;

export const MILESTONE_LABELS = {
  SIGNED: "签约",
  LAND: "落地（供地）",
  FUNDING: "资金到位",
  STARTED: "开工",
  COMPLETED: "竣工投产",
} as const;

export const POOL_LABELS = { ACTIVE: "年度计划", RESERVE: "预备项目库", WITHDRAWN: "已调出" } as const;

export const ORIGIN_LABELS = { ATTRACTION: "招商引资签约", LOCAL: "本地投资/技改" } as const;

export const SOURCE_REGION_LABELS = {
  JINGJINJI: "京津冀",
  TIANJIN: "天津（津晋合作）",
  YANGTZE_DELTA: "长三角",
  PEARL_DELTA: "珠三角",
  IN_PROVINCE: "省内",
  OTHER_DOMESTIC: "国内其他地区",
  HK_MACAO_TAIWAN: "港澳台",
  OVERSEAS: "境外",
  LOCAL: "本地",
} as const;

export const ATTRACTION_METHOD_LABELS = {
  PRECISION: "精准招商",
  TARGETED: "定向招商",
  COMMISSIONED: "委托专业机构",
  BUSINESS_REFERRAL: "以商招商",
  EXPO: "展会招商",
  OTHER: "其他",
} as const;

export const LEAD_STAGE_LABELS = {
  CONTACT: "接触",
  INSPECTION: "考察",
  NEGOTIATION: "洽谈",
  SIGNED: "签约",
  ABANDONED: "放弃",
} as const;

/**
 * 供地方式: the one list the project form, the import templates and the import validator share, so a project saved
 * from the form exports to a file that imports again (tests/integration/project-roundtrip.test.ts).
 */
export const LAND_SUPPLY_METHODS = ["出让", "划拨", "租赁", "弹性出让", "先租后让", "存量用地"] as const;
export type LandSupplyMethod = (typeof LAND_SUPPLY_METHODS)[number];

export const OFFICIAL_LEVEL_LABELS = { CITY: "市级", COUNTY: "县级" } as const;

export const SERVICE_LOG_KIND_LABELS = { VISIT: "走访", CALL: "电话", MEETING: "会议" } as const;

/** How a lead was touched (issue 22): the timeline's kinds. */
export const LEAD_TOUCH_KIND_LABELS = {
  VISIT_OUT: "外出招商",
  VISIT_IN: "来晋考察",
  CALL: "电话",
  MEETING: "会谈",
  PROMOTION: "推介会",
  DOCUMENT: "文件往来",
} as const;

export const AGENCY_TASK_KIND_LABELS = {
  PROJECT_FILING: "立项备案",
  LAND_PREAPPROVAL: "用地预审",
  PLANNING_PERMIT: "规划许可",
  ENVIRONMENTAL: "环评",
  ENERGY: "能评",
  CONSTRUCTION_PERMIT: "施工许可",
  UTILITIES: "水电气接入",
  FINANCING: "融资对接",
  OTHER: "其他",
} as const;

export const AGENCY_TASK_STATUS_LABELS = {
  PENDING: "待办",
  IN_PROGRESS: "办理中",
  DONE: "已办结",
  CANCELLED: "已取消",
} as const;
/** Agency tasks still to be done (not 已办结/已取消): the ones that can be overdue and that move with a project. */
export const OPEN_TASK_STATUSES = ["PENDING", "IN_PROGRESS"] as const;

export const ISSUE_CATEGORY_LABELS = {
  LAND: "用地",
  FINANCE: "资金/融资",
  APPROVAL: "审批手续",
  UTILITIES: "水电气暖",
  INFRASTRUCTURE: "基础设施",
  LABOR: "用工",
  POLICY: "政策兑现",
  OTHER: "其他",
} as const;

export const ISSUE_LEVEL_LABELS = { TEAM: "服务小组", COUNTY: "县级", CITY: "市级", PROVINCE: "省级" } as const;

export const ISSUE_STATUS_LABELS = {
  SUBMITTED: "已提交",
  ACCEPTED: "已受理",
  RESPONDED: "已反馈",
  RESOLVED: "已解决待确认",
  CLOSED: "已办结",
  REOPENED: "已重新打开",
} as const;

export const ISSUE_EVENT_LABELS = {
  SUBMITTED: "提交诉求",
  ACCEPTED: "受理",
  ASSIGNED: "指派",
  RESPONDED: "反馈进展",
  MARKED_COMPLEX: "标记为复杂问题",
  RESOLVED: "办结（待企业确认）",
  CONFIRMED: "企业确认解决",
  REJECTED: "企业不认可",
  REOPENED: "重新打开",
  ESCALATED: "上报上一级",
  RETURNED: "退回下一级",
  COMMENTED: "留言",
  OVERDUE: "超时",
  AUTO_ESCALATED: "超时自动升级",
  ROUTED: "交由责任单位主办",
  ASSISTED: "协办反馈",
} as const;

export const TARGET_METRIC_LABELS = {
  INFLOW_AMOUNT: "引资总额",
  LANDING_RATE: "签约项目落地率",
  START_RATE: "签约项目开工率",
  FUNDING_RATE: "资金到位率",
  TRANSFORMATION_INVESTMENT: "转型项目完成投资",
} as const;

export function label<T extends Record<string, string>>(labels: T, key: string | null | undefined): string {
  if (!key) return "—";
  return (labels as Record<string, string>)[key] ?? key;
}

/** The funnel's steps after signing (docs/design.md §4 / the issue: 签约 → 落地 → 到资 → 开工 → 投产). */
export const FUNNEL_LABELS = {
  SIGNED: "签约",
  LAND: "落地",
  FUNDING: "到资",
  STARTED: "开工",
  COMPLETED: "投产",
} as const;
