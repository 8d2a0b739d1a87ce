// Field builders for form schemas that reach the browser (zod/mini keeps the route chunks small, see
// docs/development.md). Inputs arrive as strings (FormData or react-hook-form); outputs are typed values.
// Every message is the Chinese text shown next to the field.
import * as z from "zod/mini";
import { isIsoDate } from "./dates";
import { parseWan } from "./money";

/** Required text, trimmed. */
export function requiredText(message: string, max: number) {
  return z.string({ error: message }).check(z.trim(), z.minLength(1, message), z.maxLength(max, `最多 ${max} 个字`));
}

/** Optional text, trimmed; empty becomes null. */
export function optionalText(max: number) {
  return z.pipe(
    z.optional(z.string().check(z.trim(), z.maxLength(max, `最多 ${max} 个字`))),
    z.transform((s) => (s ? s : null)),
  );
}

function validYear(s: string) {
  const y = Number(s.slice(0, 4));
  return y >= 2000 && y <= 2100;
}

/** A required "YYYY-MM-DD" date (what <input type="date"> posts). */
export function isoDate(message: string) {
  return z.string({ error: message }).check(
    z.trim(),
    z.minLength(1, message),
    z.refine((s) => s === "" || (isIsoDate(s) && validYear(s)), "请填写有效的日期"),
  );
}

/** An optional "YYYY-MM-DD" date; empty becomes null. */
export function optionalIsoDate() {
  return z.pipe(
    z.optional(
      z.string().check(
        z.trim(),
        z.refine((s) => s === "" || (isIsoDate(s) && validYear(s)), "请填写有效的日期"),
      ),
    ),
    z.transform((s) => (s ? s : null)),
  );
}

const AMOUNT_FORMAT = "金额须为整数（万元），不含小数";

/** Integer 万元 from a typed string ("1,234" allowed). `min` 1 for amounts that must be positive. */
export function wanAmount(opts: { required: string; min: 0 | 1 }) {
  const tooSmall = opts.min === 1 ? "金额须大于 0（万元）" : "金额不能为负数";
  return z
    .pipe(
      z.string({ error: opts.required }).check(z.trim(), z.minLength(1, opts.required)),
      z.transform((s, ctx) => {
        const n = parseWan(s);
        if (n === null) {
          ctx.issues.push({ code: "custom", message: AMOUNT_FORMAT, input: s });
          return z.NEVER;
        }
        return n;
      }),
    )
    .check(
      z.refine((n) => n >= opts.min, tooSmall),
      z.refine((n) => n <= 2_000_000_000, "金额过大，请核对单位（万元）"),
    );
}

/** Optional integer 万元; empty becomes null. */
export function optionalWanAmount(opts: { min: 0 | 1 }) {
  const tooSmall = opts.min === 1 ? "金额须大于 0（万元）" : "金额不能为负数";
  return z.pipe(
    z.optional(z.string().check(z.trim())),
    z.transform((s, ctx) => {
      if (!s) return null;
      const n = parseWan(s);
      if (n === null) {
        ctx.issues.push({ code: "custom", message: AMOUNT_FORMAT, input: s });
        return z.NEVER;
      }
      if (n < opts.min) {
        ctx.issues.push({ code: "custom", message: tooSmall, input: s });
        return z.NEVER;
      }
      if (n > 2_000_000_000) {
        ctx.issues.push({ code: "custom", message: "金额过大，请核对单位（万元）", input: s });
        return z.NEVER;
      }
      return n;
    }),
  );
}

/** A positive integer id from a <select> or hidden input. */
export function idField(message: string) {
  return z.pipe(
    z.string({ error: message }).check(z.trim(), z.minLength(1, message), z.regex(/^\d{1,9}$/, message)),
    z.transform((s) => Number(s)),
  );
}

/** An optional id; empty becomes null. */
export function optionalId(message = "选项无效") {
  return z.pipe(
    z.optional(z.string().check(z.trim(), z.regex(/^(\d{1,9})?$/, message))),
    z.transform((s) => (s ? Number(s) : null)),
  );
}

/** A checkbox: FormData posts "on"/"1" (or nothing), react-hook-form a boolean or the value. */
export function checkbox() {
  return z.pipe(
    z.optional(z.unknown()),
    z.transform((v) => v === true || v === "on" || v === "1" || v === "true"),
  );
}

/** Repeated checkboxes of ids: FormData gives one string or an array, react-hook-form an array or false. */
export function idList(max = 50) {
  return z.pipe(
    z.optional(z.unknown()),
    z.transform((v, ctx) => {
      const raw = v === undefined || v === null || v === false || v === "" ? [] : Array.isArray(v) ? v : [v];
      const ids: number[] = [];
      for (const x of raw) {
        const s = String(x);
        if (!/^\d{1,9}$/.test(s)) {
          ctx.issues.push({ code: "custom", message: "选项无效", input: x });
          return z.NEVER;
        }
        ids.push(Number(s));
      }
      if (ids.length > max) {
        ctx.issues.push({ code: "custom", message: `最多选择 ${max} 项`, input: v });
        return z.NEVER;
      }
      return [...new Set(ids)];
    }),
  );
}

/** A version number carried in a hidden input (optimistic concurrency). */
export function versionField() {
  return z.pipe(
    z.string({ error: "缺少版本号，请刷新页面后重试" }).check(z.regex(/^\d{1,9}$/, "版本号无效，请刷新页面后重试")),
    z.transform((s) => Number(s)),
  );
}

/** The keys of a label record as a non-empty tuple, for `oneOf`. */
export function enumKeys<T extends Record<string, string>>(o: T) {
  return Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
}

/** One of a fixed set of values (enum keys); `message` when missing or unknown. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: message });
}
