// The application clock (docs/decisions/060): the seeded demo runs on a demo clock that starts at 2017-11-20 09:00
// Beijing on the first start, then runs forward in real time; the state is in the database, so a restart (or
// another process) continues it; the administrator can move it (audited); APP_CLOCK=real uses the real clock.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLOCK_SETTING, DEMO_START, demoClockSeed } from "~/domain/demoClock";
import { action as clockAction, loader as clockLoader } from "~/routes/_app.admin.clock/route";
import { clockReady, isDemoClock, now, resetClockCache, today } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { postForm, requestAs, run } from "../support/requests";

const ROOT = path.resolve(__dirname, "../..");

async function stored() {
  const row = await prisma.setting.findUniqueOrThrow({ where: { key: CLOCK_SETTING } });
  return row.value as { mode: string; start: string; anchoredAt: string | null };
}

/** The clock's now as a separate process (a restarted server, `npm run backup`) reads it. */
function otherProcessNow(env: Record<string, string> = {}): Date {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "tests/support/printClock.ts"],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return new Date(r.stdout.trim());
}

describe("the demo clock", () => {
  it("starts at the demo date on the first start and runs forward in real time", async () => {
    expect(isDemoClock()).toBe(true);
    expect(today()).toBe("2017-11-20");
    const s = await stored();
    expect(s.mode).toBe("demo");
    expect(s.start).toBe(DEMO_START);
    expect(s.anchoredAt).not.toBeNull(); // anchored by the first read (the test file's setup, like a server start)
    const a = now().getTime();
    expect(a - Date.parse(DEMO_START)).toBeGreaterThanOrEqual(0);
    expect(a - Date.parse(DEMO_START)).toBeLessThan(10 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(now().getTime()).toBeGreaterThan(a);
  });

  it("a restart continues from where it was: the anchor is kept, another process reads the same time", async () => {
    const before = await stored();
    const a = now().getTime();
    resetClockCache(); // as a fresh process
    await clockReady();
    const b = now().getTime();
    expect(b - a).toBeGreaterThanOrEqual(0);
    expect(b - a).toBeLessThan(5_000);
    expect(await stored()).toEqual(before);
    const other = otherProcessNow().getTime();
    expect(other - b).toBeGreaterThanOrEqual(0);
    expect(other - b).toBeLessThan(60_000);
  }, 90_000);

  it("APP_CLOCK=real uses the server's clock even on the demo database", () => {
    const real = otherProcessNow({ APP_CLOCK: "real" }).getTime();
    expect(Math.abs(real - Date.now())).toBeLessThan(60_000);
  }, 90_000);

  it("the administrator moves the demo date (audited); others are refused; a bad date is answered next to the field", async () => {
    for (const user of ["bureau", "team01"]) {
      expect(
        (
          await run(async () =>
            clockLoader({ request: await requestAs(user, "/admin/clock"), params: {}, context: {} }),
          )
        ).status,
        user,
      ).toBe(403);
      expect(
        (
          await run(async () =>
            clockAction({
              request: await postForm(user, "/admin/clock", { date: "2017-12-04" }),
              params: {},
              context: {},
            }),
          )
        ).status,
        user,
      ).toBe(403);
    }
    const bad = await run(async () =>
      clockAction({
        request: await postForm("admin", "/admin/clock", { date: "2017-13-40" }),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect((bad.data as { fieldErrors: Record<string, string> }).fieldErrors.date).toBe("请选择有效的日期");

    const before = now();
    const moved = await run(async () =>
      clockAction({
        request: await postForm("admin", "/admin/clock", { date: "2017-12-04" }),
        params: {},
        context: {},
      }),
    );
    expect(moved.status).toBe(302);
    expect(today()).toBe("2017-12-04");
    const s = await stored();
    expect(s.start).toBe("2017-12-04T01:00:00.000Z");
    const audit = await prisma.auditEvent.findMany({ where: { action: "CLOCK_MOVE" } });
    expect(audit).toHaveLength(1);
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      entity: "AppClock",
      after: { at: "2017-12-04T01:00:00.000Z" },
    });
    const was = Date.parse((audit[0].before as { at: string }).at);
    expect(Math.abs(was - before.getTime())).toBeLessThan(5_000);
    // another process (a restarted server) sees the moved date
    expect(otherProcessNow().toISOString().slice(0, 10)).toBe("2017-12-04");
  }, 90_000);

  it("reseeding restarts it: the seed's unanchored start is anchored at the next start", async () => {
    await prisma.setting.update({ where: { key: CLOCK_SETTING }, data: { value: { ...demoClockSeed() } } });
    await clockReady({ force: true });
    expect(today()).toBe("2017-11-20");
    expect(Math.abs(now().getTime() - Date.parse(DEMO_START))).toBeLessThan(5_000);
    expect((await stored()).anchoredAt).not.toBeNull();
  });
});
