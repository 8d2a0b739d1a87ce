import { describe, expect, it } from "vitest";
import { planTransition, type IssueState } from "./issueTransitions";
import { Refusal } from "./refusal";
import {
  availableActions,
  canDo,
  canSubmitIssue,
  handlerRule,
  levelAbove,
  levelBelow,
  type IssueAction,
} from "./issueWorkflow";
import type { Viewer } from "./permissions";
import { clockDeadlines, type SlaPolicy } from "./sla13710";
import { workCalendar } from "./workdays";

const POLICY: SlaPolicy = {
  acceptDays: 1,
  respondDays: 3,
  resolveDays: 7,
  complexDays: 10,
  dueSoonDays: 1,
  autoEscalate: true,
};
const cal = workCalendar();
const cst = (s: string) => new Date(`${s}+08:00`);

const viewer = (role: Viewer["role"], extra: Partial<Viewer> = {}): Viewer => ({
  id: 100,
  username: role.toLowerCase(),
  displayName: role,
  role,
  countyId: null,
  teamId: null,
  enterpriseId: null,
  ...extra,
});
const admin = viewer("ADMIN");
const bureau = viewer("BUREAU");
const leader = viewer("LEADER");
const eic = viewer("EIC");
const county7 = viewer("COUNTY", { countyId: 7 });
const county8 = viewer("COUNTY", { countyId: 8 });
const team1 = viewer("TEAM", { teamId: 1 });
const team2 = viewer("TEAM", { teamId: 2 });
const ent10 = viewer("ENTERPRISE", { enterpriseId: 10 });
const ent11 = viewer("ENTERPRISE", { enterpriseId: 11 });
const guotu = viewer("DEPARTMENT", { departmentId: 2 });
const zhujian = viewer("DEPARTMENT", { departmentId: 3 });
const fagai = viewer("DEPARTMENT", { departmentId: 1 });

const started = cst("2017-11-03T20:30:00");
function issue(over: Partial<IssueState> = {}): IssueState {
  return {
    level: "TEAM",
    status: "SUBMITTED",
    isComplex: false,
    category: "LAND",
    enterpriseId: 10,
    countyId: 7,
    teamId: 1,
    projectTeamId: 1,
    assigneeId: null,
    clockStartedAt: started,
    ...clockDeadlines(started, false, POLICY, cal),
    acceptedAt: null,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    levelEnteredAt: started,
    satisfaction: null,
    resolution: null,
    escalationCount: 0,
    leadDepartmentId: null,
    assistDepartmentIds: [],
    ...over,
  };
}

