// How a form shows a refused save (app/domain/refusal.ts): the user's input kept, and what someone else changed.
import type { Failure } from "~/domain/refusal";

/** Form defaults, overlaid with what the user submitted when the server refused it (kept without JavaScript). */
export function withSubmitted<const T extends Record<string, unknown>>(failure: Failure | null, defaults: T): T {
  return failure?.values ? ({ ...defaults, ...failure.values } as T) : defaults;
}

/** "What changed" after a refused save: field, the value saved by someone else, and the user's value. */
export function ConflictNotice({ failure }: { failure: Failure | null }) {
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
