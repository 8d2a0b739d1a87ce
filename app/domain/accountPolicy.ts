// Password, lock and session policy (issue 14, 等保 2.0 第三级 identity requirements) as pure functions. The
// defaults below are the policy; the 安全管理员 may change them (stored as the `security_policy` setting).
export interface SecurityPolicy {
  minLength: number;
  /** How many of the four classes (lower, upper, digit, symbol) a password needs. */
  minClasses: number;
  /** A new password may not be one of the last N. */
  historySize: number;
  expiryDays: number;
  /** Failed sign-ins for one username within the window that lock the account. */
  lockAfterFailures: number;
  lockWindowMinutes: number;
  lockMinutes: number;
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_POLICY: SecurityPolicy = {
  minLength: 10,
  minClasses: 3,
  historySize: 5,
  expiryDays: 90,
  lockAfterFailures: 5,
  lockWindowMinutes: 15,
  lockMinutes: 15,
  idleMinutes: 30,
  absoluteHours: 12,
};

/**
 * Password spraying (issue 21 finding 1): one address may fail on at most this many different usernames, and at
 * most this many times in all, per lock window — so it can lock at most four accounts before it is stopped. Not
 * lower: a government office signs in from behind one NAT address, and a few colleagues mistyping must not shut
 * the whole office out (decision 080).
 */
export const MAX_USERNAMES_PER_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/** Failures from one address before its answers slow down (doubling from 500 ms up to 2 s). */
export const SLOW_AFTER_FAILURES = 5;
export function slowdownMs(failuresFromAddress: number): number {
  if (failuresFromAddress < SLOW_AFTER_FAILURES) return 0;
  return Math.min(2000, 500 * 2 ** (failuresFromAddress - SLOW_AFTER_FAILURES));
}

export function characterClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/[0-9]/.test(password)) n++;
  if (/[^a-zA-Z0-9]/.test(password)) n++;
  return n;
}

/** The rules a new password breaks (Chinese, for the field), not counting history (that needs the hashes). */
export function passwordProblems(password: string, username: string, policy: SecurityPolicy = DEFAULT_POLICY) {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`密码至少 ${policy.minLength} 位`);
  if (password.length > 128) problems.push("密码不能超过 128 位");
  if (characterClasses(password) < policy.minClasses)
    problems.push(`密码须包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push("密码不能包含用户名");
  return problems;
}

export interface AccountState {
  isActive: boolean;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  passwordChangedAt: Date | null;
  isDemo: boolean;
  createdAt: Date;
}

export function isLocked(u: Pick<AccountState, "lockedUntil">, at: Date): boolean {
  return u.lockedUntil !== null && u.lockedUntil.getTime() > at.getTime();
}

/**
 * Must this user choose a new password before anything else? After an administrator's reset (or for a new
 * account), and when the password is older than the expiry — demo accounts are exempt while the demo clock runs,
 * and only then. A password with no recorded change (seeded accounts, accounts older than the policy) is as old
 * as its account: nobody escapes the expiry by never having changed it (docs/decisions/083).
 */
export function passwordChangeRequired(
  u: Pick<AccountState, "mustChangePassword" | "passwordChangedAt" | "isDemo" | "createdAt">,
  at: Date,
  demoClock: boolean,
  policy: SecurityPolicy = DEFAULT_POLICY,
): "RESET" | "EXPIRED" | null {
  if (u.mustChangePassword) return "RESET";
  if (u.isDemo && demoClock) return null;
  const age = at.getTime() - (u.passwordChangedAt ?? u.createdAt).getTime();
  return age > policy.expiryDays * 86_400_000 ? "EXPIRED" : null;
}

/** Is a session still valid at `at`: not past its absolute end, and not idle longer than the timeout. */
export function sessionAlive(
  s: { createdAt: Date; lastSeenAt: Date | null; expiresAt: Date },
  at: Date,
  policy: SecurityPolicy = DEFAULT_POLICY,
): boolean {
  if (s.expiresAt.getTime() <= at.getTime()) return false;
  if (at.getTime() - s.createdAt.getTime() >= policy.absoluteHours * 3_600_000) return false;
  const last = s.lastSeenAt ?? s.createdAt;
  return at.getTime() - last.getTime() < policy.idleMinutes * 60_000;
}

/** Phone: a mainland mobile (1xxxxxxxxxx) or an office number (0354-1234567, with optional extension). */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Usernames: lower-case letters, digits, dot, underscore, hyphen; stored lower-case (unique case-insensitively). */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,39}$/;

/** The bounds the 安全管理员 may set each value within (Chinese label, min, max, unit). */
export const POLICY_FIELDS: Record<keyof SecurityPolicy, { label: string; min: number; max: number; unit: string }> = {
  minLength: { label: "密码最短长度", min: 8, max: 64, unit: "位" },
  minClasses: { label: "至少包含的字符类别", min: 2, max: 4, unit: "类" },
  historySize: { label: "不得与最近几次密码相同", min: 1, max: 24, unit: "次" },
  expiryDays: { label: "密码有效期", min: 30, max: 365, unit: "天" },
  lockAfterFailures: { label: "连续登录失败锁定次数", min: 3, max: 10, unit: "次" },
  lockWindowMinutes: { label: "登录失败统计时段", min: 5, max: 120, unit: "分钟" },
  lockMinutes: { label: "锁定时长", min: 5, max: 1440, unit: "分钟" },
  idleMinutes: { label: "会话空闲超时", min: 5, max: 120, unit: "分钟" },
  absoluteHours: { label: "会话最长时长", min: 1, max: 24, unit: "小时" },
};

/** A stored policy (possibly partial or from an older version) read over the defaults; bad values fall back. */
export function readPolicy(stored: unknown): SecurityPolicy {
  const out = { ...DEFAULT_POLICY };
  if (stored && typeof stored === "object") {
    for (const k of Object.keys(POLICY_FIELDS) as (keyof SecurityPolicy)[]) {
      const v = (stored as Record<string, unknown>)[k];
      const f = POLICY_FIELDS[k];
      if (typeof v === "number" && Number.isInteger(v) && v >= f.min && v <= f.max) out[k] = v;
    }
  }
  return out;
}

/** The policy form's values checked against the bounds: the policy, or Chinese messages per field. */
export function parsePolicyForm(
  input: Record<string, unknown>,
): { ok: true; policy: SecurityPolicy } | { ok: false; fieldErrors: Record<string, string> } {
  const policy = { ...DEFAULT_POLICY };
  const fieldErrors: Record<string, string> = {};
  for (const k of Object.keys(POLICY_FIELDS) as (keyof SecurityPolicy)[]) {
    const f = POLICY_FIELDS[k];
    const raw = typeof input[k] === "string" ? (input[k] as string).trim() : "";
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < f.min || n > f.max)
      fieldErrors[k] = `${f.label}须为 ${f.min}–${f.max} 的整数（${f.unit}）`;
    else policy[k] = n;
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, policy };
}
