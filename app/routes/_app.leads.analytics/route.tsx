// 线索分析 (issue 22 item 5, docs/decisions/180): time in each stage, conversion between stages and lost reasons,
// for the viewer's leads (a county its own) in total and grouped by county, owner, source region or 招商方式. Every
// number links to the lead table filtered to the leads behind it (reached / left / reason + the group's filter).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { LEAD_STAGE_LABELS } from "~/domain/labels";
import { formatAmount, formatPercent, formatWan } from "~/domain/money";
import { db } from "~/models/db.server";
import {
  DWELL_STAGES,
  PIPELINE_DIMENSION_LABELS,
  PIPELINE_DIMENSIONS,
  type PipelineDimension,
} from "~/domain/pipeline";
import { presentPipeline, type LeadFilters, type PipelineGroup } from "~/presenters/PipelinePresenter.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "线索分析 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "leadAnalytics");
  const raw = new URL(request.url).searchParams.get("by");
  const by: PipelineDimension = (PIPELINE_DIMENSIONS as readonly string[]).includes(raw ?? "")
    ? (raw as PipelineDimension)
    : "all";
  return presentPipeline(db.as(viewer), viewer, by);
}

const STEPS = [
  ["CONTACT", "INSPECTION"],
  ["INSPECTION", "NEGOTIATION"],
  ["NEGOTIATION", "SIGNED"],
] as const;
const FUNNEL = ["CONTACT", "INSPECTION", "NEGOTIATION", "SIGNED"] as const;

function leadsHref(filters: LeadFilters, extra: LeadFilters): string {
  return `/leads?${new URLSearchParams({ view: "table", ...filters, ...extra })}`;
}

/** A number that links to its leads (plain text when no list filter selects them, or when it is 0). */
function Num({ value, href, label }: { value: string | number; href: string | null; label: string }) {
  if (!href || value === 0) return <>{value}</>;
  return (
    <Link to={href} aria-label={label}>
      {value}
    </Link>
  );
}

