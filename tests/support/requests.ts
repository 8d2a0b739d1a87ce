// Calling loaders and actions directly with real Requests (and a real session) in integration tests.
import { randomUUID } from "node:crypto";
import { createSessionCookie, login } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import type { Viewer } from "~/domain/permissions";

export const DEMO_PASSWORD = "Demo@2017";
const cookies = new Map<string, string>();

/** A signed session cookie for a demo user (signs in once per test file). */
export async function cookieFor(username: string): Promise<string> {
  const cached = cookies.get(username);
  if (cached) return cached;
  const r = await login({ username, password: DEMO_PASSWORD, ip: "test", userAgent: "vitest" });
  if (!r.ok) throw new Error(`cannot sign in ${username}: ${r.message}`);
  const setCookie = await createSessionCookie(new Request("http://localhost/"), r.sessionId);
  const cookie = setCookie.split(";")[0];
  cookies.set(username, cookie);
  return cookie;
}

export async function requestAs(username: string | null, path: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (username) headers.set("Cookie", await cookieFor(username));
  return new Request(new URL(path, "http://localhost"), { ...init, headers });
}

/**
 * The fields as a form on a page posts them: with a fresh one-time token (the hidden <CreateToken /> of create
 * forms, docs/decisions/093) unless the test names one (or `createToken: []` to post without).
 */
export function asPosted<T extends Record<string, string | string[]>>(fields: T): T {
  return "createToken" in fields ? fields : { ...fields, createToken: randomUUID() };
}

export async function postForm(username: string | null, path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(asPosted(fields))) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return requestAs(username, path, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}

export async function viewerFor(username: string): Promise<Viewer> {
  const u = await prisma.user.findUniqueOrThrow({
    where: { username },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      countyId: true,
      teamId: true,
      enterpriseId: true,
      departmentId: true,
    },
  });
  return u;
}

/** Runs a loader/action and returns { status, data } whether it returned or threw a Response. */
export async function run<T>(fn: () => Promise<T>): Promise<{ status: number; data: unknown; response?: Response }> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, data: null, response: result };
    // single-fetch `data()` results carry their init
    const r = result as unknown as { type?: string; data?: unknown; init?: { status?: number } };
    if (r && r.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, data: r.data };
    return { status: 200, data: result };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: await e.text().catch(() => null), response: e };
    throw e;
  }
}

/** A multipart POST (forms with a file input), as the browser sends it. */
export async function postMultipart(
  username: string | null,
  path: string,
  fields: Record<string, string>,
  file?: { field: string; name: string; type: string; bytes: Uint8Array<ArrayBuffer> },
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(asPosted(fields))) fd.append(k, v);
  if (file) fd.append(file.field, new File([file.bytes], file.name, { type: file.type }));
  return requestAs(username, path, { method: "POST", body: fd });
}
