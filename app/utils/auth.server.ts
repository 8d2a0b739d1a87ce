// Sign-in, sign-out and the viewer every loader/action starts from (CONVENTIONS: requireUser first line).
import { randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import type { Viewer } from "~/domain/permissions";
import { prisma } from "./db.server";
import { DUMMY_HASH, verifyPassword } from "./password.server";
import { getSession, SESSION_MAX_AGE_S, sessionStorage } from "./session.server";
import { audit } from "./audit.server";

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

export function clientIp(request: Request): string {
  // Behind a load balancer the first X-Forwarded-For hop is the client.
  const fwd = request.headers.get("x-forwarded-for");
  return (fwd?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "local").slice(0, 64);
}

export type LoginResult =
  | { ok: true; viewer: Viewer; sessionId: string }
  | { ok: false; status: 401 | 429; message: string };

export async function login(args: {
  username: string;
  password: string;
  ip: string;
  userAgent?: string | null;
}): Promise<LoginResult> {
  const username = args.username.trim().toLowerCase();
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const [byName, byIp] = await Promise.all([
    prisma.loginAttempt.count({ where: { username, success: false, createdAt: { gte: since } } }),
    prisma.loginAttempt.count({ where: { ip: args.ip, success: false, createdAt: { gte: since } } }),
  ]);
  if (byName >= MAX_FAILED_PER_USERNAME || byIp >= MAX_FAILED_PER_IP) {
    return { ok: false, status: 429, message: "登录失败次数过多，请 15 分钟后再试" };
  }
  const user = await prisma.user.findUnique({ where: { username }, select: { ...viewerSelect, passwordHash: true } });
  // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
  const valid = await verifyPassword(args.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid || !user.isActive) {
    await prisma.loginAttempt.create({ data: { username, ip: args.ip, success: false } });
    return { ok: false, status: 401, message: "用户名或密码错误" };
  }
  const sessionId = randomBytes(32).toString("base64url");
  await prisma.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { username, ip: args.ip, success: true } });
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

/** Only same-site relative paths are followed after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}
