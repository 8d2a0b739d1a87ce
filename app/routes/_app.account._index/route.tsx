// 我的账号 (everyone): active sessions (device, address, last seen) with "end the others", contact details for
// notifications, and the way to change the password.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form/Field";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { ROLE_LABELS } from "~/domain/labels";
import { ContactForm } from "~/domain/userForms.server";
import { endOtherSessions, listOwnSessions, updateOwnContact } from "~/models/user.server";
import { requirePage, requireSignedIn } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "我的账号 · 晋中市招商引资与转型项目管理平台" }];

/** A short Chinese name of the browser and system from the User-Agent. */
function deviceName(ua: string | null): string {
  if (!ua) return "未知设备";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Chrome\//.test(ua)
      ? "Chrome"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Safari\//.test(ua)
          ? "Safari"
          : "浏览器";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "其他系统";
  return `${browser} · ${os}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "account");
  const s = await requireSignedIn(request);
  const [me, sessions] = await Promise.all([
    db
      .as(viewer)
      .user.findUniqueOrThrow({ where: { id: viewer.id }, select: { phone: true, email: true, title: true } }),
    listOwnSessions(viewer.id),
  ]);
  return {
    viewer: { username: viewer.username, displayName: viewer.displayName, role: ROLE_LABELS[viewer.role] },
    me,
    sessions: sessions.map((x) => ({
      key: x.id.slice(0, 8),
      current: x.id === s.sessionId,
      device: deviceName(x.userAgent),
      ip: x.ip ?? "—",
      createdAt: x.createdAt.toISOString(),
      lastSeenAt: (x.lastSeenAt ?? x.createdAt).toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "account");
  const s = await requireSignedIn(request);
  const values = formDataToObject(await request.formData());
  if (values.intent === "end-others") {
    const n = await endOtherSessions(viewer, s.sessionId);
    return redirect("/account", { headers: await flash(request, `已结束其他 ${n} 个登录会话`) });
  }
  if (values.intent === "contact") {
    const parsed = parseWith(ContactForm, values);
    if (!parsed.success) return answerRefusal(Refusal.fields(parsed.fieldErrors), { values });
    await updateOwnContact(viewer, parsed.data);
    return redirect("/account", { headers: await flash(request, "联系方式已保存") });
  }
  return answerRefusal(Refusal.form("未知的操作"), { values });
}

export default function AccountPage() {
  const { viewer, me, sessions } = useLoaderData<typeof loader>();
  const a = useFailure();
  const busy = useNavigation().state === "submitting";
  const e = (a?.fieldErrors ?? {}) as Record<string, string | undefined>;
  const v = (a?.values ?? me) as Record<string, string | null | undefined>;
  return (
    <>
      <h1>我的账号</h1>
      <p>
        {viewer.displayName}（{viewer.username}）· {viewer.role}
      </p>
      <p>
        <Link to="/account/password">修改密码</Link>
      </p>
      <FormError message={a?.formError} />
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">登录会话</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">设备</th>
                <th scope="col">地址</th>
                <th scope="col">登录时间</th>
                <th scope="col">最近活动</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((x) => (
                <tr key={x.key}>
                  <td>
                    {x.device}
                    {x.current ? <span className="badge green">当前会话</span> : null}
                  </td>
                  <td>{x.ip}</td>
                  <td className="nowrap">{formatChinaDateTime(x.createdAt)}</td>
                  <td className="nowrap">{formatChinaDateTime(x.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {sessions.length > 1 ? (
          <Form method="post">
            <button type="submit" name="intent" value="end-others" disabled={busy}>
              结束其他会话
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="contact-title">
        <h2 id="contact-title">联系方式</h2>
        <p className="muted small">
          用于接收通知。各类事项用哪些渠道通知您，在<Link to="/settings/notifications">通知设置</Link>中选择。
        </p>
        <Form method="post" noValidate className="form-grid">
          <Field id="phone" label="联系电话" error={e.phone}>
            {(p) => <input {...p} name="phone" type="tel" defaultValue={v.phone ?? ""} maxLength={30} />}
          </Field>
          <Field id="email" label="电子邮箱" error={e.email}>
            {(p) => <input {...p} name="email" type="email" defaultValue={v.email ?? ""} maxLength={120} />}
          </Field>
          <div className="form-actions">
            <button type="submit" name="intent" value="contact" className="primary" disabled={busy}>
              保存联系方式
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
