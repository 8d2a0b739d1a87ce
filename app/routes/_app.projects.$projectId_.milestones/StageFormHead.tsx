import type { InputHTMLAttributes } from "react";
import { ConflictNotice } from "~/components/form/ConflictNotice";
import type { Failure } from "~/domain/refusal";

/** What every per-stage form starts with: the conflict notice, its hidden intent/stage/version and a stage error. */
export function StageFormHead({
  failure,
  field,
  stageError,
}: {
  failure: Failure | null;
  /** the form's useZodForm `field` */
  field: (name: string) => InputHTMLAttributes<HTMLInputElement>;
  stageError?: string;
}) {
  return (
    <>
      <ConflictNotice failure={failure} />
      <input type="hidden" {...field("intent")} />
      <input type="hidden" {...field("stage")} />
      <input type="hidden" {...field("version")} />
      {stageError ? (
        <p className="field-error" role="alert">
          {stageError}
        </p>
      ) : null}
    </>
  );
}
