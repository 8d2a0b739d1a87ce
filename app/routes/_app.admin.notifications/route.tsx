// 外部通知 (administrators; issue 16, docs/decisions/110): each outside channel — 钉钉, 企业微信, 短信, 邮件 — with
// whether it is configured, where it sends (no secrets shown), its last success and last failure, how many messages
// wait; a 发送测试消息 button per configured channel; the latest messages. Configuration is by environment variables.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { RobotChannelSelect } from "~/components/admin/RobotChannelSelect";
import { TestMessageForm } from "~/components/admin/TestMessageForm";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { CHANNEL_LABELS, CHANNELS, type Channel } from "~/domain/notificationMessage";
import { NOTIFICATION_KINDS } from "~/domain/notificationLabels";
import { Refusal } from "~/domain/refusal";
import { channelStates, recentDeliveries, sendTestMessage } from "~/models/notificationChannels.server";
import { clearUnitChannel, listUnitChannels, setUnitChannel, unitOptions } from "~/models/unitChannels.server";
import { parseUnitKey, ROBOT_CHANNELS, UNIT_KIND_LABELS, UNIT_KINDS, type RobotChannel } from "~/domain/unitChannels";
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
  const [channels, recent, units, unitChoices] = await Promise.all([
    channelStates(),
    recentDeliveries(),
    listUnitChannels(),
    unitOptions(),
  ]);
  return {
    channels,
    recent,
    units,
    unitChoices,
    anyConfigured: channels.some((c) => c.configured) || units.length > 0,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminNotifications");
  const form = await request.formData();
  const intent = form.get("intent");
  const channel = String(form.get("channel") ?? "");
  const unitField = String(form.get("unit") ?? "");
  if (intent === "unit-set") {
    const unit = parseUnitKey(unitField);
    const values = { unit: unitField, channel, webhookUrl: String(form.get("webhookUrl") ?? "") };
    if (!unit) return answerRefusal(Refusal.fields({ unit: "请选择单位" }, null), { form: "unit", values });
    if (!(ROBOT_CHANNELS as readonly string[]).includes(channel))
      return answerRefusal(Refusal.fields({ channel: "请选择钉钉或企业微信" }, null), { form: "unit", values });
    try {
      await setUnitChannel(viewer, {
        unit,
        channel: channel as RobotChannel,
        webhookUrl: values.webhookUrl,
        secret: String(form.get("secret") ?? ""),
        clearSecret: form.get("clearSecret") === "on",
      });
    } catch (err) {
      if (err instanceof Refusal) return answerRefusal(err, { form: "unit", values });
      throw err;
    }
    return redirect("/admin/notifications", { headers: await flash(request, "单位群机器人已保存") });
  }
  if (intent === "unit-clear") {
    const id = Number(form.get("id"));
    if (!Number.isSafeInteger(id) || !(await clearUnitChannel(viewer, id)))
      return answerRefusal(Refusal.notFound("该单位群机器人不存在或已删除"));
    return redirect("/admin/notifications", {
      headers: await flash(request, "单位群机器人已删除，该单位改用全市默认机器人"),
    });
  }
  if (intent !== "test" || !(CHANNELS as readonly string[]).includes(channel)) {
    return answerRefusal(Refusal.form("请选择要发送测试消息的通道"));
  }
  const unit = unitField ? parseUnitKey(unitField) : undefined;
  if (unit === null) return answerRefusal(Refusal.form("请选择单位"));
  const r = await sendTestMessage(channel as Channel, viewer, unit);
  // not configured / no phone: 400; the channel answered with a failure: 409 (the page shows why)
  if (!r.ok) return answerRefusal(Refusal.form(r.message, r.sent ? 409 : 400));
  return redirect("/admin/notifications", { headers: await flash(request, r.message) });
}

type UnitChoices = Record<(typeof UNIT_KINDS)[number], { value: string; label: string }[]>;

