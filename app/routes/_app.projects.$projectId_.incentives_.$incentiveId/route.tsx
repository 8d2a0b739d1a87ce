// 优惠兑现 (issue 18 §3, docs/decisions/206): one promised incentive of a project — its condition (开工, 投产, 产值 or
// 税收 by a date), promised vs paid, its payments with vouchers, and whether it is to be recovered (追回: the project
// was withdrawn or missed the condition). Those who edit the project set the condition and record payments, and on a
// flagged incentive record what was recovered (追回登记, docs/decisions/274: several parts, never more than was paid).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChineseDate } from "~/domain/dates";
import {
  INCENTIVE_CONDITION_LABELS,
  IncentiveConditionForm,
  IncentivePaymentForm,
  IncentiveRecoveryEditForm,
  IncentiveRecoveryForm,
  RECOVERY_STATUS_LABELS,
  recoveryStatus,
  type IncentiveConditionKind,
} from "~/domain/incentiveFulfilment";
import { formatWan } from "~/domain/money";
import { Refusal } from "~/domain/refusal";
import {
  addPayment,
  addRecovery,
  editRecovery,
  getFulfilment,
  saveCondition,
} from "~/models/incentiveFulfilment.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `优惠兑现 · ${data?.f.project.name ?? "项目"}` },
];

