// 客商 (issue 22 §1, docs/decisions/175): the investor's facts, its contacts (phone, WeChat, e-mail masked for the
// roles that do not call them), its leads and projects within the viewer's scope, the 推介活动 it attended (decision
// 195), and its activity timeline (every touch of its leads and every event it attended, newest first).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { LEAD_STAGE_LABELS, STAGE_LABELS } from "~/domain/labels";
import { formatAmount } from "~/domain/money";
import { getInvestor } from "~/models/investor.server";
import { investorTimeline } from "~/models/leadTouch.server";
import { LeadTimeline } from "~/components/leads/LeadTimeline";
import { investorAttendances } from "~/models/promotionEvent.server";
import { requirePage } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.investor.name ?? "客商"} · 客商库` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "investors");
  const id = idParam(params.investorId);
  const investor = await getInvestor(viewer, id);
  if (!investor) notFound();
  const [timeline, attended] = await Promise.all([investorTimeline(viewer, id), investorAttendances(id)]);
  return {
    investor,
    timeline,
    attended: attended.map((a) => ({ id: a.id, people: a.people, event: a.event })),
  };
}

export default function InvestorPage() {
  const { investor: inv, timeline, attended } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/investors">客商库</Link> / {inv.name}
      </p>
      <div className="page-head">
        <h1>{inv.name}</h1>
        <div className="actions">
          {inv.canCreateLead ? (
            <Link className="button primary" to={`/leads/new?investor=${inv.id}`}>
              为该客商登记线索
            </Link>
          ) : null}
          {inv.canEdit ? (
            <Link className="button" to={`/investors/${inv.id}/edit`}>
              编辑客商
            </Link>
          ) : null}
          {inv.canMerge ? (
            <Link className="button" to={`/investors/${inv.id}/merge`}>
              合并重复客商
            </Link>
          ) : null}
        </div>
      </div>
      <section className="card" aria-labelledby="inv-facts">
        <h2 id="inv-facts">基本信息</h2>
        <dl className="fields">
          <dt>来源地</dt>
          <dd>{inv.sourceRegionLabel}</dd>
          <dt>产业</dt>
          <dd>{inv.industry?.name ?? "—"}</dd>
          <dt>对接县区</dt>
          <dd>{inv.county?.name ?? "市级（投资促进局）"}</dd>
          <dt>企业库</dt>
          <dd>
            {inv.enterprise ? (
              <Link to={`/enterprises/${inv.enterprise.id}`}>
                {inv.enterprise.name}（{inv.enterprise.creditCode}）
              </Link>
            ) : (
              "尚未登记"
            )}
          </dd>
          {inv.note ? (
            <>
              <dt>备注</dt>
              <dd>{inv.note}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="inv-contacts">
        <h2 id="inv-contacts">
          联系人<span className="section-count">{inv.contacts.length} 位</span>
        </h2>
        {inv.contactsMasked ? <p className="muted small">联系方式已部分隐藏。</p> : null}
        <div className="table-wrap">
          <table>
            <caption className="sr-only">联系人</caption>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">职务</th>
                <th scope="col">电话</th>
                <th scope="col">微信号</th>
                <th scope="col">电子邮箱</th>
              </tr>
            </thead>
            <tbody>
              {inv.contacts.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    暂无联系人
                  </td>
                </tr>
              ) : (
                inv.contacts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.title ?? "—"}</td>
                    <td className="nowrap">{c.phone ?? "—"}</td>
                    <td>{c.wechat ?? "—"}</td>
                    <td>{c.email ?? "—"}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        {inv.canEdit ? (
          <p>
            <Link to={`/investors/${inv.id}/contacts`}>管理联系人</Link>
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="inv-leads">
        <h2 id="inv-leads">
          招商线索<span className="section-count">{inv.leads.length} 条</span>
        </h2>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">招商线索</caption>
            <thead>
              <tr>
                <th scope="col">线索</th>
                <th scope="col">阶段</th>
                <th scope="col">落户县区</th>
                <th scope="col">预计投资额</th>
                <th scope="col">负责人</th>
                <th scope="col">下次跟进</th>
              </tr>
            </thead>
            <tbody>
              {inv.leads.length === 0 ? (
                <tr>
                  <td colSpan={6} className="muted">
                    暂无线索
                  </td>
                </tr>
              ) : (
                inv.leads.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/leads/${l.id}`}>{l.name}</Link>
                    </td>
                    <td>{LEAD_STAGE_LABELS[l.stage]}</td>
                    <td>{l.county.name}</td>
                    <td className="num">{formatAmount(l.expectedAmount)}</td>
                    <td>{l.owner?.displayName ?? "—"}</td>
                    <td className="nowrap">{l.nextFollowUpOn ? formatChineseDate(l.nextFollowUpOn) : "—"}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="inv-projects">
        <h2 id="inv-projects">
          项目<span className="section-count">{inv.projects.length} 个</span>
        </h2>
        {inv.projects.length === 0 ? (
          <p className="muted">暂无项目。</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">项目</caption>
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">项目名称</th>
                  <th scope="col">县区</th>
                  <th scope="col">阶段</th>
                  <th scope="col">签约额</th>
                </tr>
              </thead>
              <tbody>
                {inv.projects.map((p) => (
                  <tr key={p.id}>
                    <td className="nowrap">{p.code}</td>
                    <td>
                      <Link to={`/projects/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{p.county.name}</td>
                    <td>{STAGE_LABELS[p.stage]}</td>
                    <td className="num">{formatAmount(p.contractAmount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="inv-events">
        <h2 id="inv-events">
          参加的推介活动<span className="section-count">{attended.length} 次</span>
        </h2>
        {attended.length === 0 ? (
          <p className="muted">暂无参会记录。</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">参加的推介活动</caption>
              <thead>
                <tr>
                  <th scope="col">推介活动</th>
                  <th scope="col">举办日期</th>
                  <th scope="col">举办城市</th>
                  <th scope="col">参会人员</th>
                </tr>
              </thead>
              <tbody>
                {attended.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/events/${a.event.id}`}>{a.event.name}</Link>
                    </td>
                    <td className="nowrap">{formatChineseDate(a.event.heldOn)}</td>
                    <td>{a.event.city}</td>
                    <td>{a.people ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <LeadTimeline items={timeline} investor />
    </>
  );
}
