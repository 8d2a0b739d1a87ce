// 企业档案 (issue 15 §1, docs/decisions/113): one enterprise in the viewer's scope (404 otherwise) — contacts
// (phones masked for 市领导), 优势企业, assigned team, and its projects, issues, service logs and agency tasks as far
// as each is the viewer's to see.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import {
  AGENCY_TASK_KIND_LABELS,
  AGENCY_TASK_STATUS_LABELS,
  ISSUE_LEVEL_LABELS,
  ISSUE_STATUS_LABELS,
  POOL_LABELS,
  SERVICE_LOG_KIND_LABELS,
} from "~/domain/labels";
import { formatAmountWithExact } from "~/domain/money";
import { canEditEnterprise, canLogEnterpriseVisit, canMergeEnterprises } from "~/domain/permissions";
import { canOpenPage } from "~/domain/pageRights";
import { getEnterpriseProfile } from "~/models/enterprise.server";
import { investorsOfEnterprise } from "~/models/investor.server";
import { requirePage } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";
import { ContactsTable } from "~/components/enterprises/ContactsTable";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.enterprise.name ?? "企业档案"} · 晋中市招商引资与转型项目管理平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "enterprises");
  const enterprise = await getEnterpriseProfile(viewer, idParam(params.enterpriseId));
  if (!enterprise) notFound();
  // its 客商 record(s) in the 客商库 (decision 196), for those who open the 客商库
  const investors = canOpenPage(viewer, "investors") ? await investorsOfEnterprise(viewer, enterprise.id) : null;
  return {
    enterprise,
    investors,
    canEdit: canEditEnterprise(viewer, { countyId: enterprise.county?.id ?? null }),
    canVisit: canLogEnterpriseVisit(viewer),
    canMerge: canMergeEnterprises(viewer),
  };
}

