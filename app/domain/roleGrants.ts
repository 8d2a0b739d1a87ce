// 授权审查 (issue 14 §4, 安全管理员): how a role grant or a change of it reads to the reviewer. Pure: the caller
// looks up the names of the scopes (county, team, enterprise, department) once for all rows.
import { ROLE_LABELS, type RoleKey } from "./labels";

/** The periods the review looks back over (days), and its page size — shared by the page and the query. */
export const GRANT_PERIODS = [7, 30, 90, 365] as const;
export const GRANT_PAGE_SIZE = 50;

/** The audit actions that grant, change or withdraw a role (what the review lists). */
export const GRANT_ACTIONS = ["USER_CREATE", "USER_ROLE_CHANGE", "USER_DEACTIVATE", "USER_REACTIVATE"] as const;

/** The user fields that hold a scope, in the order a role needs one. */
export const SCOPE_FIELDS = ["countyId", "teamId", "enterpriseId", "departmentId"] as const;
export type ScopeField = (typeof SCOPE_FIELDS)[number];

/** Names of scope units by field and id, e.g. names.countyId.get(3) = "榆次区". */
export type ScopeNames = Record<ScopeField, ReadonlyMap<number, string>>;

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);

const roleText = (r: unknown) => (typeof r === "string" && r in ROLE_LABELS ? ROLE_LABELS[r as RoleKey] : "—");

/** The scope an audit snapshot names ("榆次区"), "无" when it clears every scope, undefined when it says nothing. */
export function scopeText(o: Record<string, unknown>, names: ScopeNames): string | undefined {
  const given = SCOPE_FIELDS.filter((f) => f in o);
  if (!given.length) return undefined;
  for (const f of given) {
    const id = o[f];
    if (typeof id === "number") return names[f].get(id) ?? `#${id}`;
  }
  return "无";
}

/** Scope ids an entry refers to, per field, for one batched name lookup. */
export function grantScopeIds(rows: { before: unknown; after: unknown }[]): Record<ScopeField, number[]> {
  const out = Object.fromEntries(SCOPE_FIELDS.map((f) => [f, new Set<number>()])) as Record<ScopeField, Set<number>>;
  for (const r of rows)
    for (const o of [r.before, r.after])
      if (isObj(o)) for (const f of SCOPE_FIELDS) if (typeof o[f] === "number") out[f].add(o[f] as number);
  return Object.fromEntries(SCOPE_FIELDS.map((f) => [f, [...out[f]]])) as Record<ScopeField, number[]>;
}

/** "授予 专业化服务小组（第1专业化服务小组）", "角色：县（区、市） → 企业；范围：榆次区 → 吉利…", "停用账号". */
export function grantChangeText(e: { action: string; before: unknown; after: unknown }, names: ScopeNames): string {
  const b = isObj(e.before) ? e.before : {};
  const a = isObj(e.after) ? e.after : {};
  if (e.action === "USER_CREATE") {
    const scope = scopeText(a, names);
    return `授予 ${roleText(a.role)}${scope && scope !== "无" ? `（${scope}）` : ""}`;
  }
  if (e.action === "USER_DEACTIVATE") return "停用账号（收回全部权限，会话即时终止）";
  if (e.action === "USER_REACTIVATE") return "恢复账号";
  const parts: string[] = [];
  if ("role" in a && a.role !== b.role) parts.push(`角色：${roleText(b.role)} → ${roleText(a.role)}`);
  const sb = scopeText(b, names);
  const sa = scopeText(a, names);
  if (sa !== undefined && sa !== sb) parts.push(`范围：${sb ?? "无"} → ${sa}`);
  return parts.join("；") || "资料变更";
}
