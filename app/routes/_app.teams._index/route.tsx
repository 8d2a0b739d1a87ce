// 服务小组: the 30 专业化服务小组 with leader, members, assigned projects, last activity and overdue work.
// For everyone who sees all projects; a team member is taken to their own team.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { parseQuery, TeamListQuery } from "~/domain/listQueries.server";
import { pageScope } from "~/domain/pageRights";
import { canManageTeams } from "~/domain/permissions";
import { listTeams, type TeamRow } from "~/models/team.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "服务小组 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "teams");
  if (pageScope(viewer, "teams") === "team") throw redirect(`/teams/${viewer.teamId}`);
  const query = parseQuery(TeamListQuery, new URL(request.url).searchParams);
  return { query, ...(await listTeams(viewer, query)), canManage: canManageTeams(viewer) };
}

const col = createColumnHelper<DataTableFeatures, TeamRow>();
const columns = [
  col.accessor("no", {
    header: "小组",
    cell: (c) => (
      <div>
        <Link to={`/teams/${c.row.original.id}`}>{c.row.original.name}</Link>
        {c.row.original.focus ? <div className="muted small">{c.row.original.focus}</div> : null}
      </div>
    ),
  }),
  col.accessor("leader", { header: "组长", cell: (c) => c.getValue() ?? "—" }),
  col.accessor("members", { header: "成员" }),
  col.accessor("projects", { header: "服务项目" }),
  col.accessor("enterprises", { header: "服务企业" }),
  col.accessor("lastActivity", {
    header: "最近活动",
    cell: (c) => <span className="nowrap">{c.getValue() ? formatChinaDateTime(c.getValue()) : "暂无"}</span>,
  }),
  col.accessor("overdue", {
    header: "逾期事项",
    cell: (c) =>
      c.getValue() ? (
        <span
          className="badge red"
          title={`代办逾期 ${c.row.original.overdueTasks} 项，里程碑逾期 ${c.row.original.overdueMilestones} 项`}
        >
          {c.getValue()}（代办 {c.row.original.overdueTasks} · 里程碑 {c.row.original.overdueMilestones}）
        </span>
      ) : (
        <span className="badge green">0</span>
      ),
  }),
];

export default function Teams() {
  const { query, rows, total, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>专业化服务小组</h1>
        <span className="muted">共 {total} 个小组，市经信委归口管理</span>
      </div>
      {canManage ? <p className="muted small">进入小组页面可分配项目和企业（可批量勾选）。</p> : null}
      <Form method="get" className="filters" role="search" aria-label="筛选服务小组">
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <div className="field">
          <label htmlFor="t-q">搜索小组、领域或组长</label>
          <input id="t-q" type="search" name="q" defaultValue={query.q ?? ""} />
        </div>
        <button type="submit" className="primary">
          查询
        </button>
        {query.q ? <Link to="/teams">清除</Link> : null}
      </Form>
      <DataTable
        caption="专业化服务小组"
        columns={columns}
        data={rows}
        total={total}
        page={query.page}
        pageSize={query.size}
        sort={query.sort}
        dir={query.dir}
        getRowId={(r) => String(r.id)}
        numeric={["members", "projects", "enterprises"]}
        empty="没有符合条件的服务小组。"
      />
    </>
  );
}
