import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { FilterFold } from "~/components/ui/FilterFold";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import { FUNNEL_LABELS, ORIGIN_LABELS, POOL_LABELS, STAGE_LABELS } from "~/domain/labels";
import { formatAmount, formatWan } from "~/domain/money";
import { SOURCE_FILTER_OPTIONS, TRANSFORMATION_FILTER_LABELS } from "~/domain/projectListQuery";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { PROJECT_STAGES } from "~/domain/stage";
import { listProjects, registerFilterOptions, type ProjectRow } from "~/models/project.server";
import { canCreateProject } from "~/domain/permissions";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "项目库 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "projects");
  const query = parseProjectListQuery(new URL(request.url).searchParams);
  const [result, options] = await Promise.all([listProjects(viewer, query), registerFilterOptions()]);
  return { query, ...result, options, role: viewer.role, canCreate: canCreateProject(viewer) };
}

/** The report drill-down's URL keys (see drillDownText); no visible field shows them. */
const DRILL_KEYS = ["origin", "signedFrom", "signedTo", "reached", "lag", "asOf", "unassigned"] as const;

const col = createColumnHelper<DataTableFeatures, ProjectRow>();
const columns = [
  col.accessor("name", {
    header: "项目名称",
    cell: (c) => {
      const r = c.row.original;
      return (
        <div>
          <Link to={`/projects/${r.id}`}>{r.name}</Link>
          <div className="muted small">
            {r.code}
            {r.enterprise ? ` · ${r.enterprise}` : ""}
            {r.isTransformation ? " · 转型项目" : ""}
            {r.pool !== "ACTIVE" ? ` · ${POOL_LABELS[r.pool]}` : ""}
          </div>
        </div>
      );
    },
  }),
  col.accessor("county", { header: "县区" }),
  col.accessor("industry", { header: "产业" }),
  col.accessor("totalInvestment", {
    header: "总投资",
    cell: (c) => <span title={formatWan(c.getValue())}>{formatAmount(c.getValue())}</span>,
  }),
  col.accessor("contractAmount", {
    header: "签约额",
    cell: (c) => (c.getValue() ? <span title={formatWan(c.getValue())}>{formatAmount(c.getValue())}</span> : "—"),
  }),
  col.accessor("stage", { header: "阶段", cell: (c) => <StageBadge stage={c.getValue()} /> }),
  col.accessor((r) => r.team?.name ?? "", { id: "team", header: "服务小组", cell: (c) => c.getValue() || "—" }),
  col.accessor((r) => r.officials.join("、"), {
    id: "officials",
    header: "领办领导",
    enableSorting: false,
    cell: (c) => c.getValue() || "—",
  }),
  col.accessor("updatedAt", {
    header: "最近更新",
    cell: (c) => <span className="nowrap">{formatChinaDateTime(c.getValue())}</span>,
  }),
];

