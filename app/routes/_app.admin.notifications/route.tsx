// 外部通知 (administrators; issue 16, docs/decisions/110): each outside channel — 钉钉, 企业微信, 短信, 邮件 — with
// whether it is configured, where it sends (no secrets shown), its last success and last failure, how many messages
// wait; a 发送测试消息 button per configured channel; the latest messages. Configuration is by environment variables.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { CHANNEL_LABELS, CHANNELS, type Channel } from "~/domain/notificationMessage";
import { NOTIFICATION_KINDS } from "~/domain/notificationLabels";
import { Refusal } from "~/domain/refusal";
import { channelStates, recentDeliveries, sendTestMessage } from "~/models/notificationChannels.server";
import { requirePage } from "~/utils/auth.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "外部通知 · 晋中市招商引资与转型项目管理平台" }];

const ENV_NAMES: Record<Channel, string> = {
  DINGTALK: "DINGTALK_WEBHOOK_URL、DINGTALK_SECRET",
  WECOM: "WECOM_WEBHOOK_URL",
  SMS: "SMS_GATEWAY_URL、SMS_GATEWAY_TOKEN",
  EMAIL: "SMTP_URL、MAIL_FROM",
};
const STATE_LABELS: Record<string, string> = {
  PENDING: "等待发送",
  SENDING: "发送中",
  SENT: "已送达",
  FAILED: "失败",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminNotifications");
  const [channels, recent] = await Promise.all([channelStates(), recentDeliveries()]);
  return { channels, recent, anyConfigured: channels.some((c) => c.configured) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminNotifications");
  const form = await request.formData();
  const channel = String(form.get("channel") ?? "");
  if (form.get("intent") !== "test" || !(CHANNELS as readonly string[]).includes(channel)) {
    return answerRefusal(Refusal.form("请选择要发送测试消息的通道"));
  }
  const r = await sendTestMessage(channel as Channel, viewer);
  // not configured / no phone: 400; the channel answered with a failure: 409 (the page shows why)
  if (!r.ok) return answerRefusal(Refusal.form(r.message, r.sent ? 409 : 400));
  return redirect("/admin/notifications", { headers: await flash(request, r.message) });
}

export default function NotificationChannelsPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useFailure();
  const nav = useNavigation();
  const sending = nav.state !== "idle" ? String(nav.formData?.get("channel") ?? "") : "";
  const formError = failure && "formError" in failure ? failure.formError : null;
  return (
    <>
      <div className="page-head">
        <h1>外部通知</h1>
      </div>
      <FormError message={formError} />
      {!d.anyConfigured ? (
        <p className="callout" role="status">
          尚未配置任何外部通道：通知只出现在平台右上角的站内通知中。配置方法见下表的环境变量（重启平台后生效）。
        </p>
      ) : null}

      <section className="card" aria-labelledby="channels-title">
        <h2 id="channels-title">通道状态</h2>
        <div className="table-wrap flat" tabIndex={0} role="region" aria-label="通道状态（可横向滚动）">
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">通道</th>
                <th scope="col">状态</th>
                <th scope="col">发送地址</th>
                <th scope="col">最近成功</th>
                <th scope="col">最近失败</th>
                <th scope="col">待发送</th>
                <th scope="col">已放弃</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {d.channels.map((c) => (
                <tr key={c.channel}>
                  <th scope="row">{CHANNEL_LABELS[c.channel]}</th>
                  <td>
                    {!c.supported ? (
                      <span className="badge">暂不支持</span>
                    ) : c.configured ? (
                      <span className="badge green">已配置{c.note ? `（${c.note}）` : ""}</span>
                    ) : (
                      <span className="badge">未配置</span>
                    )}
                    <div className="small muted">环境变量 {ENV_NAMES[c.channel]}</div>
                  </td>
                  <td className="small">{c.endpoint ?? "—"}</td>
                  <td className="nowrap">{c.lastSuccessAt ? formatChinaDateTime(c.lastSuccessAt) : "—"}</td>
                  <td>
                    {c.lastFailureAt ? (
                      <>
                        <span className="nowrap">{formatChinaDateTime(c.lastFailureAt)}</span>
                        <div className="small">{c.lastError}</div>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="num">{c.queued}</td>
                  <td className="num">{c.failed}</td>
                  <td>
                    {c.configured ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="test" />
                        <input type="hidden" name="channel" value={c.channel} />
                        <button
                          type="submit"
                          disabled={sending === c.channel}
                          aria-label={`向${CHANNEL_LABELS[c.channel]}发送测试消息`}
                        >
                          {sending === c.channel ? "正在发送…" : "发送测试消息"}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="small">
          <li>
            钉钉、企业微信群机器人收到与诉求有关的通知（每件事一条）；短信、邮件发给被通知且登记了手机号、电子邮箱的用户。
          </li>
          <li>
            发送失败会自动重试（10 秒起逐次加倍，最多 8
            次）；放弃发送时，收件人（群机器人则为系统管理员）会在站内通知中收到提醒。
          </li>
          <li>短信、邮件测试消息发到您本人登记的手机号、电子邮箱。</li>
        </ul>
      </section>

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">最近的外部通知（{d.recent.length} 条）</h2>
        {d.recent.length ? (
          <div className="table-wrap flat" tabIndex={0} role="region" aria-label="最近的外部通知（可横向滚动）">
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">通道</th>
                  <th scope="col">类型</th>
                  <th scope="col">内容</th>
                  <th scope="col">结果</th>
                  <th scope="col">尝试次数</th>
                </tr>
              </thead>
              <tbody>
                {d.recent.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{formatChinaDateTime(r.createdAt)}</td>
                    <td>{CHANNEL_LABELS[r.channel as Channel] ?? r.channel}</td>
                    <td>
                      {r.template === "TEST"
                        ? "测试消息"
                        : (NOTIFICATION_KINDS[r.template as keyof typeof NOTIFICATION_KINDS] ?? r.template)}
                    </td>
                    <td>{r.title}</td>
                    <td>
                      {STATE_LABELS[r.state] ?? r.state}
                      {r.lastError && r.state !== "SENT" ? <div className="small">{r.lastError}</div> : null}
                    </td>
                    <td className="num">{r.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">还没有外部通知。</p>
        )}
      </section>
    </>
  );
}
