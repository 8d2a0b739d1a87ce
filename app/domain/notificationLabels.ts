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
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
