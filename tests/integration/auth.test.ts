// Sign-in, sign-out, session revocation and the login rate limit, against the real database.
import { describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as shellLoader } from "~/routes/_app";
import { MAX_FAILED_PER_USERNAME, getViewer, login } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { DEMO_PASSWORD, postForm, requestAs, run } from "../support/requests";

const args = { params: {}, context: {} };

describe("sign-in", () => {
  it("signs in with the demo password, sets an HttpOnly SameSite cookie and audits it", async () => {
    const res = await run(async () => loginAction({ request: await postForm(null, "/login", { username: "bureau", password: DEMO_PASSWORD, redirectTo: "/projects" }), ...args }));
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
    const wrongPw = await run(async () => loginAction({ request: await postForm(null, "/login", { username: "eic", password: "nope" }), ...args }));
    const noUser = await run(async () => loginAction({ request: await postForm(null, "/login", { username: "nobody", password: "nope" }), ...args }));
    expect(wrongPw.status).toBe(401);
    expect(noUser.status).toBe(401);
    expect((wrongPw.data as { formError: string }).formError).toBe("用户名或密码错误");
    expect((noUser.data as { formError: string }).formError).toBe("用户名或密码错误");
  });

  it("shows field errors for empty input (400, not 500)", async () => {
    const res = await run(async () => loginAction({ request: await postForm(null, "/login", { username: "", password: "" }), ...args }));
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ fieldErrors: { username: "请输入用户名", password: "请输入密码" } });
  });

  it("only redirects to same-site paths after sign-in", async () => {
    const res = await run(async () => loginAction({ request: await postForm(null, "/login", { username: "leader", password: DEMO_PASSWORD, redirectTo: "//evil.example" }), ...args }));
    expect(res.response!.headers.get("Location")).toBe("/");
  });

  it(`locks a username after ${MAX_FAILED_PER_USERNAME} failed attempts, even with the right password (429)`, async () => {
    for (let i = 0; i < MAX_FAILED_PER_USERNAME; i++) {
      const r = await login({ username: "county.yuci", password: `wrong${i}`, ip: `10.0.0.${i}` });
      expect(r.ok).toBe(false);
    }
    const locked = await login({ username: "county.yuci", password: DEMO_PASSWORD, ip: "10.0.0.99" });
    expect(locked).toMatchObject({ ok: false, status: 429 });
    const res = await run(async () => loginAction({ request: await postForm(null, "/login", { username: "county.yuci", password: DEMO_PASSWORD }), ...args }));
    expect(res.status).toBe(429);
    expect((res.data as { formError: string }).formError).toContain("登录失败次数过多");
    // other users are not affected
    expect((await login({ username: "admin", password: DEMO_PASSWORD, ip: "10.0.0.99" })).ok).toBe(true);
  });

  it("signs out: the session row is deleted, so the old cookie no longer works", async () => {
    const r = await login({ username: "team01", password: DEMO_PASSWORD, ip: "t" });
    if (!r.ok) throw new Error("login failed");
    const { createSessionCookie } = await import("~/utils/auth.server");
    const cookie = (await createSessionCookie(new Request("http://localhost/"), r.sessionId)).split(";")[0];
    const before = await run(() => shellLoader({ request: new Request("http://localhost/", { headers: { Cookie: cookie } }), ...args }));
    expect(before.status).toBe(200);
    const out = await run(() => logoutAction({ request: new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }), ...args }));
    expect(out.status).toBe(302);
    expect(await prisma.session.findUnique({ where: { id: r.sessionId } })).toBeNull();
    const after = await run(() => shellLoader({ request: new Request("http://localhost/projects", { headers: { Cookie: cookie } }), ...args }));
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
