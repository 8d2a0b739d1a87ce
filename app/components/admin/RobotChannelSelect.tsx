// The 钉钉 / 企业微信 choice of a unit robot (setting one, or sending it a test): the channels a unit may have its own
// group robot on, by their Chinese names.
import type { SelectHTMLAttributes } from "react";
import { CHANNEL_LABELS } from "~/domain/notificationMessage";
import { ROBOT_CHANNELS } from "~/domain/unitChannels";

export function RobotChannelSelect(p: Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "children">) {
  return (
    <select {...p} name="channel">
      {ROBOT_CHANNELS.map((c) => (
        <option key={c} value={c}>
          {CHANNEL_LABELS[c]}
        </option>
      ))}
    </select>
  );
}
