// 联系人 of an enterprise (issue 15 §1, docs/decisions/116): list, add, change and remove, for whoever may edit the
// enterprise (the admin, the bureau, 市经信委, the county it is registered in). One form adds, or changes the
// contact chosen with ?edit=<id>; the shared zod schema checks it in the browser and again here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { withSubmitted } from "~/components/form/ConflictNotice";
import { CreateToken } from "~/components/form/CreateToken";
import { Field, FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { EnterpriseContactForm } from "~/domain/enterpriseContactForm";
import { canEditEnterprise, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { addContact, contactsPage, removeContact, updateContact } from "~/models/enterpriseContact.server";
import { requirePage } from "~/utils/auth.server";
import { claimCreate } from "~/utils/createToken.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";
import { ContactsTable } from "~/components/enterprises/ContactsTable";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `联系人 · ${data?.enterprise.name ?? "企业"} · 企业库` },
];

async function load(request: Request, rawId: string | undefined): Promise<{ viewer: Viewer; id: number }> {
  const viewer = await requirePage(request, "enterpriseEdit");
  const id = idParam(rawId);
  const e = await contactsPage(viewer, id);
  if (!e) notFound();
  if (!canEditEnterprise(viewer, e)) forbidden("您没有修改该企业联系人的权限");
  return { viewer, id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, id } = await load(request, params.enterpriseId);
  const enterprise = (await contactsPage(viewer, id))!;
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  const editing = enterprise.contacts.find((c) => c.id === editId) ?? null;
  return { enterprise, editing };
}

const contactId = (raw: unknown) => {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw Refusal.form("联系人无效");
  return n;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, id } = await load(request, params.enterpriseId);
  const raw = formDataToObject(await request.formData());
  const back = `/enterprises/${id}/contacts`;
  try {
    if (raw.intent === "remove") {
      const removed = await removeContact(viewer, id, contactId(raw.contactId));
      return redirect(back, { headers: await flash(request, removed ? "联系人已删除" : "该联系人已不存在") });
    }
    const parsed = parseWith(EnterpriseContactForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的字段");
    if (raw.intent === "update") {
      const r = await updateContact(viewer, id, contactId(raw.contactId), parsed.data);
      return redirect(back, { headers: await flash(request, r.changed.length ? "联系人已保存" : "没有修改") });
    }
    await addContact(viewer, id, parsed.data, claimCreate(viewer, "EnterpriseContact", raw));
    return redirect(back, { headers: await flash(request, "联系人已添加") });
  } catch (e) {
    return answerRefusal(e, { values: raw, form: "contact" });
  }
}

export default function EnterpriseContacts() {
  const { enterprise: e, editing } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/enterprises">企业库</Link> / <Link to={`/enterprises/${e.id}`}>{e.name}</Link> / 联系人
      </p>
      <h1>联系人</h1>
      <section className="card" aria-labelledby="contacts-list">
        <h2 id="contacts-list">{e.name}的联系人</h2>
        <ContactsTable
          contacts={e.contacts}
          actions={(c) => (
            <>
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
            </>
          )}
        />
      </section>
      {/* a new key after each saved change empties the form for the next contact */}
      <ContactForm
        key={editing ? `edit-${editing.id}` : `new-${e.contacts.map((c) => c.id).join(",")}`}
        editing={editing}
        enterpriseId={e.id}
      />
    </>
  );
}

function ContactForm({
  editing,
  enterpriseId,
}: {
  editing: { id: number; name: string; title: string | null; phone: string | null; isPrimary: boolean } | null;
  enterpriseId: number;
}) {
  const fail = useFailure("contact");
  const busy = useNavigation().state === "submitting";
  const { field, onSubmit, errorOf } = useZodForm(EnterpriseContactForm, {
    serverErrors: fail?.fieldErrors,
    defaultValues: withSubmitted(fail, {
      name: editing?.name ?? "",
      title: editing?.title ?? "",
      phone: editing?.phone ?? "",
      isPrimary: editing?.isPrimary ?? false,
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
        <div className="field checkbox">
          <label>
            <input type="checkbox" {...field("isPrimary", { type: "checkbox", value: "on" })} /> 主要联系人
          </label>
        </div>
        <div className="form-actions span-all">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? "保存联系人" : "添加联系人"}
          </button>
          {editing ? (
            <Link to={`/enterprises/${enterpriseId}/contacts`} className="button">
              取消修改
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
