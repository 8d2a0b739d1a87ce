// 新建用户 (系统管理员): the account gets a one-time password, shown once here, to be changed at first sign-in.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UserFields } from "~/components/admin/UserFields";
import { CreateToken } from "~/components/form/CreateToken";
import { FormError } from "~/components/form/Field";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { Field } from "~/components/form/Field";
import { CreateUserForm } from "~/domain/userForms.server";
import { createUser, scopeOptions } from "~/models/user.server";
import { Refusal } from "~/domain/refusal";
import { claimCreate } from "~/utils/createToken.server";
import { answerRefusal } from "~/utils/refusal.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "新建用户 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminUserNew");
  return { options: await scopeOptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminUserNew");
  const values = formDataToObject(await request.formData());
  const parsed = parseWith(CreateUserForm, values);
  try {
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors);
    const { user, oneTimePassword } = await createUser(viewer, parsed.data, claimCreate(viewer, "User", values));
    return { ok: true as const, user, oneTimePassword };
  } catch (err) {
    return answerRefusal(err, { values });
  }
}

export default function NewUserPage() {
  const { options } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (a?.ok) {
    return (
      <>
        <h1>新建用户</h1>
        <section className="card" aria-labelledby="otp-title">
          <h2 id="otp-title">已创建用户 {a.user.username}</h2>
          {a.oneTimePassword ? (
            <>
              <p>
                一次性密码：<code data-testid="one-time-password">{a.oneTimePassword}</code>
              </p>
              <p className="muted">此密码只显示这一次，请当面或通过安全渠道交给本人。用户首次登录后必须设置新密码。</p>
            </>
          ) : (
            <p>该表单重复提交，账号只创建了一个。一次性密码已在第一次提交时显示；如未记下，请在该用户页面重置密码。</p>
          )}
          <p>
            <Link to={`/admin/users/${a.user.id}`}>查看该用户</Link> · <Link to="/admin/users">返回用户列表</Link>
          </p>
        </section>
      </>
    );
  }
  const errors = (a?.fieldErrors ?? {}) as Record<string, string | undefined>;
  const values = (a?.values ?? {}) as Record<string, string | undefined>;
  return (
    <>
      <h1>新建用户</h1>
      <Form method="post" noValidate className="form-grid">
        <FormError message={a?.formError} />
        <CreateToken />
        <Field
          id="username"
          label="用户名"
          error={errors.username}
          required
          hint="小写字母、数字或 . _ -，不区分大小写"
        >
          {(p) => (
            <input {...p} name="username" defaultValue={values.username ?? ""} maxLength={40} autoComplete="off" />
          )}
        </Field>
        <UserFields values={values} errors={errors} options={options} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            创建用户
          </button>
          <Link to="/admin/users">取消</Link>
        </div>
      </Form>
    </>
  );
}
