// Sign-in, sign-out and the viewer every loader/action starts from (CONVENTIONS: requireUser first line).
import { randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import type { Viewer } from "~/domain/permissions";
import { prisma } from "./db.server";
import { env } from "./env.server";
import { DUMMY_HASH, verifyPassword } from "./password.server";
import { getSession, SESSION_MAX_AGE_S, sessionStorage } from "./session.server";
import { audit } from "./audit.server";
import { setRequestUser } from "./log.server";

export type { Viewer };

/** Rate limit: failed attempts in the window, per username and per client address. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILED_PER_USERNAME = 5;
export const MAX_FAILED_PER_IP = 30;

const viewerSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  countyId: true,
  teamId: true,
  enterpriseId: true,
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
  { ok: true; viewer: Viewer; sessionId: string } | { ok: false; status: 401 | 429; message: string };

/** Advisory lock classes (pg_advisory_xact_lock(class, key)) of the login limit: per username, per address. */
const LOCK_LOGIN_USERNAME = 7301;
const LOCK_LOGIN_IP = 7302;

/**
 * Counts the failed attempts in the window and, under the limits, records this attempt as failed — in one
 * transaction holding advisory locks on the username and the address (always in that order, so two attempts
 * cannot deadlock), so parallel attempts see each other and never get past the limit together. Returns the
 * attempt's id, or null when a limit is reached. A successful sign-in turns its attempt into a success.
 */
async function reserveAttempt(username: string, ip: string): Promise<number | null> {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_LOGIN_USERNAME}::int, hashtext(${username}))`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_LOGIN_IP}::int, hashtext(${ip}))`;
    const byName = await tx.loginAttempt.count({ where: { username, success: false, createdAt: { gte: since } } });
    const byIp = await tx.loginAttempt.count({ where: { ip, success: false, createdAt: { gte: since } } });
    if (byName >= MAX_FAILED_PER_USERNAME || byIp >= MAX_FAILED_PER_IP) return null;
    const attempt = await tx.loginAttempt.create({ data: { username, ip, success: false }, select: { id: true } });
    return attempt.id;
  });
}

export async function login(args: {
  username: string;
  password: string;
  ip: string;
  userAgent?: string | null;
}): Promise<LoginResult> {
  const username = args.username.trim().toLowerCase();
  const attemptId = await reserveAttempt(username, args.ip);
  if (attemptId === null) {
    return { ok: false, status: 429, message: "登录失败次数过多，请 15 分钟后再试" };
  }
  const user = await prisma.user.findUnique({ where: { username }, select: { ...viewerSelect, passwordHash: true } });
  // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
  const valid = await verifyPassword(args.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.isActive) {
    // the attempt is already recorded as failed
    return { ok: false, status: 401, message: "用户名或密码错误" };
  }
  const sessionId = randomBytes(32).toString("base64url");
  await prisma.$transaction(async (tx) => {
    await tx.loginAttempt.update({ where: { id: attemptId }, data: { success: true } });
    await tx.session.create({
      data: {
        id: sessionId,
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000),
        userAgent: args.userAgent?.slice(0, 300) ?? null,
      },
    });
    await audit(tx, { actorId: user.id, action: "LOGIN", entity: "Session", entityId: user.id });
  });
  const { passwordHash: _ph, isActive: _a, ...viewer } = user;
  return { ok: true, viewer, sessionId };
}

export async function createSessionCookie(request: Request, sessionId: string) {
  const session = await getSession(request);
  session.set("sid", sessionId);
  return sessionStorage().commitSession(session);
}

/** The signed-in viewer, or null. */
export async function getViewer(request: Request): Promise<Viewer | null> {
  const session = await getSession(request);
  const sid = session.get("sid");
  if (typeof sid !== "string") return null;
  const row = await prisma.session.findUnique({
    where: { id: sid },
    select: { expiresAt: true, user: { select: viewerSelect } },
  });
  if (!row || row.expiresAt < new Date() || !row.user.isActive) return null;
  const { isActive: _a, ...viewer } = row.user;
  setRequestUser(viewer.id); // the request's log line names the user (never the session)
  return viewer;
}

/** First line of every loader/action: the viewer, or a redirect to the sign-in page. */
export async function requireUser(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login${back && back !== "/" ? `?redirectTo=${encodeURIComponent(back)}` : ""}`);
  }
  return viewer;
}

export async function logout(request: Request) {
  const session = await getSession(request);
  const sid = session.get("sid");
  if (typeof sid === "string") {
    const row = await prisma.session.findUnique({ where: { id: sid }, select: { userId: true } });
    if (row) {
      await prisma.$transaction(async (tx) => {
        await tx.session.delete({ where: { id: sid } });
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
