// 通知: the viewer's in-app notifications (new, due-soon and overdue issues, results to confirm). Opening one
// marks it read; each viewer only ever sees and changes their own.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/ui/Pager";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChinaDateTime } from "~/domain/dates";
import { NOTIFICATION_KINDS } from "~/domain/notificationLabels";
import { listNotifications, markAllRead, markRead } from "~/models/notification.server";
import { requirePage } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "通知 · 晋中市招商引资与转型项目管理平台" }];

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "notifications");
  const sp = new URL(request.url).searchParams;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(sp.get("page") ?? "1", 10) || 1));
  const unread = sp.get("unread") === "1";
  const list = await listNotifications(viewer.id, { page, size: PAGE_SIZE, unread });
  return { ...list, page, unread };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "notifications");
  const fd = await request.formData();
  const intent = fd.get("intent");
  if (intent === "readAll") {
    const n = await markAllRead(viewer.id);
    return redirect("/notifications", {
      headers: await flash(request, n ? `已将 ${n} 条通知标为已读` : "没有未读通知"),
    });
  }
  if (intent === "open") {
    const id = Number(fd.get("id"));
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
    const link = await markRead(viewer.id, id);
    if (link === undefined) notFound("未找到该通知");
    // Only same-site links are followed.
    return redirect(link && link.startsWith("/") && !link.startsWith("//") ? link : "/notifications");
  }
  return answerRefusal(Refusal.form("未知的操作"));
}

export default function Notifications() {
  const d = useLoaderData<typeof loader>();
  const hrefFor = (p: number) => `/notifications?page=${p}${d.unread ? "&unread=1" : ""}`;
  return (
    <>
      <div className="page-head">
        <h1>通知</h1>
        <span className="muted">共 {d.total} 条</span>
        <div className="actions">
          <Link className="button" to={d.unread ? "/notifications" : "/notifications?unread=1"}>
            {d.unread ? "显示全部" : "只看未读"}
          </Link>
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <button type="submit">全部标为已读</button>
          </Form>
        </div>
      </div>
      {d.rows.length ? (
        <div {...TABLE_WRAP}>
          <ul className="notice-list">
            {d.rows.map((n) => (
              <li key={n.id} className={n.readAt ? "read" : "unread"}>
                <Form method="post" className="notice">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="link notice-open">
                    {n.readAt ? null : <span className="sr-only">未读：</span>}
                    {n.title}
                  </button>
                  <span className="muted small nowrap">
                    <span className={`badge notice-${n.kind}`}>
                      {NOTIFICATION_KINDS[n.kind as keyof typeof NOTIFICATION_KINDS] ?? n.kind}
                    </span>{" "}
                    {formatChinaDateTime(n.createdAt)}
                  </span>
                </Form>
              </li>
            ))}
          </ul>
          <Pager total={d.total} page={d.page} pageSize={PAGE_SIZE} hrefFor={hrefFor} />
        </div>
      ) : (
        <p className="card muted">
          {d.unread ? "没有未读通知。" : "暂无通知。有新诉求、诉求临期或超时时，会在这里提醒您。"}
        </p>
      )}
    </>
  );
}
