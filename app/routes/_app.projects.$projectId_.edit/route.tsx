// 编辑项目: version-checked — when someone else saved in between, the save is refused and the form shows
// which fields they changed (their value vs yours); nothing is overwritten silently.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { failureFor } from "~/components/form/actionFailure";
import { ProjectForm } from "~/components/project/ProjectForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { chinaToday } from "~/domain/dates";
import { canEditProject } from "~/domain/permissions";
import { ProjectEditForm } from "~/domain/projectForm";
import {
  describeProjectConflict,
  getProjectForEdit,
  ProjectFormRefused,
  projectFormOptions,
  updateProject,
} from "~/models/projectEdit.server";
import { requireUser } from "~/utils/auth.server";
import { VersionConflict } from "~/utils/concurrency.server";
import { prisma } from "~/utils/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { CONFLICT_MESSAGE, failure, submittedValues } from "~/utils/writeErrors.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `编辑项目 · ${data?.project.values.name ?? ""}` },
];

async function load(request: Request, rawId: string | undefined) {
  const viewer = await requireUser(request);
  const project = await getProjectForEdit(viewer, idParam(rawId));
  if (!project) notFound();
  if (!canEditProject(viewer, { countyId: Number(project.values.countyId), serviceTeamId: null, enterpriseId: null })) {
    forbidden("您没有编辑该项目的权限");
  }
  return { viewer, project };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project } = await load(request, params.projectId);
  return { project, options: await projectFormOptions(viewer), today: chinaToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await load(request, params.projectId);
  const raw = formDataToObject(await request.formData());
  const values = submittedValues(raw);
  const parsed = parseWith(ProjectEditForm, raw);
  if (!parsed.success) return failure(400, { fieldErrors: parsed.fieldErrors, values });
  try {
    const r = await updateProject(viewer, project.id, parsed.data);
    if (!r) notFound();
    const msg = r.changed.length ? "项目已保存" : "没有修改";
    return redirect(`/projects/${project.id}`, { headers: await flash(request, msg) });
  } catch (e) {
    if (e instanceof ProjectFormRefused) {
      return failure(e.fieldErrors.countyId ? 403 : 400, {
        fieldErrors: e.fieldErrors,
        existingEnterprise: e.existingEnterprise,
        values,
      });
    }
    if (e instanceof VersionConflict) {
      const [changed, now] = await Promise.all([
        describeProjectConflict(project.id, parsed.data.version, parsed.data),
        prisma.project.findUnique({ where: { id: project.id }, select: { version: true } }),
      ]);
      return failure(409, {
        formError: CONFLICT_MESSAGE,
        conflict: { message: CONFLICT_MESSAGE, changed },
        currentVersion: now?.version ?? null,
        values: { ...values, version: String(now?.version ?? values.version) },
      });
    }
    throw e;
  }
}

export default function EditProject() {
  const { project, options, today } = useLoaderData<typeof loader>();
  const fail = failureFor(useActionData<typeof action>(), "");
  return (
    <>
      <p className="breadcrumb">
        <Link to="/projects">项目库</Link> / <Link to={`/projects/${project.id}`}>{project.values.name}</Link> / 编辑
      </p>
      <div className="page-head">
        <h1>编辑项目</h1>
        <span className="muted small">{project.code}</span>
      </div>
      <ProjectForm
        mode="edit"
        options={options}
        failure={fail}
        today={today}
        submitLabel="保存修改"
        defaults={project.values}
      />
    </>
  );
}
