// 新建重点专项 (issue 18 §1, docs/decisions/200): the bureau and the administrator.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ProgrammeFields } from "~/components/programmes/ProgrammeFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { ProgrammeForm } from "~/domain/programmes";
import { Refusal } from "~/domain/refusal";
import { createProgramme } from "~/models/programme.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "新建重点专项 · 重点专项" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "programmeNew");
  return { today: clockToday() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "programmeNew");
  const values = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(ProgrammeForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const id = await createProgramme(viewer, parsed.data, claimCreate(viewer, "Programme", values));
    return redirect(`/programmes/${id}`, { headers: await flash(request, `已新建重点专项「${parsed.data.name}」`) });
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

export default function NewProgrammePage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(ProgrammeForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: "",
      startsOn: d.today,
      endsOn: "",
      targetProjects: "",
      targetTotalInvestment: "",
      targetAnnualInvestment: "",
      targetStarted: "",
      targetEnterprises: "",
      targetOutput: "",
      note: "",
    }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/programmes">重点专项</Link> / 新建专项
      </p>
      <h1>新建重点专项</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid card">
        <FormError message={fail?.formError} />
        <CreateToken />
        <ProgrammeFields field={field} errorOf={errorOf} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存专项
          </button>
          <Link to="/programmes">取消</Link>
        </div>
      </Form>
    </>
  );
}
