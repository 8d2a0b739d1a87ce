import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { exactKpiText, RagBadge } from "~/components/kpi/KpiCardView";
import { PeriodForm } from "~/components/kpi/PeriodForm";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { KPI_METRICS, SCORE_COMPLETION_CAP, type KpiCard, type KpiMetric } from "~/domain/kpi";
import { TARGET_METRIC_LABELS } from "~/domain/labels";
import { formatPct, wanToYiString } from "~/domain/money";
import { canManageTargets } from "~/domain/permissions";
import { RankingWeightsForm } from "~/domain/rankingForm";
import { parseReportQuery } from "~/domain/reportQuery.server";
import { saveRankingWeights } from "~/models/target.server";
import { presentRanking } from "~/presenters/RankingPresenter.server";
import { requirePage, requireUser } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { parseForm } from "~/utils/form.server";
import { forbidden } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "考核排名 · 晋中市招商引资与转型项目管理平台" }];

/** What a KPI cell shows: the value, its exact figure (title) and the completion. */
type ShownCard = Pick<KpiCard, "metric" | "kind" | "value" | "fraction" | "ratePct" | "completionPct">;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "ranking");
  const d = await presentRanking(
    db.as(viewer),
    viewer,
    parseReportQuery(new URL(request.url).searchParams),
    clockToday(),
  );
  // Only what the table shows: turbo-stream encodes everything a loader returns, and each row's aggregates and the
  // cards' unshown fields (target, expected and behind points, RAG) were two thirds of a 120-county page's loader
  // data (docs/decisions/280).
  const rows = d.rows.map((r) => ({
    county: { id: r.county.id, name: r.county.name },
    rank: r.rank,
    prevRank: r.prevRank,
    change: r.change,
    score: r.score,
    scoreRag: r.scoreRag,
    cards: Object.fromEntries(
      KPI_METRICS.map((m) => {
        const c = r.cards[m];
        const shown: ShownCard = {
          metric: c.metric,
          kind: c.kind,
          value: c.value,
          fraction: c.fraction,
          ratePct: c.ratePct,
          completionPct: c.completionPct,
        };
        return [m, shown];
      }),
    ) as Record<KpiMetric, ShownCard>,
  }));
  return { ...d, rows };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  if (!canManageTargets(viewer)) forbidden("只有投资促进局可以调整考核权重");
  const parsed = await parseForm(request, RankingWeightsForm);
  if (!parsed.success) return answerRefusal(Refusal.fields(parsed.fieldErrors, "请修改标出的权重"));
  const saved = await saveRankingWeights(viewer, parsed.data.version, parsed.data);
  if (!saved) return answerRefusal(Refusal.conflict({ message: "考核权重已被他人修改，请刷新页面后再调整。" }));
  const url = new URL(request.url);
  return redirect(`/reports/ranking${url.search}`, {
    headers: await flash(request, "考核权重已保存，排名已按新权重计算"),
  });
}

function KpiCell({ card }: { card: ShownCard }) {
  const value = card.kind === "amount" ? `${wanToYiString(card.value ?? 0, 2)}亿` : formatPct(card.ratePct);
  return (
    <td className="num">
      <span title={exactKpiText(card)}>{value}</span>
      <div className="muted small">{`完成 ${formatPct(card.completionPct)}`}</div>
    </td>
  );
}

