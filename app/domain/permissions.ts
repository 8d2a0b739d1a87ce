// Who may change what (docs/design.md §6) as pure predicates. Reading is scoped in queries
// (app/models/scope.server.ts); these answer "may this viewer change this record".
import type { RoleKey } from "./labels";
import { canOpenPage, pagePathsOf } from "./pageRights";

export interface Viewer {
  id: number;
  username: string;
  displayName: string;
  role: RoleKey;
  countyId: number | null;
  teamId: number | null;
  enterpriseId: number | null;
  /** The 责任单位 of a DEPARTMENT user (docs/decisions/081). */
  departmentId?: number | null;
}

/** Who a project belongs to: what the write rights depend on. */
export interface ProjectOwners {
  countyId: number;
  serviceTeamId: number | null;
  enterpriseId: number | null;
}

/** Roles that read every project (docs/design.md §6 "sees: all"). */
export function seesAllProjects(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU" || v.role === "LEADER" || v.role === "EIC";
}

/**
 * A project's working record — service logs, agency tasks, milestone history with its reasons, evidence files
 * and the change history — is for the government side. An enterprise sees its projects as a summary
 * (docs/design.md §6): the facts, the stage and timeline, its money, and its service team's contact.
 */
export function seesProjectWorkspace(v: Viewer): boolean {
  return v.role !== "ENTERPRISE";
}

/** Create projects (bureau, admin; a county for its own county): the new-project page's right, then the county. */
export function canCreateProject(v: Viewer, countyId?: number): boolean {
  if (!canOpenPage(v, "projectNew")) return false;
  return v.role !== "COUNTY" || countyId === undefined || countyId === v.countyId;
}

/** Edit a project's register fields. */
export function canEditProject(v: Viewer, p: ProjectOwners): boolean {
  if (v.role === "ADMIN" || v.role === "BUREAU") return true;
  return v.role === "COUNTY" && p.countyId === v.countyId;
}

/** Keep the 优惠政策库 (docs/decisions/121): the bureau and admin any policy; a county its own county's. */
export function canEditPolicy(v: Viewer, countyId?: number | null): boolean {
  if (v.role === "ADMIN" || v.role === "BUREAU") return true;
  return v.role === "COUNTY" && v.countyId !== null && (countyId === undefined || countyId === v.countyId);
}

/**
 * Choose the service team in the project form (city level). A county never does: team assignment belongs to
 * 市经信委 (the assignment pages) and the city; a county's save keeps the project's team (issue 21).
 */
export function canChooseTeamInProjectForm(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU";
}

/** Log milestones, funding, monthly investment, service logs and agency tasks. */
export function canLogProgress(v: Viewer, p: ProjectOwners): boolean {
  if (canEditProject(v, p)) return true;
  return v.role === "TEAM" && v.teamId !== null && p.serviceTeamId === v.teamId;
}

/** Assign projects and enterprises to service teams. */
export function canManageTeams(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "EIC";
}

/**
 * Team members and 组长 (issue 15 §4, docs/decisions/160): 市经信委 manages the teams, the bureau (which the teams
 * serve) and the 系统管理员 too. Counties do not: the access table gives them their county's projects, not teams.
 */
export function canManageTeamMembers(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU" || v.role === "EIC";
}

/** Counties and zones, industries, 领办领导 and departments (docs/decisions/161): the same three roles. */
export function canManageReferenceData(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU" || v.role === "EIC";
}

/** Leads (招商线索), targets, imports and reports. */
export function canManagePipeline(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU";
}

/** 重点专项 (docs/decisions/200): create and edit programmes and add or remove their members. */
export function canManageProgrammes(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU";
}

/**
 * Contact phones of enterprises in full: those who call them (the bureau, 市经信委, the admin, counties and teams);
 * 市领导 read the registry with phones masked (docs/decisions/113).
 */
export function seesContactPhones(v: Viewer): boolean {
  return ["ADMIN", "BUREAU", "EIC", "COUNTY", "TEAM"].includes(v.role);
}

/**
 * Register or edit an enterprise (docs/decisions/114): the admin, the bureau and 市经信委 any; a county those
 * registered in its own county (and it registers new ones only there). `countyId` omitted: may the viewer create at all.
 */
export function canEditEnterprise(v: Viewer, e?: { countyId: number | null }): boolean {
  if (v.role === "ADMIN" || v.role === "BUREAU" || v.role === "EIC") return true;
  if (v.role !== "COUNTY" || v.countyId === null) return false;
  return e === undefined || e.countyId === v.countyId;
}

/**
 * Log a visit to an enterprise without a project (走访, issue 15 §2, docs/decisions/117): the admin and 市经信委 (who
 * manage the teams and the 优势企业) any enterprise; a service team those in its scope (assigned to it, or with one
 * of its projects) — the caller reads the enterprise through that scope first.
 */
export function canLogEnterpriseVisit(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "EIC" || (v.role === "TEAM" && v.teamId !== null);
}

/** Merge two records of one enterprise (docs/decisions/118): city-level only — the admin, the bureau, 市经信委. */
export function canMergeEnterprises(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU" || v.role === "EIC";
}

/**
 * 专项资金 (issue 18 §2, docs/decisions/205): set budgets, review, approve (批复), disburse (拨付) and keep guarantees —
 * the bureau (which owns projects and the money flowing into them), 市经信委 (which runs the 转型项目 and 优势企业
 * services the funds pay for) and the administrator. There is no finance role; leaders read.
 */
