// What an outside channel says (issue 16, docs/decisions/110): the text of a notification for 钉钉 / 企业微信
// markdown, SMS and e-mail, and the retry schedule. Pure and browser-safe (the admin page shows the labels).
import { formatDeadline } from "./deadlineFormat";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notificationLabels";

export const CHANNELS = ["DINGTALK", "WECOM", "SMS", "EMAIL"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  DINGTALK: "钉钉群机器人",
  WECOM: "企业微信群机器人",
  SMS: "短信",
  EMAIL: "电子邮件",
};

/** What a delivery row carries: enough to write the message without reading the database again. */
export interface MessagePayload {
  /** the notification kind, or TEST for the admin page's 发送测试消息 */
  kind: NotificationKind | "TEST";
  /** the bell notification's title, e.g. "新诉求待受理：SQ… 二期用电增容" */
  title: string;
  /** the issue's own title and code, when it is about one */
  issueTitle?: string | null;
  issueCode?: string | null;
  /** the earliest running 13710 deadline (ISO instant), when there is one */
  deadline?: string | null;
  /** absolute (APP_BASE_URL + link) or the app path */
  url: string;
  /** further lines (a reminder's details, the weekly digest's items), shown as a list */
  lines?: string[] | null;
}

function kindLabel(p: MessagePayload): string {
  return p.kind === "TEST" ? "测试消息" : (NOTIFICATION_KINDS[p.kind] ?? "通知");
}

/** "【新诉求待受理】" + title, the deadline, the link — the markdown a 钉钉 / 企业微信 robot posts. */
export function markdownMessage(p: MessagePayload, currentYear?: number): { title: string; text: string } {
  const label = kindLabel(p);
  const lines = [`### 【${label}】${p.issueTitle ?? p.title}`, "", `> ${p.title}`, ""];
  if (p.issueCode) lines.push(`- 编号：${p.issueCode}`);
  if (p.deadline) lines.push(`- 13710 办理时限：${formatDeadline(p.deadline, currentYear)}`);
  for (const l of p.lines ?? []) lines.push(`- ${l}`);
  lines.push("", `[在系统中查看](${p.url})`);
  return { title: `${label}：${p.issueTitle ?? p.title}`.slice(0, 60), text: lines.join("\n") };
}

/** Plain text (e-mail body, log lines). */
export function plainMessage(p: MessagePayload, currentYear?: number): string {
  const lines = [p.title];
  if (p.deadline) lines.push(`13710 办理时限：${formatDeadline(p.deadline, currentYear)}`);
  for (const l of p.lines ?? []) lines.push(`· ${l}`);
  lines.push(`查看：${p.url}`);
  return lines.join("\n");
}

/** SMS template code per kind (what a 短信平台 registers) and its parameters. */
export function smsMessage(p: MessagePayload, currentYear?: number) {
  const params: Record<string, string> = {
    kind: kindLabel(p),
    title: (p.issueTitle ?? p.title).slice(0, 30),
    deadline: p.deadline ? formatDeadline(p.deadline, currentYear) : "",
  };
  const text = `【晋中招商】${params.kind}：${params.title}${params.deadline ? `，时限${params.deadline}` : ""}，请登录系统办理。`;
  return { templateCode: `JZ_${p.kind}`, params, text, segments: smsSegments(text) };
}

/**
 * How many SMS a text costs: one message holds 70 characters; a longer one is sent as parts of 67 characters each
 * (the rest of each part carries the concatenation header).
 */
export function smsSegments(text: string): number {
  const n = [...text].length;
  if (n === 0) return 0;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

/** Exponential backoff after the n-th failed attempt (1-based): 10 s, 20 s, 40 s … at most an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 3600_000);
}

/** After this many failed attempts a delivery is given up (recorded as FAILED). */
export const MAX_ATTEMPTS = 8;
