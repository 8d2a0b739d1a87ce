import { formatDeadline } from "~/domain/deadlineFormat";
import { formatAuditTime } from "~/domain/auditText";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import {
  ATTRACTION_METHOD_LABELS,
  label,
  MILESTONE_LABELS,
  OFFICIAL_LEVEL_LABELS,
  ORIGIN_LABELS,
  POOL_LABELS,
  SOURCE_REGION_LABELS,
} from "~/domain/labels";
import { formatAmountWithExact, formatPercent, formatWan } from "~/domain/money";
import { lagging, MILESTONE_STAGES } from "~/domain/stage";
import { MilestoneHistory } from "~/components/project/MilestoneHistory";
import { ProjectPointMap } from "~/components/map/ProjectPointMap";
import { canEditProject, canLogProgress, seesProjectWorkspace } from "~/domain/permissions";
import { AGENCY_TASK_STATUS_LABELS, SERVICE_LOG_KIND_LABELS } from "~/domain/labels";
import { milestoneHistory } from "~/models/milestone.server";
import { getProjectDetail } from "~/models/project.server";
import { projectWorkspace } from "~/models/progress.server";
import { requireUser } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";
import { AuditHistory } from "./AuditHistory";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.project.name ?? "项目"} · 晋中市招商引资与转型项目管理平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  // an enterprise reads its project as a summary: no working record (logs, tasks, evidence, change history)
  const full = seesProjectWorkspace(viewer);
  const project = await getProjectDetail(viewer, idParam(params.projectId), { withHistory: full });
  if (!project) notFound();
  const ref = {
    countyId: project.county.id,
    serviceTeamId: project.serviceTeam?.id ?? null,
    enterpriseId: project.enterprise?.id ?? null,
  };
  const [milestoneEvents, workspace] = full
    ? await Promise.all([milestoneHistory(project.id), projectWorkspace(project.id)])
    : [null, null];
  return {
    project,
    today: clockToday(),
    role: viewer.role,
    canEdit: canEditProject(viewer, ref),
    canLog: canLogProgress(viewer, ref),
    milestoneEvents,
    workspace,
  };
}

