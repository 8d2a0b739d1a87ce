// Sign-in, sign-out and the viewer every loader/action starts from (docs/development.md: requireUser first).
// Account security (issue 14, issue 21 finding 1, docs/decisions/080): per-account lock after repeated failures,
// a per-address limit across usernames (password spraying), idle and absolute session timeouts on the
// application clock, a new session id at every sign-in, forced password change after a reset or on expiry.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { redirect } from "@remix-run/node";
import {
  DEFAULT_POLICY,
  MAX_FAILURES_PER_ADDRESS,
  MAX_USERNAMES_PER_ADDRESS,
  isLocked,
  passwordChangeRequired,
  sessionAlive,
  slowdownMs,
} from "~/domain/accountPolicy";
import { canOpenPage, refusalOf, type PageKey } from "~/domain/pageRights";
import { roleReachesPath, type Viewer } from "~/domain/permissions";
import { prisma } from "./db.server";
import { env } from "./env.server";
import { DUMMY_HASH, verifyPassword } from "./password.server";
import { getSession, sessionStorage } from "./session.server";
import { audit } from "./audit.server";
import { requestContext, setRequestUser } from "./log.server";
import { isDemoClock, now } from "./clock.server";
import { forbidden } from "./http.server";
import { notifyUsers } from "~/models/notification.server";
import { getPolicy } from "~/models/securityPolicy.server";
import { noteSeen, seenAt } from "./lastSeen.server";

export type { Viewer };

/** Failed attempts in the window: per username (locks the account), per client address (stops spraying). */
export const LOGIN_WINDOW_MS = DEFAULT_POLICY.lockWindowMinutes * 60_000;
export const MAX_FAILED_PER_USERNAME = DEFAULT_POLICY.lockAfterFailures;
export const MAX_FAILED_PER_IP = MAX_FAILURES_PER_ADDRESS;
export const MAX_USERNAMES_PER_IP = MAX_USERNAMES_PER_ADDRESS;

/** The one answer to every refused sign-in for an account: it never says whether the username exists or is locked. */
export const LOGIN_REFUSED = "用户名或密码错误";
export const ADDRESS_BLOCKED = "登录尝试过于频繁，请 15 分钟后再试";

const viewerSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  countyId: true,
  teamId: true,
  enterpriseId: true,
  departmentId: true,
  isActive: true,
} as const;

/**
 * The client address the per-IP login limit counts against. X-Forwarded-For (or X-Real-IP) is only believed when
 * the app runs behind a proxy that sets it (TRUST_PROXY=true); otherwise anyone could send a new value with every
 * attempt. Without it: the connection's address (scripts/server.mjs passes it as the load context's
 * clientAddress), or one shared key when there is none, so the limit still applies.
 */
export function clientIp(
  request: Request,
  context?: { clientAddress?: unknown } | null,
  trustProxy = env().TRUST_PROXY,
): string {
  if (trustProxy) {
    // behind the proxy the first hop is the client
    const fwd =
      request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip")?.trim();
    if (fwd) return fwd.slice(0, 64);
  }
  const addr = context?.clientAddress;
  return typeof addr === "string" && addr ? addr.slice(0, 64) : "direct";
}

export type LoginResult =
  | { ok: true; viewer: Viewer; sessionId: string; mustChangePassword: boolean }
  | { ok: false; status: 401 | 429; message: string };

/** Advisory lock classes (pg_advisory_xact_lock(class, key)) of the login limit: per username, per address. */
const LOCK_LOGIN_USERNAME = 7301;
const LOCK_LOGIN_IP = 7302;

type Reservation =
  { blocked: true } | { blocked: false; attemptId: number; failuresForName: number; failuresFromAddress: number };

/**
 * Counts the failed attempts in the window and, unless the address is stopped, records this attempt as failed —
 * in one transaction holding advisory locks on the username and the address (always in that order, so two
 * attempts cannot deadlock), so parallel attempts see each other. A successful sign-in turns its attempt into a
 * success. An address is stopped after MAX_FAILED_PER_IP failures, or when it has failed on
 * MAX_USERNAMES_PER_IP different usernames and tries another: so one address locks at most four accounts.
 */
