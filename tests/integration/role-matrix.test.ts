// The role × route matrix (issue 14 §6): one table says what each role gets from every route in app/routes — a
// page (GET) and, where the route has an action, a POST — and this test signs in as each role and asks. A route
// file without an entry here fails the test, so a new page cannot ship without its access rule being written down.
//
// Outcomes: ok = 200; go = a redirect (a role's home, a read-only role sent elsewhere); deny = 403; hide = 404 (the
// record is outside the role's scope, or the role has no such record); bad = 400/409/422 (the role may act, the
// empty form is refused with Chinese field errors); "-" = not asked (sign-in/sign-out).
//
// The page-rights table (app/domain/pageRights.ts, docs/decisions/097) is held to the same answers: every page in it
// names its routes below, and for each role the table refuses, the route's real answer must be the table's refusal
// (403, or its redirect); a role the table lets in must not get a 403 from the page.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canOpenPage, PAGES, refusalOf, type PageKey } from "~/domain/pageRights";
import { roleReachesPath, type Viewer } from "~/domain/permissions";
import { createSupervision } from "~/models/supervision.server";
import { prisma } from "~/utils/db.server";
import { writeStoredFile } from "~/utils/fileStore.server";
import { requestAs, run, viewerFor } from "../support/requests";

type Outcome = "ok" | "go" | "deny" | "hide" | "bad" | "-";
const ROLES = [
  "ADMIN",
  "SECADMIN",
  "AUDITOR",
  "BUREAU",
  "LEADER",
  "EIC",
  "COUNTY",
  "TEAM",
  "ENTERPRISE",
  "DEPARTMENT",
] as const;
type Role = (typeof ROLES)[number];
/** One outcome per role, in ROLES order: "ADMIN SECADMIN AUDITOR BUREAU LEADER EIC COUNTY TEAM ENTERPRISE DEPARTMENT". */
type Row = string;

interface Entry {
  path: string;
  get: Row;
  post?: Row;
}

