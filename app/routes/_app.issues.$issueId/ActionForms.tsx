// The forms of the actions the viewer may take on an issue. Each posts natively before JavaScript loads; with
// JavaScript its zod schema runs first. The server decides again (app/domain/issueWorkflow.ts).
import { Form, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { AssignForm, ConfirmForm, NOTE_FORMS, NOTE_LABELS, RouteForm, type NoteIntent } from "~/domain/issueForms";
import { ISSUE_ACTION_LABELS, SATISFACTION_LABELS, type IssueAction } from "~/domain/issueWorkflow";

export interface ActionFormProps {
  version: number;
  serverErrors?: Record<string, string> | null;
  formError?: string | null;
}

const HINTS: Partial<Record<IssueAction, string>> = {
  escalate: "上报后由上一级受理，13710 时限重新计算。",
  return: "退回后由下一级重新受理，13710 时限重新计算。",
  markComplex: "复杂问题的办结时限为 10 个工作日（按本次受理起算）。",
  reject: "诉求将重新打开，由原办理单位重新办理，时限重新计算。",
  reopen: "问题再次出现时可重新打开，由原办理单位重新办理。",
  assist: "反馈报送主办单位，并记入办理记录。",
};

function Busy({ intent, label, primary = true }: { intent: string; label: string; primary?: boolean }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === intent;
  return (
    <button type="submit" className={primary ? "primary" : undefined} disabled={busy}>
      {busy ? "正在提交…" : label}
    </button>
  );
}

export function NoteActionForm({
  intent,
  version,
  serverErrors,
  formError,
  submitLabel,
}: ActionFormProps & { intent: NoteIntent; submitLabel?: string }) {
  const { register, onSubmit, errorOf } = useZodForm(NOTE_FORMS[intent], { serverErrors });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="action-form" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      {intent === "comment" || intent === "assist" ? <CreateToken /> : null}
      <input type="hidden" name="version" value={version} />
      <FormError message={formError} />
      <Field id={`${intent}-note`} label={NOTE_LABELS[intent]} error={errorOf("note")} hint={HINTS[intent]} required>
        {(p) => <textarea rows={3} maxLength={2000} {...p} {...register("note")} />}
      </Field>
      <div className="form-actions">
        <Busy intent={intent} label={submitLabel ?? ISSUE_ACTION_LABELS[intent]} primary={intent !== "reject"} />
      </div>
    </Form>
  );
}

export function AssignActionForm({
  intent,
  version,
  serverErrors,
  formError,
  handlers,
  me,
}: ActionFormProps & { intent: "accept" | "assign"; handlers: Array<{ id: number; name: string }>; me: number }) {
  const mine = handlers.some((h) => h.id === me);
  const initial = intent === "accept" && mine ? String(me) : "";
  const { register, onSubmit, errorOf } = useZodForm(AssignForm, {
    serverErrors,
    defaultValues: { assigneeId: initial },
  });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="action-form" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <FormError message={formError} />
      <div className="form-grid">
        <Field id={`${intent}-assignee`} label="办理人" error={errorOf("assigneeId")} required>
          {(p) => (
            <select defaultValue={initial} {...p} {...register("assigneeId")}>
              <option value="">请选择</option>
              {handlers.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                  {h.id === me ? "（本人）" : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${intent}-note`} label="说明" error={errorOf("note")}>
          {(p) => (
            <input
              type="text"
              maxLength={500}
              placeholder={intent === "accept" ? "已受理。" : "可选"}
              {...p}
              {...register("note")}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Busy intent={intent} label={intent === "accept" ? "受理并指派" : "指派"} />
      </div>
    </Form>
  );
}

export function ConfirmActionForm({ version, serverErrors, formError }: ActionFormProps) {
  const { register, onSubmit, errorOf } = useZodForm(ConfirmForm, { serverErrors });
  const err = errorOf("satisfaction");
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="action-form" preventScrollReset>
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="version" value={version} />
      <FormError message={formError} />
      <fieldset className="rating" aria-describedby={err ? "confirm-satisfaction-error" : undefined}>
        <legend>满意度（必选）</legend>
        {[5, 4, 3, 2, 1].map((n) => (
          <label key={n} className="checkbox" htmlFor={`confirm-s${n}`}>
            <input id={`confirm-s${n}`} type="radio" value={String(n)} {...register("satisfaction")} />
            {n} 分 · {SATISFACTION_LABELS[n]}
          </label>
        ))}
        {err ? (
          <span id="confirm-satisfaction-error" className="field-error" role="alert">
            {err}
          </span>
        ) : null}
      </fieldset>
      <Field id="confirm-note" label="评价" error={errorOf("note")}>
        {(p) => <textarea rows={2} maxLength={500} placeholder="可选" {...p} {...register("note")} />}
      </Field>
      <div className="form-actions">
        <Busy intent="confirm" label="确认解决" />
      </div>
    </Form>
  );
}

/** 市经信委: 交由责任单位主办 — one 主办, any 协办; the city level's 13710 clock keeps running. */
export function RouteActionForm({
  version,
  serverErrors,
  formError,
  units,
}: ActionFormProps & { units: Array<{ id: number; name: string }> }) {
  const { register, onSubmit, errorOf } = useZodForm(RouteForm, { serverErrors });
  const assistError = errorOf("assistDepartmentIds");
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="action-form" preventScrollReset>
      <input type="hidden" name="intent" value="route" />
      <input type="hidden" name="version" value={version} />
      <FormError message={formError} />
      <Field
        id="route-lead"
        label="主办单位"
        error={errorOf("leadDepartmentId")}
        hint="由主办单位受理、办理并办结，企业确认办理结果；13710 时限不重新计算。"
        required
      >
        {(p) => (
          <select defaultValue="" {...p} {...register("leadDepartmentId")}>
            <option value="">请选择</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="checkbox-grid" aria-describedby={assistError ? "route-assist-error" : undefined}>
        <legend>协办单位（可多选）</legend>
        {units.map((u) => (
          <label key={u.id} className="checkbox" htmlFor={`route-assist-${u.id}`}>
            <input
              id={`route-assist-${u.id}`}
              type="checkbox"
              value={String(u.id)}
              {...register("assistDepartmentIds")}
            />
            {u.name}
          </label>
        ))}
        {assistError ? (
          <span id="route-assist-error" className="field-error" role="alert">
            {assistError}
          </span>
        ) : null}
      </fieldset>
      <Field id="route-note" label="交办意见" error={errorOf("note")}>
        {(p) => <input type="text" maxLength={500} placeholder="可选" {...p} {...register("note")} />}
      </Field>
      <div className="form-actions">
        <Busy intent="route" label="交办" />
      </div>
    </Form>
  );
}
