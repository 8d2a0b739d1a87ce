// 登记客商 (issue 22 §1, docs/decisions/175): the bureau (a city investor or one kept by a county) and a county (its
// own); the shared zod/mini schema checks the form in the browser and again here; the create token makes a
// repeated submission register one investor.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { InvestorFields } from "~/components/investors/InvestorFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { InvestorForm } from "~/domain/investorForm";
import { Refusal } from "~/domain/refusal";
import { createInvestor, investorFormOptions } from "~/models/investor.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "登记客商 · 客商库" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "investorNew");
  return { options: await investorFormOptions(viewer) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "investorNew");
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(InvestorForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const id = await createInvestor(viewer, parsed.data, claimCreate(viewer, "Investor", raw));
    return redirect(`/investors/${id}`, { headers: await flash(request, "客商已登记，请添加联系人") });
  } catch (e) {
    return answerRefusal(e, { values: raw });
  }
}

export default function NewInvestor() {
  const { options } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const navigation = useNavigation();
  const { field, onSubmit, errorOf } = useZodForm(InvestorForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: {
      name: "",
      sourceRegion: "" as never,
      industryId: "",
      countyId: options.cityAllowed ? "" : String(options.counties[0]?.id ?? ""),
      enterpriseCode: "",
      note: "",
    },
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/investors">客商库</Link> / 登记客商
      </p>
      <h1>登记客商</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="card">
        <FormError message={fail?.formError} />
        <CreateToken />
        <InvestorFields field={field} errorOf={errorOf} options={options} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存
          </button>
          <Link to="/investors" className="button">
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