export default function ProjectRegister() {
  const { query, rows, total, contractAmountSum, totalInvestmentSum, options, role, canCreate } =
    useLoaderData<typeof loader>();
  const drill = drillDownText(query);
  const { search } = useLocation();
  const hasFilters = Boolean(
    query.q ||
    query.county ||
    query.industry ||
    query.team ||
    query.official ||
    query.programme ||
    query.year ||
    query.stage ||
    query.pool ||
    query.transformation ||
    query.origin ||
    query.source ||
    drill,
  );
  const activeFilters = [
    query.county,
    query.industry,
    query.stage,
    query.pool,
    query.transformation,
    query.source,
    query.year,
    query.team,
    query.official,
    query.programme,
  ].filter(Boolean).length;
  return (
    <>
      <div className="page-head">
        <h1>{role === "ENTERPRISE" ? "我的项目" : "项目库"}</h1>
        <span className="muted">
          共 {total} 个项目 · 签约额合计{" "}
          <span title={formatWan(contractAmountSum)}>{formatAmount(contractAmountSum)}</span> · 总投资合计{" "}
          <span title={formatWan(totalInvestmentSum)}>{formatAmount(totalInvestmentSum)}</span>
        </span>
        <div className="actions">
          <ExportLinks search={search} disabled={total === 0} />
          {canCreate ? (
            <Link className="button primary" to="/projects/new">
              新建项目
            </Link>
          ) : null}
        </div>
      </div>
      {drill ? (
        <p className="notice" role="note">
          报表钻取：{drill}。<Link to="/projects">清除</Link>
        </p>
      ) : null}
      <ListFilterForm
        label="筛选项目"
        // drill-down state from the reports rides along when the visible filters change
        hidden={{ sort: query.sort, dir: query.dir, ...Object.fromEntries(DRILL_KEYS.map((k) => [k, query[k]])) }}
        sizeId="f-size"
        size={query.size}
        hasFilters={hasFilters}
        clearTo="/projects"
      >
        <div className="field">
          <label htmlFor="f-q">搜索项目或企业</label>
          <input
            id="f-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder="项目名称、企业名称、编号或信用代码"
          />
        </div>
        <FilterFold active={activeFilters}>
          <FilterSelect
            id="f-county"
            name="county"
            label="县区"
            value={query.county}
            options={options.counties.map((c) => [c.id, c.name])}
          />
          <FilterSelect
            id="f-industry"
            name="industry"
            label="产业"
            value={query.industry}
            options={options.industries.map((c) => [c.id, c.name])}
          />
          <FilterSelect
            id="f-stage"
            name="stage"
            label="阶段"
            value={query.stage}
            options={PROJECT_STAGES.map((s) => [s, STAGE_LABELS[s]])}
          />
          <FilterSelect
            id="f-pool"
            name="pool"
            label="项目库"
            value={query.pool}
            options={Object.entries(POOL_LABELS)}
          />
          <FilterSelect
            id="f-transformation"
            name="transformation"
            label="转型项目"
            value={query.transformation}
            options={Object.entries(TRANSFORMATION_FILTER_LABELS)}
          />
          <FilterSelect
            id="f-source"
            name="source"
            label="来源地"
            value={query.source}
            options={SOURCE_FILTER_OPTIONS}
          />
          <FilterSelect
            id="f-year"
            name="year"
            label="计划年度"
            value={query.year}
            options={options.years.map((y) => [y, `${y}年`])}
          />
          <FilterSelect
            id="f-team"
            name="team"
            label="服务小组"
            value={query.team}
            options={options.teams.map((t) => [t.id, t.name])}
          />
          <FilterSelect
            id="f-official"
            name="official"
            label="领办领导"
            value={query.official}
            options={options.officials.map((o) => [o.id, o.name])}
          />
          <FilterSelect
            id="f-programme"
            name="programme"
            label="重点专项"
            value={query.programme}
            options={options.programmes.map((p) => [p.id, p.name])}
          />
        </FilterFold>
      </ListFilterForm>
      <DataTable
        caption="项目库"
        columns={columns}
        data={rows}
        total={total}
        page={query.page}
        pageSize={query.size}
        sort={query.sort}
        dir={query.dir}
        getRowId={(r) => String(r.id)}
        numeric={["totalInvestment", "contractAmount"]}
        empty={hasFilters ? "没有符合筛选条件的项目，请调整或清除筛选。" : "暂无项目。"}
      />
    </>
  );
}

/** The report drill-down filters in words, or null when none is set. */
function drillDownText(q: ReturnType<typeof useLoaderData<typeof loader>>["query"]): string | null {
  const parts: string[] = [];
  if (q.origin) parts.push(ORIGIN_LABELS[q.origin]);
  if (q.signedFrom || q.signedTo) {
    parts.push(
      `签约日期 ${q.signedFrom ? formatChineseDate(q.signedFrom) : "…"} 至 ${q.signedTo ? formatChineseDate(q.signedTo) : "…"}`,
    );
  }
  if (q.reached)
    parts.push(`${q.asOf ? `截至${formatChineseDate(q.asOf)}` : "目前"}已到达“${FUNNEL_LABELS[q.reached]}”环节`);
  if (q.lag) {
    const lag = { red: "严重滞后（逾期 3 个月以上）", yellow: "滞后（逾期 1–3 个月）", any: "滞后或严重滞后" }[q.lag];
    parts.push(`${q.asOf ? `截至${formatChineseDate(q.asOf)}` : "截至今天"}${lag}`);
  }
  if (q.unassigned) parts.push("待分配：已签约、尚未分配服务小组（未调出）");
  return parts.length ? parts.join("，") : null;
}

/** Downloads of every matching row (all pages) in the register's order, as the URL filters and sorts them. */
function ExportLinks({ search, disabled }: { search: string; disabled: boolean }) {
  if (disabled) return null;
  const sp = new URLSearchParams(search);
  sp.delete("page");
  sp.delete("size");
  const href = (format: string) =>
    `/resources/projects-export?${new URLSearchParams([["format", format], ...sp]).toString()}`;
  return (
    <>
      <a className="button" href={href("xlsx")} download>
        导出 Excel
      </a>
      <a className="button" href={href("csv")} download>
        导出 CSV
      </a>
    </>
  );
}
