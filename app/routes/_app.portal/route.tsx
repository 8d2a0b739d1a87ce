// 企业首页: the enterprise's projects (summary, stage, service team and its contact) and its issues.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { IssueStatusBadge } from "~/components/issues/IssueStatusBadge";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import { ISSUE_LEVEL_LABELS } from "~/domain/labels";
import { formatAmount } from "~/domain/money";
import { portalData } from "~/models/issue.server";
import { requirePage } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "企业首页 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "portal");
  const data = await portalData(viewer);
  if (!data) notFound("未找到您所属的企业，请联系系统管理员");
  return data;
}

function Contact({
  team,
}: {
  team: { name: string; phone: string | null; leader: { displayName: string; phone: string | null } | null } | null;
}) {
  if (!team) return <span className="muted">未分配服务小组</span>;
  return (
    <>
      {team.name}
      <div className="muted small">
        {team.leader ? `组长 ${team.leader.displayName}` : ""}
        {team.leader?.phone ? ` · ${team.leader.phone}` : ""}
        {team.phone ? ` · 小组电话 ${team.phone}` : ""}
      </div>
    </>
  );
}

export default function Portal() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{d.enterprise.name}</h1>
        {d.enterprise.isKeyEnterprise ? <span className="badge brand">优势企业</span> : null}
        <span className="muted small">统一社会信用代码 {d.enterprise.creditCode}</span>
        <div className="actions">
          <Link className="button primary" to="/issues/new">
            提交诉求
          </Link>
        </div>
      </div>

      {d.counts.toConfirm ? (
        <p className="callout" role="status">
          有 {d.counts.toConfirm} 件诉求已办结，等待您确认办理结果。<Link to="/issues?view=resolved">去确认</Link>
        </p>
      ) : null}

      <div className="grid cols-3 mb">
        <Link className="stat" to="/issues">
          <div className="label">办理中的诉求</div>
          <div className="value">{d.counts.open}</div>
          <div className="sub">按 13710 时限办理</div>
        </Link>
        <Link className="stat" to="/issues?view=resolved">
          <div className="label">待您确认</div>
          <div className="value">{d.counts.toConfirm}</div>
          <div className="sub">已办结，请确认或提出意见</div>
        </Link>
        <Link className="stat" to="/issues?view=closed">
          <div className="label">已办结</div>
          <div className="value">{d.counts.closed}</div>
          <div className="sub">企业已确认</div>
        </Link>
      </div>

      <section className="card" aria-labelledby="svc-title">
        <h2 id="svc-title">我的服务小组</h2>
        {/* a <div>, not a <p>: the contact line is a <div>, which a <p> cannot hold (the browser would split it
            and React's hydration would fail) */}
        <div className="mb">
          <Contact team={d.enterprise.team} />
        </div>
        <p className="muted small">
          专业化服务小组为企业提供“保姆式”代办服务；遇到问题可直接联系，或在本平台提交诉求。
        </p>
      </section>

      <section className="card" aria-labelledby="proj-title">
        <h2 id="proj-title">我的项目</h2>
        {d.projects.length ? (
          <div className="table-wrap flat" tabIndex={0} role="region" aria-label="数据表（可横向滚动）">
            <table className="plain card-table">
              <caption className="sr-only">我的项目</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">县区</th>
                  <th scope="col" className="num">
                    总投资
                  </th>
                  <th scope="col">阶段</th>
                  <th scope="col">服务小组与联系人</th>
                </tr>
              </thead>
              <tbody>
                {d.projects.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/projects/${p.id}`}>{p.name}</Link>
                      <div className="muted small">
                        {p.code}
                        {p.isTransformation ? ` · ${p.planYear} 年转型项目` : ""}
                      </div>
                    </td>
                    <td data-label="县区">{p.county}</td>
                    <td className="num" data-label="总投资">
                      {formatAmount(p.totalInvestment)}
                    </td>
                    <td data-label="阶段">
                      <StageBadge stage={p.stage} />
                      {p.stageOn ? <div className="muted small">{formatChineseDate(p.stageOn)}</div> : null}
                    </td>
                    <td data-label="服务小组与联系人" className="wide">
                      <Contact team={p.serviceTeam} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂无项目。</p>
        )}
      </section>

      <section className="card" aria-labelledby="iss-title">
        <h2 id="iss-title">最近的诉求</h2>
        {d.issues.length ? (
          <ul className="issue-list">
            {d.issues.map((i) => (
              <li key={i.id}>
                <div>
                  <Link to={`/issues/${i.id}`}>{i.title}</Link>
                  <div className="muted small">
                    {i.code} · 提交于 {formatChinaDateTime(i.submittedAt)} · {ISSUE_LEVEL_LABELS[i.level]}办理
                  </div>
                </div>
                <div className="stack end">
                  <IssueStatusBadge status={i.status} />
                  {i.clock.color !== "stopped" ? <ClockBadge {...i.clock} /> : null}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            您还没有提交过诉求。遇到用地、资金、审批、水电气暖等问题，可<Link to="/issues/new">提交诉求</Link>。
          </p>
        )}
        <p>
          <Link to="/issues">查看全部诉求</Link>
        </p>
      </section>
    </>
  );
}
