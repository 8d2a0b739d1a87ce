// One 督办事项: the 批示, its units, the 13710 deadlines with the 红黄牌, every step, and a form for each step the
// viewer may take. Outside the viewer's scope it is a 404; every step is re-checked on the server.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { formatDeadline } from "~/domain/deadlineFormat";
import { Refusal } from "~/domain/refusal";
import {
  dueRuleText,
  supervisionActions,
  supervisionCard,
  SUPERVISION_ACTION_LABELS,
  type SupervisionAction,
  type SupervisionCommand,
  type SupervisionRef,
} from "~/domain/supervision";
import { FILE_STEPS, formFor } from "~/domain/supervisionForms";
import {
  RATING_LABELS,
  SUPERVISION_EVENT_LABELS,
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_SOURCE_LABELS,
  SUPERVISION_STATE_LABELS,
} from "~/domain/supervisionLabels";
import { db } from "~/models/db.server";
import { loadWorkCalendar } from "~/models/slaConfig.server";
import { applySupervisionAction, getSupervisionDetail } from "~/models/supervision.server";
import { requirePage } from "~/utils/auth.server";
import { now as clockNow } from "~/utils/clock.server";
import { ATTACHMENT_ACCEPT, discardFiles, MAX_FILES, readMultipartForm, storeFiles } from "~/utils/attachments.server";
import { claimCreate } from "~/utils/createToken.server";
import { parseWith } from "~/utils/form.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";
import { SupervisionActionForm } from "./SupervisionActionForm";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.item.code} ${data.item.title}` : "督办事项"} · 晋中市招商引资与转型项目管理平台` },
];

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "supervision");
  const detail = await getSupervisionDetail(viewer, idParam(params.supervisionId));
  if (!detail) notFound("未找到该督办事项，或您无权查看");
  const { item: r, units, events } = detail;
  const now = clockNow();
  const ref = r as unknown as SupervisionRef;
  const card = supervisionCard(ref, now, await loadWorkCalendar());
  const steps = [
    { key: "sign", label: "签收", due: r.signDueAt, done: r.signedAt },
    { key: "plan", label: "办理方案", due: r.planDueAt, done: r.plannedAt },
    { key: "progress", label: "进展反馈", due: r.progressDueAt, done: r.progressedAt },
    { key: "finish", label: "办结", due: r.finishDueAt, done: r.reportedAt },
  ].map((s) => ({
    key: s.key,
    label: s.label,
    due: iso(s.due),
    done: iso(s.done),
    late: s.done ? s.done > s.due : ["ASSIGNED", "HANDLING", "RETURNED"].includes(r.state) && s.due <= now,
  }));
  return {
    item: {
      id: r.id,
      code: r.code,
      title: r.title,
      instruction: r.instruction,
      state: r.state,
      level: r.level,
      source: r.source,
      reportMonth: r.reportMonth,
      leader: `${r.leader.displayName}${r.leader.title ? `（${r.leader.title}）` : ""}`,
      project: r.project,
      issue: r.issue,
      dueRule: dueRuleText(r.finishDays, r.originalDueAt),
      assignedAt: iso(r.assignedAt),
      originalDueAt: iso(r.originalDueAt),
      finishDueAt: iso(r.finishDueAt),
      pendingDueAt: iso(r.pendingDueAt),
      pendingReason: r.pendingReason,
      extensionCount: r.extensionCount,
      urgeCount: r.urgeCount,
      onTime: r.onTime,
      rating: r.rating,
      evaluation: r.evaluation,
      version: r.version,
    },
    card: { color: card.color, text: card.text, dueAt: iso(card.dueAt) },
    units: units.map((u) => ({ id: u.departmentId, name: u.name, isLead: u.isLead })),
    steps,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      note: e.note,
      dueAt: iso(e.dueAt),
      at: iso(e.createdAt),
      actor: e.actor,
      unit: e.unit,
      attachments: e.attachments,
    })),
    actions: supervisionActions(viewer, ref, units),
    upload: { accept: ATTACHMENT_ACCEPT, maxFiles: MAX_FILES },
  };
}

