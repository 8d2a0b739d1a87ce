// The assignment action shared by /teams/:id and /teams/:id/assign: EIC and admin only (403 otherwise),
// the batch in one transaction, a flash message with what happened.
import { redirect } from "@remix-run/node";
import { canManageTeams, type Viewer } from "~/domain/permissions";
import { AssignForm } from "~/domain/progressForms";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { assignEnterprises, assignProjects } from "./team.server";

export async function assignmentAction(request: Request, viewer: Viewer, back: string) {
  if (!canManageTeams(viewer)) forbidden("只有市经信委可以分配服务小组");
  try {
    const parsed = parseWith(AssignForm, formDataToObject(await request.formData()));
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, Object.values(parsed.fieldErrors)[0] ?? null);
    const { intent, ids, targetTeamId } = parsed.data;
    const r =
      intent === "projects"
        ? await assignProjects(viewer, ids, targetTeamId)
        : await assignEnterprises(viewer, ids, targetTeamId);
    const what = intent === "projects" ? "个项目" : "家企业";
    const msg =
      r.changed === 0
        ? "所选记录已在该小组，无需调整"
        : targetTeamId
          ? `已分配 ${r.changed} ${what}`
          : `已将 ${r.changed} ${what}移出本组`;
    return redirect(back, { headers: await flash(request, msg) });
  } catch (e) {
    return answerRefusal(e, { form: "assign" });
  }
}
