import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
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

const NO_SCRIPT_STYLE =
  "@media (max-width: 800px) { .app-nav { display: block !important } .menu-button, .filter-toggle { display: none !important }" +
  " .filter-fold-body { display: flex !important; flex-wrap: wrap; gap: 0.6rem } }";

export default function AppShell() {
  const { viewer, roleLabel, scopeName, nav, toast, unread, demoDate } = useLoaderData<typeof loader>();
  // On a phone the navigation is a menu behind one button (issue 20 §1); it closes when a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setMenuOpen(false), [pathname]);
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
          <span className="user-name">
            {viewer.displayName}
            <span className="user-role">
              {" "}
              · {roleLabel}
              {scopeName ? ` · ${scopeName}` : ""}
            </span>
          </span>
          <Link to="/settings/notifications" className="user-link" aria-label="通知设置" title="通知设置">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" className="phone-only">
              <path
                fill="currentColor"
                d="M19.4 13a7.5 7.5 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.4 7.4 0 0 0-1.7-1L15 3.5h-4L10.7 6a7.4 7.4 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.5 7.5 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7.4 7.4 0 0 0 1.7 1l.3 2.5h4l.3-2.5a7.4 7.4 0 0 0 1.7-1l2.4 1 2-3.4-2-1.6ZM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Z"
              />
            </svg>
            <span className="desktop-only">通知设置</span>
          </Link>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="app-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            菜单
          </button>
          <Form method="post" action="/logout">
            <button type="submit">退出登录</button>
          </Form>
        </div>
      </header>
      <p className="demo-notice" role="note">
        演示数据：本系统中的项目、企业、人员和数字依据《2017年晋中市政府工作报告》编制，仅供演示。
      </p>
      <div className="app-body">
        {/* without JavaScript the phone menu and the 筛选 fold cannot open: show what they hold instead */}
        <noscript>
          <style>{NO_SCRIPT_STYLE}</style>
        </noscript>
        <nav id="app-nav" className={menuOpen ? "app-nav open" : "app-nav"} aria-label="主导航">
          <p className="nav-user phone-only">
            {viewer.displayName} · {roleLabel}
            {scopeName ? ` · ${scopeName}` : ""}
          </p>
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