function UnitSelect({
  choices,
  defaultValue,
  ...p
}: { choices: UnitChoices; defaultValue?: string } & Record<string, unknown>) {
  return (
    <select {...p} name="unit" defaultValue={defaultValue ?? ""}>
      <option value="">请选择单位</option>
      {UNIT_KINDS.map((k) => (
        <optgroup key={k} label={UNIT_KIND_LABELS[k]}>
          {choices[k].map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

export default function NotificationChannelsPage() {
  const d = useLoaderData<typeof loader>();
  const failure = useFailure();
  const nav = useNavigation();
  const sending = nav.state !== "idle" ? String(nav.formData?.get("channel") ?? "") : "";
  const formError = failure && "formError" in failure ? failure.formError : null;
  const unitFailure = useFailure("unit");
  const ue = (unitFailure?.fieldErrors ?? {}) as Record<string, string | undefined>;
  const uv = (unitFailure?.values ?? {}) as Record<string, string | undefined>;
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
                    {c.unitRobots ? <div className="small">另有 {c.unitRobots} 个单位自有机器人（见下方）</div> : null}
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
                      <TestMessageForm
                        channel={c.channel}
                        target={CHANNEL_LABELS[c.channel]}
                        sending={sending === c.channel}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="small">
          <li>
            钉钉、企业微信群机器人收到工作通知（每件事每个群一条）；短信、邮件发给被通知且登记了手机号、电子邮箱的用户。每位用户可在“通知设置”中按事项选择渠道。
          </li>
          <li>
            发送失败会自动重试（10 秒起逐次加倍，最多 8
            次）；放弃发送时，收件人（群机器人则为系统管理员）会在站内通知中收到提醒。
          </li>
          <li>短信、邮件测试消息发到您本人登记的手机号、电子邮箱。</li>
        </ul>
      </section>

      <section className="card" aria-labelledby="units-title">
        <h2 id="units-title">单位群机器人</h2>
        <p className="small">
          服务小组、县（市、区）或部门可以使用自己的钉钉、企业微信群机器人：该单位人员的群消息发到它的群里（依次按服务小组、县区、部门查找），
          其他单位仍发到环境变量配置的全市默认机器人。密钥和地址中的令牌不会完整显示。
        </p>
        {d.units.length ? (
          <div className="table-wrap flat" tabIndex={0} role="region" aria-label="单位群机器人（可横向滚动）">
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">通道</th>
                  <th scope="col">Webhook 地址</th>
                  <th scope="col">加签密钥</th>
                  <th scope="col">更新时间</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {d.units.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.unitName}</th>
                    <td>{u.channelLabel}</td>
                    <td className="small break">{u.webhook}</td>
                    <td className="small">{u.secret ?? "—"}</td>
                    <td className="nowrap">{formatChinaDateTime(u.updatedAt)}</td>
                    <td>
                      <div className="row-actions">
                        <TestMessageForm
                          channel={u.channel}
                          unit={u.unit}
                          target={`${u.unitName}的${u.channelLabel}`}
                        />
                        <Form method="post">
                          <input type="hidden" name="intent" value="unit-clear" />
                          <input type="hidden" name="id" value={u.id} />
                          <button type="submit" aria-label={`删除${u.unitName}的${u.channelLabel}`}>
                            删除
                          </button>
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">还没有单位设置自己的群机器人：所有群消息发到全市默认机器人。</p>
        )}
        <h3>设置单位群机器人</h3>
        <Form method="post" className="form-grid" noValidate>
          <input type="hidden" name="intent" value="unit-set" />
          <Field id="unit-unit" label="单位" error={ue.unit} required>
            {(p) => <UnitSelect {...p} choices={d.unitChoices} defaultValue={uv.unit} />}
          </Field>
          <Field id="unit-channel" label="通道" error={ue.channel} required>
            {(p) => <RobotChannelSelect {...p} defaultValue={uv.channel ?? "DINGTALK"} />}
          </Field>
          <Field id="unit-webhook" label="Webhook 地址" error={ue.webhookUrl} required>
            {(p) => (
              <input
                {...p}
                name="webhookUrl"
                type="url"
                maxLength={500}
                defaultValue={uv.webhookUrl ?? ""}
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            id="unit-secret"
            label="加签密钥（钉钉）"
            error={ue.secret}
            hint="修改已有机器人时留空表示保留已保存的密钥"
          >
            {(p) => <input {...p} name="secret" type="password" maxLength={200} autoComplete="new-password" />}
          </Field>
          <label className="check">
            <input type="checkbox" name="clearSecret" /> 清除已保存的加签密钥
          </label>
          <div className="form-actions">
            <button type="submit" className="primary">
              保存单位机器人
            </button>
          </div>
        </Form>
        <h3>按单位发送测试消息</h3>
        <p className="small muted">消息经该单位实际使用的机器人发出：有自有机器人用自有的，否则用全市默认机器人。</p>
        <Form method="post" className="form-grid">
          <input type="hidden" name="intent" value="test" />
          <Field id="test-unit" label="测试单位">
            {(p) => <UnitSelect {...p} choices={d.unitChoices} />}
          </Field>
          <Field id="test-channel" label="测试通道">
            {(p) => <RobotChannelSelect {...p} />}
          </Field>
          <div className="form-actions">
            <button type="submit" aria-label="向所选单位发送测试消息">
              发送测试消息
            </button>
          </div>
        </Form>
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
