// A per-key request counter in fixed windows (docs/decisions/235): the public pages' limit per client address.
// Pure: the caller passes the instant (the application clock) and keeps the limiter in its process.

export interface RateRule {
  /** requests allowed per key and window */
  limit: number;
  windowMs: number;
}

export type RateAnswer = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly rule: RateRule,
    /** at most this many keys are remembered: beyond it expired windows go first, then the oldest */
    readonly maxKeys = 10_000,
  ) {}

  /** Counts one request of `key` at `atMs`; refused once the key has used up its window. */
  hit(key: string, atMs: number): RateAnswer {
    const w = this.windows.get(key);
    // a new window, or the clock was moved back (the demo clock can be): start over
    if (!w || atMs >= w.start + this.rule.windowMs || atMs < w.start) {
      this.windows.delete(key);
      this.windows.set(key, { start: atMs, count: 1 });
      this.prune(atMs);
      return { ok: true, remaining: this.rule.limit - 1 };
    }
    if (w.count >= this.rule.limit) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.rule.windowMs - atMs) / 1000)) };
    }
    w.count += 1;
    return { ok: true, remaining: this.rule.limit - w.count };
  }

  clear(): void {
    this.windows.clear();
  }

  get size(): number {
    return this.windows.size;
  }

  private prune(atMs: number): void {
    if (this.windows.size <= this.maxKeys) return;
    for (const [k, w] of this.windows) if (atMs >= w.start + this.rule.windowMs) this.windows.delete(k);
    // Map keeps insertion order and a new window is re-inserted: the first keys are the oldest windows
    for (const k of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}
