// One 优惠政策 (docs/decisions/121): its text and validity, the projects that apply it (with the terms promised to
// them), and — for those who keep it — the edit form (version-checked) and deletion, refused while projects apply it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod/mini";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { PolicyFields } from "~/components/policies/PolicyFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { CITY_POLICY, DeletePolicyForm, PolicyEditForm, policyStatus } from "~/domain/incentives";
import { formatWan } from "~/domain/money";
import { Refusal } from "~/domain/refusal";
import { countyOptions } from "~/models/options.server";
import { deletePolicy, getPolicy, updatePolicy } from "~/models/policy.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.policy.title ?? "优惠政策"} · 优惠政策库` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "policies");
  const policy = await getPolicy(viewer, idParam(params.policyId));
  if (!policy) notFound("优惠政策不存在，或您无权查看");
  const county = viewer.role === "COUNTY";
  return {
    policy,
    counties: county ? await countyOptions(undefined, viewer.countyId) : await countyOptions(),
    allowCity: !county,
    today: clockToday(),
  };
}

const Intent = z.object({ intent: z.enum(["save", "delete"], { error: "未知的操作" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "policies");
  const id = idParam(params.policyId);
  const policy = await getPolicy(viewer, id);
  if (!policy) notFound("优惠政策不存在，或您无权查看");
  if (!policy.canEdit) forbidden("您只能维护本县（区、市）的优惠政策");
  const values = formDataToObject(await request.formData());
  const intent = Intent.safeParse(values);
  const form = intent.success ? intent.data.intent : null;
  try {
    if (!intent.success) throw Refusal.form("未知的操作");
    if (intent.data.intent === "delete") {
      const parsed = parseWith(DeletePolicyForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
      await deletePolicy(viewer, id, parsed.data.version);
      return redirect("/policies", { headers: await flash(request, "已删除该优惠政策") });
    }
    const parsed = parseWith(PolicyEditForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    await updatePolicy(viewer, id, parsed.data);
    return redirect(`/policies/${id}`, { headers: await flash(request, "已保存") });
  } catch (e) {
    return answerRefusal(e, { values, form });
  }
}

export default function PolicyPage() {
  const { policy: p, counties, allowCity, today } = useLoaderData<typeof loader>();
  const saveFail = useFailure("save");
  const deleteFail = useFailure("delete");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(PolicyEditForm, {
    serverErrors: saveFail?.fieldErrors,
    defaultValues: withSubmitted(saveFail, {
      county: p.countyId === null ? CITY_POLICY : String(p.countyId),
      category: p.category,
      title: p.title,
      content: p.content,
      validFrom: p.validFrom,
      validTo: p.validTo ?? "",
      version: String(p.version),
    }),
  });
  const status = policyStatus(p, today);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/policies">优惠政策库</Link> / {p.title}
      </p>
      <div className="page-head">
        <h1>{p.title}</h1>
        <span className={`badge ${status === "有效" ? "green" : status === "已失效" ? "red" : "yellow"}`}>
          {status}
        </span>
      </div>
      <section className="card" aria-labelledby="pol-title">
        <h2 id="pol-title">政策内容</h2>
        <dl className="fields">
          <dt>类别</dt>
          <dd>{p.category}</dd>
          <dt>适用县区</dt>
          <dd>{p.countyName ?? "市级（全市适用）"}</dd>
          <dt>有效期</dt>
          <dd>
            {formatChineseDate(p.validFrom)} 至 {p.validTo ? formatChineseDate(p.validTo) : "长期"}
          </dd>
          {p.fund ? (
            <>
              <dt>资金来源</dt>
              <dd>
                <Link to={`/funds/${p.fund.id}`}>{p.fund.name}</Link>
              </dd>
            </>
          ) : null}
          <dt>内容</dt>
          <dd className="pre-wrap">{p.content}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="applied-title">
        <h2 id="applied-title">适用项目（{p.projectsTotal}）</h2>
        {p.applied.length ? (
          <ul>
            {p.applied.map((a) => (
              <li key={a.id}>
                <Link to={`/projects/${a.id}`}>{a.name}</Link>
                {a.incentives.map((i, n) => (
                  <span key={n} className="muted small">
                    {" "}
                    · {i.content}
                    {i.amount ? `（${formatWan(i.amount)}）` : ""}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">暂无项目适用该政策。</p>
        )}
      </section>
      {p.canEdit ? (
        <>
          <section className="card" aria-labelledby="edit-title">
            <h2 id="edit-title">修改政策</h2>
            <ConflictNotice failure={saveFail} />
            <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
              <FormError message={saveFail?.formError} />
              <input type="hidden" {...field("version")} />
              <PolicyFields field={field} errorOf={errorOf} counties={counties} allowCity={allowCity} />
              <div className="form-actions">
                <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
                  保存修改
                </button>
              </div>
            </Form>
          </section>
          <section className="card" aria-labelledby="del-title">
            <h2 id="del-title">删除政策</h2>
            <p className="muted small">已被项目引用的政策不能删除；停止执行的政策请填写失效日期。</p>
            <FormError message={deleteFail?.formError ?? deleteFail?.fieldErrors.version} />
            <Form method="post">
              <input type="hidden" name="version" value={p.version} />
              <button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
                删除该政策
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
