// User administration and self-service (issue 14): the 系统管理员's commands through the route actions, with the
// rules an assessor checks (unique usernames, validated contacts, last administrator kept, sessions ended).
import { describe, expect, it } from "vitest";
import { action as newUserAction, loader as newUserLoader } from "~/routes/_app.admin.users.new/route";
import { action as userAction } from "~/routes/_app.admin.users.$userId/route";
import { loader as usersLoader } from "~/routes/_app.admin.users._index/route";
import { loader as grantsLoader } from "~/routes/_app.admin.grants/route";
import { loader as monthlyLoader } from "~/routes/_app.issues.monthly/route";
import { loader as homeLoader } from "~/routes/_app._index";
import { loader as projectsLoader } from "~/routes/_app.projects._index/route";
import { action as passwordAction } from "~/routes/_app.account.password/route";
import { action as accountAction } from "~/routes/_app.account._index/route";
import { loader as shellLoader } from "~/routes/_app";
import { createSessionCookie, getViewer, login } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { DEMO_PASSWORD, postForm, requestAs, run } from "../support/requests";

const args = { params: {}, context: {} };
async function create(fields: Record<string, string>, as = "sysadmin") {
  return run(async () => newUserAction({ request: await postForm(as, "/admin/users/new", fields), ...args }));
}
async function act(id: number, fields: Record<string, string>, as = "sysadmin") {
  return run(async () =>
    userAction({
      request: await postForm(as, `/admin/users/${id}`, fields),
      params: { userId: String(id) },
      context: {},
    }),
  );
}
async function cookieOf(username: string, password: string) {
  const r = await login({
    username,
    password,
    ip: `192.0.2.${Math.floor(Math.random() * 200) + 1}`,
    userAgent: "vitest",
  });
  if (!r.ok) throw new Error(r.message);
  return (await createSessionCookie(new Request("http://localhost/"), r.sessionId)).split(";")[0];
}
const req = (cookie: string, path = "/") => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });

