// A unit's own group robot (issue 16 §2, docs/decisions/166): how a unit is named in forms and outbox rows
// ("team:3", "county:2", "department:5"), and how a webhook or secret is shown back without giving it away.
// Pure and browser-safe.

export const UNIT_KINDS = ["team", "county", "department"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  team: "服务小组",
  county: "县（市、区）",
  department: "部门",
};

/** The group channels a unit may have its own robot for. */
export const ROBOT_CHANNELS = ["DINGTALK", "WECOM"] as const;
export type RobotChannel = (typeof ROBOT_CHANNELS)[number];

export interface UnitRef {
  kind: UnitKind;
  id: number;
}

export const unitKey = (u: UnitRef) => `${u.kind}:${u.id}`;

/** "team:3" → { kind: "team", id: 3 }; anything else → null. */
export function parseUnitKey(s: string): UnitRef | null {
  const m = /^(team|county|department):([1-9]\d{0,8})$/.exec(s.trim());
  return m ? { kind: m[1] as UnitKind, id: Number(m[2]) } : null;
}

/** A secret shown back: its first 3 and last 4 characters at most, never the whole (short ones: dots only). */
export function maskSecret(s: string | null | undefined): string | null {
  if (!s) return null;
  if (s.length < 12) return "••••••";
  return `${s.slice(0, 3)}••••••${s.slice(-4)}`;
}

/** A webhook shown back: origin and path, each query value masked (the robot's access_token / key is its secret). */
export function maskWebhook(url: string): string {
  try {
    const u = new URL(url);
    const q = [...u.searchParams.entries()].map(([k, v]) => `${k}=${maskSecret(v) ?? ""}`).join("&");
    return `${u.origin}${u.pathname}${q ? `?${q}` : ""}`;
  } catch {
    return maskSecret(url) ?? "";
  }
}

/** A webhook the robots accept: an absolute http(s) URL. Returns a Chinese error, or null when fine. */
export function webhookError(url: string): string | null {
  if (!url.trim()) return "请填写机器人的 Webhook 地址";
  if (url.length > 500) return "Webhook 地址不能超过 500 个字符";
  try {
    const u = new URL(url.trim());
    if (u.protocol !== "https:" && u.protocol !== "http:") return "Webhook 地址须以 https:// 或 http:// 开头";
    return null;
  } catch {
    return "Webhook 地址格式不正确";
  }
}
