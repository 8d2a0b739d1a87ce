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

/** The business roles (and the 系统管理员): the security roles (三员分立) see none of the business pages. */
export const ALL_ROLES: readonly RoleKey[] = ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM", "ENTERPRISE"];
const EVERYONE: readonly RoleKey[] = [...ALL_ROLES, "SECADMIN", "AUDITOR", "DEPARTMENT"];

/** The bureau's pipeline and reports: the city's roles and the counties (their own county). */
const REPORT_ROLES: readonly RoleKey[] = ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY"];

export const NAV: NavItem[] = [
  { to: "/", label: "首页", roles: ALL_ROLES, end: true },
  { to: "/admin/users", label: "用户管理", roles: ["ADMIN", "SECADMIN"] },
  { to: "/admin/audit", label: "审计日志", roles: ["AUDITOR"] },
  { to: "/admin/security", label: "安全策略", roles: ["SECADMIN"] },
  { to: "/admin/grants", label: "授权审查", roles: ["SECADMIN"] },
  { to: "/my-work", label: "我的工作台", roles: ["TEAM", "COUNTY"] },
  { to: "/projects", label: "项目库", roles: ALL_ROLES, labelFor: { ENTERPRISE: "我的项目", TEAM: "项目库" } },
  { to: "/leads", label: "招商线索", roles: REPORT_ROLES },
  { to: "/targets", label: "目标", roles: REPORT_ROLES, labelFor: { BUREAU: "目标管理", ADMIN: "目标管理" } },
  { to: "/reports/funnel", label: "漏斗分析", roles: REPORT_ROLES },
  { to: "/reports/ranking", label: "考核排名", roles: REPORT_ROLES },
  { to: "/reports/map", label: "招商地图", roles: REPORT_ROLES },
  { to: "/reports/monthly", label: "月度通报", roles: REPORT_ROLES },
  { to: "/teams", label: "服务小组", roles: ["ADMIN", "BUREAU", "LEADER", "EIC", "TEAM"], labelFor: { TEAM: "本组" } },
  // 企业诉求 (13710): the enterprise's own issues and the handling queues share /issues.
  {
    to: "/issues",
    label: "诉求办理",
    roles: ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM", "ENTERPRISE"],
    labelFor: { ENTERPRISE: "我的诉求", LEADER: "企业诉求" },
    end: true,
  },
  { to: "/issues/new", label: "提交诉求", roles: ["ENTERPRISE"], end: true },
  {
    to: "/issues/monthly",
    label: "协调问题清单",
    roles: ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM", "DEPARTMENT"],
  },
  { to: "/admin/sla", label: "13710 时限设置", roles: ["ADMIN"] },
  { to: "/admin/backups", label: "数据备份", roles: ["ADMIN"] },
  { to: "/admin/clock", label: "演示时钟", roles: ["ADMIN"] },
  { to: "/adjustments", label: "动态调整", roles: ["ADMIN", "BUREAU", "LEADER", "EIC"] },
  { to: "/import", label: "数据导入", roles: ["ADMIN", "BUREAU", "COUNTY"] },
  { to: "/account", label: "我的账号", roles: EVERYONE },
];

export function navFor(role: RoleKey) {
  return NAV.filter((n) => n.roles.includes(role)).map((n) => ({
    to: n.to,
    label: n.labelFor?.[role] ?? n.label,
    end: n.end ?? false,
  }));
}
