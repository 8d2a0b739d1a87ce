import { Form } from "@remix-run/react";
import { useMemo } from "react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { failureOf } from "~/domain/refusal";
import { Field } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { milestoneWithdrawSchema } from "~/domain/progressForms";
import { StageFormHead } from "./StageFormHead";
import type { MilestonesData, StageRow } from "./types";

export function WithdrawForm({ row, data, actionData }: { row: StageRow; data: MilestonesData; actionData: unknown }) {
  const failure = failureOf(actionData, `withdraw-${row.stage}`);
  const schema = useMemo(() => milestoneWithdrawSchema(data.ctx), [data.ctx]);
  const { field, onSubmit, errorOf } = useZodForm(schema, {
    serverErrors: failure?.fieldErrors,
    defaultValues: withSubmitted(failure, {
      intent: "withdraw",
      stage: row.stage,
      reason: "",
      version: String(row.version),
    }),
  });
  const id = (f: string) => `withdraw-${row.stage}-${f}`;
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="inline-form">
      <StageFormHead failure={failure} stageError={errorOf("stage")} field={field} />
      <p className="small muted">撤回后该阶段恢复为未完成，原记录和原因保留在历史中。</p>
      <Field id={id("reason")} label="撤回原因" error={errorOf("reason")} required>
        {(p) => <input type="text" {...p} {...field("reason")} />}
      </Field>
      <button type="submit" className="danger">
        确认撤回
      </button>
    </Form>
  );
}
