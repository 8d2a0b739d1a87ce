import { useNavigate } from "@remix-run/react";
import type { HTMLAttributes, MouseEvent } from "react";

/**
 * Client-side navigation for the plain `<a href>` links inside a large table: one click handler on the wrapper
 * instead of a Remix <Link> per cell (each costs ~30 µs of server render: 600 drill-down links on the funnel by
 * county were 18 ms of a 60 ms page, docs/decisions/051). A plain left click (Enter on a link is a click too) on an
 * in-app link navigates without a reload; modified clicks, new tabs and downloads behave as links always do.
 */
export function DelegatedLinks(props: Omit<HTMLAttributes<HTMLDivElement>, "onClick">) {
  const navigate = useNavigate();
  function onClick(e: MouseEvent<HTMLDivElement>) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.("a");
    if (!a || !e.currentTarget.contains(a) || a.target || a.hasAttribute("download")) return;
    const href = a.getAttribute("href");
    if (!href || !href.startsWith("/") || href.startsWith("//") || href.startsWith("/resources/")) return;
    e.preventDefault();
    navigate(href);
  }
  return (
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- the links inside are the interactive elements; this only intercepts their clicks
    <div {...props} onClick={onClick} />
  );
}
