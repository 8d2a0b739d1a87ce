// 客商联系人 (issue 22 §1, docs/decisions/175): list, add, change and remove, for whoever keeps the investor (the
// bureau, the admin, the county that keeps it). One form adds, or changes the contact chosen with ?edit=<id>; the
// shared zod/mini schema checks name, phone, WeChat id and e-mail in the browser and again here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { InvestorContactForm } from "~/domain/investorForm";
import { canEditInvestor, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import {
  addInvestorContact,
  investorContactsPage,
  removeInvestorContact,
  updateInvestorContact,
} from "~/models/investor.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `联系人 · ${data?.investor.name ?? "客商"} · 客商库` },
];

async function load(request: Request, rawId: string | undefined): Promise<{ viewer: Viewer; id: number }> {
  const viewer = await requirePage(request, "investorContacts");
  const id = idParam(rawId);
  const inv = await investorContactsPage(viewer, id);
  if (!inv) notFound();
  if (!canEditInvestor(viewer, inv)) forbidden("您没有修改该客商联系人的权限");
  return { viewer, id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, id } = await load(request, params.investorId);
  const investor = (await investorContactsPage(viewer, id))!;
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  const editing = investor.contacts.find((c) => c.id === editId) ?? null;
  return { investor, editing };
}

const contactId = (raw: unknown) => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw Refusal.form("联系人无效");
  return n;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, id } = await load(request, params.investorId);
  const raw = formDataToObject(await request.formData());
  const back = `/investors/${id}/contacts`;
  try {
    if (raw.intent === "remove") {
      const removed = await removeInvestorContact(viewer, id, contactId(raw.contactId));
      return redirect(back, { headers: await flash(request, removed ? "联系人已删除" : "该联系人已不存在") });
    }
    const parsed = parseWith(InvestorContactForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    if (raw.intent === "update") {
      const r = await updateInvestorContact(viewer, id, contactId(raw.contactId), parsed.data);
      return redirect(back, { headers: await flash(request, r.changed.length ? "联系人已保存" : "没有修改") });
    }
    await addInvestorContact(viewer, id, parsed.data, claimCreate(viewer, "InvestorContact", raw));
    return redirect(back, { headers: await flash(request, "联系人已添加") });
  } catch (e) {
    return answerRefusal(e, { values: raw, form: "contact" });
  }
}

type Contact = {
  id: number;
  name: string;
  title: string | null;
  phone: string | null;
  wechat: string | null;
  email: string | null;
};

export default function InvestorContacts() {
  const { investor: inv, editing } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/investors">客商库</Link> / <Link to={`/investors/${inv.id}`}>{inv.name}</Link> / 联系人
      </p>
      <h1>联系人</h1>
      <section className="card" aria-labelledby="contacts-list">
        <h2 id="contacts-list">{inv.name}的联系人</h2>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">联系人</caption>
            <thead>
              <tr>
                <th scope="col">姓名</th>
                <th scope="col">职务</th>
                <th scope="col">电话</th>
                <th scope="col">微信号</th>
                <th scope="col">电子邮箱</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {inv.contacts.length === 0 ? (
                <tr>
                  <td colSpan={6} className="muted">
                    暂无联系人
                  </td>
                </tr>
              ) : (
                inv.contacts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.title ?? "—"}</td>
                    <td className="nowrap">{c.phone ?? "—"}</td>
                    <td>{c.wechat ?? "—"}</td>
                    <td>{c.email ?? "—"}</td>
                    <td className="nowrap">
                      <Link to={`?edit=${c.id}`} preventScrollReset>
                        修改<span className="sr-only">{c.name}</span>
                      </Link>{" "}
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="contactId" value={c.id} />
                        <button type="submit" className="link">
                          删除<span className="sr-only">{c.name}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        <p>
          <Link to={`/investors/${inv.id}`}>返回客商页</Link>
        </p>
      </section>
      {/* a new key after each saved change empties the form for the next contact */}
      <ContactForm
        key={editing ? `edit-${editing.id}` : `new-${inv.contacts.map((c) => c.id).join(",")}`}
        editing={editing}
        investorId={inv.id}
      />
    </>
  );
}

function ContactForm({ editing, investorId }: { editing: Contact | null; investorId: number }) {
  const fail = useFailure("contact");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(InvestorContactForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: editing?.name ?? "",
      title: editing?.title ?? "",
      phone: editing?.phone ?? "",
      wechat: editing?.wechat ?? "",
      email: editing?.email ?? "",
    }),
  });
  const title = editing ? `修改联系人：${editing.name}` : "新增联系人";
  return (
    <section className="card" aria-labelledby="contact-form">
      <h2 id="contact-form">{title}</h2>
      <FormError message={fail?.formError} />
      <Form method="post" onSubmit={onSubmit} noValidate className="form-grid">
        {editing ? (
          <>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="contactId" value={editing.id} />
          </>
        ) : (
          <>
            <input type="hidden" name="intent" value="add" />
            <CreateToken />
          </>
        )}
        <Field id="c-name" label="姓名" error={errorOf("name")} required>
          {(p) => <input type="text" maxLength={40} {...p} {...field("name")} />}
        </Field>
        <Field id="c-title" label="职务" error={errorOf("title")}>
          {(p) => <input type="text" maxLength={60} {...p} {...field("title")} />}
        </Field>
        <Field id="c-phone" label="电话" error={errorOf("phone")}>
          {(p) => <input type="tel" maxLength={30} {...p} {...field("phone")} />}
        </Field>
        <Field id="c-wechat" label="微信号" error={errorOf("wechat")}>
          {(p) => <input type="text" maxLength={40} autoComplete="off" {...p} {...field("wechat")} />}
        </Field>
        <Field id="c-email" label="电子邮箱" error={errorOf("email")}>
          {(p) => <input type="email" maxLength={120} {...p} {...field("email")} />}
        </Field>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? "保存联系人" : "添加联系人"}
          </button>
          {editing ? (
            <Link to={`/investors/${investorId}/contacts`} className="button">
              取消修改
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
