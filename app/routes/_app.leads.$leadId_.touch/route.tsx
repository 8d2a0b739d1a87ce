// 记录跟进: one screen (also on a phone) to log a touch on a lead — how, when, who on both sides, what was said,
// files (意向书, 考察报告) and the next step with its date, which becomes the lead's 下次跟进 (issue 22 item 2,
// docs/decisions/152). The bureau and the lead's county log touches; the lead page shows them on its timeline.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { Options } from "~/components/form/Options";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { LEAD_TOUCH_KIND_LABELS, LEAD_STAGE_LABELS } from "~/domain/labels";
import { LeadTouchForm } from "~/domain/leadTouchForm";
import { canManageLead } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { getLead } from "~/models/lead.server";
import { investorContactNames } from "~/models/investor.server";
import { logTouch } from "~/models/leadTouch.server";
import { requirePage } from "~/utils/auth.server";
import { ATTACHMENT_ACCEPT, discardFiles, MAX_FILES, readMultipartForm, storeFiles } from "~/utils/attachments.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate, type CreateClaim } from "~/utils/createToken.server";
import { parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `记录跟进 · ${data?.lead.name ?? "线索"} · 招商线索` },
];

async function leadFor(request: Request, leadId: string | undefined) {
  const viewer = await requirePage(request, "leadTouch");
  const lead = await getLead(viewer, idParam(leadId));
  if (!lead) notFound();
  if (!canManageLead(viewer, lead)) forbidden("您没有管理该线索的权限");
  return { viewer, lead };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, lead } = await leadFor(request, params.leadId);
  return {
    lead: { id: lead.id, name: lead.name, enterpriseName: lead.enterpriseName, stage: lead.stage },
    // the lead's 客商 contacts, offered for 对方人员 (decision 197)
    contacts: lead.investor ? await investorContactNames(viewer, lead.investor.id) : [],
    me: viewer.displayName,
    today: clockToday(),
    maxFiles: MAX_FILES,
    accept: ATTACHMENT_ACCEPT,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, lead } = await leadFor(request, params.leadId);
  let form: Awaited<ReturnType<typeof readMultipartForm>>;
  try {
    form = await readMultipartForm(request, "attachments");
  } catch (e) {
    return answerRefusal(e);
  }
  const parsed = parseWith(LeadTouchForm, form.fields);
  if (!parsed.success)
    return answerRefusal(
      new Refusal({ fieldErrors: parsed.fieldErrors, formError: "请修改标出的字段", values: form.fields }),
    );
  let claim: CreateClaim;
  try {
    claim = claimCreate(viewer, "LeadTouch", {
      ...form.fields,
      attachments: form.files.map((f) => [f.name, f.bytes.byteLength]),
    });
  } catch (e) {
    return answerRefusal(e, { values: form.fields });
  }
  const files = await storeFiles(`leads/${clockToday().slice(0, 4)}`, form.files);
  try {
    await logTouch(viewer, lead, parsed.data, files, claim);
    if (claim.replayed) await discardFiles(files);
    return redirect(`/leads/${lead.id}#timeline`, {
      headers: await flash(request, `已记录${LEAD_TOUCH_KIND_LABELS[parsed.data.kind]}`),
    });
  } catch (e) {
    await discardFiles(files);
    return answerRefusal(e, { values: form.fields });
  }
}

export default function LogTouch() {
  const d = useLoaderData<typeof loader>();
  const failure = useFailure();
  const busy = useNavigation().state === "submitting";
  const { onSubmit, errorOf, field } = useZodForm(LeadTouchForm, {
    serverErrors: failure?.fieldErrors,
    defaultValues: {
      kind: "" as never,
      occurredOn: d.today,
      ourPeople: d.me,
      theirPeople: "",
      content: "",
      nextStep: "",
      nextStepOn: "",
      ...(failure?.values as object | undefined),
    },
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/leads">招商线索</Link> / <Link to={`/leads/${d.lead.id}`}>{d.lead.name}</Link> / 记录跟进
      </p>
      <div className="page-head">
        <h1>记录跟进</h1>
        <span className="muted">
          {d.lead.enterpriseName} · {LEAD_STAGE_LABELS[d.lead.stage]}
        </span>
      </div>
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="card touch-form">
        <FormError message={failure?.formError} />
        <CreateToken />
        <div className="form-grid">
          <Field id="kind" label="跟进方式" error={errorOf("kind")} required>
            {(p) => (
              <select {...p} {...field("kind")}>
                <option value="" disabled>
                  请选择
                </option>
                <Options items={LEAD_TOUCH_KIND_LABELS} />
              </select>
            )}
          </Field>
          <Field id="occurredOn" label="跟进日期" error={errorOf("occurredOn")} required>
            {(p) => <input type="date" max={d.today} {...p} {...field("occurredOn")} />}
          </Field>
          <Field id="ourPeople" label="我方人员" error={errorOf("ourPeople")} required>
            {(p) => <input type="text" maxLength={200} {...p} {...field("ourPeople")} />}
          </Field>
          <Field
            id="theirPeople"
            label="对方人员"
            error={errorOf("theirPeople")}
            required
            hint={d.contacts.length ? "姓名和职务，可选客商联系人" : "姓名和职务"}
          >
            {(p) => (
              <>
                <input
                  type="text"
                  maxLength={200}
                  list={d.contacts.length ? "their-contacts" : undefined}
                  {...p}
                  {...field("theirPeople")}
                />
                {d.contacts.length ? (
                  <datalist id="their-contacts">
                    {d.contacts.map((c) => (
                      <option key={c} value={c} />
                    ))}
                  </datalist>
                ) : null}
              </>
            )}
          </Field>
        </div>
        <Field id="content" label="跟进内容" error={errorOf("content")} required className="mt">
          {(p) => <textarea rows={3} maxLength={2000} {...p} {...field("content")} />}
        </Field>
        <div className="form-grid mt">
          <Field id="nextStep" label="下一步" error={errorOf("nextStep")} hint="如：寄送意向书">
            {(p) => <input type="text" maxLength={300} {...p} {...field("nextStep")} />}
          </Field>
          <Field id="nextStepOn" label="下次跟进日期" error={errorOf("nextStepOn")} hint="即线索的下次跟进">
            {(p) => <input type="date" min={d.today} {...p} {...field("nextStepOn")} />}
          </Field>
        </div>
        <Field
          id="attachments"
          label="附件"
          error={failure?.fieldErrors.attachments}
          hint={`意向书、考察报告等，最多 ${d.maxFiles} 个，每个 ≤ 10MB`}
          className="mt"
        >
          {(p) => <input type="file" name="attachments" multiple accept={d.accept} {...p} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "正在保存…" : "保存跟进记录"}
          </button>
          <Link className="button" to={`/leads/${d.lead.id}`}>
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
