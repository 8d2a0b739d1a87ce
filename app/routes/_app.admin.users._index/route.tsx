// 用户管理 (issue 14): the 系统管理员 manages accounts; the 安全管理员 reviews role grants and unlocks. Filters and
// the page live in the URL and are applied on the server.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { Pager } from "~/components/ui/Pager";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { ROLE_LABELS } from "~/domain/labels";
import { canManageUsers } from "~/domain/permissions";
import { USER_PAGE_SIZE, UserListQuery } from "~/domain/userForms.server";
import { listUsers, scopeOptions } from "~/models/user.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "用户管理 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "adminUsers");
  const url = new URL(request.url);
  const q = UserListQuery.parse(Object.fromEntries(url.searchParams));
  const [list, options] = await Promise.all([listUsers(q), scopeOptions()]);
  return { ...list, q, options, canManage: canManageUsers(viewer), search: url.search, pageSize: USER_PAGE_SIZE };
}

export default function UsersPage() {
  const { rows, total, q, options, canManage, search, pageSize } = useLoaderData<typeof loader>();
  const hrefFor = (page: number) => {
    const p = new URLSearchParams(search);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <>
      <div className="page-head">
        <h1>用户管理</h1>
        {canManage ? (
          <Link to="/admin/users/new" className="button primary">
            新建用户
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search" aria-label="筛选用户">
        <div className="field">
          <label htmlFor="q">搜索</label>
          <input id="q" name="q" type="search" defaultValue={q.q ?? ""} placeholder="用户名、姓名或职务" />
        </div>
        <FilterSelect
          id="role"
          name="role"
          label="角色"
          value={q.role}
          options={Object.entries(ROLE_LABELS) as Array<[string, string]>}
        />
        <FilterSelect
          id="countyId"
          name="countyId"
          label="县区"
          value={q.countyId}
          options={options.counties.map((c) => [c.id, c.name])}
        />
        <FilterSelect
          id="teamId"
          name="teamId"
          label="服务小组"
          value={q.teamId}
          options={options.teams.map((t) => [t.id, t.name])}
        />
        <FilterSelect
          id="enterpriseId"
          name="enterpriseId"
          label="企业"
          value={q.enterpriseId}
          options={options.enterprises.map((e) => [e.id, e.name])}
        />
        <FilterSelect
          id="departmentId"
          name="departmentId"
          label="责任单位"
          value={q.departmentId}
          options={options.departments.map((d) => [d.id, d.name])}
        />
        <FilterSelect
          id="active"
          name="active"
          label="状态"
          value={q.active}
          options={[
            ["yes", "在用"],
            ["no", "已停用"],
          ]}
        />
        <FilterSelect id="locked" name="locked" label="锁定" value={q.locked} options={[["yes", "仅锁定的"]]} />
        <button type="submit" className="primary">
          筛选
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">用户列表</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">所属单位</th>
              <th scope="col">状态</th>
              <th scope="col">最近活动</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  没有符合条件的用户
                </td>
              </tr>
            ) : (
              rows.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{ROLE_LABELS[u.role]}</td>
                  <td>{u.scope ?? "—"}</td>
                  <td>
                    {u.isActive ? <span className="badge green">在用</span> : <span className="badge">已停用</span>}{" "}
                    {u.locked ? <span className="badge red">已锁定</span> : null}
                  </td>
                  <td className="nowrap">{u.lastSeenAt ? formatChinaDateTime(u.lastSeenAt) : "—"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager total={total} page={q.page} pageSize={pageSize} hrefFor={hrefFor} />
    </>
  );
}
