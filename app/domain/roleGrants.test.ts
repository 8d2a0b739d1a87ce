import { describe, expect, it } from "vitest";
import { grantChangeText, grantScopeIds, scopeText, type ScopeNames } from "./roleGrants";

const names: ScopeNames = {
  countyId: new Map([[1, "榆次区"]]),
  teamId: new Map([[5, "第5专业化服务小组"]]),
  enterpriseId: new Map(),
  departmentId: new Map([[2, "市国土资源局"]]),
};

describe("role grant review text", () => {
  it("names the role and scope granted at creation", () => {
    expect(grantChangeText({ action: "USER_CREATE", before: null, after: { role: "TEAM", teamId: 5 } }, names)).toBe(
      "授予 专业化服务小组（第5专业化服务小组）",
    );
    expect(
      grantChangeText({ action: "USER_CREATE", before: null, after: { role: "BUREAU", countyId: null } }, names),
    ).toBe("授予 市投资促进局");
  });

  it("shows a role change with its scopes, and a scope change alone", () => {
    expect(
      grantChangeText(
        {
          action: "USER_ROLE_CHANGE",
          before: { role: "COUNTY", countyId: 1, teamId: null },
          after: { role: "TEAM", countyId: null, teamId: 5 },
        },
        names,
      ),
    ).toBe("角色：县（区、市） → 专业化服务小组；范围：榆次区 → 第5专业化服务小组");
    expect(grantChangeText({ action: "USER_ROLE_CHANGE", before: { teamId: 9 }, after: { teamId: 5 } }, names)).toBe(
      "范围：#9 → 第5专业化服务小组",
    );
    expect(
      grantChangeText(
        {
          action: "USER_ROLE_CHANGE",
          before: { role: "COUNTY", countyId: 1 },
          after: { role: "DEPARTMENT", countyId: null, departmentId: 2 },
        },
        names,
      ),
    ).toBe("角色：县（区、市） → 责任单位；范围：榆次区 → 市国土资源局");
    expect(grantChangeText({ action: "USER_DEACTIVATE", before: {}, after: {} }, names)).toMatch(/^停用账号/);
  });

  it("collects the scope ids to look up, and says nothing of a snapshot without scope fields", () => {
    expect(grantScopeIds([{ before: { countyId: 1 }, after: { teamId: 5, departmentId: 2 } }])).toEqual({
      countyId: [1],
      teamId: [5],
      enterpriseId: [],
      departmentId: [2],
    });
    expect(scopeText({ role: "LEADER" }, names)).toBeUndefined();
    expect(scopeText({ countyId: null }, names)).toBe("无");
  });
});
