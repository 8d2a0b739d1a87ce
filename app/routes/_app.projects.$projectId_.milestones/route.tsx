// 进度里程碑: log the next stage with its evidence, set or move planned dates, correct or withdraw a logged
// stage (with a reason), and the full history. Scope and permission are checked in the loader and the action.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MilestoneHistory } from "~/components/project/MilestoneHistory";
import { ProjectWorkHeader } from "~/components/project/ProjectWorkHeader";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { toIsoDate } from "~/domain/dates";
import { MILESTONE_LABELS } from "~/domain/labels";
import { nextStageToLog } from "~/domain/milestoneRules";
import {
  MilestoneCorrectForm,
  MilestoneLogForm,
  MilestonePlanForm,
  MilestoneWithdrawForm,
} from "~/domain/progressForms";
import { MILESTONE_STAGES } from "~/domain/stage";
import { storeUpload, type StoredUpload } from "~/models/attachment.server";
import {
  chainContext,
  correctMilestone,
  logMilestone,
  milestoneHistory,
  planMilestone,
  withdrawMilestone,
} from "~/models/milestone.server";
import { requireProject } from "~/models/projectAccess.server";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { preparePhotos, readPhotoForm, storePhotos, type StoredPhotos } from "~/utils/photos.server";
import { milestonePhotos } from "~/models/sitePhotos.server";
import { flash } from "~/utils/session.server";
import { answerRefusal, showValue } from "~/utils/refusal.server";
import { Refusal } from "~/domain/refusal";
import type { ConflictField } from "~/domain/refusal";
import { useFailure } from "~/components/form/useFailure";
import { LogMilestoneForm } from "./LogMilestoneForm";
import { StageActions } from "./StageActions";
import { now as clockNow, today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `进度里程碑 · ${data?.project.name ?? "项目"}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, project, canLog } = await requireProject(request, params.projectId, { write: false });
  const today = clockToday();
  const [rows, history, ctx, photos] = await Promise.all([
    db.as(viewer).milestone.findMany({
      where: { projectId: project.id },
      select: {
        stage: true,
        plannedOn: true,
        actualOn: true,
        evidenceNo: true,
        evidenceNote: true,
        version: true,
        attachment: { select: { id: true, fileName: true } },
      },
    }),
    milestoneHistory(project.id),
    chainContext(project.id, today),
    milestonePhotos(viewer, project.id),
  ]);
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const milestones = MILESTONE_STAGES.map((stage) => {
    const r = byStage.get(stage);
    return {
      stage,
      plannedOn: r?.plannedOn ? toIsoDate(r.plannedOn) : null,
      actualOn: r?.actualOn ? toIsoDate(r.actualOn) : null,
      evidenceNo: r?.evidenceNo ?? null,
      evidenceNote: r?.evidenceNote ?? null,
      version: r?.version ?? 0,
      attachment: r?.attachment ?? null,
      photos: photos.get(stage) ?? [],
    };
  });
  return { project, canLog, today, milestones, history, ctx, next: nextStageToLog(ctx.milestones) };
}

const SCHEMAS = {
  log: MilestoneLogForm,
  correct: MilestoneCorrectForm,
  withdraw: MilestoneWithdrawForm,
  plan: MilestonePlanForm,
} as const;
type Intent = keyof typeof SCHEMAS;

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, project } = await requireProject(request, params.projectId, { write: true });
  let formData: FormData;
  try {
    formData = await readPhotoForm(request, ["attachment"]);
  } catch (e) {
    return answerRefusal(e, { form: "log" }); // UploadRejected: next to the attachment input
  }
  const raw = formDataToObject(formData);
  const intent = String(raw.intent ?? "") as Intent;
  // own keys only: "__proto__" or "constructor" is not an intent
  if (!Object.hasOwn(SCHEMAS, intent)) return answerRefusal(Refusal.form("无法识别的操作"));
  const form = intent === "log" ? "log" : `${intent}-${String(raw.stage ?? "")}`;
  const parsed = parseWith(SCHEMAS[intent], raw);
  if (!parsed.success) return answerRefusal(Refusal.fields(parsed.fieldErrors), { form, values: raw });

  let upload: StoredUpload | null = null;
  let photos: StoredPhotos | null = null;
  try {
    // every photo is checked and converted before anything is stored: a bad 5th photo leaves nothing behind
    const chosen =
      parsed.data.intent === "log" || parsed.data.intent === "correct" ? await preparePhotos(parsed.data.photos) : [];
    const file = "attachment" in parsed.data ? (parsed.data.attachment as File | null) : null;
    if (file) upload = await storeUpload(file);
    if (chosen.length) photos = await storePhotos(chosen, clockNow());
    const args = { viewer, projectId: project.id, upload, photos };
    const f = parsed.data;
    let message: string;
    switch (f.intent) {
      case "log":
        await logMilestone({ ...args, form: f });
        message = `已登记「${MILESTONE_LABELS[f.stage]}」`;
        break;
      case "correct":
        await correctMilestone({ ...args, form: f });
        message = `已更正「${MILESTONE_LABELS[f.stage]}」`;
        break;
      case "withdraw":
        await withdrawMilestone({ ...args, form: f });
        message = `已撤回「${MILESTONE_LABELS[f.stage]}」`;
        break;
      case "plan":
        await planMilestone({ ...args, form: f });
        message = `已调整「${MILESTONE_LABELS[f.stage]}」的计划日期`;
        break;
    }
    const to = f.intent === "log" ? `/projects/${project.id}` : `/projects/${project.id}/milestones`;
    return redirect(to, { headers: await flash(request, message) });
  } catch (e) {
    await upload?.discard();
    await photos?.discard();
    return answerRefusal(e, {
      form,
      values: raw,
      describeConflict: (current) => describeMilestoneConflict(parsed.data, current),
    });
  }
}

type MilestoneSubmission = MilestoneLogForm | MilestoneCorrectForm | MilestoneWithdrawForm | MilestonePlanForm;

/**
 * A refused stale save: the stage's values as someone else saved them (the snapshot the version check returned)
 * next to what this user submitted, "（未修改）" where their form did not touch the field.
 */
function describeMilestoneConflict(f: MilestoneSubmission, current: Record<string, unknown> | null): ConflictField[] {
  const untouched = "（未修改）";
  const yours =
    f.intent === "plan"
      ? { plannedOn: showValue(f.plannedOn), actualOn: untouched, evidenceNo: untouched }
      : f.intent === "withdraw"
        ? { plannedOn: untouched, actualOn: "撤回（清空）", evidenceNo: "撤回（清空）" }
        : { plannedOn: untouched, actualOn: showValue(f.actualOn), evidenceNo: showValue(f.evidenceNo) };
  const stage = MILESTONE_LABELS[f.stage];
  return [
    {
      field: "plannedOn",
      label: `「${stage}」计划日期`,
      theirs: showValue(current?.plannedOn),
      yours: yours.plannedOn,
    },
    { field: "actualOn", label: `「${stage}」实际日期`, theirs: showValue(current?.actualOn), yours: yours.actualOn },
    {
      field: "evidenceNo",
      label: `「${stage}」凭证编号`,
      theirs: showValue(current?.evidenceNo),
      yours: yours.evidenceNo,
    },
  ];
}

export default function MilestonesPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  return (
    <>
      <ProjectWorkHeader project={d.project} title="进度里程碑" />
      {d.canLog ? (
        d.next ? (
          <LogMilestoneForm
            key={`${d.next}-${d.milestones.map((m) => m.version).join(".")}`}
            data={d}
            actionData={actionData}
          />
        ) : (
          <p className="card">五个阶段均已登记，项目已竣工投产。如需修改，请在下方对应阶段“更正”。</p>
        )
      ) : (
        <p className="card muted">您可以查看本项目的进度；登记、更正由项目所属服务小组、县区或市投资促进局办理。</p>
      )}
      <section className="card" aria-labelledby="stages-title">
        <h2 id="stages-title">各阶段计划与实际</h2>
        <StageActions data={d} actionData={actionData} />
      </section>
      <section className="card" aria-labelledby="hist-title">
        <h2 id="hist-title">里程碑历史</h2>
        <MilestoneHistory items={d.history} />
      </section>
    </>
  );
}
