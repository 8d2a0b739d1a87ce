// The outside channels (issue 16, docs/decisions/110), each a small adapter behind one interface: given a delivery
// row's target and payload it sends one message and says whether it went, may be tried again (timeouts, 5xx,
// rate limits) or failed for good (a refused signature, a wrong address). Configured by environment variables.
import { createHmac } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { serverWallClock } from "~/domain/demoClock";
import {
  markdownMessage,
  plainMessage,
  smsMessage,
  type Channel,
  type MessagePayload,
} from "~/domain/notificationMessage";
import { env } from "~/utils/env.server";

export type SendResult = { ok: true } | { ok: false; retry: boolean; error: string };

export interface SendOptions {
  currentYear?: number;
  /**
   * The outbox row's key: the SMS gateway gets it as `Idempotency-Key` (and `outId`, the name cloud SMS APIs use),
   * a mail as its Message-ID, so a message sent again after a worker died mid-send is recognised as the same one.
   * The robots take none.
   */
  idempotencyKey?: string;
  /** A group robot's address and 加签 secret: a unit's own (docs/decisions/166); without it, the environment's. */
  robot?: { url: string; secret?: string } | null;
}

export interface ChannelAdapter {
  channel: Channel;
  /** "group": one message per event to the robot's group; "user": one per recipient (phone, address). */
  audience: "group" | "user";
  send(target: string, payload: MessagePayload, opts: SendOptions): Promise<SendResult>;
}

const TIMEOUT_MS = 10_000;

/** The 钉钉 robot's 加签: `sign` = URL-encoded base64 HMAC-SHA256 (key = secret) of `timestamp + "\n" + secret`. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
  return encodeURIComponent(mac);
}

/** The webhook URL with `&timestamp=…&sign=…` appended (no secret: the URL as it is). */
export function signedDingtalkUrl(webhook: string, timestampMs: number, secret?: string): string {
  if (!secret) return webhook;
  const sep = webhook.includes("?") ? "&" : "?";
  return `${webhook}${sep}timestamp=${timestampMs}&sign=${dingtalkSign(timestampMs, secret)}`;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response | SendResult> {
  try {
    return await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const what = e.name === "TimeoutError" ? `超时（${TIMEOUT_MS / 1000} 秒无应答）` : (e.cause?.code ?? e.message);
    return { ok: false, retry: true, error: `无法连接：${what}` };
  }
}

/** HTTP status → outcome: 2xx goes on to the body, 5xx and 429 are tried again, other answers are final. */
async function httpOutcome(res: Response): Promise<SendResult | { body: string }> {
  const body = await res.text().catch(() => "");
  if (res.ok) return { body };
  const retry = res.status >= 500 || res.status === 429;
  return { ok: false, retry, error: `HTTP ${res.status}${body ? `：${body.slice(0, 200)}` : ""}` };
}

/** A robot's JSON answer `{errcode, errmsg}`: 0 is sent; the rate-limit codes are tried again; others are final. */
function robotOutcome(body: string, rateLimitCodes: number[]): SendResult {
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return { ok: true }; // a gateway in front of the robot answering 2xx without JSON: taken as accepted
  }
  const code = Number(answer.errcode ?? 0);
  if (code === 0) return { ok: true };
  return { ok: false, retry: rateLimitCodes.includes(code), error: `错误码 ${code}：${String(answer.errmsg ?? "")}` };
}

async function robotPost(url: string, body: unknown, rateLimitCodes: number[]): Promise<SendResult> {
  const res = await post(url, body);
  if (!(res instanceof Response)) return res;
  const out = await httpOutcome(res);
  if ("body" in out) return robotOutcome(out.body, rateLimitCodes);
  return out;
}

