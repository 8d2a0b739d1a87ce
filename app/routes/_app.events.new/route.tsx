// 登记推介活动 (issue 22 item 4, docs/decisions/181): the bureau and the administrator.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { EventFields } from "~/components/events/EventFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { EventForm } from "~/domain/eventForms";
import { Refusal } from "~/domain/refusal";
import { createEvent } from "~/models/promotionEvent.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "登记推介活动 · 推介活动" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "eventNew");
  return { today: clockToday() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "eventNew");
  const values = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(EventForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const id = await createEvent(viewer, parsed.data, claimCreate(viewer, "PromotionEvent", values));
    return redirect(`/events/${id}`, { headers: await flash(request, `已登记推介活动「${parsed.data.name}」`) });
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

export default function NewEventPage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(EventForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: "",
      city: "",
      venue: "",
      heldOn: d.today,
      organiser: "晋中市投资促进局",
      budget: "",
      note: "",
    }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/events">推介活动</Link> / 登记活动
      </p>
      <h1>登记推介活动</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid card">
        <FormError message={fail?.formError} />
        <CreateToken />
        <EventFields field={field} errorOf={errorOf} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存活动
          </button>
          <Link to="/events">取消</Link>
        </div>
      </Form>
    </>
  );
}
