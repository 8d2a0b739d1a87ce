// Row-level access (docs/design.md, "Access") as Prisma `where` fragments — the only place scope is written. Routes
// and components never AND them in by hand: they read through `db.as(viewer)` (app/models/db.server.ts), which does.
// Models and presenters that take the unscoped client AND them into every query of a scoped entity, so a record
// outside the viewer's scope is simply not found (404), never shown.
import { Prisma } from "~/generated/prisma/client";
import { seesAllProjects, seesProjectWorkspace, type Viewer } from "~/domain/permissions";

const NOTHING = { id: -1 } as const;

export function projectScope(v: Viewer): Prisma.ProjectWhereInput {
  if (seesAllProjects(v)) return {};
  switch (v.role) {
    case "COUNTY":
      return v.countyId ? { countyId: v.countyId } : NOTHING;
    case "TEAM":
      return v.teamId ? { serviceTeamId: v.teamId } : NOTHING;
    case "ENTERPRISE":
      return v.enterpriseId ? { enterpriseId: v.enterpriseId } : NOTHING;
    default:
      return NOTHING;
  }
}

export function enterpriseScope(v: Viewer): Prisma.EnterpriseWhereInput {
  if (seesAllProjects(v)) return {};
  switch (v.role) {
    case "COUNTY":
      return v.countyId
        ? { OR: [{ countyId: v.countyId }, { projects: { some: { countyId: v.countyId } } }] }
        : NOTHING;
    case "TEAM":
      return v.teamId
        ? { OR: [{ serviceTeamId: v.teamId }, { projects: { some: { serviceTeamId: v.teamId } } }] }
        : NOTHING;
    case "ENTERPRISE":
      return v.enterpriseId ? { id: v.enterpriseId } : NOTHING;
    default:
      return NOTHING;
  }
}

/**
 * 企业注册申请 (docs/decisions/120): a county reviews its county's applications, 市经信委 those of 市本级 (no county).
 */
export function registrationScope(v: Viewer): Prisma.EnterpriseRegistrationWhereInput {
  switch (v.role) {
    case "COUNTY":
      return v.countyId ? { countyId: v.countyId } : NOTHING;
    case "EIC":
      return { countyId: null };
    default:
      return NOTHING;
  }
}

/** 优惠政策库 (docs/decisions/121): a county reads its county's policies and the city's; the city's roles all. */
export function policyScope(v: Viewer): Prisma.IncentivePolicyWhereInput {
  if (seesAllProjects(v)) return {};
  if (v.role === "COUNTY") return v.countyId ? { OR: [{ countyId: v.countyId }, { countyId: null }] } : NOTHING;
  if (v.role === "TEAM") return {};
  return NOTHING;
}

/**
 * Issues: a team sees its own and those of its projects; a county its county's; an enterprise its own; a 责任单位
 * those routed to it as 主办 or 协办 (docs/decisions/170) — at whatever level they are now.
 */
export function issueScope(v: Viewer): Prisma.CoordinationIssueWhereInput {
  if (seesAllProjects(v)) return {};
  switch (v.role) {
    case "COUNTY":
      return v.countyId ? { countyId: v.countyId } : NOTHING;
    case "TEAM":
      // projectTeamId is the project's service team, kept by trigger (two index lookups, not a join with project)
      return v.teamId ? { OR: [{ teamId: v.teamId }, { projectTeamId: v.teamId }] } : NOTHING;
    case "ENTERPRISE":
      return v.enterpriseId ? { enterpriseId: v.enterpriseId } : NOTHING;
    case "DEPARTMENT":
      // a 责任单位 reads the issues 市经信委 routed to it (主办 or 协办); docs/decisions/081, 170
      return v.departmentId ? { units: { some: { departmentId: v.departmentId } } } : NOTHING;
    default:
      return NOTHING;
  }
}

/**
 * 督办事项 (docs/decisions/140, 141): the city's leaders, the bureau (the 督查 office) and the 系统管理员 see the whole
 * ledger; a 责任单位 only the items where it is 主办 or 协办 — a DEPARTMENT account its department's, 市经信委's EIC
 * accounts 市经信委's, a COUNTY account its county government's. Everyone else none.
 */
export function supervisionScope(v: Viewer): Prisma.SupervisionWhereInput {
  switch (v.role) {
    case "ADMIN":
    case "BUREAU":
    case "LEADER":
      return {};
    case "EIC":
      return { units: { some: { department: { staffedBy: "EIC" } } } };
    case "COUNTY":
      return v.countyId ? { units: { some: { department: { staffedBy: "COUNTY", countyId: v.countyId } } } } : NOTHING;
    case "DEPARTMENT":
      return v.departmentId
        ? { units: { some: { departmentId: v.departmentId, department: { staffedBy: "DEPARTMENT" } } } }
        : NOTHING;
    default:
      return NOTHING;
  }
}

