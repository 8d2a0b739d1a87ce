// The navigation by role. Features add their entries here; the server filters by the viewer's role.
import type { RoleKey } from "~/domain/labels";

export interface NavItem {
  to: string;
  label: string;
  roles: readonly RoleKey[];
  /** Label override per role (e.g. an enterprise sees "我的项目"). */
  labelFor?: Partial<Record<RoleKey, string>>;
  end?: boolean;
}

export const ALL_ROLES: readonly RoleKey[] = ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM", "ENTERPRISE"];

export const NAV: NavItem[] = [
  { to: "/", label: "首页", roles: ALL_ROLES, end: true },
  { to: "/projects", label: "项目库", roles: ALL_ROLES, labelFor: { ENTERPRISE: "我的项目", TEAM: "项目库" } },
  // 企业诉求 (13710): the enterprise's own issues and the handling queues share /issues.
  {
    to: "/issues",
    label: "诉求办理",
    roles: ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM", "ENTERPRISE"],
    labelFor: { ENTERPRISE: "我的诉求", LEADER: "企业诉求" },
    end: true,
  },
  { to: "/issues/new", label: "提交诉求", roles: ["ENTERPRISE"], end: true },
  { to: "/issues/monthly", label: "协调问题清单", roles: ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM"] },
  { to: "/admin/sla", label: "13710 时限设置", roles: ["ADMIN"] },
];

export function navFor(role: RoleKey) {
  return NAV.filter((n) => n.roles.includes(role)).map((n) => ({
    to: n.to,
    label: n.labelFor?.[role] ?? n.label,
    end: n.end ?? false,
  }));
}
