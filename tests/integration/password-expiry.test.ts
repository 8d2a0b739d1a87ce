// Password expiry (issue 14 §3): a password older than the expiry (90 days, or the 安全管理员's value) must be
// changed before anything else; the demo accounts are exempt while the demo clock runs, and only then — tested on
// the application clock (moved by data, not by waiting), docs/decisions/083.
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "~/domain/accountPolicy";
import { CLOCK_SETTING } from "~/domain/demoClock";
import { action as passwordAction } from "~/routes/_app.account.password/route";
import { action as policyAction } from "~/routes/_app.admin.security/route";
import { loader as shellLoader } from "~/routes/_app";
import { clockReady, isDemoClock, now, resetClockCache } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { DEMO_PASSWORD, postForm, requestAs, run } from "../support/requests";

const DAY = 86_400_000;
const args = { params: {}, context: {} };
const daysAgo = (n: number) => new Date(now().getTime() - n * DAY);
/** Where a signed-in page request goes: 200, or the redirect's target. */
async function open(who: string) {
  const r = await run(async () => shellLoader({ request: await requestAs(who, "/projects"), ...args }));
  return r.status === 302 ? r.response!.headers.get("Location") : r.status;
}
async function asRealAccount(username: string, passwordAge: number) {
  await prisma.user.update({ where: { username }, data: { isDemo: false, passwordChangedAt: daysAgo(passwordAge) } });
}

describe("password expiry", () => {
  it("on the demo clock the demo accounts are exempt; any other account must change a password over 90 days old", async () => {
    expect(isDemoClock()).toBe(true);
    await prisma.user.update({ where: { username: "team03" }, data: { passwordChangedAt: daysAgo(200) } });
    expect(await open("team03")).toBe(200);

    await asRealAccount("team14", 89);
    expect(await open("team14")).toBe(200);
    await asRealAccount("team14", 91);
    expect(await open("team14")).toBe("/account/password");
    const changed = await run(async () =>
      passwordAction({
        request: await postForm("team14", "/account/password", {
          currentPassword: DEMO_PASSWORD,
          newPassword: "Jinzhong#2017x",
          confirmPassword: "Jinzhong#2017x",
        }),
        ...args,
      }),
    );
    expect(changed.status).toBe(302);
    expect(await open("team14")).toBe(200);
  });

  it("the expiry the 安全管理员 sets applies at once", async () => {
    await asRealAccount("team15", 40);
    expect(await open("team15")).toBe(200);
    const fields = Object.fromEntries(
      Object.entries({ ...DEFAULT_POLICY, expiryDays: 30 }).map(([k, v]) => [k, String(v)]),
    );
    const saved = await run(async () =>
      policyAction({ request: await postForm("secadmin", "/admin/security", fields), ...args }),
    );
    expect(saved.status).toBe(302);
    expect(await open("team15")).toBe("/account/password");
    // the demo accounts stay exempt on the demo clock
    expect(await open("team16")).toBe(200);
  });

  it("off the demo clock the demo accounts obey it too: a password never changed is as old as the account", async () => {
    await prisma.setting.deleteMany({ where: { key: CLOCK_SETTING } });
    resetClockCache();
    await clockReady({ force: true });
    expect(isDemoClock()).toBe(false);
    const u = await prisma.user.findUniqueOrThrow({ where: { username: "team17" } });
    expect(u).toMatchObject({ isDemo: true, passwordChangedAt: null });
    expect(await open("team17")).toBe("/account/password");
    // a demo account that changed its password recently is let through
    await prisma.user.update({ where: { username: "team18" }, data: { passwordChangedAt: now() } });
    expect(await open("team18")).toBe(200);
  });
});
