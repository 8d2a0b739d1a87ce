// 作出批示 (issue 17): a city leader turns a project, an enterprise issue, a 通报 row, or a 重大决策部署 / 重点工作
// into a 督办事项 with a 主办 unit, 协办 units, a level and a deadline (13710, N working days or a date).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { Refusal } from "~/domain/refusal";
import { assistIds, DUE_KIND_LABELS, DUE_KINDS, InstructionForm } from "~/domain/supervisionForms";
import {
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_LEVELS,
  SUPERVISION_SOURCE_LABELS,
  type SupervisionSource,
} from "~/domain/supervisionLabels";
import { db } from "~/models/db.server";
import { createSupervision, unitOptions } from "~/models/supervision.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "作出批示 · 晋中市招商引资与转型项目管理平台" }];

const idOf = (s: string | null) => (s && /^[1-9]\d{0,8}$/.test(s) ? Number(s) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "supervisionNew");
  const sp = new URL(request.url).searchParams;
  const scoped = db.as(viewer);
  const projectId = idOf(sp.get("projectId"));
  const issueId = idOf(sp.get("issueId"));
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(sp.get("month") ?? "") ? sp.get("month") : null;
  const project = projectId
    ? await scoped.project.findUnique({ where: { id: projectId }, select: { id: true, name: true, countyId: true } })
    : null;
  const issue = issueId
    ? await scoped.coordinationIssue.findUnique({
        where: { id: issueId },
        select: { id: true, code: true, title: true, countyId: true, projectId: true },
      })
    : null;
  const source: SupervisionSource = project ? "PROJECT" : issue ? "ISSUE" : month ? "REPORT" : "WORK";
  const units = await unitOptions();
  const countyUnit = units.find((u) => u.countyId !== null && u.countyId === (project?.countyId ?? issue?.countyId));
  return {
    source,
    project,
    issue,
    month,
    suggestedTitle: project ? `${project.name}` : issue ? issue.title : (sp.get("title") ?? "").slice(0, 120),
    units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
    suggestedAssist: countyUnit ? [String(countyUnit.id)] : [],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "supervisionNew");
  const fields = formDataToObject(await request.formData());
  try {
    const p = parseWith(InstructionForm, fields);
    if (!p.success) throw Refusal.fields(p.fieldErrors);
    const f = p.data;
    const claim = claimCreate(viewer, "Supervision", fields);
    const created = await createSupervision(
      viewer,
      {
        title: f.title,
        instruction: f.instruction,
        level: f.level,
        source: f.source,
        projectId: f.source === "PROJECT" && f.projectId ? Number(f.projectId) : null,
        issueId: f.source === "ISSUE" && f.issueId ? Number(f.issueId) : null,
        reportMonth: f.source === "REPORT" ? (f.reportMonth ?? null) : null,
        leadUnitId: Number(f.leadUnitId),
        assistUnitIds: assistIds(f.assistUnitIds),
        due:
          f.dueKind === "date"
            ? { kind: "date", date: f.dueOn ?? "" }
            : { kind: "days", days: f.dueKind === "days" ? Number(f.dueDays) : 10 },
      },
      claim,
    );
    return redirect(`/supervision/${created.id}`, {
      headers: await flash(request, `批示已交办：${created.code}，主办和协办单位已收到通知`),
    });
  } catch (e) {
    return answerRefusal(e, { values: fields });
  }
}

