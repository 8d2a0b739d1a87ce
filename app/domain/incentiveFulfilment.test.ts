import { describe, expect, it } from "vitest";
import { conditionState, recoveryReason, recoveryStatus, type FulfilmentFacts } from "./incentiveFulfilment";

const base: FulfilmentFacts = {
  conditionKind: "STARTED",
  conditionValue: null,
  conditionDueOn: "2017-06-30",
  reportedValue: null,
  pool: "ACTIVE",
  startedOn: null,
  completedOn: null,
  paid: 500,
};

describe("incentive 兑现 and 追回", () => {
  it("开工 by the due date is met; after it, or not at all once the date passed, is missed", () => {
    expect(conditionState({ ...base, startedOn: "2017-06-30" }, "2017-11-20")).toBe("met");
    expect(conditionState({ ...base, startedOn: "2017-07-01" }, "2017-11-20")).toBe("missed");
    expect(conditionState(base, "2017-06-30")).toBe("pending");
    expect(conditionState(base, "2017-07-01")).toBe("missed");
  });
  it("产值/税收 thresholds compare the reported value", () => {
    const out = { ...base, conditionKind: "OUTPUT" as const, conditionValue: 10000 };
    expect(conditionState({ ...out, reportedValue: 10000 }, "2018-01-01")).toBe("met");
    expect(conditionState({ ...out, reportedValue: 9999 }, "2018-01-01")).toBe("missed");
  });
  it("recovery only for money paid: withdrawn project or missed condition", () => {
    expect(recoveryReason({ ...base, pool: "WITHDRAWN", startedOn: "2017-05-01" }, "2017-11-20")).toBe(
      "项目已调出，已兑现的优惠应追回",
    );
    expect(recoveryReason(base, "2017-11-20")).toContain("未在 2017-06-30 前达到兑现条件（开工）");
    expect(recoveryReason({ ...base, paid: 0 }, "2017-11-20")).toBeNull();
    expect(recoveryReason({ ...base, startedOn: "2017-06-01" }, "2017-11-20")).toBeNull();
    expect(recoveryReason({ ...base, conditionKind: null }, "2017-11-20")).toBeNull();
  });

  it("追回 status: nothing back, part of it, all of it (more than paid counts as done)", () => {
    expect(recoveryStatus(400, 0)).toBe("none");
    expect(recoveryStatus(400, 150)).toBe("partial");
    expect(recoveryStatus(400, 400)).toBe("done");
    expect(recoveryStatus(400, 401)).toBe("done");
  });
});
