// 企业自助注册 (issue 15 §3, docs/decisions/120): a public page (no sign-in). An enterprise applies with its credit
// code, name, county, contact and scanned business licence; its county (or 市经信委 for 市本级) reviews it.
// Rate-limited per address; a code that already has an account or a pending application gets one answer that
// names nothing (DUPLICATE_CODE_MESSAGE).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { failureOf, Refusal } from "~/domain/refusal";
import { CITY_LEVEL, CITY_LEVEL_LABEL, RegistrationForm } from "~/domain/registration";
import { MAX_UPLOAD_BYTES, UPLOAD_ACCEPT, UPLOAD_MESSAGES } from "~/domain/upload";
import { countyOptions } from "~/models/options.server";
import { reserveRegistrationAttempt, submitRegistration } from "~/models/registration.server";
import { clientIp, getViewer } from "~/utils/auth.server";
import { parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { readUploadForm } from "~/utils/upload.server";

export const meta: MetaFunction = () => [{ title: "企业注册申请 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // a signed-in user has an account already
  if (await getViewer(request)) throw redirect("/");
  return { counties: await countyOptions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ip = clientIp(request, context);
  let values: Record<string, string> = {};
  try {
    const fd = await readUploadForm(request, {
      fileFields: ["licence"],
      maxFiles: 1,
      maxFileBytes: MAX_UPLOAD_BYTES,
      tooLarge: () => UPLOAD_MESSAGES.tooLarge,
    });
    // every submission counts against the address, whatever its outcome
    await reserveRegistrationAttempt(ip);
    const licence = fd.get("licence");
    values = Object.fromEntries([...fd.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
    const parsed = parseWith(RegistrationForm, values);
    if (!parsed.success) {
      const fieldErrors = { ...parsed.fieldErrors };
      if (!(licence instanceof File)) fieldErrors.licence = "请上传营业执照扫描件（PDF、JPG 或 PNG）";
      throw Refusal.fields(fieldErrors);
    }
    await submitRegistration({ values: parsed.data, licence: licence instanceof File ? licence : null, ip });
    return { ok: true as const, name: parsed.data.name };
  } catch (e) {
    return answerRefusal(e, { values });
  }
}

export default function RegisterPage() {
  const { counties } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = failureOf(actionData);
  const busy = useNavigation().state === "submitting";
  const values = (failure?.values ?? {}) as Record<string, string | undefined>;
  const { onSubmit, errorOf, field } = useZodForm(RegistrationForm, {
    serverErrors: failure?.fieldErrors,
    defaultValues: {
      creditCode: values.creditCode ?? "",
      name: values.name ?? "",
      county: values.county ?? "",
      contactName: values.contactName ?? "",
      phone: values.phone ?? "",
    },
  });
  const done = actionData && "ok" in actionData && actionData.ok ? actionData : null;
  return (
    <main className="login-page">
      <div className="login-card register-card">
        <h1>企业注册申请</h1>
        <p className="muted small">晋中市招商引资与转型项目管理平台 · 企业账号由所在县（区、市）审核开通</p>
        {done ? (
          <section role="status" aria-labelledby="done-title">
            <h2 id="done-title">申请已提交</h2>
            <p>
              {done.name}
              的注册申请已收到。所在县（区、市）（市本级企业由市经信委）审核通过后，会通过您填写的联系电话告知登录用户名和一次性密码；首次登录时须设置新密码。
            </p>
            <p>
              <Link to="/login">返回登录页</Link>
            </p>
          </section>
        ) : (
          <>
            <FormError message={failure?.formError} />
            <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate>
              <Field
                id="creditCode"
                label="统一社会信用代码"
                error={errorOf("creditCode")}
                required
                hint="18 位，见营业执照"
              >
                {(p) => <input {...p} {...field("creditCode")} maxLength={22} autoComplete="off" />}
              </Field>
              <Field id="name" label="企业名称" error={errorOf("name")} required hint="与营业执照一致">
                {(p) => <input {...p} {...field("name")} maxLength={120} autoComplete="organization" />}
              </Field>
              <Field id="county" label="所在县区" error={errorOf("county")} required>
                {(p) => (
                  <select {...p} {...field("county")}>
                    <option value="">请选择</option>
                    {counties.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                    <option value={CITY_LEVEL}>{CITY_LEVEL_LABEL}</option>
                  </select>
                )}
              </Field>
              <Field id="contactName" label="联系人姓名" error={errorOf("contactName")} required>
                {(p) => <input {...p} {...field("contactName")} maxLength={40} autoComplete="name" />}
              </Field>
              <Field id="phone" label="联系电话" error={errorOf("phone")} required hint="手机号或座机号">
                {(p) => <input {...p} {...field("phone")} type="tel" maxLength={30} autoComplete="tel" />}
              </Field>
              <Field
                id="licence"
                label="营业执照扫描件"
                error={errorOf("licence")}
                required
                hint="PDF、JPG 或 PNG，不超过 10 MB"
              >
                {(p) => <input {...p} type="file" name="licence" accept={UPLOAD_ACCEPT} />}
              </Field>
              <button type="submit" className="primary" disabled={busy}>
                {busy ? "正在提交…" : "提交申请"}
              </button>
            </Form>
            <p className="small">
              已有账号？<Link to="/login">登录</Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
