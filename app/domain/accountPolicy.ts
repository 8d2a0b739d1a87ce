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
 * most this many times in all, per lock window — so it can lock at most two accounts before it is stopped.
 */
export const MAX_USERNAMES_PER_ADDRESS = 3;
export const MAX_FAILURES_PER_ADDRESS = 10;

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
}

export function isLocked(u: Pick<AccountState, "lockedUntil">, at: Date): boolean {
  return u.lockedUntil !== null && u.lockedUntil.getTime() > at.getTime();
}

/**
 * Must this user choose a new password before anything else? After an administrator's reset (or for a new
 * account), and when the password is older than the expiry — demo accounts are exempt while the demo clock runs.
 */
export function passwordChangeRequired(
  u: Pick<AccountState, "mustChangePassword" | "passwordChangedAt" | "isDemo">,
  at: Date,
  demoClock: boolean,
  policy: SecurityPolicy = DEFAULT_POLICY,
): "RESET" | "EXPIRED" | null {
  if (u.mustChangePassword) return "RESET";
  if (u.isDemo && demoClock) return null;
  if (u.passwordChangedAt === null) return null;
  const age = at.getTime() - u.passwordChangedAt.getTime();
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
