// Sessions: a signed, HttpOnly, SameSite=Lax cookie carries a random session id; the session row lives in
// PostgreSQL, so sign-out revokes it and any app instance behind a load balancer can read it.
import { createCookieSessionStorage } from "@remix-run/node";
import { env } from "./env.server";

export const SESSION_MAX_AGE_S = 60 * 60 * 12; // one working day

export type SessionData = { sid: string };
export type FlashData = { toast: { message: string; kind: "success" | "error" } };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData, FlashData>> | undefined;
export function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "jz_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env().COOKIE_SECURE,
      secrets: [env().SESSION_SECRET],
      maxAge: SESSION_MAX_AGE_S,
    },
  });
  return storage;
}

export function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

/** One-shot message shown after a redirect (a toast). */
export async function flash(request: Request, message: string, kind: "success" | "error" = "success") {
  const session = await getSession(request);
  session.flash("toast", { message, kind });
  return { "Set-Cookie": await sessionStorage().commitSession(session) };
}
