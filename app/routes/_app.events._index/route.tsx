// 推介活动 (issue 22 item 4, docs/decisions/181): every event with its budget, attendees and yield — the leads that
// came out of it, the signed deals and their 签约额 (the viewer's leads: a county its own). Each yield number links
// to the lead table filtered to the event.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChineseDate } from "~/domain/dates";
import { EVENT_KIND_LABELS, eventLeadsHref } from "~/domain/eventLabels";
import { formatAmount, formatWan } from "~/domain/money";
import { canManagePipeline } from "~/domain/permissions";
import { listEvents } from "~/models/promotionEvent.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "推介活动 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "events");
  return { events: await listEvents(viewer), canCreate: canManagePipeline(viewer) };
}

function Money({ wan }: { wan: number }) {
  return <span title={formatWan(wan)}>{formatAmount(wan)}</span>;
}

export default function EventsPage() {
  const { events, canCreate } = useLoaderData<typeof loader>();
  const total = events.reduce(
    (t, e) => ({
      budget: t.budget + e.budget,
      leads: t.leads + e.yield.leads,
      signed: t.signed + e.yield.signed,
      signedAmount: t.signedAmount + e.yield.signedAmount,
    }),
    { budget: 0, leads: 0, signed: 0, signedAmount: 0 },
  );
  return (
    <>
      <div className="page-head">
        <h1>推介活动</h1>
        <span className="muted">推介会、博览会、客商来访团及其成效：带来的线索、签约项目和签约额</span>
        <div className="actions">
          <Link to="/leads">招商线索</Link>
          {canCreate ? (
            <Link to="/events/new" className="button primary">
              登记推介活动
            </Link>
          ) : null}
        </div>
      </div>
      {events.length ? (
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption className="sr-only">推介活动及成效</caption>
            <thead>
              <tr>
                <th scope="col">活动名称</th>
                <th scope="col">类型</th>
                <th scope="col">举办日期</th>
                <th scope="col">举办城市</th>
                <th scope="col" className="num">
                  预算
                </th>
                <th scope="col" className="num">
                  参会客商
                </th>
                <th scope="col" className="num">
                  带来线索
                </th>
                <th scope="col" className="num">
                  签约项目
                </th>
                <th scope="col" className="num">
                  签约额
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/events/${e.id}`}>{e.name}</Link>
                    <div className="muted small">{e.organiser}</div>
                  </th>
                  <td>{EVENT_KIND_LABELS[e.kind]}</td>
                  <td className="nowrap">{formatChineseDate(e.heldOn)}</td>
                  <td>{e.city}</td>
                  <td className="num">
                    <Money wan={e.budget} />
                  </td>
                  <td className="num">{e.attendees}</td>
                  <td className="num">
                    {e.yield.leads ? (
                      <Link to={eventLeadsHref(e.id)} aria-label={`${e.name}带来的线索 ${e.yield.leads} 条`}>
                        {e.yield.leads}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td className="num">
                    {e.yield.signed ? (
                      <Link to={eventLeadsHref(e.id, true)} aria-label={`${e.name}签约项目 ${e.yield.signed} 个`}>
                        {e.yield.signed}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td className="num">
                    <Money wan={e.yield.signedAmount} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="total">
                <th scope="row" colSpan={4}>
                  合计（{events.length} 场）
                </th>
                <td className="num">
                  <Money wan={total.budget} />
                </td>
                <td className="num">{events.reduce((t, e) => t + e.attendees, 0)}</td>
                <td className="num">{total.leads}</td>
                <td className="num">{total.signed}</td>
                <td className="num">
                  <Money wan={total.signedAmount} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p className="muted">暂无推介活动。</p>
      )}
    </>
  );
}
