// One service team: leader and members, assigned projects (EIC: select rows → move to another team or out),
// assigned enterprises, recent service logs. A team member sees only their own team (404 for others).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useFailure } from "~/components/form/useFailure";
import { FormError } from "~/components/form/Field";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChineseDate } from "~/domain/dates";
import { SERVICE_LOG_KIND_LABELS } from "~/domain/labels";
import { parseQuery, TeamProjectsQuery } from "~/domain/listQueries.server";
import { formatAmount } from "~/domain/money";
import { canManageTeamMembers, canManageTeams } from "~/domain/permissions";
import { MEMBERSHIP_ROLE_LABELS, membershipPeriod } from "~/domain/teamMembers";
import { assignmentAction } from "~/models/teamAssign.server";
import { allTeams, getTeam, teamProjects, type TeamProjectRow } from "~/models/team.server";
import { teamHistory } from "~/models/teamMembers.server";
import { requireUser } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.team.name ?? "服务小组"} · 晋中市招商引资与转型项目管理平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const team = await getTeam(viewer, idParam(params.teamId));
  if (!team) notFound();
  const query = parseQuery(TeamProjectsQuery, new URL(request.url).searchParams);
  const canManage = canManageTeams(viewer);
  const [projects, teams, history] = await Promise.all([
    teamProjects(team.id, query),
    canManage ? allTeams() : Promise.resolve([]),
    teamHistory(team.id),
  ]);
  return { team, query, projects, teams, canManage, history, canManageMembers: canManageTeamMembers(viewer) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const team = await getTeam(viewer, idParam(params.teamId));
  if (!team) notFound();
  return assignmentAction(request, viewer, new URL(request.url).pathname + new URL(request.url).search);
}

const col = createColumnHelper<DataTableFeatures, TeamProjectRow>();
function projectColumns(canManage: boolean) {
  const select = col.display({
    id: "select",
    header: () => <span className="sr-only">选择</span>,
    cell: (c) => (
      <input
        type="checkbox"
        name="ids"
        value={c.row.original.id}
        form="bulk-projects"
        aria-label={`选择 ${c.row.original.name}`}
      />
    ),
  });
  const cols = [
    col.accessor("name", {
      header: "项目名称",
      cell: (c) => (
        <div>
          <Link to={`/projects/${c.row.original.id}`}>{c.row.original.name}</Link>
          <div className="muted small">
            {c.row.original.code}
            {c.row.original.enterprise ? ` · ${c.row.original.enterprise}` : ""}
          </div>
        </div>
      ),
    }),
    col.accessor("county", { header: "县区" }),
    col.accessor("stage", { header: "阶段", cell: (c) => <StageBadge stage={c.getValue()} /> }),
    col.accessor("totalInvestment", { header: "总投资", cell: (c) => formatAmount(c.getValue()) }),
    col.accessor("overdueTasks", {
      header: "逾期代办",
      enableSorting: false,
      cell: (c) => (c.getValue() ? <span className="badge red">{c.getValue()}</span> : "—"),
    }),
  ];
  return canManage ? [select, ...cols] : cols;
}