export default function ProjectDetailPage() {
  const { project: p, today, canEdit, canLog, milestoneEvents, workspace, role } = useLoaderData<typeof loader>();
  const byStage = new Map(p.milestones.map((m) => [m.stage, m]));
  const lag = lagging(p.milestones, today);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/projects">项目库</Link> / {p.code}
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        <StageBadge stage={p.stage} />
        {p.isTransformation ? <span className="badge brand">{p.planYear} 年转型项目</span> : null}
        <span className="badge">{POOL_LABELS[p.pool]}</span>
        {lag.level !== "none" ? (
          <span className={`badge ${lag.level}`}>
            {lag.level === "red" ? "严重滞后" : "滞后"}：{MILESTONE_LABELS[lag.stage!]}计划{" "}
            {formatChineseDate(lag.plannedOn)}
          </span>
        ) : null}
        {role === "LEADER" ? (
          <div className="actions">
            {/* 领导批示 → 督办事项 (issue 17) */}
            <Link className="button primary" to={`/supervision/new?projectId=${p.id}`}>
              作出批示
            </Link>
          </div>
        ) : null}
        {canEdit || canLog ? (
          <div className="actions">
            {canLog ? (
              <Link className="button primary" to={`/projects/${p.id}/milestones`}>
                登记进度
              </Link>
            ) : null}
            {canEdit ? (
              <Link className="button" to={`/projects/${p.id}/edit`}>
                编辑项目
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      {workspace ? (
        <nav className="tabs" aria-label="项目工作台">
          <ul>
            <li>
              <Link to={`/projects/${p.id}/milestones`}>进度里程碑</Link>
            </li>
            <li>
              <Link to={`/projects/${p.id}/funding`}>资金到位</Link>
            </li>
            <li>
              <Link to={`/projects/${p.id}/investment`}>月度投资</Link>
            </li>
            <li>
              <Link to={`/projects/${p.id}/service-logs`}>服务记录</Link>
            </li>
            <li>
              <Link to={`/projects/${p.id}/tasks`}>
                代办事项
                {workspace.agencyTasks.some((t) => t.overdue) ? <span className="badge red">逾期</span> : null}
              </Link>
            </li>
          </ul>
        </nav>
      ) : null}

      <section className="card" aria-labelledby="ms-title">
        <h2 id="ms-title">进度里程碑</h2>
        <ol className="timeline">
          {MILESTONE_STAGES.map((s) => {
            const m = byStage.get(s);
            const done = Boolean(m?.actualOn);
            const late = !done && m?.plannedOn && m.plannedOn < today;
            return (
              <li key={s} className={done ? "done" : late ? "late" : undefined}>
                <div className="t-stage">{MILESTONE_LABELS[s]}</div>
                <div className="t-date">计划：{formatChineseDate(m?.plannedOn)}</div>
                <div className="t-date">实际：{done ? formatChineseDate(m?.actualOn) : late ? "逾期未完成" : "—"}</div>
                {m?.evidenceNo ? <div className="t-date">凭证：{m.evidenceNo}</div> : null}
              </li>
            );
          })}
        </ol>
      </section>

      <div className="grid cols-2">
        <section className="card" aria-labelledby="basic-title">
          <h2 id="basic-title">基本信息</h2>
          <dl className="fields">
            <dt>项目编号</dt>
            <dd>{p.code}</dd>
            <dt>县区</dt>
            <dd>{p.county.name}</dd>
            <dt>产业</dt>
            <dd>{p.industry.name}</dd>
            <dt>投资企业</dt>
            <dd>
              {p.enterprise ? (
                <>
                  {p.enterprise.name}
                  {p.enterprise.isKeyEnterprise ? <span className="badge brand"> 优势企业</span> : null}
                  <div className="muted small">统一社会信用代码 {p.enterprise.creditCode}</div>
                </>
              ) : (
                "—"
              )}
            </dd>
            <dt>项目来源</dt>
            <dd>
              {ORIGIN_LABELS[p.origin]}
              {p.sourceRegion ? ` · ${label(SOURCE_REGION_LABELS, p.sourceRegion)}` : ""}
              {p.attractionMethod ? ` · ${label(ATTRACTION_METHOD_LABELS, p.attractionMethod)}` : ""}
            </dd>
            <dt>计划年度</dt>
            <dd>{p.planYear} 年</dd>
            <dt>建设内容</dt>
            <dd>{p.constructionContent ?? "—"}</dd>
            <dt>项目位置</dt>
            <dd>
              {p.location ? `东经 ${p.location[0]}°，北纬 ${p.location[1]}°` : "尚未标注"}
              {p.publicPromotion ? <span className="badge brand">可公开推介</span> : null}
            </dd>
          </dl>
          {p.location ? <ProjectPointMap name={p.name} point={p.location} /> : null}
        </section>
        <section className="card" aria-labelledby="money-title">
          <h2 id="money-title">投资与资金</h2>
          <dl className="fields">
            <dt>总投资</dt>
            <dd title={formatWan(p.totalInvestment)}>{formatAmountWithExact(p.totalInvestment)}</dd>
            <dt>签约额</dt>
            <dd>{p.contractAmount ? formatWan(p.contractAmount) : "—"}</dd>
            <dt>年度计划投资</dt>
            <dd>{formatWan(p.annualPlanInvestment)}</dd>
            <dt>资金到位</dt>
            <dd>
              {formatWan(p.fundingTotal)}
              {p.contractAmount ? `（到位率 ${formatPercent(p.fundingTotal, p.contractAmount)}）` : ""}
            </dd>
            <dt>累计完成投资</dt>
            <dd>
              {formatWan(p.investmentTotal)}
              {p.annualPlanInvestment
                ? `（${p.planYear} 年完成 ${formatPercent(
                    p.investments.filter((i) => i.year === p.planYear).reduce((s, i) => s + i.amount, 0),
                    p.annualPlanInvestment,
                  )}）`
                : ""}
            </dd>
          </dl>
          <h3>土地</h3>
          <dl className="fields">
            <dt>用地面积</dt>
            <dd>{p.land.area ? `${p.land.area} 亩` : "—"}</dd>
            <dt>供地方式</dt>
            <dd>{p.land.supplyMethod ?? "—"}</dd>
            <dt>出让年限</dt>
            <dd>{p.land.termYears ? `${p.land.termYears} 年` : "—"}</dd>
            <dt>出让金分期缴纳</dt>
            <dd>{p.land.premiumInstalments ? "是" : "否"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title">服务与领办</h2>
          <dl className="fields">
            <dt>服务小组</dt>
            <dd>
              {p.serviceTeam ? (
                <>
                  {p.serviceTeam.name}
                  {p.serviceTeam.leader ? (
                    <div className="muted small">
                      组长 {p.serviceTeam.leader.displayName}
                      {p.serviceTeam.leader.phone ? ` · ${p.serviceTeam.leader.phone}` : ""}
                    </div>
                  ) : null}
                </>
              ) : (
                "未分配"
              )}
            </dd>
            <dt>领办领导</dt>
            <dd>
              {p.officials.length
                ? p.officials.map((o) => (
                    <div key={o.id}>
                      {o.name}（{OFFICIAL_LEVEL_LABELS[o.level]}，{o.title}）
                    </div>
                  ))
                : "—"}
            </dd>
            <dt>优惠政策</dt>
            <dd>
              {p.incentives.length
                ? p.incentives.map((i) => (
                    <div key={i.id}>
                      【{i.kind}】{i.content}
                      {i.amount ? `（${formatWan(i.amount)}）` : ""}
                      {i.policy ? <span className="muted small"> · 依据《{i.policy}》</span> : null}
                    </div>
                  ))
                : "—"}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="fund-title">
          <h2 id="fund-title">资金到位记录</h2>
          {p.funding.length ? (
            <table className="plain">
              <caption className="sr-only">资金到位记录</caption>
              <thead>
                <tr>
                  <th scope="col">到位日期</th>
                  <th scope="col" className="num">
                    金额
                  </th>
                  <th scope="col">来源</th>
                </tr>
              </thead>
              <tbody>
                {p.funding.map((f) => (
                  <tr key={f.id}>
                    <td>{formatChineseDate(f.receivedOn)}</td>
                    <td className="num">{formatWan(f.amount)}</td>
                    <td>{f.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">暂无资金到位记录。</p>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="inv-title">
        <h2 id="inv-title">月度完成投资</h2>
        {p.investments.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain">
              <caption className="sr-only">月度完成投资</caption>
              <thead>
                <tr>
                  <th scope="col">月份</th>
                  <th scope="col" className="num">
                    完成投资
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.investments.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.year}年{i.month}月
                    </td>
                    <td className="num">{formatWan(i.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">暂无月度投资记录。</p>
        )}
      </section>

      {workspace && milestoneEvents ? (
        <>
          <div className="grid cols-2">
            <section className="card" aria-labelledby="tasks-title">
              <h2 id="tasks-title">代办事项</h2>
              {workspace.agencyTasks.length ? (
                <ul className="plain-list">
                  {workspace.agencyTasks.slice(0, 8).map((t) => (
                    <li key={t.id} className={t.overdue ? "overdue" : undefined}>
                      {t.title} · <span className="muted small">时限 {formatDeadline(t.dueOn)}</span>{" "}
                      <span className={`badge ${t.status === "DONE" ? "green" : t.overdue ? "red" : "blue"}`}>
                        {t.overdue ? "已逾期" : AGENCY_TASK_STATUS_LABELS[t.status]}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">暂无代办事项。</p>
              )}
              <p className="small">
                <Link to={`/projects/${p.id}/tasks`}>全部代办事项（{workspace.agencyTasks.length}）</Link>
              </p>
            </section>
            <section className="card" aria-labelledby="logs-title">
              <h2 id="logs-title">服务记录</h2>
              {workspace.serviceLogs.length ? (
                <ul className="plain-list">
                  {workspace.serviceLogs.slice(0, 5).map((l) => (
                    <li key={l.id}>
                      <span className="nowrap">{formatChineseDate(l.occurredOn)}</span> ·{" "}
                      {SERVICE_LOG_KIND_LABELS[l.kind]} ·{" "}
                      <span className="muted small">
                        {l.content.length > 60 ? `${l.content.slice(0, 60)}…` : l.content}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">暂无服务记录。</p>
              )}
              <p className="small">
                <Link to={`/projects/${p.id}/service-logs`}>全部服务记录</Link>
              </p>
            </section>
          </div>

          <section className="card" aria-labelledby="mshist-title">
            <h2 id="mshist-title">里程碑历史</h2>
            <MilestoneHistory items={milestoneEvents} />
            {workspace.attachments.length ? (
              <>
                <h3>凭证附件</h3>
                <ul className="plain-list">
                  {workspace.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`/resources/attachments/${a.id}`}>{a.fileName}</a>{" "}
                      <span className="muted small">
                        {a.stage ? `${MILESTONE_LABELS[a.stage]} · ` : ""}
                        {(a.size / 1024).toFixed(0)} KB · {formatChinaDateTime(a.createdAt)}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section className="card" aria-labelledby="hist-title">
            <h2 id="hist-title">变更历史</h2>
            <AuditHistory items={p.history} />
            <p className="muted small">最近更新 {formatAuditTime(p.updatedAt)}</p>
          </section>
        </>
      ) : (
        <p className="muted small">以上为项目概况。办理进度请见服务小组联系方式，或在“我的诉求”中提交诉求。</p>
      )}
    </>
  );
}