async function reserveAttempt(username: string, ip: string, at: Date, windowMs: number): Promise<Reservation> {
  const since = new Date(at.getTime() - windowMs);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_LOGIN_USERNAME}::int, hashtext(${username}))`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_LOGIN_IP}::int, hashtext(${ip}))`;
    const failuresForName = await tx.loginAttempt.count({
      where: { username, success: false, createdAt: { gte: since } },
    });
    const fromIp = await tx.loginAttempt.groupBy({
      by: ["username"],
      where: { ip, success: false, createdAt: { gte: since } },
      _count: { _all: true },
    });
    const failuresFromAddress = fromIp.reduce((n, g) => n + g._count._all, 0);
    const names = fromIp.map((g) => g.username);
    if (
      failuresFromAddress >= MAX_FAILED_PER_IP ||
      (names.length >= MAX_USERNAMES_PER_IP && !names.includes(username))
    ) {
      return { blocked: true };
    }
    const attempt = await tx.loginAttempt.create({
      data: { username, ip, success: false, createdAt: at },
      select: { id: true },
    });
    return { blocked: false, attemptId: attempt.id, failuresForName, failuresFromAddress };
  });
}

/** Users told of a lock: the owner and every active 安全管理员. */
async function securityAdminIds(): Promise<number[]> {
  const rows = await prisma.user.findMany({ where: { role: "SECADMIN", isActive: true }, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function login(args: {
  username: string;
  password: string;
  ip: string;
  userAgent?: string | null;
  /** The session id the browser held before (it is ended: a sign-in always gets a new id). */
  previousSessionId?: string | null;
}): Promise<LoginResult> {
  const at = now();
  const policy = await getPolicy();
  const username = args.username.trim().toLowerCase();
  const reservation = await reserveAttempt(username, args.ip, at, policy.lockWindowMinutes * 60_000);
  if (reservation.blocked) {
    await prisma.$transaction((tx) =>
      audit(tx, {
        actorId: null,
        action: "LOGIN_BLOCKED",
        entity: "Address",
        entityId: args.ip,
        after: { username: username.slice(0, 60), ip: args.ip, reason: "ADDRESS_LIMIT" },
      }),
    );
    return { ok: false, status: 429, message: ADDRESS_BLOCKED };
  }
  // an address that keeps failing is answered more and more slowly
  const delay = slowdownMs(reservation.failuresFromAddress);
  if (delay) await sleep(delay);

  const user = await prisma.user.findUnique({
    where: { username },
    select: { ...viewerSelect, passwordHash: true, lockedUntil: true, mustChangePassword: true },
  });
  const lockedBefore = reservation.failuresForName >= policy.lockAfterFailures || (user ? isLocked(user, at) : false);
  // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
  const valid = await verifyPassword(args.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.isActive || lockedBefore) {
    // the attempt is already recorded as failed
    const reason = !user ? "UNKNOWN_USER" : lockedBefore ? "LOCKED" : !user.isActive ? "INACTIVE" : "WRONG_PASSWORD";
    const lockNow = !!user && !lockedBefore && reservation.failuresForName + 1 >= policy.lockAfterFailures;
    await prisma.$transaction(async (tx) => {
      await audit(tx, {
        actorId: user?.id ?? null,
        action: "LOGIN_FAILED",
        entity: "User",
        entityId: user?.id ?? username.slice(0, 40),
        after: { username: username.slice(0, 60), ip: args.ip, reason },
      });
      if (lockNow && user) {
        const lockedUntil = new Date(at.getTime() + policy.lockMinutes * 60_000);
        await tx.user.update({ where: { id: user.id }, data: { lockedUntil } });
        await audit(tx, {
          actorId: null,
          action: "ACCOUNT_LOCKED",
          entity: "User",
          entityId: user.id,
          after: { username, lockedUntil, failures: reservation.failuresForName + 1, ip: args.ip },
        });
        await notifyUsers(tx, [user.id, ...(await securityAdminIds())], {
          kind: "ACCOUNT_LOCKED",
          title: `账号 ${username} 因连续 ${policy.lockAfterFailures} 次登录失败已锁定 ${policy.lockMinutes} 分钟（来源地址 ${args.ip}）`,
          link: `/admin/users?q=${encodeURIComponent(username)}`,
        });
      }
    });
    return { ok: false, status: 401, message: LOGIN_REFUSED };
  }
  const sessionId = randomBytes(32).toString("base64url");
  await prisma.$transaction(async (tx) => {
    await tx.loginAttempt.update({ where: { id: reservation.attemptId }, data: { success: true } });
    // a sign-in never keeps the id the browser came with (session fixation)
    if (args.previousSessionId) await tx.session.deleteMany({ where: { id: args.previousSessionId } });
    await tx.session.create({
      data: {
        id: sessionId,
        userId: user.id,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: new Date(at.getTime() + policy.absoluteHours * 3_600_000),
        userAgent: args.userAgent?.slice(0, 300) ?? null,
        ip: args.ip,
      },
    });
    if (user.lockedUntil) await tx.user.update({ where: { id: user.id }, data: { lockedUntil: null } });
    await audit(tx, {
      actorId: user.id,
      action: "LOGIN",
      entity: "Session",
      entityId: user.id,
      after: { ip: args.ip },
    });
  });
  const { passwordHash: _ph, isActive: _a, lockedUntil: _l, mustChangePassword, ...viewer } = user;
  return { ok: true, viewer, sessionId, mustChangePassword };
}

export async function createSessionCookie(request: Request, sessionId: string) {
  const session = await getSession(request);
  session.set("sid", sessionId);
  return sessionStorage().commitSession(session);
}

/** The session id the request's cookie carries, if any. */
export async function sessionIdOf(request: Request): Promise<string | null> {
  const sid = (await getSession(request)).get("sid");
  return typeof sid === "string" ? sid : null;
}

interface Signed {
  viewer: Viewer;
  sessionId: string;
  changePassword: "RESET" | "EXPIRED" | null;
}

/** Whether the demo clock runs (demo accounts are then exempt from password expiry); docs/decisions/060. */
function demoClockRuns(): boolean {
  return isDemoClock();
}

const SIGNED_MEMO = Symbol.for("jinzhong.auth.signedIn");
type SignedMemo = { cookie: string; signed: Promise<Signed | null> };

/**
 * The session behind the request, looked up once per page request: a GET's loaders (the layout's and the page's,
 * run side by side) all ask, and they share the first lookup through the request's context (docs/decisions/245).
 * Only for GET/HEAD and the same cookie: nothing in a GET changes the session, while an action (a password change,
 * a sign-out) may, and the loaders that run after it in the same request must see the new state.
 */
function signedIn(request: Request): Promise<Signed | null> {
  const ctx = requestContext() as (object & { [SIGNED_MEMO]?: SignedMemo }) | undefined;
  const cookie = request.headers.get("cookie") ?? "";
  if (!ctx || (request.method !== "GET" && request.method !== "HEAD")) return lookUpSession(request);
  const memo = ctx[SIGNED_MEMO];
  if (memo && memo.cookie === cookie) return memo.signed;
  const signed = lookUpSession(request);
  ctx[SIGNED_MEMO] = { cookie, signed };
  return signed;
}

async function lookUpSession(request: Request): Promise<Signed | null> {
  const sid = await sessionIdOf(request);
  if (!sid) return null;
  const row = await prisma.session.findUnique({
    where: { id: sid },
    select: {
      expiresAt: true,
      createdAt: true,
      lastSeenAt: true,
      user: {
        select: { ...viewerSelect, mustChangePassword: true, passwordChangedAt: true, isDemo: true, createdAt: true },
      },
    },
  });
  if (!row) return null;
  const at = now();
  const policy = await getPolicy();
  const lastSeenAt = seenAt(sid, row.lastSeenAt);
  if (!row.user.isActive || !sessionAlive({ ...row, lastSeenAt }, at, policy)) {
    // idle, past its absolute end, or the user was deactivated: the session is over
    await prisma.session.deleteMany({ where: { id: sid } });
    return null;
  }
  noteSeen(sid, lastSeenAt, at); // written in batches (docs/decisions/250)
  const { isActive: _a, mustChangePassword, passwordChangedAt, isDemo, createdAt, ...viewer } = row.user;
  setRequestUser(viewer.id); // the request's log line names the user (never the session)
  return {
    viewer,
    sessionId: sid,
    changePassword: passwordChangeRequired(
      { mustChangePassword, passwordChangedAt, isDemo, createdAt },
      at,
      demoClockRuns(),
      policy,
    ),
  };
}

/** The signed-in viewer, or null. */
export async function getViewer(request: Request): Promise<Viewer | null> {
  return (await signedIn(request))?.viewer ?? null;
}

/** The page where a user must choose a new password before anything else. */
export const CHANGE_PASSWORD_PATH = "/account/password";

/**
 * First line of every loader/action: the viewer, or a redirect to the sign-in page. A user who must change the
 * password is sent to that page; the security roles (三员分立) reach only their own pages (403 elsewhere).
 */
export async function requireUser(request: Request): Promise<Viewer> {
  const s = await signedIn(request);
  const url = new URL(request.url);
  if (!s) {
    const back = url.pathname + url.search;
    throw redirect(`/login${back && back !== "/" ? `?redirectTo=${encodeURIComponent(back)}` : ""}`);
  }
  const path = url.pathname.replace(/\.data$/, "");
  if (s.changePassword && path !== CHANGE_PASSWORD_PATH && path !== "/logout") {
    throw redirect(CHANGE_PASSWORD_PATH);
  }
  if (!roleReachesPath(s.viewer.role, url.pathname)) forbidden("您的角色无权访问此页面");
  return s.viewer;
}

/**
 * The first line of a page's loader (and action): the signed-in viewer, if the page-rights table lets them open
 * `page` (app/domain/pageRights.ts, docs/decisions/097); otherwise the table's refusal — a 403 with its Chinese
 * message (or `message`, for an action that says what was refused), or a redirect (a role's home). Record rights
 * are checked after it, on the record.
 */
export async function requirePage(request: Request, page: PageKey, message?: string): Promise<Viewer> {
  const viewer = await requireUser(request);
  if (canOpenPage(viewer, page)) return viewer;
  const refusal = refusalOf(viewer, page);
  if ("redirect" in refusal) throw redirect(refusal.redirect);
  forbidden(message ?? refusal.message);
}

/** For the change-password page itself: the viewer and why a change is required (if it is). */
export async function requireSignedIn(request: Request): Promise<Signed> {
  const s = await signedIn(request);
  if (!s) throw redirect("/login");
  return s;
}

export async function logout(request: Request) {
  const session = await getSession(request);
  const sid = session.get("sid");
  if (typeof sid === "string") {
    const row = await prisma.session.findUnique({ where: { id: sid }, select: { userId: true } });
    if (row) {
      await prisma.$transaction(async (tx) => {
        await tx.session.deleteMany({ where: { id: sid } });
        await audit(tx, { actorId: row.userId, action: "LOGOUT", entity: "Session", entityId: row.userId });
      });
    }
  }
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}

/** Only same-site relative paths (without control characters) are followed after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  // control characters (NUL, line breaks) cannot go into a Location header
  if (
    !to ||
    typeof to !== "string" ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.startsWith("/\\") ||
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    /[\u0000-\u001f\u007f]/.test(to)
  ) {
    return fallback;
  }
  return to;
}
