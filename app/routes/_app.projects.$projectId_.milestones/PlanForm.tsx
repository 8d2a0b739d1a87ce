import { Form } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { failureOf } from "~/domain/refusal";
import { Field } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { MilestonePlanForm } from "~/domain/progressForms";
import { StageFormHead } from "./StageFormHead";
import type { StageRow } from "./types";

export function PlanForm({ row, actionData }: { row: StageRow; actionData: unknown }) {
  const failure = failureOf(actionData, `plan-${row.stage}`);
  const { field, onSubmit, errorOf } = useZodForm(MilestonePlanForm, {
    serverErrors: failure?.fieldErrors,
    defaultValues: withSubmitted(failure, {
      intent: "plan",
      stage: row.stage,
      plannedOn: row.plannedOn ?? "",
      reason: "",
      version: String(row.version),
    }),
  });
  const id = (f: string) => `plan-${row.stage}-${f}`;
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="inline-form">
      <StageFormHead failure={failure} stageError={errorOf("stage")} field={field} />
      <Field id={id("plannedOn")} label="计划日期" hint="留空表示清除计划日期" error={errorOf("plannedOn")}>
        {(p) => <input type="date" {...p} {...field("plannedOn")} />}
      </Field>
      <Field id={id("reason")} label="调整原因" error={errorOf("reason")}>
        {(p) => <input type="text" {...p} {...field("reason")} />}
      </Field>
      <button type="submit">保存计划日期</button>
    </Form>
  );
}
