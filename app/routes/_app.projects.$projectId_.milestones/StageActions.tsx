import { formatChineseDate } from "~/domain/dates";
import { MILESTONE_LABELS } from "~/domain/labels";
import { failureOf } from "~/domain/refusal";
import { lastLoggedStage } from "~/domain/milestoneRules";
import { SitePhotos } from "~/components/project/SitePhotos";
import { CorrectForm } from "./CorrectForm";
import { PlanForm } from "./PlanForm";
import type { MilestonesData } from "./types";
import { WithdrawForm } from "./WithdrawForm";

/** One row per stage: planned vs actual, evidence, and (for those allowed) plan / correct / withdraw. */
export function StageActions({ data, actionData }: { data: MilestonesData; actionData: unknown }) {
  const last = lastLoggedStage(data.ctx.milestones);
  return (
    <ol className="stage-list">
      {data.milestones.map((m) => {
        const late = !m.actualOn && m.plannedOn && m.plannedOn < data.today;
        return (
          <li key={m.stage} className={m.actualOn ? "done" : late ? "late" : undefined}>
            <div className="stage-head">
              <h3>{MILESTONE_LABELS[m.stage]}</h3>
              <span className="muted small">
                计划 {formatChineseDate(m.plannedOn)} · 实际{" "}
                {m.actualOn ? formatChineseDate(m.actualOn) : late ? "逾期未完成" : "—"}
              </span>
            </div>
            {m.evidenceNo ? <div className="small">凭证：{m.evidenceNo}</div> : null}
            {m.evidenceNote ? <div className="small muted">{m.evidenceNote}</div> : null}
            {m.attachment ? (
              <div className="small">
                附件：<a href={`/resources/attachments/${m.attachment.id}`}>{m.attachment.fileName}</a>
              </div>
            ) : null}
            <SitePhotos photos={m.photos} of={MILESTONE_LABELS[m.stage]} />
            {data.canLog ? (
              <div className="stage-tools">
                <details open={Boolean(failureOf(actionData, `plan-${m.stage}`))}>
                  <summary>{m.plannedOn ? "调整计划日期" : "设置计划日期"}</summary>
                  <PlanForm row={m} actionData={actionData} />
                </details>
                {m.actualOn ? (
                  <details open={Boolean(failureOf(actionData, `correct-${m.stage}`))}>
                    <summary>更正</summary>
                    <CorrectForm row={m} data={data} actionData={actionData} />
                  </details>
                ) : null}
                {m.stage === last ? (
                  <details open={Boolean(failureOf(actionData, `withdraw-${m.stage}`))}>
                    <summary>撤回</summary>
                    <WithdrawForm row={m} data={data} actionData={actionData} />
                  </details>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
