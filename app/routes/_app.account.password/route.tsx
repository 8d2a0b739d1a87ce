// 修改密码 (everyone): old + new under the policy; after an administrator's reset or on expiry it is the only page
// a user reaches until the new password is set.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form/Field";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { ChangePasswordForm } from "~/domain/userForms.server";
import { changeOwnPassword } from "~/models/user.server";
import { getPolicy } from "~/models/securityPolicy.server";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { useFailure } from "~/components/form/useFailure";
import { requireSignedIn, requireUser } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "修改密码 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const s = await requireSignedIn(request);
  return { reason: s.changePassword, policy: await getPolicy() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const s = await requireSignedIn(request);
  const parsed = parseWith(ChangePasswordForm, formDataToObject(await request.formData()));
  try {
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    await changeOwnPassword(s.viewer, parsed.data, s.sessionId);
  } catch (err) {
    return answerRefusal(err); // never send passwords back
  }
  return redirect(s.changePassword ? "/" : "/account", {
    headers: await flash(request, "密码已修改，其他设备上的登录已结束"),
  });
}

export default function ChangePasswordPage() {
  const { reason, policy } = useLoaderData<typeof loader>();
  const a = useFailure();
  const busy = useNavigation().state === "submitting";
  const e = (a?.fieldErrors ?? {}) as Record<string, string | undefined>;
  return (
    <>
      <h1>修改密码</h1>
      {reason === "RESET" ? (
        <p className="form-error" role="alert">
          您正在使用管理员提供的一次性密码，请先设置新密码。
        </p>
      ) : reason === "EXPIRED" ? (
        <p className="form-error" role="alert">
          您的密码已使用超过 {policy.expiryDays} 天，请设置新密码。
        </p>
      ) : null}
      <p className="muted">
        新密码至少 {policy.minLength} 位，包含小写字母、大写字母、数字、符号中的至少 {policy.minClasses}{" "}
        类，不能包含用户名，不能与最近 {policy.historySize} 次的密码相同。
      </p>
      <Form method="post" noValidate className="form-grid">
        <FormError message={a?.formError} />
        <Field id="currentPassword" label="当前密码" error={e.currentPassword} required>
          {(p) => <input {...p} name="currentPassword" type="password" autoComplete="current-password" />}
        </Field>
        <Field id="newPassword" label="新密码" error={e.newPassword} required>
          {(p) => <input {...p} name="newPassword" type="password" autoComplete="new-password" />}
        </Field>
        <Field id="confirmPassword" label="确认新密码" error={e.confirmPassword} required>
          {(p) => <input {...p} name="confirmPassword" type="password" autoComplete="new-password" />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            修改密码
          </button>
        </div>
      </Form>
    </>
  );
}