export default function Ranking() {
  const d = useLoaderData<typeof loader>();
  const weightText = KPI_METRICS.map((m) => `${TARGET_METRIC_LABELS[m]} ${d.weights[m]}`).join("、");
  return (
    <>
      <div className="page-head">
        <h1>县区考核排名</h1>
        <span className="muted">
          {d.year}年度 · 截至{formatChineseDate(d.asOf)}
          {d.prevAsOf ? ` · 名次变化对比${formatChineseDate(d.prevAsOf)}` : ""}
        </span>
      </div>
      <PeriodForm year={d.year} asOf={d.asOf} years={d.years} />
      {d.isCounty && d.rows[0] ? (
        <p className="notice">
          本县区在 {d.ranked} 个参评县区（含开发区）中排名第 {d.rows[0].rank ?? "—"}{" "}
          位。其他县区的数据由市投资促进局通报。
        </p>
      ) : null}
      <div {...TABLE_WRAP}>
        <table className="plain ranking">
          <caption className="sr-only">县区考核排名</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                排名
              </th>
              <th scope="col">变化</th>
              <th scope="col">县区</th>
              {KPI_METRICS.map((m) => (
                <th key={m} scope="col" className="num">
                  {TARGET_METRIC_LABELS[m]}
                  <div className="muted small">权重 {d.weights[m]}</div>
                </th>
              ))}
              <th scope="col" className="num">
                综合得分
              </th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.county.id}>
                <td className="num rank">{r.rank ?? "—"}</td>
                <td>
                  <Change change={r.change} prevRank={r.prevRank} />
                </td>
                <th scope="row">
                  <Link to={`/?county=${r.county.id}&year=${d.year}&asOf=${d.asOf}`}>{r.county.name}</Link>
                </th>
                {KPI_METRICS.map((m) => (
                  <KpiCell key={m} card={r.cards[m]} />
                ))}
                <td className="num">
                  <strong>{r.score === null ? "—" : r.score.toFixed(1)}</strong>
                  <div>
                    <RagBadge card={{ kind: "amount", rag: r.scoreRag }} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="method-title">
        <h2 id="method-title">计分方法</h2>
        <p className="small">
          每项指标按“完成进度”计分：金额指标（引资总额、转型项目完成投资）= 完成额 ÷（县区年度目标 ×
          序时进度），比率指标 = 实际比率 ÷ 目标比率；单项最高按 {SCORE_COMPLETION_CAP}% 计。综合得分 =
          各项完成进度按权重加权平均（未设目标或无数据的指标不参与，其余权重按比例放大）。
          按《政府工作报告》“重点考核签约项目开工率、资金到位率，并加大考核权重”，默认开工率、资金到位率权重最高。当前权重：
          {weightText}。
        </p>
        <p className="small muted">
          与各项指标的标色规则一致：得分 90 以上为进度正常，70–90 为落后，低于 70 为严重落后。并列得分名次相同。
        </p>
      </section>
      {d.canEditWeights ? <WeightsForm /> : null}
    </>
  );
}

function Change({ change, prevRank }: { change: number | null; prevRank: number | null }) {
  if (change === null) return <span className="muted">—</span>;
  if (change === 0)
    return (
      <span className="muted" title={`上期第 ${prevRank} 名`}>
        持平
      </span>
    );
  return change > 0 ? (
    <span className="rank-up" title={`上期第 ${prevRank} 名`}>
      ↑{change}
      <span className="sr-only">（上升 {change} 位）</span>
    </span>
  ) : (
    <span className="rank-down" title={`上期第 ${prevRank} 名`}>
      ↓{-change}
      <span className="sr-only">（下降 {-change} 位）</span>
    </span>
  );
}

function WeightsForm() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const navigation = useNavigation();
  const { register, onSubmit, errorOf } = useZodForm(RankingWeightsForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: {
      version: String(d.weightsVersion),
      ...Object.fromEntries(KPI_METRICS.map((m) => [m, String(d.weights[m])])),
    } as never,
  });
  return (
    <section className="card" aria-labelledby="weights-title">
      <h2 id="weights-title">调整考核权重</h2>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <FormError message={actionData?.formError} />
        <input type="hidden" {...register("version")} />
        <div className="form-grid">
          {KPI_METRICS.map((m) => (
            <Field key={m} id={`w-${m}`} label={`${TARGET_METRIC_LABELS[m]}权重`} error={errorOf(m)} required>
              {(p) => <input type="text" inputMode="numeric" maxLength={3} {...p} {...register(m)} />}
            </Field>
          ))}
        </div>
        {errorOf("total") ? (
          <p className="field-error" role="alert">
            {errorOf("total")}
          </p>
        ) : (
          <p className="muted small">各项权重为 0–100 的整数，合计须为 100。</p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存权重
          </button>
        </div>
      </Form>
    </section>
  );
}
