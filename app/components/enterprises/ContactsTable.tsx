// An enterprise's contacts as a table (the profile reads them; the contacts page adds 修改/删除 per row). Phones arrive
// already masked by the loader for roles that don't need them (docs/decisions/113).
import type { ReactNode } from "react";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export type ContactRow = { id: number; name: string; title: string | null; phone: string | null; isPrimary: boolean };

export function ContactsTable({
  contacts,
  actions,
}: {
  contacts: ContactRow[];
  /** Per-row actions; when given, the table gets an 操作 column. */
  actions?: (c: ContactRow) => ReactNode;
}) {
  const cols = actions ? 4 : 3;
  return (
    <div {...TABLE_WRAP}>
      <table className="plain card-table">
        <caption className="sr-only">联系人</caption>
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">职务</th>
            <th scope="col">电话</th>
            {actions ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {contacts.length === 0 ? (
            <tr>
              <td colSpan={cols} className="muted empty">
                暂无联系人
              </td>
            </tr>
          ) : (
            contacts.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name}
                  {c.isPrimary ? <span className="badge green">主要联系人</span> : null}
                </td>
                <td data-label="职务">{c.title ?? "—"}</td>
                <td className="nowrap" data-label="电话">
                  {c.phone ?? "—"}
                </td>
                {actions ? (
                  <td className="nowrap" data-label="操作">
                    {actions(c)}
                  </td>
                ) : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
