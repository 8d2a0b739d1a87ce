// 发送测试消息 on /admin/notifications: one small form per channel row and per unit robot row, posting the same
// `test` intent the action answers (with the unit when the message goes through that unit's robot).
import { Form } from "@remix-run/react";

export function TestMessageForm({
  channel,
  unit,
  target,
  sending,
}: {
  channel: string;
  /** The unit key (`team:1` …) when the message goes through that unit's robot. */
  unit?: string;
  /** Where it goes, in words, for the button's accessible name (「向{target}发送测试消息」). */
  target: string;
  /** This channel's test is on its way: the button is disabled and says so. */
  sending?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="test" />
      <input type="hidden" name="channel" value={channel} />
      {unit ? <input type="hidden" name="unit" value={unit} /> : null}
      <button type="submit" disabled={sending} aria-label={`向${target}发送测试消息`}>
        {sending ? "正在发送…" : "发送测试消息"}
      </button>
    </Form>
  );
}
