// The audit log in Chinese (issue 14, /admin/audit): what each recorded action and entity is called, and which
// actions are failures. An action not listed here is shown by its code.
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  LOGIN: "登录成功",
  LOGIN_FAILED: "登录失败",
  LOGIN_BLOCKED: "登录被拒（地址受限）",
  LOGOUT: "退出登录",
  ACCOUNT_LOCKED: "账号锁定",
  ACCOUNT_UNLOCK: "账号解锁",
  PASSWORD_CHANGE: "修改密码",
  PASSWORD_RESET: "重置密码",
  SESSIONS_END_OTHERS: "结束其他会话",
  CONTACT_UPDATE: "修改联系方式",
  USER_CREATE: "新建用户",
  USER_UPDATE: "修改用户",
  USER_ROLE_CHANGE: "变更角色或范围",
  USER_DEACTIVATE: "停用用户",
  USER_REACTIVATE: "启用用户",
  CREATE: "新建",
  UPDATE: "修改",
  DELETE: "删除",
  IMPORT: "导入",
  EXPORT: "导出",
  UPLOAD: "上传附件",
  CONFIRM: "确认",
  CANCEL: "取消",
  CONVERT: "线索转项目",
  CORRECT: "更正",
  FREEZE: "冻结报表",
  READ: "标为已读",
  READ_ALL: "全部标为已读",
  NOTIFY: "发送通知",
  LOG_MILESTONE: "登记里程碑",
  PLAN_MILESTONE: "计划里程碑",
  CORRECT_MILESTONE: "更正里程碑",
  WITHDRAW_MILESTONE: "撤回里程碑",
  ASSIGN_TEAM: "分配服务小组",
  HANDOVER_TEAM: "小组交接",
  PLAN_ADJUST: "动态调整",
  ISSUE_OVERDUE: "诉求超时",
  ISSUE_AUTO_ESCALATE: "诉求自动上报",
  RECOMPUTE_DEADLINES: "重算时限",
  BACKUP_START: "开始备份",
  POLICY_CHANGE: "修改安全策略",
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  User: "用户",
  Session: "登录会话",
  Address: "访问地址",
  Project: "项目",
  Milestone: "里程碑",
  FundingRecord: "资金到位",
  InvestmentRecord: "月度完成投资",
  ServiceLog: "服务记录",
  AgencyTask: "代办事项",
  CoordinationIssue: "企业诉求",
  CoordinationList: "协调问题清单",
  Enterprise: "企业",
  Lead: "招商线索",
  PlanAdjustment: "动态调整",
  Target: "目标",
  ImportJob: "数据导入",
  MonthlyReport: "月度通报",
  ReportSnapshot: "报表快照",
  Notification: "通知",
  Setting: "设置",
  SlaPolicy: "13710 时限",
  HolidayOverride: "节假日调整",
  BackupRun: "数据备份",
  AuditEvent: "审计日志",
};

/** Events that record a refusal (the rest record something done). */
export const FAILURE_ACTIONS = ["LOGIN_FAILED", "LOGIN_BLOCKED", "ACCOUNT_LOCKED"] as const;

export function auditActionLabel(a: string): string {
  return AUDIT_ACTION_LABELS[a] ?? a;
}
export function auditEntityLabel(e: string): string {
  return AUDIT_ENTITY_LABELS[e] ?? e;
}
export function auditResult(action: string): "失败" | "成功" {
  return (FAILURE_ACTIONS as readonly string[]).includes(action) ? "失败" : "成功";
}
