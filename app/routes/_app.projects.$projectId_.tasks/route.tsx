// 代办事项: the approvals a service team handles for the project (立项备案 … 融资对接), with status, due date and
// handler; overdue ones are highlighted. Status changes are version-checked.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { AGENCY_TASK_STATUS_LABELS } from "~/domain/labels";
import { AgencyTaskForm, agencyTaskUpdateSchema } from "~/domain/progressForms";
import { addAgencyTask, projectWorkspace, teamMembers, updateAgencyTask } from "~/models/progress.server";
import { requireProject } from "~/models/projectAccess.server";
import { Refusal } from "~/domain/refusal";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal, showValue } from "~/utils/refusal.server";
import { NewTaskForm } from "./NewTaskForm";
import { TaskCard } from "./TaskCard";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";
import { acceptPhotos, readPhotoForm, type StoredPhotos } from "~/utils/photos.server";
import { photosOf } from "~/models/sitePhotos.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `代办事项 · ${data?.project.name ?? "项目"}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project, canLog } = await requireProject(request, params.projectId, { write: false });
  const [{ agencyTasks }, members, photos] = await Promise.all([
    projectWorkspace(project.id),
    teamMembers(project.serviceTeamId),
    photosOf(viewer, "agencyTask", { projectId: project.id }),
  ]);
  const tasks = agencyTasks.map((t) => ({ ...t, photos: photos.get(t.id) ?? [] }));
  return { project, canLog, today: clockToday(), tasks, members };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await requireProject(request, params.projectId, { write: true });
  let formData: FormData;
  try {
    formData = await readPhotoForm(request);
  } catch (e) {
    // UploadRejected: next to the photos input of the task being updated (the only form with photos)
    return answerRefusal(e, { form: `task-${new URL(request.url).searchParams.get("task") ?? ""}` });
  }
  const raw = formDataToObject(formData);
  const back = `/projects/${project.id}/tasks`;
  if (raw.intent === "update") {
    const form = `task-${String(raw.taskId ?? "")}`;
    const parsed = parseWith(agencyTaskUpdateSchema(clockToday()), raw);
    let photos: StoredPhotos | null = null;
    try {
      if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
      // every photo is checked and converted before anything is stored; the update then writes them or none
      photos = await acceptPhotos(parsed.data.photos, clockNow());
      const r = await updateAgencyTask(viewer, project, parsed.data, photos);
      return redirect(back, { headers: await flash(request, "unchanged" in r ? "没有修改" : "已更新代办事项") });
    } catch (e) {
      await photos?.discard();
      if (!parsed.success) return answerRefusal(e, { form, values: raw });
      const data = parsed.data;
      // The handler this user picked, by name (they chose among the team's members; one who left shows as "#id").
      const picked =
        e instanceof Refusal && e.detail.conflict && data.handlerId
          ? ((await db.as(viewer).user.findUnique({ where: { id: data.handlerId }, select: { displayName: true } }))
              ?.displayName ?? `#${data.handlerId}`)
          : null;
      return answerRefusal(e, {
        form,
        values: raw,
        describeConflict: (cur) => [
          {
            field: "status",
            label: "状态",
            theirs: showValue(AGENCY_TASK_STATUS_LABELS[cur?.status as keyof typeof AGENCY_TASK_STATUS_LABELS]),
            yours: AGENCY_TASK_STATUS_LABELS[data.status],
          },
          { field: "dueOn", label: "办结时限", theirs: showValue(cur?.dueOn), yours: showValue(data.dueOn) },
          { field: "handlerName", label: "经办人", theirs: showValue(cur?.handlerName), yours: showValue(picked) },
        ],
      });
    }
  }
  try {
    const parsed = parseWith(AgencyTaskForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    await addAgencyTask(viewer, project, parsed.data, claimCreate(viewer, "AgencyTask", raw));
    return redirect(back, { headers: await flash(request, "已新增代办事项") });
  } catch (e) {
    return answerRefusal(e, { form: "new", values: raw });
  }
}

export default function TasksPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const overdue = d.tasks.filter((t) => t.overdue).length;
  return (
    <>
      <ProjectWorkHeader project={d.project} title="代办事项" />
      {d.canLog ? <NewTaskForm members={d.members} actionData={actionData} /> : null}
      <section className="card" aria-labelledby="t-list">
        <h2 id="t-list">代办事项清单 {overdue ? <span className="badge red">{overdue} 项已逾期</span> : null}</h2>
        {d.tasks.length ? (
          <ul className="task-list">
            {d.tasks.map((t) => (
              <TaskCard
                key={`${t.id}-${t.version}`}
                task={t}
                members={d.members}
                canEdit={d.canLog}
                today={d.today}
                actionData={actionData}
              />
            ))}
          </ul>
        ) : (
          <p className="muted">暂无代办事项。</p>
        )}
      </section>
    </>
  );
}
