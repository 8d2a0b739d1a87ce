import { formatDeadline } from "~/domain/deadlineFormat";

export interface ClockBadgeProps {
  color: "green" | "yellow" | "red" | "stopped";
  text: string;
  dueAt: string | null;
}

const COLOR_WORD = { green: "正常", yellow: "临期", red: "超时", stopped: "" } as const;

/** The 13710 clock of an issue: colour plus words (colour alone is not enough for everyone). */
export function ClockBadge({ color, text, dueAt }: ClockBadgeProps) {
  const cls = color === "stopped" ? "badge" : `badge ${color}`;
  return (
    <span className={`${cls} clock`} title={dueAt ? `期限：${formatDeadline(dueAt)}` : undefined}>
      {color !== "stopped" ? <span className="clock-dot" aria-hidden="true" /> : null}
      {COLOR_WORD[color] ? <span className="sr-only">{COLOR_WORD[color]}：</span> : null}
      {text}
    </span>
  );
}
