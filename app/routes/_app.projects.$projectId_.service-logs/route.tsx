// 服务记录: visits, calls and meetings with the people involved, what was done and when to follow up.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { SERVICE_LOG_KIND_LABELS } from "~/domain/labels";
import { FollowUpDoneForm, serviceLogSchema } from "~/domain/progressForms";
import { addServiceLog, projectWorkspace, setFollowUpDone } from "~/models/progress.server";
import { requireProject } from "~/models/projectAccess.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { Options } from "~/components/form/Options";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { acceptPhotos, photoClaimInput, readPhotoForm, type StoredPhotos } from "~/utils/photos.server";
import { photosOf } from "~/models/sitePhotos.server";
import { PhotoInput } from "~/components/form/PhotoInput";
import { SitePhotos } from "~/components/project/SitePhotos";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `服务记录 · ${data?.project.name ?? "项目"}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project, canLog } = await requireProject(request, params.projectId, { write: false });
  const [{ serviceLogs }, photos] = await Promise.all([
    projectWorkspace(project.id),
    photosOf(viewer, "serviceLog", { projectId: project.id }),
  ]);
  const logs = serviceLogs.map((l) => ({ ...l, photos: photos.get(l.id) ?? [] }));
  return { project, canLog, today: clockToday(), logs };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await requireProject(request, params.projectId, { write: true });
  let formData: FormData;
  try {
    formData = await readPhotoForm(request);
  } catch (e) {
    return answerRefusal(e, { form: "log" }); // UploadRejected: next to the photos input
  }
  const raw = formDataToObject(formData);
  let photos: StoredPhotos | null = null;
  try {
    if (raw.intent === "followUp") {
      const parsed = parseWith(FollowUpDoneForm, raw);
      if (!parsed.success) throw Refusal.form("记录无效").with({ form: "followUp" });
      const log = await setFollowUpDone(viewer, project.id, parsed.data.logId, parsed.data.done);
      if (!log) notFound();
      return redirect(`/projects/${project.id}/service-logs`, {
        headers: await flash(request, parsed.data.done ? "已标记为已跟进" : "已恢复为待跟进"),
      });
    }
    const parsed = parseWith(serviceLogSchema(clockToday()), raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const claim = claimCreate(viewer, "ServiceLog", { ...raw, photos: photoClaimInput(parsed.data.photos) });
    // every photo is checked and converted before anything is stored: a bad 5th photo leaves nothing behind
    photos = await acceptPhotos(parsed.data.photos, clockNow());
    await addServiceLog(viewer, project, parsed.data, claim, photos);
    // a repeat of the same form: the first submission's log has its own copies of the photos
    if (claim.replayed) await photos?.discard();
    return redirect(`/projects/${project.id}/service-logs`, { headers: await flash(request, "已保存服务记录") });
  } catch (e) {
    await photos?.discard();
    return answerRefusal(e, { form: "log", values: raw });
  }
}

export default function ServiceLogsPage() {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure("log");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(serviceLogSchema(d.today), {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, { kind: "VISIT", occurredOn: d.today, people: "", content: "", followUpOn: "" }),
  });
  return (
    <>
      <ProjectWorkHeader project={d.project} title="服务记录" />
      {d.canLog ? (
        <section className="card" aria-labelledby="sl-title">
          <h2 id="sl-title">新增服务记录</h2>
          <FormError message={fail?.formError} />
          <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-grid">
            <CreateToken />
            <Field id="s-kind" label="服务方式" error={errorOf("kind")} required>
              {(p) => (
                <select {...p} {...field("kind")}>
                  <Options items={SERVICE_LOG_KIND_LABELS} />
                </select>
              )}
            </Field>
            <Field id="s-occurredOn" label="服务日期" error={errorOf("occurredOn")} required>
              {(p) => <input type="date" max={d.today} {...p} {...field("occurredOn")} />}
            </Field>
            <Field id="s-people" label="参加人员" hint="服务小组成员、企业联系人等" error={errorOf("people")} required>
              {(p) => <input type="text" {...p} {...field("people")} />}
            </Field>
            <Field id="s-followUpOn" label="下次跟进日期" error={errorOf("followUpOn")}>
              {(p) => <input type="date" {...p} {...field("followUpOn")} />}
            </Field>
            <Field id="s-content" label="服务内容" error={errorOf("content")} required className="span-all">
              {(p) => <textarea rows={4} {...p} {...field("content")} />}
            </Field>
            <PhotoInput id="s-photos" field={field} error={errorOf("photos")} className="span-all" />
            <div className="form-actions span-all">
              <button type="submit" className="primary" disabled={busy}>
                保存服务记录
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="sl-list">
        <h2 id="sl-list">最近的服务记录</h2>
        {d.logs.length ? (
          <ol className="plain-list log-list">
            {d.logs.map((l) => (
              <li key={l.id}>
                <div>
                  <strong>{formatChineseDate(l.occurredOn)}</strong> · {SERVICE_LOG_KIND_LABELS[l.kind]} · {l.people}
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
                    ) : l.followUpOn < d.today ? (
                      <span className="badge red">跟进已逾期</span>
                    ) : (
                      <span className="badge yellow">待跟进</span>
                    )}
                    {d.canLog ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="followUp" />
                        <input type="hidden" name="logId" value={l.id} />
                        <input type="hidden" name="done" value={l.followUpDone ? "0" : "1"} />
                        <button type="submit" className="link">
                          {l.followUpDone ? "恢复为待跟进" : "标记已跟进"}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">暂无服务记录。</p>
        )}
      </section>
    </>
  );
}
