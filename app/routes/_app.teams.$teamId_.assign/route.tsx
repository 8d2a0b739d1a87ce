// 分配项目/企业 (EIC, admin): find projects or enterprises (unassigned by default), tick one or many, assign them
// to this team in one transaction. Filters, sort and page live in the URL.
import { countyOptions } from "~/models/options.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useFailure } from "~/components/form/useFailure";
import { FormError } from "~/components/form/Field";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { AssignCandidatesQuery, parseQuery } from "~/domain/listQueries.server";
import { canManageTeams } from "~/domain/permissions";
import { assignmentAction } from "~/models/teamAssign.server";
import { assignCandidates, getTeam, type CandidateRow } from "~/models/team.server";
import { requireUser } from "~/utils/auth.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { Options } from "~/components/form/Options";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `分配 · ${data?.team.name ?? "服务小组"}` }];

async function load(request: Request, rawId: string | undefined) {
  const viewer = await requireUser(request);
  const team = await getTeam(viewer, idParam(rawId));
  if (!team) notFound();
  if (!canManageTeams(viewer)) forbidden("只有市经信委可以分配服务小组");
  return { viewer, team };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { team } = await load(request, params.teamId);
  const query = parseQuery(AssignCandidatesQuery, new URL(request.url).searchParams);
  const [candidates, counties] = await Promise.all([assignCandidates(team.id, query), countyOptions()]);
  return { team: { id: team.id, name: team.name }, query, candidates, counties };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer } = await load(request, params.teamId);
  const url = new URL(request.url);
  return assignmentAction(request, viewer, url.pathname + url.search);
}

const col = createColumnHelper<DataTableFeatures, CandidateRow>();
const columns = [
  col.display({
    id: "select",
    header: () => <span className="sr-only">选择</span>,
    cell: (c) => (
      <input
        type="checkbox"
        name="ids"
        value={c.row.original.id}
        form="assign-form"
        aria-label={`选择 ${c.row.original.name}`}
      />
    ),
  }),
  col.accessor("name", {
    header: "名称",
    cell: (c) => (
      <div>
        {c.row.original.name}
        <div className="muted small">{c.row.original.sub}</div>
      </div>
    ),
  }),
  col.accessor("county", { header: "县区" }),
  col.accessor("team", { header: "当前服务小组", cell: (c) => c.getValue() ?? <span className="muted">未分配</span> }),
  col.accessor("stage", {
    header: "阶段",
    enableSorting: false,
    cell: (c) => (c.getValue() ? <StageBadge stage={c.getValue()!} /> : "—"),
  }),
];

export default function AssignPage() {
  const { team, query, candidates, counties } = useLoaderData<typeof loader>();
  const fail = useFailure("assign");
  const kindLabel = query.kind === "projects" ? "项目" : "企业";
  return (
    <>
      <p className="breadcrumb">
        <Link to="/teams">服务小组</Link> / <Link to={`/teams/${team.id}`}>{team.name}</Link> / 分配
      </p>
      <div className="page-head">
        <h1>
          为{team.name}分配{kindLabel}
        </h1>
      </div>
      <nav className="tabs" aria-label="分配对象">
        <ul>
          <li>
            <Link to="?kind=projects" aria-current={query.kind === "projects" ? "page" : undefined}>
              项目
            </Link>
          </li>
          <li>
            <Link to="?kind=enterprises" aria-current={query.kind === "enterprises" ? "page" : undefined}>
              企业
            </Link>
          </li>
        </ul>
      </nav>
      <Form method="get" className="filters" role="search" aria-label={`筛选${kindLabel}`}>
        <input type="hidden" name="kind" value={query.kind} />
        <div className="field">
          <label htmlFor="a-q">搜索{kindLabel}</label>
          <input
            id="a-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder={query.kind === "projects" ? "项目、企业名称或编号" : "企业名称或信用代码"}
          />
        </div>
        <div className="field">
          <label htmlFor="a-county">县区</label>
          <select id="a-county" name="county" defaultValue={query.county ?? ""}>
            <option value="">全部</option>
            <Options items={counties} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-show">范围</label>
          <select id="a-show" name="show" defaultValue={query.show}>
            <option value="unassigned">未分配的</option>
            <option value="other">已分配给其他小组的</option>
            <option value="all">全部（本组以外）</option>
          </select>
        </div>
        <button type="submit" className="primary">
          查询
        </button>
      </Form>
      <FormError message={fail?.formError} />
      <Form method="post" id="assign-form" className="bulk-bar">
        <input type="hidden" name="intent" value={query.kind} />
        <input type="hidden" name="targetTeamId" value={team.id} />
        <button type="submit" className="primary">
          将勾选的{kindLabel}分配给本组
        </button>
        <span className="muted small">可勾选一项或多项，一次提交，全部成功或全部不变。</span>
      </Form>
      <DataTable
        caption={`可分配的${kindLabel}`}
        columns={columns}
        data={candidates.rows}
        total={candidates.total}
        page={query.page}
        pageSize={query.size}
        sort={query.sort}
        dir={query.dir}
        getRowId={(r) => String(r.id)}
        empty={
          query.show === "unassigned" && !query.q && !query.county
            ? `目前没有未分配的${kindLabel}。如需改派，请在“范围”中选择“已分配给其他小组的”。`
            : `没有符合条件的${kindLabel}。`
        }
      />
    </>
  );
}
