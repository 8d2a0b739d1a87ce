import type { ReactNode } from "react";
import { ConflictNotice, type ActionFailure } from "~/components/form/actionFailure";

/** What every per-stage form starts with: the conflict notice, its hidden intent/stage/version and a stage error. */
export function StageFormHead({ failure, hidden, stageError }: { failure: ActionFailure | null; hidden: ReactNode; stageError?: string }) {
  return (
    <>
      <ConflictNotice failure={failure} />
      {hidden}
      {stageError ? (
        <p className="field-error" role="alert">
          {stageError}
        </p>
      ) : null}
    </>
  );
}
