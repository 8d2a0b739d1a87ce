// 专项资金 (issue 18 §2, docs/decisions/205): the city's two 2亿 funds with the year's budget, commitments (批复),
// disbursements (拨付) and balance (余额 = 预算 − 已批复), guarantees and 代偿; applications waiting for a step
// (the viewer's: a county its county's projects'); the XLSX report for the city's roles.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { fundYear } from "~/domain/funds";
import { formatAmount, formatWan } from "~/domain/money";
import { canOpenPage } from "~/domain/pageRights";
import { fundSummaries, pendingCounts } from "~/models/fund.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "专项资金 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "funds");
  const year = fundYear(new URL(request.url).searchParams.get("year"), Number(clockToday().slice(0, 4)));
  const [funds, pending] = await Promise.all([fundSummaries(year), pendingCounts(viewer, year)]);
  return {
    year,
    funds: funds.map((f) => ({ ...f, pending: pending.get(f.id) ?? { submitted: 0, reviewed: 0 } })),
    canExport: canOpenPage(viewer, "fundsExport"),
  };
}

function Money({ wan }: { wan: number }) {
  return <span title={formatWan(wan)}>{formatAmount(wan)}</span>;
}

export default function FundsPage() {
  const { year, funds, canExport } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>专项资金</h1>
        <span className="muted">{year} 年度：预算、已批复（承诺）、已拨付和余额（余额 = 年度预算 − 已批复）</span>
        <div className="actions">
          <Link to={`/funds?year=${year - 1}`}>{year - 1} 年度</Link>
          {canExport ? (
            <a href={`/resources/funds-export?year=${year}`} className="button" download>
              导出资金报表（Excel）
            </a>
          ) : null}
        </div>
      </div>
      <div {...TABLE_WRAP}>
        <table className="plain">
          <caption className="sr-only">{year} 年度专项资金</caption>
          <thead>
            <tr>
              <th scope="col">资金</th>
              <th scope="col" className="num">
                年度预算
              </th>
              <th scope="col" className="num">
                已批复
              </th>
              <th scope="col" className="num">
                已拨付
              </th>
              <th scope="col" className="num">
                余额
              </th>
              <th scope="col" className="num">
                在保额度
              </th>
              <th scope="col" className="num">
                已代偿
              </th>
              <th scope="col">待办</th>
            </tr>
          </thead>
          <tbody>
            {funds.map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  <Link to={`/funds/${f.id}?year=${year}`}>{f.name}</Link>
                  {f.note ? <div className="muted small">{f.note}</div> : null}
                </th>
                <td className="num" data-testid="budget">
                  <Money wan={f.budget} />
                </td>
                <td className="num" data-testid="committed">
                  <Money wan={f.committed} />
                </td>
                <td className="num" data-testid="disbursed">
                  <Money wan={f.disbursed} />
                </td>
                <td className="num" data-testid="balance">
                  <strong>
                    <Money wan={f.balance} />
                  </strong>
                </td>
                <td className="num">{f.guaranteed ? <Money wan={f.guaranteed} /> : "—"}</td>
                <td className="num">{f.compensated ? <Money wan={f.compensated} /> : "—"}</td>
                <td>
                  {f.pending.submitted ? `待审核 ${f.pending.submitted} 件` : ""}
                  {f.pending.submitted && f.pending.reviewed ? "，" : ""}
                  {f.pending.reviewed ? `待批复 ${f.pending.reviewed} 件` : ""}
                  {!f.pending.submitted && !f.pending.reviewed ? "—" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {funds.length === 0 ? <p className="muted">尚未设立专项资金。</p> : null}
    </>
  );
}