describe("who acts at which level", () => {
  const cases: Array<[string, Partial<IssueState>, Viewer[], Viewer[]]> = [
    ["TEAM: the project's team", { level: "TEAM" }, [team1, admin], [team2, county7, eic, bureau, leader, ent10]],
    [
      "TEAM: the issue's own team when the project moved",
      { level: "TEAM", teamId: 2, projectTeamId: 1 },
      [team1, team2],
      [county7],
    ],
    ["COUNTY: the issue's county", { level: "COUNTY" }, [county7, admin], [county8, team1, eic, leader, ent10]],
    ["CITY: 经信委", { level: "CITY" }, [eic, admin], [bureau, county7, team1, leader, ent10]],
    [
      "CITY: 政策兑现 too is 经信委's, not the bureau's",
      { level: "CITY", category: "POLICY" },
      [eic, admin],
      [bureau, county7, leader],
    ],
    ["PROVINCE: 经信委 records the province's answers", { level: "PROVINCE" }, [eic, admin], [bureau, county7, leader]],
    ["PROVINCE 政策兑现: still not the bureau", { level: "PROVINCE", category: "POLICY" }, [eic, admin], [bureau]],
  ];
  for (const [name, over, yes, no] of cases) {
    it(name, () => {
      const i = issue(over);
      for (const v of yes) expect(canDo(v, i, "accept"), `${v.role} may accept`).toBe(true);
      for (const v of no)
        expect(canDo(v, i, "accept"), `${v.role}#${v.teamId ?? v.countyId ?? v.enterpriseId} may not accept`).toBe(
          false,
        );
    });
  }

  it("describes the handlers as data for the user query", () => {
    expect(handlerRule(issue({ level: "TEAM", teamId: 2, projectTeamId: 1 }))).toEqual({
      kind: "team",
      teamIds: [2, 1],
    });
    expect(handlerRule(issue({ level: "COUNTY" }))).toEqual({ kind: "county", countyId: 7 });
    expect(handlerRule(issue({ level: "PROVINCE", category: "POLICY" }))).toEqual({ kind: "city", roles: ["EIC"] });
    expect(handlerRule(issue({ level: "CITY", category: "POLICY" }))).toEqual({ kind: "city", roles: ["EIC"] });
  });

  it("the leader only comments; the enterprise comments on its own issue and answers a resolution", () => {
    expect(availableActions(leader, issue({ status: "RESPONDED", level: "CITY" }))).toEqual(["comment"]);
    expect(availableActions(ent10, issue({ status: "RESPONDED" }))).toEqual(["comment"]);
    expect(availableActions(ent10, issue({ status: "RESOLVED" }))).toEqual(["comment", "confirm", "reject"]);
    expect(availableActions(ent11, issue({ status: "RESOLVED" }))).toEqual([]);
    expect(availableActions(ent10, issue({ status: "CLOSED" }))).toEqual(["comment", "reopen"]);
    // handlers cannot confirm for the enterprise
    expect(canDo(admin, issue({ status: "RESOLVED" }), "confirm")).toBe(false);
    expect(canDo(team1, issue({ status: "RESOLVED" }), "confirm")).toBe(false);
  });

  it("the bureau neither acts on nor comments on issues, at any level or category (docs/design.md §6)", () => {
    for (const level of ["TEAM", "COUNTY", "CITY", "PROVINCE"] as const) {
      for (const category of ["POLICY", "LAND"] as const) {
        for (const status of ["SUBMITTED", "ACCEPTED", "RESPONDED", "RESOLVED", "CLOSED"] as const) {
          expect(
            availableActions(bureau, issue({ level, category, status })),
            `${level} ${category} ${status}`,
          ).toEqual([]);
        }
      }
    }
  });

  it("comments: the enterprise, the leader, and those who handle the issue at some level", () => {
    const open = (over: Partial<IssueState>) => issue({ status: "ACCEPTED", ...over });
    // at CITY level the team and the county may still comment on their issue, and 经信委 at TEAM level
    for (const level of ["TEAM", "COUNTY", "CITY", "PROVINCE"] as const) {
      for (const v of [team1, county7, eic, admin, leader, ent10])
        expect(canDo(v, open({ level }), "comment"), `${v.role} at ${level}`).toBe(true);
      for (const v of [bureau, team2, county8, ent11])
        expect(
          canDo(v, open({ level }), "comment"),
          `${v.role}#${v.teamId ?? v.countyId ?? v.enterpriseId} at ${level}`,
        ).toBe(false);
    }
    // the issue's own team when the project moved to another team: both teams
    expect(canDo(team2, open({ level: "CITY", teamId: 2, projectTeamId: 1 }), "comment")).toBe(true);
    // no service team: no team comments
    expect(canDo(team1, open({ level: "COUNTY", teamId: null, projectTeamId: null }), "comment")).toBe(false);
  });

  it("offers each handler action only in the states where it makes sense", () => {
    const at = (over: Partial<IssueState>) => availableActions(team1, issue(over)).filter((a) => a !== "comment");
    expect(at({ status: "SUBMITTED" })).toEqual(["accept", "escalate"]);
    expect(at({ status: "REOPENED" })).toEqual(["accept", "escalate"]);
    expect(at({ status: "ACCEPTED" })).toEqual(["assign", "respond", "markComplex", "resolve", "escalate"]);
    expect(at({ status: "RESPONDED", isComplex: true })).toEqual(["assign", "respond", "resolve", "escalate"]);
    expect(at({ status: "RESOLVED" })).toEqual([]);
    expect(at({ status: "CLOSED" })).toEqual([]);
    const c = (over: Partial<IssueState>) => availableActions(county7, issue({ level: "COUNTY", ...over }));
    expect(c({ status: "ACCEPTED" })).toContain("return");
    // no team to return to
    expect(c({ status: "ACCEPTED", teamId: null, projectTeamId: null })).not.toContain("return");
    expect(availableActions(eic, issue({ level: "PROVINCE", status: "ACCEPTED" }))).not.toContain("escalate");
    expect(availableActions(eic, issue({ level: "PROVINCE", status: "ACCEPTED" }))).toContain("return");
  });

  it("who may file an issue", () => {
    expect([admin, bureau, leader, eic, county7, team1, ent10].map(canSubmitIssue)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(canSubmitIssue(viewer("ENTERPRISE"))).toBe(false);
  });

  it("levels step one at a time", () => {
    expect(levelAbove("TEAM")).toBe("COUNTY");
    expect(levelAbove("CITY")).toBe("PROVINCE");
    expect(levelAbove("PROVINCE")).toBeNull();
    expect(levelBelow({ level: "CITY", teamId: null, projectTeamId: null })).toBe("COUNTY");
    expect(levelBelow({ level: "COUNTY", teamId: null, projectTeamId: 3 })).toBe("TEAM");
    expect(levelBelow({ level: "TEAM", teamId: 1, projectTeamId: 1 })).toBeNull();
  });
});

describe("what each action does", () => {
  const ctx = (now: string, actorId = 100) => ({ now: cst(now), actorId, policy: POLICY, cal });

  it("accept with another assignee records acceptance and the assignment", () => {
    const p = planTransition(
      issue(),
      { type: "accept", assigneeId: 7, assigneeName: "张三" },
      ctx("2017-11-06T09:00:00"),
    );
    expect(p.patch).toEqual({ status: "ACCEPTED", acceptedAt: cst("2017-11-06T09:00:00"), assigneeId: 7 });
    expect(p.events.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ["ACCEPTED", "SUBMITTED", "ACCEPTED"],
      ["ASSIGNED", null, null],
    ]);
    expect(p.events[1].note).toBe("指派 张三 办理。");
    expect(
      planTransition(issue(), { type: "accept", assigneeId: 100, assigneeName: "我" }, ctx("2017-11-06T09:00:00"))
        .events,
    ).toHaveLength(1);
  });

  it("the first feedback is remembered, later ones do not move it", () => {
    const first = planTransition(
      issue({ status: "ACCEPTED" }),
      { type: "respond", note: "已对接国土部门" },
      ctx("2017-11-07T10:00:00"),
    );
    expect(first.patch).toEqual({ status: "RESPONDED", firstRespondedAt: cst("2017-11-07T10:00:00") });
    const again = planTransition(
      issue({ status: "RESPONDED", firstRespondedAt: cst("2017-11-07T10:00:00") }),
      { type: "respond", note: "进展" },
      ctx("2017-11-09T10:00:00"),
    );
    expect(again.patch.firstRespondedAt).toEqual(cst("2017-11-07T10:00:00"));
  });

  it("marking complex moves the resolve deadline from 7 to 10 working days of the same clock", () => {
    const p = planTransition(
      issue({ status: "ACCEPTED" }),
      { type: "markComplex", note: "涉及多部门" },
      ctx("2017-11-07T10:00:00"),
    );
    expect(p.patch).toEqual({ isComplex: true, resolveDueAt: new Date("2017-11-17T16:00:00.000Z") });
  });

  it("escalation hands the issue to the next level with a fresh clock, to be accepted again", () => {
    const i = issue({
      status: "RESPONDED",
      assigneeId: 5,
      acceptedAt: cst("2017-11-06T09:00:00"),
      firstRespondedAt: cst("2017-11-07T09:00:00"),
    });
    const p = planTransition(i, { type: "escalate", note: "需县级协调" }, ctx("2017-11-10T17:00:00"));
    // Fri 2017-11-10 17:00 → working days after: 11-13 (1), 11-15 (3), 11-21 (7)
    expect(p.patch).toEqual({
      status: "SUBMITTED",
      level: "COUNTY",
      levelEnteredAt: cst("2017-11-10T17:00:00"),
      escalationCount: 1,
      clockStartedAt: cst("2017-11-10T17:00:00"),
      acceptDueAt: new Date("2017-11-13T16:00:00.000Z"),
      respondDueAt: new Date("2017-11-15T16:00:00.000Z"),
      resolveDueAt: new Date("2017-11-21T16:00:00.000Z"),
      acceptedAt: null,
      firstRespondedAt: null,
      resolvedAt: null,
      assigneeId: null,
    });
    expect(p.restartsClock).toBe(true);
    expect(p.events).toEqual([
      {
        kind: "ESCALATED",
        fromStatus: "RESPONDED",
        toStatus: "SUBMITTED",
        fromLevel: "TEAM",
        toLevel: "COUNTY",
        note: "需县级协调",
      },
    ]);
    const auto = planTransition(i, { type: "escalate", note: "超时", auto: true }, ctx("2017-11-15T00:01:00"));
    expect(auto.events[0].kind).toBe("AUTO_ESCALATED");
  });

  it("return sends it one level down, also with a fresh clock", () => {
    const p = planTransition(
      issue({ level: "CITY", status: "ACCEPTED" }),
      { type: "return", note: "请县里先办" },
      ctx("2017-11-10T09:00:00"),
    );
    expect(p.patch.level).toBe("COUNTY");
    expect(p.patch.status).toBe("SUBMITTED");
    expect(p.events[0]).toMatchObject({ kind: "RETURNED", fromLevel: "CITY", toLevel: "COUNTY" });
  });

  it("confirmation closes with the score; rejection reopens with a new clock at the same level", () => {
    const resolved = issue({ status: "RESOLVED", resolvedAt: cst("2017-11-08T10:00:00"), resolution: "已解决" });
    const ok = planTransition(resolved, { type: "confirm", satisfaction: 5, note: "感谢" }, ctx("2017-11-09T10:00:00"));
    expect(ok.patch).toEqual({ status: "CLOSED", closedAt: cst("2017-11-09T10:00:00"), satisfaction: 5 });
    expect(ok.events[0].note).toBe("满意度：5 分（非常满意）。感谢");
    const no = planTransition(resolved, { type: "reject", note: "未实际解决" }, ctx("2017-11-09T10:00:00"));
    expect(no.patch).toMatchObject({
      status: "REOPENED",
      resolvedAt: null,
      clockStartedAt: cst("2017-11-09T10:00:00"),
    });
    expect(no.patch.level).toBeUndefined();
    expect(no.patch.acceptDueAt).toEqual(new Date("2017-11-10T16:00:00.000Z"));
    expect(no.events[0]).toMatchObject({ kind: "REJECTED", fromStatus: "RESOLVED", toStatus: "REOPENED" });
  });

  it("reopening a closed issue clears the score", () => {
    const p = planTransition(
      issue({ status: "CLOSED", satisfaction: 4, closedAt: cst("2017-11-09T10:00:00") }),
      { type: "reopen", note: "问题复发" },
      ctx("2017-12-01T10:00:00"),
    );
    expect(p.patch).toMatchObject({ status: "REOPENED", closedAt: null, satisfaction: null });
  });

  it("refuses what the state machine does not allow", () => {
    const bad: Array<[Partial<IssueState>, IssueAction]> = [
      [{ status: "SUBMITTED" }, "resolve"],
      [{ status: "CLOSED" }, "accept"],
      [{ status: "RESPONDED" }, "confirm"],
      [{ level: "PROVINCE", status: "ACCEPTED" }, "escalate"],
      [{ status: "ACCEPTED", isComplex: true }, "markComplex"],
    ];
    for (const [over, action] of bad) {
      expect(() =>
        planTransition(issue(over), { type: action, note: "x" } as never, ctx("2017-11-09T10:00:00")),
      ).toThrow(Refusal);
    }
  });
});

