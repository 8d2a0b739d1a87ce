// 编辑企业 (issue 15 §1, docs/decisions/114): version-checked — when someone else saved in between, the save is
// refused (409) and the form shows what they changed, carrying on from their version.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { EnterpriseFields } from "~/components/enterprises/EnterpriseFields";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { EnterpriseEditForm } from "~/domain/enterpriseForm";
import { canEditEnterprise, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { describeEnterpriseConflict, enterpriseFormValues, updateEnterprise } from "~/models/enterprise.server";
import { countyOptions } from "~/models/options.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `编辑 ${data?.enterprise.name ?? "企业"} · 企业库` },
];

async function load(request: Request, rawId: string | undefined): Promise<{ viewer: Viewer; id: number }> {
  const viewer = await requirePage(request, "enterpriseEdit");
  const id = idParam(rawId);
  const e = await enterpriseFormValues(viewer, id);
  if (!e) notFound();
  if (!canEditEnterprise(viewer, e)) forbidden("您没有修改该企业的权限");
  return { viewer, id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, id } = await load(request, params.enterpriseId);
  const [enterprise, counties] = await Promise.all([
    enterpriseFormValues(viewer, id),
    countyOptions(undefined, viewer.role === "COUNTY" ? viewer.countyId : undefined),
  ]);
  if (!enterprise) notFound();
  return { enterprise, counties };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, id } = await load(request, params.enterpriseId);
  const raw = formDataToObject(await request.formData());
  const parsed = parseWith(EnterpriseEditForm, raw);
  try {
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const r = await updateEnterprise(viewer, id, parsed.data);
    return redirect(`/enterprises/${id}`, {
      headers: await flash(request, r.changed.length ? "企业信息已保存" : "没有修改"),
    });
  } catch (e) {
    if (e instanceof Refusal && e.detail.conflict && parsed.success) {
      const current = (e.detail.current ?? null) as Record<string, unknown> | null;
      const currentVersion = typeof current?.version === "number" ? current.version : null;
      return answerRefusal(
        Refusal.conflict({ current }).with({
          currentVersion,
          values: { ...raw, version: String(currentVersion ?? raw.version) },
        }),
        { describeConflict: (c) => describeEnterpriseConflict(c, parsed.data) },
      );
    }
    return answerRefusal(e, { values: raw });
  }
}

export default function EditEnterprise() {
  const { enterprise: e, counties } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const navigation = useNavigation();
  const { field, onSubmit, errorOf } = useZodForm(EnterpriseEditForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: e.name,
      creditCode: e.creditCode,
      countyId: e.countyId === null ? "" : String(e.countyId),
      originRegion: e.originRegion ?? "",
      address: e.address ?? "",
      isKeyEnterprise: e.isKeyEnterprise,
      annualOutput: e.annualOutput === null ? "" : String(e.annualOutput),
      version: String(e.version),
    }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/enterprises">企业库</Link> / <Link to={`/enterprises/${e.id}`}>{e.name}</Link> / 编辑
      </p>
      <h1>编辑企业</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="card">
        <FormError message={fail?.conflict ? null : fail?.formError} />
        <ConflictNotice failure={fail} />
        <input type="hidden" {...field("version")} />
        <EnterpriseFields field={field} errorOf={errorOf} counties={counties} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存
          </button>
          <Link to={`/enterprises/${e.id}`} className="button">
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
