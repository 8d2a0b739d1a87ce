// The one contract for a refused write (docs/development.md, "Refusing a write"). Commands and actions throw a
// `Refusal`; every action answers it with `answerRefusal` (app/utils/refusal.server.ts), which sends the `Failure`
// below with the refusal's HTTP status; forms read it with `useFailure` (app/components/form/useFailure.ts).
// Pure: no I/O, imported by domain, models, utils and the browser alike.

/** One field another person saved in between: its label, their saved value and the user's value. */
export type ConflictField = { field: string; label: string; theirs: string; yours: string };

/** What a refused action sends back (the body of the 4xx). */
export interface Failure {
  ok: false;
  /** Messages keyed by field name, shown next to the fields. */
  fieldErrors: Record<string, string>;
  /** One message for the whole form (shown above it). */
  formError: string | null;
  /** Someone else saved first: what they changed. */
  conflict: { message: string; changed: ConflictField[] } | null;
  /** Which form on the page posted (pages with several forms); null when the page has one. */
  form: string | null;
  /** What was submitted, so a form re-rendered by the server (no JavaScript yet) keeps the user's input. */
  values?: Record<string, unknown>;
  /** The version to carry on after a conflict, once the user has seen what changed. */
  currentVersion?: number | null;
  /** Project form: the enterprise already registered under the credit code that was typed. */
  existingEnterprise?: { id: number; name: string; creditCode: string } | null;
}

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500;

export const CONFLICT_MESSAGE =
  "保存失败：这条记录刚刚已被他人修改。请核对下面的最新内容，确认后再提交，不会覆盖他人的修改。";

type Detail = Partial<Omit<Failure, "ok">> & {
  /** Conflicts: the row as it is now (null when gone), for the action to describe what changed. */
  current?: Record<string, unknown> | null;
};

/**
 * A write the rules refuse. `status` defaults to 409 for a conflict and 400 otherwise. `page: true` refusals
 * (not found, forbidden) are answered as an error page rather than next to a form.
 */
export class Refusal extends Error {
  readonly status: RefusalStatus;
  readonly detail: Detail;
  readonly page: boolean;

  constructor(detail: Detail, status?: RefusalStatus, page = false) {
    super(
      detail.formError ??
        detail.conflict?.message ??
        Object.values(detail.fieldErrors ?? {})[0] ??
        (page ? "refused" : "写入被拒绝"),
    );
    this.detail = detail;
    this.status = status ?? (detail.conflict || "current" in detail ? 409 : 400);
    this.page = page;
  }

  /** The same refusal with more said (which form, the submitted values, page-specific facts). */
  with(more: Detail): Refusal {
    return new Refusal({ ...this.detail, ...more }, this.status, this.page);
  }

  /** Messages next to fields (400). `formError` optionally adds one for the whole form. */
  static fields(fieldErrors: Record<string, string>, formError?: string | null, status?: RefusalStatus) {
    return new Refusal({ fieldErrors, formError: formError ?? null }, status);
  }

  /** One message for the whole form. */
  static form(formError: string, status?: RefusalStatus) {
    return new Refusal({ formError }, status);
  }

  /**
   * Someone else saved first (409). `current` is the row as it is now; the action turns it into the list of what
   * changed (`answerRefusal(e, { describeConflict })`), or pass `changed` directly.
   */
  static conflict(
    opts: { current?: Record<string, unknown> | null; message?: string; changed?: ConflictField[] } = {},
  ) {
    const message = opts.message ?? CONFLICT_MESSAGE;
    return new Refusal(
      { current: opts.current ?? null, formError: message, conflict: { message, changed: opts.changed ?? [] } },
      409,
    );
  }

  /** Outside the viewer's scope, or gone: an error page (404). */
  static notFound(message = "未找到该记录，或您无权查看") {
    return new Refusal({ formError: message }, 404, true);
  }

  /** In scope but not allowed: an error page (403). */
  static forbidden(message = "您没有执行此操作的权限") {
    return new Refusal({ formError: message }, 403, true);
  }
}

/** The failure in an action's data, when it belongs to this form (`form` omitted: any failure on the page). */
export function failureOf(actionData: unknown, form?: string): Failure | null {
  const a = actionData as Failure | undefined | null;
  if (!a || typeof a !== "object" || a.ok !== false) return null;
  return form === undefined || (a.form ?? "") === form ? a : null;
}