describe("user administration", () => {
  it("creates a team user with a one-time password; they must change it, then see their team's work", async () => {
    const team = await prisma.serviceTeam.findFirstOrThrow({ where: { no: 1 } });
    const r = await create({
      username: "Team01.Li",
      displayName: "李明",
      role: "TEAM",
      teamId: String(team.id),
      phone: "13912345678",
    });
    expect(r.status).toBe(200);
    const { user, oneTimePassword } = r.data as { user: { id: number; username: string }; oneTimePassword: string };
    expect(user.username).toBe("team01.li");
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ teamId: team.id, countyId: null, mustChangePassword: true, isDemo: false });
    expect(await prisma.auditEvent.count({ where: { action: "USER_CREATE", entityId: String(user.id) } })).toBe(1);

    const cookie = await cookieOf("team01.li", oneTimePassword);
    const blocked = await run(() => shellLoader({ request: req(cookie, "/projects"), ...args }));
    expect(blocked.status).toBe(302);
    expect(blocked.response!.headers.get("Location")).toBe("/account/password");

    const weak = await run(async () =>
      passwordAction({
        request: new Request("http://localhost/account/password", {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            currentPassword: oneTimePassword,
            newPassword: "short",
            confirmPassword: "short",
          }),
        }),
        ...args,
      }),
    );
    expect(weak.status).toBe(400);
    expect((weak.data as { fieldErrors: Record<string, string> }).fieldErrors.newPassword).toMatch(/至少 10 位/);
    const changed = await run(async () =>
      passwordAction({
        request: new Request("http://localhost/account/password", {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            currentPassword: oneTimePassword,
            newPassword: "Jinzhong#2017a",
            confirmPassword: "Jinzhong#2017a",
          }),
        }),
        ...args,
      }),
    );
    expect(changed.status).toBe(302);
    const ok = await run(() => shellLoader({ request: req(cookie, "/projects"), ...args }));
    expect(ok.status).toBe(200);
    expect(await prisma.auditEvent.count({ where: { action: "PASSWORD_CHANGE", entityId: String(user.id) } })).toBe(1);

    // deactivating ends the open session at once
    expect((await act(user.id, { intent: "deactivate" })).status).toBe(302);
    expect(await getViewer(req(cookie))).toBeNull();
    expect((await run(() => shellLoader({ request: req(cookie, "/projects"), ...args }))).status).toBe(302);
    expect((await login({ username: "team01.li", password: "Jinzhong#2017a", ip: "192.0.2.250" })).ok).toBe(false);
    expect((await act(user.id, { intent: "reactivate" })).status).toBe(302);
    expect((await login({ username: "team01.li", password: "Jinzhong#2017a", ip: "192.0.2.250" })).ok).toBe(true);
  });

  it("refuses a username that differs only in case, a bad phone or email, and a role without its scope", async () => {
    const dup = await create({ username: "BUREAU", displayName: "重复", role: "BUREAU" });
    expect(dup.status).toBe(409);
    expect((dup.data as { fieldErrors: Record<string, string> }).fieldErrors.username).toMatch(/已被使用/);
    const bad = await create({
      username: "new.one",
      displayName: "新人",
      role: "COUNTY",
      phone: "12345",
      email: "a@b",
    });
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      phone: expect.stringMatching(/手机号/),
      email: expect.stringMatching(/电子邮箱/),
      countyId: "请选择县区",
    });
  });

  it("keeps the last active administrator of each kind", async () => {
    const secadmin = await prisma.user.findUniqueOrThrow({ where: { username: "secadmin" } });
    const off = await act(secadmin.id, { intent: "deactivate" });
    expect(off.status).toBe(409);
    expect((off.data as { formError: string }).formError).toMatch(/最后一个在用的安全管理员/);
    const demote = await act(secadmin.id, { intent: "update", displayName: "安全管理员", role: "BUREAU" });
    expect(demote.status).toBe(409);
    const auditor = await prisma.user.findUniqueOrThrow({ where: { username: "auditor" } });
    expect((await act(auditor.id, { intent: "deactivate" })).status).toBe(409);
    // two 系统管理员 (admin, sysadmin): one may go, not both
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect((await act(admin.id, { intent: "deactivate" })).status).toBe(302);
    const sysadmin = await prisma.user.findUniqueOrThrow({ where: { username: "sysadmin" } });
    expect((await act(sysadmin.id, { intent: "deactivate" }, "sysadmin")).status).toBe(409);
    expect((await act(admin.id, { intent: "reactivate" })).status).toBe(302);
  });

  it("a role change ends the user's sessions and is audited; the password reset gives a one-time password", async () => {
    const u = await prisma.user.findUniqueOrThrow({ where: { username: "team04" } });
    const cookie = await cookieOf("team04", DEMO_PASSWORD);
    const county = await prisma.county.findFirstOrThrow();
    const r = await act(u.id, {
      intent: "update",
      displayName: u.displayName,
      role: "COUNTY",
      countyId: String(county.id),
    });
    expect(r.status).toBe(302);
    expect(await getViewer(req(cookie))).toBeNull();
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "USER_ROLE_CHANGE", entityId: String(u.id) },
    });
    expect(ev.before).toMatchObject({ role: "TEAM" });
    expect(ev.after).toMatchObject({ role: "COUNTY", countyId: county.id, teamId: null });

    const reset = await act(u.id, { intent: "reset" });
    const otp = (reset.data as { oneTimePassword: string }).oneTimePassword;
    expect(otp).toHaveLength(12);
    const signed = await login({ username: "team04", password: otp, ip: "192.0.2.251" });
    expect(signed).toMatchObject({ ok: true, mustChangePassword: true });
    expect(await prisma.auditEvent.count({ where: { action: "PASSWORD_RESET", entityId: String(u.id) } })).toBe(1);
  });

  it("only the 系统管理员 writes; the 安全管理员 lists and unlocks; others get 403", async () => {
    const u = await prisma.user.findUniqueOrThrow({ where: { username: "team10" } });
    await prisma.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() + 600_000) } });
    expect((await act(u.id, { intent: "deactivate" }, "secadmin")).status).toBe(403);
    expect((await act(u.id, { intent: "reset" }, "secadmin")).status).toBe(403);
    expect((await act(u.id, { intent: "unlock" }, "secadmin")).status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).lockedUntil).toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "ACCOUNT_UNLOCK", entityId: String(u.id) } })).toBe(1);
    for (const who of ["bureau", "auditor", "leader"]) {
      const r = await run(async () => usersLoader({ request: await requestAs(who, "/admin/users"), ...args }));
      expect(r.status).toBe(403);
      expect((await create({ username: "x.y", displayName: "x", role: "BUREAU" }, who)).status).toBe(403);
    }
    expect(
      (await run(async () => newUserLoader({ request: await requestAs("secadmin", "/admin/users/new"), ...args })))
        .status,
    ).toBe(403);
  });

  it("the 安全管理员 reviews role grants: holders by role, city-wide holders by name, recent changes in Chinese", async () => {
    const u = await prisma.user.findUniqueOrThrow({ where: { username: "team06" } });
    const county = await prisma.county.findFirstOrThrow({ orderBy: { id: "asc" } });
    const team = await prisma.serviceTeam.findUniqueOrThrow({ where: { id: u.teamId! } });
    expect(
      (await act(u.id, { intent: "update", displayName: u.displayName, role: "COUNTY", countyId: String(county.id) }))
        .status,
    ).toBe(302);
    type Review = {
      roles: { role: string; active: number }[];
      holders: { username: string; role: string }[];
      changes: { user: string; actor: string; change: string }[];
      total: number;
    };
    const review = async (who: string, qs = "") =>
      run(async () => grantsLoader({ request: await requestAs(who, `/admin/grants${qs}`), ...args }));
    const r = await review("secadmin");
    expect(r.status).toBe(200);
    const data = r.data as Review;
    expect(data.roles.find((x) => x.role === "SECADMIN")!.active).toBeGreaterThanOrEqual(1);
    expect(data.roles.find((x) => x.role === "TEAM")!.active).toBe(
      await prisma.user.count({ where: { role: "TEAM", isActive: true } }),
    );
    expect(data.holders.map((h) => h.username)).toEqual(
      expect.arrayContaining(["sysadmin", "secadmin", "auditor", "leader"]),
    );
    expect(data.holders.some((h) => h.username.startsWith("team"))).toBe(false);
    const change = data.changes.find((c) => c.user.includes("team06"))!;
    expect(change.change).toBe(`角色：专业化服务小组 → 县（区、市）；范围：${team.name} → ${county.name}`);
    expect(change.actor).toContain("sysadmin");
    // nothing on it writes, and only the 安全管理员 opens it
    expect((await review("secadmin", "?days=abc")).status).toBe(200);
    for (const who of ["sysadmin", "auditor", "bureau", "leader", "team01", "ent.geely"])
      expect((await review(who)).status, who).toBe(403);
  });

  it("a 责任单位 user needs a department; it reads the city- and province-level issue list and nothing else", async () => {
    const guotu = await prisma.department.findUniqueOrThrow({ where: { code: "guotu" } });
    const none = await create({ username: "dept.guotu2", displayName: "王芳", role: "DEPARTMENT" });
    expect(none.status).toBe(400);
    expect((none.data as { fieldErrors: Record<string, string> }).fieldErrors.departmentId).toBe("请选择责任单位");
    const county = await prisma.county.findFirstOrThrow();
    const r = await create({
      username: "dept.guotu2",
      displayName: "王芳",
      role: "DEPARTMENT",
      departmentId: String(guotu.id),
      countyId: String(county.id), // not this role's scope: cleared
      phone: "0354-3021234",
    });
    expect(r.status).toBe(200);
    const { user } = r.data as { user: { id: number } };
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      role: "DEPARTMENT",
      departmentId: guotu.id,
      countyId: null,
    });
    const ev = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "USER_CREATE", entityId: String(user.id) },
    });
    expect(ev.after).toMatchObject({ role: "DEPARTMENT", departmentId: guotu.id });
    const bogus = await create({ username: "dept.x", displayName: "x", role: "DEPARTMENT", departmentId: "999999" });
    expect(bogus.status).toBe(400);
    expect((bogus.data as { fieldErrors: Record<string, string> }).fieldErrors.departmentId).toBe("责任单位不存在");

    // the seeded dept.guotu: home is its 本单位工作台 (issue 17); its coordination list holds only city- and
    // province-level issues — those 市经信委 routed to it (issue 17 §3, docs/decisions/170)
    const home = await run(async () => homeLoader({ request: await requestAs("dept.guotu", "/"), ...args }));
    expect(home.response!.headers.get("Location")).toBe("/department");
    type Monthly = { total: number; rows: { levelInMonth: string; code: string }[] };
    const mine = (
      await run(async () =>
        monthlyLoader({ request: await requestAs("dept.guotu", "/issues/monthly?month=2017-11"), ...args }),
      )
    ).data as Monthly;
    const city = (
      await run(async () =>
        monthlyLoader({ request: await requestAs("eic", "/issues/monthly?month=2017-11"), ...args }),
      )
    ).data as Monthly;
    expect(mine.rows.every((x) => ["CITY", "PROVINCE"].includes(x.levelInMonth))).toBe(true);
    expect(mine.total).toBeLessThanOrEqual(city.total);
    const routed = await prisma.coordinationIssue.count({
      where: { code: { in: mine.rows.map((x) => x.code) }, units: { some: { departmentId: guotu.id } } },
    });
    expect(routed).toBe(mine.rows.length);
    // no business page beyond it
    const projects = await run(async () =>
      projectsLoader({ request: await requestAs("dept.guotu", "/projects"), ...args }),
    );
    expect(projects.status).toBe(403);
    const shell = await run(async () =>
      shellLoader({ request: await requestAs("dept.guotu", "/issues/monthly"), ...args }),
    );
    expect((shell.data as { scopeName: string; nav: { to: string }[] }).scopeName).toBe("市国土资源局");
    // and its 督办事项 (issue 17: only those where it is 主办 or 协办, tests/integration/supervision.test.ts)
    expect((shell.data as { nav: { to: string }[] }).nav.map((n) => n.to)).toEqual([
      "/department",
      "/issues",
      "/issues/monthly",
      "/supervision",
      "/account",
    ]);
  });

  it("lists with search, filters and server paging", async () => {
    const list = async (qs: string) =>
      (await run(async () => usersLoader({ request: await requestAs("sysadmin", `/admin/users?${qs}`), ...args })))
        .data as { total: number; rows: { username: string; role: string }[] };
    const all = await list("");
    expect(all.rows).toHaveLength(20);
    expect(all.total).toBeGreaterThan(100);
    const p2 = await list("page=2");
    expect(p2.rows[0].username > all.rows[19].username).toBe(true);
    expect((await list("q=ENT.GEELY")).rows.map((r) => r.username)).toEqual(["ent.geely"]);
    const teams = await list("role=TEAM&page=1");
    expect(teams.rows.every((r) => r.role === "TEAM")).toBe(true);
    expect((await list("role=NOPE&page=x")).total).toBe(all.total);
  });
});

