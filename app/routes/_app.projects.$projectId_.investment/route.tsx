// 月度完成投资: one value per project and month. A first report creates it; reporting the same month again is
// a correction (version-checked, before/after audited). `?month=YYYY-MM` opens a month for correction.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatPercent, formatWan } from "~/domain/money";
import { investmentSchema } from "~/domain/progressForms";
import { saveInvestment } from "~/models/progress.server";
import { requireProject } from "~/models/projectAccess.server";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { answerRefusal, showValue } from "~/utils/refusal.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `月度完成投资 · ${data?.project.name ?? "项目"}` },
];

const ym = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project, canLog } = await requireProject(request, params.projectId, { write: false });
  const today = clockToday();
  const [rows, p] = await Promise.all([
    db.as(viewer).investmentRecord.findMany({
      where: { projectId: project.id },
      orderBy: [{ year: "desc" }, { month: "desc" }],
      select: { id: true, year: true, month: true, amount: true, note: true, version: true, updatedAt: true },
    }),
    db.as(viewer).project.findUniqueOrThrow({
      where: { id: project.id },
      select: { annualPlanInvestment: true, planYear: true },
    }),
  ]);
  const asked = new URL(request.url).searchParams.get("month");
  const selected =
    asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && asked <= today.slice(0, 7) ? asked : today.slice(0, 7);
  const records = rows.map((r) => ({
    id: r.id,
    month: ym(r.year, r.month),
    amount: r.amount,
    note: r.note,
    version: r.version,
  }));
  return {
    project,
    canLog,
    today,
    selected,
    records,
    planYear: p.planYear,
    annualPlan: p.annualPlanInvestment,
    planYearDone: rows.filter((r) => r.year === p.planYear).reduce((s, r) => s + r.amount, 0),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await requireProject(request, params.projectId, { write: true });
  const raw = formDataToObject(await request.formData());
  const parsed = parseWith(investmentSchema(clockToday()), raw);
  try {
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const r = await saveInvestment(viewer, project.id, parsed.data);
    const [y, m] = parsed.data.month.split("-").map(Number);
    const msg = r.unchanged
      ? "数值没有变化，未保存"
      : r.created
        ? `已填报${y}年${m}月完成投资`
        : `已更正${y}年${m}月完成投资`;
    return redirect(`/projects/${project.id}/investment`, { headers: await flash(request, msg) });
  } catch (e) {
    return answerRefusal(e, {
      form: "investment",
      values: raw,
      describeConflict: (current) => [
        {
          field: "amount",
          label: "完成投资（万元）",
          theirs: showValue(current?.amount),
          yours: String(parsed.success ? parsed.data.amount : ""),
        },
        {
          field: "note",
          label: "备注",
          theirs: showValue(current?.note),
          yours: showValue(parsed.success ? parsed.data.note : null),
        },
      ],
    });
  }
}

export default function InvestmentPage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure("investment");
  const busy = useNavigation().state === "submitting";
  const recordOf = (month: string) => d.records.find((r) => r.month === month);
  const initial = recordOf(d.selected);
  const { field, onSubmit, errorOf, watch, setValue } = useZodForm(investmentSchema(d.today), {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      month: d.selected,
      amount: initial ? String(initial.amount) : "",
      note: initial?.note ?? "",
      version: String(initial?.version ?? 0),
    }),
  });
  const month = watch("month");
  const existing = recordOf(month);
  useEffect(() => {
    // Picking a month that already has a value turns the form into its correction.
    const r = recordOf(month);
    setValue("version", String(r?.version ?? 0));
    if (r) {
      setValue("amount", String(r.amount));
      setValue("note", r.note ?? "");
    }
  }, [month]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <ProjectWorkHeader project={d.project} title="月度完成投资" />
      {d.canLog ? (
        <section className="card" aria-labelledby="inv-form-title">
          <h2 id="inv-form-title">{existing ? "更正月度完成投资" : "填报月度完成投资"}</h2>
          <p className="muted small">每个项目每月一个数值；再次填报同一月份即为更正，原值和修改人记入变更历史。</p>
          <ConflictNotice failure={fail} />
          <FormError message={fail && !fail.conflict ? fail.formError : null} />
          <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
            <input type="hidden" {...field("version")} />
            <Field id="i-month" label="月份" error={errorOf("month")} required>
              {(p) => <input type="month" max={d.today.slice(0, 7)} {...p} {...field("month")} />}
            </Field>
            <Field
              id="i-amount"
              label="当月完成投资（万元）"
              hint={existing ? `原填报 ${formatWan(existing.amount)}` : undefined}
              error={errorOf("amount")}
              required
            >
              {(p) => <input type="text" inputMode="numeric" {...p} {...field("amount")} />}
            </Field>
            <Field id="i-note" label={existing ? "更正说明" : "备注"} error={errorOf("note")}>
              {(p) => <input type="text" {...p} {...field("note")} />}
            </Field>
            <div className="form-actions span-all">
              <button type="submit" className="primary" disabled={busy}>
                {existing ? "保存更正" : "保存"}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="inv-list-title">
        <h2 id="inv-list-title">已填报月份</h2>
        {d.annualPlan ? (
          <p>
            {d.planYear} 年计划投资 {formatWan(d.annualPlan)}，已完成 {formatWan(d.planYearDone)}（
            {formatPercent(d.planYearDone, d.annualPlan)}）
          </p>
        ) : null}
        {d.records.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain">
              <caption className="sr-only">月度完成投资</caption>
              <thead>
                <tr>
                  <th scope="col">月份</th>
                  <th scope="col" className="num">
                    完成投资
                  </th>
                  <th scope="col">备注</th>
                  {d.canLog ? <th scope="col">操作</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.records.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {r.month.slice(0, 4)}年{Number(r.month.slice(5))}月
                    </td>
                    <td className="num">{formatWan(r.amount)}</td>
                    <td>{r.note ?? "—"}</td>
                    {d.canLog ? (
                      <td>
                        <Link to={`?month=${r.month}`} preventScrollReset reloadDocument>
                          更正<span className="sr-only">{r.month}</span>
                        </Link>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂无月度投资记录。</p>
        )}
      </section>
    </>
  );
}
