// 编辑项目: version-checked — when someone else saved in between, the save is refused and the form shows
// which fields they changed (their value vs yours); nothing is overwritten silently.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { ProjectForm } from "~/components/project/ProjectForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { canEditProject } from "~/domain/permissions";
import { ProjectEditForm } from "~/domain/projectForm";
import {
  describeProjectConflict,
  getProjectForEdit,
  projectFormOptions,
  updateProject,
} from "~/models/projectEdit.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { answerRefusal } from "~/utils/refusal.server";
import { today as clockToday } from "~/utils/clock.server";

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
  return { project, options: await projectFormOptions(viewer), today: clockToday() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await load(request, params.projectId);
  const raw = formDataToObject(await request.formData());
  const parsed = parseWith(ProjectEditForm, raw);
  try {
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const r = await updateProject(viewer, project.id, parsed.data);
    if (!r) notFound();
    const msg = r.changed.length ? "项目已保存" : "没有修改";
    return redirect(`/projects/${project.id}`, { headers: await flash(request, msg) });
  } catch (e) {
    if (e instanceof Refusal && e.detail.conflict && parsed.success) {
      // What the other person changed, and the version to carry on from once the user has seen it.
      const [changed, now] = await Promise.all([
        describeProjectConflict(project.id, parsed.data.version, parsed.data),
        db.as(viewer).project.findUnique({ where: { id: project.id }, select: { version: true } }),
      ]);
      return answerRefusal(
        Refusal.conflict({ changed }).with({
          currentVersion: now?.version ?? null,
          values: { ...raw, version: String(now?.version ?? raw.version) },
        }),
      );
    }
    return answerRefusal(e, { values: raw });
  }
}

export default function EditProject() {
  const { project, options, today } = useLoaderData<typeof loader>();
  const fail = useFailure();
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
