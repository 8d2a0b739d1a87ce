// One 企业注册申请 (issue 15 §3, docs/decisions/120): the application and its licence, what approval would do (link
// the enterprise already registered under the code, or create it), and the decision: 通过 (an ENTERPRISE account
// with a one-time password, shown once here) or 不予通过 with a reason. Scope in every query (registrationScope).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod/mini";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { failureOf, Refusal } from "~/domain/refusal";
import {
  ApproveRegistrationForm,
  REFUSAL_REASON_MAX,
  REGISTRATION_STATUS_LABELS,
  RefuseRegistrationForm,
} from "~/domain/registration";
import { approveRegistration, getRegistration, refuseRegistration } from "~/models/registration.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.registration.name ?? "注册申请"} · 企业注册审核` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "registrations");
  const registration = await getRegistration(viewer, idParam(params.registrationId));
  if (!registration) notFound("注册申请不存在，或不属于您审核");
  return { registration };
}

const Intent = z.object({ intent: z.enum(["approve", "refuse"], { error: "未知的操作" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "registrations");
  const id = idParam(params.registrationId);
  // outside the viewer's scope: 404 before anything is read from the form
  if (!(await getRegistration(viewer, id))) notFound("注册申请不存在，或不属于您审核");
  const values = formDataToObject(await request.formData());
  const intent = Intent.safeParse(values);
  const form = intent.success ? intent.data.intent : null;
  try {
    if (!intent.success) throw Refusal.form("未知的操作");
    if (intent.data.intent === "approve") {
      const parsed = parseWith(ApproveRegistrationForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
      const r = await approveRegistration(
        viewer,
        id,
        parsed.data.version,
        claimCreate(viewer, "RegistrationApproval", values),
      );
      return { ok: true as const, approved: r };
    }
    const parsed = parseWith(RefuseRegistrationForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    await refuseRegistration(viewer, id, parsed.data.version, parsed.data.reason);
    return { ok: true as const, approved: null };
  } catch (e) {
    return answerRefusal(e, { values, form });
  }
}

function sizeLabel(bytes: number) {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function RegistrationPage() {
  const { registration: r } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const approveFailure = failureOf(actionData, "approve");
  const refuseFailure = failureOf(actionData, "refuse");
  const approved = actionData && "ok" in actionData && actionData.ok ? actionData.approved : null;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="muted small">
        <Link to="/registrations">企业注册审核</Link> ›
      </p>
      <div className="page-head">
        <h1>{r.name}</h1>
        <span className={`badge ${r.status === "PENDING" ? "yellow" : r.status === "APPROVED" ? "green" : "red"}`}>
          {REGISTRATION_STATUS_LABELS[r.status]}
        </span>
      </div>
      {approved ? (
        <section className="card" aria-labelledby="otp-title" role="status">
          <h2 id="otp-title">已通过，已开通企业账号 {approved.username}</h2>
          {approved.oneTimePassword ? (
            <>
              <p>
                一次性密码：<code data-testid="one-time-password">{approved.oneTimePassword}</code>
              </p>
              <p className="muted">
                此密码只显示这一次，请通过联系电话告知申请企业的联系人。企业首次登录后必须设置新密码。
              </p>
            </>
          ) : (
            <p>该表单重复提交，账号只开通了一个。一次性密码已在第一次提交时显示；如未记下，请由系统管理员重置密码。</p>
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="app-title">
        <h2 id="app-title">申请信息</h2>
        <dl className="fields">
          <dt>统一社会信用代码</dt>
          <dd>{r.creditCode}</dd>
          <dt>所在县区</dt>
          <dd>{r.county?.name ?? "市本级"}</dd>
          <dt>联系人</dt>
          <dd>{r.contactName}</dd>
          <dt>联系电话</dt>
          <dd>{r.phone}</dd>
          <dt>营业执照</dt>
          <dd>
            <a href={`/resources/registration-licence/${r.id}`}>{r.licenceName}</a>{" "}
            <span className="muted small">（{sizeLabel(r.licenceSize)}）</span>
          </dd>
          <dt>提交时间</dt>
          <dd>{formatChinaDateTime(r.submittedAt)}</dd>
          {r.status !== "PENDING" ? (
            <>
              <dt>处理</dt>
              <dd>
                {r.decidedBy?.displayName ?? "—"} · {formatChinaDateTime(r.decidedAt)}
              </dd>
            </>
          ) : null}
          {r.refusalReason ? (
            <>
              <dt>不予通过的理由</dt>
              <dd>{r.refusalReason}</dd>
            </>
          ) : null}
          {r.user ? (
            <>
              <dt>企业账号</dt>
              <dd>{r.user.username}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {r.status === "PENDING" ? (
        <>
          <section className="card" aria-labelledby="approve-title">
            <h2 id="approve-title">通过</h2>
            <p>
              {r.existingEnterprise ? (
                <>
                  企业库中已有该信用代码的企业「{r.existingEnterprise.name}」，通过后账号关联到该企业
                  {r.existingEnterprise.accounts > 0 ? "（该企业已有企业账号，不能再通过）" : ""}。
                </>
              ) : (
                <>企业库中尚无该信用代码的企业，通过后按申请信息登记该企业。</>
              )}
              同时开通企业账号，生成一次性密码，企业首次登录时须修改。
            </p>
            <FormError message={approveFailure?.formError ?? Object.values(approveFailure?.fieldErrors ?? {})[0]} />
            <Form method="post">
              <CreateToken />
              <input type="hidden" name="version" value={r.version} />
              <button type="submit" name="intent" value="approve" className="primary" disabled={busy}>
                通过并开通账号
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="refuse-title">
            <h2 id="refuse-title">不予通过</h2>
            <FormError message={refuseFailure?.formError ?? refuseFailure?.fieldErrors.version} />
            <Form method="post" noValidate>
              <input type="hidden" name="version" value={r.version} />
              <Field id="reason" label="理由" error={refuseFailure?.fieldErrors.reason} required>
                {(p) => (
                  <textarea
                    {...p}
                    name="reason"
                    rows={3}
                    maxLength={REFUSAL_REASON_MAX}
                    defaultValue={String(refuseFailure?.values?.reason ?? "")}
                  />
                )}
              </Field>
              <button type="submit" name="intent" value="refuse" disabled={busy}>
                不予通过
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
