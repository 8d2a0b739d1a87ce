// 审计日志 (安全审计员 only, issue 14): every audit event with filters, Chinese labels, Beijing time, server paging
// and a CSV or XLSX export of what is filtered. Nothing on this page writes.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { Pager } from "~/components/ui/Pager";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { ROLE_LABELS } from "~/domain/labels";
import { AUDIT_PAGE_SIZE, AuditQuery, listAudit } from "~/models/auditLog.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "审计日志 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminAudit");
  const url = new URL(request.url);
  const q = AuditQuery.parse(Object.fromEntries(url.searchParams));
  const list = await listAudit(q);
  const exportParams = new URLSearchParams(url.search);
  exportParams.delete("page");
  return {
    ...list,
    q,
    search: url.search,
    // the page size travels with the data: a .server module's constant is not in the browser bundle
    pageSize: AUDIT_PAGE_SIZE,
    exportHref: `/resources/audit-export?${exportParams.toString()}`,
  };
}

export default function AuditPage() {
  const { rows, total, q, actions, entities, search, exportHref, pageSize } = useLoaderData<typeof loader>();
  const hrefFor = (page: number) => {
    const p = new URLSearchParams(search);
    p.set("page", String(page));
    return `?${p.toString()}`;
  };
  return (
    <>
      <div className="page-head">
        <h1>审计日志</h1>
        <div className="actions">
          <a href={`${exportHref}&format=xlsx`} className="button" download>
            导出 Excel
          </a>
          <a href={`${exportHref}&format=csv`} className="button" download>
            导出 CSV
          </a>
        </div>
      </div>
      <p className="muted small">时间均为北京时间。审计记录只能追加，任何人（包括系统自身）都不能修改或删除。</p>
      <Form method="get" className="filters" role="search" aria-label="筛选审计日志">
        <div className="field">
          <label htmlFor="who">操作人</label>
          <input id="who" name="who" type="search" defaultValue={q.who ?? ""} placeholder="用户名或姓名" />
        </div>
        <FilterSelect
          id="role"
          name="role"
          label="角色"
          value={q.role}
          options={Object.entries(ROLE_LABELS) as Array<[string, string]>}
        />
        <FilterSelect id="action" name="action" label="操作" value={q.action} options={actions} />
        <FilterSelect id="entity" name="entity" label="对象类型" value={q.entity} options={entities} />
        <div className="field">
          <label htmlFor="from">起始日期</label>
          <input id="from" name="from" type="date" defaultValue={q.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">截止日期</label>
          <input id="to" name="to" type="date" defaultValue={q.to ?? ""} />
        </div>
        <FilterSelect
          id="result"
          name="result"
          label="结果"
          value={q.result}
          options={[
            ["ok", "成功"],
            ["fail", "失败"],
          ]}
        />
        <button type="submit" className="primary">
          筛选
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">审计记录</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作人</th>
              <th scope="col">角色</th>
              <th scope="col">操作</th>
              <th scope="col">对象</th>
              <th scope="col">结果</th>
              <th scope="col">详情</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  没有符合条件的记录
                </td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{r.at}</td>
                  <td>{r.actor}</td>
                  <td>{r.role}</td>
                  <td>{r.action}</td>
                  <td>{r.entity}</td>
                  <td>{r.result === "失败" ? <span className="badge red">失败</span> : "成功"}</td>
                  <td className="small audit-detail">{r.detail}</td>
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
