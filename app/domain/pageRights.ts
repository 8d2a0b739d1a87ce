// Page rights: ONE table of who may open which page, with what scope (docs/decisions/097). The loaders ask it
// (`requirePage(request, "reports")` in app/utils/auth.server.ts), the navigation is built from it (navFor), the
// security roles' reachable paths come from it (roleReachesPath in ./permissions), and the role × route matrix test
// checks it against the real answers. Record rights ("may this viewer change this project") stay predicates in
// ./permissions: they need the record; the reading scope itself is in app/models/scope.server.ts.
import type { RoleKey } from "./labels";
import { REPORT_ACCESS_MESSAGE } from "./monthlyReport";
import type { Viewer } from "./permissions";

/**
 * What a role sees on a page: every record; its county's, team's or enterprise's; or only its own (jobs it
 * uploaded, its account); a 责任单位 (DEPARTMENT) what is routed to its department. The queries apply it (app/models/scope.server.ts); here it says who gets in.
 */
export type PageScope = "all" | "county" | "team" | "enterprise" | "department" | "own";

export interface PageRight {
  /** Where the page lives (and, for the security roles, the path prefix they may reach). */
  path: string;
  /** Who may open it, and with what scope. A role not listed is refused. */
  roles: Partial<Record<RoleKey, PageScope>>;
  /** A county / team / enterprise scope needs the viewer's unit: an account without one is refused. */
  needsUnit?: boolean;
  /** What a refused viewer gets: 403 with this Chinese message (default), or a redirect. */
  refuse?: { message: string } | { redirect: string | "home" };
  /** Its entry in the navigation, in table order; `roles` only where the link is shown to others than `roles`. */
  nav?: { label: string; labelFor?: Partial<Record<RoleKey, string>>; end?: boolean; roles?: readonly RoleKey[] };
}

const CITY = { ADMIN: "all", BUREAU: "all", LEADER: "all", EIC: "all" } as const;
/** The bureau's pipeline and reports: the city's roles and the counties (their own county). */
const REPORTS = { ...CITY, COUNTY: "county" } as const;
const BUSINESS = { ...CITY, COUNTY: "county", TEAM: "team", ENTERPRISE: "enterprise" } as const;
const EVERYONE = { ...BUSINESS, ADMIN: "own", SECADMIN: "own", AUDITOR: "own", DEPARTMENT: "own" } as const;
/** The monthly 需市级/省级协调问题清单: the government side, the 责任单位 included (docs/decisions/081). */
const COORDINATION = { ...CITY, COUNTY: "county", TEAM: "team", DEPARTMENT: "department" } as const;
/** 督办: the city's leaders and the 督查 office (the bureau, decision 140) all; the 责任单位 their own items. */
const SUPERVISION = {
  ADMIN: "all",
  BUREAU: "all",
  LEADER: "all",
  EIC: "department",
  COUNTY: "county",
  DEPARTMENT: "department",
} as const;
/** The business roles (and the 系统管理员): the security roles (三员分立) see none of the business pages. */
export const BUSINESS_ROLES: readonly RoleKey[] = ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM", "ENTERPRISE"];

