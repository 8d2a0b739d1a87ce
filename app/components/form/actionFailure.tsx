// The shape of a failed action (app/utils/writeErrors.server.ts) and how a form shows its conflict part.
export type ConflictField = { field: string; label: string; theirs: string; yours: string };

export interface ActionFailure {
  ok: false;
  fieldErrors: Record<string, string>;
  formError: string | null;
  conflict: { message: string; changed: ConflictField[] } | null;
  /** Which form on the page posted (pages with several forms). */
  form: string | null;
  /** Project form: the enterprise already registered under the credit code that was typed. */
  existingEnterprise?: { id: number; name: string; creditCode: string } | null;
  /** What was submitted, so a form re-rendered by the server (no JavaScript yet) keeps the user's input. */
  values?: Record<string, unknown>;
  /** The version to carry on after a conflict, once the user has seen what changed. */
  currentVersion?: number | null;
}

/** Action data for this form only, when several forms share one action. */
export function failureFor(actionData: unknown, form: string): ActionFailure | null {
  const a = actionData as ActionFailure | undefined;
  return a && a.ok === false && (a.form ?? "") === form ? a : null;
}

/** Form defaults, overlaid with what the user submitted when the server refused it (kept without JavaScript). */
export function withSubmitted<const T extends Record<string, unknown>>(failure: ActionFailure | null, defaults: T): T {
  return failure?.values ? ({ ...defaults, ...failure.values } as T) : defaults;
}

/** "What changed" after a refused save: field, the value saved by someone else, and the user's value. */
export function ConflictNotice({ failure }: { failure: ActionFailure | null }) {
  if (!failure?.conflict) return null;
  const { message, changed } = failure.conflict;
  return (
    <div className="form-error conflict" role="alert">
      <p>{message}</p>
      {changed.length ? (
        <table className="plain">
          <caption>他人已保存的修改</caption>
          <thead>
            <tr>
              <th scope="col">字段</th>
              <th scope="col">他人保存的值</th>
              <th scope="col">您填写的值</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((c) => (
              <tr key={c.field}>
                <th scope="row">{c.label}</th>
                <td>{c.theirs}</td>
                <td>{c.yours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
