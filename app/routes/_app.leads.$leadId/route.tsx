import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { Refusal, type Failure } from "~/domain/refusal";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { LeadFields } from "~/components/leads/LeadFields";
import { EnterprisePicker, RegisteredEnterpriseOffer } from "~/components/project/EnterprisePicker";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import { ATTRACTION_METHOD_LABELS, LEAD_STAGE_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import { ConvertLeadForm, LeadUpdateForm, MoveLeadForm, OPEN_LEAD_STAGES } from "~/domain/leadForms";
import { formatAmountWithExact, formatWan } from "~/domain/money";
import { canManageLead } from "~/domain/permissions";
import { enterpriseNamed } from "~/models/enterpriseChoice.server";
import { convertLead, getLead, leadFormOptions, moveLead, updateLead } from "~/models/lead.server";
import { leadTimeline } from "~/models/leadTouch.server";
import { LeadTimeline } from "~/components/leads/LeadTimeline";
import { requirePage, safeRedirect } from "~/utils/auth.server";
import { answerRefusal } from "~/utils/refusal.server";
import { parseWith, formDataToObject } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lead.name ?? "线索"} · 招商线索` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "leads");
  const lead = await getLead(viewer, idParam(params.leadId));
  if (!lead) notFound();
  const canManage = canManageLead(viewer, lead) && lead.stage !== "SIGNED";
  const timeline = await leadTimeline(viewer, lead.id);
  // Signing links the investor: a registered enterprise of exactly the lead's investor name is proposed.
  const namedEnterprise = canManage && !lead.enterprise ? await enterpriseNamed(lead.enterpriseName) : null;
  return {
    lead,
    timeline,
    canTouch: canManageLead(viewer, lead),
    canManage,
    namedEnterprise,
    options: canManage ? await leadFormOptions(viewer) : null,
    today: clockToday(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "leads", "您没有执行此操作的权限");
  const lead = await getLead(viewer, idParam(params.leadId));
  if (!lead) notFound();
  if (!canManageLead(viewer, lead)) forbidden("您没有管理该线索的权限");
  const input = formDataToObject(await request.formData());
  const intent = input.intent;
  const form = intent === "move" || intent === "convert" ? intent : "update";
  try {
    if (lead.stage === "SIGNED")
      throw new Refusal({ form: "move", formError: "该线索已签约并转为项目，不能再修改" }, 409);
    if (intent === "update") {
      const parsed = parseWith(LeadUpdateForm, input);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
      await updateLead(viewer, lead, parsed.data.version, parsed.data);
      return redirect(`/leads/${lead.id}`, { headers: await flash(request, "线索已保存") });
    }
    if (intent === "move") {
      const parsed = parseWith(MoveLeadForm, input);
      if (!parsed.success)
        throw new Refusal({ fieldErrors: parsed.fieldErrors, formError: "请修改标出的字段", values: input });
      if (parsed.data.stage === "SIGNED") {
        // Signing needs the date and amounts: send the user to the conversion form with a clear message.
        throw new Refusal({
          form: "convert",
          fieldErrors: { signedOn: "请填写签约日期", contractAmount: "请填写签约额" },
          formError: "签约须填写签约日期和签约额，并转为项目",
        });
      }
      await moveLead(viewer, lead, parsed.data.version, parsed.data.stage, parsed.data.abandonReason);
      const to = safeRedirect(parsed.data.redirectTo, `/leads/${lead.id}`);
      return redirect(to, {
        headers: await flash(request, `“${lead.name}”已移至${LEAD_STAGE_LABELS[parsed.data.stage]}`),
      });
    }
    if (intent === "convert") {
      const parsed = parseWith(ConvertLeadForm, input);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
      const projectId = await convertLead(viewer, lead, parsed.data);
      return redirect(`/projects/${projectId}`, { headers: await flash(request, "已签约，线索已转为项目") });
    }
    throw Refusal.form("未知的操作");
  } catch (e) {
    return answerRefusal(e, {
      form,
      values: input,
      describeConflict: () => ({ message: "该线索已被他人修改，请刷新页面查看最新内容后再操作。", changed: [] }),
    });
  }
}

export default function LeadPage() {
  const { lead, timeline, canTouch, canManage, namedEnterprise, options, today } = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const intent = actionData && !actionData.conflict ? actionData.form : null;
  const conflict = actionData?.conflict ? actionData.formError : null;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/leads">招商线索</Link> / {lead.name}
      </p>
      <div className="page-head">
        <h1>{lead.name}</h1>
        <span className={`badge lead-${lead.stage}`}>{LEAD_STAGE_LABELS[lead.stage]}</span>
        <span className="muted">{lead.county.name}</span>
        {canTouch ? (
          <div className="actions">
            <Link className="button primary" to={`/leads/${lead.id}/touch`}>
              记录跟进
            </Link>
          </div>
        ) : null}
      </div>
      <FormError message={conflict} />
      {lead.stage === "SIGNED" && lead.convertedProject ? (
        <p className="notice">
          已签约，转为项目{" "}
          <Link to={`/projects/${lead.convertedProject.id}`}>
            {lead.convertedProject.code} {lead.convertedProject.name}
          </Link>
        </p>
      ) : null}
      {lead.stage === "ABANDONED" ? <p className="form-error">已放弃。原因：{lead.abandonReason}</p> : null}
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">线索信息</h2>
        <dl className="fields">
          <dt>投资企业</dt>
          <dd>{lead.enterprise ? `${lead.enterprise.name}（${lead.enterprise.creditCode}）` : lead.enterpriseName}</dd>
          <dt>客商</dt>
          <dd>{lead.investor ? <Link to={`/investors/${lead.investor.id}`}>{lead.investor.name}</Link> : "未关联"}</dd>
          <dt>来源地</dt>
          <dd>{SOURCE_REGION_LABELS[lead.sourceRegion]}</dd>
          <dt>招商方式</dt>
          <dd>{ATTRACTION_METHOD_LABELS[lead.method]}</dd>
          <dt>产业</dt>
          <dd>{lead.industry.name}</dd>
          <dt>落户县区</dt>
          <dd>{lead.county.name}</dd>
          <dt>预计投资额</dt>
          <dd title={formatWan(lead.expectedAmount)}>{formatAmountWithExact(lead.expectedAmount)}</dd>
          <dt>负责人</dt>
          <dd>{lead.owner?.displayName ?? "—"}</dd>
          <dt>来源推介活动</dt>
          <dd>{lead.event ? <Link to={`/events/${lead.event.id}`}>{lead.event.name}</Link> : "—"}</dd>
          <dt>首次接触</dt>
          <dd>{formatChineseDate(lead.firstContactOn)}</dd>
          <dt>下次跟进</dt>
          <dd>{formatChineseDate(lead.nextFollowUpOn)}</dd>
          <dt>阶段变更于</dt>
          <dd>{formatChinaDateTime(lead.stageChangedAt)}</dd>
          <dt>备注</dt>
          <dd>{lead.note ?? "—"}</dd>
        </dl>
      </section>
      <LeadTimeline items={timeline} />
      {canManage && options ? (
        <>
          <MoveSection lead={lead} actionData={intent === "move" ? actionData : null} />
          <ConvertSection
            lead={lead}
            namedEnterprise={namedEnterprise}
            today={today}
            actionData={intent === "convert" ? actionData : null}
          />
          <EditSection lead={lead} options={options} actionData={intent === "update" ? actionData : null} />
        </>
      ) : null}
    </>
  );
}

type ActionResult = Failure | null;
type Lead = ReturnType<typeof useLoaderData<typeof loader>>["lead"];

function MoveSection({ lead, actionData }: { lead: Lead; actionData: ActionResult }) {
  const navigation = useNavigation();
  const posted = (actionData?.values?.stage as string | undefined) ?? undefined;
  // Coming from the kanban's plain form (no JavaScript): after fixing the input, go back to the board.
  const back = typeof actionData?.values?.redirectTo === "string" ? actionData.values.redirectTo : null;
  const { register, onSubmit, errorOf, watch } = useZodForm(MoveLeadForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { intent: "move", version: String(lead.version), stage: (posted ?? "") as never, abandonReason: "" },
  });
  const stage = watch("stage");
  return (
    <section className="card" aria-labelledby="move-title">
      <h2 id="move-title">推进阶段</h2>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <FormError message={actionData?.formError} />
        <input type="hidden" {...register("intent")} value="move" />
        <input type="hidden" {...register("version")} value={lead.version} />
        {back ? <input type="hidden" name="redirectTo" value={back} /> : null}
        <div className="form-grid">
          <Field id="move-stage" label="移至阶段" error={errorOf("stage")} required>
            {(p) => (
              <select {...p} {...register("stage")}>
                <option value="">请选择</option>
                {[...OPEN_LEAD_STAGES, "ABANDONED" as const]
                  .filter((s) => s !== lead.stage)
                  .map((s) => (
                    <option key={s} value={s}>
                      {LEAD_STAGE_LABELS[s]}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field
            id="move-reason"
            label="放弃原因"
            error={errorOf("abandonReason")}
            hint={stage === "ABANDONED" || posted === "ABANDONED" ? "放弃线索须填写原因" : "仅在放弃时填写"}
            required={stage === "ABANDONED" || posted === "ABANDONED"}
          >
            {(p) => <textarea maxLength={300} {...p} {...register("abandonReason")} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            更新阶段
          </button>
        </div>
      </Form>
      <p className="muted small">签约请使用下方“签约转为项目”。</p>
    </section>
  );
}

function ConvertSection({
  lead,
  namedEnterprise,
  today,
  actionData,
}: {
  lead: Lead;
  namedEnterprise: ReturnType<typeof useLoaderData<typeof loader>>["namedEnterprise"];
  today: string;
  actionData: ActionResult;
}) {
  const navigation = useNavigation();
  const posted = actionData?.values ?? {};
  const str = (k: string, fallback: string) => (typeof posted[k] === "string" ? (posted[k] as string) : fallback);
  const { register, onSubmit, errorOf, field, watch, setValue } = useZodForm(ConvertLeadForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: {
      intent: "convert",
      version: String(lead.version),
      projectName: str("projectName", lead.name),
      signedOn: str("signedOn", ""),
      contractAmount: str("contractAmount", String(lead.expectedAmount)),
      totalInvestment: str("totalInvestment", String(lead.expectedAmount)),
      ...(lead.enterprise
        ? {}
        : {
            enterpriseMode: str("enterpriseMode", namedEnterprise ? "existing" : "new") as never,
            enterpriseId: str("enterpriseId", namedEnterprise ? String(namedEnterprise.id) : ""),
            enterpriseQuery: str("enterpriseQuery", namedEnterprise?.name ?? ""),
            newEnterpriseName: str("newEnterpriseName", lead.enterpriseName),
            newEnterpriseCreditCode: str("newEnterpriseCreditCode", ""),
          }),
    },
  });
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const mode = watch("enterpriseMode") as string | undefined;
  // Before JavaScript both ways are shown; the radio says which one counts.
  const show = (m: string) => !enhanced || mode === m;
  const offer = actionData?.existingEnterprise ?? null;
  return (
    <section className="card" id="convert" aria-labelledby="convert-title">
      <h2 id="convert-title">签约转为项目</h2>
      <p className="muted small">
        签约后将在项目库中新建招商引资项目（记录签约里程碑和签约额），计入当年引资总额，并关联投资企业。今天是{" "}
        {formatChineseDate(today)}。
      </p>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <FormError message={actionData?.formError} />
        <input type="hidden" {...register("intent")} value="convert" />
        <input type="hidden" {...register("version")} value={lead.version} />
        <div className="form-grid">
          <Field id="cv-name" label="项目名称" error={errorOf("projectName")} required>
            {(p) => <input type="text" maxLength={120} {...p} {...field("projectName")} />}
          </Field>
          <Field id="cv-signed" label="签约日期" error={errorOf("signedOn")} required>
            {(p) => <input type="date" max={today} {...p} {...field("signedOn")} />}
          </Field>
          <Field
            id="cv-contract"
            label="签约额（万元）"
            error={errorOf("contractAmount")}
            hint="整数，单位万元"
            required
          >
            {(p) => <input type="text" inputMode="numeric" {...p} {...field("contractAmount")} />}
          </Field>
          <Field id="cv-total" label="总投资（万元）" error={errorOf("totalInvestment")} hint="不小于签约额" required>
            {(p) => <input type="text" inputMode="numeric" {...p} {...field("totalInvestment")} />}
          </Field>
        </div>
        {lead.enterprise ? (
          <p>
            投资企业：{lead.enterprise.name}（{lead.enterprise.creditCode}），签约后关联到项目。
          </p>
        ) : (
          <>
            <fieldset className="choices" aria-describedby={errorOf("enterpriseMode") ? "cv-mode-error" : undefined}>
              <legend>投资企业的登记方式</legend>
              <div className="radio-row">
                <label>
                  <input type="radio" {...field("enterpriseMode", { type: "radio", value: "existing" })} />{" "}
                  选择已登记企业
                </label>
                <label>
                  <input type="radio" {...field("enterpriseMode", { type: "radio", value: "new" })} />{" "}
                  按线索的投资方新建企业
                </label>
              </div>
              {errorOf("enterpriseMode") ? (
                <span id="cv-mode-error" className="field-error" role="alert">
                  {errorOf("enterpriseMode")}
                </span>
              ) : null}
            </fieldset>
            <div className="form-grid">
              {show("existing") ? (
                <>
                  <input type="hidden" {...field("enterpriseId")} />
                  <EnterprisePicker
                    id="cv-enterprise"
                    query={(watch("enterpriseQuery") as string | undefined) ?? ""}
                    selectedId={(watch("enterpriseId") as string | undefined) ?? ""}
                    error={errorOf("enterpriseQuery") ?? errorOf("enterpriseId")}
                    onQueryChange={(q) => setValue("enterpriseQuery", q)}
                    onSelect={(e) => setValue("enterpriseId", e ? String(e.id) : "")}
                  />
                </>
              ) : null}
              {show("new") ? (
                <>
                  <Field
                    id="cv-new-name"
                    label="新企业名称"
                    error={errorOf("newEnterpriseName")}
                    hint="默认为线索的投资方名称"
                  >
                    {(p) => <input type="text" maxLength={120} {...p} {...field("newEnterpriseName")} />}
                  </Field>
                  <Field
                    id="cv-new-credit"
                    label="统一社会信用代码"
                    error={errorOf("newEnterpriseCreditCode")}
                    hint="18 位，系统校验校验位"
                  >
                    {(p) => (
                      <input
                        type="text"
                        maxLength={20}
                        autoCapitalize="characters"
                        {...p}
                        {...field("newEnterpriseCreditCode")}
                      />
                    )}
                  </Field>
                </>
              ) : null}
              <RegisteredEnterpriseOffer
                offer={offer}
                onUse={(o) => {
                  setValue("enterpriseMode", "existing" as never);
                  setValue("enterpriseId", String(o.id));
                  setValue("enterpriseQuery", o.name);
                }}
              />
            </div>
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            签约并转为项目
          </button>
        </div>
      </Form>
    </section>
  );
}

function EditSection({
  lead,
  options,
  actionData,
}: {
  lead: Lead;
  options: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["options"]>;
  actionData: ActionResult;
}) {
  const navigation = useNavigation();
  const { register, onSubmit, errorOf } = useZodForm(LeadUpdateForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: {
      intent: "update",
      version: String(lead.version),
      name: lead.name,
      enterpriseName: lead.enterpriseName,
      investorId: lead.investor ? String(lead.investor.id) : "",
      sourceRegion: lead.sourceRegion,
      method: lead.method,
      industryId: String(lead.industry.id),
      countyId: String(lead.county.id),
      expectedAmount: String(lead.expectedAmount),
      ownerId: lead.owner ? String(lead.owner.id) : "",
      firstContactOn: lead.firstContactOn ?? "",
      nextFollowUpOn: lead.nextFollowUpOn ?? "",
      note: lead.note ?? "",
      eventId: lead.event ? String(lead.event.id) : "",
    },
  });
  return (
    <section className="card" aria-labelledby="edit-title">
      <h2 id="edit-title">编辑线索</h2>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <FormError message={actionData?.formError} />
        <input type="hidden" {...register("intent")} value="update" />
        <input type="hidden" {...register("version")} value={lead.version} />
        <LeadFields register={register as never} errorOf={errorOf} options={options} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存修改
          </button>
        </div>
      </Form>
    </section>
  );
}
