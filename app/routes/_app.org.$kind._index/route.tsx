// One kind of reference data (docs/decisions/161): the list with what refers to each row, and the form to add one
// (idempotent, decision 093).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ReferenceFields } from "~/components/org/ReferenceFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { isReferenceKind, REFERENCE_KINDS, ReferenceForms, type ReferenceKind } from "~/domain/referenceData";
import { Refusal } from "~/domain/refusal";
import { countyOptions } from "~/models/options.server";
import { createReference, listReference } from "~/models/referenceData.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? REFERENCE_KINDS[data.kind].label : "组织机构"} · 组织机构` },
];

function kindOf(raw: string | undefined) {
  if (!isReferenceKind(raw)) notFound("没有这类基础数据");
  return raw;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePage(request, "org");
  const kind = kindOf(params.kind);
  const [rows, counties] = await Promise.all([
    listReference(kind),
    kind === "officials" ? countyOptions() : Promise.resolve([]),
  ]);
  return { kind, rows, counties };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "org");
  const kind = kindOf(params.kind);
  const values = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(ReferenceForms[kind], values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const id = await createReference(
      viewer,
      kind,
      parsed.data,
      claimCreate(viewer, REFERENCE_KINDS[kind].entity, values),
    );
    return redirect(`/org/${kind}/${id}`, {
      headers: await flash(request, `已新增${REFERENCE_KINDS[kind].noun}「${parsed.data.name}」`),
    });
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

export default function ReferenceListPage() {
  const { kind, rows, counties } = useLoaderData<typeof loader>();
  const label = REFERENCE_KINDS[kind].label;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/org">组织机构</Link> / {label}
      </p>
      <h1>{label}</h1>
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">
          {label}列表（{rows.length}）
        </h2>
        <div {...TABLE_WRAP}>
          <table className="data-table">
            <caption className="sr-only">{label}列表</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                {kind !== "officials" ? <th scope="col">代码</th> : null}
                <th scope="col">{kind === "officials" ? "级别 · 职务" : "类型"}</th>
                <th scope="col">引用情况</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/org/${kind}/${r.id}`}>{r.name}</Link>
                  </th>
                  {kind !== "officials" ? <td>{r.code}</td> : null}
                  <td>{r.detail || "—"}</td>
                  <td className="small">
                    {r.refs
                      .filter((x) => x.count > 0)
                      .map((x) => `${x.count} ${x.unit}${x.what}`)
                      .join("、") || "未被引用"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="new-title">
        <h2 id="new-title">新增{REFERENCE_KINDS[kind].noun}</h2>
        <NewReferenceForm key={kind} kind={kind} counties={counties} />
      </section>
    </>
  );
}

/** Keyed by kind: the form's state starts afresh when the page moves to another kind. */
function NewReferenceForm({ kind, counties }: { kind: ReferenceKind; counties: { id: number; name: string }[] }) {
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(ReferenceForms[kind], {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {}) as never,
  });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
      <FormError message={fail?.formError} />
      <CreateToken />
      <ReferenceFields kind={kind} field={field} errorOf={errorOf} counties={counties} prefix="new" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          新增
        </button>
      </div>
    </Form>
  );
}
