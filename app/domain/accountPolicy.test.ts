import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  characterClasses,
  passwordChangeRequired,
  passwordProblems,
  sessionAlive,
  type SecurityPolicy,
} from "./accountPolicy";

const DAY = 86_400_000;
const at = new Date("2026-12-06T02:00:00Z");
const ago = (days: number) => new Date(at.getTime() - days * DAY);
const account = (over: Partial<Parameters<typeof passwordChangeRequired>[0]> = {}) => ({
  mustChangePassword: false,
  passwordChangedAt: ago(10),
  isDemo: false,
  createdAt: ago(400),
  ...over,
});

describe("password rules (issue 14 §3 defaults)", () => {
  it("wants 10 characters, 3 of the 4 classes, and not the username", () => {
    expect(passwordProblems("Ab1#", "li")).toContain("密码至少 10 位");
    expect(characterClasses("abcdefghij")).toBe(1);
    expect(passwordProblems("abcdefghij12", "li").join()).toMatch(/至少 3 类/);
    expect(passwordProblems("Team01.li#2017", "team01.li")).toEqual(["密码不能包含用户名"]);
    expect(passwordProblems("TEAM01.LI#2017", "team01.li")).toEqual(["密码不能包含用户名"]);
    expect(passwordProblems("Jinzhong#2017li", "team01.li")).toEqual([]);
  });
});

describe("forced password change", () => {
  it("after a reset, whatever the clock", () => {
    expect(passwordChangeRequired(account({ mustChangePassword: true, isDemo: true }), at, true)).toBe("RESET");
  });

  it("expires after 90 days (a configured expiry applies)", () => {
    expect(passwordChangeRequired(account({ passwordChangedAt: ago(89) }), at, false)).toBeNull();
    expect(passwordChangeRequired(account({ passwordChangedAt: ago(91) }), at, false)).toBe("EXPIRED");
    const p30: SecurityPolicy = { ...DEFAULT_POLICY, expiryDays: 30 };
    expect(passwordChangeRequired(account({ passwordChangedAt: ago(31) }), at, false, p30)).toBe("EXPIRED");
  });

  it("demo accounts are exempt while the demo clock runs, and only then", () => {
    const demo = account({ isDemo: true, passwordChangedAt: ago(365) });
    expect(passwordChangeRequired(demo, at, true)).toBeNull();
    expect(passwordChangeRequired(demo, at, false)).toBe("EXPIRED");
    // a non-demo account is not exempt on the demo clock
    expect(passwordChangeRequired(account({ passwordChangedAt: ago(91) }), at, true)).toBe("EXPIRED");
  });

  it("a password never changed is as old as its account", () => {
    expect(passwordChangeRequired(account({ passwordChangedAt: null, createdAt: ago(91) }), at, false)).toBe("EXPIRED");
    expect(passwordChangeRequired(account({ passwordChangedAt: null, createdAt: ago(5) }), at, false)).toBeNull();
    expect(passwordChangeRequired(account({ passwordChangedAt: null, isDemo: true }), at, true)).toBeNull();
  });
});

describe("session timeouts", () => {
  const s = { createdAt: new Date(at.getTime() - 3_600_000), lastSeenAt: new Date(at.getTime() - 29 * 60_000) };
  it("ends after 30 idle minutes or 12 hours in all", () => {
    const expiresAt = new Date(at.getTime() + DAY);
    expect(sessionAlive({ ...s, expiresAt }, at)).toBe(true);
    expect(sessionAlive({ ...s, lastSeenAt: new Date(at.getTime() - 30 * 60_000), expiresAt }, at)).toBe(false);
    expect(sessionAlive({ ...s, createdAt: new Date(at.getTime() - 12 * 3_600_000), expiresAt }, at)).toBe(false);
  });
});
