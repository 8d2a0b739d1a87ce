// One fund application (issue 18 §2, docs/decisions/205): 申请 → 审核 → 批复, then 拨付 (each disbursement is the
// project's funding record of that money, linked both ways) or, for a guarantee, its 代偿 risk; documents at every
// step. The fund's managers act (version-checked steps; a disbursement with a one-time token); the project's side
// adds documents; a project outside the viewer's scope is a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChineseDate } from "~/domain/dates";
import {
  FUND_STATUS_LABELS,
  FUND_USE_LABELS,
  FundApproveForm,
  FundDisburseForm,
  FundReviewForm,
  GUARANTEE_RISK_LABELS,
  GuaranteeStatusForm,
  isGuarantee,
} from "~/domain/funds";
import { formatWan } from "~/domain/money";
import { isReadOnly } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import {
  approveApplication,
  attachToApplication,
  disburse,
  getApplication,
  reviewApplication,
  updateGuarantee,
} from "~/models/fund.server";
import { ATTACHMENT_ACCEPT, discardFiles, MAX_FILES, readMultipartForm, storeFiles } from "~/utils/attachments.server";
import { requirePage } from "~/utils/auth.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `资金申请 · ${data?.app.project.name ?? ""} · 专项资金` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "funds");
  const app = await getApplication(viewer, idParam(params.fundId), idParam(params.applicationId));
  if (!app) notFound("未找到该资金申请，或您无权查看");
  return { app, today: clockToday(), upload: { accept: ATTACHMENT_ACCEPT, maxFiles: MAX_FILES } };
}

