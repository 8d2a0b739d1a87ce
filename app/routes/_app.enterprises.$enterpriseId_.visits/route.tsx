// 走访记录 of an enterprise without a project (issue 15 §2, docs/decisions/117): a service team (for an enterprise in
// its scope) or 市经信委 logs a visit, call or meeting with the enterprise itself — a 优势企业 usually — and marks
// its follow-up done. The visits also show on the enterprise's profile, the team's page and the team's week list.
// A visit takes 现场照片 through the shared pipeline (docs/decisions/272): marked when taken more than 7 days before
// the 服务日期; no distance mark, since a visit has no project point.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { Options } from "~/components/form/Options";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { SERVICE_LOG_KIND_LABELS } from "~/domain/labels";
import { FollowUpDoneForm, serviceLogSchema } from "~/domain/progressForms";
import { Refusal } from "~/domain/refusal";
import { addEnterpriseVisit, enterpriseVisits, setVisitFollowUpDone } from "~/models/enterpriseVisit.server";
import { photosOf } from "~/models/sitePhotos.server";
import { PhotoInput } from "~/components/form/PhotoInput";
import { SitePhotos } from "~/components/project/SitePhotos";
import { requirePage } from "~/utils/auth.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { acceptPhotos, photoClaimInput, readPhotoForm, type StoredPhotos } from "~/utils/photos.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `走访记录 · ${data?.enterprise.name ?? "企业"} · 企业库` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "enterpriseVisits");
  const enterprise = await enterpriseVisits(viewer, idParam(params.enterpriseId));
  if (!enterprise) notFound();
  const photos = await photosOf(viewer, "visit", { visitsOf: enterprise.id });
  const serviceLogs = enterprise.serviceLogs.map((l) => ({ ...l, photos: photos.get(l.id) ?? [] }));
  return { enterprise: { ...enterprise, serviceLogs }, today: clockToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "enterpriseVisits");
  const id = idParam(params.enterpriseId);
  let formData: FormData;
  try {
    formData = await readPhotoForm(request);
  } catch (e) {
    return answerRefusal(e, { form: "visit" }); // UploadRejected: next to the photos input
  }
  const raw = formDataToObject(formData);
  const back = `/enterprises/${id}/visits`;
  let photos: StoredPhotos | null = null;
  try {
    if (raw.intent === "followUp") {
      const parsed = parseWith(FollowUpDoneForm, raw);
      if (!parsed.success) throw Refusal.form("记录无效").with({ form: "followUp" });
      const log = await setVisitFollowUpDone(viewer, id, parsed.data.logId, parsed.data.done);
      if (!log) notFound();
      return redirect(back, { headers: await flash(request, parsed.data.done ? "已标记为已跟进" : "已恢复为待跟进") });
    }
    const parsed = parseWith(serviceLogSchema(clockToday()), raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const claim = claimCreate(viewer, "ServiceLog", { ...raw, photos: photoClaimInput(parsed.data.photos) });
    // every photo is checked and converted before anything is stored: a bad 5th photo leaves nothing behind
    photos = await acceptPhotos(parsed.data.photos, clockNow());
    await addEnterpriseVisit(viewer, id, parsed.data, claim, photos);
    // a repeat of the same form: the first submission's visit has its own copies of the photos
    if (claim.replayed) await photos?.discard();
    return redirect(back, { headers: await flash(request, "已保存走访记录") });
  } catch (e) {
    await photos?.discard();
    return answerRefusal(e, { form: "visit", values: raw });
  }
}

export default function EnterpriseVisitsPage() {
  const { enterprise: e, today } = useLoaderData<typeof loader>();
  const fail = useFailure("visit");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(serviceLogSchema(today), {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, { kind: "VISIT", occurredOn: today, people: "", content: "", followUpOn: "" }),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/enterprises">企业库</Link> / <Link to={`/enterprises/${e.id}`}>{e.name}</Link> / 走访记录
      </p>
      <div className="page-head">
        <h1>走访记录</h1>
        {e.isKeyEnterprise ? <span className="badge green">优势企业</span> : null}
      </div>
      <p className="muted">
        {e.name}
        {e.serviceTeam ? ` · 服务小组：${e.serviceTeam.name}` : " · 未分配服务小组"}
        。此处记录与项目无关的走访、电话和会议； 项目的服务记录请在项目页登记。
      </p>
      <section className="card" aria-labelledby="v-form">
        <h2 id="v-form">记录走访</h2>
        <FormError message={fail?.formError} />
        <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
          <CreateToken />
          <Field id="v-kind" label="服务方式" error={errorOf("kind")} required>
            {(p) => (
              <select {...p} {...field("kind")}>
                <Options items={SERVICE_LOG_KIND_LABELS} />
              </select>
            )}
          </Field>
          <Field id="v-occurredOn" label="服务日期" error={errorOf("occurredOn")} required>
            {(p) => <input type="date" max={today} {...p} {...field("occurredOn")} />}
          </Field>
          <Field id="v-people" label="参加人员" hint="服务小组成员、企业联系人等" error={errorOf("people")} required>
            {(p) => <input type="text" {...p} {...field("people")} />}
          </Field>
          <Field id="v-followUpOn" label="下次跟进日期" error={errorOf("followUpOn")}>
            {(p) => <input type="date" {...p} {...field("followUpOn")} />}
          </Field>
          <Field id="v-content" label="服务内容" error={errorOf("content")} required className="span-all">
            {(p) => <textarea rows={4} {...p} {...field("content")} />}
          </Field>
          <PhotoInput id="v-photos" field={field} error={errorOf("photos")} className="span-all" />
          <div className="form-actions span-all">
            <button type="submit" className="primary" disabled={busy}>
              保存走访记录
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="v-list">
        <h2 id="v-list">走访记录（不含项目服务记录）</h2>
        {e.serviceLogs.length ? (
          <ol className="plain-list log-list">
            {e.serviceLogs.map((l) => (
              <li key={l.id}>
                <div>
                  <strong>{formatChineseDate(l.occurredOn)}</strong> · {SERVICE_LOG_KIND_LABELS[l.kind]} · {l.people}
                  {l.team ? <span className="muted small"> · {l.team.name}</span> : null}
                </div>
                <p>{l.content}</p>
                <SitePhotos
                  photos={l.photos}
                  of={`${formatChineseDate(l.occurredOn)}${SERVICE_LOG_KIND_LABELS[l.kind]}`}
                />
                {l.followUpOn ? (
                  <div className="small">
                    跟进：{formatChineseDate(l.followUpOn)}{" "}
                    {l.followUpDone ? (
                      <span className="badge green">已跟进</span>
                    ) : l.followUpOn < today ? (
                      <span className="badge red">跟进已逾期</span>
                    ) : (
                      <span className="badge yellow">待跟进</span>
                    )}
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="followUp" />
                      <input type="hidden" name="logId" value={l.id} />
                      <input type="hidden" name="done" value={l.followUpDone ? "0" : "1"} />
                      <button type="submit" className="link">
                        {l.followUpDone ? "恢复为待跟进" : "标记已跟进"}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">暂无走访记录。</p>
        )}
      </section>
    </>
  );
}
