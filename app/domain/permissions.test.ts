import { describe, expect, it } from "vitest";
import { canManageLead, canManageTargets, seesLeads, seesReports, type Viewer } from "./permissions";

const v = (role: Viewer["role"], extra: Partial<Viewer> = {}): Viewer => ({
  id: 1,
  username: "u",
  displayName: "u",
  role,
  countyId: null,
  teamId: null,
  enterpriseId: null,
  ...extra,
});

describe("pipeline and report permissions (docs/design.md §6)", () => {
  it("lets the city's roles and counties read reports and leads, not teams or enterprises", () => {
    for (const r of ["ADMIN", "BUREAU", "LEADER", "EIC"] as const) expect(seesReports(v(r))).toBe(true);
    expect(seesReports(v("COUNTY", { countyId: 3 }))).toBe(true);
    expect(seesReports(v("COUNTY"))).toBe(false);
    expect(seesLeads(v("TEAM", { teamId: 1 }))).toBe(false);
    expect(seesLeads(v("ENTERPRISE", { enterpriseId: 1 }))).toBe(false);
  });
  it("lets the bureau and admin manage every lead, a county only its own, others none", () => {
    expect(canManageLead(v("BUREAU"), { countyId: 5 })).toBe(true);
    expect(canManageLead(v("ADMIN"), { countyId: 5 })).toBe(true);
    expect(canManageLead(v("COUNTY", { countyId: 5 }), { countyId: 5 })).toBe(true);
    expect(canManageLead(v("COUNTY", { countyId: 5 }), { countyId: 6 })).toBe(false);
    expect(canManageLead(v("LEADER"), { countyId: 5 })).toBe(false);
    expect(canManageLead(v("EIC"), { countyId: 5 })).toBe(false);
    expect(canManageLead(v("TEAM", { teamId: 1 }))).toBe(false);
  });
  it("keeps targets and ranking weights with the bureau", () => {
    expect(canManageTargets(v("BUREAU"))).toBe(true);
    expect(canManageTargets(v("ADMIN"))).toBe(true);
    expect(canManageTargets(v("COUNTY", { countyId: 1 }))).toBe(false);
    expect(canManageTargets(v("LEADER"))).toBe(false);
  });
});
