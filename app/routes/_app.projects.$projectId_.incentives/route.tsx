// 项目优惠政策 (issue 15 §5, docs/decisions/121): the incentives granted to a project — a policy of the library (its
// county's or the city's) with the terms promised to this project, or terms without a library policy — added,
// changed and removed by those who edit the project (the bureau, admin, its county); others read them.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod/mini";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import {
  INCENTIVE_CATEGORIES,
  policyStatus,
  ProjectIncentiveEditForm,
  ProjectIncentiveForm,
  TERMS_MAX,
} from "~/domain/incentives";
import { formatWan } from "~/domain/money";
import { canEditProject } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { fulfilmentOf } from "~/models/incentiveFulfilment.server";
import { findProjectRef } from "~/models/projectAccess.server";
import {
  addProjectIncentive,
  projectIncentives,
  removeProjectIncentive,
  updateProjectIncentive,
} from "~/models/policy.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `优惠政策 · ${data?.project.name ?? "项目"}` },
];

async function projectFor(request: Request, rawId: string | undefined) {
  const viewer = await requirePage(request, "projectIncentives");
  const project = await findProjectRef(viewer, idParam(rawId));
  if (!project) notFound();
  return { viewer, project, canEdit: canEditProject(viewer, project) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project, canEdit } = await projectFor(request, params.projectId);
  const { rows, policies } = await projectIncentives(viewer, project.id, project.countyId);
  // 兑现 and 追回 of each promised incentive (docs/decisions/206)
  const fulfilment = await fulfilmentOf(project.id, clockToday());
  return {
    project,
    canEdit,
    rows: rows.map((r) => ({
      ...r,
      paid: fulfilment.get(r.id)?.paid ?? 0,
      recovery: fulfilment.get(r.id)?.recovery ?? null,
    })),
    policies,
    today: clockToday(),
  };
}

