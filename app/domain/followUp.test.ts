import { describe, expect, it } from "vitest";
import { dormantCutoff, dormantDays, lastTouch, overdueDays, touchedOn } from "./followUp";

describe("沉睡 and overdue follow-ups", () => {
  const today = "2017-11-20";
  it("a lead sleeps from the 30th day after its last touch (first contact when none)", () => {
    expect(dormantDays({ stage: "CONTACT", firstContactOn: "2017-10-21", lastTouchOn: null }, today)).toBe(30);
    expect(dormantDays({ stage: "CONTACT", firstContactOn: "2017-10-22", lastTouchOn: null }, today)).toBeNull();
    expect(dormantDays({ stage: "INSPECTION", firstContactOn: "2017-01-04", lastTouchOn: "2017-11-01" }, today)).toBe(
      null,
    );
    expect(dormantDays({ stage: "NEGOTIATION", firstContactOn: "2017-01-04", lastTouchOn: "2017-09-01" }, today)).toBe(
      80,
    );
    // a touch recorded before the first contact does not count backwards
    expect(lastTouch("2017-11-01", "2017-09-01")).toBe("2017-11-01");
    expect(dormantCutoff(today)).toBe("2017-10-21");
  });
  it("signed and abandoned leads never sleep nor fall overdue", () => {
    for (const stage of ["SIGNED", "ABANDONED"]) {
      expect(dormantDays({ stage, firstContactOn: "2017-01-04", lastTouchOn: null }, today)).toBeNull();
      expect(overdueDays({ stage, nextFollowUpOn: "2017-11-01" }, today)).toBeNull();
    }
  });
  it("a follow-up is overdue from the day after its date", () => {
    expect(overdueDays({ stage: "CONTACT", nextFollowUpOn: today }, today)).toBeNull();
    expect(overdueDays({ stage: "CONTACT", nextFollowUpOn: "2017-11-19" }, today)).toBe(1);
    expect(overdueDays({ stage: "CONTACT", nextFollowUpOn: null }, today)).toBeNull();
  });
  it("a late-logged touch does not move the last touch back", () => {
    expect(touchedOn("2017-11-10", "2017-11-01")).toBe("2017-11-10");
    expect(touchedOn(null, "2017-11-01")).toBe("2017-11-01");
    expect(touchedOn("2017-10-01", "2017-11-01")).toBe("2017-11-01");
  });
});
