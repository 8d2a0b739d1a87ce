// Each user's choice of channels per notification event (issue 16 §3, docs/decisions/165): which events a role
// hears of, which channels carry each by default, and the effective choice once the user's own rows are applied.
// Pure and browser-safe: the settings page and the outbox writer share it.
import type { RoleKey } from "./labels";
import type { Channel } from "./notificationMessage";
import { PERSONAL_KINDS, type NotificationKind } from "./notificationLabels";

/** The channels a user chooses among, in the page's column order; 站内 (the bell) always keeps every notification. */
export const PREF_CHANNELS = ["DINGTALK", "WECOM", "SMS", "EMAIL"] as const satisfies readonly Channel[];

/** The page's short column names (站内 is the bell). */
export const PREF_CHANNEL_LABELS: Record<Channel, string> = {
  DINGTALK: "钉钉",
  WECOM: "企业微信",
  SMS: "短信",
  EMAIL: "邮件",
};
export const IN_APP_LABEL = "站内";

export interface PrefEvent {
  kind: NotificationKind;
  /** the event in the words of the settings page */
  label: string;
  group: string;
}

/** Every event a user may choose channels for, grouped as the page shows them. */
export const PREF_EVENTS: readonly PrefEvent[] = [
  { kind: "NEW", label: "新诉求待受理", group: "企业诉求" },
  { kind: "ASSIGNED", label: "诉求指派给我", group: "企业诉求" },
  { kind: "DUE_SOON", label: "诉求即将到期", group: "企业诉求" },
  { kind: "OVERDUE", label: "诉求逾期", group: "企业诉求" },
  { kind: "ESCALATED", label: "诉求超时上报", group: "企业诉求" },
  { kind: "RESOLVED", label: "诉求办结待确认", group: "企业诉求" },
  { kind: "REOPENED", label: "诉求重新打开", group: "企业诉求" },
  { kind: "COMMENTED", label: "诉求新留言", group: "企业诉求" },
  { kind: "MILESTONE_SOON", label: "里程碑临近", group: "项目与代办" },
  { kind: "PROJECT_LAGGING", label: "项目进度预警", group: "项目与代办" },
  { kind: "PROJECT_UNASSIGNED", label: "签约项目未分配服务组", group: "项目与代办" },
  { kind: "TASK_DUE_SOON", label: "代办事项即将到期", group: "项目与代办" },
  { kind: "TASK_OVERDUE", label: "代办事项逾期", group: "项目与代办" },
  { kind: "LAND_INSTALMENT_OVERDUE", label: "出让金分期逾期", group: "项目与代办" },
  { kind: "LEAD_FOLLOW_UP", label: "线索待跟进", group: "项目与代办" },
  { kind: "SUPERVISION", label: "督办事项", group: "督办与通报" },
  { kind: "SUPERVISION_URGED", label: "督办催办", group: "督办与通报" },
  { kind: "WEEKLY_DIGEST", label: "一周一清单", group: "督办与通报" },
  { kind: "REPORT_FROZEN", label: "月度通报冻结", group: "督办与通报" },
  { kind: "REGISTRATION", label: "新的企业注册申请", group: "系统" },
  { kind: "ACCOUNT_LOCKED", label: "账号锁定", group: "系统" },
  { kind: "BACKUP_FAILED", label: "数据备份失败", group: "系统" },
];

const ISSUE_KINDS: readonly NotificationKind[] = [
  "NEW",
  "ASSIGNED",
  "DUE_SOON",
  "OVERDUE",
  "ESCALATED",
  "RESOLVED",
  "REOPENED",
  "COMMENTED",
];

const ROBOTS: Channel[] = ["DINGTALK", "WECOM"];

/** Events only some roles hear of: registrations (their reviewers), backups (administrators), unassigned projects. */
const ONLY_FOR: Partial<Record<NotificationKind, readonly RoleKey[]>> = {
  REGISTRATION: ["ADMIN", "COUNTY", "EIC"],
  BACKUP_FAILED: ["ADMIN"],
  PROJECT_UNASSIGNED: ["ADMIN", "BUREAU", "EIC"],
};

