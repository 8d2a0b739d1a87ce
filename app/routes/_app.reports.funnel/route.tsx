import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DelegatedLinks } from "~/components/ui/DelegatedLinks";
import { FunnelTable } from "~/components/kpi/FunnelTable";
import { groupRowsHtml } from "~/components/kpi/groupRowsHtml";
import { PeriodForm } from "~/components/kpi/PeriodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { funnelCellHref, type RegisterFilters } from "~/domain/drilldown";
import { FUNNEL_STAGES } from "~/domain/kpi";
import { FUNNEL_LABELS } from "~/domain/labels";
import { formatPercent, formatWan, wanToYiString } from "~/domain/money";
import { FUNNEL_DIMENSIONS } from "~/domain/reportQuery";
import { parseReportQuery } from "~/domain/reportQuery.server";
import { presentFunnel } from "~/presenters/FunnelPresenter.server";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { notFound } from "~/utils/http.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "漏斗分析 · 晋中市招商引资与转型项目管理平台" }];

const DIMENSION_LABELS = {
  county: "县区",
  industry: "产业",
  source: "来源地",
  method: "招商方式",
  event: "推介活动",
  month: "签约月份",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "funnel");
  const rq = parseReportQuery(new URL(request.url).searchParams);
  const d = await presentFunnel(db.as(viewer), viewer, rq, clockToday());
  if (!d) notFound("未找到该县区");
  return { ...d, isCounty: viewer.role === "COUNTY" };
}

export default function FunnelReport() {
  const d = useLoaderData<typeof loader>();
  const scope: RegisterFilters = d.county ? { county: d.county.id } : {};
  const scopeName = d.county?.name ?? "全市";
  return (
    <>
      <div className="page-head">
        <h1>漏斗分析</h1>
        <span className="muted">
          {scopeName} · {d.year}年签约的招商引资项目 · 截至{formatChineseDate(d.asOf)}
        </span>
      </div>
      <PeriodForm
        year={d.year}
        asOf={d.asOf}
        years={d.years}
        counties={d.isCounty ? undefined : d.counties}
        county={d.county?.id ?? null}
      >
        <div className="field">
          <label htmlFor="p-by">分组</label>
          <select id="p-by" name="by" defaultValue={d.by} key={d.by}>
            {FUNNEL_DIMENSIONS.map((k) => (
              <option key={k} value={k}>
                按{DIMENSION_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      </PeriodForm>

      <section className="card" aria-labelledby="total-title">
        <h2 id="total-title">{scopeName}合计</h2>
        <p className="muted small">
          “落地、到资、开工、投产”指截至统计日期已到达该环节（含之后各环节）的项目；金额为这些项目的签约额。到位资金{" "}
          <span title={formatWan(d.total.fundingReceived)}>{wanToYiString(d.total.fundingReceived, 2)}亿元</span>
          ，资金到位率 {formatPercent(d.total.fundingReceived, d.total.signedAmount)}。
        </p>
        <FunnelTable
          agg={d.total}
          caption={`${scopeName}漏斗合计`}
          hrefFor={(s) => funnelCellHref(d.year, d.asOf, s, scope)}
        />
      </section>

      <section aria-labelledby="groups-title">
        <h2 id="groups-title">按{DIMENSION_LABELS[d.by]}</h2>
        <DelegatedLinks {...TABLE_WRAP}>
          <table className="plain compact funnel-groups">
            <caption className="sr-only">按{DIMENSION_LABELS[d.by]}的签约项目推进漏斗（项目数 / 签约额亿元）</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {DIMENSION_LABELS[d.by]}
                </th>
                {FUNNEL_STAGES.map((s) => (
                  <th key={s} scope="colgroup" colSpan={2} className="num">
                    {FUNNEL_LABELS[s]}
                  </th>
                ))}
                <th scope="col" rowSpan={2} className="num">
                  到位资金（亿元）
                </th>
                <th scope="col" rowSpan={2} className="num">
                  落地率
                </th>
                <th scope="col" rowSpan={2} className="num">
                  开工率
                </th>
                <th scope="col" rowSpan={2} className="num">
                  资金到位率
                </th>
              </tr>
              <tr>
                {FUNNEL_STAGES.map((s) => [
                  <th key={`${s}n`} scope="col" className="num">
                    个
                  </th>,
                  <th key={`${s}a`} scope="col" className="num">
                    亿元
                  </th>,
                ])}
              </tr>
            </thead>
            {d.groups.length === 0 ? (
              <tbody>
                <tr>
                  <td colSpan={15} className="empty">
                    截至该日期，{d.year}年尚无签约的招商引资项目。
                  </td>
                </tr>
              </tbody>
            ) : (
              <>
                {/* built as one string: React's server render of ~1,300 linked cells was a third of the page's CPU
                    at province scale (docs/decisions/280); every text is escaped in groupRowsHtml */}
                <tbody
                  dangerouslySetInnerHTML={{
                    __html: groupRowsHtml(
                      d.groups.map((g) => ({ label: g.label, agg: g.agg, group: { ...scope, ...g.filters } })),
                      d.year,
                      d.asOf,
                    ),
                  }}
                />
                <tfoot
                  dangerouslySetInnerHTML={{
                    __html: groupRowsHtml([{ label: "合计", agg: d.total, group: scope }], d.year, d.asOf),
                  }}
                />
              </>
            )}
          </table>
        </DelegatedLinks>
        {d.ungrouped ? (
          <p className="notice">
            另有 {d.ungrouped} 个项目未填写{DIMENSION_LABELS[d.by]}，计入合计但不在上表各行中，因此各行之和小于合计。
          </p>
        ) : null}
        <p className="muted small">
          点击项目数或金额查看对应项目清单（到位资金对应该行全部签约项目）。
          {d.by === "month" ? "按签约月份分组时，各环节为该月签约项目截至统计日期的推进情况。" : ""}
          <Link to={`/reports/ranking?year=${d.year}&asOf=${d.asOf}`}>查看考核排名</Link>
        </p>
      </section>
    </>
  );
}