export function canManageFunds(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU" || v.role === "EIC";
}

/** Apply to a fund for a project: whoever logs the project's progress (its county, its team, the bureau). */
export function canApplyForFund(v: Viewer, p: ProjectOwners): boolean {
  return canLogProgress(v, p);
}

export function isReadOnly(v: Viewer): boolean {
  return v.role === "LEADER";
}

/**
 * The dashboard KPIs and the reports (funnel, ranking, map, monthly, targets): the city's roles and the counties
 * (own). The page-rights table gives every report page the same right (app/domain/pageRights.ts).
 */
export function seesReports(v: Viewer): boolean {
  return canOpenPage(v, "funnel");
}

/** Read leads (招商线索): the leads page's right; the scope is leadScope. */
export function seesLeads(v: Viewer): boolean {
  return canOpenPage(v, "leads");
}

/** Create, edit, move, abandon and convert a lead: bureau and admin any, a county its own county's. */
export function canManageLead(v: Viewer, lead?: { countyId: number }): boolean {
  if (canManagePipeline(v)) return true;
  return v.role === "COUNTY" && v.countyId !== null && (lead === undefined || lead.countyId === v.countyId);
}

/**
 * Keep a 客商 (docs/decisions/175): the bureau and the admin any; a county those it keeps (and it registers new
 * ones only for itself). `investor` omitted: may the viewer register one at all.
 */
export function canEditInvestor(v: Viewer, investor?: { countyId: number | null }): boolean {
  if (canManagePipeline(v)) return true;
  if (v.role !== "COUNTY" || v.countyId === null) return false;
  return investor === undefined || investor.countyId === v.countyId;
}

/** Merge two records of one 客商: the bureau and the admin, who keep the city's list. */
export function canMergeInvestors(v: Viewer): boolean {
  return canManagePipeline(v);
}

/**
 * An investor's contact details (phone, WeChat, e-mail) in full: those who work the leads — the bureau, the admin,
 * the counties. 市领导 and 市经信委 read them masked.
 */
export function seesInvestorContacts(v: Viewer): boolean {
  return canManagePipeline(v) || (v.role === "COUNTY" && v.countyId !== null);
}

/** Targets and the ranking weights: the bureau (and admin). */
export function canManageTargets(v: Viewer): boolean {
  return canManagePipeline(v);
}

/** Import projects and signed deals from spreadsheets (a county only rows of its own county). */
export function canImportProjects(v: Viewer): boolean {
  return canOpenPage(v, "import");
}

/** See the September dynamic adjustment screen (roles that read every project). */
export function seesPlanAdjustments(v: Viewer): boolean {
  return canOpenPage(v, "adjustments");
}

/** Move projects between the year's plan and the reserve pool (重点项目动态调整). */
export function canAdjustPlan(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU";
}

/** 可公开推介 on the public map (docs/decisions/212): the bureau decides what is shown to investors. */
export function canMarkPublicPromotion(v: Viewer): boolean {
  return v.role === "ADMIN" || v.role === "BUREAU";
}

// — 三员分立 (issue 14, docs/decisions/080): the three administrators cannot do each other's work —

/** 系统管理员 (code ADMIN): users, organisation and reference data. */
export function canManageUsers(v: Viewer): boolean {
  return v.role === "ADMIN";
}

/** 安全管理员: password and session policy, unlocking accounts, reviewing role grants. */
export function canManageSecurity(v: Viewer): boolean {
  return canOpenPage(v, "adminSecurity");
}

/** 授权审查: who holds which role and scope, and recent grants and changes (the 安全管理员, read-only). */
export function canReviewGrants(v: Viewer): boolean {
  return canOpenPage(v, "adminGrants");
}

/** The user list: the 系统管理员 (to manage) and the 安全管理员 (to review grants and unlock). */
export function seesUserAdmin(v: Viewer): boolean {
  return canOpenPage(v, "adminUsers");
}

/** Unlock an account locked by failed sign-ins: the 安全管理员 (and the 系统管理员, who resets passwords). */
export function canUnlockUsers(v: Viewer): boolean {
  return v.role === "SECADMIN" || v.role === "ADMIN";
}

/** 安全审计员: reads and exports the audit log, nothing else. */
export function canReadAudit(v: Viewer): boolean {
  return canOpenPage(v, "adminAudit");
}

/**
 * The security roles see no business data: they reach only their pages in the page-rights table (and everything
 * below those paths), "/" and sign-out — checked in requireUser for every path, resource routes included. A
 * 责任单位 (DEPARTMENT) reaches the monthly 需市级/省级协调问题清单, its 督办 pages and the issues routed to it
 * (docs/decisions/081, 140, 170): confined the same way, so no business page reaches it by default.
 */
const SECURITY_ROLE_PATHS: Partial<Record<RoleKey, readonly string[]>> = {
  SECADMIN: pagePathsOf("SECADMIN"),
  AUDITOR: pagePathsOf("AUDITOR"),
  DEPARTMENT: pagePathsOf("DEPARTMENT"),
};

/** May this role open this path at all? Business roles: yes (each route checks further); security roles: their few. */
export function roleReachesPath(role: RoleKey, pathname: string): boolean {
  const allowed = SECURITY_ROLE_PATHS[role];
  if (!allowed) return true;
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  if (path === "/_root") return true;
  return allowed.some((p) => (p === "/" ? path === "/" : path === p || path.startsWith(`${p}/`)));
}
