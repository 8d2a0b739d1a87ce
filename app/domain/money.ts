// Money is integer 万元 everywhere (docs/design.md §4); these only format it, with integer arithmetic.

/** Rounds an integer 万元 amount to `digits` decimals of 亿元, half away from zero, as a string. */
export function wanToYiString(wan: number, digits = 2): string {
  if (!Number.isSafeInteger(wan)) throw new Error(`amount must be an integer 万元, got ${wan}`);
  const neg = wan < 0;
  const abs = Math.abs(wan);
  const unit = 10 ** (4 - digits); // 万元 per last shown digit
  let q = Math.floor(abs / unit);
  if (abs - q * unit >= unit / 2) q += 1;
  const s = String(q).padStart(digits + 1, "0");
  const whole = s.slice(0, s.length - digits);
  const frac = digits > 0 ? `.${s.slice(s.length - digits)}` : "";
  return `${neg && q !== 0 ? "-" : ""}${groupThousands(whole)}${frac}`;
}

export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "12.35亿元" */
export function formatYi(wan: number, digits = 2): string {
  return `${wanToYiString(wan, digits)}亿元`;
}

/** "1,234万元" */
export function formatWan(wan: number): string {
  if (!Number.isSafeInteger(wan)) throw new Error(`amount must be an integer 万元, got ${wan}`);
  return `${wan < 0 ? "-" : ""}${groupThousands(String(Math.abs(wan)))}万元`;
}

/** Amounts as officials read them: ≥ 1亿 in 亿元, smaller in 万元. */
export function formatAmount(wan: number): string {
  return Math.abs(wan) >= 10_000 ? formatYi(wan) : formatWan(wan);
}

/** An amount with its exact 万元 beside it when shown in 亿元 ("5.90亿元（59,000万元）"); under 1亿 printed once. */
export function formatAmountWithExact(wan: number): string {
  return Math.abs(wan) >= 10_000 ? `${formatYi(wan)}（${formatWan(wan)}）` : formatWan(wan);
}

/** A ratio as a percentage string with one decimal ("53.2%"); "—" when the denominator is 0. */
export function formatPercent(numerator: number, denominator: number, digits = 1): string {
  if (denominator === 0) return "—";
  const scale = 10 ** digits;
  // integer maths on (numerator * 100 * scale) / denominator, rounded half up
  const scaled = Math.round((numerator * 100 * scale) / denominator);
  return `${(scaled / scale).toFixed(digits)}%`;
}

/** Parses a user-typed amount in 万元 ("1,234", "1234") into an integer, or null. */
export function parseWan(raw: string): number | null {
  const s = raw.replace(/[,，\s]/g, "");
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A percentage value (already ×100) with one decimal: 53.24 → "53.2%"; null → "—". */
export function formatPct(pct: number | null | undefined, digits = 1): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return "—";
  return `${pct.toFixed(digits)}%`;
}

/** A rate target in basis points: 5000 → "50%", 3250 → "32.5%". */
export function formatBasisPoints(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return "—";
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
