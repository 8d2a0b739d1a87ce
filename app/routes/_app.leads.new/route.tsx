import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { LeadFields } from "~/components/leads/LeadFields";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { LeadForm } from "~/domain/leadForms";
import { createLead, leadFormOptions } from "~/models/lead.server";
import { Refusal } from "~/domain/refusal";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { useFailure } from "~/components/form/useFailure";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "登记线索 · 招商线索" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "leadNew");
  const options = await leadFormOptions(viewer);
  // from an investor's page (为该客商登记线索): the investor chosen, its name, region and industry filled in
  const investorId = Number(new URL(request.url).searchParams.get("investor"));
  const investor = options.investors.find((i) => i.id === investorId) ?? null;
  // 登记来自本活动的线索 (an event's page) preselects the event
  const event = new URL(request.url).searchParams.get("event");
  return { options, today: clockToday(), investor, event: event && /^\d{1,9}$/.test(event) ? event : "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "leadNew");
  try {
    const raw = formDataToObject(await request.formData());
    const parsed = parseWith(LeadForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const id = await createLead(viewer, parsed.data, claimCreate(viewer, "Lead", raw));
    return redirect(`/leads/${id}`, { headers: await flash(request, "线索已登记") });
  } catch (e) {
    return answerRefusal(e);
  }
}

export default function NewLead() {
  const { options, today, investor, event } = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const navigation = useNavigation();
  const { register, onSubmit, errorOf } = useZodForm(LeadForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: {
      countyId: options.counties.length === 1 ? String(options.counties[0].id) : "",
      firstContactOn: today,
      ...(investor
        ? {
            investorId: String(investor.id),
            enterpriseName: investor.name,
            sourceRegion: investor.sourceRegion,
            industryId: investor.industryId === null ? "" : String(investor.industryId),
          }
        : {}),
      eventId: options.events.some((e) => String(e.id) === event) ? event : "",
    },
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/leads">招商线索</Link> / 登记线索
      </p>
      <h1>登记线索</h1>
      <Form method="post" onSubmit={onSubmit} noValidate className="card">
        <FormError message={actionData?.formError} />
        <CreateToken />
        <LeadFields register={register} errorOf={errorOf} options={options} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存
          </button>
          <Link to="/leads" className="button">
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
