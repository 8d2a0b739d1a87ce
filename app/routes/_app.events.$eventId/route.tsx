// One 推介活动 (issue 22 item 4, docs/decisions/181): its facts, its yield (leads, signed deals and 签约额 — the
// viewer's leads), the attending 客商 and the leads that came out of it; the bureau edits it (version-checked),
// adds attendees (picked from the 客商库, or registered there on the spot — decision 195) and removes them, and
// registers a lead from it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import * as z from "zod/mini";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { EventFields } from "~/components/events/EventFields";
import { Options } from "~/components/form/Options";
import { InvestorPicker } from "~/components/investors/InvestorPicker";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChineseDate } from "~/domain/dates";
import { AttendeeForm, EventEditForm, RemoveAttendeeForm, type AttendeeInput } from "~/domain/eventForms";
import { EVENT_KIND_LABELS, eventLeadsHref } from "~/domain/eventLabels";
import { LEAD_STAGE_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import { formatAmount, formatAmountWithExact, formatWan } from "~/domain/money";
import { canManageLead, canManagePipeline } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { addAttendee, getEvent, industryChoices, removeAttendee, updateEvent } from "~/models/promotionEvent.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.event.name ?? "推介活动"} · 推介活动` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "events");
  const event = await getEvent(viewer, idParam(params.eventId));
  if (!event) notFound("未找到该推介活动");
  const industries = event.canManage ? await industryChoices() : [];
  return { event, industries, canAddLead: canManageLead(viewer) };
}

