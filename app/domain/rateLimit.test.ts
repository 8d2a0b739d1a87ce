import { describe, expect, it } from "vitest";
import { FixedWindowLimiter } from "./rateLimit";

describe("FixedWindowLimiter", () => {
  it("allows `limit` requests per key and window, then refuses with the seconds left", () => {
    const l = new FixedWindowLimiter({ limit: 3, windowMs: 60_000 });
    expect(l.hit("a", 1_000)).toEqual({ ok: true, remaining: 2 });
    expect(l.hit("a", 2_000)).toEqual({ ok: true, remaining: 1 });
    expect(l.hit("a", 3_000)).toEqual({ ok: true, remaining: 0 });
    // the window began at 1 s and ends at 61 s: 49.5 s left at 11.5 s → 50
    expect(l.hit("a", 11_500)).toEqual({ ok: false, retryAfterSeconds: 50 });
    // another key has its own window
    expect(l.hit("b", 11_500)).toEqual({ ok: true, remaining: 2 });
    // refused requests do not extend the window; at its end the key starts over
    expect(l.hit("a", 60_999)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(l.hit("a", 61_000)).toEqual({ ok: true, remaining: 2 });
  });

  it("starts over when the clock moved back", () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 60_000 });
    expect(l.hit("a", 100_000).ok).toBe(true);
    expect(l.hit("a", 100_001).ok).toBe(false);
    expect(l.hit("a", 50_000).ok).toBe(true);
  });

  it("remembers at most maxKeys keys: expired windows first, then the oldest", () => {
    const l = new FixedWindowLimiter({ limit: 1, windowMs: 1_000 }, 3);
    l.hit("a", 0);
    l.hit("b", 1_500);
    l.hit("c", 1_600);
    l.hit("d", 1_700); // "a" expired: dropped
    expect(l.size).toBe(3);
    expect(l.hit("b", 1_800).ok).toBe(false);
    l.hit("e", 1_900); // none expired: the oldest ("b") goes
    expect(l.size).toBe(3);
    expect(l.hit("b", 1_950).ok).toBe(true);
  });
});
