// One issue: its facts, the 13710 clock step by step, the full timeline, and the forms of the actions the
// viewer may take. Another scope's issue by URL is a 404; every action is re-checked on the server.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { photosOf } from "~/models/sitePhotos.server";
import { SitePhotos } from "~/components/project/SitePhotos";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import type { ReactNode } from "react";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { IssueLevelBadge, IssueStatusBadge } from "~/components/issues/IssueStatusBadge";
import { IssueTimeline } from "~/components/issues/IssueTimeline";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { formatDeadline } from "~/domain/deadlineFormat";
import { AssignForm, ConfirmForm, isNoteIntent, NOTE_FORMS, RouteForm, routeAssistIds } from "~/domain/issueForms";
import type { IssueCommand } from "~/domain/issueTransitions";
import {
  availableActions,
  canDo,
  ISSUE_ACTION_LABELS,
  SATISFACTION_LABELS,
  type IssueAction,
} from "~/domain/issueWorkflow";
import { ISSUE_CATEGORY_LABELS, ISSUE_LEVEL_LABELS } from "~/domain/labels";
import { applyIssueAction, findIssue, getIssueDetail, issueConflict, routingUnits } from "~/models/issue.server";
import { requireUser } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { AssignActionForm, ConfirmActionForm, NoteActionForm, RouteActionForm } from "./ActionForms";
import { now as clockNow } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.view.code} ${data.view.title}` : "诉求"} · 晋中市招商引资与转型项目管理平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const detail = await getIssueDetail(viewer, idParam(params.issueId));
  if (!detail) notFound();
  const photos = (await photosOf(viewer, "issue", { issueId: detail.view.id })).get(detail.view.id) ?? [];
  const actions = availableActions(viewer, detail.issue);
  const needsPeople = actions.includes("accept") || actions.includes("assign");
  const v = detail.view;
  const now = clockNow().getTime();
  const steps = [
    { key: "accept", label: "受理", due: v.deadlines.accept, done: v.done.accept },
    { key: "respond", label: "首次反馈", due: v.deadlines.respond, done: v.done.respond },
    {
      key: "resolve",
      label: v.isComplex ? "办结（复杂问题）" : "办结",
      due: v.deadlines.resolve,
      done: v.done.resolve,
    },
  ].map((s) => ({
    ...s,
    late: Boolean(s.due && (s.done ? s.done > s.due : v.clock.color !== "stopped" && Date.parse(s.due) <= now)),
  }));
  return {
    view: detail.view,
    photos,
    steps,
    actions,
    handlers: needsPeople ? detail.handlers : [],
    routeUnits: actions.includes("route") ? await routingUnits() : [],
    me: viewer.id,
    isEnterprise: viewer.role === "ENTERPRISE",
    isLeader: viewer.role === "LEADER",
  };
}

const INTENTS = new Set<string>(Object.keys(ISSUE_ACTION_LABELS));

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const id = idParam(params.issueId);
  const issue = await findIssue(viewer, id);
  if (!issue) notFound();
  const fields = formDataToObject(await request.formData());
  const intent = String(fields.intent ?? "");
  try {
    if (!INTENTS.has(intent)) throw Refusal.form("未知的操作");
    const version = Number(fields.version);
    if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647)
      throw Refusal.form("页面已过期，请刷新后重试");
    const stale = version !== issue.version;
    if (!canDo(viewer, issue, intent as IssueAction)) {
      if (stale) throw issueConflict(issue.status, issue.level);
      forbidden("您不能对该诉求执行此操作");
    }

    let cmd: IssueCommand;
    if (intent === "assist") {
      const p = parseWith(NOTE_FORMS.assist, fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: intent });
      const unit = await db.as(viewer).department.findUnique({
        where: { id: viewer.departmentId ?? -1 },
        select: { name: true },
      });
      cmd = { type: "assist", note: p.data.note, unitName: unit?.name ?? viewer.displayName };
    } else if (isNoteIntent(intent)) {
      const p = parseWith(NOTE_FORMS[intent], fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: intent });
      cmd = { type: intent, note: p.data.note } as IssueCommand;
    } else if (intent === "route") {
      const p = parseWith(RouteForm, fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: intent });
      const assist = routeAssistIds(p.data.assistDepartmentIds);
      const units = await routingUnits();
      const nameOf = new Map(units.map((u) => [u.id, u.name]));
      const lead = Number(p.data.leadDepartmentId);
      cmd = {
        type: "route",
        leadDepartmentId: lead,
        leadName: nameOf.get(lead) ?? "",
        assistDepartmentIds: assist,
        assistNames: assist.map((d) => nameOf.get(d) ?? ""),
        note: p.data.note,
      };
    } else if (intent === "accept" || intent === "assign") {
      const p = parseWith(AssignForm, fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: intent });
      const user = await db.as(viewer).user.findUnique({
        where: { id: Number(p.data.assigneeId) },
        select: { id: true, displayName: true },
      });
      if (!user) throw Refusal.fields({ assigneeId: "请选择办理人" }).with({ form: intent });
      cmd = { type: intent, assigneeId: user.id, assigneeName: user.displayName, note: p.data.note };
    } else {
      const p = parseWith(ConfirmForm, fields);
      if (!p.success) throw Refusal.fields(p.fieldErrors).with({ form: intent });
      cmd = { type: "confirm", satisfaction: Number(p.data.satisfaction), note: p.data.note };
    }

    const claim =
      cmd.type === "comment"
        ? claimCreate(viewer, "IssueComment", fields)
        : cmd.type === "assist"
          ? claimCreate(viewer, "IssueAssist", fields)
          : undefined;
    const r = await applyIssueAction(viewer, id, version, cmd, undefined, claim);
    return redirect(`/issues/${id}`, { headers: await flash(request, r.message) });
  } catch (e) {
    // The model's 403s belong to the form that posted; the 404 and the conflict to the page.
    if (e instanceof Refusal && e.status === 403) return answerRefusal(e, { form: intent });
    return answerRefusal(e);
  }
}

const PRIMARY: IssueAction[] = ["accept", "confirm"];

/** One disclosure per action (works without JavaScript); the usual next step, or one that just failed, is open. */
function ActionList({
  actions,
  failedIntent,
  renderForm,
}: {
  actions: IssueAction[];
  failedIntent: string | undefined;
  renderForm: (a: IssueAction) => ReactNode;
}) {
  return (
    <div className="action-list">
      {actions.map((a) => (
        <details key={a} open={PRIMARY.includes(a) || failedIntent === a} className="action">
          <summary>{ISSUE_ACTION_LABELS[a]}</summary>
          {renderForm(a)}
        </details>
      ))}
    </div>
  );
}

export default function IssueDetail() {
  const {
    view: v,
    photos,
    steps,
    actions,
    handlers,
    routeUnits,
    me,
    isEnterprise,
    isLeader,
  } = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const failedIntent = actionData?.form ?? undefined;
  const errorsFor = (intent: IssueAction) => (failedIntent === intent ? actionData?.fieldErrors : null);
  const formErrorFor = (intent: IssueAction) => (failedIntent === intent ? actionData?.formError : null);
  const handlerActions = actions.filter((a) => a !== "comment" && a !== "confirm" && a !== "reject" && a !== "reopen");
  const enterpriseActions = actions.filter((a) => a === "confirm" || a === "reject" || a === "reopen");

  const renderForm = (a: IssueAction) => {
    const common = { version: v.version, serverErrors: errorsFor(a), formError: formErrorFor(a) };
    if (a === "accept" || a === "assign")
      return <AssignActionForm intent={a} handlers={handlers} me={me} {...common} />;
    if (a === "confirm") return <ConfirmActionForm {...common} />;
    if (a === "route") return <RouteActionForm units={routeUnits} {...common} />;
    if (a === "comment") return null;
    return <NoteActionForm intent={a} {...common} />;
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/issues">{isEnterprise ? "我的诉求" : "诉求办理"}</Link> / {v.code}
      </p>
      <div className="page-head">
        <h1>{v.title}</h1>
        <IssueStatusBadge status={v.status} />
        <IssueLevelBadge level={v.level} />
        {v.isComplex ? <span className="badge">复杂问题</span> : null}
        {v.clock.color !== "stopped" ? <ClockBadge {...v.clock} /> : null}
        {isLeader ? (
          <div className="actions">
            {/* 领导批示 → 督办事项 (issue 17) */}
            <Link className="button primary" to={`/supervision/new?issueId=${v.id}`}>
              作出批示
            </Link>
          </div>
        ) : null}
      </div>

      {actionData?.conflict ? (
        <p className="form-error" role="alert">
          {actionData.conflict.message} <Link to={`/issues/${v.id}`}>刷新</Link>
        </p>
      ) : null}

      {enterpriseActions.length ? (
        <section className="card highlight" aria-labelledby="ent-actions-title">
          <h2 id="ent-actions-title">{v.status === "RESOLVED" ? "请确认办理结果" : "问题再次出现？"}</h2>
          {v.status === "RESOLVED" && v.resolution ? (
            <p>
              <strong>办理结果：</strong>
              {v.resolution}
            </p>
          ) : null}
          <ActionList actions={enterpriseActions} failedIntent={failedIntent} renderForm={renderForm} />
        </section>
      ) : null}

      {handlerActions.length ? (
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">办理</h2>
          <ActionList actions={handlerActions} failedIntent={failedIntent} renderForm={renderForm} />
        </section>
      ) : null}

      <div className="grid cols-2">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">诉求信息</h2>
          <dl className="fields">
            <dt>编号</dt>
            <dd>{v.code}</dd>
            <dt>企业</dt>
            <dd>{v.enterprise.name}</dd>
            <dt>相关项目</dt>
            <dd>{v.project ? <Link to={`/projects/${v.project.id}`}>{v.project.name}</Link> : "企业整体问题"}</dd>
            <dt>类别</dt>
            <dd>{ISSUE_CATEGORY_LABELS[v.category]}</dd>
            <dt>县区</dt>
            <dd>{v.county}</dd>
            <dt>服务小组</dt>
            <dd>
              {v.team ? (
                <>
                  {v.team.name}
                  {v.team.leader ? (
                    <div className="muted small">
                      组长 {v.team.leader}
                      {v.team.leaderPhone ? ` · ${v.team.leaderPhone}` : ""}
                    </div>
                  ) : null}
                </>
              ) : (
                "—"
              )}
            </dd>
            <dt>当前办理</dt>
            <dd>
              {ISSUE_LEVEL_LABELS[v.level]}
              {v.level === "CITY" && v.leadUnit ? ` · ${v.leadUnit}` : ""}
              {v.assignee ? ` · ${v.assignee}` : " · 待受理"}
            </dd>
            {v.leadUnit ? (
              <>
                <dt>主办单位</dt>
                <dd>{v.leadUnit}</dd>
                <dt>协办单位</dt>
                <dd>{v.assistUnits.length ? v.assistUnits.join("、") : "—"}</dd>
              </>
            ) : null}
            <dt>提交时间</dt>
            <dd>
              {formatChinaDateTime(v.submittedAt)}
              {v.onBehalf ? <span className="muted small">（代企业提交）</span> : null}
            </dd>
            {v.escalationCount ? (
              <>
                <dt>上报次数</dt>
                <dd>{v.escalationCount}</dd>
              </>
            ) : null}
            {v.satisfaction ? (
              <>
                <dt>企业评价</dt>
                <dd>
                  {v.satisfaction} 分 · {SATISFACTION_LABELS[v.satisfaction]}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="clock-title">
          <h2 id="clock-title">13710 时限</h2>
          <p className="muted small">
            本轮计时自 {formatChinaDateTime(v.clockStartedAt)} 起（按工作日，法定节假日和调休已计入）。
          </p>
          <table className="plain">
            <caption className="sr-only">13710 各环节期限</caption>
            <thead>
              <tr>
                <th scope="col">环节</th>
                <th scope="col">期限</th>
                <th scope="col">完成时间</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{s.label}</th>
                  <td className="nowrap">{formatDeadline(s.due)}</td>
                  <td className="nowrap">
                    {s.done ? formatChinaDateTime(s.done) : "—"}{" "}
                    {s.late ? <span className="badge red">超时</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      <section className="card" aria-labelledby="desc-title">
        <h2 id="desc-title">问题描述</h2>
        <p className="pre-wrap">{v.description}</p>
        {v.resolution && v.status !== "RESOLVED" ? (
          <p>
            <strong>办理结果：</strong>
            {v.resolution}
          </p>
        ) : null}
        <h3>附件</h3>
        {v.attachments.length ? (
          <ul className="plain-list">
            {v.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/resources/attachments/${a.id}`} download>
                  {a.fileName}
                </a>{" "}
                <span className="muted small">（{Math.max(1, Math.round(a.size / 1024))} KB）</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">无附件。</p>
        )}
        <SitePhotos photos={photos} of={v.code} />
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">办理记录</h2>
        <IssueTimeline events={v.events} />
        {actions.includes("comment") ? (
          <div className="comment-box">
            <NoteActionForm
              intent="comment"
              version={v.version}
              serverErrors={errorsFor("comment")}
              formError={formErrorFor("comment")}
              submitLabel="发布留言"
            />
          </div>
        ) : null}
      </section>
    </>
  );
}
