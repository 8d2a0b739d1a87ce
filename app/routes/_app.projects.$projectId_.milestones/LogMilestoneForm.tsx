import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useMemo } from "react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { failureOf } from "~/domain/refusal";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { MILESTONE_LABELS } from "~/domain/labels";
import { EVIDENCE_LABELS } from "~/domain/milestoneRules";
import { milestoneLogSchema } from "~/domain/progressForms";
import { FundingSourceInput } from "~/components/project/FundingSourceInput";
import type { MilestoneStage } from "~/domain/stage";
import { UPLOAD_ACCEPT, UPLOAD_HINT } from "~/domain/upload";
import { PHOTO_FIELD } from "~/domain/sitePhotos";
import { PhotoInput } from "~/components/form/PhotoInput";
import type { MilestonesData } from "./types";

/** 登记里程碑: the next stage is preselected; the evidence asked for follows the chosen stage. */
export function LogMilestoneForm({ data, actionData }: { data: MilestonesData; actionData: unknown }) {
  const failure = failureOf(actionData, "log");
  const schema = useMemo(() => milestoneLogSchema(data.ctx), [data.ctx]);
  const open = data.milestones.filter((m) => !m.actualOn);
  const versionOf = (s: string) => String(data.milestones.find((m) => m.stage === s)?.version ?? 0);
  const { field, onSubmit, errorOf, watch, setValue } = useZodForm(schema, {
    serverErrors: failure?.fieldErrors,
    defaultValues: withSubmitted(failure, {
      intent: "log",
      stage: data.next ?? "SIGNED",
      actualOn: "",
      evidenceNo: "",
      version: versionOf(data.next ?? "SIGNED"),
    }),
  });
  const stage = (watch("stage") ?? data.next) as MilestoneStage;
  useEffect(() => setValue("version", versionOf(stage)), [stage]); // eslint-disable-line react-hooks/exhaustive-deps
  const busy = useNavigation().formData?.get("intent") === "log";
  const funding = stage === "FUNDING";
  return (
    <section className="card" aria-labelledby="log-title">
      <h2 id="log-title">登记里程碑</h2>
      <p className="muted small">
        阶段须按 签约 → 落地（供地） → 资金到位 → 开工 → 竣工投产
        的顺序登记；实际日期不能晚于今天，也不能早于上一阶段的日期。
      </p>
      <ConflictNotice failure={failure} />
      <FormError message={failure && !failure.conflict ? failure.formError : null} />
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("version")} />
        <Field id="log-stage" label="阶段" error={errorOf("stage")} required>
          {(p) => (
            <select {...p} {...field("stage")}>
              {open.map((m) => (
                <option key={m.stage} value={m.stage}>
                  {MILESTONE_LABELS[m.stage]}
                  {m.stage === data.next ? "（下一阶段）" : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="log-actualOn" label="实际完成日期" error={errorOf("actualOn")} required>
          {(p) => <input type="date" max={data.today} {...p} {...field("actualOn")} />}
        </Field>
        <Field
          id="log-evidenceNo"
          label="凭证编号"
          hint={`需填写：${EVIDENCE_LABELS[stage]}`}
          error={errorOf("evidenceNo")}
          required
        >
          {(p) => <input type="text" autoComplete="off" {...p} {...field("evidenceNo")} />}
        </Field>
        {funding ? (
          <>
            <Field
              id="log-amount"
              label="首笔到位金额（万元）"
              hint={data.ctx.hasFunding ? "已有资金到位记录，可不填" : "将同时记入资金到位记录"}
              error={errorOf("amount")}
              required={!data.ctx.hasFunding}
            >
              {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
            </Field>
            <Field id="log-source" label="资金来源" error={errorOf("source")} required={!data.ctx.hasFunding}>
              {(p) => <FundingSourceInput {...p} {...field("source")} />}
            </Field>
          </>
        ) : null}
        <Field id="log-evidenceNote" label="说明" error={errorOf("evidenceNote")} className="span-2">
          {(p) => <textarea rows={2} {...p} {...field("evidenceNote")} />}
        </Field>
        <Field id="log-attachment" label="凭证附件" hint={UPLOAD_HINT} error={errorOf("attachment")}>
          {(p) => <input type="file" accept={UPLOAD_ACCEPT} {...p} {...field("attachment")} />}
        </Field>
        <PhotoInput id="log-photos" field={field} error={errorOf(PHOTO_FIELD)} />
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "正在提交…" : `登记「${MILESTONE_LABELS[stage]}」`}
          </button>
        </div>
      </Form>
    </section>
  );
}
