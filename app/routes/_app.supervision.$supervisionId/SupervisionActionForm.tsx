// The form of one step on a 督办事项. Posts natively before JavaScript loads; with JavaScript its zod schema (the
// same the action re-checks) runs first. The server decides again (app/domain/supervision.ts).
import { Form, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import {
  ExtensionForm,
  EvaluateForm,
  FILE_STEPS,
  NOTE_LABELS,
  NOTE_REQUIRED,
  noteForm,
} from "~/domain/supervisionForms";
import { RATING_LABELS, SUPERVISION_ACTION_LABELS, type SupervisionAction } from "~/domain/supervisionLabels";

interface Props {
  intent: SupervisionAction;
  version: number;
  serverErrors?: Record<string, string> | null;
  formError?: string | null;
  /** What the report's file input accepts. */
  upload: { accept: string; maxFiles: number };
}

const ADDING: readonly SupervisionAction[] = ["plan", "progress", "assist", "urge"];

const HINTS: Partial<Record<SupervisionAction, string>> = {
  sign: "签收后开始办理，请在 3 个工作日内报送办理方案。",
  requestExtension: "延期申请由市政府督查室审批，批准后办结时限调整。",
  finish: "请写明办理结果和佐证材料（文号、证书号等），报督查室审核销号。",
  return: "退回后由主办单位重新办理并再次报送办结报告。",
  assist: "协办情况报送主办单位，并记入办理记录。",
};

function Busy({ intent }: { intent: SupervisionAction }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === intent;
  return (
    <button
      type="submit"
      className={intent === "return" || intent === "refuseExtension" ? undefined : "primary"}
      disabled={busy}
    >
      {busy ? "正在提交…" : SUPERVISION_ACTION_LABELS[intent]}
    </button>
  );
}

function Hidden({ intent, version }: { intent: SupervisionAction; version: number }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      {ADDING.includes(intent) ? <CreateToken /> : null}
    </>
  );
}

export function SupervisionActionForm(p: Props) {
  if (p.intent === "requestExtension") return <ExtensionActionForm {...p} />;
  if (p.intent === "evaluate") return <EvaluateActionForm {...p} />;
  return <NoteActionForm {...p} />;
}

function NoteActionForm({ intent, version, serverErrors, formError, upload }: Props) {
  const { register, onSubmit, errorOf } = useZodForm(noteForm(intent), { serverErrors });
  const files = FILE_STEPS.includes(intent);
  return (
    <Form
      method="post"
      encType={files ? "multipart/form-data" : undefined}
      onSubmit={onSubmit}
      noValidate
      className="action-form"
      preventScrollReset
    >
      <Hidden intent={intent} version={version} />
      <FormError message={formError} />
      <Field
        id={`${intent}-note`}
        label={NOTE_LABELS[intent]}
        error={errorOf("note")}
        hint={HINTS[intent]}
        required={NOTE_REQUIRED.includes(intent)}
      >
        {(fp) => <textarea rows={3} maxLength={2000} {...fp} {...register("note")} />}
      </Field>
      {files ? (
        <Field
          id={`${intent}-attachments`}
          label={intent === "finish" ? "佐证材料" : "附件"}
          error={serverErrors?.attachments}
          hint={`可选，最多 ${upload.maxFiles} 个，每个不超过 10MB（PDF、图片、Word、Excel）`}
        >
          {(fp) => <input type="file" name="attachments" multiple accept={upload.accept} {...fp} />}
        </Field>
      ) : null}
      <div className="form-actions">
        <Busy intent={intent} />
      </div>
    </Form>
  );
}

function ExtensionActionForm({ version, serverErrors, formError }: Props) {
  const { register, onSubmit, errorOf } = useZodForm(ExtensionForm, { serverErrors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="action-form" preventScrollReset>
      <Hidden intent="requestExtension" version={version} />
      <FormError message={formError} />
      <div className="form-grid">
        <Field id="ext-date" label="延期至" error={errorOf("newDueOn")} hint={HINTS.requestExtension} required>
          {(fp) => <input type="date" {...fp} {...register("newDueOn")} />}
        </Field>
      </div>
      <Field id="ext-note" label="延期理由" error={errorOf("note")} required>
        {(fp) => <textarea rows={3} maxLength={2000} {...fp} {...register("note")} />}
      </Field>
      <div className="form-actions">
        <Busy intent="requestExtension" />
      </div>
    </Form>
  );
}

function EvaluateActionForm({ version, serverErrors, formError }: Props) {
  const { register, onSubmit, errorOf } = useZodForm(EvaluateForm, { serverErrors });
  const err = errorOf("rating");
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="action-form" preventScrollReset>
      <Hidden intent="evaluate" version={version} />
      <FormError message={formError} />
      <fieldset className="rating" aria-describedby={err ? "evaluate-rating-error" : undefined}>
        <legend>评价等次（必选）</legend>
        {[4, 3, 2, 1].map((n) => (
          <label key={n} className="checkbox" htmlFor={`evaluate-r${n}`}>
            <input id={`evaluate-r${n}`} type="radio" value={String(n)} {...register("rating")} />
            {RATING_LABELS[n]}
          </label>
        ))}
        {err ? (
          <span id="evaluate-rating-error" className="field-error" role="alert">
            {err}
          </span>
        ) : null}
      </fieldset>
      <Field id="evaluate-note" label="评价意见" error={errorOf("note")}>
        {(fp) => <textarea rows={2} maxLength={2000} {...fp} {...register("note")} />}
      </Field>
      <div className="form-actions">
        <Busy intent="evaluate" />
      </div>
    </Form>
  );
}