export default function NewInstruction() {
  const d = useLoaderData<typeof loader>();
  const failure = useFailure();
  const nav = useNavigation();
  const { register, onSubmit, errorOf, watch } = useZodForm(InstructionForm, {
    serverErrors: failure?.fieldErrors,
    defaultValues: {
      title: d.suggestedTitle,
      level: "NORMAL",
      source: d.source,
      projectId: d.project ? String(d.project.id) : "",
      issueId: d.issue ? String(d.issue.id) : "",
      reportMonth: d.month ?? "",
      dueKind: "13710",
      dueDays: "7",
      assistUnitIds: d.suggestedAssist,
    },
  });
  const dueKind = watch("dueKind");
  const source = watch("source");
  const from = d.project ?? d.issue ?? d.month;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/supervision">督办台账</Link> / 作出批示
      </p>
      <h1>作出批示</h1>
      {d.project ? (
        <p>
          对项目 <Link to={`/projects/${d.project.id}`}>{d.project.name}</Link> 作出批示。
        </p>
      ) : null}
      {d.issue ? (
        <p>
          对企业诉求 <Link to={`/issues/${d.issue.id}`}>{`${d.issue.code} ${d.issue.title}`}</Link> 作出批示。
        </p>
      ) : null}
      {d.month ? <p>对 {d.month} 月度通报所列事项作出批示。</p> : null}
      <Form method="post" onSubmit={onSubmit} noValidate className="card form">
        <CreateToken />
        <input type="hidden" {...register("projectId")} />
        <input type="hidden" {...register("issueId")} />
        <input type="hidden" {...register("reportMonth")} />
        <FormError message={failure?.formError} />
        {from ? (
          <input type="hidden" {...register("source")} />
        ) : (
          <Field id="source" label="事项来源" error={errorOf("source")} required>
            {(fp) => (
              <select {...fp} {...register("source")}>
                {(["WORK", "DECISION"] as const).map((s) => (
                  <option key={s} value={s}>
                    {SUPERVISION_SOURCE_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="title" label="督办事项" error={errorOf("title")} required>
          {(fp) => <input type="text" maxLength={120} {...fp} {...register("title")} />}
        </Field>
        <Field id="instruction" label="批示内容" error={errorOf("instruction")} required>
          {(fp) => <textarea rows={4} maxLength={2000} {...fp} {...register("instruction")} />}
        </Field>
        <div className="form-grid">
          <Field id="level" label="督办级别" error={errorOf("level")} required>
            {(fp) => (
              <select {...fp} {...register("level")}>
                {SUPERVISION_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {SUPERVISION_LEVEL_LABELS[l]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="leadUnitId" label="主办单位" error={errorOf("leadUnitId")} required>
            {(fp) => (
              <select {...fp} {...register("leadUnitId")}>
                <option value="">请选择</option>
                {d.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="checkbox-grid" aria-describedby={errorOf("assistUnitIds") ? "assist-error" : undefined}>
          <legend>协办单位（可多选）</legend>
          {d.units.map((u) => (
            <label key={u.id} className="checkbox" htmlFor={`assist-${u.id}`}>
              <input id={`assist-${u.id}`} type="checkbox" value={String(u.id)} {...register("assistUnitIds")} />
              {u.name}
            </label>
          ))}
          {errorOf("assistUnitIds") ? (
            <span id="assist-error" className="field-error" role="alert">
              {errorOf("assistUnitIds")}
            </span>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>办结时限</legend>
          {DUE_KINDS.map((k) => (
            <label key={k} className="checkbox" htmlFor={`due-${k}`}>
              <input id={`due-${k}`} type="radio" value={k} {...register("dueKind")} />
              {DUE_KIND_LABELS[k]}
            </label>
          ))}
          <div className="form-grid">
            <Field
              id="dueDays"
              label="工作日数"
              error={errorOf("dueDays")}
              hint="选择“限定工作日内办结”时填写"
              required={dueKind === "days"}
            >
              {(fp) => <input type="number" min={1} max={120} inputMode="numeric" {...fp} {...register("dueDays")} />}
            </Field>
            <Field
              id="dueOn"
              label="办结日期"
              error={errorOf("dueOn")}
              hint="选择“限定日期前办结”时填写"
              required={dueKind === "date"}
            >
              {(fp) => <input type="date" {...fp} {...register("dueOn")} />}
            </Field>
          </div>
          <p className="muted small">签收 1 个工作日、办理方案 3 个、进展反馈 7 个工作日内（不晚于办结时限）。</p>
        </fieldset>
        {source === "PROJECT" && errorOf("projectId") ? <FormError message={errorOf("projectId")} /> : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={nav.state === "submitting"}>
            {nav.state === "submitting" ? "正在交办…" : "批示交办"}
          </button>
          <Link to="/supervision">取消</Link>
        </div>
      </Form>
    </>
  );
}