describe("a city-level issue routed to a 主办 责任单位 (docs/decisions/170)", () => {
  const city = (over: Partial<IssueState> = {}) => issue({ level: "CITY", ...over });
  const routed = (over: Partial<IssueState> = {}) => city({ leadDepartmentId: 2, assistDepartmentIds: [3], ...over });

  it("经信委 (and the admin) route an open city-level issue, at no other level and not once it is resolved", () => {
    expect(canDo(eic, city(), "route")).toBe(true);
    expect(canDo(admin, city({ status: "ACCEPTED" }), "route")).toBe(true);
    expect(canDo(eic, routed(), "route")).toBe(true); // routed again
    for (const v of [bureau, leader, county7, team1, ent10, guotu]) expect(canDo(v, city(), "route")).toBe(false);
    expect(canDo(eic, issue({ level: "COUNTY" }), "route")).toBe(false);
    expect(canDo(eic, issue({ level: "PROVINCE" }), "route")).toBe(false);
    expect(canDo(eic, city({ status: "RESOLVED" }), "route")).toBe(false);
  });

  it("the 主办 department handles it at the city level instead of 经信委; 协办 and others do not", () => {
    const i = routed();
    expect(handlerRule(i)).toEqual({ kind: "department", departmentId: 2 });
    expect(canDo(guotu, i, "accept")).toBe(true);
    expect(canDo(guotu, { ...i, status: "ACCEPTED" }, "resolve")).toBe(true);
    expect(canDo(guotu, i, "escalate")).toBe(true);
    for (const v of [eic, zhujian, fagai, county7, team1, bureau, leader]) expect(canDo(v, i, "accept")).toBe(false);
    expect(canDo(admin, i, "accept")).toBe(true);
  });

  it("a 协办 unit sends 协办反馈 while the issue is open at the city level; the 主办 and strangers do not", () => {
    expect(canDo(zhujian, routed(), "assist")).toBe(true);
    expect(canDo(zhujian, routed(), "comment")).toBe(true);
    expect(canDo(guotu, routed(), "assist")).toBe(false);
    expect(canDo(fagai, routed(), "assist")).toBe(false);
    expect(canDo(fagai, routed(), "comment")).toBe(false);
    expect(canDo(zhujian, routed({ status: "RESOLVED" }), "assist")).toBe(false);
    expect(canDo(zhujian, city(), "assist")).toBe(false);
  });

  it("the enterprise still confirms the department's result", () => {
    expect(canDo(ent10, routed({ status: "RESOLVED" }), "confirm")).toBe(true);
    expect(canDo(guotu, routed({ status: "RESOLVED" }), "confirm")).toBe(false);
  });

  it("at the province level 经信委 handles again", () => {
    expect(handlerRule(routed({ level: "PROVINCE" }))).toEqual({ kind: "city", roles: ["EIC"] });
    expect(canDo(eic, routed({ level: "PROVINCE" }), "accept")).toBe(true);
    expect(canDo(guotu, routed({ level: "PROVINCE" }), "accept")).toBe(false);
  });

  it("routing keeps the status and the 13710 clock, and clears the assignee for the department to name its own", () => {
    const i = city({ status: "ACCEPTED", assigneeId: 5, acceptedAt: started });
    const ctx = { now: cst("2017-11-06T10:00:00"), actorId: 100, policy: POLICY, cal };
    const plan = planTransition(
      i,
      {
        type: "route",
        leadDepartmentId: 2,
        leadName: "市国土资源局",
        assistDepartmentIds: [3],
        assistNames: ["市住房和城乡建设局"],
        note: "请抓紧办理",
      },
      ctx,
    );
    expect(plan.restartsClock).toBe(false);
    expect(plan.patch).toEqual({ assigneeId: null, leadDepartmentId: 2, assistDepartmentIds: [3] });
    expect(plan.events).toEqual([
      {
        kind: "ROUTED",
        fromStatus: null,
        toStatus: null,
        fromLevel: null,
        toLevel: null,
        note: "交由市国土资源局主办，市住房和城乡建设局协办。请抓紧办理",
      },
    ]);
    const assist = planTransition(
      routed(),
      { type: "assist", note: "规划条件已出具", unitName: "市住房和城乡建设局" },
      ctx,
    );
    expect(assist.patch).toEqual({});
    expect(assist.events[0]).toMatchObject({ kind: "ASSISTED", note: "【市住房和城乡建设局】规划条件已出具" });
  });
});
