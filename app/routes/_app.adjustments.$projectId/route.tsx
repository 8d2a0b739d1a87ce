import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChineseDate, isIsoDate } from "~/domain/dates";
import { MILESTONE_LABELS, POOL_LABELS } from "~/domain/labels";
import { formatAmount, formatWan } from "~/domain/money";
import { canAdjustPlan } from "~/domain/permissions";
import { MOVE_LABELS } from "~/domain/planAdjustment";
import { adjustmentCandidate, adjustPlan } from "~/models/planAdjustment.server";
import { requirePage } from "~/utils/auth.server";
import { answerRefusal } from "~/utils/refusal.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { AdjustForm } from "./AdjustForm";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `调整：${data?.candidate.project.name ?? "项目"} · 重点项目动态调整` },
];

const NOT_ADJUSTABLE = "该项目不在年度转型项目计划或预备项目库中，不能调整";

function asOfParam(request: Request) {
  const a = new URL(request.url).searchParams.get("asOf");
  return a && isIsoDate(a) ? a : undefined;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "adjustments");
  const candidate = await adjustmentCandidate(viewer, idParam(params.projectId), asOfParam(request));
  if (!candidate) notFound(NOT_ADJUSTABLE);
  return { candidate, canAdjust: canAdjustPlan(viewer), today: clockToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adjustments");
  const id = idParam(params.projectId);
  if (!canAdjustPlan(viewer)) forbidden("只有市投资促进局和系统管理员可以调整年度计划");
  const parsed = parseWith(AdjustForm, formDataToObject(await request.formData()));
  if (!parsed.success) {
    return answerRefusal(
      Refusal.fields(parsed.fieldErrors, parsed.fieldErrors.version ? "表单已过期，请刷新页面后重试" : null),
    );
  }
  const f = parsed.data;
  try {
    if (f.decidedOn > clockToday()) throw Refusal.fields({ decidedOn: "决定日期不能晚于今天" });
    const done = await adjustPlan(viewer, {
      projectId: id,
      toPool: f.toPool,
      reason: f.reason,
      decidedOn: f.decidedOn,
      version: f.version,
    });
    if (!done) notFound(NOT_ADJUSTABLE);
    const back = `/adjustments?year=${done.project.planYear}${f.asOf && isIsoDate(f.asOf) ? `&asOf=${f.asOf}` : ""}`;
    return redirect(back, { headers: await flash(request, `已将“${done.project.name}”${MOVE_LABELS[f.toPool]}`) });
  } catch (err) {
    return answerRefusal(err, {
      describeConflict: (current) => {
        const cur = current as { pool?: keyof typeof POOL_LABELS } | null;
        return {
          message: "保存前该项目已被他人修改，本次调整未保存。请查看最新情况后重新操作。",
          changed: [
            {
              field: "pool",
              label: "项目库",
              theirs: cur?.pool ? POOL_LABELS[cur.pool] : "—",
              yours: MOVE_LABELS[f.toPool],
            },
          ],
        };
      },
    });
  }
}