const days = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export default function LeadAnalytics() {
  const d = useLoaderData<typeof loader>();
  const rows: PipelineGroup[] = [d.total, ...d.groups];
  const groupName = PIPELINE_DIMENSION_LABELS[d.by];
  const who = (g: PipelineGroup) => (g.key === "total" ? "合计" : g.label);
  const href = (g: PipelineGroup, extra: LeadFilters) => (g.filters ? leadsHref(g.filters, extra) : null);
  return (
    <>
      <div className="page-head">
        <h1>线索分析</h1>
        <span className="muted">接触 → 考察 → 洽谈 → 签约：阶段停留时间、阶段转化率和放弃原因</span>
        <div className="actions">
          <Link to="/leads">招商线索</Link>
          <Link to="/leads/follow-ups">跟进督办</Link>
        </div>
      </div>
      <Form method="get" className="filters" aria-label="分组">
        <div className="field">
          <label htmlFor="a-by">分组</label>
          <select id="a-by" name="by" defaultValue={d.by} key={d.by}>
            {PIPELINE_DIMENSIONS.map((k) => (
              <option key={k} value={k}>
                {k === "all" ? "不分组" : `按${PIPELINE_DIMENSION_LABELS[k]}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          查询
        </button>
      </Form>

      <section className="card" aria-labelledby="a-conv">
        <h2 id="a-conv">阶段转化</h2>
        <p className="muted small">
          “到达”指线索的阶段记录曾进入该阶段或之后的阶段（放弃的线索计入放弃前到达的阶段）；转化率 = 到达下一阶段的线索
          / 到达本阶段的线索。点击数字查看对应线索。
        </p>
        <div {...TABLE_WRAP}>
          <table className="plain compact card-table">
            <caption className="sr-only">各阶段到达的线索数和阶段转化率</caption>
            <thead>
              <tr>
                <th scope="col">{d.by === "all" ? "范围" : groupName}</th>
                {FUNNEL.map((s) => (
                  <th scope="col" className="num" key={s}>
                    到达{LEAD_STAGE_LABELS[s]}
                  </th>
                ))}
                <th scope="col" className="num">
                  放弃
                </th>
                {STEPS.map(([a, b]) => (
                  <th scope="col" className="num" key={a}>
                    {LEAD_STAGE_LABELS[a]}→{LEAD_STAGE_LABELS[b]}
                  </th>
                ))}
                <th scope="col" className="num">
                  接触→签约
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.key} className={g.key === "total" ? "total" : undefined}>
                  <th scope="row">{who(g)}</th>
                  {FUNNEL.map((s) => (
                    <td className="num" key={s} data-label={`到达${LEAD_STAGE_LABELS[s]}`}>
                      <Num
                        value={g.reached[s]}
                        href={href(g, s === "CONTACT" ? {} : { reached: s })}
                        label={`${who(g)}到达${LEAD_STAGE_LABELS[s]}的线索 ${g.reached[s]} 条`}
                      />
                    </td>
                  ))}
                  <td className="num" data-label="放弃">
                    <Num
                      value={g.abandoned}
                      href={href(g, { stage: "ABANDONED" })}
                      label={`${who(g)}放弃的线索 ${g.abandoned} 条`}
                    />
                  </td>
                  {STEPS.map(([a, b]) => (
                    <td className="num" key={a} data-label={`${LEAD_STAGE_LABELS[a]}→${LEAD_STAGE_LABELS[b]}`}>
                      {g.reached[a] ? formatPercent(g.reached[b], g.reached[a]) : "—"}
                    </td>
                  ))}
                  <td className="num" data-label="接触→签约">
                    {g.reached.CONTACT ? formatPercent(g.reached.SIGNED, g.reached.CONTACT) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="a-dwell">
        <h2 id="a-dwell">阶段停留时间（天）</h2>
        <p className="muted small">
          已走完该阶段的线索从进入到离开该阶段的天数（北京时间日期之差）：中位数和 80%
          分位数；“次数”为走完该阶段的次数（线索退回后再次进入的另计）。
        </p>
        <div {...TABLE_WRAP}>
          <table className="plain compact card-table cols-3">
            <caption className="sr-only">各阶段停留天数的中位数和80%分位数</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {d.by === "all" ? "范围" : groupName}
                </th>
                {DWELL_STAGES.map((s) => (
                  <th scope="colgroup" colSpan={3} key={s}>
                    {LEAD_STAGE_LABELS[s]}
                  </th>
                ))}
              </tr>
              <tr>
                {DWELL_STAGES.flatMap((s) => [
                  <th scope="col" className="num" key={`${s}-m`}>
                    中位数
                  </th>,
                  <th scope="col" className="num" key={`${s}-p`}>
                    80%分位
                  </th>,
                  <th scope="col" className="num" key={`${s}-n`}>
                    次数
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.key} className={g.key === "total" ? "total" : undefined}>
                  <th scope="row">{who(g)}</th>
                  {DWELL_STAGES.flatMap((s) => {
                    const x = g.dwell[s];
                    if (!x)
                      return ["中位数", "80%分位", "次数"].map((what) => (
                        <td className="num muted" key={`${s}-${what}`} data-label={`${LEAD_STAGE_LABELS[s]}${what}`}>
                          —
                        </td>
                      ));
                    const h = href(g, { left: s });
                    const stage = LEAD_STAGE_LABELS[s];
                    return [
                      <td className="num" key={`${s}-m`} data-label={`${stage}中位数`}>
                        <Num
                          value={days(x.median)}
                          href={h}
                          label={`${who(g)}${stage}停留中位数 ${days(x.median)} 天`}
                        />
                      </td>,
                      <td className="num" key={`${s}-p`} data-label={`${stage}80%分位`}>
                        <Num value={days(x.p80)} href={h} label={`${who(g)}${stage}停留80%分位 ${days(x.p80)} 天`} />
                      </td>,
                      <td className="num" key={`${s}-n`} data-label={`${stage}次数`}>
                        <Num value={x.stays} href={h} label={`${who(g)}走完${stage}阶段 ${x.stays} 次`} />
                      </td>,
                    ];
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="a-lost">
        <h2 id="a-lost">放弃原因排名</h2>
        {rows.some((g) => g.reasons.length) ? (
          <div {...TABLE_WRAP}>
            <table className="plain compact card-table">
              <caption className="sr-only">放弃原因按线索数排名</caption>
              <thead>
                <tr>
                  <th scope="col">{d.by === "all" ? "范围" : groupName}</th>
                  <th scope="col" className="num">
                    排名
                  </th>
                  <th scope="col">放弃原因</th>
                  <th scope="col" className="num">
                    线索数
                  </th>
                  <th scope="col" className="num">
                    预计投资
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.flatMap((g) =>
                  g.reasons.map((r, i) => (
                    <tr key={`${g.key}-${r.reason ?? ""}`} className={g.key === "total" ? "total" : undefined}>
                      <th scope="row">{who(g)}</th>
                      <td className="num" data-label="排名">
                        {i + 1}
                      </td>
                      <td className="card-wide" data-label="放弃原因">
                        {r.reason ?? "未填写"}
                      </td>
                      <td className="num" data-label="线索数">
                        <Num
                          value={r.leads}
                          href={r.reason === null ? null : href(g, { reason: r.reason })}
                          label={`${who(g)}因“${r.reason ?? "未填写"}”放弃的线索 ${r.leads} 条`}
                        />
                      </td>
                      <td className="num" data-label="预计投资">
                        <span title={formatWan(r.amount)}>{formatAmount(r.amount)}</span>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">没有放弃的线索。</p>
        )}
      </section>
    </>
  );
}