const INTENTS = ["review", "approve", "disburse", "guarantee", "attach"] as const;
type Intent = (typeof INTENTS)[number];

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "funds");
  if (isReadOnly(viewer)) forbidden("市领导查阅专项资金，不办理申请和拨付");
  const fundId = idParam(params.fundId);
  const id = idParam(params.applicationId);
  // another county's application is not found, whatever was posted
  if (!(await getApplication(viewer, fundId, id))) notFound("未找到该资金申请，或您无权查看");
  let form: Awaited<ReturnType<typeof readMultipartForm>>;
  try {
    form = await readMultipartForm(request, "attachments");
  } catch (e) {
    return answerRefusal(e);
  }
  const values: Record<string, unknown> = form.fields;
  const intent = (INTENTS as readonly string[]).includes(String(values.intent)) ? (values.intent as Intent) : null;
  const today = clockToday();
  let stored: Awaited<ReturnType<typeof storeFiles>> = [];
  const store = async () => (stored = await storeFiles(`funds/${clockNow().toISOString().slice(0, 4)}`, form.files));
  try {
    if (!intent) throw Refusal.form("未知的操作");
    let message: string;
    if (intent === "review") {
      const p = parseWith(FundReviewForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      if (form.files.length) throw Refusal.fields({ attachments: "审核不能上传附件，请在「补充材料」中上传" });
      await reviewApplication(viewer, id, p.data, today);
      message = p.data.outcome === "pass" ? "已审核通过，待批复" : "已审核：不予支持";
    } else if (intent === "approve") {
      const p = parseWith(FundApproveForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      await approveApplication(viewer, id, p.data, today, await store());
      message = `已批复 ${formatWan(p.data.approvedAmount)}`;
    } else if (intent === "disburse") {
      const p = parseWith(FundDisburseForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      const claim = claimCreate(viewer, "FundDisbursement", {
        ...values,
        attachments: form.files.map((f) => [f.name, f.bytes.byteLength]),
      });
      await disburse(viewer, id, p.data, today, claim, await store());
      if (claim.replayed) await discardFiles(stored);
      message = `已拨付 ${formatWan(p.data.amount)}，已记入项目资金到位`;
    } else if (intent === "guarantee") {
      const p = parseWith(GuaranteeStatusForm, values);
      if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
      await updateGuarantee(viewer, id, p.data);
      message = "已更新担保状态";
    } else {
      await attachToApplication(viewer, fundId, id, await store());
      message = `已上传 ${stored.length} 个文件`;
    }
    return redirect(`/funds/${fundId}/applications/${id}`, { headers: await flash(request, message) });
  } catch (e) {
    await discardFiles(stored);
    return answerRefusal(e, { form: intent ?? undefined, values });
  }
}

export default function FundApplicationPage() {
  const { app: a } = useLoaderData<typeof loader>();
  const guarantee = isGuarantee(a.use);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/funds">专项资金</Link> / <Link to={`/funds/${a.fund.id}?year=${a.year}`}>{a.fund.name}</Link> /
        资金申请
      </p>
      <div className="page-head">
        <h1>{a.project.name}</h1>
        <span className="badge">{FUND_USE_LABELS[a.use]}</span>
        <span className={`badge fund-${a.status}`}>{FUND_STATUS_LABELS[a.status]}</span>
      </div>
      <section className="card" aria-labelledby="app-facts">
        <h2 id="app-facts">申请信息</h2>
        <dl className="fields">
          <dt>项目</dt>
          <dd>
            <Link to={`/projects/${a.project.id}`}>{a.project.name}</Link>（{a.project.county}）
          </dd>
          <dt>资金</dt>
          <dd>
            {a.fund.name}（{a.year} 年度）
          </dd>
          <dt>申请金额</dt>
          <dd>{formatWan(a.requestedAmount)}</dd>
          <dt>资金用途说明</dt>
          <dd className="pre-wrap">{a.purpose}</dd>
          <dt>申请</dt>
          <dd>
            {formatChineseDate(a.submittedOn)} {a.submittedBy ?? ""}
          </dd>
          <dt>审核</dt>
          <dd>
            {a.reviewedOn ? `${formatChineseDate(a.reviewedOn)} ${a.reviewedBy ?? ""}` : "待审核"}
            {a.reviewNote ? `：${a.reviewNote}` : ""}
          </dd>
          <dt>{guarantee ? "担保额度" : "批复金额"}</dt>
          <dd>
            {a.approvedAmount === null
              ? "—"
              : `${formatWan(a.approvedAmount)}（${a.approvalNo ?? ""}，${formatChineseDate(a.approvedOn)} ${a.approvedBy ?? ""}）`}
          </dd>
          {guarantee ? (
            <>
              <dt>贷款银行</dt>
              <dd>{a.lender ?? "—"}</dd>
              <dt>担保到期日</dt>
              <dd>{a.guaranteeEndsOn ? formatChineseDate(a.guaranteeEndsOn) : "—"}</dd>
              <dt>代偿风险</dt>
              <dd>
                {a.risk ? GUARANTEE_RISK_LABELS[a.risk] : "—"}
                {a.compensatedAmount ? `，已代偿 ${formatWan(a.compensatedAmount)}` : ""}
              </dd>
            </>
          ) : (
            <>
              <dt>已拨付</dt>
              <dd>
                {formatWan(a.disbursed)}
                {a.approvedAmount !== null ? `，待拨付 ${formatWan(a.approvedAmount - a.disbursed)}` : ""}
              </dd>
            </>
          )}
        </dl>
      </section>
      {!guarantee ? <Disbursements /> : null}
      <Documents />
      {a.canManage && a.status === "SUBMITTED" ? <ReviewForm /> : null}
      {a.canManage && a.status === "REVIEWED" ? <ApproveForm /> : null}
      {a.canManage && a.status === "APPROVED" && !guarantee && a.approvedAmount! > a.disbursed ? (
        <DisburseForm />
      ) : null}
      {a.canManage && a.status === "APPROVED" && guarantee ? <GuaranteeForm /> : null}
    </>
  );
}

function Disbursements() {
  const { app: a } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="app-disb">
      <h2 id="app-disb">拨付记录（{a.disbursements.length}）</h2>
      {a.disbursements.length ? (
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption className="sr-only">拨付记录</caption>
            <thead>
              <tr>
                <th scope="col">拨付日期</th>
                <th scope="col" className="num">
                  金额
                </th>
                <th scope="col">凭证号</th>
                <th scope="col">项目资金到位</th>
                <th scope="col">备注</th>
              </tr>
            </thead>
            <tbody>
              {a.disbursements.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{formatChineseDate(d.paidOn)}</td>
                  <td className="num">{formatWan(d.amount)}</td>
                  <td>{d.voucherNo}</td>
                  <td>
                    <Link to={`/projects/${a.project.id}/funding#funding-${d.fundingRecordId}`}>
                      到位记录（{formatChineseDate(d.receivedOn)}）
                    </Link>
                  </td>
                  <td>{d.note ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">尚未拨付。</p>
      )}
    </section>
  );
}

function Documents() {
  const { app: a, upload } = useLoaderData<typeof loader>();
  const fail = useFailure("attach");
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="app-docs">
      <h2 id="app-docs">申请材料（{a.attachments.length}）</h2>
      {a.attachments.length ? (
        <ul>
          {a.attachments.map((f) => (
            <li key={f.id}>
              <a href={`/resources/attachments/${f.id}`} download>
                {f.fileName}
              </a>{" "}
              <span className="muted small">{Math.max(1, Math.round(f.size / 1024))} KB</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">暂无材料。</p>
      )}
      {a.canAttach ? (
        <Form method="post" encType="multipart/form-data" className="form-grid">
          <FormError message={fail?.formError} />
          <input type="hidden" name="intent" value="attach" />
          <Field
            id="attach-files"
            label="补充材料"
            error={fail?.fieldErrors?.attachments}
            hint={`最多 ${upload.maxFiles} 个，每个不超过 10MB（PDF、图片、Word、Excel）`}
          >
            {(p) => <input type="file" name="attachments" multiple accept={upload.accept} {...p} />}
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              上传材料
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function FilesField({ id, error }: { id: string; error?: string }) {
  const { upload } = useLoaderData<typeof loader>();
  return (
    <Field id={id} label="附件" error={error} hint="可选：批复文件、拨付凭证等" className="span-all">
      {(p) => <input type="file" name="attachments" multiple accept={upload.accept} {...p} />}
    </Field>
  );
}

function ReviewForm() {
  const { app: a } = useLoaderData<typeof loader>();
  const fail = useFailure("review");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(FundReviewForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "review" as const,
      version: String(a.version),
      outcome: "pass" as const,
      reviewNote: "",
    }),
  });
  return (
    <section className="card" aria-labelledby="app-review">
      <h2 id="app-review">审核</h2>
      <ConflictNotice failure={fail} />
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("version")} />
        <fieldset className="span-all">
          <legend>审核结果</legend>
          <label>
            <input type="radio" {...field("outcome", { type: "radio", value: "pass" })} /> 审核通过，报送批复
          </label>{" "}
          <label>
            <input type="radio" {...field("outcome", { type: "radio", value: "reject" })} /> 不予支持
          </label>
          {errorOf("outcome") ? <span className="field-error">{errorOf("outcome")}</span> : null}
        </fieldset>
        <Field id="review-note" label="审核意见" error={errorOf("reviewNote")} className="span-all">
          {(p) => <textarea rows={2} maxLength={500} {...p} {...field("reviewNote")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            提交审核意见
          </button>
        </div>
      </Form>
    </section>
  );
}

function ApproveForm() {
  const { app: a, today } = useLoaderData<typeof loader>();
  const fail = useFailure("approve");
  const busy = useNavigation().state === "submitting";
  const guarantee = isGuarantee(a.use);
  const { field, onSubmit, errorOf } = useZodForm(FundApproveForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "approve" as const,
      version: String(a.version),
      approvedAmount: String(a.requestedAmount),
      approvedOn: today,
      approvalNo: "",
      lender: "",
      guaranteeEndsOn: "",
    }),
  });
  return (
    <section className="card" aria-labelledby="app-approve">
      <h2 id="app-approve">批复</h2>
      <ConflictNotice failure={fail} />
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("version")} />
        <Field
          id="approve-amount"
          label={guarantee ? "担保额度（万元）" : "批复金额（万元）"}
          error={errorOf("approvedAmount")}
          required
        >
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("approvedAmount")} />}
        </Field>
        <Field id="approve-on" label="批复日期" error={errorOf("approvedOn")} required>
          {(p) => <input type="date" max={today} {...p} {...field("approvedOn")} />}
        </Field>
        <Field id="approve-no" label="批复文号" error={errorOf("approvalNo")} required>
          {(p) => <input type="text" maxLength={60} {...p} {...field("approvalNo")} />}
        </Field>
        {guarantee ? (
          <>
            <Field id="approve-lender" label="贷款银行" error={errorOf("lender")} required>
              {(p) => <input type="text" maxLength={60} {...p} {...field("lender")} />}
            </Field>
            <Field id="approve-ends" label="担保到期日" error={errorOf("guaranteeEndsOn")} required>
              {(p) => <input type="date" {...p} {...field("guaranteeEndsOn")} />}
            </Field>
          </>
        ) : null}
        <FilesField id="approve-files" error={fail?.fieldErrors?.attachments} />
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            批复
          </button>
        </div>
      </Form>
    </section>
  );
}

