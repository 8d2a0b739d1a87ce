import { STAGE_LABELS } from "~/domain/labels";

export function StageBadge({ stage }: { stage: keyof typeof STAGE_LABELS }) {
  return <span className={`badge stage-${stage}`}>{STAGE_LABELS[stage]}</span>;
}
