import { Form, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { failureOf } from "~/domain/refusal";
import { MemberSelect } from "./MemberSelect";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { AGENCY_TASK_KIND_LABELS } from "~/domain/labels";
import { AgencyTaskForm } from "~/domain/progressForms";
import { Options } from "~/components/form/Options";

export function NewTaskForm({
  members,
  actionData,
}: {
  members: Array<{ id: number; displayName: string }>;
  actionData: unknown;
}) {
  const fail = failureOf(actionData, "new");
  const busy = useNavigation().formData?.get("intent") === "create";
  const { field, onSubmit, errorOf, watch, setValue, getValues } = useZodForm(AgencyTaskForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      kind: "PROJECT_FILING",
      title: AGENCY_TASK_KIND_LABELS.PROJECT_FILING as string,
      dueOn: "",
      handlerId: "",
      note: "",
    }),
  });
  const kind = watch("kind") as keyof typeof AGENCY_TASK_KIND_LABELS;
  useEffect(() => {
    // Keep the suggested title in step with the kind until the user writes their own.
    const title = getValues("title");
    if (!title || Object.values(AGENCY_TASK_KIND_LABELS).includes(title as never))
      setValue("title", AGENCY_TASK_KIND_LABELS[kind] ?? "");
  }, [kind]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section className="card" aria-labelledby="nt-title">
      <h2 id="nt-title">新增代办事项</h2>
      <FormError message={fail?.formError} />
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
        <CreateToken />
        <input type="hidden" name="intent" value="create" />
        <Field id="nt-kind" label="事项类型" error={errorOf("kind")} required>
          {(p) => (
            <select {...p} {...field("kind")}>
              <Options items={AGENCY_TASK_KIND_LABELS} />
            </select>
          )}
        </Field>
        <Field id="nt-title" label="事项名称" error={errorOf("title")} required>
          {(p) => <input type="text" {...p} {...field("title")} />}
        </Field>
        <Field id="nt-dueOn" label="办结时限" error={errorOf("dueOn")} required>
          {(p) => <input type="date" {...p} {...field("dueOn")} />}
        </Field>
        <Field id="nt-handler" label="经办人" error={errorOf("handlerId")}>
          {(p) => <MemberSelect members={members} {...p} {...field("handlerId")} />}
        </Field>
        <Field id="nt-note" label="备注" error={errorOf("note")} className="span-all">
          {(p) => <input type="text" {...p} {...field("note")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            新增代办事项
          </button>
        </div>
      </Form>
    </section>
  );
}
