// Sign-in, sign-out, session revocation and the login rate limit, against the real database.
import { describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as shellLoader } from "~/routes/_app";
import { MAX_FAILED_PER_IP, MAX_FAILED_PER_USERNAME, clientIp, getViewer, login } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { DEMO_PASSWORD, postForm, requestAs, run } from "../support/requests";

const args = { params: {}, context: {} };
// each sign-in from its own address, so one test's failures do not reach another's per-address limit
let addressNo = 0;
const fresh = () => ({ params: {}, context: { clientAddress: `198.18.0.${++addressNo}` } });

describe("sign-in", () => {
  it("signs in with the demo password, sets an HttpOnly SameSite cookie and audits it", async () => {
    const res = await run(async () =>
      loginAction({
        request: await postForm(null, "/login", {
          username: "bureau",
          password: DEMO_PASSWORD,
          redirectTo: "/projects",
        }),
        ...fresh(),
      }),
    );
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe("/projects");
    const cookie = res.response!.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^jz_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const user = await prisma.user.findUniqueOrThrow({ where: { username: "bureau" } });
    expect(await prisma.auditEvent.count({ where: { actorId: user.id, action: "LOGIN" } })).toBeGreaterThan(0);
    const viewer = await getViewer(new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0] } }));
    expect(viewer?.username).toBe("bureau");
    expect(viewer?.role).toBe("BUREAU");
  });

  it("refuses a wrong password with a Chinese message and 401, and does not reveal which part was wrong", async () => {
    const wrongPw = await run(async () =>
      loginAction({ request: await postForm(null, "/login", { username: "eic", password: "nope" }), ...fresh() }),
    );
    const noUser = await run(async () =>
      loginAction({ request: await postForm(null, "/login", { username: "nobody", password: "nope" }), ...fresh() }),
    );
    expect(wrongPw.status).toBe(401);
    expect(noUser.status).toBe(401);
    expect((wrongPw.data as { formError: string }).formError).toBe("用户名或密码错误");
    expect((noUser.data as { formError: string }).formError).toBe("用户名或密码错误");
  });

  it("shows field errors for empty input (400, not 500)", async () => {
    const res = await run(async () =>
      loginAction({ request: await postForm(null, "/login", { username: "", password: "" }), ...fresh() }),
    );
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ fieldErrors: { username: "请输入用户名", password: "请输入密码" } });
  });

  it("only redirects to same-site paths after sign-in", async () => {
    const res = await run(async () =>
      loginAction({
        request: await postForm(null, "/login", {
          username: "leader",
          password: DEMO_PASSWORD,
          redirectTo: "//evil.example",
        }),
        ...fresh(),
      }),
    );
    expect(res.response!.headers.get("Location")).toBe("/");
  });

  it(`locks an account after ${MAX_FAILED_PER_USERNAME} failed attempts: the right password then gets the same answer as a wrong one (401)`, async () => {
    for (let i = 0; i < MAX_FAILED_PER_USERNAME; i++) {
      const r = await login({ username: "county.yuci", password: `wrong${i}`, ip: `10.0.0.${i}` });
      expect(r.ok).toBe(false);
    }
    const locked = await login({ username: "county.yuci", password: DEMO_PASSWORD, ip: "10.0.0.99" });
    expect(locked).toMatchObject({ ok: false, status: 401, message: "用户名或密码错误" });
    const res = await run(async () =>
      loginAction({
        request: await postForm(null, "/login", { username: "county.yuci", password: DEMO_PASSWORD }),
        ...fresh(),
      }),
    );
    expect(res.status).toBe(401);
    expect((res.data as { formError: string }).formError).toBe("用户名或密码错误");
    // other users are not affected
    expect((await login({ username: "admin", password: DEMO_PASSWORD, ip: "10.0.0.99" })).ok).toBe(true);
  });

  it("signs out: the session row is deleted, so the old cookie no longer works", async () => {
    const r = await login({ username: "team01", password: DEMO_PASSWORD, ip: "t" });
    if (!r.ok) throw new Error("login failed");
    const { createSessionCookie } = await import("~/utils/auth.server");
    const cookie = (await createSessionCookie(new Request("http://localhost/"), r.sessionId)).split(";")[0];
    const before = await run(() =>
      shellLoader({ request: new Request("http://localhost/", { headers: { Cookie: cookie } }), ...args }),
    );
    expect(before.status).toBe(200);
    const out = await run(() =>
      logoutAction({
        request: new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }),
        ...args,
      }),
    );
    expect(out.status).toBe(302);
    expect(await prisma.session.findUnique({ where: { id: r.sessionId } })).toBeNull();
    const after = await run(() =>
      shellLoader({ request: new Request("http://localhost/projects", { headers: { Cookie: cookie } }), ...args }),
    );
    expect(after.status).toBe(302);
    expect(after.response!.headers.get("Location")).toBe("/login?redirectTo=%2Fprojects");
  });

  it("sends anonymous visitors to the sign-in page", async () => {
    const res = await run(() => shellLoader({ request: new Request("http://localhost/"), ...args }));
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe("/login");
  });

  it("a deactivated user's session stops working", async () => {
    const req = await requestAs("ent.geely", "/");
    expect((await run(() => shellLoader({ request: req, ...args }))).status).toBe(200);
    await prisma.user.update({ where: { username: "ent.geely" }, data: { isActive: false } });
    expect((await run(() => shellLoader({ request: req, ...args }))).status).toBe(302);
  });
});