/**
 * The events a role's settings page lists: an enterprise hears only of its issues and its account, the security
 * roles only of locked accounts; the government's roles the work notices (a few only where they concern them).
 */
export function eventsFor(role: RoleKey): PrefEvent[] {
  if (role === "ENTERPRISE")
    return PREF_EVENTS.filter((e) => ISSUE_KINDS.includes(e.kind) || e.kind === "ACCOUNT_LOCKED");
  if (role === "SECADMIN" || role === "AUDITOR") return PREF_EVENTS.filter((e) => e.kind === "ACCOUNT_LOCKED");
  return PREF_EVENTS.filter((e) => ONLY_FOR[e.kind]?.includes(role) ?? true);
}

/** Does `channel` carry `kind` at all? A person's own notices (locked account, failed backup) never go to a group chat. */
export function applies(kind: NotificationKind, channel: Channel): boolean {
  return !(PERSONAL_KINDS.has(kind) && ROBOTS.includes(channel));
}

/** The channels a role may choose: an enterprise is in no government group chat, so SMS and e-mail only. */
export function channelsFor(role: RoleKey): Channel[] {
  return role === "ENTERPRISE" ? ["SMS", "EMAIL"] : [...PREF_CHANNELS];
}
/** Kinds worth a text message to government staff: a deadline passed or an escalation. */
const STAFF_SMS: ReadonlySet<NotificationKind> = new Set(["OVERDUE", "ESCALATED", "TASK_OVERDUE", "ACCOUNT_LOCKED"]);
/** The leaders: the monthly 通报 and escalations by every channel, the rest by the group and mail only. */
const LEADER_SMS: ReadonlySet<NotificationKind> = new Set([
  "REPORT_FROZEN",
  "ESCALATED",
  "SUPERVISION_URGED",
  "ACCOUNT_LOCKED",
]);
/** The administrators: the system's own alarms by text message. */
const ADMIN_SMS: ReadonlySet<NotificationKind> = new Set(["BACKUP_FAILED", "ACCOUNT_LOCKED", "REGISTRATION"]);
/** The enterprise: the issue resolved (it is asked to confirm) and its account locked, by text message. */
const ENTERPRISE_SMS: ReadonlySet<NotificationKind> = new Set(["RESOLVED", "ACCOUNT_LOCKED"]);

/**
 * The channels a role's user gets an event by until they choose otherwise. Government staff: their unit's group
 * robots and e-mail for every work notice, a text message only when a deadline passed or a matter was escalated
 * (leaders: the 通报 and escalations; administrators: the system's alarms). An enterprise is in no group chat: a
 * text message when its issue is resolved, e-mail for its issues.
 */
export function defaultChannels(role: RoleKey, kind: NotificationKind): Set<Channel> {
  const out = new Set<Channel>();
  if (role === "ENTERPRISE") {
    if (ENTERPRISE_SMS.has(kind)) out.add("SMS");
    if (ISSUE_KINDS.includes(kind) || kind === "ACCOUNT_LOCKED") out.add("EMAIL");
    return out;
  }
  for (const c of ROBOTS) if (applies(kind, c)) out.add(c);
  out.add("EMAIL");
  const sms = role === "LEADER" ? LEADER_SMS : role === "ADMIN" || role === "SECADMIN" ? ADMIN_SMS : STAFF_SMS;
  if (sms.has(kind)) out.add("SMS");
  return out;
}

/** A user's saved rows for one kind: channel → on/off (a channel without a row keeps the role's default). */
export type SavedChoice = Partial<Record<Channel, boolean>>;

/** The channels that carry `kind` to this user: the saved choice where there is one, the role's default elsewhere. */
export function effectiveChannels(role: RoleKey, kind: NotificationKind, saved?: SavedChoice): Set<Channel> {
  const out = defaultChannels(role, kind);
  const allowed = channelsFor(role);
  for (const [c, on] of Object.entries(saved ?? {}) as [Channel, boolean][]) {
    if (on && allowed.includes(c) && applies(kind, c)) out.add(c);
    else out.delete(c);
  }
  return out;
}

/** The checkbox's form field name for an event × channel. */
export const prefField = (kind: NotificationKind, channel: Channel) => `${kind}.${channel}`;
