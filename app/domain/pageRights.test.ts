import { describe, expect, it } from "vitest";
import type { RoleKey } from "./labels";
import { canOpenPage, homePath, navFor, pagePathsOf, pageScope, PAGES, type PageKey } from "./pageRights";
import type { Viewer } from "./permissions";

const v = (role: RoleKey, extra: Partial<Viewer> = {}): Viewer => ({
  id: 1,
  username: "u",
  displayName: "u",
  role,
  countyId: role === "COUNTY" ? 3 : null,
  teamId: role === "TEAM" ? 4 : null,
  enterpriseId: role === "ENTERPRISE" ? 5 : null,
  departmentId: role === "DEPARTMENT" ? 6 : null,
  ...extra,
});
const ROLES: RoleKey[] = [
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
];

describe("the page-rights table (docs/decisions/097)", () => {
  it("builds each role's navigation (order, labels, exact-match links), 企业库 added by decision 113, 重点专项 by 200, 专项资金 by 205, 用地指标 by 222, 照片核查 by 233", () => {
    // prettier-ignore
    const before: Record<string, string[]> = {
    ADMIN: ["/ 首页 end", "/admin/users 用户管理", "/projects 项目库", "/programmes 重点专项", "/leads 招商线索", "/leads/follow-ups 跟进督办", "/investors 客商库", "/targets 目标管理", "/reports/funnel 漏斗分析", "/reports/ranking 考核排名", "/reports/map 招商地图", "/reports/monthly 月度通报", "/teams 服务小组", "/enterprises 企业库", "/issues 诉求办理 end", "/issues/monthly 协调问题清单", "/admin/sla 13710 时限设置", "/admin/backups 数据备份", "/admin/notifications 外部通知", "/admin/clock 演示时钟", "/adjustments 动态调整", "/supervision 督办台账", "/import 数据导入", "/policies 优惠政策", "/funds 专项资金", "/land 用地指标", "/org 组织机构", "/photos/review 照片核查", "/account 我的账号"],
    SECADMIN: ["/admin/users 用户管理", "/admin/security 安全策略", "/admin/grants 授权审查", "/account 我的账号"],
    AUDITOR: ["/admin/audit 审计日志", "/account 我的账号"],
    BUREAU: ["/ 首页 end", "/my-work 我的工作台", "/projects 项目库", "/programmes 重点专项", "/leads 招商线索", "/leads/follow-ups 跟进督办", "/investors 客商库", "/targets 目标管理", "/reports/funnel 漏斗分析", "/reports/ranking 考核排名", "/reports/map 招商地图", "/reports/monthly 月度通报", "/teams 服务小组", "/enterprises 企业库", "/issues 诉求办理 end", "/issues/monthly 协调问题清单", "/adjustments 动态调整", "/supervision 督办台账", "/import 数据导入", "/policies 优惠政策", "/funds 专项资金", "/land 用地指标", "/org 组织机构", "/photos/review 照片核查", "/account 我的账号"],
    LEADER: ["/ 首页 end", "/projects 项目库", "/programmes 重点专项", "/leads 招商线索", "/leads/follow-ups 跟进督办", "/investors 客商库", "/targets 目标", "/reports/funnel 漏斗分析", "/reports/ranking 考核排名", "/reports/map 招商地图", "/reports/monthly 月度通报", "/teams 服务小组", "/enterprises 企业库", "/issues 企业诉求 end", "/issues/monthly 协调问题清单", "/adjustments 动态调整", "/supervision 督办台账", "/policies 优惠政策", "/funds 专项资金", "/land 用地指标", "/photos/review 照片核查", "/account 我的账号"],
    EIC: ["/ 首页 end", "/projects 项目库", "/programmes 重点专项", "/leads 招商线索", "/leads/follow-ups 跟进督办", "/investors 客商库", "/targets 目标", "/reports/funnel 漏斗分析", "/reports/ranking 考核排名", "/reports/map 招商地图", "/reports/monthly 月度通报", "/teams 服务小组", "/enterprises 企业库", "/issues 诉求办理 end", "/issues/monthly 协调问题清单", "/adjustments 动态调整", "/supervision 督办事项", "/registrations 企业注册审核", "/policies 优惠政策", "/funds 专项资金", "/land 用地指标", "/org 组织机构", "/photos/review 照片核查", "/account 我的账号"],
    COUNTY: ["/ 首页 end", "/my-work 我的工作台", "/projects 项目库", "/programmes 重点专项", "/leads 招商线索", "/leads/follow-ups 跟进督办", "/investors 客商库", "/targets 目标", "/reports/funnel 漏斗分析", "/reports/ranking 考核排名", "/reports/map 招商地图", "/reports/monthly 月度通报", "/enterprises 企业库", "/issues 诉求办理 end", "/issues/monthly 协调问题清单", "/supervision 督办事项", "/import 数据导入", "/registrations 企业注册审核", "/policies 优惠政策", "/funds 专项资金", "/land 用地指标", "/photos/review 照片核查", "/account 我的账号"],
    TEAM: ["/ 首页 end", "/my-work 我的工作台", "/projects 项目库", "/programmes 重点专项", "/teams 本组", "/enterprises 企业库", "/issues 诉求办理 end", "/issues/monthly 协调问题清单", "/funds 专项资金", "/photos/review 照片核查", "/account 我的账号"],
    ENTERPRISE: ["/ 首页 end", "/projects 我的项目", "/issues 我的诉求 end", "/issues/new 提交诉求 end", "/account 我的账号"],
    DEPARTMENT: ["/department 本单位工作台", "/issues 交办诉求 end", "/issues/monthly 协调问题清单", "/supervision 督办事项", "/account 我的账号"],
    };
    for (const r of ROLES)
      expect(
        navFor(r).map((n) => `${n.to} ${n.label}${n.end ? " end" : ""}`),
        r,
      ).toEqual(before[r]);
  });

  it("confines the security roles to their pages, '/' and sign-out", () => {
    expect(pagePathsOf("SECADMIN").sort()).toEqual(
      [
        "/",
        "/account",
        "/admin/users",
        "/admin/grants",
        "/admin/security",
        "/notifications",
        "/settings/notifications",
        "/logout",
      ].sort(),
    );
    expect(pagePathsOf("AUDITOR").sort()).toEqual(
      [
        "/",
        "/account",
        "/admin/audit",
        "/resources/audit-export",
        "/notifications",
        "/settings/notifications",
        "/logout",
      ].sort(),
    );
    expect(pagePathsOf("DEPARTMENT").sort()).toEqual(
      [
        "/",
        "/account",
        "/department",
        "/issues",
        "/issues/monthly",
        "/resources/attachments",
        "/resources/issues-monthly",
        // the photos of the issues routed to it (docs/decisions/230)
        "/resources/photos",
        "/supervision",
        "/resources/supervision-export",
        "/notifications",
        "/settings/notifications",
        "/logout",
      ].sort(),
    );
  });

  it("a scope that needs a unit refuses an account without one", () => {
    expect(pageScope(v("COUNTY"), "funnel")).toBe("county");
    expect(canOpenPage(v("COUNTY", { countyId: null }), "funnel")).toBe(false);
    expect(canOpenPage(v("TEAM", { teamId: null }), "issueNew")).toBe(false);
    expect(canOpenPage(v("TEAM", { teamId: null }), "myWork")).toBe(true);
    expect(pageScope(v("BUREAU"), "funnel")).toBe("all");
    expect(canOpenPage(v("TEAM"), "funnel")).toBe(false);
  });

  it("sends each role home from '/'", () => {
    expect(homePath(v("TEAM"))).toBe("/my-work");
    expect(homePath(v("ENTERPRISE"))).toBe("/portal");
    expect(homePath(v("SECADMIN"))).toBe("/admin/users");
    expect(homePath(v("AUDITOR"))).toBe("/admin/audit");
    expect(homePath(v("DEPARTMENT"))).toBe("/department");
    expect(homePath(v("BUREAU"))).toBe("/");
    expect(homePath(v("COUNTY", { countyId: null }))).toBe("/projects");
    for (const r of ROLES) expect(canOpenPage(v(r), "dashboard") || homePath(v(r)) !== "/", r).toBe(true);
  });

  it("every page path is unique", () => {
    const paths = Object.values(PAGES).map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(Object.keys(PAGES).length).toBe(paths.length);
    void (null as unknown as PageKey);
  });
});