describe("NUL characters in the sign-in form", () => {
  it("a NUL in the username is dropped: the normal Chinese errors, never a 500", async () => {
    const wrong = await run(async () =>
      loginAction({
        request: await postForm(null, "/login", { username: "\u0000nobody\u0000", password: "nope" }),
        ...fresh(),
      }),
    );
    expect(wrong.status).toBe(401);
    expect((wrong.data as { formError: string }).formError).toBe("用户名或密码错误");
    const only = await run(async () =>
      loginAction({
        request: await postForm(null, "/login", { username: "\u0000", password: "nope\u0000" }),
        ...fresh(),
      }),
    );
    expect(only.status).toBe(400);
    expect(only.data).toMatchObject({ fieldErrors: { username: "请输入用户名" } });
    // the attempt was recorded without the NUL
    expect(await prisma.loginAttempt.count({ where: { username: "nobody", success: false } })).toBeGreaterThan(0);
  });

  it("a NUL in redirectTo does not reach the Location header", async () => {
    const res = await run(async () =>
      loginAction({
        request: await postForm(null, "/login", {
          username: "leader",
          password: DEMO_PASSWORD,
          redirectTo: "/projects\u0000\r\nX: y",
        }),
        ...fresh(),
      }),
    );
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe("/");
  });
});

describe("login limits: per client address, and exact under parallel attempts", () => {
  const ipOf = (xff?: string) =>
    new Request("http://localhost/login", { headers: xff ? { "X-Forwarded-For": xff } : {} });

  it("believes X-Forwarded-For only with TRUST_PROXY; otherwise the connection's address, or one shared key", () => {
    expect(clientIp(ipOf("203.0.113.9, 10.0.0.1"), { clientAddress: "192.0.2.1" }, false)).toBe("192.0.2.1");
    expect(clientIp(ipOf("203.0.113.9, 10.0.0.1"), {}, false)).toBe("direct");
    expect(clientIp(ipOf(), undefined, false)).toBe("direct");
    expect(clientIp(ipOf("203.0.113.9, 10.0.0.1"), { clientAddress: "192.0.2.1" }, true)).toBe("203.0.113.9");
    expect(clientIp(ipOf(), { clientAddress: "192.0.2.1" }, true)).toBe("192.0.2.1");
    // the test environment does not set TRUST_PROXY: the default is not to believe the header
    expect(clientIp(ipOf("203.0.113.9"), { clientAddress: "192.0.2.1" })).toBe("192.0.2.1");
  });

  it(
    `refuses an address after ${MAX_FAILED_PER_IP} failed attempts across usernames, and a spoofed X-Forwarded-For does not reset it`,
    { timeout: 90_000 },
    async () => {
      const addr = "198.51.100.7";
      const post = async (username: string, password: string, xff?: string) => {
        const request = await postForm(null, "/login", { username, password });
        if (xff) request.headers.set("X-Forwarded-For", xff);
        return run(async () => loginAction({ request, params: {}, context: { clientAddress: addr } }));
      };
      // the same few usernames (more than MAX_USERNAMES_PER_IP would be stopped earlier)
      for (let i = 0; i < MAX_FAILED_PER_IP; i++) {
        const r = await post(`ip-probe-${i % 2}`, "wrong");
        expect(r.status).toBe(401);
      }
      expect(await prisma.loginAttempt.count({ where: { ip: addr, success: false } })).toBe(MAX_FAILED_PER_IP);
      // the next one is refused even for a real account with the right password
      const next = await post("leader", DEMO_PASSWORD);
      expect(next.status).toBe(429);
      expect((next.data as { formError: string }).formError).toBe("登录尝试过于频繁，请 15 分钟后再试");
      // a new X-Forwarded-For value per attempt changes nothing without TRUST_PROXY
      for (const xff of ["203.0.113.1", "203.0.113.2, 198.51.100.7"]) {
        const spoofed = await post("leader", DEMO_PASSWORD, xff);
        expect(spoofed.status).toBe(429);
        expect((spoofed.data as { formError: string }).formError).toBe("登录尝试过于频繁，请 15 分钟后再试");
      }
      expect(await prisma.loginAttempt.count({ where: { ip: { in: ["203.0.113.1", "203.0.113.2"] } } })).toBe(0);
      // another address is not affected
      const other = await run(async () =>
        loginAction({
          request: await postForm(null, "/login", { username: "leader", password: DEMO_PASSWORD }),
          params: {},
          context: { clientAddress: "198.51.100.8" },
        }),
      );
      expect(other.status).toBe(302);
    },
  );

  it(`10 parallel wrong passwords for one username: the account locks once, every answer is the same 401`, async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        login({ username: "team02", password: `wrong${i}`, ip: `192.0.2.${100 + i}` }),
      ),
    );
    const statuses = results.map((r) => (r.ok ? 200 : r.status));
    expect(statuses).toEqual(Array(10).fill(401));
    const team02 = await prisma.user.findUniqueOrThrow({ where: { username: "team02" } });
    expect(await prisma.auditEvent.count({ where: { action: "ACCOUNT_LOCKED", entityId: String(team02.id) } })).toBe(1);
    // and the account stays locked for the right password too
    expect(await login({ username: "team02", password: DEMO_PASSWORD, ip: "192.0.2.200" })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("a successful sign-in's attempt counts as a success, not against the limits", async () => {
    const r = await login({ username: "team03", password: DEMO_PASSWORD, ip: "192.0.2.50" });
    expect(r.ok).toBe(true);
    expect(
      await prisma.loginAttempt.findMany({ where: { ip: "192.0.2.50" }, select: { username: true, success: true } }),
    ).toEqual([{ username: "team03", success: true }]);
  });
});
