// One 专项资金 (issue 18 §2, docs/decisions/205): the year's budget, commitments, disbursements and balance, the
// totals by use, the applications the viewer sees (a county its county's projects'), guarantees with their 代偿
// risk; a project's side applies here (with documents), the fund's managers set the year's budget (version-checked).
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
  FundApplyForm,
  FundBudgetForm,
  fundYear,
  GUARANTEE_RISK_LABELS,
  type FundUse,
  usesOf,
} from "~/domain/funds";
import { formatAmount, formatWan } from "~/domain/money";
import { canOpenPage } from "~/domain/pageRights";
import { canManageFunds, isReadOnly } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { applicableProjects, applyForFund, getFund, setBudget } from "~/models/fund.server";
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
  { title: `${data?.fund.name ?? "专项资金"} · 专项资金` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "funds");
  const today = clockToday();
  const year = fundYear(new URL(request.url).searchParams.get("year"), Number(today.slice(0, 4)));
  const fund = await getFund(viewer, idParam(params.fundId), year);
  if (!fund) notFound("未找到该资金");
  const currentYear = Number(today.slice(0, 4));
  return {
    fund,
    year,
    currentYear,
    canManage: canManageFunds(viewer),
    // a service team reads the fund but not the policy library: the policies' names without links
    canSeePolicies: canOpenPage(viewer, "policies"),
    // applications go to the current year's budget
    projects: year === currentYear ? await applicableProjects(viewer) : [],
    upload: { accept: ATTACHMENT_ACCEPT, maxFiles: MAX_FILES },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "funds");
  if (isReadOnly(viewer)) forbidden("市领导查阅专项资金，不办理申请和拨付");
  const fundId = idParam(params.fundId);
  let form: Awaited<ReturnType<typeof readMultipartForm>>;
  try {
    form = await readMultipartForm(request, "attachments");
  } catch (e) {
    return answerRefusal(e, { form: "apply" });
  }
  const values: Record<string, unknown> = form.fields;
  const intent = values.intent === "budget" ? "budget" : values.intent === "apply" ? "apply" : null;
  let stored: Awaited<ReturnType<typeof storeFiles>> = [];
  try {
    if (!intent) throw Refusal.form("未知的操作");
    if (intent === "budget") {
      if (!canManageFunds(viewer)) forbidden("只有投资促进局、市经信委和系统管理员可以设置年度预算");
      if (form.files.length) throw Refusal.fields({ attachments: "设置预算不能上传附件" });
      const parsed = parseWith(FundBudgetForm, values);
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
      await setBudget(viewer, fundId, parsed.data);
      return redirect(`/funds/${fundId}?year=${parsed.data.year}`, {
        headers: await flash(request, `已设置 ${parsed.data.year} 年度预算 ${formatWan(parsed.data.amount)}`),
      });
    }
    const parsed = parseWith(FundApplyForm, values);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const claim = claimCreate(viewer, "FundApplication", {
      ...values,
      attachments: form.files.map((f) => [f.name, f.bytes.byteLength]),
    });
    stored = await storeFiles(`funds/${clockNow().toISOString().slice(0, 4)}`, form.files);
    const id = await applyForFund(viewer, fundId, parsed.data, clockToday(), stored, claim);
    if (claim.replayed) await discardFiles(stored);
    return redirect(`/funds/${fundId}/applications/${id}`, { headers: await flash(request, "已提交资金申请") });
  } catch (e) {
    await discardFiles(stored);
    return answerRefusal(e, { form: intent ?? undefined, values });
  }
}

function Money({ wan }: { wan: number }) {
  return <span title={formatWan(wan)}>{formatAmount(wan)}</span>;
}