const INTENTS = new Set(Object.keys(SUPERVISION_ACTION_LABELS));
/** Steps that add a row without changing the item: a one-time form token instead of the version (decision 093). */
const ADDING: readonly SupervisionAction[] = ["plan", "progress", "assist", "urge"];

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "supervision");
  const id = idParam(params.supervisionId);
  // another unit's item is not found, whatever was posted
  if (!(await db.as(viewer).supervision.findUnique({ where: { id }, select: { id: true } })))
    notFound("未找到该督办事项，或您无权查看");
  // a report's evidence files come with the form (progress and 办结 reports; the one upload pipeline's limits)
  let form: Awaited<ReturnType<typeof readMultipartForm>>;
  try {
    form = await readMultipartForm(request, "attachments");
  } catch (e) {
    return answerRefusal(e);
  }
  const fields: Record<string, unknown> = form.fields;
  const intent = String(fields.intent ?? "");
  let stored: Awaited<ReturnType<typeof storeFiles>> = [];
  try {
    if (!INTENTS.has(intent)) throw Refusal.form("未知的操作");
    const a = intent as SupervisionAction;
    const version = Number(fields.version);
    if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647)
      throw Refusal.form("页面已过期，请刷新后重试");
    const p = parseWith(formFor(a), fields);
    if (!p.success) throw Refusal.fields(p.fieldErrors);
    const data = p.data as { note?: string; newDueOn?: string; rating?: string };
    const cmd = (
      a === "requestExtension"
        ? { type: a, note: data.note ?? "", newDueOn: data.newDueOn ?? "" }
        : a === "evaluate"
          ? { type: a, rating: Number(data.rating), note: data.note ?? null }
          : { type: a, note: data.note ?? "" }
    ) as SupervisionCommand;
    if (form.files.length && !FILE_STEPS.includes(a)) throw Refusal.fields({ attachments: "该操作不能上传附件" });
    const claim = ADDING.includes(a)
      ? claimCreate(viewer, "SupervisionEvent", {
          ...fields,
          attachments: form.files.map((f) => [f.name, f.bytes.byteLength]),
        })
      : null;
    stored = await storeFiles(`supervision/${clockNow().toISOString().slice(0, 4)}`, form.files);
    const r = await applySupervisionAction(viewer, id, version, cmd, claim, stored);
    if (claim?.replayed) await discardFiles(stored);
    return redirect(`/supervision/${id}`, { headers: await flash(request, r.message) });
  } catch (e) {
    await discardFiles(stored);
    if (e instanceof Refusal && e.status === 404) throw new Response(e.message, { status: 404 });
    return answerRefusal(e, { form: intent });
  }
}

