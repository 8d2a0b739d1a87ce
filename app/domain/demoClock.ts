// The demo clock's stored shape (setting "app_clock"), shared by the app's clock module and the seed.
// docs/decisions/060-application-clock.md

export const CLOCK_SETTING = "app_clock";

/**
 * The server's own wall clock, in ms — the one place in the code that reads it (ESLint refuses `Date.now()` and
 * `new Date()` elsewhere). Business time is the application clock built on it (`now()` in app/utils/clock.server.ts);
 * read this directly only for what is about the machine, not the business: file ages on disk, the wall time a backup
 * records beside the application time.
 */
export function serverWallClock(): number {
  return Date.now();
}
/** The seeded demo's first instant: 2017-11-20 09:00 Beijing, inside the 2017 plan year. */
export const DEMO_START = "2017-11-20T01:00:00.000Z";

export interface DemoClockValue {
  mode: "demo";
  /** The demo instant at the anchor (ISO). */
  start: string;
  /** The real instant the demo start corresponds to (ISO); null until the app first starts. */
  anchoredAt: string | null;
}

/** The demo clock's first state, written by the seed (unanchored: the app's first start anchors it). */
export function demoClockSeed(start: string = DEMO_START): DemoClockValue {
  return { mode: "demo", start, anchoredAt: null };
}

export function parseDemoClock(value: unknown): DemoClockValue | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (v.mode !== "demo" || typeof v.start !== "string" || Number.isNaN(Date.parse(v.start))) return null;
  const anchoredAt = typeof v.anchoredAt === "string" && !Number.isNaN(Date.parse(v.anchoredAt)) ? v.anchoredAt : null;
  return { mode: "demo", start: v.start, anchoredAt };
}