export default function AdjustProjectPage() {
  const { candidate, canAdjust, today } = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const busy = useNavigation().state !== "idle";
  const { project: p, now, moves, asOf } = candidate;
  const { register, onSubmit, errorOf, watch } = useZodForm(AdjustForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: {
      toPool: moves[0].to,
      reason: "",
      decidedOn: asOf < today ? asOf : today,
      version: p.version,
      asOf,
    },
  });
  const chosen = watch("toPool") ?? moves[0].to;
  const conflict = actionData?.conflict ?? null;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/adjustments?year=${p.planYear}&asOf=${asOf}`}>重点项目动态调整</Link> / {p.code}
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        <span className="badge">{POOL_LABELS[p.pool]}</span>
        <StageBadge stage={p.stage} />
      </div>

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">项目情况（截至 {formatChineseDate(asOf)}）</h2>
        <dl className="fields">
          <dt>县区</dt>
          <dd>{p.county}</dd>
          <dt>年度计划投资</dt>
          <dd>{formatWan(p.annualPlanInvestment)}</dd>
          <dt>总投资</dt>
          <dd>{formatAmount(p.totalInvestment)}</dd>
          <dt>进度</dt>
          <dd>
            {p.lag.level === "none" ? (
              "按计划推进"
            ) : (
              <span className={`badge ${p.lag.level}`}>
                {p.lag.level === "red" ? "严重滞后" : "滞后"}：{MILESTONE_LABELS[p.lag.stage!]}计划{" "}
                {formatChineseDate(p.lag.plannedOn)}
              </span>
            )}
            {p.pool === "RESERVE" ? (
              <div className="small">{p.ready ? "已签约并落地，具备调入条件" : "尚未签约或尚未落地"}</div>
            ) : null}
          </dd>
          <dt>项目详情</dt>
          <dd>
            <Link to={`/projects/${p.id}`}>查看项目</Link>
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="effect-title">
        <h2 id="effect-title">{p.planYear} 年度计划调整前后</h2>
        <table className="plain compare-table">
          <caption className="sr-only">调整前后的项目个数和年度计划投资</caption>
          <thead>
            <tr>
              <th scope="col">调整方式</th>
              <th scope="col" className="num">
                项目个数
              </th>
              <th scope="col" className="num">
                年度计划投资
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">调整前（当前计划）</th>
              <td className="num">{now.count} 个</td>
              <td className="num">{formatAmount(now.annual)}</td>
            </tr>
            {moves.map((m) => (
              <tr key={m.to} className={m.to === chosen ? "chosen" : undefined}>
                <th scope="row">调整后：{MOVE_LABELS[m.to]}</th>
                <td className="num">{m.after.count} 个</td>
                <td className="num">{formatAmount(m.after.annual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {canAdjust ? (
        <section className="card" aria-labelledby="form-title">
          <h2 id="form-title">调整</h2>
          {conflict ? (
            <div className="form-error" role="alert">
              <p>{conflict.message}</p>
              <ul>
                {conflict.changed.map((c) => (
                  <li key={c.field}>
                    {c.label}：他人已改为“{c.theirs}”（您要做的是“{c.yours}”）
                  </li>
                ))}
              </ul>
              <p>
                <Link to={`/adjustments/${p.id}?asOf=${asOf}`} reloadDocument>
                  刷新查看最新情况
                </Link>
              </p>
            </div>
          ) : (
            <FormError message={actionData?.formError} />
          )}
          <Form method="post" onSubmit={onSubmit} noValidate className="form-stack">
            <input type="hidden" {...register("version")} />
            <input type="hidden" {...register("asOf")} />
            <fieldset className="field">
              <legend className="label">调整方式</legend>
              {moves.map((m) => (
                <label key={m.to} className="checkbox">
                  <input type="radio" value={m.to} {...register("toPool")} />
                  {MOVE_LABELS[m.to]}
                </label>
              ))}
              {errorOf("toPool") ? (
                <span className="field-error" role="alert">
                  {errorOf("toPool")}
                </span>
              ) : null}
            </fieldset>
            <Field
              id="reason"
              label="调整理由"
              error={errorOf("reason")}
              required
              hint="说明项目推进情况和调整依据，将记入调整记录"
            >
              {(fp) => <textarea rows={4} maxLength={500} {...fp} {...register("reason")} />}
            </Field>
            <Field id="decidedOn" label="决定日期" error={errorOf("decidedOn")} required>
              {(fp) => <input type="date" max={today} {...fp} {...register("decidedOn")} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy}>
                {busy ? "正在保存…" : `确认${MOVE_LABELS[chosen]}`}
              </button>
              <Link className="button" to={`/adjustments?year=${p.planYear}&asOf=${asOf}`}>
                返回
              </Link>
            </div>
          </Form>
        </section>
      ) : (
        <p className="card muted">您的账号可以查看调整情况，调入、调出由市投资促进局办理。</p>
      )}
    </>
  );
}