export default function EnterpriseProfilePage() {
  const { enterprise: e, investors, canEdit, canVisit, canMerge } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{e.name}</h1>
        {e.isKeyEnterprise ? <span className="badge green">优势企业</span> : null}
        <div className="actions">
          {canEdit ? (
            <Link className="button" to={`/enterprises/${e.id}/edit`}>
              编辑企业
            </Link>
          ) : null}
          {canMerge ? <Link to={`/enterprises/${e.id}/merge`}>合并重复记录</Link> : null}
          <Link to="/enterprises">返回企业库</Link>
        </div>
      </div>
      <section aria-labelledby="ent-basic">
        <h2 id="ent-basic">基本信息</h2>
        <dl className="fields">
          <dt>统一社会信用代码</dt>
          <dd>{e.creditCode}</dd>
          <dt>所在县区</dt>
          <dd>{e.county?.name ?? "—"}</dd>
          <dt>来源地</dt>
          <dd>{e.originRegion ?? "—"}</dd>
          <dt>地址</dt>
          <dd>{e.address ?? "—"}</dd>
          <dt>优势企业</dt>
          <dd>{e.isKeyEnterprise ? "是" : "否"}</dd>
          <dt>年产值</dt>
          <dd>{e.annualOutput === null ? "—" : formatAmountWithExact(e.annualOutput)}</dd>
          <dt>服务小组</dt>
          <dd>
            {e.serviceTeam ? (
              <>
                <Link to={`/teams/${e.serviceTeam.id}`}>{e.serviceTeam.name}</Link>
                {e.serviceTeam.leader ? `（组长 ${e.serviceTeam.leader.displayName}）` : null}
              </>
            ) : (
              "未分配"
            )}
          </dd>
          {investors ? (
            <>
              <dt>客商库</dt>
              <dd>
                {investors.length
                  ? investors.map((i, n) => (
                      <span key={i.id}>
                        {n ? "、" : ""}
                        <Link to={`/investors/${i.id}`}>{i.name}</Link>
                      </span>
                    ))
                  : "未关联客商"}
              </dd>
            </>
          ) : null}
          <dt>最近更新</dt>
          <dd>{formatChinaDateTime(e.updatedAt)}</dd>
        </dl>
      </section>

      <section aria-labelledby="ent-contacts">
        <h2 id="ent-contacts">联系人</h2>
        {canEdit ? (
          <p>
            <Link to={`/enterprises/${e.id}/contacts`}>管理联系人</Link>
          </p>
        ) : null}
        {e.phonesMasked ? <p className="muted small">联系电话已部分隐藏。</p> : null}
        <ContactsTable contacts={e.contacts} />
      </section>

      <section aria-labelledby="ent-projects">
        <h2 id="ent-projects">项目（{e.projects.length}）</h2>
        <div {...TABLE_WRAP}>
          <table className="plain card-table">
            <caption className="sr-only">企业的项目</caption>
            <thead>
              <tr>
                <th scope="col">项目名称</th>
                <th scope="col">县区</th>
                <th scope="col">产业</th>
                <th scope="col">阶段</th>
                <th scope="col">服务小组</th>
              </tr>
            </thead>
            <tbody>
              {e.projects.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted empty">
                    暂无项目
                  </td>
                </tr>
              ) : (
                e.projects.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/projects/${p.id}`}>{p.name}</Link>
                      <div className="muted small">
                        {p.code}
                        {p.pool !== "ACTIVE" ? ` · ${POOL_LABELS[p.pool]}` : ""}
                      </div>
                    </td>
                    <td data-label="县区">{p.county.name}</td>
                    <td data-label="产业">{p.industry.name}</td>
                    <td data-label="阶段">
                      <StageBadge stage={p.stage} />
                    </td>
                    <td data-label="服务小组">{p.serviceTeam?.name ?? "—"}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="ent-issues">
        <h2 id="ent-issues">企业诉求（{e.issues.length}）</h2>
        {e.issues.length === 0 ? (
          <p className="muted">暂无诉求</p>
        ) : (
          <ul className="prose">
            {e.issues.map((i) => (
              <li key={i.id}>
                <Link to={`/issues/${i.id}`}>{i.title}</Link>{" "}
                <span className="muted small">
                  {i.code} · {ISSUE_LEVEL_LABELS[i.level]} · {ISSUE_STATUS_LABELS[i.status]} ·{" "}
                  {formatChinaDateTime(i.submittedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ent-logs">
        <h2 id="ent-logs">服务记录（{e.serviceLogs.length}）</h2>
        {canVisit ? (
          <p>
            <Link to={`/enterprises/${e.id}/visits`}>记录走访</Link>
          </p>
        ) : null}
        {e.serviceLogs.length === 0 ? (
          <p className="muted">暂无服务记录</p>
        ) : (
          <ul className="prose">
            {e.serviceLogs.map((l) => (
              <li key={l.id}>
                {formatChineseDate(l.occurredOn)} {SERVICE_LOG_KIND_LABELS[l.kind]}
                {l.project ? (
                  <>
                    {" · "}
                    <Link to={`/projects/${l.project.id}`}>{l.project.name}</Link>
                  </>
                ) : (
                  " · 走访企业"
                )}
                {l.team ? ` · ${l.team.name}` : ""}：{l.content}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ent-tasks">
        <h2 id="ent-tasks">代办事项（{e.tasks.length}）</h2>
        {e.tasks.length === 0 ? (
          <p className="muted">暂无代办事项</p>
        ) : (
          <ul className="prose">
            {e.tasks.map((t) => (
              <li key={t.id}>
                {AGENCY_TASK_KIND_LABELS[t.kind]} · {t.title} · {AGENCY_TASK_STATUS_LABELS[t.status]}
                {t.dueOn ? ` · 期限 ${formatChineseDate(t.dueOn)}` : ""} ·{" "}
                <Link to={`/projects/${t.project.id}`}>{t.project.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
