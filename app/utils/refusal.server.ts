// The one way an action answers a refused write (docs/development.md, "Refusing a write"): a `Refusal`
// (app/domain/refusal.ts) becomes its 4xx `Failure`; anything else is thrown on unchanged (responses such as
// redirects, 404s from scope checks, and real errors, which the error boundary and the log handle).
import { data } from "@remix-run/node";
import { formatChineseDate } from "~/domain/dates";
import { Refusal, type ConflictField, type Failure } from "~/domain/refusal";

export type AnswerOptions = {
  /** Which form posted, when the refusal does not say itself. */
  form?: string | null;
  /** The submitted fields (files are dropped), so a form re-rendered without JavaScript keeps its input. */
  values?: Record<string, unknown>;
  /**
   * Conflicts: what the other person changed, from the row as it is now (null when it is gone); optionally with
   * the message to show instead of the general one.
   */
  describeConflict?: (
    current: Record<string, unknown> | null,
  ) => ConflictField[] | { message: string; changed: ConflictField[] };
};

/** Answers `e` when it is a refusal; throws it on otherwise. Use in every action: `catch (e) { return answerRefusal(e) }`. */
export function answerRefusal(e: unknown, opts: AnswerOptions = {}) {
  if (!(e instanceof Refusal)) throw e;
  if (e.page) {
    throw new Response(e.message, { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { current, values, conflict, ...rest } = e.detail;
  const hasCurrent = "current" in e.detail;
  const described = hasCurrent && opts.describeConflict ? opts.describeConflict(current ?? null) : null;
  const told = described && !Array.isArray(described) ? described : null;
  const changed = Array.isArray(described) ? described : (told?.changed ?? null);
  const submitted = values ?? opts.values;
  const body: Failure = {
    ok: false,
    fieldErrors: {},
    formError: null,
    ...rest,
    ...(told ? { formError: told.message } : {}),
    conflict: conflict ? { message: told?.message ?? conflict.message, changed: changed ?? conflict.changed } : null,
    form: rest.form ?? opts.form ?? null,
    ...(submitted ? { values: submittedValues(submitted) } : {}),
  };
  return data<Failure>(body, { status: e.status });
}

/** The submitted fields without files (they cannot be sent back), for `Failure.values`. */
export function submittedValues(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(([, v]) => !(typeof v === "object" && v !== null && !Array.isArray(v))),
  );
}

/** A value as the conflict table shows it. */
export function showValue(v: unknown): string {
  if (v instanceof Date) return formatChineseDate(v);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v)) return formatChineseDate(v.slice(0, 10));
  if (typeof v === "boolean") return v ? "是" : "否";
  return v === null || v === undefined || v === "" ? "（空）" : String(v);
}
