import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { NotificationBell } from "~/components/issues/NotificationBell";
import { navFor } from "~/domain/pageRights";
import { Toast } from "~/components/ui/Toast";
import { ROLE_LABELS } from "~/domain/labels";
import { ErrorMessage } from "~/components/ui/ErrorMessage";
import { unreadCount } from "~/models/notification.server";
import issuesStyles from "~/styles/issues.css";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { getSession, sessionStorage } from "~/utils/session.server";
import { isDemoClock, today as clockToday } from "~/utils/clock.server";
import { formatChineseDate } from "~/domain/dates";
import { newCreateToken } from "~/utils/createToken.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: issuesStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const session = await getSession(request);
  const toast = session.get("toast") ?? null;
  const [scopeName, unread] = await Promise.all([scopeLabel(viewer), unreadCount(viewer.id)]);
  return data(
    {
      viewer: { displayName: viewer.displayName, role: viewer.role, username: viewer.username },
      roleLabel: ROLE_LABELS[viewer.role],
      scopeName,
      nav: navFor(viewer.role),
      toast,
      unread,
      // the demo clock's date (docs/decisions/060); a real deployment shows none
      demoDate: isDemoClock() ? formatChineseDate(clockToday()) : null,
      // the one-time token of this page's create forms (<CreateToken />, docs/decisions/093); new after each action
      createToken: newCreateToken(),
    },
    toast ? { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } } : undefined,
  );
}

async function scopeLabel(v: Awaited<ReturnType<typeof requireUser>>) {
  if (v.role === "COUNTY" && v.countyId)
    return (await db.as(v).county.findUnique({ where: { id: v.countyId }, select: { name: true } }))?.name ?? null;
  if (v.role === "TEAM" && v.teamId)
    return (await db.as(v).serviceTeam.findUnique({ where: { id: v.teamId }, select: { name: true } }))?.name ?? null;
  if (v.role === "DEPARTMENT" && v.departmentId)
    return (
      (await db.as(v).department.findUnique({ where: { id: v.departmentId }, select: { name: true } }))?.name ?? null
    );
  if (v.role === "ENTERPRISE" && v.enterpriseId)
    return (
      (await db.as(v).enterprise.findUnique({ where: { id: v.enterpriseId }, select: { name: true } }))?.name ?? null
    );
  return null;
}

export default function AppShell() {
  const { viewer, roleLabel, scopeName, nav, toast, unread, demoDate } = useLoaderData<typeof loader>();
  return (
    <>
      <a href="#main" className="skip-link">
        跳到主要内容
      </a>
      <header className="app-header">
        <Link to="/" className="app-title">
          <span className="long">晋中市招商引资与转型项目管理平台</span>
          <span className="short">晋中招商平台</span>
          <small>2017 年度</small>
        </Link>
        {demoDate ? <span className="demo-date">{`演示日期 ${demoDate}`}</span> : null}
        <span className="spacer" />
        <div className="user-box">
          <NotificationBell unread={unread} />
          <span>
            {viewer.displayName}
            <span className="user-role">
              {" "}
              · {roleLabel}
              {scopeName ? ` · ${scopeName}` : ""}
            </span>
          </span>
          <Link to="/settings/notifications" className="user-link" aria-label="通知设置">
            <span className="long">通知设置</span>
            <span className="short">设置</span>
          </Link>
          <Form method="post" action="/logout">
            <button type="submit">退出登录</button>
          </Form>
        </div>
      </header>
      <p className="demo-notice" role="note">
        演示数据：本系统中的项目、企业、人员和数字依据《2017年晋中市政府工作报告》编制，仅供演示。
      </p>
      <div className="app-body">
        <nav className="app-nav" aria-label="主导航">
          <ul>
            {nav.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.end} prefetch="intent">
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      {toast ? <Toast message={toast.message} kind={toast.kind} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return (
    <main className="error-page">
      <ErrorMessage />
    </main>
  );
}
