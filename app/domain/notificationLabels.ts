// Notification kinds and their Chinese labels (browser-safe; the model writes the kinds).
export const NOTIFICATION_KINDS = {
  NEW: "新诉求待受理",
  ASSIGNED: "指派给您",
  DUE_SOON: "即将到期",
  OVERDUE: "已超时",
  ESCALATED: "超时自动上报",
  RESOLVED: "待确认办理结果",
  REOPENED: "诉求重新打开",
  COMMENTED: "新留言",
  BACKUP_FAILED: "数据备份失败",
  ACCOUNT_LOCKED: "账号已锁定",
  DELIVERY_FAILED: "外部通知未送达",
  SUPERVISION: "督办事项",
  SUPERVISION_URGED: "督办催办",
  MILESTONE_SOON: "里程碑临近",
  PROJECT_LAGGING: "项目进度预警",
  TASK_DUE_SOON: "代办事项即将到期",
  TASK_OVERDUE: "代办事项已逾期",
  LEAD_FOLLOW_UP: "线索待跟进",
  PROJECT_UNASSIGNED: "签约项目未分配服务组",
  REPORT_FROZEN: "月度通报已冻结",
  WEEKLY_DIGEST: "一周一清单",
  REGISTRATION: "新的企业注册申请",
  LAND_INSTALMENT_OVERDUE: "出让金分期逾期",
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Notices about one person or the system itself: never posted to a group chat. */
export const PERSONAL_KINDS: ReadonlySet<NotificationKind> = new Set([
  "BACKUP_FAILED",
  "ACCOUNT_LOCKED",
  "DELIVERY_FAILED",
]);

/** Notices sent even in the quiet hours (22:00–07:30): a deadline passed, an escalation, a locked account, a failed backup. */
export const URGENT_KINDS: ReadonlySet<NotificationKind> = new Set([
  "OVERDUE",
  "ESCALATED",
  "ACCOUNT_LOCKED",
  "BACKUP_FAILED",
]);

/**
 * The sweep's reminders and digests: many at once (a Monday's digests, a first run), so a robot's 20 a minute are
 * given to the other notices first — an issue's message must not wait behind a backlog of reminders.
 */
export const BULK_KINDS: readonly NotificationKind[] = [
  "MILESTONE_SOON",
  "PROJECT_LAGGING",
  "TASK_DUE_SOON",
  "TASK_OVERDUE",
  "LAND_INSTALMENT_OVERDUE",
  "LEAD_FOLLOW_UP",
  "PROJECT_UNASSIGNED",
  "WEEKLY_DIGEST",
];