/** Leads are the bureau's pipeline; counties see their own county's, others none. */
export function leadScope(v: Viewer): Prisma.LeadWhereInput {
  if (seesAllProjects(v)) return {};
  if (v.role === "COUNTY" && v.countyId) return { countyId: v.countyId };
  return NOTHING;
}

/**
 * 客商 (docs/decisions/175) follow the leads: the city's roles see all; a county the city's list (kept by the
 * bureau, for every county to attract from), those it keeps itself and any behind one of its county's leads — not
 * another county's own; others none.
 */
export function investorScope(v: Viewer): Prisma.InvestorWhereInput {
  if (seesAllProjects(v)) return {};
  if (v.role === "COUNTY" && v.countyId)
    return {
      OR: [{ countyId: null }, { countyId: v.countyId }, { leads: { some: { countyId: v.countyId } } }],
    };
  return NOTHING;
}

/** Attachments: evidence of a project whose working record the viewer sees, files of an issue or a 督办事项 in scope. */
export function attachmentScope(v: Viewer): Prisma.AttachmentWhereInput {
  return {
    OR: [
      // evidence files of a project belong to its working record, which an enterprise does not see
      ...(seesProjectWorkspace(v) ? [{ project: { is: projectScope(v) } }] : []),
      { issue: { is: issueScope(v) } },
      // evidence of a 督办 report: whoever sees the item
      { supervisionEvent: { is: { supervision: { is: supervisionScope(v) } } } },
      // a file of a touch on a lead's timeline (意向书, 考察报告): whoever sees the lead
      { leadTouch: { is: { lead: { is: leadScope(v) } } } },
      // a document of a fund application (docs/decisions/205): whoever sees the application's project's workspace
      ...(seesProjectWorkspace(v) ? [{ fundApplication: { is: { project: { is: projectScope(v) } } } }] : []),
      // a photo of an enterprise visit without a project (docs/decisions/272): whoever on the government side sees
      // the enterprise, as its profile shows the visit
      ...(seesProjectWorkspace(v) ? [visitPhotoScope(v)] : []),
    ],
  };
}

/** The photos of visits to an enterprise without a project (service_log_id alone): the enterprise's scope. */
export function visitPhotoScope(v: Viewer): Prisma.AttachmentWhereInput {
  return {
    projectId: null,
    issueId: null,
    serviceLog: { is: { projectId: null, enterprise: { is: enterpriseScope(v) } } },
  };
}

/**
 * projectScope as a raw SQL condition on a `project` aliased `p`, for the report presenters that aggregate
 * with GROUP BY. Must say exactly what projectScope says (tests/integration/kpi.test.ts compares them).
 */
export function projectScopeSql(v: Viewer): Prisma.Sql {
  if (seesAllProjects(v)) return Prisma.sql`TRUE`;
  switch (v.role) {
    case "COUNTY":
      return v.countyId ? Prisma.sql`p.county_id = ${v.countyId}` : Prisma.sql`FALSE`;
    case "TEAM":
      return v.teamId ? Prisma.sql`p.service_team_id = ${v.teamId}` : Prisma.sql`FALSE`;
    case "ENTERPRISE":
      return v.enterpriseId ? Prisma.sql`p.enterprise_id = ${v.enterpriseId}` : Prisma.sql`FALSE`;
    default:
      return Prisma.sql`FALSE`;
  }
}

/**
 * leadScope as a raw SQL condition on a `lead` aliased `l`, for the pipeline analytics (percentile_cont, GROUPING
 * SETS). Must say exactly what leadScope says (tests/integration/lead-analytics.test.ts compares them).
 */
export function leadScopeSql(v: Viewer): Prisma.Sql {
  if (seesAllProjects(v)) return Prisma.sql`TRUE`;
  return v.role === "COUNTY" && v.countyId ? Prisma.sql`l.county_id = ${v.countyId}` : Prisma.sql`FALSE`;
}

/**
 * Service logs kept against an enterprise rather than a project, as SQL on an `enterprise` aliased `e`: they count
 * for the enterprise's county (the city's roles see all, a county its own, others none).
 */
export function enterpriseLogScopeSql(v: Viewer): Prisma.Sql {
  if (seesAllProjects(v)) return Prisma.sql`TRUE`;
  return v.role === "COUNTY" && v.countyId ? Prisma.sql`e.county_id = ${v.countyId}` : Prisma.sql`FALSE`;
}
