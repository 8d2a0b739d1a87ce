// Home. The city's roles and the counties get the KPI dashboard (docs/design.md §4) for their scope; service teams go
// to their workbench (/my-work) and enterprises to their portal (/portal).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { FunnelTable } from "~/components/kpi/FunnelTable";
import { KpiCardView } from "~/components/kpi/KpiCardView";
import { PeriodForm } from "~/components/kpi/PeriodForm";
import { Options } from "~/components/form/Options";
import { TrendChart } from "~/components/kpi/TrendChart";
import { formatChineseDate } from "~/domain/dates";
import {
  cohortFilters,
  funnelCellHref,
  lagHref,
  overdueIssuesHref,
  registerHref,
  transformationPlanFilters,
  unassignedHref,
} from "~/domain/drilldown";
import { KPI_METRICS, type KpiMetric } from "~/domain/kpi";
import { formatPct } from "~/domain/money";
import { parseReportQuery } from "~/domain/reportQuery.server";
import { presentDashboard } from "~/presenters/DashboardPresenter.server";
import { ledProjects } from "~/models/ledProjects.server";
import { myInstructions, unitSupervisionWork } from "~/models/supervisionLedger.server";
import { LedgerTable } from "~/components/supervision/LedgerTable";
import { SupervisionCounts } from "~/components/supervision/SupervisionCounts";
import { StageBadge } from "~/components/ui/StageBadge";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { notFound } from "~/utils/http.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "首页 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Teams, enterprises and the security roles have their own homes (the page-rights table's homePath); everyone
  // else gets the dashboard for their scope.
  const viewer = await requirePage(request, "dashboard");
  const rq = parseReportQuery(new URL(request.url).searchParams);
  const [d, led, instructions, unitWork] = await Promise.all([
    presentDashboard(db.as(viewer), viewer, rq, clockToday(), clockNow()),
    ledProjects(viewer, clockToday()),
    // 我的批示 (issue 17): a leader follows each 批示 from the home page
    viewer.role === "LEADER" ? myInstructions(viewer) : null,
    // a county government's own 督办事项 (issue 17): it signs and handles them like a department
    viewer.role === "COUNTY" ? unitSupervisionWork(viewer) : null,
  ]);
  if (!d) notFound("未找到该县区或重点专项");
  return {
    kind: "dashboard" as const,
    displayName: viewer.displayName,
    isCounty: viewer.role === "COUNTY",
    led,
    instructions,
    unitWork,
    ...d,
  };
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  return <Dashboard d={d} />;
}

type DashboardProps = ReturnType<typeof useLoaderData<typeof loader>>;

function Dashboard({ d }: { d: DashboardProps }) {
  const countyId = d.county?.id ?? null;
  const group = { ...(countyId ? { county: countyId } : {}), ...(d.programme ? { programme: d.programme.id } : {}) };
  const cohort = { ...cohortFilters(d.year, d.asOf), ...group };
  const hrefFor: Record<KpiMetric, string> = {
    INFLOW_AMOUNT: registerHref(cohort),
    LANDING_RATE: funnelCellHref(d.year, d.asOf, "LAND", group),
    START_RATE: funnelCellHref(d.year, d.asOf, "STARTED", group),
    FUNDING_RATE: registerHref(cohort),
    TRANSFORMATION_INVESTMENT: registerHref({ ...transformationPlanFilters(d.year), ...group }),
  };
  const scopeName = d.county?.name ?? "全市";
  const lagLink = (lag: "yellow" | "red") => lagHref(d.year, d.asOf, lag, group);
  return (
    <>
      <div className="page-head">
        <h1>{scopeName}招商引资与转型项目工作台</h1>
        <span className="muted">
          {d.year}年度 · 截至{formatChineseDate(d.asOf)} · 序时进度 {formatPct((d.pace.elapsed * 100) / d.pace.total)}（
          {d.pace.elapsed}/{d.pace.total} 天）
        </span>
      </div>
      <PeriodForm
        year={d.year}
        asOf={d.asOf}
        years={d.years}
        counties={d.isCounty ? undefined : d.counties}
        county={countyId}
      >
        {d.programmes.length ? (
          <div className="field">
            <label htmlFor="p-programme">重点专项</label>
            <select
              id="p-programme"
              name="programme"
              defaultValue={d.programme ? String(d.programme.id) : ""}
              key={`g${d.programme?.id ?? ""}`}
            >
              <option value="">全部项目</option>
              <Options items={d.programmes} />
            </select>
          </div>
        ) : null}
      </PeriodForm>
      {d.programme ? (
        <p className="notice">
          正在查看重点专项「{d.programme.name}」的成员项目（不对照年度目标）。
          <Link to={`/programmes/${d.programme.id}`}>查看专项目标完成情况</Link>
          {" · "}
          <Link to={`/?year=${d.year}&asOf=${d.asOf}${countyId && !d.isCounty ? `&county=${countyId}` : ""}`}>
            返回全部项目
          </Link>
        </p>
      ) : null}
      {d.county && !d.isCounty ? (
        <p className="notice">
          正在查看 {d.county.name} 的数据（对照该县区目标）。
          <Link to={`/?year=${d.year}&asOf=${d.asOf}`}>返回全市</Link>
        </p>
      ) : null}

      {d.instructions ? <MyInstructions m={d.instructions} /> : null}
      {d.unitWork && (d.unitWork.lead.length || d.unitWork.assist.length) ? <CountyWork w={d.unitWork} /> : null}
      {d.led ? <LedProjects led={d.led} /> : null}

      <section aria-labelledby="kpi-title">
        <h2 id="kpi-title" className="sr-only">
          核心指标
        </h2>
        <div className="kpi-grid">
          {KPI_METRICS.map((m) => (
            <KpiCardView key={m} card={d.cards[m]} href={hrefFor[m]} />
          ))}
        </div>
      </section>

      <div className="grid cols-2">
        <section className="card" aria-labelledby="funnel-title">
          <h2 id="funnel-title">签约项目推进漏斗</h2>
          <p className="muted small">
            {d.year}年签约的招商引资项目，截至{formatChineseDate(d.asOf)}推进到各环节的数量与签约额。
            <Link
              to={`/reports/funnel?year=${d.year}&asOf=${d.asOf}${
                countyId && !d.isCounty ? `&county=${countyId}` : ""
              }`}
            >
              按县区、产业、来源地分析
            </Link>
          </p>
          <FunnelTable
            agg={d.agg}
            caption={`${scopeName}${d.year}年签约项目推进漏斗`}
            hrefFor={(s) => funnelCellHref(d.year, d.asOf, s, group)}
          />
        </section>
        <section className="card" aria-labelledby="alerts-title">
          <h2 id="alerts-title">预警提醒</h2>
          <ul className="alerts">
            <li>
              <span className="badge red">严重滞后</span> <Link to={lagLink("red")}>{d.lag.red} 个项目</Link>
              <span className="muted small">：计划节点逾期 3 个月以上未完成</span>
            </li>
            <li>
              <span className="badge yellow">滞后</span> <Link to={lagLink("yellow")}>{d.lag.yellow} 个项目</Link>
              <span className="muted small">：计划节点逾期 1–3 个月未完成</span>
            </li>
            <li>
              <span className="badge red">超期诉求</span>{" "}
              <Link to={overdueIssuesHref(countyId)}>{d.overdueIssues} 件</Link>
              <span className="muted small">：13710 时限已过仍未办结（按当前时间）</span>
            </li>
            {d.unassigned !== null ? (
              <li>
                <span className="badge yellow">待分配</span>{" "}
                <Link to={unassignedHref(countyId)}>{d.unassigned} 个项目</Link>
                <span className="muted small">：已签约尚未分配服务小组，请到服务小组页面分配</span>
              </li>
            ) : null}
          </ul>
        </section>
      </div>
      <section className="card" aria-labelledby="trend-title">
        <h2 id="trend-title">月度趋势</h2>
        <TrendChart year={d.year} series={d.series} inflowTarget={d.cards.INFLOW_AMOUNT.target} />
      </section>
    </>
  );
}

