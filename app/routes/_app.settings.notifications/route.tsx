// 通知设置 (everyone; issue 16 §3, docs/decisions/165): the signed-in user chooses, per event, which of their channels
// carry it — 钉钉 / 企业微信 (their unit's group robot), 短信 (their phone), 邮件 (their address). 站内 (the bell)
// always keeps every notification. Until they save, the role's defaults apply.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import type { Channel } from "~/domain/notificationMessage";
import type { NotificationKind } from "~/domain/notificationLabels";
import {
  applies,
  channelsFor,
  eventsFor,
  IN_APP_LABEL,
  PREF_CHANNEL_LABELS,
  prefField,
} from "~/domain/notificationPrefs";
import { Refusal } from "~/domain/refusal";
import { db } from "~/models/db.server";
import { preferencesOf, resetPreferences, savePreferences } from "~/models/notificationPrefs.server";
import { requirePage } from "~/utils/auth.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "通知设置 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "notificationSettings");
  const [rows, me] = await Promise.all([
    preferencesOf(viewer),
    db.as(viewer).user.findUniqueOrThrow({ where: { id: viewer.id }, select: { phone: true, email: true } }),
  ]);
  return { rows, channels: channelsFor(viewer.role), phone: me.phone, email: me.email };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "notificationSettings");
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "reset") {
    await resetPreferences(viewer);
    return redirect("/settings/notifications", { headers: await flash(request, "已恢复默认通知设置") });
  }
  if (intent !== "save") return answerRefusal(Refusal.form("未知的操作"));
  const allowed = channelsFor(viewer.role);
  const on = new Map<NotificationKind, Set<Channel>>();
  for (const e of eventsFor(viewer.role)) {
    on.set(e.kind, new Set(allowed.filter((c) => applies(e.kind, c) && form.get(prefField(e.kind, c)) === "on")));
  }
  const n = await savePreferences(viewer, on);
  return redirect("/settings/notifications", {
    headers: await flash(request, n ? `通知设置已保存（${n} 项变更）` : "通知设置已保存（没有变更）"),
  });
}

export default function NotificationSettingsPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useFailure();
  const busy = useNavigation().state !== "idle";
  const groups = [...new Set(d.rows.map((r) => r.group))];
  return (
    <>
      <div className="page-head">
        <h1>通知设置</h1>
      </div>
      <FormError message={failure && "formError" in failure ? failure.formError : null} />
      <p>
        选择每类事项通过哪些渠道通知您。站内通知（右上角的铃铛）始终保留全部通知。
        {d.channels.includes("DINGTALK") ? "钉钉、企业微信消息发到您所在单位的工作群。" : ""}
        短信发到 {d.phone ? <strong>{d.phone}</strong> : "（未登记手机号）"}，邮件发到{" "}
        {d.email ? <strong>{d.email}</strong> : "（未登记电子邮箱）"}；
        <Link to="/account">在“我的账号”中修改联系方式</Link>。
      </p>
      <p className="small muted">
        22:00 至次日 07:30 为免打扰时段：除逾期、超时上报等紧急通知外，外部消息在 07:30
        后发出。平台未配置的渠道不会发送。
      </p>
      {/* keyed by the saved choice: after 恢复默认设置 the boxes show the defaults again */}
      <Form method="post" key={d.rows.map((r) => r.on.join("+")).join("|")}>
        <div className="table-wrap flat" tabIndex={0} role="region" aria-label="通知设置（可横向滚动）">
          <table className="plain prefs-table">
            <caption className="sr-only">各类事项的通知渠道</caption>
            <thead>
              <tr>
                <th scope="col">事项</th>
                <th scope="col">{IN_APP_LABEL}</th>
                {d.channels.map((c) => (
                  <th scope="col" key={c}>
                    {PREF_CHANNEL_LABELS[c]}
                  </th>
                ))}
              </tr>
            </thead>
            {groups.map((g) => (
              <tbody key={g}>
                <tr>
                  <th scope="colgroup" colSpan={d.channels.length + 2} className="group-head">
                    {g}
                  </th>
                </tr>
                {d.rows
                  .filter((r) => r.group === g)
                  .map((r) => (
                    <tr key={r.kind}>
                      <th scope="row">{r.label}</th>
                      <td>
                        <input
                          type="checkbox"
                          checked
                          readOnly
                          disabled
                          aria-label={`${r.label} ${IN_APP_LABEL}（始终保留）`}
                        />
                      </td>
                      {d.channels.map((c) =>
                        applies(r.kind, c) ? (
                          <td key={c}>
                            <input
                              type="checkbox"
                              name={prefField(r.kind, c)}
                              defaultChecked={r.on.includes(c)}
                              aria-label={`${r.label} ${PREF_CHANNEL_LABELS[c]}`}
                            />
                          </td>
                        ) : (
                          <td key={c}>
                            <span aria-hidden="true">—</span>
                            <span className="sr-only">不发到群聊</span>
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
              </tbody>
            ))}
          </table>
        </div>
        <div className="form-actions">
          <button type="submit" name="intent" value="save" className="primary" disabled={busy}>
            保存通知设置
          </button>
          <button type="submit" name="intent" value="reset" disabled={busy}>
            恢复默认设置
          </button>
        </div>
      </Form>
    </>
  );
}
