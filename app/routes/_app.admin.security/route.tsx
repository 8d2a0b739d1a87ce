// 安全策略 (安全管理员 only, issue 14 §3): password and session policy within fixed bounds; every change audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { DEFAULT_POLICY, POLICY_FIELDS, parsePolicyForm, type SecurityPolicy } from "~/domain/accountPolicy";
import { Refusal } from "~/domain/refusal";
import { getPolicy, savePolicy } from "~/models/securityPolicy.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "安全策略 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "adminSecurity");
  return { policy: await getPolicy(), defaults: DEFAULT_POLICY, fields: POLICY_FIELDS };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminSecurity");
  const values = formDataToObject(await request.formData());
  try {
    const parsed = parsePolicyForm(values);
    if (!parsed.ok) throw Refusal.fields(parsed.fieldErrors);
    await savePolicy(viewer, parsed.policy);
  } catch (err) {
    return answerRefusal(err, { values });
  }
  return redirect("/admin/security", { headers: await flash(request, "安全策略已保存") });
}

export default function SecurityPolicyPage() {
  const { policy, defaults, fields } = useLoaderData<typeof loader>();
  const failure = useFailure();
  const busy = useNavigation().state === "submitting";
  const submitted = (failure?.values ?? null) as Record<string, string> | null;
  return (
    <>
      <h1>安全策略</h1>
      <p className="muted">
        口令复杂度、有效期、登录失败锁定和会话超时（等级保护第三级）。演示账号在演示时钟运行期间不受密码有效期限制。
      </p>
      <Form method="post" noValidate className="form-grid">
        <FormError message={failure?.formError} />
        {(Object.keys(fields) as (keyof SecurityPolicy)[]).map((k) => (
          <Field
            key={k}
            id={k}
            label={`${fields[k].label}（${fields[k].unit}）`}
            error={failure?.fieldErrors[k]}
            hint={`${fields[k].min}–${fields[k].max}，默认 ${defaults[k]}`}
            required
          >
            {(p) => (
              <input
                {...p}
                name={k}
                type="number"
                inputMode="numeric"
                min={fields[k].min}
                max={fields[k].max}
                defaultValue={submitted?.[k] ?? String(policy[k])}
              />
            )}
          </Field>
        ))}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            保存策略
          </button>
        </div>
      </Form>
    </>
  );
}
