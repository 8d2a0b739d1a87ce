// Deterministic randomness for the demo seed. Every part of the seed draws from its own named stream,
// so adding rows to one list never shifts the numbers of another (and issue timestamps, which depend on
// the run time, never disturb the 2017 data).

export type Rand = () => number;

/** mulberry32: small, fast, good enough for demo data; same seed → same sequence on every platform. */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, used only to turn a stream name into a seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const SEED = 2017;

export class Rng {
  private readonly r: Rand;
  constructor(seed: number) {
    this.r = mulberry32(seed);
  }

  /** A named stream derived from the fixed seed 2017. */
  static stream(name: string): Rng {
    return new Rng((SEED ^ hashString(name)) >>> 0);
  }

  next(): number {
    return this.r();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.r() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.r() * (max - min);
  }

  chance(p: number): boolean {
    return this.r() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from empty list");
    return items[Math.floor(this.r() * items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.r() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, Math.min(n, items.length));
  }
}

/**
 * Splits `total` into integer parts proportional to `weights`; the parts sum to `total` exactly
 * (largest-remainder rounding, ties to the earlier index). `unit` rounds every part to a multiple of it.
 */
export function splitInteger(total: number, weights: readonly number[], unit = 1): number[] {
  if (!Number.isInteger(total) || total % unit !== 0) throw new Error(`cannot split ${total} in units of ${unit}`);
  const units = total / unit;
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (sum > 0 ? (w / sum) * units : units / weights.length));
  const parts = raw.map((x) => Math.floor(x));
  let rest = units - parts.reduce((s, x) => s + x, 0);
  const order = raw.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k].i]++;
  return parts.map((p) => p * unit);
}

/** Rounds to a multiple of `unit` (half up). */
export function roundTo(x: number, unit: number): number {
  return Math.round(x / unit) * unit;
}
