// 优惠政策库 (issue 15 §5, docs/decisions/121): each county's incentive policies (土地/电价/奖补/税收/基金…) and the
// city's own, with validity on the application clock, how many projects apply them and the 专项资金 paying them out
// (decision 226); searched and paged on the server (decision 227, as /org by 186). Scope: policyScope.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { Pager } from "~/components/ui/Pager";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChineseDate } from "~/domain/dates";
import { CITY_POLICY, CITY_POLICY_LABEL, INCENTIVE_CATEGORIES, policyStatus } from "~/domain/incentives";
import { canOpenPage } from "~/domain/pageRights";
import { canEditPolicy } from "~/domain/permissions";
import { parsePolicyListQuery } from "~/domain/policyListQuery.server";
import { countyOptions } from "~/models/options.server";
import { listPolicies } from "~/models/policy.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "优惠政策库 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "policies");
  const q = parsePolicyListQuery(new URL(request.url).searchParams);
  const counties = viewer.role === "COUNTY" ? await countyOptions(undefined, viewer.countyId) : await countyOptions();
  return {
    q,
    ...(await listPolicies(viewer, q)),
    counties,
    today: clockToday(),
    canCreate: canEditPolicy(viewer),
    canSeeRecovery: canOpenPage(viewer, "incentiveRecovery"),
  };
}

export default function PoliciesPage() {
  const { q, rows, total, counties, today, canCreate, canSeeRecovery } = useLoaderData<typeof loader>();
  const location = useLocation();
  const hasFilters = Boolean(q.q || q.county !== null || q.category);
  const pageHref = (page: number) => {
    const sp = new URLSearchParams(location.search);
    sp.set("page", String(page));
    return `${location.pathname}?${sp.toString()}`;
  };
  return (
    <>
      <div className="page-head">
        <h1>优惠政策库</h1>
        <span className="muted">
          各县（区、市）差异化优惠政策及市级政策，{hasFilters ? "符合条件" : "共"} {total} 条
        </span>
        {canCreate || canSeeRecovery ? (
          <div className="actions">
            {canCreate ? (
              <>
                <Link className="button primary" to="/policies/new">
                  新增政策
                </Link>
                <Link className="button" to="/policies/import">
                  导入政策
                </Link>
              </>
            ) : null}
            {canSeeRecovery ? (
              <Link className="button" to="/incentives/recovery">
                优惠追回清单
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      <ListFilterForm label="筛选优惠政策" sizeId="pf-size" size={q.size} hasFilters={hasFilters} clearTo="/policies">
        <div className="field">
          <label htmlFor="pf-q">搜索政策</label>
          <input
            id="pf-q"
            type="search"
            name="q"
            defaultValue={q.q ?? ""}
            key={q.q ?? ""}
            placeholder="政策名称或内容"
          />
        </div>
        <div className="field">
          <label htmlFor="pf-county">适用县区</label>
          <select id="pf-county" name="county" defaultValue={q.county === null ? "" : String(q.county)}>
            <option value="">全部</option>
            <option value={CITY_POLICY}>{CITY_POLICY_LABEL}</option>
            {counties.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pf-category">类别</label>
          <select id="pf-category" name="category" defaultValue={q.category ?? ""}>
            <option value="">全部</option>
            {INCENTIVE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </ListFilterForm>
      {rows.length === 0 ? (
        <p className="muted">暂无符合条件的优惠政策。{canCreate ? "可点击“新增政策”登记。" : ""}</p>
      ) : (
        <div {...TABLE_WRAP}>
          <table className="plain card-table">
            <caption className="sr-only">优惠政策</caption>
            <thead>
              <tr>
                <th scope="col">政策名称</th>
                <th scope="col">类别</th>
                <th scope="col">适用县区</th>
                <th scope="col">有效期</th>
                <th scope="col">状态</th>
                <th scope="col" className="num">
                  引用项目
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const status = policyStatus(r, today);
                return (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/policies/${r.id}`}>{r.title}</Link>
                      {r.fund ? <div className="small muted">资金来源：{r.fund.name}</div> : null}
                    </td>
                    <td className="nowrap" data-label="类别">
                      {r.category}
                    </td>
                    <td data-label="适用县区">{r.countyName ?? "市级"}</td>
                    <td className="nowrap" data-label="有效期">
                      {formatChineseDate(r.validFrom)} 至 {r.validTo ? formatChineseDate(r.validTo) : "长期"}
                    </td>
                    <td data-label="状态">
                      <span className={`badge ${status === "有效" ? "green" : status === "已失效" ? "red" : "yellow"}`}>
                        {status}
                      </span>
                    </td>
                    <td className="num" data-label="引用项目">
                      {r.projects}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 ? <Pager total={total} page={q.page} pageSize={q.size} hrefFor={pageHref} /> : null}
    </>
  );
}