// prettier-ignore
export const PAGES = {
  // The dashboard; everyone else is sent from "/" to their own home (homePath), which is what 首页 links to.
  dashboard: { path: "/", roles: REPORTS, needsUnit: true, refuse: { redirect: "home" }, nav: { label: "首页", end: true, roles: BUSINESS_ROLES } },
  // where a 责任单位 lands (issue 17): its 督办事项 as 主办 and 协办 and the enterprise issues routed to it
  departmentHome: { path: "/department", roles: { DEPARTMENT: "department" }, refuse: { redirect: "home" }, nav: { label: "本单位工作台" } },
  adminUsers: { path: "/admin/users", roles: { ADMIN: "all", SECADMIN: "all" }, refuse: { message: "仅系统管理员和安全管理员可以查看用户" }, nav: { label: "用户管理" } },
  adminUserNew: { path: "/admin/users/new", roles: { ADMIN: "all" }, refuse: { message: "仅系统管理员可以新建用户" } },
  adminAudit: { path: "/admin/audit", roles: { AUDITOR: "all" }, refuse: { message: "仅安全审计员可以查看审计日志" }, nav: { label: "审计日志" } },
  auditExport: { path: "/resources/audit-export", roles: { AUDITOR: "all" }, refuse: { message: "仅安全审计员可以导出审计日志" } },
  adminSecurity: { path: "/admin/security", roles: { SECADMIN: "all" }, refuse: { message: "仅安全管理员可以修改安全策略" }, nav: { label: "安全策略" } },
  adminGrants: { path: "/admin/grants", roles: { SECADMIN: "all" }, refuse: { message: "仅安全管理员可以审查角色授权" }, nav: { label: "授权审查" } },
  // the bureau's week list holds its own leads' follow-ups (issue 22)
  myWork: { path: "/my-work", roles: { TEAM: "team", COUNTY: "county", BUREAU: "own" }, refuse: { redirect: "/" }, nav: { label: "我的工作台" } },
  projects: { path: "/projects", roles: BUSINESS, nav: { label: "项目库", labelFor: { ENTERPRISE: "我的项目", TEAM: "项目库" } } },
  // 重点专项 (docs/decisions/200): everyone who sees projects, each counting the members in their scope; the bureau and the admin keep them
  programmes: { path: "/programmes", roles: BUSINESS, needsUnit: true, refuse: { message: "重点专项仅对能查看项目的用户开放" }, nav: { label: "重点专项", roles: ["ADMIN", "BUREAU", "LEADER", "EIC", "COUNTY", "TEAM"] } },
  programmeNew: { path: "/programmes/new", roles: { ADMIN: "all", BUREAU: "all" }, refuse: { message: "只有投资促进局和系统管理员可以新建重点专项" } },
  projectNew: { path: "/projects/new", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, refuse: { message: "您没有新建项目的权限" } },
  leads: { path: "/leads", roles: REPORTS, needsUnit: true, refuse: { message: "招商线索仅对投资促进局、市领导、经信委和县区开放" }, nav: { label: "招商线索" } },
  leadFollowUps: { path: "/leads/follow-ups", roles: REPORTS, needsUnit: true, refuse: { message: "跟进督办仅对投资促进局、市领导、经信委和县区开放" }, nav: { label: "跟进督办" } },
  leadAnalytics: { path: "/leads/analytics", roles: REPORTS, needsUnit: true, refuse: { message: "线索分析仅对投资促进局、市领导、经信委和县区开放" } },
  events: { path: "/events", roles: REPORTS, needsUnit: true, refuse: { message: "推介活动仅对投资促进局、市领导、经信委和县区开放" } },
  eventNew: { path: "/events/new", roles: { ADMIN: "all", BUREAU: "all" }, refuse: { message: "只有投资促进局可以登记推介活动" } },
  leadTouch: { path: "/leads/:leadId/touch", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "只有投资促进局和县区可以记录线索跟进" } },
  leadNew: { path: "/leads/new", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "只有投资促进局和县区可以登记招商线索" } },
  // 客商库 (docs/decisions/175): who sees investors follows who sees leads; keeping them is a record right (canEditInvestor)
  investors: { path: "/investors", roles: REPORTS, needsUnit: true, refuse: { message: "客商库仅对投资促进局、市领导、经信委和县区开放" }, nav: { label: "客商库" } },
  investorNew: { path: "/investors/new", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "只有投资促进局和县区可以登记客商" } },
  investorEdit: { path: "/investors/:investorId/edit", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "您没有修改客商的权限" } },
  investorContacts: { path: "/investors/:investorId/contacts", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "您没有修改客商联系人的权限" } },
  investorMerge: { path: "/investors/:investorId/merge", roles: { ADMIN: "all", BUREAU: "all" }, refuse: { message: "只有系统管理员和市投资促进局可以合并客商" } },
  targets: { path: "/targets", roles: REPORTS, needsUnit: true, nav: { label: "目标", labelFor: { BUREAU: "目标管理", ADMIN: "目标管理" } } },
  funnel: { path: "/reports/funnel", roles: REPORTS, needsUnit: true, nav: { label: "漏斗分析" } },
  ranking: { path: "/reports/ranking", roles: REPORTS, needsUnit: true, nav: { label: "考核排名" } },
  map: { path: "/reports/map", roles: REPORTS, needsUnit: true, nav: { label: "招商地图" } },
  monthlyReport: { path: "/reports/monthly", roles: REPORTS, needsUnit: true, refuse: { message: REPORT_ACCESS_MESSAGE }, nav: { label: "月度通报" } },
  // a team is sent on to its own team's page
  teams: { path: "/teams", roles: { ...CITY, TEAM: "team" }, needsUnit: true, refuse: { message: "服务小组信息仅对市直部门开放" }, nav: { label: "服务小组", labelFor: { TEAM: "本组" } } },
  // 调整成员 (docs/decisions/160): 市经信委, the bureau and the 系统管理员; counties do not manage teams
  teamMembers: { path: "/teams/:teamId/members", roles: { ADMIN: "all", BUREAU: "all", EIC: "all" }, refuse: { message: "只有投资促进局、市经信委和系统管理员可以调整小组成员" } },
  // 企业库 (docs/decisions/113): the city's roles all; a county its county's and those investing in it; a team its assigned ones and those of its projects
  enterprises: { path: "/enterprises", roles: { ...CITY, COUNTY: "county", TEAM: "team" }, needsUnit: true, refuse: { message: "企业库仅对市直部门、县区和服务小组开放" }, nav: { label: "企业库" } },
  enterpriseNew: { path: "/enterprises/new", roles: { ADMIN: "all", BUREAU: "all", EIC: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "您没有登记企业的权限" } },
  enterpriseEdit: { path: "/enterprises/:enterpriseId/edit", roles: { ADMIN: "all", BUREAU: "all", EIC: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "您没有修改企业的权限" } },
  enterpriseMerge: { path: "/enterprises/:enterpriseId/merge", roles: { ADMIN: "all", BUREAU: "all", EIC: "all" }, refuse: { message: "只有系统管理员、市投资促进局和市经信委可以合并企业记录" } },
  enterpriseVisits: { path: "/enterprises/:enterpriseId/visits", roles: { ADMIN: "all", EIC: "all", TEAM: "team" }, needsUnit: true, refuse: { message: "只有服务小组和市经信委可以记录企业走访" } },
  // 企业诉求 (13710): the enterprise's own issues and the handling queues share /issues.
  // a 责任单位 (DEPARTMENT) the city-level issues routed to it as 主办 or 协办 (docs/decisions/170)
  issues: { path: "/issues", roles: { ...BUSINESS, DEPARTMENT: "department" }, nav: { label: "诉求办理", labelFor: { ENTERPRISE: "我的诉求", LEADER: "企业诉求", DEPARTMENT: "交办诉求" }, end: true } },
  // counties and teams submit on an enterprise's behalf from its project; the link is the enterprise's
  issueNew: { path: "/issues/new", roles: { COUNTY: "county", TEAM: "team", ENTERPRISE: "enterprise" }, needsUnit: true, refuse: { message: "您的账号不能提交诉求" }, nav: { label: "提交诉求", end: true, roles: ["ENTERPRISE"] } },
  issuesMonthly: { path: "/issues/monthly", roles: COORDINATION, refuse: { message: "协调问题清单仅供政府部门使用" }, nav: { label: "协调问题清单" } },
  issuesMonthlyExport: { path: "/resources/issues-monthly", roles: COORDINATION, refuse: { message: "协调问题清单仅供政府部门使用" } },
  adminSla: { path: "/admin/sla", roles: { ADMIN: "all" }, refuse: { message: "仅系统管理员可以修改 13710 时限设置" }, nav: { label: "13710 时限设置" } },
  adminBackups: { path: "/admin/backups", roles: { ADMIN: "all" }, refuse: { message: "仅系统管理员可以管理数据备份" }, nav: { label: "数据备份" } },
  adminNotifications: { path: "/admin/notifications", roles: { ADMIN: "all" }, refuse: { message: "仅系统管理员可以管理外部通知" }, nav: { label: "外部通知" } },
  adminClock: { path: "/admin/clock", roles: { ADMIN: "all" }, refuse: { message: "仅系统管理员可以调整演示时钟" }, nav: { label: "演示时钟" } },
  adjustments: { path: "/adjustments", roles: CITY, nav: { label: "动态调整" } },
  // 督办台账 (issue 17, docs/decisions/140–141): the city sees the whole ledger; a 责任单位 (a department, 市经信委, a
  // county government) only the items where it is 主办 or 协办 — the scope is in the query (supervisionScope)
  supervision: { path: "/supervision", roles: SUPERVISION, refuse: { message: "督办台账仅对市领导、督查室和责任单位开放" }, nav: { label: "督办台账", labelFor: { EIC: "督办事项", COUNTY: "督办事项", DEPARTMENT: "督办事项" } } },
  supervisionNew: { path: "/supervision/new", roles: { LEADER: "all" }, refuse: { message: "只有市领导可以作出批示" } },
  supervisionExport: { path: "/resources/supervision-export", roles: SUPERVISION, refuse: { message: "督办台账仅对市领导、督查室和责任单位开放" } },
  // a county imports only rows of its own county (checked per row); a job is its uploader's alone
  import: { path: "/import", roles: { ADMIN: "own", BUREAU: "own", COUNTY: "own" }, nav: { label: "数据导入" } },
  // 企业自助注册的审核 (docs/decisions/120): a county its county's applications, 市经信委 those of 市本级
  registrations: { path: "/registrations", roles: { COUNTY: "county", EIC: "all" }, needsUnit: true, refuse: { message: "企业注册申请由所在县区或市经信委审核" }, nav: { label: "企业注册审核" } },
  // 优惠政策库 (docs/decisions/121): the city's roles read all, a county its own and the city's; keeping is a record right
  policies: { path: "/policies", roles: REPORTS, needsUnit: true, refuse: { message: "优惠政策库仅对市直部门和县区开放" }, nav: { label: "优惠政策" } },
  policyNew: { path: "/policies/new", roles: { ADMIN: "all", BUREAU: "all", COUNTY: "county" }, needsUnit: true, refuse: { message: "只有投资促进局和县区可以登记优惠政策" } },
  // a project's granted incentives: a workspace page (the enterprise reads them on the project's summary)
  projectIncentives: { path: "/projects/:projectId/incentives", roles: { ...CITY, COUNTY: "county", TEAM: "team" }, needsUnit: true, refuse: { message: "企业用户请在项目详情页查看项目概况" } },
  // 专项资金 (issue 18 §2, docs/decisions/205): the city's roles all; a county and a team the applications of their
  // projects (the funds' totals are the city's); managing the funds is a record right (canManageFunds)
  // 追回清单 (docs/decisions/225): the city's roles every county's, a county its own (projectScopeSql in the query)
  incentiveRecovery: { path: "/incentives/recovery", roles: REPORTS, needsUnit: true, refuse: { message: "优惠追回清单仅对市直部门和县区开放" } },
  funds: { path: "/funds", roles: { ...CITY, COUNTY: "county", TEAM: "team" }, needsUnit: true, refuse: { message: "专项资金仅对市直部门、县区和服务小组开放" }, nav: { label: "专项资金" } },
  // 要素保障 (issue 18 §4, docs/decisions/222): each county's 用地指标 against its use — the city's roles all counties, a
  // county its own (the scope is in the query); setting a quota is a record right (canManageLandQuota)
  land: { path: "/land", roles: REPORTS, needsUnit: true, refuse: { message: "用地指标仅对市直部门和县区开放" }, nav: { label: "用地指标" } },
  // a project's land records and 出让金 schedule: a workspace page (docs/decisions/220)
  projectLand: { path: "/projects/:projectId/land", roles: { ...CITY, COUNTY: "county", TEAM: "team" }, needsUnit: true, refuse: { message: "企业用户请在项目详情页查看项目概况" } },
  fundsExport: { path: "/resources/funds-export", roles: CITY, refuse: { message: "专项资金报表仅对市直部门开放" } },
  // 组织机构 (docs/decisions/161): counties and zones, industries, 领办领导, 责任单位 — the bureau, 市经信委, the 系统管理员
  org: { path: "/org", roles: { ADMIN: "all", BUREAU: "all", EIC: "all" }, refuse: { message: "组织机构与基础数据由投资促进局、市经信委和系统管理员维护" }, nav: { label: "组织机构" } },
  // file downloads: the attachment's project, issue, 督办 report or lead decides (attachmentScope); a 责任单位 those of
  // the issues routed to it and of its 督办事项 (issue 17)
  attachments: { path: "/resources/attachments", roles: { ...BUSINESS, DEPARTMENT: "department" } },
  // a site photo's thumbnail and JPEG (issue 20 §2, docs/decisions/215, 230): whoever sees the photo's project
  // workspace, or for an issue's photos the issue (an enterprise its own, a 责任单位 those routed to it)
  photos: { path: "/resources/photos", roles: { ...CITY, COUNTY: "county", TEAM: "team", ENTERPRISE: "enterprise", DEPARTMENT: "department" } },
  // the reviewer's list of marked photos (docs/decisions/233): the photos of the viewer's projects and issues
  photoReview: { path: "/photos/review", roles: { ...CITY, COUNTY: "county", TEAM: "team" }, nav: { label: "照片核查" } },
  account: { path: "/account", roles: EVERYONE, nav: { label: "我的账号" } },
  notifications: { path: "/notifications", roles: EVERYONE },
  // each user's channels per event (docs/decisions/165), linked from the header's user box
  notificationSettings: { path: "/settings/notifications", roles: EVERYONE },
  portal: { path: "/portal", roles: { ENTERPRISE: "enterprise" }, refuse: { redirect: "/" } },
} satisfies Record<string, PageRight>;

