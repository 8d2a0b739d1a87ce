// 新增优惠政策 (docs/decisions/121): the bureau and admin for any county or the city; a county for its own county.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { PolicyFields } from "~/components/policies/PolicyFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { PolicyForm } from "~/domain/incentives";
import { Refusal } from "~/domain/refusal";
import { countyOptions } from "~/models/options.server";
import { createPolicy } from "~/models/policy.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "新增优惠政策 · 优惠政策库" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "policyNew");
  const county = viewer.role === "COUNTY";
  return {
    counties: county ? await countyOptions(undefined, viewer.countyId) : await countyOptions(),
    allowCity: !county,
    defaultCounty: county ? String(viewer.countyId) : "",
    today: clockToday(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "policyNew");
  const values = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(PolicyForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const id = await createPolicy(viewer, parsed.data, claimCreate(viewer, "IncentivePolicy", values));
    return redirect(`/policies/${id}`, { headers: await flash(request, `已登记优惠政策「${parsed.data.title}」`) });
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

export default function NewPolicyPage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(PolicyForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      county: d.defaultCounty,
      category: "",
      title: "",
      content: "",
      validFrom: d.today,
      validTo: "",
    }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/policies">优惠政策库</Link> / 新增政策
      </p>
      <h1>新增优惠政策</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid card">
        <FormError message={fail?.formError} />
        <CreateToken />
        <PolicyFields field={field} errorOf={errorOf} counties={d.counties} allowCity={d.allowCity} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存政策
          </button>
          <Link to="/policies">取消</Link>
        </div>
      </Form>
    </>
  );
}