// prettier-ignore
const MATRIX: Record<string, Entry> = {
  // route id                                   path ({p} project, {u} user, {i} issue, {l} lead, {t} team, {a} attachment, {e} enterprise, {s} 督办事项, {r} registration, {c} policy, {n} industry, {v} investor, {w} 推介活动, {g} 重点专项, {f} fund, {x} fund application, {k} project incentive, {h} site photo)
  "_app": { path: "/", get: "ok ok ok ok ok ok ok ok ok ok" },
  "_app.$": { path: "/no-such-page", get: "hide deny deny hide hide hide hide hide hide deny" },
  "_app._index": { path: "/", get: "ok go go ok ok ok ok go go go" },
  "_app.account._index": { path: "/account", get: "ok ok ok ok ok ok ok ok ok ok", post: "bad bad bad bad bad bad bad bad bad bad" },
  "_app.account.password": { path: "/account/password", get: "ok ok ok ok ok ok ok ok ok ok", post: "bad bad bad bad bad bad bad bad bad bad" },
  "_app.adjustments.$projectId": { path: "/adjustments/{p}", get: "ok deny deny ok ok ok deny deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.adjustments._index": { path: "/adjustments", get: "ok deny deny ok ok ok deny deny deny deny" },
  "_app.admin.audit": { path: "/admin/audit", get: "deny deny ok deny deny deny deny deny deny deny" },
  "_app.admin.backups": { path: "/admin/backups", get: "ok deny deny deny deny deny deny deny deny deny", post: "bad deny deny deny deny deny deny deny deny deny" },
  "_app.admin.notifications": { path: "/admin/notifications", get: "ok deny deny deny deny deny deny deny deny deny", post: "bad deny deny deny deny deny deny deny deny deny" },
  "_app.admin.clock": { path: "/admin/clock", get: "ok deny deny deny deny deny deny deny deny deny", post: "bad deny deny deny deny deny deny deny deny deny" },
  "_app.admin.grants": { path: "/admin/grants", get: "deny ok deny deny deny deny deny deny deny deny" },
  "_app.admin.security": { path: "/admin/security", get: "deny ok deny deny deny deny deny deny deny deny", post: "deny bad deny deny deny deny deny deny deny deny" },
  "_app.admin.sla": { path: "/admin/sla", get: "ok deny deny deny deny deny deny deny deny deny", post: "bad deny deny deny deny deny deny deny deny deny" },
  "_app.admin.users.$userId": { path: "/admin/users/{u}", get: "ok ok deny deny deny deny deny deny deny deny", post: "bad bad deny deny deny deny deny deny deny deny" },
  "_app.admin.users._index": { path: "/admin/users", get: "ok ok deny deny deny deny deny deny deny deny" },
  "_app.admin.users.new": { path: "/admin/users/new", get: "ok deny deny deny deny deny deny deny deny deny", post: "bad deny deny deny deny deny deny deny deny deny" },
  "_app.enterprises.$enterpriseId": { path: "/enterprises/{e}", get: "ok deny deny ok ok ok ok ok deny deny" },
  "_app.enterprises.$enterpriseId_.contacts": { path: "/enterprises/{e}/contacts", get: "ok deny deny ok deny ok ok deny deny deny", post: "bad deny deny bad deny bad bad deny deny deny" },
  "_app.enterprises.$enterpriseId_.edit": { path: "/enterprises/{e}/edit", get: "ok deny deny ok deny ok ok deny deny deny", post: "bad deny deny bad deny bad bad deny deny deny" },
  "_app.enterprises.$enterpriseId_.merge": { path: "/enterprises/{e}/merge", get: "ok deny deny ok deny ok deny deny deny deny", post: "bad deny deny bad deny bad deny deny deny deny" },
  "_app.enterprises.$enterpriseId_.visits": { path: "/enterprises/{e}/visits", get: "ok deny deny deny deny ok deny ok deny deny", post: "bad deny deny deny deny bad deny bad deny deny" },
  "_app.enterprises._index": { path: "/enterprises", get: "ok deny deny ok ok ok ok ok deny deny" },
  "_app.enterprises.new": { path: "/enterprises/new", get: "ok deny deny ok deny ok ok deny deny deny", post: "bad deny deny bad deny bad bad deny deny deny" },
  "_app.import.$jobId": { path: "/import/999999", get: "hide deny deny hide deny deny hide deny deny deny", post: "hide deny deny hide deny deny hide deny deny deny" },
  "_app.import._index": { path: "/import", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.investors._index": { path: "/investors", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.investors.$investorId": { path: "/investors/{v}", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.investors.new": { path: "/investors/new", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.investors.$investorId_.edit": { path: "/investors/{v}/edit", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.investors.$investorId_.contacts": { path: "/investors/{v}/contacts", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.investors.$investorId_.merge": { path: "/investors/{v}/merge", get: "ok deny deny ok deny deny deny deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  // a 责任单位 reaches the issue pages since issue 17 §3 but sees only issues routed to it: the sample issue is not (404)
  "_app.issues.$issueId": { path: "/issues/{i}", get: "ok deny deny ok ok ok ok ok ok hide", post: "bad deny deny bad bad bad bad bad bad hide" },
  "_app.issues._index": { path: "/issues", get: "ok deny deny ok ok ok ok ok ok ok" },
  "_app.issues.monthly": { path: "/issues/monthly", get: "ok deny deny ok ok ok ok ok deny ok" },
  "_app.issues.new": { path: "/issues/new", get: "deny deny deny deny deny deny ok ok ok deny", post: "deny deny deny deny deny deny bad bad bad deny" },
  "_app.leads.$leadId": { path: "/leads/{l}", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.leads._index": { path: "/leads", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.leads.new": { path: "/leads/new", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.leads.$leadId_.touch": { path: "/leads/{l}/touch", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.leads.follow-ups": { path: "/leads/follow-ups", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.leads.analytics": { path: "/leads/analytics?by=county", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.programmes._index": { path: "/programmes", get: "ok deny deny ok ok ok ok ok ok deny" },
  "_app.programmes.new": { path: "/programmes/new", get: "ok deny deny ok deny deny deny deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.programmes.$programmeId": { path: "/programmes/{g}", get: "ok deny deny ok ok ok ok ok ok deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.events._index": { path: "/events", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.events.new": { path: "/events/new", get: "ok deny deny ok deny deny deny deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.events.$eventId": { path: "/events/{w}", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.department": { path: "/department", get: "go deny deny go go go go go go ok" },
  "_app.incentives.recovery": { path: "/incentives/recovery", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.funds._index": { path: "/funds", get: "ok deny deny ok ok ok ok ok deny deny" },
  "_app.funds.$fundId": { path: "/funds/{f}", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny bad bad bad deny deny" },
  "_app.funds.$fundId_.applications.$applicationId": { path: "/funds/{f}/applications/{x}", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny bad bad bad deny deny" },
  "_app.my-work": { path: "/my-work", get: "go deny deny ok go go ok ok go deny" },
  "_app.notifications": { path: "/notifications", get: "ok ok ok ok ok ok ok ok ok ok", post: "bad bad bad bad bad bad bad bad bad bad" },
  "_app.settings.notifications": { path: "/settings/notifications", get: "ok ok ok ok ok ok ok ok ok ok", post: "bad bad bad bad bad bad bad bad bad bad" },
  "_app.portal": { path: "/portal", get: "go deny deny go go go go go ok deny" },
  "_app.projects.$projectId": { path: "/projects/{p}", get: "ok deny deny ok ok ok ok ok ok deny" },
  "_app.projects.$projectId_.edit": { path: "/projects/{p}/edit", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.projects.$projectId_.land": { path: "/projects/{p}/land", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad bad deny deny" },
  "_app.land": { path: "/land", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.projects.$projectId_.funding": { path: "/projects/{p}/funding", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad bad deny deny" },
  "_app.projects.$projectId_.investment": { path: "/projects/{p}/investment", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad bad deny deny" },
  "_app.projects.$projectId_.incentives": { path: "/projects/{p}/incentives", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.projects.$projectId_.milestones": { path: "/projects/{p}/milestones", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad bad deny deny" },
  "_app.projects.$projectId_.service-logs": { path: "/projects/{p}/service-logs", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad bad deny deny" },
  "_app.projects.$projectId_.tasks": { path: "/projects/{p}/tasks", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad bad deny deny" },
  "_app.projects.$projectId_.incentives_.$incentiveId": { path: "/projects/{p}/incentives/{k}", get: "ok deny deny ok ok ok ok ok deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.policies.$policyId": { path: "/policies/{c}", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.policies._index": { path: "/policies", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.policies.import": { path: "/policies/import", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.policies.new": { path: "/policies/new", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.projects._index": { path: "/projects", get: "ok deny deny ok ok ok ok ok ok deny" },
  "_app.projects.new": { path: "/projects/new", get: "ok deny deny ok deny deny ok deny deny deny", post: "bad deny deny bad deny deny bad deny deny deny" },
  "_app.registrations._index": { path: "/registrations", get: "deny deny deny deny deny ok ok deny deny deny" },
  "_app.registrations.$registrationId": { path: "/registrations/{r}", get: "deny deny deny deny deny hide ok deny deny deny", post: "deny deny deny deny deny hide bad deny deny deny" },
  "_app.reports.funnel": { path: "/reports/funnel", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.reports.map": { path: "/reports/map", get: "ok deny deny ok ok ok ok deny deny deny" },
  "_app.reports.monthly": { path: "/reports/monthly", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.reports.ranking": { path: "/reports/ranking", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.targets": { path: "/targets", get: "ok deny deny ok ok ok ok deny deny deny", post: "bad deny deny bad deny deny deny deny deny deny" },
  "_app.supervision.$supervisionId": { path: "/supervision/{s}", get: "ok deny deny ok ok hide ok deny deny ok", post: "bad deny deny bad bad hide bad deny deny bad" },
  "_app.supervision._index": { path: "/supervision", get: "ok deny deny ok ok ok ok deny deny ok" },
  "_app.supervision.new": { path: "/supervision/new", get: "deny deny deny deny ok deny deny deny deny deny", post: "deny deny deny deny bad deny deny deny deny deny" },
  "_app.teams.$teamId": { path: "/teams/{t}", get: "ok deny deny ok ok ok hide ok hide deny", post: "bad deny deny deny deny bad hide deny hide deny" },
  "_app.teams.$teamId_.assign": { path: "/teams/{t}/assign", get: "ok deny deny deny deny ok hide deny hide deny", post: "bad deny deny deny deny bad hide deny hide deny" },
  "_app.teams._index": { path: "/teams", get: "ok deny deny ok ok ok deny go deny deny" },
  "_app.teams.$teamId_.members": { path: "/teams/{t}/members", get: "ok deny deny ok deny ok deny deny deny deny", post: "bad deny deny bad deny bad deny deny deny deny" },
  "_app.org._index": { path: "/org", get: "ok deny deny ok deny ok deny deny deny deny" },
  "_app.org.$kind._index": { path: "/org/industries", get: "ok deny deny ok deny ok deny deny deny deny", post: "bad deny deny bad deny bad deny deny deny deny" },
  "_app.org.$kind.$id": { path: "/org/industries/{n}", get: "ok deny deny ok deny ok deny deny deny deny", post: "bad deny deny bad deny bad deny deny deny deny" },
  "login": { path: "/login", get: "go go go go go go go go go go", post: "- - - - - - - - - -" },
  // the public 推介 map (docs/decisions/212): no sign-in, the same public page for everyone
  "open.map": { path: "/open/map", get: "ok ok ok ok ok ok ok ok ok ok" },
  "open.geojson": { path: "/open/geojson", get: "ok ok ok ok ok ok ok ok ok ok" },
  "register": { path: "/register", get: "go go go go go go go go go go", post: "- - - - - - - - - -" },
  "logout": { path: "/logout", get: "go go go go go go go go go go", post: "- - - - - - - - - -" },
  "resources.attachments.$attachmentId": { path: "/resources/attachments/{a}", get: "hide deny deny hide hide hide hide hide hide hide" },
  // a milestone's photo: an enterprise and a 责任单位 may open issue photos, not this one (404)
  "resources.photos.$attachmentId.$variant": { path: "/resources/photos/{h}/thumb", get: "ok deny deny ok ok ok ok ok hide hide" },
  "_app.photos.review": { path: "/photos/review", get: "ok deny deny ok ok ok ok ok deny deny" },
  "resources.audit-export": { path: "/resources/audit-export", get: "deny deny ok deny deny deny deny deny deny deny" },
  "resources.enterprises": { path: "/resources/enterprises?q=吉利", get: "ok deny deny ok deny deny ok deny deny deny" },
  "resources.investors": { path: "/resources/investors?q=吉利", get: "ok deny deny ok ok ok ok deny deny deny" },
  "resources.import-errors": { path: "/resources/import-errors?jobId=999999", get: "hide deny deny hide deny deny hide deny deny deny" },
  "resources.import-template": { path: "/resources/import-template", get: "hide deny deny hide deny deny hide deny deny deny" },
  "resources.issues-monthly": { path: "/resources/issues-monthly", get: "ok deny deny ok ok ok ok ok deny ok" },
  "resources.jinzhong-geojson": { path: "/resources/jinzhong-geojson", get: "ok deny deny ok ok ok ok ok ok deny" },
  "resources.monthly-report": { path: "/resources/monthly-report", get: "ok deny deny ok ok ok ok deny deny deny" },
  "resources.supervision-export": { path: "/resources/supervision-export", get: "ok deny deny ok ok ok ok deny deny ok" },
  "resources.registration-licence.$registrationId": { path: "/resources/registration-licence/{r}", get: "deny deny deny deny deny hide ok deny deny deny" },
  "resources.funds-export": { path: "/resources/funds-export", get: "ok deny deny ok ok ok deny deny deny deny" },
  "resources.projects-export": { path: "/resources/projects-export?format=csv", get: "ok deny deny ok ok ok ok ok ok deny" },
};

/** The routes of each page in the page-rights table. */
const PAGE_ROUTES: Record<PageKey, string[]> = {
  attachments: ["resources.attachments.$attachmentId"],
  photos: ["resources.photos.$attachmentId.$variant"],
  photoReview: ["_app.photos.review"],
  dashboard: ["_app._index"],
  adminUsers: ["_app.admin.users._index", "_app.admin.users.$userId"],
  adminUserNew: ["_app.admin.users.new"],
  adminAudit: ["_app.admin.audit"],
  auditExport: ["resources.audit-export"],
  adminSecurity: ["_app.admin.security"],
  adminGrants: ["_app.admin.grants"],
  myWork: ["_app.my-work"],
  departmentHome: ["_app.department"],
  projects: ["_app.projects._index"],
  projectNew: ["_app.projects.new"],
  leads: ["_app.leads._index", "_app.leads.$leadId"],
  leadFollowUps: ["_app.leads.follow-ups"],
  leadAnalytics: ["_app.leads.analytics"],
  events: ["_app.events._index", "_app.events.$eventId"],
  eventNew: ["_app.events.new"],
  programmes: ["_app.programmes._index", "_app.programmes.$programmeId"],
  programmeNew: ["_app.programmes.new"],
  leadTouch: ["_app.leads.$leadId_.touch"],
  leadNew: ["_app.leads.new"],
  targets: ["_app.targets"],
  funnel: ["_app.reports.funnel"],
  ranking: ["_app.reports.ranking"],
  map: ["_app.reports.map"],
  monthlyReport: ["_app.reports.monthly", "resources.monthly-report"],
  teams: ["_app.teams._index"],
  enterprises: ["_app.enterprises._index", "_app.enterprises.$enterpriseId"],
  enterpriseNew: ["_app.enterprises.new"],
  enterpriseVisits: ["_app.enterprises.$enterpriseId_.visits"],
  enterpriseMerge: ["_app.enterprises.$enterpriseId_.merge"],
  enterpriseEdit: ["_app.enterprises.$enterpriseId_.edit", "_app.enterprises.$enterpriseId_.contacts"],
  issues: ["_app.issues._index"],
  issueNew: ["_app.issues.new"],
  issuesMonthly: ["_app.issues.monthly"],
  issuesMonthlyExport: ["resources.issues-monthly"],
  adminSla: ["_app.admin.sla"],
  adminBackups: ["_app.admin.backups"],
  adminNotifications: ["_app.admin.notifications"],
  adminClock: ["_app.admin.clock"],
  adjustments: ["_app.adjustments._index", "_app.adjustments.$projectId"],
  import: ["_app.import._index", "_app.import.$jobId", "resources.import-errors", "resources.import-template"],
  account: ["_app.account._index"],
  notifications: ["_app.notifications"],
  notificationSettings: ["_app.settings.notifications"],
  portal: ["_app.portal"],
  supervision: ["_app.supervision._index", "_app.supervision.$supervisionId"],
  supervisionNew: ["_app.supervision.new"],
  supervisionExport: ["resources.supervision-export"],
  policies: ["_app.policies._index", "_app.policies.$policyId"],
  policyNew: ["_app.policies.new", "_app.policies.import"],
  teamMembers: ["_app.teams.$teamId_.members"],
  org: ["_app.org._index", "_app.org.$kind._index", "_app.org.$kind.$id"],
  projectIncentives: ["_app.projects.$projectId_.incentives", "_app.projects.$projectId_.incentives_.$incentiveId"],
  incentiveRecovery: ["_app.incentives.recovery"],
  funds: ["_app.funds._index", "_app.funds.$fundId", "_app.funds.$fundId_.applications.$applicationId"],
  fundsExport: ["resources.funds-export"],
  land: ["_app.land"],
  projectLand: ["_app.projects.$projectId_.land"],
  investors: ["_app.investors._index", "_app.investors.$investorId", "resources.investors"],
  investorNew: ["_app.investors.new"],
  investorEdit: ["_app.investors.$investorId_.edit"],
  investorContacts: ["_app.investors.$investorId_.contacts"],
  investorMerge: ["_app.investors.$investorId_.merge"],
  registrations: [
    "_app.registrations._index",
    "_app.registrations.$registrationId",
    "resources.registration-licence.$registrationId",
  ],
};
const PAGE_OF: Record<string, PageKey> = Object.fromEntries(
  Object.entries(PAGE_ROUTES).flatMap(([k, routes]) => routes.map((r) => [r, k as PageKey])),
);

/** What the table says a role gets from a page's route, or null when it lets the role in (then: anything but 403). */
function tableSays(key: PageKey, route: string, role: Role, viewer: Viewer, method: "get" | "post"): Outcome | null {
  // the security roles are confined to their paths before any page is asked (requireUser)
  if (!roleReachesPath(role, fill(MATRIX[route].path).split("?")[0])) return "deny";
  if (canOpenPage(viewer, key)) return null;
  return "redirect" in refusalOf(viewer, key) && method === "get" ? "go" : "deny";
}

const USERS: Record<Role, string> = {
  ADMIN: "sysadmin",
  SECADMIN: "secadmin",
  AUDITOR: "auditor",
  BUREAU: "bureau",
  LEADER: "leader",
  EIC: "eic",
  COUNTY: "", // the county of the sample project (below)
  TEAM: "", // its service team
  ENTERPRISE: "ent.geely",
  DEPARTMENT: "dept.guotu",
};

function routeIds(): string[] {
  const dir = path.resolve(__dirname, "../../app/routes");
  return readdirSync(dir, { withFileTypes: true })
    .map((d) => (d.isDirectory() ? d.name : d.name.replace(/\.tsx?$/, "")))
    .filter((n) => !n.endsWith(".test"))
    .sort();
}

function outcome(status: number): Outcome {
  if (status === 200 || status === 204) return "ok";
  if (status >= 300 && status < 400) return "go";
  if (status === 403) return "deny";
  if (status === 404) return "hide";
  if (status === 400 || status === 409 || status === 422 || status === 405) return "bad";
  return `HTTP ${status}` as Outcome;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  const geely = await prisma.user.findUniqueOrThrow({ where: { username: "ent.geely" } });
  const project = await prisma.project.findFirstOrThrow({
    where: { enterpriseId: geely.enterpriseId, serviceTeamId: { not: null } },
    orderBy: { id: "asc" },
  });
  const county = await prisma.user.findFirstOrThrow({ where: { role: "COUNTY", countyId: project.countyId } });
  const team = await prisma.user.findFirstOrThrow({
    where: { role: "TEAM", teamId: project.serviceTeamId },
    orderBy: { id: "asc" },
  });
  USERS.COUNTY = county.username;
  USERS.TEAM = team.username;
  const issue = await prisma.coordinationIssue.findFirst({ where: { projectId: project.id }, select: { id: true } });
  const lead = await prisma.lead.findFirst({ where: { countyId: project.countyId }, select: { id: true } });
  const attachment = await prisma.attachment.findFirst({ select: { id: true } });
  const someone = await prisma.user.findUniqueOrThrow({ where: { username: "team05" } });
  // a 督办事项 with 市国土资源局 (dept.guotu) as 主办 and the sample project's county government as 协办
  const guotu = await prisma.department.findUniqueOrThrow({ where: { code: "guotu" } });
  const countyGov = await prisma.department.findUniqueOrThrow({ where: { countyId: project.countyId } });
  const item = await createSupervision(await viewerFor("leader"), {
    title: "矩阵测试督办事项",
    instruction: "请国土局牵头办理。",
    level: "NORMAL",
    source: "PROJECT",
    projectId: project.id,
    issueId: null,
    reportMonth: null,
    leadUnitId: guotu.id,
    assistUnitIds: [countyGov.id],
    due: { kind: "days", days: 10 },
  });
  // a policy of the project's county (the seed has none)
  const policy = await prisma.incentivePolicy.create({
    data: {
      countyId: project.countyId,
      category: "土地",
      title: "矩阵测试政策",
      content: "—",
      validFrom: new Date("2017-01-01"),
    },
  });
  // a pending 企业注册申请 of the project's county (the seed has none)
  const registration = await prisma.enterpriseRegistration.create({
    data: {
      creditCode: "91140700MA0000000X",
      pendingCode: "91140700MA0000000X",
      name: "矩阵测试企业",
      countyId: project.countyId,
      contactName: "张三",
      phone: "13900000000",
      licenceKey: await writeStoredFile("2017/11", "pdf", new TextEncoder().encode("%PDF-1.4 matrix")),
      licenceName: "营业执照.pdf",
      licenceMime: "application/pdf",
      licenceSize: 10,
      ip: "test",
      submittedAt: new Date(),
    },
  });
  // a 客商 kept by the project's county (the seed's are the city's)
  const investor = await prisma.investor.create({
    data: { name: "矩阵测试客商", sourceRegion: "JINGJINJI", countyId: project.countyId },
  });
  // a fund application of the sample project (the seed's may change)
  const fund = await prisma.fund.findFirstOrThrow({ where: { code: "TRANSFORM" } });
  const application = await prisma.fundApplication.create({
    data: {
      fundId: fund.id,
      projectId: project.id,
      year: 2017,
      use: "INVESTMENT",
      requestedAmount: 100,
      purpose: "矩阵测试",
      submittedOn: new Date("2017-11-01"),
    },
  });
  // a promised incentive of the sample project (兑现, decision 206)
  const incentive = await prisma.projectIncentive.create({
    data: { projectId: project.id, kind: "奖补", content: "矩阵测试奖补", amount: 100 },
  });
  // a site photo of the project's 签约 milestone (issue 20 §2): its thumbnail is what /resources/photos serves
  const signed = await prisma.milestone.findFirstOrThrow({ where: { projectId: project.id }, orderBy: { id: "asc" } });
  const photo = await prisma.attachment.create({
    data: {
      projectId: project.id,
      milestoneId: signed.id,
      fileName: "现场.jpg",
      mimeType: "image/jpeg",
      size: 3,
      storageKey: await writeStoredFile("2017/11", "jpg", new Uint8Array([0xff, 0xd8, 0xff])),
      previewKey: await writeStoredFile("2017/11", "jpg", new Uint8Array([0xff, 0xd8, 0xff])),
      thumbKey: await writeStoredFile("2017/11", "jpg", new Uint8Array([0xff, 0xd8, 0xff])),
    },
  });
  Object.assign(ids, {
    k: String(incentive.id),
    f: String(fund.id),
    x: String(application.id),
    h: String(photo.id),
    v: String(investor.id),
    s: String(item.id),
    p: String(project.id),
    u: String(someone.id),
    i: String(issue?.id ?? 999999),
    l: String(lead?.id ?? 999999),
    t: String(project.serviceTeamId),
    e: String(geely.enterpriseId),
    a: String(attachment?.id ?? 999999),
    r: String(registration.id),
    c: String(policy.id),
    n: String((await prisma.industry.findFirstOrThrow({ orderBy: { id: "asc" } })).id),
    w: String((await prisma.promotionEvent.findFirstOrThrow({ orderBy: { id: "asc" } })).id),
    g: String((await prisma.programme.findFirstOrThrow({ orderBy: { id: "asc" } })).id),
  });
});

const fill = (p: string) => p.replace(/\{(\w)\}/g, (_m, k: string) => ids[k]);

async function moduleOf(id: string) {
  const dir = path.resolve(__dirname, "../../app/routes");
  const entries = readdirSync(dir);
  const file = entries.find((e) => e === id)
    ? `${id}/route.tsx`
    : (entries.find((e) => e === `${id}.tsx` || e === `${id}.ts`) as string);
  return (await import(/* @vite-ignore */ path.join(dir, file))) as {
    loader?: (a: unknown) => Promise<unknown>;
    action?: (a: unknown) => Promise<unknown>;
  };
}

function paramsFor(id: string, url: string): Record<string, string> {
  const out: Record<string, string> = {};
  const idParts = id.split(".");
  const urlParts = url.split("?")[0].split("/").filter(Boolean);
  // route segments after the layout prefix line up with the URL's
  const segs = idParts.filter((s) => s !== "_app" && s !== "_index").map((s) => s.replace(/_$/, ""));
  segs.forEach((s, i) => {
    if (s.startsWith("$")) out[s.slice(1) || "*"] = urlParts[i] ?? "";
  });
  return out;
}

async function ask(id: string, e: Entry, role: Role, method: "get" | "post"): Promise<Outcome> {
  const mod = await moduleOf(id);
  const url = fill(e.path);
  const params = paramsFor(id, url);
  const fn = method === "get" ? mod.loader : mod.action;
  if (!fn) return "-";
  // a multipart body: every action reads it, the upload ones included
  const body = new FormData();
  body.set("intent", "__matrix__");
  const request =
    method === "get" ? await requestAs(USERS[role], url) : await requestAs(USERS[role], url, { method: "POST", body });
  try {
    const r = await run(() => fn({ request, params, context: {} }));
    return outcome(r.status);
  } catch (err) {
    return `ERR ${err instanceof Error ? err.message.slice(0, 60) : String(err)}` as Outcome;
  }
}

describe("role × route matrix", () => {
  it("has an entry for every route in app/routes", () => {
    expect(routeIds().filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routeIds().includes(r))).toEqual([]);
  });

  it("names the routes of every page in the page-rights table", () => {
    expect(Object.keys(PAGES).filter((k) => !PAGE_ROUTES[k as PageKey]?.length)).toEqual([]);
    expect(Object.keys(PAGE_OF).filter((r) => !(r in MATRIX))).toEqual([]);
  });

  it("every role gets what the matrix says from every route (GET and POST)", async () => {
    const print = process.env.MATRIX_PRINT === "1";
    const mismatches: string[] = [];
    const observed: string[] = [];
    const viewers = Object.fromEntries(
      await Promise.all(ROLES.map(async (r) => [r, await viewerFor(USERS[r])] as const)),
    ) as Record<Role, Viewer>;
    for (const id of routeIds()) {
      const e = MATRIX[id] ?? { path: "/", get: "" };
      const mod = await moduleOf(id);
      const got: Record<"get" | "post", Outcome[]> = { get: [], post: [] };
      for (const method of ["get", "post"] as const) {
        const want = (method === "get" ? e.get : e.post)?.split(/\s+/) ?? [];
        if (method === "post" && !mod.action) continue;
        for (const [i, role] of ROLES.entries()) {
          if (want[i] === "-") {
            got[method].push("-");
            continue;
          }
          const o = await ask(id, e, role, method);
          got[method].push(o);
          if (!print && o !== want[i])
            mismatches.push(`${method.toUpperCase()} ${id} as ${role}: ${o}, expected ${want[i]}`);
          const key = PAGE_OF[id];
          if (key) {
            const t = tableSays(key, id, role, viewers[role], method);
            // (a POST may still be refused to a role the page lets in: writing is a record right)
            if (t ? o !== t : method === "get" && o === "deny")
              mismatches.push(
                `${method.toUpperCase()} ${id} as ${role}: ${o}, the page-rights table says ${t ?? "let in"}`,
              );
          }
        }
      }
      observed.push(
        `  "${id}": { path: "${e.path}", get: "${got.get.join(" ")}"${mod.action ? `, post: "${got.post.join(" ")}"` : ""} },`,
      );
    }
    if (print) console.log(observed.join("\n"));
    expect(mismatches).toEqual([]);
  }, 600_000);
});
