import { describe, expect, it } from "vitest";
import { Refusal } from "./refusal";
import {
  actsFor,
  autoUrgeKey,
  canDoSupervision,
  overdueSteps,
  planSupervision,
  supervisionActions,
  supervisionCard,
  supervisionDeadlines,
  unitStat,
  type ActorRef,
  type SupervisionRef,
  type UnitRef,
} from "./supervision";
import { workCalendar } from "./workdays";

const cal = workCalendar();
// Monday 2017-11-20 09:00 Beijing
const assignedAt = new Date("2017-11-20T01:00:00Z");
const endOf = (d: string) => new Date(`${d}T16:00:00Z`); // 24:00 Beijing of the day before the next
const at = (isoBeijing: string) => new Date(new Date(`${isoBeijing}+08:00`).getTime());

function item(over: Partial<SupervisionRef> = {}): SupervisionRef {
  const d = supervisionDeadlines(assignedAt, { kind: "days", days: 10 }, cal);
  return {
    id: 7,
    state: "ASSIGNED",
    leaderId: 3,
    ...d,
    signedAt: null,
    plannedAt: null,
    progressedAt: null,
    reportedAt: null,
    pendingDueAt: null,
    version: 1,
    ...over,
  };
}

const guotu: UnitRef = { departmentId: 2, staffedBy: "DEPARTMENT", countyId: null, isLead: true };
const county: UnitRef = { departmentId: 20, staffedBy: "COUNTY", countyId: 5, isLead: false };
const units = [guotu, county];
const deptGuotu: ActorRef = { id: 100, role: "DEPARTMENT", countyId: null, departmentId: 2 };
const deptFagai: ActorRef = { id: 101, role: "DEPARTMENT", countyId: null, departmentId: 1 };
const countyUser: ActorRef = { id: 102, role: "COUNTY", countyId: 5 };
const otherCounty: ActorRef = { id: 103, role: "COUNTY", countyId: 6 };
const bureau: ActorRef = { id: 104, role: "BUREAU", countyId: null };
const leader: ActorRef = { id: 3, role: "LEADER", countyId: null };
const otherLeader: ActorRef = { id: 4, role: "LEADER", countyId: null };

describe("13710 deadlines of a 督办事项", () => {
  it("1 working day to 签收, 3 to a plan, 7 to progress, 10 to 办结, counted from the day after 交办", () => {
    const d = supervisionDeadlines(assignedAt, { kind: "days", days: 10 }, cal);
    expect(d.signDueAt).toEqual(endOf("2017-11-21"));
    expect(d.planDueAt).toEqual(endOf("2017-11-23"));
    expect(d.progressDueAt).toEqual(endOf("2017-11-29"));
    expect(d.finishDueAt).toEqual(endOf("2017-12-04"));
  });
  it("a 7-working-day 办结 caps the progress step; a fixed date is the end of that Beijing day", () => {
    const d = supervisionDeadlines(assignedAt, { kind: "days", days: 7 }, cal);
    expect(d.finishDueAt).toEqual(endOf("2017-11-29"));
    expect(d.progressDueAt).toEqual(d.finishDueAt);
    const f = supervisionDeadlines(assignedAt, { kind: "date", date: "2017-11-22" }, cal);
    expect(f.finishDueAt).toEqual(endOf("2017-11-22"));
    expect(f.planDueAt).toEqual(endOf("2017-11-22"));
    expect(f.signDueAt).toEqual(endOf("2017-11-21"));
  });
  it("skips the National Day holiday", () => {
    const d = supervisionDeadlines(at("2017-09-29T10:00:00"), { kind: "days", days: 10 }, cal);
    // 2017-09-30 is a 调休 working day; 10-01..10-08 holiday
    expect(d.signDueAt).toEqual(endOf("2017-09-30"));
    expect(d.planDueAt).toEqual(endOf("2017-10-10"));
  });
});

describe("红黄牌 and the overdue steps", () => {
  it("green with days left, yellow on the last working day, red once past", () => {
    // 签收 is due at the end of Tuesday: green on Monday, yellow on Tuesday (its last working day), as on issues
    expect(supervisionCard(item(), at("2017-11-20T10:00:00"), cal).color).toBe("green");
    expect(supervisionCard(item(), at("2017-11-21T09:00:00"), cal).text).toBe("黄牌：签收即将到期");
    const signed = item({ state: "HANDLING", signedAt: at("2017-11-20T10:00:00") });
    const g = supervisionCard(signed, at("2017-11-20T11:00:00"), cal);
    expect(g.color).toBe("green");
    expect(g.step).toBe("PLAN");
    expect(supervisionCard(signed, at("2017-11-23T09:00:00"), cal).color).toBe("yellow");
    const r = supervisionCard(signed, at("2017-11-27T09:00:00"), cal);
    expect(r.color).toBe("red");
    expect(r.text).toBe("红牌：办理方案已超期 2 个工作日");
  });
  it("an item reported or closed has no running clock", () => {
    const rep = item({ state: "REPORTED", signedAt: assignedAt, reportedAt: assignedAt });
    expect(supervisionCard(rep, at("2018-01-01T09:00:00"), cal).color).toBe("stopped");
    expect(overdueSteps(rep, at("2018-01-01T09:00:00"))).toEqual([]);
  });
  it("each owed step past its deadline is overdue once; the key changes with the deadline", () => {
    const steps = overdueSteps(item(), at("2017-11-30T09:00:00")).map((s) => s.step);
    expect(steps).toEqual(["SIGN", "PLAN", "PROGRESS"]);
    const k1 = autoUrgeKey(7, "FINISH", endOf("2017-12-04"));
    expect(k1).not.toBe(autoUrgeKey(7, "FINISH", endOf("2017-12-08")));
  });
});