export const dingtalk: ChannelAdapter = {
  channel: "DINGTALK",
  audience: "group",
  async send(_target, payload, opts) {
    const e = env();
    const url = opts.robot ? opts.robot.url : e.DINGTALK_WEBHOOK_URL;
    const secret = opts.robot ? opts.robot.secret : e.DINGTALK_SECRET;
    if (!url) return { ok: false, retry: false, error: "未配置 DINGTALK_WEBHOOK_URL" };
    // the robot compares `timestamp` with its own (real) clock, within an hour: the server's clock, not the demo's
    const signed = signedDingtalkUrl(url, serverWallClock(), secret);
    const md = markdownMessage(payload, opts.currentYear);
    // 130101: the robot's rate limit (about 20 messages a minute)
    return robotPost(signed, { msgtype: "markdown", markdown: { title: md.title, text: md.text } }, [130101]);
  },
};

export const wecom: ChannelAdapter = {
  channel: "WECOM",
  audience: "group",
  async send(_target, payload, opts) {
    const url = opts.robot ? opts.robot.url : env().WECOM_WEBHOOK_URL;
    if (!url) return { ok: false, retry: false, error: "未配置 WECOM_WEBHOOK_URL" };
    const md = markdownMessage(payload, opts.currentYear);
    // 45009: the API's rate limit
    return robotPost(url, { msgtype: "markdown", markdown: { content: md.text } }, [45009]);
  },
};

export const sms: ChannelAdapter = {
  channel: "SMS",
  audience: "user",
  async send(phone, payload, opts) {
    const { SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: token } = env();
    if (!url) return { ok: false, retry: false, error: "未配置 SMS_GATEWAY_URL" };
    const m = smsMessage(payload, opts.currentYear);
    const key = opts.idempotencyKey;
    const res = await post(
      url,
      {
        phone,
        templateCode: m.templateCode,
        params: m.params,
        content: m.text,
        segments: m.segments,
        ...(key ? { outId: key } : {}),
      },
      { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { "idempotency-key": key } : {}) },
    );
    if (!(res instanceof Response)) return res;
    const out = await httpOutcome(res);
    return "body" in out ? { ok: true } : out;
  },
};

const escapeHtml = (t: string) =>
  t.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

// one SMTP transport per SMTP_URL (nodemailer keeps no connection open between messages unless pooled)
let mailer: { url: string; transport: Transporter } | null = null;
function transportFor(url: string): Transporter {
  if (mailer?.url !== url) {
    mailer = {
      url,
      transport: nodemailer.createTransport({
        url,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      }),
    };
  }
  return mailer.transport;
}

export const email: ChannelAdapter = {
  channel: "EMAIL",
  audience: "user",
  async send(to, payload, opts) {
    const { SMTP_URL: url, MAIL_FROM: from } = env();
    if (!url || !from) return { ok: false, retry: false, error: "未配置 SMTP_URL 或 MAIL_FROM" };
    const md = markdownMessage(payload, opts.currentYear);
    const text = plainMessage(payload, opts.currentYear);
    const html = `<p>${text
      .split("\n")
      .slice(0, -1)
      .map(escapeHtml)
      .join("<br>")}</p><p><a href="${escapeHtml(payload.url)}">在系统中查看</a></p>`;
    try {
      const messageId = opts.idempotencyKey
        ? `<${opts.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, "-")}@notify.jz-crm>`
        : undefined;
      await transportFor(url).sendMail({ from, to, subject: md.title, text, html, messageId });
      return { ok: true };
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string };
      // SMTP 5xx is final (a refused address); 4xx, timeouts and connection errors are tried again
      const final = typeof e.responseCode === "number" && e.responseCode >= 500;
      return { ok: false, retry: !final, error: `SMTP ${e.responseCode ?? e.code ?? ""}：${e.message}`.slice(0, 300) };
    }
  },
};

/** The channels this instance has configured (none: notifications stay in the bell). */
export function configuredChannels(): ChannelAdapter[] {
  const e = env();
  const list: ChannelAdapter[] = [];
  if (e.DINGTALK_WEBHOOK_URL) list.push(dingtalk);
  if (e.WECOM_WEBHOOK_URL) list.push(wecom);
  if (e.SMS_GATEWAY_URL) list.push(sms);
  if (e.SMTP_URL && e.MAIL_FROM) list.push(email);
  return list;
}

export function adapterFor(channel: string): ChannelAdapter | undefined {
  return [dingtalk, wecom, sms, email].find((a) => a.channel === channel);
}
