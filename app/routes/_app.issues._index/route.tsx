// 诉求办理 queues (per level, with the 13710 clock) and, for an enterprise, 我的诉求. Everything the table shows
// is paged, sorted and filtered in SQL from the URL.
import { countyOptions } from "~/models/options.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { IssueLevelBadge, IssueStatusBadge } from "~/components/issues/IssueStatusBadge";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { FilterFold } from "~/components/ui/FilterFold";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { formatDeadline } from "~/domain/deadlineFormat";
import { parseIssueListQuery } from "~/domain/issueListQuery.server";
import { canSubmitIssue, ISSUE_LEVELS } from "~/domain/issueWorkflow";
import { ISSUE_CATEGORY_LABELS, ISSUE_LEVEL_LABELS } from "~/domain/labels";
import { seesAllProjects } from "~/domain/permissions";
import { listIssues, type IssueRow } from "~/models/issue.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.isEnterprise ? "我的诉求" : "诉求办理"} · 晋中市招商引资与转型项目管理平台` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "issues");
  const query = parseIssueListQuery(new URL(request.url).searchParams);
  const [result, counties] = await Promise.all([
    listIssues(viewer, query),
    seesAllProjects(viewer) ? countyOptions() : [],
  ]);
  return { query, ...result, counties, isEnterprise: viewer.role === "ENTERPRISE", canSubmit: canSubmitIssue(viewer) };
}

const col = createColumnHelper<DataTableFeatures, IssueRow>();
const titleColumn = col.accessor("code", {
  header: "诉求",
  cell: (c) => {
    const r = c.row.original;
    return (
      <div>
        <Link to={`/issues/${r.id}`}>{r.title}</Link>
        <div className="muted small">
          {r.code} · {r.enterprise}
          {r.project ? ` · ${r.project.name}` : ""}
          {r.isComplex ? " · 复杂问题" : ""}
        </div>
        {/* On a phone the status and clock columns are off-screen: repeat them under the title. */}
        <div className="mobile-only" aria-hidden="true">
          <IssueStatusBadge status={r.status} />
          <ClockBadge {...r.clock} />
        </div>
      </div>
    );
  },
});
const category = col.accessor("category", {
  header: "类别",
  enableSorting: false,
  cell: (c) => ISSUE_CATEGORY_LABELS[c.getValue()],
});
const level = col.accessor("level", {
  header: "层级",
  enableSorting: false,
  cell: (c) => <IssueLevelBadge level={c.getValue()} />,
});
const status = col.accessor("status", {
  header: "状态",
  enableSorting: false,
  cell: (c) => <IssueStatusBadge status={c.getValue()} />,
});
const clock = col.accessor((r) => r.clock.text, {
  id: "clock",
  header: "13710 时限",
  enableSorting: false,
  cell: (c) => <ClockBadge {...c.row.original.clock} />,
});
const assignee = col.accessor((r) => r.assignee ?? "", {
  id: "assignee",
  header: "办理人",
  enableSorting: false,
  cell: (c) => c.getValue() || <span className="muted">待受理</span>,
});
const county = col.accessor("county", { header: "县区", enableSorting: false });
const submittedAt = col.accessor("submittedAt", {
  header: "提交时间",
  cell: (c) => <span className="nowrap">{formatChinaDateTime(c.getValue())}</span>,
});
const due = col.accessor((r) => r.resolveDueAt ?? "", {
  id: "due",
  header: "办结期限",
  cell: (c) => <span className="nowrap">{formatDeadline(c.getValue() || null)}</span>,
});
const handlerColumns = [titleColumn, category, level, status, clock, assignee, county, submittedAt, due];
const enterpriseColumns = [titleColumn, category, status, level, clock, submittedAt];

const VIEW_LABELS = { open: "办理中", resolved: "已解决待确认", closed: "已办结", all: "全部" } as const;
const CLOCK_LABELS = { red: "已超时", yellow: "临期（≤1个工作日）", green: "正常" } as const;