const Intent = z.object({ intent: z.enum(["update", "attend", "unattend"], { error: "未知的操作" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "events");
  if (!canManagePipeline(viewer)) forbidden("只有投资促进局可以修改推介活动");
  const id = idParam(params.eventId);
  const values = formDataToObject(await request.formData());
  const intent = Intent.safeParse(values);
  const form = intent.success ? intent.data.intent : null;
  try {
    if (!intent.success) throw Refusal.form("未知的操作");
    if (intent.data.intent === "attend") {
      const parsed = parseWith(AttendeeForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
      const added = await addAttendee(viewer, id, parsed.data, claimCreate(viewer, "EventAttendee", values));
      return redirect(`/events/${id}`, {
        headers: await flash(request, added ? `已添加参会客商「${added.investorName}」` : "已添加参会客商"),
      });
    }
    if (intent.data.intent === "unattend") {
      const parsed = parseWith(RemoveAttendeeForm, values);
      if (!parsed.success) throw Refusal.form("记录无效");
      await removeAttendee(viewer, id, parsed.data.attendeeId);
      return redirect(`/events/${id}`, { headers: await flash(request, "已移出参会名单") });
    }
    const parsed = parseWith(EventEditForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    await updateEvent(viewer, id, parsed.data.version, parsed.data);
    return redirect(`/events/${id}`, { headers: await flash(request, "已保存") });
  } catch (e) {
    return answerRefusal(e, { values, form });
  }
}

const ATTEND_EMPTY: AttendeeInput & { intent: "attend" } = {
  intent: "attend" as const,
  investorId: "",
  investorQuery: "",
  newInvestor: false,
  sourceRegion: "",
  industryId: "",
  people: "",
};

function Money({ wan }: { wan: number }) {
  return <span title={formatWan(wan)}>{formatAmount(wan)}</span>;
}

export default function EventPage() {
  const { event: e, industries, canAddLead } = useLoaderData<typeof loader>();
  const saveFail = useFailure("update");
  const attendFail = useFailure("attend");
  const removeFail = useFailure("unattend");
  const busy = useNavigation().state === "submitting";
  const edit = useZodForm(EventEditForm, {
    serverErrors: saveFail?.fieldErrors,
    defaultValues: withSubmitted(saveFail, {
      intent: "update" as const,
      version: String(e.version),
      name: e.name,
      kind: e.kind,
      city: e.city,
      venue: e.venue,
      heldOn: e.heldOn,
      organiser: e.organiser,
      budget: String(e.budget),
      note: e.note ?? "",
    }),
  });
  const attend = useZodForm(AttendeeForm, {
    serverErrors: attendFail?.fieldErrors,
    defaultValues: withSubmitted(attendFail, ATTEND_EMPTY),
  });
  const isNew = Boolean(attend.watch("newInvestor"));
  // an attendee added: the form starts empty for the next one (react-hook-form keeps its values otherwise)
  const { reset } = attend;
  useEffect(() => {
    if (!attendFail) reset(ATTEND_EMPTY);
  }, [e.attendees.length, attendFail, reset]);
  const y = e.yield;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/events">推介活动</Link> / {e.name}
      </p>
      <div className="page-head">
        <h1>{e.name}</h1>
        <span className="badge">{EVENT_KIND_LABELS[e.kind]}</span>
        {canAddLead ? (
          <div className="actions">
            <Link to={`/leads/new?event=${e.id}`} className="button primary">
              登记来自本活动的线索
            </Link>
          </div>
        ) : null}
      </div>
      <section className="card" aria-labelledby="ev-facts">
        <h2 id="ev-facts">活动信息</h2>
        <dl className="fields">
          <dt>举办日期</dt>
          <dd>{formatChineseDate(e.heldOn)}</dd>
          <dt>举办城市</dt>
          <dd>{e.city}</dd>
          <dt>举办地点</dt>
          <dd>{e.venue}</dd>
          <dt>主办单位</dt>
          <dd>{e.organiser}</dd>
          <dt>预算</dt>
          <dd title={formatWan(e.budget)}>{formatAmountWithExact(e.budget)}</dd>
          <dt>备注</dt>
          <dd className="pre-wrap">{e.note ?? "—"}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="ev-yield">
        <h2 id="ev-yield">活动成效</h2>
        <dl className="fields">
          <dt>参会客商</dt>
          <dd>{e.attendees.length} 家</dd>
          <dt>带来线索</dt>
          <dd>
            {y.leads ? (
              <Link to={eventLeadsHref(e.id)} aria-label={`带来线索 ${y.leads} 条`}>
                {y.leads} 条
              </Link>
            ) : (
              "0 条"
            )}
            ，预计投资 <Money wan={y.expectedAmount} />
          </dd>
          <dt>签约项目</dt>
          <dd>
            {y.signed ? (
              <Link to={eventLeadsHref(e.id, true)} aria-label={`签约项目 ${y.signed} 个`}>
                {y.signed} 个
              </Link>
            ) : (
              "0 个"
            )}
            ，签约额 <Money wan={y.signedAmount} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="ev-attendees">
        <h2 id="ev-attendees">参会客商（{e.attendees.length}）</h2>
        <FormError message={removeFail?.formError} />
        {e.attendees.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain compact card-table">
              <caption className="sr-only">参会客商名单</caption>
              <thead>
                <tr>
                  <th scope="col">参会客商</th>
                  <th scope="col">参会人员</th>
                  <th scope="col">线索</th>
                  {e.canManage ? <th scope="col">操作</th> : null}
                </tr>
              </thead>
              <tbody>
                {e.attendees.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      {a.investorId ? <Link to={`/investors/${a.investorId}`}>{a.investorName}</Link> : a.investorName}
                    </th>
                    <td data-label="参会人员">{a.people ?? "—"}</td>
                    <td data-label="线索">{a.leadId ? <Link to={`/leads/${a.leadId}`}>查看线索</Link> : "—"}</td>
                    {e.canManage ? (
                      <td data-label="操作">
                        <Form method="post">
                          <input type="hidden" name="intent" value="unattend" />
                          <input type="hidden" name="attendeeId" value={a.id} />
                          <button type="submit" className="link" disabled={busy} aria-label={`移出 ${a.investorName}`}>
                            移出
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">尚未登记参会客商。</p>
        )}
        {e.canManage ? (
          <Form method="post" onSubmit={attend.onSubmit} noValidate className="form-grid">
            <FormError message={attendFail?.formError} />
            <CreateToken />
            <input type="hidden" {...attend.field("intent")} />
            <InvestorPicker
              id="att-investor"
              label="参会客商"
              query={String(attend.watch("investorQuery") ?? "")}
              selectedId={String(attend.watch("investorId") ?? "")}
              hint="输入客商名称、联系人或电话搜索，并从列表中选择；客商库中没有的，勾选下方「登记为新客商」"
              error={attend.errorOf("investorQuery") ?? attend.errorOf("investorId")}
              onQueryChange={(q) => attend.setValue("investorQuery", q)}
              onSelect={(o) => {
                attend.setValue("investorId", o ? String(o.id) : "");
                // picked from the 客商库: not a new one
                if (o) attend.setValue("newInvestor", false);
              }}
            />
            <div className="field">
              <label className="checkbox" htmlFor="att-new">
                <input
                  id="att-new"
                  type="checkbox"
                  {...attend.field("newInvestor", { type: "checkbox", value: "on" })}
                />
                登记为新客商（客商库中没有）
              </label>
            </div>
            {isNew ? (
              <>
                <Field id="att-source" label="来源地" error={attend.errorOf("sourceRegion")} required>
                  {(p) => (
                    <select {...p} {...attend.field("sourceRegion")}>
                      <option value="">请选择</option>
                      <Options items={SOURCE_REGION_LABELS} />
                    </select>
                  )}
                </Field>
                <Field id="att-industry" label="产业" error={attend.errorOf("industryId")}>
                  {(p) => (
                    <select {...p} {...attend.field("industryId")}>
                      <option value="">未填写</option>
                      <Options items={industries} />
                    </select>
                  )}
                </Field>
              </>
            ) : null}
            <Field id="att-people" label="参会人员" error={attend.errorOf("people")} hint="姓名、职务">
              {(p) => <input type="text" maxLength={200} {...p} {...attend.field("people")} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy}>
                添加参会客商
              </button>
            </div>
          </Form>
        ) : null}
      </section>
      <section className="card" aria-labelledby="ev-leads">
        <h2 id="ev-leads">来自本活动的线索（{e.leads.length}）</h2>
        {e.leads.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain compact card-table">
              <caption className="sr-only">来自本活动的线索</caption>
              <thead>
                <tr>
                  <th scope="col">线索名称</th>
                  <th scope="col">县区</th>
                  <th scope="col">阶段</th>
                  <th scope="col" className="num">
                    预计投资
                  </th>
                  <th scope="col" className="num">
                    签约额
                  </th>
                </tr>
              </thead>
              <tbody>
                {e.leads.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      <Link to={`/leads/${l.id}`}>{l.name}</Link>
                      <div className="muted small">{l.enterpriseName}</div>
                    </th>
                    <td data-label="县区">{l.county}</td>
                    <td data-label="阶段">
                      <span className={`badge lead-${l.stage}`}>
                        {LEAD_STAGE_LABELS[l.stage as keyof typeof LEAD_STAGE_LABELS]}
                      </span>
                    </td>
                    <td className="num" data-label="预计投资">
                      <Money wan={l.expectedAmount} />
                    </td>
                    <td className="num" data-label="签约额">
                      {l.contractAmount === null ? "—" : <Money wan={l.contractAmount} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">尚无来自本活动的线索。</p>
        )}
      </section>
      {e.canManage ? (
        <section className="card" aria-labelledby="ev-edit">
          <h2 id="ev-edit">修改活动</h2>
          <ConflictNotice failure={saveFail} />
          <Form method="post" onSubmit={edit.onSubmit} noValidate className="form-grid">
            <FormError message={saveFail?.formError} />
            <input type="hidden" {...edit.field("version")} />
            <input type="hidden" {...edit.field("intent")} />
            <EventFields field={edit.field} errorOf={edit.errorOf} />
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy}>
                保存修改
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
