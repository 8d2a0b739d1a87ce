// 用地 (issue 18 §4, docs/decisions/220–221): a project's land records — 供地方式 (出让, 弹性出让 with 年限, 先租后让,
// 租赁), parcel, area in 亩, price — and each one's 出让金 instalment schedule with what was paid and what is
// overdue. Those who log the project's progress (its county, its team, the bureau) add, edit and delete them, and
// attach its documents (出让合同, 不动产权证书, 租赁合同; docs/decisions/271) through the one upload pipeline with
// the rules of the project's other documents (a fund application's: 5 files of 10 MB, PDF, images, Word, Excel).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ConflictNotice, withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import {
  formatMu,
  INSTALMENT_ROWS,
  INSTALMENT_STATE_LABELS,
  LAND_METHOD_LABELS,
  landSupplyForm,
  landValues,
  sumMu,
  type LandSupplyMethod,
} from "~/domain/land";
import { formatWan } from "~/domain/money";
import { Refusal } from "~/domain/refusal";
import { attachToLand, createLand, deleteLand, projectLand, updateLand } from "~/models/land.server";
import { requireProject } from "~/models/projectAccess.server";
import { requirePage } from "~/utils/auth.server";
import { ATTACHMENT_ACCEPT, discardFiles, MAX_FILES, readMultipartForm, storeFiles } from "~/utils/attachments.server";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { claimCreate } from "~/utils/createToken.server";
import { parseWith } from "~/utils/form.server";
import { notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `用地 · ${data?.project.name ?? "项目"}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePage(request, "projectLand");
  const { viewer, project } = await requireProject(request, params.projectId, { write: false });
  const today = clockToday();
  const land = await projectLand(viewer, project.id, today);
  if (!land) notFound();
  return {
    project,
    today,
    canEdit: land.canEdit,
    records: land.records,
    upload: { accept: ATTACHMENT_ACCEPT, maxFiles: MAX_FILES },
  };
}

const ID = /^\d{1,9}$/;

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePage(request, "projectLand");
  const { viewer, project } = await requireProject(request, params.projectId, { write: true });
  // a record's 补充文件 form posts to ?attach=<id>, so that a refused file is shown next to that form's input
  const attachTo = new URL(request.url).searchParams.get("attach");
  const attachId = attachTo && ID.test(attachTo) ? Number(attachTo) : null;
  let upload: Awaited<ReturnType<typeof readMultipartForm>>;
  try {
    upload = await readMultipartForm(request, "attachments");
  } catch (e) {
    return answerRefusal(e, { form: attachId ? `attach-${attachId}` : "land" }); // next to the files input
  }
  const raw = upload.fields;
  const today = clockToday();
  const id = typeof raw.id === "string" && ID.test(raw.id) ? Number(raw.id) : null;
  const back = `/projects/${project.id}/land`;
  const form = attachId ? `attach-${attachId}` : raw.intent === "delete" ? "delete" : id ? `land-${id}` : "land";
  let stored: Awaited<ReturnType<typeof storeFiles>> = [];
  const store = async () => (stored = await storeFiles(`land/${clockNow().toISOString().slice(0, 4)}`, upload.files));
  try {
    if (attachId) {
      await attachToLand(viewer, project.id, attachId, await store());
      return redirect(back, { headers: await flash(request, `已上传 ${stored.length} 个文件`) });
    }
    // only the 登记供地 form carries files; the edit and delete forms have no file input
    if (upload.files.length && (id || raw.intent === "delete"))
      throw Refusal.fields({ attachments: "请在供地记录的「补充文件」中上传" });
    if (raw.intent === "delete") {
      if (!id) throw Refusal.form("未找到该供地记录", 404);
      const version = typeof raw.version === "string" && /^\d{1,9}$/.test(raw.version) ? Number(raw.version) : -1;
      await deleteLand(viewer, project.id, id, version);
      return redirect(back, { headers: await flash(request, "已删除供地记录") });
    }
    const parsed = parseWith(landSupplyForm(today), raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    const v = landValues(parsed.data, today);
    if (id) {
      await updateLand(viewer, project.id, id, v);
      return redirect(back, { headers: await flash(request, "已保存供地记录") });
    }
    const claim = claimCreate(viewer, "LandSupply", {
      ...raw,
      attachments: upload.files.map((f) => [f.name, f.bytes.byteLength]),
    });
    await createLand(viewer, project.id, v, claim, await store());
    // a repeat of the same form: the first submission's record has its own copies of the files
    if (claim.replayed) await discardFiles(stored);
    return redirect(back, {
      headers: await flash(
        request,
        `已登记供地 ${formatMu(v.area)}${v.instalments.length ? `，出让金分 ${v.instalments.length} 期缴纳` : ""}` +
          (upload.files.length ? `，文件 ${upload.files.length} 个` : ""),
      ),
    });
  } catch (e) {
    await discardFiles(stored);
    return answerRefusal(e, { form, values: raw });
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type LandRecord = Data["records"][number];

export default function ProjectLandPage() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const editing = d.canEdit ? d.records.find((r) => String(r.id) === params.get("edit")) : undefined;
  const area = sumMu(d.records.map((r) => r.area));
  const price = d.records.reduce((s, r) => s + (r.price ?? 0), 0);
  const overdue = d.records.flatMap((r) => r.instalments).filter((i) => i.state === "overdue");
  const deleteFail = useFailure("delete");
  return (
    <>
      <ProjectWorkHeader project={d.project} title="用地" />
      <FormError message={deleteFail?.formError ?? deleteFail?.conflict?.message} />
      <section className="card" aria-labelledby="land-sum">
        <h2 id="land-sum">供地情况</h2>
        <p>
          共 {d.records.length} 宗，面积 <strong>{formatMu(area)}</strong>，出让金（租金）合计 {formatWan(price)}
          {overdue.length ? (
            <span className="badge red">
              {" "}
              {overdue.length} 期出让金逾期，未缴 {formatWan(overdue.reduce((s, i) => s + i.owed, 0))}
            </span>
          ) : null}
        </p>
      </section>
      {d.records.map((r) => (
        <LandCard key={r.id} r={r} canEdit={d.canEdit} projectId={d.project.id} />
      ))}
      {editing ? <LandForm key={`e${editing.id}`} record={editing} /> : d.canEdit ? <LandForm key="new" /> : null}
    </>
  );
}

function LandCard({ r, canEdit, projectId }: { r: LandRecord; canEdit: boolean; projectId: number }) {
  const paid = r.instalments.reduce((s, i) => s + (i.paidAmount ?? 0), 0);
  return (
    <section className="card" aria-labelledby={`land-${r.id}`}>
      <h2 id={`land-${r.id}`}>
        {LAND_METHOD_LABELS[r.method]} · {r.location}
      </h2>
      <dl className="fields">
        <dt>供地方式</dt>
        <dd>
          {LAND_METHOD_LABELS[r.method]}
          {r.years ? `（${r.years} 年）` : ""}
        </dd>
        <dt>宗地编号</dt>
        <dd>{r.parcelNo ?? "—"}</dd>
        <dt>面积</dt>
        <dd>{formatMu(r.area)}</dd>
        <dt>{r.method === "LEASE" ? "租金" : "出让金"}</dt>
        <dd>{r.price === null ? "—" : formatWan(r.price)}</dd>
        <dt>供地日期</dt>
        <dd>{formatChineseDate(r.suppliedOn)}</dd>
        {r.note ? (
          <>
            <dt>备注</dt>
            <dd>{r.note}</dd>
          </>
        ) : null}
      </dl>
      {r.instalments.length ? (
        <>
          <h3>
            分期缴纳
            <span className="section-count">
              {r.instalments.length} 期，已缴 {formatWan(paid)}
            </span>
          </h3>
          <table className="plain compact card-table">
            <caption className="sr-only">{r.location}出让金分期</caption>
            <thead>
              <tr>
                <th scope="col">期次</th>
                <th scope="col">应缴日期</th>
                <th scope="col" className="num">
                  应缴金额
                </th>
                <th scope="col">缴纳日期</th>
                <th scope="col" className="num">
                  实缴金额
                </th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {r.instalments.map((i) => (
                <tr key={i.id} className={i.state === "overdue" ? "overdue" : undefined}>
                  <th scope="row">第 {i.seq} 期</th>
                  <td data-label="应缴日期" className="nowrap">
                    {formatChineseDate(i.dueOn)}
                  </td>
                  <td data-label="应缴金额" className="num">
                    {formatWan(i.amount)}
                  </td>
                  <td data-label="缴纳日期" className="nowrap">
                    {i.paidOn ? formatChineseDate(i.paidOn) : "—"}
                  </td>
                  <td data-label="实缴金额" className="num">
                    {i.paidAmount === null ? "—" : formatWan(i.paidAmount)}
                  </td>
                  <td data-label="状态">
                    <span className={`badge ${i.state === "overdue" ? "red" : i.state === "paid" ? "green" : "blue"}`}>
                      {INSTALMENT_STATE_LABELS[i.state]}
                      {i.state === "overdue" ? `，未缴 ${formatWan(i.owed)}` : ""}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted small">{r.price ? "一次性缴纳，未登记分期。" : "未登记出让金。"}</p>
      )}
      <LandDocuments r={r} canEdit={canEdit} projectId={projectId} />
      {canEdit ? (
        <p className="form-actions">
          <Link className="button" to={`/projects/${projectId}/land?edit=${r.id}#land-form`}>
            修改<span className="sr-only">{r.location}的供地记录</span>
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** 供地文件 (docs/decisions/271): downloads through /resources/attachments (the project's scope), and 补充文件. */
function LandDocuments({ r, canEdit, projectId }: { r: LandRecord; canEdit: boolean; projectId: number }) {
  const { upload } = useLoaderData<typeof loader>();
  const fail = useFailure(`attach-${r.id}`);
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h3>
        供地文件<span className="section-count">{r.documents.length} 个</span>
      </h3>
      {r.documents.length ? (
        <ul className="plain-list">
          {r.documents.map((f) => (
            <li key={f.id}>
              <a href={`/resources/attachments/${f.id}`} download>
                {f.fileName}
              </a>{" "}
              <span className="muted small">{Math.max(1, Math.round(f.size / 1024))} KB</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">暂无出让合同、不动产权证书等文件。</p>
      )}
      {canEdit ? (
        <Form
          method="post"
          action={`/projects/${projectId}/land?attach=${r.id}`}
          encType="multipart/form-data"
          className="form-grid"
        >
          <FormError message={fail?.formError} />
          <Field
            id={`l-attach-${r.id}`}
            label="补充文件"
            error={fail?.fieldErrors?.attachments}
            hint={`最多 ${upload.maxFiles} 个，每个不超过 10MB（PDF、图片、Word、Excel）`}
          >
            {(p) => <input type="file" name="attachments" multiple accept={upload.accept} {...p} />}
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              上传文件<span className="sr-only">到{r.location}的供地记录</span>
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}

function defaultsOf(r?: LandRecord) {
  const rows = Object.fromEntries(
    INSTALMENT_ROWS.flatMap((n) => {
      const i = r?.instalments.find((x) => x.seq === n);
      return [
        [`due${n}`, i?.dueOn ?? ""],
        [`amt${n}`, i ? String(i.amount) : ""],
        [`paidOn${n}`, i?.paidOn ?? ""],
        [`paid${n}`, i?.paidAmount != null ? String(i.paidAmount) : ""],
      ];
    }),
  ) as Record<string, string>;
  return {
    version: r ? String(r.version) : "",
    method: (r?.method ?? "") as LandSupplyMethod,
    parcelNo: r?.parcelNo ?? "",
    location: r?.location ?? "",
    area: r ? r.area.replace(/\.?0+$/, "") : "",
    years: r?.years ? String(r.years) : "",
    price: r?.price != null ? String(r.price) : "",
    suppliedOn: r?.suppliedOn ?? "",
    note: r?.note ?? "",
    ...rows,
  };
}

function LandForm({ record }: { record?: LandRecord }) {
  const d = useLoaderData<typeof loader>();
  const fail = useFailure(record ? `land-${record.id}` : "land");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(landSupplyForm(d.today), {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, defaultsOf(record)),
  });
  return (
    <section className="card" aria-labelledby="land-form-title" id="land-form">
      <h2 id="land-form-title">{record ? `修改供地记录：${record.location}` : "登记供地"}</h2>
      <ConflictNotice failure={fail} />
      <FormError message={fail?.formError} />
      <Form
        method="post"
        encType={record ? undefined : "multipart/form-data"}
        onSubmit={onSubmit}
        noValidate
        className="form-grid"
        aria-labelledby="land-form-title"
      >
        {record ? <input type="hidden" name="id" value={record.id} /> : <CreateToken />}
        <input type="hidden" {...field("version")} />
        <Field id="l-method" label="供地方式" error={errorOf("method")} required>
          {(p) => (
            <select {...p} {...field("method")}>
              <option value="">请选择</option>
              {Object.entries(LAND_METHOD_LABELS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="l-years" label="年限（年）" error={errorOf("years")} hint="弹性出让必填，1–50 年">
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("years")} />}
        </Field>
        <Field id="l-location" label="土地坐落" error={errorOf("location")} required className="span-all">
          {(p) => <input type="text" maxLength={200} {...p} {...field("location")} />}
        </Field>
        <Field id="l-parcel" label="宗地编号" error={errorOf("parcelNo")}>
          {(p) => <input type="text" maxLength={60} {...p} {...field("parcelNo")} />}
        </Field>
        <Field id="l-area" label="供地面积（亩）" error={errorOf("area")} required>
          {(p) => <input type="text" inputMode="decimal" {...p} {...field("area")} />}
        </Field>
        <Field id="l-price" label="出让金（万元）" error={errorOf("price")} hint="租赁填租金总额">
          {(p) => <input type="text" inputMode="numeric" {...p} {...field("price")} />}
        </Field>
        <Field id="l-on" label="供地日期" error={errorOf("suppliedOn")} required>
          {(p) => <input type="date" max={d.today} {...p} {...field("suppliedOn")} />}
        </Field>
        <Field id="l-note" label="备注" error={errorOf("note")} className="span-all">
          {(p) => <input type="text" maxLength={300} {...p} {...field("note")} />}
        </Field>
        {record ? null : (
          <Field
            id="l-files"
            label="土地文件"
            error={errorOf("attachments") ?? fail?.fieldErrors?.attachments}
            hint={`可选：出让合同、不动产权证书、租赁合同等，最多 ${d.upload.maxFiles} 个，每个不超过 10MB（PDF、图片、Word、Excel）`}
            className="span-all"
          >
            {(p) => <input type="file" name="attachments" multiple accept={d.upload.accept} {...p} />}
          </Field>
        )}
        <fieldset className="span-all instalments">
          <legend>出让金分期缴纳（各期合计须等于出让金；不分期留空）</legend>
          {errorOf("schedule") ? (
            <p className="field-error" role="alert" id="l-schedule-error">
              {errorOf("schedule")}
            </p>
          ) : null}
          {INSTALMENT_ROWS.map((n) => (
            <div key={n} className="instalment-row">
              <Field id={`l-due${n}`} label={`第${n}期应缴日期`} error={errorOf(`due${n}`)}>
                {(p) => <input type="date" {...p} {...field(`due${n}`)} />}
              </Field>
              <Field id={`l-amt${n}`} label={`第${n}期应缴金额（万元）`} error={errorOf(`amt${n}`)}>
                {(p) => <input type="text" inputMode="numeric" {...p} {...field(`amt${n}`)} />}
              </Field>
              <Field id={`l-paidOn${n}`} label={`第${n}期缴纳日期`} error={errorOf(`paidOn${n}`)}>
                {(p) => <input type="date" max={d.today} {...p} {...field(`paidOn${n}`)} />}
              </Field>
              <Field id={`l-paid${n}`} label={`第${n}期实缴金额（万元）`} error={errorOf(`paid${n}`)}>
                {(p) => <input type="text" inputMode="numeric" {...p} {...field(`paid${n}`)} />}
              </Field>
            </div>
          ))}
        </fieldset>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            {record ? "保存供地记录" : "登记供地"}
          </button>
          {record ? (
            <Link className="button" to={`/projects/${d.project.id}/land`}>
              取消修改
            </Link>
          ) : null}
        </div>
      </Form>
      {record ? (
        <Form
          method="post"
          className="form-actions"
          onSubmit={(e) => {
            if (!window.confirm(`删除供地记录「${record.location}」及其分期？`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="id" value={record.id} />
          <input type="hidden" name="version" value={record.version} />
          <button type="submit" className="danger">
            删除该供地记录
          </button>
        </Form>
      ) : null}
    </section>
  );
}
