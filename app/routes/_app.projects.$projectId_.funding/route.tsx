// 资金到位: the project's funding instalments (date, amount, source) and a form to add one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate, toIsoDate } from "~/domain/dates";
import { formatPercent, formatWan } from "~/domain/money";
import { fundingSchema } from "~/domain/progressForms";
import { FundingSourceInput } from "~/components/project/FundingSourceInput";
import { addFunding } from "~/models/progress.server";
import { requireProject } from "~/models/projectAccess.server";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `资金到位 · ${data?.project.name ?? "项目"}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project, canLog } = await requireProject(request, params.projectId, { write: false });
  const [rows, money] = await Promise.all([
    db.as(viewer).fundingRecord.findMany({
      where: { projectId: project.id },
      orderBy: [{ receivedOn: "desc" }, { id: "desc" }],
      select: {
        id: true,
        receivedOn: true,
        amount: true,
        source: true,
        note: true,
        // money paid out of a fund: its disbursement (拨付, docs/decisions/205)
        disbursement: {
          select: {
            voucherNo: true,
            application: { select: { id: true, fundId: true, fund: { select: { name: true } } } },
          },
        },
      },
    }),
    db.as(viewer).project.findUniqueOrThrow({ where: { id: project.id }, select: { contractAmount: true } }),
  ]);
  return {
    project,
    canLog,
    today: clockToday(),
    contractAmount: money.contractAmount,
    total: rows.reduce((s, r) => s + r.amount, 0),
    rows: rows.map(({ disbursement: d, ...r }) => ({
      ...r,
      receivedOn: toIsoDate(r.receivedOn),
      fund: d
        ? {
            href: `/funds/${d.application.fundId}/applications/${d.application.id}`,
            name: d.application.fund.name,
            voucherNo: d.voucherNo,
          }
        : null,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await requireProject(request, params.projectId, { write: true });
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(fundingSchema(clockToday()), raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    await addFunding(viewer, project.id, parsed.data, claimCreate(viewer, "FundingRecord", raw));
    return redirect(`/projects/${project.id}/funding`, {
      headers: await flash(request, `已登记资金到位 ${formatWan(parsed.data.amount)}`),
    });
  } catch (e) {
    return answerRefusal(e, { form: "funding", values: raw });
  }
}

export default function FundingPage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure("funding");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(fundingSchema(d.today), {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, { receivedOn: "", amount: "", source: "", note: "" }),
  });
  return (
    <>
      <ProjectWorkHeader project={d.project} title="资金到位" />
      {d.canLog ? (
        <section className="card" aria-labelledby="add-title">
          <h2 id="add-title">登记一笔到位资金</h2>
          <FormError message={fail?.formError} />
          <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
            <CreateToken />
            <Field id="f-receivedOn" label="到位日期" error={errorOf("receivedOn")} required>
              {(p) => <input type="date" max={d.today} {...p} {...field("receivedOn")} />}
            </Field>
            <Field id="f-amount" label="到位金额（万元）" error={errorOf("amount")} required>
              {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
            </Field>
            <Field id="f-source" label="资金来源" error={errorOf("source")} required>
              {(p) => <FundingSourceInput {...p} {...field("source")} />}
            </Field>
            <Field id="f-note" label="备注（凭证号等）" error={errorOf("note")}>
              {(p) => <input type="text" {...p} {...field("note")} />}
            </Field>
            <div className="form-actions span-all">
              <button type="submit" className="primary" disabled={busy}>
                登记到位资金
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">到位记录</h2>
        <p>
          累计到位 <strong>{formatWan(d.total)}</strong>
          {d.contractAmount
            ? `，签约额 ${formatWan(d.contractAmount)}，到位率 ${formatPercent(d.total, d.contractAmount)}`
            : ""}
        </p>
        {d.rows.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain">
              <caption className="sr-only">资金到位记录</caption>
              <thead>
                <tr>
                  <th scope="col">到位日期</th>
                  <th scope="col" className="num">
                    金额
                  </th>
                  <th scope="col">来源</th>
                  <th scope="col">备注</th>
                  <th scope="col">资金拨付</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.id} id={`funding-${r.id}`}>
                    <td className="nowrap">{formatChineseDate(r.receivedOn)}</td>
                    <td className="num">{formatWan(r.amount)}</td>
                    <td>{r.source}</td>
                    <td>{r.note ?? "—"}</td>
                    <td>
                      {r.fund ? (
                        <Link to={r.fund.href} aria-label={`拨付凭证 ${r.fund.voucherNo}（${r.fund.name}）`}>
                          拨付凭证 {r.fund.voucherNo}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂无资金到位记录。</p>
        )}
      </section>
    </>
  );
}
