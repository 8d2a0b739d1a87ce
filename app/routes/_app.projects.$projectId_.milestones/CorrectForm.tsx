import { Form } from "@remix-run/react";
import { useMemo } from "react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { failureOf } from "~/domain/refusal";
import { Field } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { EVIDENCE_LABELS } from "~/domain/milestoneRules";
import { milestoneCorrectSchema } from "~/domain/progressForms";
import { UPLOAD_ACCEPT, UPLOAD_HINT } from "~/domain/upload";
import { PhotoInput } from "~/components/form/PhotoInput";
import { StageFormHead } from "./StageFormHead";
import type { MilestonesData, StageRow } from "./types";

export function CorrectForm({ row, data, actionData }: { row: StageRow; data: MilestonesData; actionData: unknown }) {
  const failure = failureOf(actionData, `correct-${row.stage}`);
  const schema = useMemo(
    () => milestoneCorrectSchema(data.ctx, { actualOn: row.actualOn, evidenceNo: row.evidenceNo }),
    [data.ctx, row.actualOn, row.evidenceNo],
  );
  const { field, onSubmit, errorOf } = useZodForm(schema, {
    serverErrors: failure?.fieldErrors,
    defaultValues: withSubmitted(failure, {
      intent: "correct",
      stage: row.stage,
      actualOn: row.actualOn ?? "",
      evidenceNo: row.evidenceNo ?? "",
      reason: "",
      version: String(row.version),
    }),
  });
  const id = (f: string) => `correct-${row.stage}-${f}`;
  return (
    <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="inline-form">
      <StageFormHead failure={failure} stageError={errorOf("stage")} field={field} />
      <Field id={id("actualOn")} label="更正后的实际日期" error={errorOf("actualOn")} required>
        {(p) => <input type="date" max={data.today} {...p} {...field("actualOn")} />}
      </Field>
      <Field id={id("evidenceNo")} label={EVIDENCE_LABELS[row.stage]} error={errorOf("evidenceNo")} required>
        {(p) => <input type="text" {...p} {...field("evidenceNo")} />}
      </Field>
      <Field id={id("reason")} label="更正原因" error={errorOf("reason")} required>
        {(p) => <input type="text" {...p} {...field("reason")} />}
      </Field>
      <Field id={id("attachment")} label="新的凭证附件" hint={UPLOAD_HINT} error={errorOf("attachment")}>
        {(p) => <input type="file" accept={UPLOAD_ACCEPT} {...p} {...field("attachment")} />}
      </Field>
      <PhotoInput id={id("photos")} label="补充照片" field={field} error={errorOf("photos")} />
      <button type="submit">提交更正</button>
    </Form>
  );
}
