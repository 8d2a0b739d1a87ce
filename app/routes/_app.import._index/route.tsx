import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { claimCreate, digest } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import {
  IMPORT_KIND_LABELS,
  IMPORT_KIND_SHORT,
  IMPORT_KINDS,
  IMPORT_STATUS_LABELS,
  MAX_UPLOAD_MB,
} from "~/domain/importSpec";
import { label } from "~/domain/labels";
import { enqueueImport } from "~/jobs/importWorker.server";
import { createImportJob, listImportJobs, MAX_IMPORT_BYTES } from "~/models/importJob.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { readUploadForm } from "~/utils/upload.server";
import { firstFile, UploadForm } from "./UploadForm";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "数据导入 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "import");
  return { jobs: await listImportJobs(viewer), isCounty: viewer.role === "COUNTY" };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "import");
  let fd: FormData;
  try {
    fd = await readUploadForm(request, {
      fileFields: ["file"],
      maxFiles: 1,
      maxFileBytes: MAX_IMPORT_BYTES,
      tooLarge: () => `文件不能超过 ${MAX_UPLOAD_MB} MB，请拆分后分别导入`,
    });
  } catch (err) {
    return answerRefusal(err); // UploadRejected: next to the file input
  }
  const parsed = parseWith(UploadForm, formDataToObject(fd));
  if (!parsed.success) return answerRefusal(Refusal.fields(parsed.fieldErrors));
  const file = firstFile(parsed.data.file) as File;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let id: number;
  try {
    const claim = claimCreate(viewer, "ImportJob", {
      kind: parsed.data.kind,
      createToken: fd.get("createToken"),
      file: [file.name, digest(bytes)],
    });
    id = await createImportJob(viewer, { kind: parsed.data.kind, fileName: file.name, bytes }, claim);
    // a repeat of the same upload answers the first job, which is already queued
    if (!claim.replayed) enqueueImport(id);
  } catch (err) {
    return answerRefusal(err); // no token, or a stale form's token reused for another file
  }
  return redirect(`/import/${id}`);
}

export default function ImportPage() {
  const { jobs, isCounty } = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const busy = useNavigation().state === "submitting";
  const { register, onSubmit, errorOf } = useZodForm(UploadForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { kind: "projects" },
  });
  return (
    <>
      <div className="page-head">
        <h1>数据导入</h1>
        <span className="muted">从 Excel（.xlsx）或 CSV 批量导入项目和招商引资签约项目</span>
      </div>

      <section className="card" aria-labelledby="tpl-title">
        <h2 id="tpl-title">第一步：下载模板并填写</h2>
        <p className="small">
          模板第一行为中文表头，红色为必填列；“填写说明”表列出每列的要求，“参考数据”表列出县区、产业等可选值。金额单位为
          <strong>万元（整数）</strong>，日期填实际发生日期。从项目库导出的文件可以直接导入。
          {isCounty ? " 县（区、市）账号只能导入本县（区、市）的项目。" : ""}
        </p>
        <ul className="template-list">
          {IMPORT_KINDS.map((k) => (
            <li key={k}>
              <span>{IMPORT_KIND_LABELS[k]}</span>
              <a className="button" href={`/resources/import-template?kind=${k}&format=xlsx`} download>
                下载{IMPORT_KIND_SHORT[k]}模板（Excel）
              </a>
              <a href={`/resources/import-template?kind=${k}&format=csv`} download>
                CSV 模板
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="up-title">
        <h2 id="up-title">第二步：上传文件</h2>
        <p className="small muted">
          上传后系统逐行检查并给出预览，确认后才会写入；任何一行有错时整个文件都不会导入。单个文件不超过 {MAX_UPLOAD_MB}{" "}
          MB、10 万行。
        </p>
        <FormError message={actionData?.formError} />
        <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="form-stack">
          <CreateToken />
          <fieldset className="field">
            <legend className="label">导入内容</legend>
            {IMPORT_KINDS.map((k) => (
              <label key={k} className="checkbox">
                <input type="radio" value={k} {...register("kind")} />
                {IMPORT_KIND_LABELS[k]}
              </label>
            ))}
            {errorOf("kind") ? (
              <span className="field-error" role="alert">
                {errorOf("kind")}
              </span>
            ) : null}
          </fieldset>
          <Field id="file" label="选择文件（.xlsx 或 .csv）" error={errorOf("file")} required>
            {(p) => (
              <input
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                {...p}
                {...register("file")}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? "正在上传…" : "上传并检查"}
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="jobs-title">
        <h2 id="jobs-title">我的导入记录</h2>
        {jobs.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain">
              <caption className="sr-only">我的导入记录（最近 10 次）</caption>
              <thead>
                <tr>
                  <th scope="col">上传时间</th>
                  <th scope="col">文件</th>
                  <th scope="col">内容</th>
                  <th scope="col">状态</th>
                  <th scope="col" className="num">
                    行数
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr key={j.id}>
                    <td className="nowrap">{formatChinaDateTime(j.createdAt)}</td>
                    <td>
                      <Link to={`/import/${j.id}`}>{j.fileName}</Link>
                    </td>
                    <td>{IMPORT_KIND_SHORT[j.kind]}</td>
                    <td>
                      {j.interrupted ? "已中断，将自动继续" : label(IMPORT_STATUS_LABELS, j.status)}
                      {j.errorCount ? `（${j.errorCount} 处错误）` : ""}
                    </td>
                    <td className="num">{j.totalRows || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">还没有导入记录。</p>
        )}
      </section>
    </>
  );
}