export default function SupervisionDetail() {
  const d = useLoaderData<typeof loader>();
  const failure = useFailure();
  const it = d.item;
  const lead = d.units.find((u) => u.isLead);
  const assist = d.units.filter((u) => !u.isLead);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/supervision">督办台账</Link> / {it.code}
      </p>
      <div className="page-head">
        <h1>{it.title}</h1>
        <span className="badge">{SUPERVISION_STATE_LABELS[it.state]}</span>
        <span className="badge">{SUPERVISION_LEVEL_LABELS[it.level]}</span>
        {d.card.color !== "stopped" ? <ClockBadge {...d.card} /> : null}
        {it.pendingDueAt ? <span className="badge yellow">延期待审批</span> : null}
      </div>

      {failure?.conflict || (failure?.formError && !failure.form) ? (
        <p className="form-error" role="alert">
          {failure.formError ?? failure.conflict?.message} <Link to={`/supervision/${it.id}`}>刷新</Link>
        </p>
      ) : null}

      {d.actions.length ? (
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">办理</h2>
          {it.pendingDueAt ? (
            <p>
              <strong>延期申请：</strong>申请延期至 {formatDeadline(it.pendingDueAt)}。理由：{it.pendingReason}
            </p>
          ) : null}
          <div className="action-list">
            {d.actions.map((a) => (
              <details key={a} className="action" open={failure?.form === a || d.actions.length === 1}>
                <summary>{SUPERVISION_ACTION_LABELS[a]}</summary>
                <SupervisionActionForm
                  intent={a}
                  upload={d.upload}
                  version={it.version}
                  serverErrors={failure?.form === a ? failure.fieldErrors : null}
                  formError={failure?.form === a ? failure.formError : null}
                />
              </details>
            ))}
          </div>
        </section>
      ) : null}

      <div className="grid cols-2">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">批示与交办</h2>
          <dl className="fields">
            <dt>编号</dt>
            <dd>{it.code}</dd>
            <dt>批示领导</dt>
            <dd>{it.leader}</dd>
            <dt>批示内容</dt>
            <dd className="pre-wrap">{it.instruction}</dd>
            <dt>来源</dt>
            <dd>
              {SUPERVISION_SOURCE_LABELS[it.source]}
              {it.project ? (
                <>
                  ：<Link to={`/projects/${it.project.id}`}>{it.project.name}</Link>
                </>
              ) : null}
              {it.issue ? (
                <>
                  ：<Link to={`/issues/${it.issue.id}`}>{`${it.issue.code} ${it.issue.title}`}</Link>
                </>
              ) : null}
              {it.reportMonth ? `：${it.reportMonth} 月度通报` : null}
            </dd>
            <dt>主办单位</dt>
            <dd>{lead?.name ?? "—"}</dd>
            <dt>协办单位</dt>
            <dd>{assist.length ? assist.map((u) => u.name).join("、") : "—"}</dd>
            <dt>交办时间</dt>
            <dd>{formatChinaDateTime(it.assignedAt)}</dd>
            <dt>催办次数</dt>
            <dd>{it.urgeCount}</dd>
            {it.rating ? (
              <>
                <dt>评价</dt>
                <dd>
                  {RATING_LABELS[it.rating]}
                  {it.evaluation ? `：${it.evaluation}` : ""}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card" aria-labelledby="clock-title">
          <h2 id="clock-title">办理时限</h2>
          <p className="muted small">
            {it.dueRule}；按工作日计算，法定节假日和调休已计入。
            {it.extensionCount ? ` 已延期 ${it.extensionCount} 次（原定 ${formatDeadline(it.originalDueAt)}）。` : ""}
          </p>
          <table className="plain">
            <caption className="sr-only">各环节期限</caption>
            <thead>
              <tr>
                <th scope="col">环节</th>
                <th scope="col">期限</th>
                <th scope="col">完成时间</th>
              </tr>
            </thead>
            <tbody>
              {d.steps.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{s.label}</th>
                  <td className="nowrap">{formatDeadline(s.due)}</td>
                  <td className="nowrap">
                    {s.done ? formatChinaDateTime(s.done) : "—"}{" "}
                    {s.late ? <span className="badge red">超期</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {it.onTime !== null ? <p>{it.onTime ? "按时办结。" : "超期办结。"}</p> : null}
        </section>
      </div>

      <section className="card" aria-labelledby="steps-title">
        <h2 id="steps-title">办理记录</h2>
        <ol className="timeline">
          {d.events.map((e) => (
            <li key={e.id}>
              <div>
                <strong>{SUPERVISION_EVENT_LABELS[e.kind]}</strong>
                <span className="muted small">
                  {" "}
                  · {formatChinaDateTime(e.at)} · {e.unit ? `${e.unit} ` : ""}
                  {e.actor}
                </span>
              </div>
              {e.dueAt && (e.kind === "EXTENSION_REQUESTED" || e.kind === "EXTENSION_APPROVED") ? (
                <div className="small">延期至 {formatDeadline(e.dueAt)}</div>
              ) : null}
              {e.note ? <p className="pre-wrap">{e.note}</p> : null}
              {e.attachments.length ? (
                <ul className="plain-list">
                  {e.attachments.map((f) => (
                    <li key={f.id}>
                      <a href={`/resources/attachments/${f.id}`} download>
                        {f.fileName}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