/** 我的批示: the leader's own 批示 with their live state, 红黄牌, 时限 and latest progress, most urgent first. */
function MyInstructions({ m }: { m: NonNullable<DashboardProps["instructions"]> }) {
  return (
    <section className="card" aria-labelledby="mine-title">
      <div className="section-head">
        <h2 id="mine-title">我的批示</h2>
        <Link className="button primary" to="/supervision/new">
          作出批示
        </Link>
      </div>
      {m.counts.total ? (
        <>
          <SupervisionCounts counts={m.counts} />
          <LedgerTable rows={m.rows} caption="我的批示及办理状态（最紧急的在前）" compact />
          <p className="small">
            <Link to="/supervision?mine=1">查看全部 {m.counts.total} 项批示</Link>
          </p>
        </>
      ) : (
        <p className="muted">您还没有作出批示。可在项目、企业诉求、月度通报页面作出批示，或点击「作出批示」。</p>
      )}
    </section>
  );
}

/** 本县督办事项: the county government's open 督办事项 as 主办 (and awaiting 销号) and as 协办, most urgent first. */
function CountyWork({ w }: { w: NonNullable<DashboardProps["unitWork"]> }) {
  return (
    <section className="card" aria-labelledby="unit-work-title">
      <h2 id="unit-work-title">{w.unit ?? "本县"}督办事项</h2>
      <SupervisionCounts counts={w.counts} />
      <LedgerTable rows={[...w.lead, ...w.assist]} caption="本县主办和协办、尚未办结的督办事项" compact />
      <p className="small">
        <Link to="/supervision">查看全部督办事项</Link>
      </p>
    </section>
  );
}

/** 我领办的项目: the leader's own projects, most lagging first (docs/decisions/115). */
function LedProjects({ led }: { led: NonNullable<DashboardProps["led"]> }) {
  return (
    <section className="card" aria-labelledby="led-title">
      <h2 id="led-title">我领办的项目</h2>
      <p className="muted small">
        {led.official.name}（{led.official.title}）领办 {led.rows.length} 个项目。
        <Link to={`/projects?official=${led.official.id}`}>在项目库中查看</Link>
      </p>
      <table>
        <caption className="sr-only">我领办的项目</caption>
        <thead>
          <tr>
            <th scope="col">项目名称</th>
            <th scope="col">县区</th>
            <th scope="col">阶段</th>
            <th scope="col">滞后</th>
            <th scope="col">未办结诉求</th>
          </tr>
        </thead>
        <tbody>
          {led.rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                暂无领办项目
              </td>
            </tr>
          ) : (
            led.rows.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  <div className="muted small">{p.code}</div>
                </td>
                <td>{p.county}</td>
                <td>
                  <StageBadge stage={p.stage} />
                </td>
                <td>
                  {p.lag === "red" ? (
                    <span className="badge red">严重滞后</span>
                  ) : p.lag === "yellow" ? (
                    <span className="badge yellow">滞后</span>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="num">{p.openIssues}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
