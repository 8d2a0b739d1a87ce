// 授权审查 (安全管理员, issue 14 §4): who holds which role now, every holder of a city-wide or administrative role by
// name, and the grants, role and scope changes, deactivations of the chosen period from the audit log. Read-only.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { Pager } from "~/components/ui/Pager";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { GRANT_PAGE_SIZE, GRANT_PERIODS } from "~/domain/roleGrants";
import { GrantQuery, grantReview } from "~/models/roleGrants.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "授权审查 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminGrants");
  const q = GrantQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await grantReview(q)), page: q.page };
}

export default function GrantsPage() {
  const { roles, holders, changes, total, days, page } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>授权审查</h1>
      </div>
      <p className="muted small">
        本页只读：列出各角色的账号数、全市范围角色与管理员角色的每一位持有人，以及近期的授权、角色或范围变更和停用记录（来自审计日志，北京时间）。
        发现不当授权请通知系统管理员调整；锁定的账号可在用户列表中解锁。
      </p>

      <h2>各角色账号</h2>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">各角色账号数</caption>
          <thead>
            <tr>
              <th scope="col">角色</th>
              <th scope="col">在用</th>
              <th scope="col">已停用</th>
              <th scope="col">锁定中</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.role}>
                <th scope="row">
                  <Link to={`/admin/users?role=${r.role}`}>{r.label}</Link>
                </th>
                <td>{r.active}</td>
                <td>{r.inactive}</td>
                <td>{r.locked ? <span className="badge red">{r.locked}</span> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>全市范围角色与管理员角色的持有人</h2>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">全市范围角色与管理员角色的持有人</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">状态</th>
              <th scope="col">创建时间</th>
              <th scope="col">最近活动</th>
            </tr>
          </thead>
          <tbody>
            {holders.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/admin/users/${h.id}`}>{h.username}</Link>
                </td>
                <td>{h.displayName}</td>
                <td>{h.role}</td>
                <td>
                  {h.isActive ? <span className="badge green">在用</span> : <span className="badge">已停用</span>}
                </td>
                <td className="nowrap">{h.since}</td>
                <td className="nowrap">{h.lastSeen}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>近期授权变更</h2>
      <Form method="get" className="filters" aria-label="选择时间段">
        <FilterSelect
          id="days"
          name="days"
          label="时间段"
          value={days}
          allLabel={null}
          options={GRANT_PERIODS.map((d) => [d, `最近 ${d} 天`])}
        />
        <button type="submit" className="primary">
          查看
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">近期授权变更</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">账号</th>
              <th scope="col">变更</th>
            </tr>
          </thead>
          <tbody>
            {changes.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  该时间段内没有授权变更
                </td>
              </tr>
            ) : (
              changes.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap">{c.at}</td>
                  <td>{c.actor}</td>
                  <td>
                    {Number.isSafeInteger(c.userId) ? <Link to={`/admin/users/${c.userId}`}>{c.user}</Link> : c.user}
                  </td>
                  <td>{c.change}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <Pager total={total} page={page} pageSize={GRANT_PAGE_SIZE} hrefFor={(p) => `?days=${days}&page=${p}`} />
    </>
  );
}
