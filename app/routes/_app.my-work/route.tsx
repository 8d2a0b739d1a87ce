// 我的工作台: a service team's (or county's) projects and its 一周一清单. TEAM users land here from "/".
import { formatDeadline } from "~/domain/deadlineFormat";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChineseDate } from "~/domain/dates";
import {
  LEAD_STAGE_LABELS,
  AGENCY_TASK_STATUS_LABELS,
  ISSUE_LEVEL_LABELS,
  ISSUE_STATUS_LABELS,
  MILESTONE_LABELS,
  SERVICE_LOG_KIND_LABELS,
} from "~/domain/labels";
import { formatWan } from "~/domain/money";
import { hasProjectWork, myWork } from "~/models/myWork.server";
import { requirePage } from "~/utils/auth.server";
import { DueBadge } from "./DueBadge";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "我的工作台 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "myWork");
  const today = clockToday();
  return {
    today,
    role: viewer.role,
    teamId: viewer.teamId,
    projectWork: hasProjectWork(viewer),
    ...(await myWork(viewer, today)),
  };
}

export default function MyWork() {
  const d = useLoaderData<typeof loader>();
  const total =
    d.milestones.count + d.tasks.count + d.land.count + d.issues.count + d.followUps.count + d.leadFollowUps.count;
  const leadSection = (
    <WeekSection title="招商线索跟进" list={d.leadFollowUps} empty="本周没有需要跟进的招商线索。">
      {(l) => (
        <li key={l.id} className={l.nextFollowUpOn < d.today ? "overdue" : undefined}>
          <span className="when">{formatChineseDate(l.nextFollowUpOn)}</span>
          <DueBadge due={l.nextFollowUpOn} today={d.today} />
          <span>
            <Link to={`/leads/${l.id}`}>{l.name}</Link>
            <span className="muted small">
              {" "}
              {l.enterpriseName} · {LEAD_STAGE_LABELS[l.stage]}
            </span>
          </span>
        </li>
      )}
    </WeekSection>
  );
  return (
    <>
      <div className="page-head">
        <h1>我的工作台</h1>
        <span className="muted">
          本周 {formatChineseDate(d.week.start)} – {formatChineseDate(d.week.end)}
        </span>
        {d.role === "TEAM" && d.teamId ? (
          <div className="actions">
            <Link className="button" to={`/teams/${d.teamId}`}>
              本组信息
            </Link>
          </div>
        ) : null}
      </div>

      <section className="card" aria-labelledby="wl-title">
        <h2 id="wl-title">
          一周一清单<span className="section-count">共 {total} 项（本周到期及已逾期）</span>
        </h2>

        {d.role !== "TEAM" ? leadSection : null}
        {d.projectWork ? (
          <>
            <WeekSection title="里程碑" list={d.milestones} empty="本周没有到期的里程碑。">
              {(m) => (
                <li key={m.id}>
                  <span className="when">{formatChineseDate(m.plannedOn)}</span>
                  <DueBadge due={m.plannedOn} today={d.today} />
                  <span>
                    {m.project.name} ·「{MILESTONE_LABELS[m.stage]}」计划完成
                  </span>
                  <Link to={`/projects/${m.project.id}/milestones`}>
                    登记<span className="sr-only">{m.project.name}的进度</span>
                  </Link>
                </li>
              )}
            </WeekSection>

            <WeekSection title="代办事项" list={d.tasks} empty="本周没有到期的代办事项。">
              {(t) => (
                <li key={t.id} className={t.dueOn < d.today ? "overdue" : undefined}>
                  <span className="when">{formatDeadline(t.dueOn)}</span>
                  <DueBadge due={t.dueOn} today={d.today} />
                  <span>
                    {t.title} · {t.project.name}
                    <span className="muted small">
                      {" "}
                      {AGENCY_TASK_STATUS_LABELS[t.status]} · 经办人 {t.handlerName ?? "未指定"}
                    </span>
                  </span>
                  <Link to={`/projects/${t.project.id}/tasks`}>
                    办理<span className="sr-only">{t.title}</span>
                  </Link>
                </li>
              )}
            </WeekSection>

            <WeekSection title="出让金分期" list={d.land} empty="本周没有到期或逾期的土地出让金。">
              {(i) => (
                <li key={i.id} className={i.dueOn < d.today ? "overdue" : undefined}>
                  <span className="when">{formatChineseDate(i.dueOn)}</span>
                  <DueBadge due={i.dueOn} today={d.today} />
                  <span>
                    {i.project.name} · 第 {i.seq} 期出让金
                    <span className="muted small">
                      {" "}
                      应缴 {formatWan(i.amount)}，未缴 {formatWan(i.owed)} · {i.location}
                    </span>
                  </span>
                  <Link to={`/projects/${i.project.id}/land`}>
                    用地
                    <span className="sr-only">
                      ：{i.project.name}第 {i.seq} 期出让金
                    </span>
                  </Link>
                </li>
              )}
            </WeekSection>

            <WeekSection title="待办诉求" list={d.issues} empty="没有等待本组办理的诉求。">
              {(i) => (
                <li key={i.id}>
                  <span className="when">{formatDeadline(i.resolveDueAt)}</span>
                  <span className="badge blue">{ISSUE_STATUS_LABELS[i.status]}</span>
                  <span>
                    <Link to={`/issues/${i.id}`}>{i.title}</Link>
                    <span className="muted small">
                      {" "}
                      {i.code} · {i.enterprise.name} · {ISSUE_LEVEL_LABELS[i.level]}
                    </span>
                  </span>
                </li>
              )}
            </WeekSection>

            <WeekSection title="跟进事项" list={d.followUps} empty="本周没有需要跟进的服务记录。">
              {(f) => (
                <li key={f.id}>
                  <span className="when">{formatChineseDate(f.followUpOn)}</span>
                  <DueBadge due={f.followUpOn} today={d.today} />
                  <span>
                    {f.project?.name ?? (f.enterprise ? `走访${f.enterprise.name}` : "企业服务")} ·{" "}
                    {SERVICE_LOG_KIND_LABELS[f.kind]}：
                    <span className="muted small">
                      {f.content.length > 40 ? `${f.content.slice(0, 40)}…` : f.content}
                    </span>
                  </span>
                  {f.project ? (
                    <Link to={`/projects/${f.project.id}/service-logs`}>
                      跟进<span className="sr-only">{f.project.name}</span>
                    </Link>
                  ) : f.enterprise ? (
                    <Link
                      to={
                        d.role === "TEAM" ? `/enterprises/${f.enterprise.id}/visits` : `/enterprises/${f.enterprise.id}`
                      }
                    >
                      跟进<span className="sr-only">{f.enterprise.name}</span>
                    </Link>
                  ) : null}
                </li>
              )}
            </WeekSection>
          </>
        ) : null}
      </section>

      {d.projectWork ? (
        <section className="card" aria-labelledby="p-title">
          <h2 id="p-title">
            {d.role === "TEAM" ? "本组服务的项目" : "本县区项目"}
            <span className="section-count">{d.projectCount} 个</span>
          </h2>
          {d.projectCount > d.projects.length ? (
            <p className="muted small" role="note">
              共 {d.projectCount} 个项目，这里只列出前 {d.projects.length} 个。
              <Link to={d.projectsLink}>在项目库中查看全部 {d.projectCount} 个项目</Link>
            </p>
          ) : null}
          {d.projects.length ? (
            <ul className="checklist">
              {d.projects.map((p) => (
                <li key={p.id}>
                  <StageBadge stage={p.stage} />
                  <span>
                    <Link to={`/projects/${p.id}`}>{p.name}</Link>
                    <span className="muted small">
                      {" "}
                      {p.county}
                      {p.isTransformation ? " · 转型项目" : ""}
                      {p.next
                        ? ` · 下一节点「${MILESTONE_LABELS[p.next.stage]}」计划 ${formatChineseDate(p.next.plannedOn)}`
                        : ""}
                      {p.lastService ? ` · 最近服务 ${formatChineseDate(p.lastService)}` : " · 尚无服务记录"}
                    </span>
                  </span>
                  {p.lag !== "none" ? (
                    <span className={`badge ${p.lag}`}>{p.lag === "red" ? "严重滞后" : "滞后"}</span>
                  ) : null}
                  {p.overdueTasks ? <span className="badge red">{p.overdueTasks} 项代办逾期</span> : null}
                  <Link to={`/projects/${p.id}/milestones`}>
                    登记进度<span className="sr-only">：{p.name}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">暂无分配给您的项目。项目由市经信委分配给服务小组。</p>
          )}
        </section>
      ) : null}
    </>
  );
}

/** One part of the weekly list: heading with the full count, the earliest items, and how many more there are. */
function WeekSection<T extends { id: number }>({
  title,
  list,
  empty,
  children,
}: {
  title: string;
  list: { count: number; items: T[] };
  empty: string;
  children: (item: T) => ReactNode;
}) {
  return (
    <>
      <h3>
        {title}
        <span className="section-count">{list.count} 项</span>
      </h3>
      {list.items.length ? (
        <ul className="checklist">
          {list.items.map((item) => (
            <Fragment key={item.id}>{children(item)}</Fragment>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
      {list.count > list.items.length ? (
        <p className="muted small">
          仅显示最早到期的 {list.items.length} 项，另有 {list.count - list.items.length} 项。
        </p>
      ) : null}
    </>
  );
}
