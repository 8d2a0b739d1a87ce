// 登记企业 (issue 15 §1, docs/decisions/114): the admin, the bureau, 市经信委, and a county (in its own county). The
// credit code is checked with its check digit and must be new; the one-time token makes a double submit one row.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { EnterpriseFields } from "~/components/enterprises/EnterpriseFields";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { EnterpriseForm } from "~/domain/enterpriseForm";
import { Refusal } from "~/domain/refusal";
import { createEnterprise } from "~/models/enterprise.server";
import { countyOptions } from "~/models/options.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "登记企业 · 企业库" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "enterpriseNew");
  return { counties: await countyOptions(undefined, viewer.role === "COUNTY" ? viewer.countyId : undefined) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "enterpriseNew");
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(EnterpriseForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const id = await createEnterprise(viewer, parsed.data, claimCreate(viewer, "Enterprise", raw));
    return redirect(`/enterprises/${id}`, { headers: await flash(request, "企业已登记") });
  } catch (e) {
    return answerRefusal(e, { values: raw });
  }
}

export default function NewEnterprise() {
  const { counties } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const navigation = useNavigation();
  const { field, onSubmit, errorOf } = useZodForm(EnterpriseForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: "",
      creditCode: "",
      countyId: counties.length === 1 ? String(counties[0].id) : "",
      originRegion: "",
      address: "",
      isKeyEnterprise: false,
      annualOutput: "",
    }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/enterprises">企业库</Link> / 登记企业
      </p>
      <h1>登记企业</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="card">
        <FormError message={fail?.formError} />
        <CreateToken />
        <EnterpriseFields field={field} errorOf={errorOf} counties={counties} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存
          </button>
          <Link to="/enterprises" className="button">
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