const Intent = z.object({ intent: z.enum(["add", "update", "remove"], { error: "未知的操作" }) });
const RemoveForm = z.object({
  id: z.coerce.number({ error: "记录无效" }).check(z.int({ error: "记录无效" }), z.positive("记录无效")),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project, canEdit } = await projectFor(request, params.projectId);
  if (!canEdit) forbidden("您没有修改该项目优惠政策的权限");
  const values = formDataToObject(await request.formData());
  const intent = Intent.safeParse(values);
  const form = intent.success ? (intent.data.intent === "add" ? "add" : `row-${String(values.id ?? "")}`) : null;
  try {
    if (!intent.success) throw Refusal.form("未知的操作");
    const back = `/projects/${project.id}/incentives`;
    if (intent.data.intent === "add") {
      const parsed = parseWith(ProjectIncentiveForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
      await addProjectIncentive(viewer, project.id, parsed.data, claimCreate(viewer, "ProjectIncentive", values));
      return redirect(back, { headers: await flash(request, "已添加优惠政策") });
    }
    if (intent.data.intent === "update") {
      const parsed = parseWith(ProjectIncentiveEditForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
      await updateProjectIncentive(viewer, project.id, parsed.data.id, parsed.data);
      return redirect(back, { headers: await flash(request, "已保存") });
    }
    const parsed = RemoveForm.safeParse(values);
    if (!parsed.success) throw Refusal.form("记录无效");
    await removeProjectIncentive(viewer, project.id, parsed.data.id);
    return redirect(back, { headers: await flash(request, "已移除该优惠政策") });
  } catch (e) {
    return answerRefusal(e, { values, form });
  }
}

type Policies = ReturnType<typeof useLoaderData<typeof loader>>["policies"];

function IncentiveFields({
  prefix,
  field,
  errorOf,
  policies,
  today,
}: {
  prefix: string;
  field: (name: string) => Record<string, unknown>;
  errorOf: (name: string) => string | undefined;
  policies: Policies;
  today: string;
}) {
  return (
    <>
      <Field
        id={`${prefix}-policyId`}
        label="适用政策"
        error={errorOf("policyId")}
        hint="从本县区和市级政策库中选择；无对应政策可不选"
      >
        {(p) => (
          <select {...p} {...field("policyId")}>
            <option value="">不引用政策库</option>
            {policies.map((x) => (
              <option key={x.id} value={x.id}>
                【{x.category}】{x.title}
                {policyStatus(x, today) === "有效" ? "" : `（${policyStatus(x, today)}）`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${prefix}-kind`} label="类别" error={errorOf("kind")} required>
        {(p) => (
          <select {...p} {...field("kind")}>
            <option value="">请选择</option>
            {INCENTIVE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${prefix}-content`} label="承诺条件" error={errorOf("content")} required className="span-all">
        {(p) => <input type="text" maxLength={TERMS_MAX} {...p} {...field("content")} />}
      </Field>
      <Field id={`${prefix}-amount`} label="金额（万元）" error={errorOf("amount")} hint="奖补、基金等可填">
        {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
      </Field>
    </>
  );
}

function EditRow({
  row,
  policies,
  today,
}: {
  row: ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];
  policies: Policies;
  today: string;
}) {
  const fail = useFailure(`row-${row.id}`);
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(ProjectIncentiveEditForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      id: String(row.id),
      policyId: row.policyId ? String(row.policyId) : "",
      kind: row.kind,
      content: row.content,
      amount: row.amount === null ? "" : String(row.amount),
    }),
  });
  return (
    <details open={fail ? true : undefined}>
      <summary>修改或移除</summary>
      <FormError message={fail?.formError} />
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
        <input type="hidden" {...field("id")} />
        <IncentiveFields prefix={`r${row.id}`} field={field} errorOf={errorOf} policies={policies} today={today} />
        <div className="form-actions">
          <button type="submit" name="intent" value="update" className="primary" disabled={busy}>
            保存
          </button>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="id" value={row.id} />
        <button type="submit" name="intent" value="remove" className="danger" disabled={busy}>
          移除该项
        </button>
      </Form>
    </details>
  );
}

export default function ProjectIncentivesPage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure("add");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(ProjectIncentiveForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, { policyId: "", kind: "", content: "", amount: "" }),
  });
  return (
    <>
      <ProjectWorkHeader project={d.project} title="优惠政策" />
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">已给予的优惠政策</h2>
        {d.rows.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain card-table">
              <caption className="sr-only">已给予的优惠政策</caption>
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col">承诺条件</th>
                  <th scope="col" className="num">
                    金额
                  </th>
                  <th scope="col">政策库</th>
                  <th scope="col">兑现</th>
                  {d.canEdit ? <th scope="col">操作</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{r.kind}</td>
                    <td className="wide" data-label="承诺条件">
                      {r.content}
                    </td>
                    <td className="num" data-label="金额">
                      {r.amount ? formatWan(r.amount) : "—"}
                    </td>
                    <td data-label="政策库">
                      {r.policyId ? <Link to={`/policies/${r.policyId}`}>{r.policy?.title}</Link> : "—"}
                    </td>
                    <td data-label="兑现">
                      <Link
                        to={`/projects/${d.project.id}/incentives/${r.id}`}
                        aria-label={`${r.kind}兑现情况：已兑现 ${formatWan(r.paid)}`}
                      >
                        已兑现 {formatWan(r.paid)}
                      </Link>
                      {r.recovery ? <span className="badge red">需追回</span> : null}
                    </td>
                    {d.canEdit ? (
                      <td className="wide" data-label="操作">
                        <EditRow row={r} policies={d.policies} today={d.today} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂未登记优惠政策。</p>
        )}
      </section>
      {d.canEdit ? (
        <section className="card" aria-labelledby="add-title">
          <h2 id="add-title">添加优惠政策</h2>
          <FormError message={fail?.formError} />
          <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
            <CreateToken />
            <IncentiveFields prefix="add" field={field} errorOf={errorOf} policies={d.policies} today={d.today} />
            <div className="form-actions">
              <button type="submit" name="intent" value="add" className="primary" disabled={busy}>
                添加
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
