// The project a progress page works on: found inside the viewer's scope (404 otherwise) and, for writes,
// allowed by canLogProgress (403 otherwise). An enterprise reads only the summary on the detail page (403 here). Loaders and actions of the workspace pages start here.
import { canLogProgress, seesProjectWorkspace, type ProjectOwners, type Viewer } from "~/domain/permissions";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { projectScope } from "./scope.server";

export function findProjectRef(viewer: Viewer, id: number) {
  return prisma.project.findFirst({
    where: { AND: [{ id }, projectScope(viewer)] },
    select: {
      id: true,
      code: true,
      name: true,
      stage: true,
      countyId: true,
      serviceTeamId: true,
      enterpriseId: true,
      planYear: true,
      version: true,
    },
  });
}
export type ProjectRef = NonNullable<Awaited<ReturnType<typeof findProjectRef>>>;

/** 403 unless the viewer may log progress on the project (its team, its county, the bureau, admin). */
export function requireLogRight(viewer: Viewer, project: ProjectOwners) {
  if (!canLogProgress(viewer, project)) forbidden("您没有登记该项目进度的权限");
}

/** Viewer + project in scope; `write` also requires the right to log progress on it. */
export async function requireProject(request: Request, rawId: string | undefined, opts: { write: boolean }) {
  const viewer = await requireUser(request);
  const project = await findProjectRef(viewer, idParam(rawId));
  if (!project) notFound();
  if (!seesProjectWorkspace(viewer)) forbidden("企业用户请在项目详情页查看项目概况");
  if (opts.write) requireLogRight(viewer, project);
  const canLog = canLogProgress(viewer, project);
  return { viewer, project, canLog };
}