describe("who may do what", () => {
  it("the 主办 unit signs and handles, a 协办 county feeds back, others nothing", () => {
    expect(actsFor(countyUser, county)).toBe(true);
    expect(actsFor(otherCounty, county)).toBe(false);
    expect(supervisionActions(deptGuotu, item(), units)).toEqual(["sign"]);
    expect(supervisionActions(countyUser, item(), units)).toEqual(["assist"]);
    expect(supervisionActions(deptFagai, item(), units)).toEqual([]);
    const handling = item({ state: "HANDLING", signedAt: assignedAt });
    expect(supervisionActions(deptGuotu, handling, units)).toEqual(["plan", "progress", "requestExtension", "finish"]);
  });
  it("the office decides extensions and 销号; the issuing leader and the office 催办", () => {
    const pending = item({ state: "HANDLING", signedAt: assignedAt, pendingDueAt: endOf("2017-12-15") });
    expect(supervisionActions(bureau, pending, units)).toEqual(["approveExtension", "refuseExtension", "urge"]);
    expect(canDoSupervision(deptGuotu, pending, units, "requestExtension")).toBe(false); // one at a time
    expect(supervisionActions(leader, pending, units)).toEqual(["urge"]);
    expect(supervisionActions(otherLeader, pending, units)).toEqual([]);
    const reported = item({ state: "REPORTED", signedAt: assignedAt, reportedAt: assignedAt });
    expect(supervisionActions(bureau, reported, units)).toEqual(["close", "return"]);
    expect(supervisionActions(bureau, item({ state: "CLOSED" }), units)).toEqual(["evaluate"]);
  });
});

describe("what each step writes", () => {
  const now = at("2017-11-24T10:00:00");
  it("an extension must move the deadline later and is applied only when approved", () => {
    const h = item({ state: "HANDLING", signedAt: assignedAt });
    expect(() =>
      planSupervision(h, { type: "requestExtension", note: "x", newDueOn: "2017-12-04" }, now, null),
    ).toThrow(Refusal);
    const p = planSupervision(
      h,
      { type: "requestExtension", note: "征地补偿未谈妥", newDueOn: "2017-12-15" },
      now,
      null,
    );
    expect(p.patch.pendingDueAt).toEqual(endOf("2017-12-15"));
    expect(p.patch.finishDueAt).toBeUndefined();
    const a = planSupervision({ ...h, pendingDueAt: endOf("2017-12-15") }, { type: "approveExtension" }, now, null);
    expect(a.patch.finishDueAt).toEqual(endOf("2017-12-15"));
    expect(a.patch.pendingDueAt).toBeNull();
  });
  it("销号 records whether the 办结报告 came in time; a progress report also counts as the plan", () => {
    const late = item({ state: "REPORTED", reportedAt: at("2017-12-05T10:00:00") });
    expect(planSupervision(late, { type: "close" }, now, null).patch.onTime).toBe(false);
    const early = item({ state: "REPORTED", reportedAt: at("2017-12-01T10:00:00") });
    expect(planSupervision(early, { type: "close" }, now, null).patch.onTime).toBe(true);
    const pr = planSupervision(item({ state: "HANDLING" }), { type: "progress", note: "已完成组卷" }, now, null);
    expect(pr.patch.plannedAt).toEqual(now);
    expect(pr.patch.latestProgress).toBe("已完成组卷");
  });
});

describe("按时办结率 per unit", () => {
  it("on time ÷ (closed + open past the deadline); 催办 summed", () => {
    const now = at("2017-12-10T09:00:00");
    const s = unitStat(
      [
        { state: "CLOSED", onTime: true, finishDueAt: endOf("2017-12-04"), urgeCount: 0 },
        { state: "EVALUATED", onTime: false, finishDueAt: endOf("2017-12-04"), urgeCount: 2 },
        { state: "HANDLING", onTime: null, finishDueAt: endOf("2017-12-04"), urgeCount: 1 },
        { state: "HANDLING", onTime: null, finishDueAt: endOf("2017-12-20"), urgeCount: 0 },
        { state: "REPORTED", onTime: null, finishDueAt: endOf("2017-12-04"), urgeCount: 0 },
      ],
      now,
    );
    expect(s).toEqual({ total: 5, due: 3, onTime: 1, onTimeRate: 33.3, urges: 3, overdue: 1 });
    expect(unitStat([], now).onTimeRate).toBeNull();
  });
});
