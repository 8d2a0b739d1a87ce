// Account security (issue 14 "Done when", issue 21 finding 1): the per-account lock, the per-address limit that
// stops password spraying, the security administrator told of a lock, idle/absolute session timeouts on the
// application clock, the security roles confined to their pages, and an audit log the app cannot rewrite.
import { afterEach, describe, expect, it, vi } from "vitest";
import { action as loginAction } from "~/routes/login";
import { loader as shellLoader } from "~/routes/_app";
import { action as policyAction, loader as policyLoader } from "~/routes/_app.admin.security/route";
import { DEFAULT_POLICY } from "~/domain/accountPolicy";
import { createSessionCookie, getViewer, login, requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { flushLastSeen } from "~/utils/lastSeen.server";
import { DEMO_PASSWORD, postForm, requestAs, run } from "../support/requests";

const at = (clientAddress: string) => ({ params: {}, context: { clientAddress } });
async function signIn(username: string, ip: string, password = DEMO_PASSWORD) {
  return run(async () => loginAction({ request: await postForm(null, "/login", { username, password }), ...at(ip) }));
}
const formError = (r: { data: unknown }) => (r.data as { formError: string }).formError;

afterEach(() => {
  vi.useRealTimers();
});

describe("lockout", () => {
  it("five wrong passwords for team02 lock it; the right one gets the same message until 15 minutes pass; audited; owner and 安全管理员 notified", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push(await signIn("team02", `203.0.113.${10 + i}`, `Wrong#${i}pass`));
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    const right = await signIn("team02", "203.0.113.30");
    const unknown = await signIn("no-such-user", "203.0.113.31");
    expect(right.status).toBe(401);
    expect(formError(right)).toBe("用户名或密码错误");
    expect(formError(right)).toBe(formError(wrong[0]));
    expect(formError(unknown)).toBe(formError(right));

    const team02 = await prisma.user.findUniqueOrThrow({ where: { username: "team02" } });
    expect(team02.lockedUntil).not.toBeNull();
    const events = await prisma.auditEvent.findMany({
      where: { entity: "User", entityId: String(team02.id), action: { in: ["LOGIN_FAILED", "ACCOUNT_LOCKED"] } },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(events.filter((e) => e.action === "LOGIN_FAILED")).toHaveLength(6);
    expect(events.filter((e) => e.action === "ACCOUNT_LOCKED")).toHaveLength(1);
    const secadmin = await prisma.user.findUniqueOrThrow({ where: { username: "secadmin" } });
    for (const userId of [team02.id, secadmin.id]) {
      expect(await prisma.notification.count({ where: { userId, kind: "ACCOUNT_LOCKED" } })).toBe(1);
    }

    // 15 minutes later (application clock) the right password works again
    vi.setSystemTime(new Date(Date.now() + 15 * 60_000 + 1000));
    expect((await signIn("team02", "203.0.113.32")).status).toBe(302);
  });

  it("one address spraying many usernames is stopped before it can lock a fifth account", async () => {
    const ip = "203.0.113.77";
    const victims = ["team05", "team06", "team07", "team08", "team10", "team11"];
    const statuses: number[] = [];
    for (const u of victims) for (let i = 0; i < 5; i++) statuses.push((await signIn(u, ip, `Spray#${i}x`)).status);
    const locked = await prisma.user.count({ where: { username: { in: victims }, lockedUntil: { not: null } } });
    expect(locked).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    const blocked = await signIn("team09", ip);
    expect(blocked.status).toBe(429);
    // the answer is about the address, the same for any username
    expect(formError(blocked)).toBe(formError(await signIn("no-such-user-x", ip)));
    // the real owner, from another address, is unaffected
    expect((await signIn("team09", "203.0.113.78")).status).toBe(302);
    // from the 5th failure the address's answers are slowed (0.5 s doubling to 2 s): about 30 s of waiting
  }, 90_000);
});

describe("sessions", () => {
  async function cookieAt(username: string) {
    const r = await login({ username, password: DEMO_PASSWORD, ip: "198.51.100.90", userAgent: "vitest" });
    if (!r.ok) throw new Error(r.message);
    return (await createSessionCookie(new Request("http://localhost/"), r.sessionId)).split(";")[0];
  }
  const req = (cookie: string, path = "/") => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });

  it("an idle session older than 30 minutes is refused (application clock, no sleeping)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const cookie = await cookieAt("eic");
    vi.setSystemTime(new Date(Date.now() + 29 * 60_000));
    expect((await getViewer(req(cookie)))?.username).toBe("eic"); // activity renews it
    vi.setSystemTime(new Date(Date.now() + 29 * 60_000));
    expect((await getViewer(req(cookie)))?.username).toBe("eic");
    vi.setSystemTime(new Date(Date.now() + 31 * 60_000));
    expect(await getViewer(req(cookie))).toBeNull();
    const r = await run(() => shellLoader({ request: req(cookie, "/projects"), params: {}, context: {} }));
    expect(r.status).toBe(302);
    expect(r.response!.headers.get("Location")).toMatch(/^\/login/);
  });

  it("activity is noted in memory and written in batches: reads leave the session row (and the caches' snapshot) alone until the flush", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const r = await login({ username: "eic", password: DEMO_PASSWORD, ip: "198.51.100.90", userAgent: "vitest" });
    if (!r.ok) throw new Error(r.message);
    const cookie = (await createSessionCookie(new Request("http://localhost/"), r.sessionId)).split(";")[0];
    const row = async () =>
      (
        await prisma.$queryRaw<{ version: string; seen: Date }[]>`
          SELECT xmin::text AS version, last_seen_at AS seen FROM session WHERE id = ${r.sessionId}`
      )[0];
    await flushLastSeen();
    const signedIn = await row();
    vi.setSystemTime(new Date(Date.now() + 10 * 60_000));
    for (let i = 0; i < 5; i++) expect((await getViewer(req(cookie)))?.username).toBe("eic");
    // no write per request: the row version is the sign-in's
    expect(await row()).toEqual(signedIn);
    await flushLastSeen();
    const flushed = await row();
    expect(flushed.version).not.toBe(signedIn.version);
    const gap = flushed.seen.getTime() - signedIn.seen.getTime();
    expect(gap).toBeGreaterThanOrEqual(10 * 60_000);
    expect(gap).toBeLessThan(11 * 60_000);
    // 25 more minutes: alive only because the activity 10 minutes after sign-in reached the database (35 > 30)
    vi.setSystemTime(new Date(Date.now() + 25 * 60_000));
    expect((await getViewer(req(cookie)))?.username).toBe("eic");
  });

  it("a session ends 12 hours after sign-in however active it is", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    const cookie = await cookieAt("leader");
    // active every 29 minutes: never idle, 24 × 29 min = 11 h 36 min
    for (let i = 0; i < 24; i++) {
      vi.setSystemTime(new Date(Date.now() + 29 * 60_000));
      expect(await getViewer(req(cookie))).not.toBeNull();
    }
    vi.setSystemTime(new Date(Date.now() + 29 * 60_000)); // 12 h 05 min after sign-in
    expect(await getViewer(req(cookie))).toBeNull();
  });

  it("a sign-in gets a new session id and ends the one the browser came with", async () => {
    const first = await cookieAt("bureau");
    const res = await run(async () => {
      const request = await postForm(null, "/login", { username: "bureau", password: DEMO_PASSWORD });
      request.headers.set("Cookie", first);
      return loginAction({ request, ...at("198.51.100.91") });
    });
    expect(res.status).toBe(302);
    const second = res.response!.headers.get("Set-Cookie")!.split(";")[0];
    expect(second).not.toBe(first);
    expect(await getViewer(req(first))).toBeNull();
    expect((await getViewer(req(second)))?.username).toBe("bureau");
  });

  it("the security roles reach only their own pages", async () => {
    const auditor = await cookieAt("auditor");
    const secadmin = await cookieAt("secadmin");
    await expect(requireUser(req(auditor, "/admin/audit"))).resolves.toMatchObject({ role: "AUDITOR" });
    for (const path of ["/projects", "/admin/users", "/leads.data", "/resources/projects-export"]) {
      const r = await run(() => requireUser(req(auditor, path)));
      expect(r.status).toBe(403);
    }
    await expect(requireUser(req(secadmin, "/admin/users"))).resolves.toMatchObject({ role: "SECADMIN" });
    expect((await run(() => requireUser(req(secadmin, "/admin/audit")))).status).toBe(403);
    expect((await run(() => requireUser(req(secadmin, "/projects/1")))).status).toBe(403);
  });
});

