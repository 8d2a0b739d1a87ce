import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import {
  CHANGE_PASSWORD_PATH,
  clientIp,
  createSessionCookie,
  getViewer,
  login,
  safeRedirect,
  sessionIdOf,
} from "~/utils/auth.server";
import { formDataToObject } from "~/utils/form.server";
import { LoginForm } from "~/utils/loginForm.server";

export const meta: MetaFunction = () => [{ title: "登录 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formDataToObject(await request.formData()); // NULs dropped
  // Only the user name goes back to the form, never the password.
  const values = { username: String(form.username ?? "") };
  try {
    const parsed = LoginForm.safeParse(form);
    if (!parsed.success) {
      const f = parsed.error.flatten().fieldErrors;
      const fieldErrors: Record<string, string> = {};
      if (f.username?.[0]) fieldErrors.username = f.username[0];
      if (f.password?.[0]) fieldErrors.password = f.password[0];
      throw Refusal.fields(fieldErrors);
    }
    const result = await login({
      username: parsed.data.username,
      password: parsed.data.password,
      ip: clientIp(request, context),
      userAgent: request.headers.get("user-agent"),
      previousSessionId: await sessionIdOf(request),
    });
    if (!result.ok) throw Refusal.form(result.message, result.status);
    // after an administrator's reset the first thing is a new password
    const to = result.mustChangePassword ? CHANGE_PASSWORD_PATH : safeRedirect(parsed.data.redirectTo);
    return redirect(to, {
      headers: { "Set-Cookie": await createSessionCookie(request, result.sessionId) },
    });
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

export default function Login() {
  const actionData = useFailure();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const fe = actionData?.fieldErrors ?? {};
  return (
    <main className="login-page">
      <div className="login-card">
        <h1>晋中市招商引资与转型项目管理平台</h1>
        <p className="muted small">市投资促进局 · 市经信委 · 各县（区、市） · 专业化服务小组 · 企业</p>
        {actionData?.formError ? (
          <p className="form-error" role="alert">
            {actionData.formError}
          </p>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <div className="field">
            <label htmlFor="username">用户名</label>
            <input
              id="username"
              name="username"
              type="text"
              autoComplete="username"
              // the sign-in page has one purpose
              // eslint-disable-next-line jsx-a11y/no-autofocus
              autoFocus
              defaultValue={String(actionData?.values?.username ?? "")}
              aria-invalid={fe.username ? true : undefined}
              aria-describedby={fe.username ? "username-error" : undefined}
            />
            {fe.username ? (
              <span id="username-error" className="field-error">
                {fe.username}
              </span>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="password">密码</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              aria-invalid={fe.password ? true : undefined}
              aria-describedby={fe.password ? "password-error" : undefined}
            />
            {fe.password ? (
              <span id="password-error" className="field-error">
                {fe.password}
              </span>
            ) : null}
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "正在登录…" : "登录"}
          </button>
        </Form>
        <p className="small">
          企业还没有账号？<Link to="/register">企业注册申请</Link>
        </p>
        <div className="demo-accounts">
          <p>
            演示账号（密码均为 <code>Demo@2017</code>）：<code>admin</code> <code>sysadmin</code> <code>secadmin</code>{" "}
            <code>auditor</code> <code>bureau</code> <code>leader</code> <code>eic</code> <code>county.yuci</code>{" "}
            <code>team01</code> <code>ent.geely</code>
          </p>
          <p>本系统数据为依据 2017 年晋中市政府工作报告编制的演示数据。</p>
        </div>
      </div>
    </main>
  );
}