describe("self-service", () => {
  it("lists my sessions with device and address, ends the others, and saves validated contacts", async () => {
    const a = await cookieOf("county.taigu", DEMO_PASSWORD);
    const b = await cookieOf("county.taigu", DEMO_PASSWORD);
    const page = await run(async () =>
      (await import("~/routes/_app.account._index/route")).loader({ request: req(a, "/account"), ...args }),
    );
    const sessions = (page.data as { sessions: { current: boolean; ip: string }[] }).sessions;
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const post = (fields: Record<string, string>) =>
      run(() =>
        accountAction({
          request: new Request("http://localhost/account", {
            method: "POST",
            headers: { Cookie: a, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(fields),
          }),
          ...args,
        }),
      );
    expect((await post({ intent: "end-others" })).status).toBe(302);
    expect(await getViewer(req(b))).toBeNull();
    expect(await getViewer(req(a))).not.toBeNull();
    const bad = await post({ intent: "contact", phone: "abc", email: "x" });
    expect(bad.status).toBe(400);
    expect((await post({ intent: "contact", phone: "0354-3012345", email: "Taigu@Example.cn" })).status).toBe(302);
    expect(
      await prisma.user.findUniqueOrThrow({
        where: { username: "county.taigu" },
        select: { phone: true, email: true },
      }),
    ).toEqual({
      phone: "0354-3012345",
      email: "taigu@example.cn",
    });
  });

  it("a new password may not be one of the last five, nor contain the username", async () => {
    const cookie = await cookieOf("county.pingyao", DEMO_PASSWORD);
    const change = (current: string, next: string) =>
      run(() =>
        passwordAction({
          request: new Request("http://localhost/account/password", {
            method: "POST",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ currentPassword: current, newPassword: next, confirmPassword: next }),
          }),
          ...args,
        }),
      );
    const named = await change(DEMO_PASSWORD, "county.pingyao#A1");
    expect((named.data as { fieldErrors: Record<string, string> }).fieldErrors.newPassword).toMatch(/用户名/);
    expect((await change(DEMO_PASSWORD, "First#Pass01")).status).toBe(302);
    expect((await change("First#Pass01", "Second#Pass02")).status).toBe(302);
    const again = await change("Second#Pass02", "First#Pass01");
    expect(again.status).toBe(400);
    expect((again.data as { fieldErrors: Record<string, string> }).fieldErrors.newPassword).toMatch(/最近 5 次/);
    const wrong = await change("nope", "Third#Pass03");
    expect((wrong.data as { fieldErrors: Record<string, string> }).fieldErrors.currentPassword).toBe("当前密码不正确");
  });
});
