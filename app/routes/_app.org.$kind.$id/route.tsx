// One row of reference data (docs/decisions/161): edit it (version-checked; a new name is a RENAME in the audit log,
// listed below as 更名记录 — the id stays), see what refers to it, delete it when nothing does.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod/mini";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ReferenceFields } from "~/components/org/ReferenceFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import {
  DeleteReferenceForm,
  isReferenceKind,
  REFERENCE_FIELD_LABELS,
  REFERENCE_KINDS,
  ReferenceEditForms,
} from "~/domain/referenceData";
import { Refusal } from "~/domain/refusal";
import { countyOptions } from "~/models/options.server";
import { deleteReference, getReference, renameHistory, updateReference } from "~/models/referenceData.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal, showValue } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.row.name ?? "基础数据"} · 组织机构` },
];

function kindOf(raw: string | undefined) {
  if (!isReferenceKind(raw)) notFound("没有这类基础数据");
  return raw;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePage(request, "org");
  const kind = kindOf(params.kind);
  const id = idParam(params.id);
  const [row, renames, counties] = await Promise.all([
    getReference(kind, id),
    renameHistory(kind, id),
    kind === "officials" ? countyOptions() : Promise.resolve([]),
  ]);
  if (!row) notFound(`该${REFERENCE_KINDS[kind].noun}不存在`);
  return { kind, row, renames, counties };
}

const Intent = z.object({ intent: z.enum(["save", "delete"], { error: "未知的操作" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "org");
  const kind = kindOf(params.kind);
  const id = idParam(params.id);
  const values = formDataToObject(await request.formData());
  const intent = Intent.safeParse(values);
  const form = intent.success ? intent.data.intent : null;
  try {
    if (!intent.success) throw Refusal.form("未知的操作");
    if (intent.data.intent === "delete") {
      const parsed = parseWith(DeleteReferenceForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
      await deleteReference(viewer, kind, id, parsed.data.version);
      return redirect(`/org/${kind}`, { headers: await flash(request, `已删除该${REFERENCE_KINDS[kind].noun}`) });
    }
    const parsed = parseWith(ReferenceEditForms[kind], values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    await updateReference(viewer, kind, id, parsed.data);
    return redirect(`/org/${kind}/${id}`, { headers: await flash(request, "已保存") });
  } catch (e) {
    return answerRefusal(e, {
      values,
      form,
      // what the other person saved: each field whose value differs from what this user typed
      describeConflict: (current) =>
        current
          ? Object.keys(REFERENCE_FIELD_LABELS)
              .filter((k) => k in current && String(current[k] ?? "") !== String(values[k] ?? ""))
              .map((k) => ({
                field: k,
                label: REFERENCE_FIELD_LABELS[k],
                theirs: showValue(current[k]),
                yours: showValue(values[k]),
              }))
          : [],
    });
  }
}

export default function ReferencePage() {
  const { kind, row, renames, counties } = useLoaderData<typeof loader>();
  const saveFail = useFailure("save");
  const deleteFail = useFailure("delete");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(ReferenceEditForms[kind], {
    serverErrors: saveFail?.fieldErrors,
    defaultValues: withSubmitted(saveFail, { ...row.values, version: String(row.version) }) as never,
  });
  const noun = REFERENCE_KINDS[kind].noun;
  const used = row.refs.filter((r) => r.count > 0);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/org">组织机构</Link> / <Link to={`/org/${kind}`}>{REFERENCE_KINDS[kind].label}</Link> / {row.name}
      </p>
      <h1>{row.name}</h1>
      <section className="card" aria-labelledby="change-title">
        <h2 id="change-title">修改{noun}</h2>
        <p className="muted small">更名后原名称保留在更名记录中，已关联的项目、账号和报表仍指向本条记录。</p>
        <ConflictNotice failure={saveFail} />
        <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
          <FormError message={saveFail?.conflict ? null : saveFail?.formError} />
          <input type="hidden" {...field("version")} />
          <ReferenceFields kind={kind} field={field} errorOf={errorOf} counties={counties} prefix="edit" />
          <div className="form-actions">
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
              保存修改
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="refs-title">
        <h2 id="refs-title">引用情况</h2>
        <p>{used.length ? used.map((x) => `${x.count} ${x.unit}${x.what}`).join("、") : "未被任何记录引用。"}</p>
      </section>
      <section className="card" aria-labelledby="renames-title">
        <h2 id="renames-title">更名记录</h2>
        {renames.length ? (
          <ul className="plain-list">
            {renames.map((r) => (
              <li key={r.id}>
                {formatChinaDateTime(r.at)}：「{r.from}」更名为「{r.to}」<span className="muted small">（{r.by}）</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">暂无更名记录。</p>
        )}
      </section>
      <section className="card" aria-labelledby="del-title">
        <h2 id="del-title">删除{noun}</h2>
        <p className="muted small">仍被项目、企业、账号等引用的{noun}不能删除。</p>
        <FormError message={deleteFail?.formError ?? deleteFail?.fieldErrors.version} />
        <Form method="post">
          <input type="hidden" name="version" value={row.version} />
          <button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
            删除该{noun}
          </button>
        </Form>
      </section>
    </>
  );
}
