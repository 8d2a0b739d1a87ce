// 提交诉求: an enterprise files an issue about one of its projects (or about the enterprise as a whole); a
// service team or county may file one on an enterprise's behalf. Attachments are optional.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { claimCreate, type CreateClaim } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { SubmitIssueForm } from "~/domain/issueForms";
import { ISSUE_CATEGORY_LABELS } from "~/domain/labels";
import { submitIssue, submittableProjects } from "~/models/issue.server";
import { loadSlaPolicy } from "~/models/slaConfig.server";
import { requirePage } from "~/utils/auth.server";
import { parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { ATTACHMENT_ACCEPT, discardFiles, MAX_FILES, readMultipartForm, storeFiles } from "~/utils/attachments.server";
import { Options } from "~/components/form/Options";
import { now as clockNow } from "~/utils/clock.server";
import { acceptPhotos, photoClaimInput, type StoredPhotos } from "~/utils/photos.server";
import { PhotoInput } from "~/components/form/PhotoInput";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "提交诉求 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "issueNew");
  const [projects, policy] = await Promise.all([submittableProjects(viewer), loadSlaPolicy()]);
  return {
    isEnterprise: viewer.role === "ENTERPRISE",
    projects: projects.map((p) => ({
      id: p.id,
      label: viewer.role === "ENTERPRISE" ? p.name : `${p.name}（${p.enterprise?.name ?? ""}）`,
    })),
    policy: {
      acceptDays: policy.acceptDays,
      respondDays: policy.respondDays,
      resolveDays: policy.resolveDays,
      complexDays: policy.complexDays,
    },
    maxFiles: MAX_FILES,
    accept: ATTACHMENT_ACCEPT,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "issueNew");
  let form: Awaited<ReturnType<typeof readMultipartForm>>;
  try {
    form = await readMultipartForm(request, "attachments", { photos: true });
  } catch (e) {
    return answerRefusal(e); // UploadRejected: next to the attachments input
  }
  const parsed = parseWith(SubmitIssueForm, form.fields);
  if (!parsed.success) return answerRefusal(Refusal.fields(parsed.fieldErrors));
  let claim: CreateClaim;
  try {
    claim = claimCreate(viewer, "CoordinationIssue", {
      ...form.fields,
      attachments: form.files.map((f) => [f.name, f.bytes.byteLength]),
      photos: photoClaimInput(form.photos),
    });
  } catch (e) {
    return answerRefusal(e);
  }
  let photos: StoredPhotos | null = null;
  try {
    // every photo is checked and converted before anything is stored: a bad photo refuses the whole submit
    photos = await acceptPhotos(form.photos, clockNow());
  } catch (e) {
    return answerRefusal(e);
  }
  const files = await storeFiles(`issues/${clockNow().getFullYear()}`, form.files);
  try {
    const r = await submitIssue(
      viewer,
      {
        category: parsed.data.category,
        title: parsed.data.title,
        description: parsed.data.description,
        projectId: parsed.data.projectId ? Number(parsed.data.projectId) : null,
      },
      files,
      undefined,
      claim,
      photos,
    );
    // a repeat of the same form: the first submission's issue, which has its own copies of the files
    if (claim.replayed) {
      await discardFiles(files);
      await photos?.discard();
    }
    return redirect(`/issues/${r.id}`, {
      headers: await flash(request, `诉求 ${r.code} 已提交，办理进度可在本页跟踪`),
    });
  } catch (e) {
    await discardFiles(files);
    await photos?.discard();
    return answerRefusal(e);
  }
}

export default function NewIssue() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const busy = useNavigation().state === "submitting";
  const initialProject = d.projects.length === 1 ? String(d.projects[0].id) : "";
  const { register, onSubmit, errorOf } = useZodForm(SubmitIssueForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { projectId: initialProject },
  });
  const fileError = actionData?.fieldErrors.attachments;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/issues">{d.isEnterprise ? "我的诉求" : "诉求办理"}</Link> / 提交诉求
      </p>
      <div className="page-head">
        <h1>{d.isEnterprise ? "提交诉求" : "代企业提交诉求"}</h1>
      </div>
      <p className="muted">
        按“13710”工作制度：{d.policy.acceptDays} 个工作日内受理，{d.policy.respondDays} 个工作日内首次反馈，一般问题{" "}
        {d.policy.resolveDays} 个工作日内办结，复杂问题 {d.policy.complexDays}{" "}
        个工作日内办结或报告办理方案；逾期未办结的自动上报上一级协调。
      </p>
      <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate className="card">
        <FormError message={actionData?.formError} />
        <CreateToken />
        <div className="form-grid">
          <Field id="category" label="诉求类别" error={errorOf("category")} required>
            {(p) => (
              <select {...p} {...register("category")} defaultValue="">
                <option value="" disabled>
                  请选择
                </option>
                <Options items={ISSUE_CATEGORY_LABELS} />
              </select>
            )}
          </Field>
          <Field
            id="projectId"
            label="相关项目"
            error={errorOf("projectId")}
            required={!d.isEnterprise}
            hint={d.isEnterprise ? "与具体项目无关的企业整体问题可不选" : "代为提交时须选择企业的项目"}
          >
            {(p) => (
              <select defaultValue={initialProject} {...p} {...register("projectId")}>
                <option value="">{d.isEnterprise ? "不针对具体项目" : "请选择"}</option>
                {d.projects.map((pr) => (
                  <option key={pr.id} value={pr.id}>
                    {pr.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field id="title" label="标题" error={errorOf("title")} required className="mt">
          {(p) => (
            <input
              type="text"
              maxLength={120}
              placeholder="一句话说明问题，例如：二期用电增容申请迟迟未批复"
              {...p}
              {...register("title")}
            />
          )}
        </Field>
        <Field
          id="description"
          label="问题描述"
          error={errorOf("description")}
          required
          hint="请写明问题经过、已联系的部门和希望的解决方式（不超过 2000 字）"
          className="mt"
        >
          {(p) => <textarea rows={6} maxLength={2000} {...p} {...register("description")} />}
        </Field>
        <Field
          id="attachments"
          label="附件"
          error={fileError}
          hint={`可选，最多 ${d.maxFiles} 个，每个不超过 10MB，支持 PDF、图片、Word、Excel、文本`}
          className="mt"
        >
          {(p) => <input type="file" name="attachments" multiple accept={d.accept} {...p} />}
        </Field>
        <PhotoInput id="photos" error={actionData?.fieldErrors.photos} className="mt" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "正在提交…" : "提交诉求"}
          </button>
          <Link className="button" to="/issues">
            取消
          </Link>
        </div>
      </Form>
    </>
  );
}
