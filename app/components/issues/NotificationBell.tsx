import { Link } from "@remix-run/react";

/** The shell's bell: unread notifications, with the count in words for screen readers. */
export function NotificationBell({ unread }: { unread: number }) {
  const label = unread ? `通知，${unread} 条未读` : "通知，没有未读";
  return (
    <Link to="/notifications" className="bell" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread ? <span className="bell-count">{unread > 99 ? "99+" : unread}</span> : null}
    </Link>
  );
}
