// 编辑客商 (issue 22 §1, docs/decisions/175): version-checked — when someone else saved in between, the save is
// refused (409) and the form says so, carrying on from their version.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { InvestorFields } from "~/components/investors/InvestorFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { InvestorEditForm } from "~/domain/investorForm";
import { canEditInvestor, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { investorFormOptions, investorFormValues, updateInvestor } from "~/models/investor.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `编辑 ${data?.investor.name ?? "客商"} · 客商库` },
];

async function load(request: Request, rawId: string | undefined): Promise<{ viewer: Viewer; id: number }> {
  const viewer = await requirePage(request, "investorEdit");
  const id = idParam(rawId);
  const inv = await investorFormValues(viewer, id);
  if (!inv) notFound();
  if (!canEditInvestor(viewer, inv)) forbidden("您没有修改该客商的权限");
  return { viewer, id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, id } = await load(request, params.investorId);
  const [investor, options] = await Promise.all([investorFormValues(viewer, id), investorFormOptions(viewer)]);
  if (!investor) notFound();
  return { investor, options };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, id } = await load(request, params.investorId);
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(InvestorEditForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const r = await updateInvestor(viewer, id, parsed.data);
    return redirect(`/investors/${id}`, {
      headers: await flash(request, r.changed.length ? "客商信息已保存" : "没有修改"),
    });
  } catch (e) {
    if (e instanceof Refusal && e.detail.conflict) {
      const current = (e.detail.current ?? null) as Record<string, unknown> | null;
      const currentVersion = typeof current?.version === "number" ? current.version : null;
      return answerRefusal(
        Refusal.conflict({ current }).with({
          currentVersion,
          values: { ...raw, version: String(currentVersion ?? raw.version) },
        }),
      );
    }
    return answerRefusal(e, { values: raw });
  }
}

export default function EditInvestor() {
  const { investor: inv, options } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const navigation = useNavigation();
  const { field, onSubmit, errorOf } = useZodForm(InvestorEditForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: inv.name,
      sourceRegion: inv.sourceRegion,
      industryId: inv.industryId === null ? "" : String(inv.industryId),
      countyId: inv.countyId === null ? "" : String(inv.countyId),
      enterpriseCode: inv.enterprise?.creditCode ?? "",
      note: inv.note ?? "",
      version: String(inv.version),
    }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/investors">客商库</Link> / <Link to={`/investors/${inv.id}`}>{inv.name}</Link> / 编辑
      </p>
      <h1>编辑客商</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="card">
        <FormError message={fail?.conflict ? null : fail?.formError} />
        <ConflictNotice failure={fail} />
        <input type="hidden" {...field("version")} />
        <InvestorFields field={field} errorOf={errorOf} options={options} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存
          </button>
          <Link to={`/investors/${inv.id}`} className="button">
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
