// 本单位工作台: where a 责任单位 (DEPARTMENT account, docs/decisions/081 and 140) lands — the 督办事项 it handles as
// 主办 (待签收, 办理中 with their 红黄牌 and deadlines, 待审核销号), those it assists as 协办, and the enterprise issues
// 市经信委 routed to it (docs/decisions/170), most urgent first. Everything is read in the viewer's scope.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { LedgerTable } from "~/components/supervision/LedgerTable";
import { SupervisionCounts } from "~/components/supervision/SupervisionCounts";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { ISSUE_LEVEL_LABELS, ISSUE_STATUS_LABELS } from "~/domain/labels";
import { parseIssueListQuery } from "~/domain/issueListQuery.server";
import { listIssues } from "~/models/issue.server";
import { unitSupervisionWork } from "~/models/supervisionLedger.server";
import { requirePage } from "~/utils/auth.server";
import { now as clockNow } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "本单位工作台 · 晋中市招商引资与转型项目管理平台" }];

const ISSUE_ROWS = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "departmentHome");
  const now = clockNow();
  const [work, issues] = await Promise.all([
    unitSupervisionWork(viewer, now),
    // the open issues routed to the unit, nearest 13710 deadline first
    listIssues(viewer, parseIssueListQuery(new URLSearchParams({ level: "ALL", sort: "due", size: "20" })), now),
  ]);
  return {
    unit: work.unit,
    counts: work.counts,
    lead: work.lead,
    assist: work.assist,
    issues: issues.rows.slice(0, ISSUE_ROWS).map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      enterprise: r.enterprise,
      level: r.level,
      status: r.status,
      clock: r.clock,
    })),
    issueTotal: issues.total,
  };
}

export default function DepartmentHome() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{d.unit ? `${d.unit}工作台` : "本单位工作台"}</h1>
        <span className="muted">督办事项和交办诉求，最紧急的在前</span>
      </div>

      <section className="card" aria-labelledby="lead-title">
        <h2 id="lead-title">本单位主办的督办事项</h2>
        <SupervisionCounts counts={d.counts} />
        {d.lead.length ? (
          <LedgerTable rows={d.lead} caption="本单位主办、待签收和办理中的督办事项" compact />
        ) : (
          <p className="muted">目前没有需要本单位签收或办理的督办事项。</p>
        )}
        <p className="small">
          <Link to="/supervision">查看本单位全部督办事项（含已销号）</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="assist-title">
        <h2 id="assist-title">本单位协办的督办事项</h2>
        {d.assist.length ? (
          <>
            <p className="muted small">请在事项页面向主办单位报送协办反馈。</p>
            <LedgerTable rows={d.assist} caption="本单位协办、尚未办结的督办事项" compact />
          </>
        ) : (
          <p className="muted">目前没有本单位协办的在办事项。</p>
        )}
      </section>

      <section className="card" aria-labelledby="issues-title">
        <h2 id="issues-title">交办的企业诉求（{d.issueTotal} 件在办）</h2>
        {d.issues.length ? (
          <div className="table-wrap flat">
            <table className="data-table card-table">
              <caption className="sr-only">市经信委交由本单位主办或协办、尚未办结的企业诉求</caption>
              <thead>
                <tr>
                  <th scope="col">诉求</th>
                  <th scope="col">协调层级</th>
                  <th scope="col">状态</th>
                  <th scope="col">13710 时限</th>
                </tr>
              </thead>
              <tbody>
                {d.issues.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/issues/${i.id}`}>{i.title}</Link>
                      <div className="muted small">
                        {i.code} · {i.enterprise}
                      </div>
                    </td>
                    <td data-label="协调层级">{ISSUE_LEVEL_LABELS[i.level]}</td>
                    <td data-label="状态">{ISSUE_STATUS_LABELS[i.status]}</td>
                    <td data-label="13710 时限">
                      <ClockBadge {...i.clock} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">目前没有交由本单位办理的企业诉求。</p>
        )}
        <p className="small">
          <Link to="/issues">查看全部诉求</Link> · <Link to="/issues/monthly">协调问题清单</Link>
        </p>
      </section>
    </>
  );
}