describe("audit log", () => {
  it("cannot be updated or deleted by the application's database role", async () => {
    const row = await prisma.auditEvent.findFirstOrThrow({ select: { id: true } });
    await expect(prisma.auditEvent.update({ where: { id: row.id }, data: { action: "FORGED" } })).rejects.toThrow(
      /审计记录不可修改或删除/,
    );
    await expect(prisma.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/审计记录不可修改或删除/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM audit_event`)).rejects.toThrow(/审计记录不可修改或删除/);
    await expect(
      prisma.$executeRawUnsafe(`UPDATE audit_event SET actor_id = NULL WHERE id = ${row.id}`),
    ).rejects.toThrow(/审计记录不可修改或删除/);
    expect(await prisma.auditEvent.count({ where: { id: row.id } })).toBe(1);
  });
});

describe("security policy (安全管理员)", () => {
  const post = async (who: string, fields: Record<string, string>) =>
    run(async () => policyAction({ request: await postForm(who, "/admin/security", fields), params: {}, context: {} }));
  const asForm = (p: object) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

  it("only the 安全管理员 changes it; values out of bounds are refused; the change applies and is audited", async () => {
    for (const who of ["sysadmin", "auditor", "bureau"]) {
      expect((await post(who, asForm(DEFAULT_POLICY))).status).toBe(403);
      const r = await run(async () =>
        policyLoader({ request: await requestAs(who, "/admin/security"), params: {}, context: {} }),
      );
      expect(r.status).toBe(403);
    }
    const bad = await post("secadmin", { ...asForm(DEFAULT_POLICY), idleMinutes: "0", minLength: "x" });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      idleMinutes: expect.stringMatching(/会话空闲超时须为 5–120/),
      minLength: expect.stringMatching(/密码最短长度/),
    });

    expect((await post("secadmin", asForm({ ...DEFAULT_POLICY, idleMinutes: 10 }))).status).toBe(302);
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "POLICY_CHANGE" },
      orderBy: { id: "desc" },
    });
    expect(ev.before).toEqual({ idleMinutes: 30 });
    expect(ev.after).toEqual({ idleMinutes: 10 });
    try {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
      const r = await login({ username: "county.lingshi", password: DEMO_PASSWORD, ip: "198.51.100.95" });
      if (!r.ok) throw new Error(r.message);
      const cookie = (await createSessionCookie(new Request("http://localhost/"), r.sessionId)).split(";")[0];
      const req = new Request("http://localhost/", { headers: { Cookie: cookie } });
      vi.setSystemTime(new Date(Date.now() + 11 * 60_000));
      expect(await getViewer(req)).toBeNull();
    } finally {
      vi.useRealTimers();
      expect((await post("secadmin", asForm(DEFAULT_POLICY))).status).toBe(302);
    }
  });
});