const STATE_LABELS = { none: "未设兑现条件", met: "已达到条件", pending: "待达到条件", missed: "未达到条件" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "projectIncentives");
  const today = clockToday();
  const f = await getFulfilment(viewer, idParam(params.projectId), idParam(params.incentiveId), today);
  if (!f) notFound("未找到该优惠政策记录，或您无权查看");
  return { f, today };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "projectIncentives");
  const projectId = idParam(params.projectId);
  const id = idParam(params.incentiveId);
  const today = clockToday();
  const f = await getFulfilment(viewer, projectId, id, today);
  if (!f) notFound("未找到该优惠政策记录，或您无权查看");
  if (!f.canEdit) forbidden("您没有办理该项目优惠兑现的权限");
  const values = formDataToObject(await request.formData());
  const form = (["pay", "condition", "recover", "recoverEdit"] as const).find((k) => k === values.intent);
  try {
    const back = `/projects/${projectId}/incentives/${id}`;
    if (form === "condition") {
      const p = parseWith(IncentiveConditionForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      await saveCondition(viewer, projectId, id, p.data);
      return redirect(back, { headers: await flash(request, "已保存兑现条件") });
    }
    if (form === "pay") {
      const p = parseWith(IncentivePaymentForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      await addPayment(viewer, projectId, id, p.data, today, claimCreate(viewer, "IncentivePayment", values));
      return redirect(back, { headers: await flash(request, `已登记兑现 ${formatWan(p.data.amount)}`) });
    }
    if (form === "recover") {
      const p = parseWith(IncentiveRecoveryForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      await addRecovery(viewer, projectId, id, p.data, today, claimCreate(viewer, "IncentiveRecovery", values));
      return redirect(back, { headers: await flash(request, `已登记追回 ${formatWan(p.data.amount)}`) });
    }
    if (form === "recoverEdit") {
      const p = parseWith(IncentiveRecoveryEditForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      await editRecovery(viewer, projectId, id, p.data, today);
      return redirect(back, { headers: await flash(request, "已保存追回记录的修改") });
    }
    throw Refusal.form("未知的操作");
  } catch (e) {
    return answerRefusal(e, {
      values,
      form,
      describeConflict:
        form === "recoverEdit"
          ? () => ({ message: "该追回记录已被他人修改，请刷新页面查看最新内容后再修改。", changed: [] })
          : undefined,
    });
  }
}

export default function IncentiveFulfilmentPage() {
  const { f } = useLoaderData<typeof loader>();
  return (
    <>
      <ProjectWorkHeader project={f.project} title="优惠兑现" />
      <p className="breadcrumb">
        <Link to={`/projects/${f.project.id}/incentives`}>优惠政策</Link> / 兑现
      </p>
      {f.recovery ? (
        <p className="form-error" role="alert">
          需追回：{f.recovery}（{RECOVERY_STATUS_LABELS[recoveryStatus(f.paid, f.recovered)]}）
        </p>
      ) : null}
      <section className="card" aria-labelledby="inc-facts">
        <h2 id="inc-facts">承诺的优惠</h2>
        <dl className="fields">
          <dt>类别</dt>
          <dd>{f.kind}</dd>
          <dt>政策</dt>
          <dd>{f.policy ?? "—"}</dd>
          <dt>承诺内容</dt>
          <dd className="pre-wrap">{f.content}</dd>
          <dt>承诺金额</dt>
          <dd>{f.amount === null ? "—" : formatWan(f.amount)}</dd>
          <dt>已兑现</dt>
          <dd>
            {formatWan(f.paid)}
            {f.amount !== null ? `，待兑现 ${formatWan(f.amount - f.paid)}` : ""}
          </dd>
          <dt>兑现条件</dt>
          <dd>
            {f.conditionKind
              ? `${INCENTIVE_CONDITION_LABELS[f.conditionKind]}${f.conditionValue !== null ? ` ${formatWan(f.conditionValue)}` : ""}，期限 ${f.conditionDueOn ? formatChineseDate(f.conditionDueOn) : "—"}`
              : "—"}
            （{STATE_LABELS[f.state]}）
          </dd>
          <dt>项目进展</dt>
          <dd>
            开工 {f.startedOn ? formatChineseDate(f.startedOn) : "未开工"}；投产{" "}
            {f.completedOn ? formatChineseDate(f.completedOn) : "未投产"}
            {f.pool === "WITHDRAWN" ? "；已调出" : ""}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="inc-pay">
        <h2 id="inc-pay">兑现记录（{f.payments.length}）</h2>
        {f.payments.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain compact">
              <caption className="sr-only">兑现记录</caption>
              <thead>
                <tr>
                  <th scope="col">兑现日期</th>
                  <th scope="col" className="num">
                    金额
                  </th>
                  <th scope="col">凭证号</th>
                  <th scope="col">备注</th>
                </tr>
              </thead>
              <tbody>
                {f.payments.map((p) => (
                  <tr key={p.id}>
                    <td className="nowrap">{formatChineseDate(p.paidOn)}</td>
                    <td className="num">{formatWan(p.amount)}</td>
                    <td>{p.voucherNo}</td>
                    <td>{p.note ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">尚未兑现。</p>
        )}
      </section>
      {f.recovery || f.recoveries.length ? <Recoveries /> : null}
      {f.canEdit ? <PaymentForm /> : null}
      {f.canEdit ? <ConditionForm /> : null}
    </>
  );
}

function PaymentForm() {
  const { f, today } = useLoaderData<typeof loader>();
  const fail = useFailure("pay");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(IncentivePaymentForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "pay" as const,
      paidOn: today,
      amount: f.amount !== null ? String(Math.max(0, f.amount - f.paid)) : "",
      voucherNo: "",
      note: "",
    }),
  });
  return (
    <section className="card" aria-labelledby="inc-pay-form">
      <h2 id="inc-pay-form">登记兑现</h2>
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <CreateToken />
        <input type="hidden" {...field("intent")} />
        <Field id="pay-on" label="兑现日期" error={errorOf("paidOn")} required>
          {(p) => <input type="date" max={today} {...p} {...field("paidOn")} />}
        </Field>
        <Field id="pay-amount" label="兑现金额（万元）" error={errorOf("amount")} required>
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
        </Field>
        <Field id="pay-voucher" label="兑现凭证号" error={errorOf("voucherNo")} required>
          {(p) => <input type="text" maxLength={60} {...p} {...field("voucherNo")} />}
        </Field>
        <Field id="pay-note" label="备注" error={errorOf("note")}>
          {(p) => <input type="text" maxLength={300} {...p} {...field("note")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            登记兑现
          </button>
        </div>
      </Form>
    </section>
  );
}

function ConditionForm() {
  const { f } = useLoaderData<typeof loader>();
  const fail = useFailure("condition");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(IncentiveConditionForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "condition" as const,
      version: String(f.version),
      conditionKind: (f.conditionKind ?? "") as IncentiveConditionKind,
      conditionValue: f.conditionValue === null ? "" : String(f.conditionValue),
      conditionDueOn: f.conditionDueOn ?? "",
      reportedValue: f.reportedValue === null ? "" : String(f.reportedValue),
    }),
  });
  return (
    <section className="card" aria-labelledby="inc-cond">
      <h2 id="inc-cond">兑现条件</h2>
      <ConflictNotice failure={fail} />
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("version")} />
        <Field id="cond-kind" label="兑现条件" error={errorOf("conditionKind")} required>
          {(p) => (
            <select {...p} {...field("conditionKind")}>
              <option value="">请选择</option>
              {Object.entries(INCENTIVE_CONDITION_LABELS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="cond-due" label="达到条件的期限" error={errorOf("conditionDueOn")} required>
          {(p) => <input type="date" {...p} {...field("conditionDueOn")} />}
        </Field>
        <Field
          id="cond-value"
          label="产值或税收门槛（万元）"
          error={errorOf("conditionValue")}
          hint="仅产值、税收条件填写"
        >
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("conditionValue")} />}
        </Field>
        <Field
          id="cond-reported"
          label="实际产值或税收（万元）"
          error={errorOf("reportedValue")}
          hint="企业报送的实际数"
        >
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("reportedValue")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            保存兑现条件
          </button>
        </div>
      </Form>
    </section>
  );
}

/** 追回登记 (docs/decisions/274): what was recovered so far, the form for a further part, and a correction form. */
function Recoveries() {
  const { f } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const editFail = useFailure("recoverEdit");
  const editId = Number(editFail?.values?.recoveryId ?? params.get("edit"));
  const editing = f.canEdit ? f.recoveries.find((x) => x.id === editId) : undefined;
  return (
    <section className="card" aria-labelledby="inc-recover">
      <h2 id="inc-recover">追回登记</h2>
      <p>
        应追回 {formatWan(f.paid)}，已追回 {formatWan(f.recovered)}，未追回{" "}
        {formatWan(Math.max(0, f.paid - f.recovered))}（{RECOVERY_STATUS_LABELS[recoveryStatus(f.paid, f.recovered)]}）
      </p>
      {f.recoveries.length ? (
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption className="sr-only">追回记录</caption>
            <thead>
              <tr>
                <th scope="col">追回日期</th>
                <th scope="col" className="num">
                  追回金额
                </th>
                <th scope="col">凭证号</th>
                <th scope="col">说明</th>
                {f.canEdit ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {f.recoveries.map((x) => (
                <tr key={x.id}>
                  <td className="nowrap">{formatChineseDate(x.recoveredOn)}</td>
                  <td className="num">{formatWan(x.amount)}</td>
                  <td>{x.voucherNo}</td>
                  <td>{x.note ?? "—"}</td>
                  {f.canEdit ? (
                    <td>
                      <Link to={`?edit=${x.id}`} preventScrollReset aria-label={`修改 ${x.voucherNo} 的追回记录`}>
                        修改
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">尚未登记追回。</p>
      )}
      {editing ? <RecoveryEditForm key={editing.id} r={editing} /> : null}
      {f.canEdit && f.recovery && !editing ? <RecoveryForm /> : null}
    </section>
  );
}

function RecoveryForm() {
  const { f, today } = useLoaderData<typeof loader>();
  const fail = useFailure("recover");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(IncentiveRecoveryForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "recover" as const,
      recoveredOn: today,
      amount: String(Math.max(0, f.paid - f.recovered)),
      voucherNo: "",
      note: "",
    }),
  });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="form-grid" aria-label="登记追回">
      <FormError message={fail?.formError} />
      <CreateToken />
      <input type="hidden" {...field("intent")} />
      <Field id="rec-on" label="追回日期" error={errorOf("recoveredOn")} required>
        {(p) => <input type="date" max={today} {...p} {...field("recoveredOn")} />}
      </Field>
      <Field id="rec-amount" label="追回金额（万元）" error={errorOf("amount")} required>
        {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
      </Field>
      <Field id="rec-voucher" label="追回凭证号" error={errorOf("voucherNo")} required>
        {(p) => <input type="text" maxLength={60} {...p} {...field("voucherNo")} />}
      </Field>
      <Field id="rec-note" label="追回说明" error={errorOf("note")}>
        {(p) => <input type="text" maxLength={300} {...p} {...field("note")} />}
      </Field>
      <div className="form-actions span-all">
        <button type="submit" className="primary" disabled={busy}>
          登记追回
        </button>
      </div>
    </Form>
  );
}

function RecoveryEditForm({
  r,
}: {
  r: { id: number; recoveredOn: string; amount: number; voucherNo: string; note: string | null; version: number };
}) {
  const { f, today } = useLoaderData<typeof loader>();
  const fail = useFailure("recoverEdit");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(IncentiveRecoveryEditForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "recoverEdit" as const,
      recoveryId: String(r.id),
      version: String(r.version),
      recoveredOn: r.recoveredOn,
      amount: String(r.amount),
      voucherNo: r.voucherNo,
      note: r.note ?? "",
    }),
  });
  return (
    <>
      <h3>修改追回记录 {r.voucherNo}</h3>
      <ConflictNotice failure={fail} />
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid" aria-label="修改追回记录">
        <FormError message={fail?.formError} />
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("recoveryId")} />
        <input type="hidden" {...field("version")} />
        <Field id="rec-edit-on" label="修改后的日期" error={errorOf("recoveredOn")} required>
          {(p) => <input type="date" max={today} {...p} {...field("recoveredOn")} />}
        </Field>
        <Field id="rec-edit-amount" label="修改后的金额（万元）" error={errorOf("amount")} required>
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
        </Field>
        <Field id="rec-edit-voucher" label="修改后的凭证号" error={errorOf("voucherNo")} required>
          {(p) => <input type="text" maxLength={60} {...p} {...field("voucherNo")} />}
        </Field>
        <Field id="rec-edit-note" label="修改后的说明" error={errorOf("note")}>
          {(p) => <input type="text" maxLength={300} {...p} {...field("note")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            保存追回修改
          </button>
          <Link to={`/projects/${f.project.id}/incentives/${f.id}`} preventScrollReset>
            取消修改
          </Link>
        </div>
      </Form>
    </>
  );
}
