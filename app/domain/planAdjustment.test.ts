import { describe, expect, it } from "vitest";
import {
  allowedMoves,
  defaultReviewDate,
  isReadyReserve,
  moveChanges,
  planTotals,
  totalsAfterMove,
  totalsBeforeAdjustments,
} from "./planAdjustment";

const signedAndLand = [
  { stage: "SIGNED" as const, plannedOn: null, actualOn: "2017-05-18" },
  { stage: "LAND" as const, plannedOn: "2017-08-01", actualOn: "2017-08-20" },
];

describe("dynamic adjustment rules", () => {
  it("reviews at the end of September", () => {
    expect(defaultReviewDate(2017)).toBe("2017-09-30");
  });

  it("a reserve project is ready once signed and landed by the review date", () => {
    expect(isReadyReserve(signedAndLand, "2017-09-30")).toBe(true);
    expect(isReadyReserve(signedAndLand, "2017-08-19")).toBe(false); // land came a day later
    expect(isReadyReserve(signedAndLand.slice(0, 1), "2017-09-30")).toBe(false);
    expect(isReadyReserve([], "2017-09-30")).toBe(false);
  });

  it("plan projects move out, reserve projects move in or out, withdrawn ones stay", () => {
    expect(allowedMoves({ pool: "ACTIVE", isTransformation: true })).toEqual(["RESERVE", "WITHDRAWN"]);
    expect(allowedMoves({ pool: "RESERVE", isTransformation: false })).toEqual(["ACTIVE", "WITHDRAWN"]);
    expect(allowedMoves({ pool: "WITHDRAWN", isTransformation: true })).toEqual([]);
    // an ACTIVE project outside the transformation plan (an ordinary signed deal) is not the plan's to move
    expect(allowedMoves({ pool: "ACTIVE", isTransformation: false })).toEqual([]);
    expect(moveChanges({ pool: "RESERVE", isTransformation: false }, "ACTIVE")).toEqual({
      pool: "ACTIVE",
      isTransformation: true,
    });
    expect(moveChanges({ pool: "ACTIVE", isTransformation: true }, "RESERVE")).toEqual({
      pool: "RESERVE",
      isTransformation: true,
    });
  });

  it("counts and annual investment before and after a move", () => {
    const now = planTotals([
      { annualPlanInvestment: 200_000 },
      { annualPlanInvestment: 150_000 },
      { annualPlanInvestment: 12_000 },
    ]);
    expect(now).toEqual({ count: 3, annual: 362_000 });
    expect(
      totalsAfterMove(now, { pool: "ACTIVE", isTransformation: true, annualPlanInvestment: 12_000 }, "WITHDRAWN"),
    ).toEqual({
      count: 2,
      annual: 350_000,
    });
    expect(
      totalsAfterMove(now, { pool: "RESERVE", isTransformation: false, annualPlanInvestment: 10_000 }, "ACTIVE"),
    ).toEqual({
      count: 4,
      annual: 372_000,
    });
    expect(
      totalsAfterMove(now, { pool: "RESERVE", isTransformation: false, annualPlanInvestment: 10_000 }, "WITHDRAWN"),
    ).toBe(now);
  });

  it("the plan before the year's adjustments undoes every move", () => {
    // now 61 projects / 2,600,000; two moved out (8,000 + 5,000), two moved in (10,000 + 12,000), one reserve withdrawn
    const before = totalsBeforeAdjustments({ count: 61, annual: 2_600_000 }, [
      { fromPool: "ACTIVE", toPool: "WITHDRAWN", annualPlanInvestment: 8_000 },
      { fromPool: "ACTIVE", toPool: "RESERVE", annualPlanInvestment: 5_000 },
      { fromPool: "RESERVE", toPool: "ACTIVE", annualPlanInvestment: 10_000 },
      { fromPool: "RESERVE", toPool: "ACTIVE", annualPlanInvestment: 12_000 },
      { fromPool: "RESERVE", toPool: "WITHDRAWN", annualPlanInvestment: 15_000 },
    ]);
    expect(before).toEqual({ count: 61, annual: 2_600_000 + 8_000 + 5_000 - 10_000 - 12_000, movedIn: 2, movedOut: 2 });
  });
});