export type PageKey = keyof typeof PAGES;

function right(key: PageKey): PageRight {
  return PAGES[key];
}

function hasUnit(v: Viewer, scope: PageScope): boolean {
  if (scope === "county") return v.countyId !== null;
  if (scope === "team") return v.teamId !== null;
  if (scope === "enterprise") return v.enterpriseId !== null;
  if (scope === "department") return (v.departmentId ?? null) !== null;
  return true;
}

/** The viewer's scope on the page, or null when the page is not theirs. */
export function pageScope(v: Viewer, key: PageKey): PageScope | null {
  const r = right(key);
  const scope = r.roles[v.role];
  if (!scope) return null;
  if (r.needsUnit && !hasUnit(v, scope)) return null;
  return scope;
}

export function canOpenPage(v: Viewer, key: PageKey): boolean {
  return pageScope(v, key) !== null;
}

/** What a refused viewer gets: a 403 message or where to go instead. */
export function refusalOf(v: Viewer, key: PageKey): { message: string } | { redirect: string } {
  const refuse = right(key).refuse;
  if (refuse && "redirect" in refuse) return { redirect: refuse.redirect === "home" ? homePath(v) : refuse.redirect };
  return { message: refuse?.message ?? "您没有执行此操作的权限" };
}

/** Each role's first page, where "/" sends those who do not see the dashboard. */
const HOME: Partial<Record<RoleKey, PageKey>> = {
  TEAM: "myWork",
  ENTERPRISE: "portal",
  SECADMIN: "adminUsers",
  AUDITOR: "adminAudit",
  DEPARTMENT: "departmentHome",
};

export function homePath(v: Viewer): string {
  const home = HOME[v.role];
  if (home) return right(home).path;
  return canOpenPage(v, "dashboard") ? "/" : right("projects").path;
}

/** The navigation for a role: the table's pages with a nav entry, in table order. */
export function navFor(role: RoleKey) {
  return Object.values(PAGES as Record<string, PageRight>).flatMap((r) => {
    const nav = r.nav;
    if (!nav || !(nav.roles ?? (Object.keys(r.roles) as RoleKey[])).includes(role)) return [];
    return [{ to: r.path, label: nav.labelFor?.[role] ?? nav.label, end: nav.end ?? false }];
  });
}

/** The paths a role reaches at all: its pages' paths (with everything below them), "/" and sign-out. */
export function pagePathsOf(role: RoleKey): string[] {
  const own = Object.values(PAGES as Record<string, PageRight>)
    .filter((r) => r.roles[role])
    .map((r) => r.path);
  return [...new Set(["/", ...own, "/logout"])];
}