export default function IssueQueue() {
  const d = useLoaderData<typeof loader>();
  const { query } = d;
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  // the queue as it is, without the overdue filter (and back on page 1)
  const allIssues = new URLSearchParams(searchParams);
  allIssues.delete("overdue");
  allIssues.delete("page");
  const tabHref = (l: string) => {
    const sp = new URLSearchParams();
    sp.set("level", l);
    if (query.view !== "open") sp.set("view", query.view);
    return `/issues?${sp.toString()}`;
  };
  const hasFilters = Boolean(
    query.overdue || query.clock || query.category || query.county || query.mine || query.q || query.view !== "open",
  );
  return (
    <>
      <div className="page-head">
        <h1>{d.isEnterprise ? "我的诉求" : "诉求办理"}</h1>
        <span className="muted">共 {d.total} 件</span>
        <div className="actions">
          {d.canSubmit ? (
            <Link className="button primary" to="/issues/new">
              {d.isEnterprise ? "提交诉求" : "代企业提交诉求"}
            </Link>
          ) : null}
          {!d.isEnterprise ? (
            <Link className="button" to="/issues/monthly">
              协调问题清单
            </Link>
          ) : null}
        </div>
      </div>
      {!d.isEnterprise ? (
        <nav className="tabs" aria-label="办理层级">
          {(["ALL", ...ISSUE_LEVELS] as const).map((l) => (
            <Link key={l} to={tabHref(l)} aria-current={d.level === l ? "page" : undefined} preventScrollReset>
              {l === "ALL" ? "全部层级" : `${ISSUE_LEVEL_LABELS[l]}`}
              {l !== "ALL" ? <span className="tab-count">{d.openCounts[l]}</span> : null}
            </Link>
          ))}
        </nav>
      ) : null}
      <Form
        method="get"
        className="filters"
        role="search"
        aria-label="筛选诉求"
        onChange={(e) => {
          if ((e.target as HTMLElement).tagName === "SELECT" || (e.target as HTMLInputElement).type === "checkbox") {
            submit(e.currentTarget, { preventScrollReset: true });
          }
        }}
      >
        {!d.isEnterprise ? <input type="hidden" name="level" value={d.level} /> : null}
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        {query.overdue ? <input type="hidden" name="overdue" value="1" /> : null}
        <div className="field">
          <label htmlFor="f-q">搜索</label>
          <input id="f-q" type="search" name="q" defaultValue={query.q ?? ""} placeholder="标题、编号、企业或项目" />
        </div>
        <FilterFold active={[query.clock, query.category, query.county].filter(Boolean).length}>
          <FilterSelect
            id="f-view"
            name="view"
            label="办理状态"
            value={query.view}
            options={Object.entries(VIEW_LABELS)}
            allLabel={null}
          />
          <FilterSelect
            id="f-clock"
            name="clock"
            label="13710 时限"
            value={query.clock}
            options={Object.entries(CLOCK_LABELS)}
          />
          <FilterSelect
            id="f-category"
            name="category"
            label="类别"
            value={query.category}
            options={Object.entries(ISSUE_CATEGORY_LABELS)}
          />
          {d.counties.length ? (
            <FilterSelect
              id="f-county"
              name="county"
              label="县区"
              value={query.county}
              options={d.counties.map((c) => [c.id, c.name])}
            />
          ) : null}
        </FilterFold>
        {!d.isEnterprise ? (
          <label className="checkbox" htmlFor="f-mine">
            <input
              id="f-mine"
              type="checkbox"
              name="mine"
              value="1"
              defaultChecked={query.mine === "1"}
              key={query.mine ?? ""}
            />
            只看指派给我的
          </label>
        ) : null}
        <button type="submit" className="primary">
          查询
        </button>
        {hasFilters ? <Link to={d.isEnterprise ? "/issues" : `/issues?level=${d.level}`}>清除筛选</Link> : null}
      </Form>
      {query.overdue ? (
        <p className="notice">
          仅显示 13710 时限已过仍未办结的诉求（受理、首次反馈或办结任一期限已过），与首页“超期诉求”提醒一致。{" "}
          <Link to={`/issues?${allIssues}`}>显示全部诉求</Link>
        </p>
      ) : null}
      <DataTable
        caption={d.isEnterprise ? "我的诉求" : "诉求办理队列"}
        columns={d.isEnterprise ? enterpriseColumns : handlerColumns}
        data={d.rows}
        total={d.total}
        page={query.page}
        pageSize={query.size}
        sort={query.sort}
        dir={query.dir}
        getRowId={(r) => String(r.id)}
        empty={
          hasFilters
            ? "没有符合筛选条件的诉求，请调整或清除筛选。"
            : d.isEnterprise
              ? "您还没有提交过诉求。遇到用地、资金、审批等问题，可点击“提交诉求”。"
              : "本层级暂无待办诉求。"
        }
      />
    </>
  );
}
