// One user (系统管理员: edit, deactivate/reactivate, reset the password; 安全管理员: review and unlock).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UserFields } from "~/components/admin/UserFields";
import { FormError } from "~/components/form/Field";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { ROLE_LABELS } from "~/domain/labels";
import { canManageUsers, canUnlockUsers } from "~/domain/permissions";
import { EditUserForm } from "~/domain/userForms.server";
import { getUser, resetPassword, scopeOptions, setActive, unlockUser, updateUser } from "~/models/user.server";
import { requirePage } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { Refusal, type Failure } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.user.username ?? "用户"} · 用户管理 · 晋中市招商引资与转型项目管理平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "adminUsers");
  const user = await getUser(idParam(params.userId));
  if (!user) notFound("用户不存在");
  const at = now();
  return {
    user: {
      ...user,
      locked: user.lockedUntil !== null && user.lockedUntil > at,
      lockedUntil: user.lockedUntil?.toISOString() ?? null,
      deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    options: canManageUsers(viewer) ? await scopeOptions() : null,
    canManage: canManageUsers(viewer),
    canUnlock: canUnlockUsers(viewer),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminUsers", "仅系统管理员和安全管理员可以管理用户");
  const id = idParam(params.userId);
  const values = formDataToObject(await request.formData());
  const intent = values.intent;
  const back = `/admin/users/${id}`;
  try {
    switch (intent) {
      case "unlock": {
        if (!canUnlockUsers(viewer)) forbidden();
        await unlockUser(viewer, id);
        return redirect(back, { headers: await flash(request, "已解锁该账号") });
      }
      case "update": {
        if (!canManageUsers(viewer)) forbidden("仅系统管理员可以修改用户");
        const parsed = parseWith(EditUserForm, values);
        if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
        const r = await updateUser(viewer, id, parsed.data);
        return redirect(back, { headers: await flash(request, r.changed.length ? "已保存" : "没有需要保存的修改") });
      }
      case "deactivate":
      case "reactivate": {
        if (!canManageUsers(viewer)) forbidden("仅系统管理员可以停用或启用用户");
        await setActive(viewer, id, intent === "reactivate");
        return redirect(back, {
          headers: await flash(
            request,
            intent === "reactivate" ? "已启用该账号" : "已停用该账号，其登录会话已全部结束",
          ),
        });
      }
      case "reset": {
        if (!canManageUsers(viewer)) forbidden("仅系统管理员可以重置密码");
        const otp = await resetPassword(viewer, id);
        return { ok: true as const, oneTimePassword: otp };
      }
      default:
        throw Refusal.form("未知的操作");
    }
  } catch (err) {
    return answerRefusal(err, { values });
  }
}

export default function UserPage() {
  const { user, options, canManage, canUnlock } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as
    Failure | { ok: true; oneTimePassword: string; fieldErrors?: undefined; formError?: undefined } | undefined;
  const busy = useNavigation().state === "submitting";
  const errors = (a && !a.ok ? a.fieldErrors : {}) as Record<string, string | undefined>;
  const submitted = a && !a.ok && a.values ? (a.values as Record<string, string>) : null;
  return (
    <>
      <div className="page-head">
        <h1>
          用户 {user.username}（{user.displayName}）
        </h1>
        <Link to="/admin/users">返回用户列表</Link>
      </div>
      <p>
        {ROLE_LABELS[user.role]} ·{" "}
        {user.isActive ? <span className="badge green">在用</span> : <span className="badge">已停用</span>}{" "}
        {user.locked ? <span className="badge red">已锁定至 {formatChinaDateTime(user.lockedUntil)}</span> : null}{" "}
        {user.mustChangePassword ? <span className="badge yellow">待修改初始密码</span> : null}
      </p>
      {a?.ok ? (
        <section className="card" aria-labelledby="otp-title">
          <h2 id="otp-title">密码已重置</h2>
          <p>
            一次性密码：<code data-testid="one-time-password">{a.oneTimePassword}</code>
          </p>
          <p className="muted">此密码只显示这一次；该用户的登录会话已全部结束，下次登录后必须设置新密码。</p>
        </section>
      ) : null}
      <FormError message={a && !a.ok ? a.formError : null} />
      <div className="button-row">
        {canUnlock && user.locked ? (
          <Form method="post">
            <button type="submit" name="intent" value="unlock" disabled={busy}>
              解锁
            </button>
          </Form>
        ) : null}
        {canManage ? (
          <>
            <Form method="post">
              <button type="submit" name="intent" value={user.isActive ? "deactivate" : "reactivate"} disabled={busy}>
                {user.isActive ? "停用" : "启用"}
              </button>
            </Form>
            <Form method="post">
              <button type="submit" name="intent" value="reset" disabled={busy}>
                重置密码
              </button>
            </Form>
          </>
        ) : null}
      </div>
      {canManage && options ? (
        <Form method="post" noValidate className="form-grid" aria-labelledby="edit-title">
          <h2 id="edit-title">编辑用户</h2>
          <UserFields values={submitted ?? user} errors={errors} options={options} />
          <div className="form-actions">
            <button type="submit" name="intent" value="update" className="primary" disabled={busy}>
              保存
            </button>
          </div>
        </Form>
      ) : (
        <dl className="facts">
          <dt>职务</dt>
          <dd>{user.title ?? "—"}</dd>
          <dt>联系电话</dt>
          <dd>{user.phone ?? "—"}</dd>
          <dt>电子邮箱</dt>
          <dd>{user.email ?? "—"}</dd>
        </dl>
      )}
      <p className="muted small">
        创建于 {formatChinaDateTime(user.createdAt)}
        {user.deactivatedAt ? `，停用于 ${formatChinaDateTime(user.deactivatedAt)}` : ""}
      </p>
    </>
  );
}
