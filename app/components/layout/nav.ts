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
  { to: "/adjustments", label: "动态调整", roles: ["ADMIN", "BUREAU", "LEADER", "EIC"] },
  { to: "/import", label: "数据导入", roles: ["ADMIN", "BUREAU", "COUNTY"] },
];

export function navFor(role: RoleKey) {
  return NAV.filter((n) => n.roles.includes(role)).map((n) => ({
    to: n.to,
    label: n.labelFor?.[role] ?? n.label,
    end: n.end ?? false,
  }));
}