export default function FundPage() {
  const d = useLoaderData<typeof loader>();
  const f = d.fund;
  const s = f.summary;
  const guarantees = f.applications.filter((a) => a.use === "GUARANTEE" && a.status === "APPROVED");
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/funds?year=${d.year}`}>专项资金</Link> / {f.name}
      </p>
      <div className="page-head">
        <h1>{f.name}</h1>
        <span className="badge">{d.year} 年度</span>
        <div className="actions">
          {d.year > 2000 ? <Link to={`/funds/${f.id}?year=${d.year - 1}`}>{d.year - 1} 年度</Link> : null}
          {d.year !== d.currentYear ? <Link to={`/funds/${f.id}`}>本年度</Link> : null}
        </div>
      </div>
      {f.note ? <p className="muted">{f.note}</p> : null}
      {f.policies.length ? (
        <section className="card" aria-labelledby="fund-policies">
          <h2 id="fund-policies">依据政策</h2>
          <ul>
            {f.policies.map((p) => (
              <li key={p.id}>
                {d.canSeePolicies ? <Link to={`/policies/${p.id}`}>{p.title}</Link> : p.title}
                <span className="small muted">
                  {" "}
                  （{p.category}，{formatChineseDate(p.validFrom)} 至{" "}
                  {p.validTo ? formatChineseDate(p.validTo) : "长期"}）
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="fund-totals">
        <h2 id="fund-totals">资金概况</h2>
        <dl className="fields">
          <dt>年度预算</dt>
          <dd>{formatWan(s.budget)}</dd>
          <dt>已批复（承诺）</dt>
          <dd>{formatWan(s.committed)}</dd>
          <dt>已拨付</dt>
          <dd>{formatWan(s.disbursed)}</dd>
          <dt>余额</dt>
          <dd>
            <strong>{formatWan(s.balance)}</strong>
            <span className="muted small">（年度预算 − 已批复）</span>
          </dd>
          {s.guaranteed ? (
            <>
              <dt>在保额度</dt>
              <dd>
                {formatWan(s.guaranteed)}，其中有代偿风险 {formatWan(s.atRisk)}，已代偿 {formatWan(s.compensated)}
              </dd>
            </>
          ) : null}
        </dl>
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption>按用途</caption>
            <thead>
              <tr>
                <th scope="col">用途</th>
                <th scope="col" className="num">
                  批复项目
                </th>
                <th scope="col" className="num">
                  已批复
                </th>
                <th scope="col" className="num">
                  已拨付
                </th>
              </tr>
            </thead>
            <tbody>
              {f.uses.map((u) => (
                <tr key={u.use}>
                  <th scope="row">{u.label}</th>
                  <td className="num">{u.approved}</td>
                  <td className="num">
                    <Money wan={u.committed} />
                  </td>
                  <td className="num">{u.use === "GUARANTEE" ? "—" : <Money wan={u.disbursed} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="fund-apps">
        <h2 id="fund-apps">资金申请（{f.applications.length}）</h2>
        {f.applications.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain compact">
              <caption className="sr-only">{d.year} 年度资金申请</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">县区</th>
                  <th scope="col">用途</th>
                  <th scope="col">申请日期</th>
                  <th scope="col" className="num">
                    申请金额
                  </th>
                  <th scope="col">状态</th>
                  <th scope="col" className="num">
                    批复金额
                  </th>
                  <th scope="col" className="num">
                    已拨付
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.applications.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/funds/${f.id}/applications/${a.id}`}>{a.projectName}</Link>
                    </th>
                    <td>{a.county}</td>
                    <td>{FUND_USE_LABELS[a.use]}</td>
                    <td className="nowrap">{formatChineseDate(a.submittedOn)}</td>
                    <td className="num">
                      <Money wan={a.requestedAmount} />
                    </td>
                    <td>
                      <span className={`badge fund-${a.status}`}>{FUND_STATUS_LABELS[a.status]}</span>
                    </td>
                    <td className="num">{a.approvedAmount === null ? "—" : <Money wan={a.approvedAmount} />}</td>
                    <td className="num">{a.use === "GUARANTEE" ? "—" : <Money wan={a.disbursed} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">本年度暂无资金申请。</p>
        )}
      </section>
      {guarantees.length ? (
        <section className="card" aria-labelledby="fund-guarantees">
          <h2 id="fund-guarantees">融资担保（{guarantees.length}）</h2>
          <div {...TABLE_WRAP}>
            <table className="plain compact">
              <caption className="sr-only">在保项目及代偿风险</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">贷款银行</th>
                  <th scope="col" className="num">
                    担保额度
                  </th>
                  <th scope="col">担保到期日</th>
                  <th scope="col">代偿风险</th>
                  <th scope="col" className="num">
                    代偿金额
                  </th>
                </tr>
              </thead>
              <tbody>
                {guarantees.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">
                      <Link to={`/funds/${f.id}/applications/${g.id}`}>{g.projectName}</Link>
                    </th>
                    <td>{g.lender ?? "—"}</td>
                    <td className="num">
                      <Money wan={g.approvedAmount ?? 0} />
                    </td>
                    <td className="nowrap">{g.guaranteeEndsOn ? formatChineseDate(g.guaranteeEndsOn) : "—"}</td>
                    <td>
                      <span className={`badge risk-${g.risk ?? "NORMAL"}`}>
                        {GUARANTEE_RISK_LABELS[g.risk ?? "NORMAL"]}
                      </span>
                    </td>
                    <td className="num">{g.compensatedAmount ? <Money wan={g.compensatedAmount} /> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {d.projects.length ? <ApplyForm /> : null}
      {d.canManage ? <BudgetForm /> : null}
    </>
  );
}

function ApplyForm() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure("apply");
  const busy = useNavigation().state === "submitting";
  const uses = usesOf(d.fund.code);
  const { field, onSubmit, errorOf } = useZodForm(FundApplyForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "apply" as const,
      projectId: "",
      use: (uses.length === 1 ? uses[0] : "") as FundUse,
      requestedAmount: "",
      purpose: "",
    }),
  });
  return (
    <section className="card" aria-labelledby="fund-apply">
      <h2 id="fund-apply">申请资金</h2>
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <CreateToken />
        <input type="hidden" {...field("intent")} />
        <Field id="apply-project" label="申请项目" error={errorOf("projectId")} required>
          {(p) => (
            <select {...p} {...field("projectId")}>
              <option value="">请选择项目</option>
              {d.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="apply-use" label="资金用途" error={errorOf("use")} required>
          {(p) => (
            <select {...p} {...field("use")}>
              <option value="">请选择用途</option>
              {uses.map((u) => (
                <option key={u} value={u}>
                  {FUND_USE_LABELS[u]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="apply-amount" label="申请金额（万元）" error={errorOf("requestedAmount")} required>
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("requestedAmount")} />}
        </Field>
        <Field id="apply-purpose" label="资金用途说明" error={errorOf("purpose")} required className="span-all">
          {(p) => <textarea rows={3} maxLength={500} {...p} {...field("purpose")} />}
        </Field>
        <Field
          id="apply-files"
          label="申请材料"
          error={fail?.fieldErrors?.attachments}
          hint={`可选，最多 ${d.upload.maxFiles} 个，每个不超过 10MB（PDF、图片、Word、Excel）`}
          className="span-all"
        >
          {(p) => <input type="file" name="attachments" multiple accept={d.upload.accept} {...p} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            提交申请
          </button>
        </div>
      </Form>
    </section>
  );
}

function BudgetForm() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure("budget");
  const busy = useNavigation().state === "submitting";
  const current = d.fund.budgets.find((b) => b.year === d.year);
  const { field, onSubmit, errorOf } = useZodForm(FundBudgetForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      intent: "budget" as const,
      year: String(d.year),
      amount: current ? String(current.amount) : "",
      version: String(current?.version ?? 0),
    }),
  });
  return (
    <section className="card" aria-labelledby="fund-budget">
      <h2 id="fund-budget">年度预算</h2>
      {d.fund.budgets.length ? (
        <p>
          {d.fund.budgets.map((b) => (
            <span key={b.year} className="nowrap">
              {b.year} 年 {formatWan(b.amount)}；{" "}
            </span>
          ))}
        </p>
      ) : null}
      <ConflictNotice failure={fail} />
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
        <FormError message={fail?.formError} />
        <input type="hidden" {...field("intent")} />
        <input type="hidden" {...field("version")} />
        <input type="hidden" {...field("year")} />
        <Field id="budget-amount" label={`${d.year} 年度预算（万元）`} error={errorOf("amount")} required>
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存年度预算
          </button>
        </div>
      </Form>
    </section>
  );
}