function DisburseForm() {
  const { app: a, today } = useLoaderData<typeof loader>();
  const fail = useFailure("disburse");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(FundDisburseForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "disburse" as const,
      paidOn: today,
      amount: String((a.approvedAmount ?? 0) - a.disbursed),
      voucherNo: "",
      fundingRecordId: "",
      note: "",
    }),
  });
  return (
    <section className="card" aria-labelledby="app-disburse">
      <h2 id="app-disburse">拨付</h2>
      <p className="muted small">拨付即记入项目的资金到位；项目已登记过这笔到位资金时，选择该记录关联即可。</p>
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <CreateToken />
        <input type="hidden" {...field("intent")} />
        <Field id="disb-on" label="拨付日期" error={errorOf("paidOn")} required>
          {(p) => <input type="date" max={today} {...p} {...field("paidOn")} />}
        </Field>
        <Field id="disb-amount" label="拨付金额（万元）" error={errorOf("amount")} required>
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
        </Field>
        <Field id="disb-voucher" label="拨付凭证号" error={errorOf("voucherNo")} required>
          {(p) => <input type="text" maxLength={60} {...p} {...field("voucherNo")} />}
        </Field>
        <Field id="disb-record" label="关联已登记的到位记录" error={errorOf("fundingRecordId")}>
          {(p) => (
            <select {...p} {...field("fundingRecordId")}>
              <option value="">不关联，新建到位记录</option>
              {a.linkable.map((f) => (
                <option key={f.id} value={f.id}>
                  {formatChineseDate(f.receivedOn)} {formatWan(f.amount)}（{f.source}）
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="disb-note" label="备注" error={errorOf("note")} className="span-all">
          {(p) => <input type="text" maxLength={300} {...p} {...field("note")} />}
        </Field>
        <FilesField id="disb-files" error={fail?.fieldErrors?.attachments} />
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            登记拨付
          </button>
        </div>
      </Form>
    </section>
  );
}

function GuaranteeForm() {
  const { app: a } = useLoaderData<typeof loader>();
  const fail = useFailure("guarantee");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(GuaranteeStatusForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "guarantee" as const,
      version: String(a.version),
      risk: a.risk ?? "NORMAL",
      compensatedAmount: String(a.compensatedAmount),
    }),
  });
  return (
    <section className="card" aria-labelledby="app-guarantee">
      <h2 id="app-guarantee">担保状态</h2>
      <ConflictNotice failure={fail} />
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("version")} />
        <Field id="g-risk" label="代偿风险" error={errorOf("risk")} required>
          {(p) => (
            <select {...p} {...field("risk")}>
              {Object.entries(GUARANTEE_RISK_LABELS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="g-comp" label="代偿金额（万元）" error={errorOf("compensatedAmount")} required>
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("compensatedAmount")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            保存担保状态
          </button>
        </div>
      </Form>
    </section>
  );
}