export default function TeamPage() {
  const { team, query, projects, teams, canManage, history, canManageMembers } = useLoaderData<typeof loader>();
  const fail = useFailure("assign");
  return (
    <>
      <p className="breadcrumb">
        <Link to="/teams">服务小组</Link> / {team.name}
      </p>
      <div className="page-head">
        <h1>{team.name}</h1>
        {team.focus ? <span className="muted">{team.focus}</span> : null}
        {canManage ? (
          <div className="actions">
            <Link className="button primary" to={`/teams/${team.id}/assign`}>
              分配项目或企业
            </Link>
          </div>
        ) : null}
      </div>
      <FormError message={fail?.formError} />
      <div className="grid cols-3 stats-row">
        <div className="stat">
          <div className="label">服务项目</div>
          <div className="value">{projects.total}</div>
        </div>
        <div className="stat">
          <div className="label">未办结代办事项</div>
          <div className="value">{team.openTasks}</div>
          <div className="sub">{team.overdueTasks ? `其中 ${team.overdueTasks} 项已逾期` : "无逾期"}</div>
        </div>
        <div className="stat">
          <div className="label">服务企业</div>
          <div className="value">{team.enterprises.length}</div>
        </div>
      </div>

      <section className="card" aria-labelledby="m-title">
        <h2 id="m-title">组长与成员</h2>
        <ul className="plain-list">
          {team.members.map((m) => (
            <li key={m.id}>
              {m.displayName}
              {team.leader?.id === m.id ? <span className="badge brand">组长</span> : null}
              <span className="muted small">
                {" "}
                {m.title ?? ""}
                {m.phone ? ` · ${m.phone}` : ""}
              </span>
            </li>
          ))}
        </ul>
        {team.phone ? <p className="small">小组电话：{team.phone}</p> : null}
        {canManageMembers ? (
          <p>
            <Link className="button" to={`/teams/${team.id}/members`}>
              调整成员
            </Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="h-title">
        <h2 id="h-title">成员变动记录</h2>
        {history.length ? (
          <div {...TABLE_WRAP}>
            <table className="data-table">
              <caption className="sr-only">{team.name}成员与组长的任职记录</caption>
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">身份</th>
                  <th scope="col">起止日期</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{h.name}</th>
                    <td>{MEMBERSHIP_ROLE_LABELS[h.role]}</td>
                    <td>{membershipPeriod(h)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂无成员变动记录。</p>
        )}
      </section>

      <section className="card" aria-labelledby="p-title">
        <h2 id="p-title">服务的项目</h2>
        {canManage ? (
          <Form method="post" id="bulk-projects" className="bulk-bar">
            <input type="hidden" name="intent" value="projects" />
            <div className="field">
              <label htmlFor="bulk-target">将勾选的项目</label>
              <select id="bulk-target" name="targetTeamId" defaultValue="">
                <option value="">移出本组（暂不分配）</option>
                {teams
                  .filter((t) => t.id !== team.id)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      改派到 {t.name}
                    </option>
                  ))}
              </select>
            </div>
            <button type="submit">确认调整</button>
          </Form>
        ) : null}
        <DataTable
          caption={`${team.name}服务的项目`}
          columns={projectColumns(canManage)}
          data={projects.rows}
          total={projects.total}
          page={query.page}
          pageSize={query.size}
          sort={query.sort}
          dir={query.dir}
          getRowId={(r) => String(r.id)}
          numeric={["totalInvestment"]}
          empty="本组暂无分配的项目。"
        />
      </section>

      <div className="grid cols-2">
        <section className="card" aria-labelledby="e-title">
          <h2 id="e-title">服务的企业</h2>
          {team.enterprises.length ? (
            <ul className="plain-list">
              {team.enterprises.map((e) => (
                <li key={e.id}>
                  <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
                  {e.isKeyEnterprise ? <span className="badge brand">优势企业</span> : null}
                  <span className="muted small"> {e.creditCode}</span>
                  {canManage ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="enterprises" />
                      <input type="hidden" name="ids" value={e.id} />
                      <input type="hidden" name="targetTeamId" value="" />
                      <button type="submit" className="link">
                        移出<span className="sr-only">{e.name}</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">本组暂无分配的企业。</p>
          )}
        </section>
        <section className="card" aria-labelledby="l-title">
          <h2 id="l-title">最近服务记录</h2>
          {team.recentLogs.length ? (
            <ul className="plain-list">
              {team.recentLogs.map((l) => (
                <li key={l.id}>
                  {formatChineseDate(l.occurredOn)} · {SERVICE_LOG_KIND_LABELS[l.kind]}
                  {l.project ? (
                    <>
                      {" · "}
                      <Link to={`/projects/${l.project.id}`}>{l.project.name}</Link>
                    </>
                  ) : l.enterprise ? (
                    <>
                      {" · 走访 "}
                      <Link to={`/enterprises/${l.enterprise.id}`}>{l.enterprise.name}</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">暂无服务记录。</p>
          )}
        </section>
      </div>
    </>
  );
}
