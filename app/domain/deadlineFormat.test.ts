import { describe, expect, it } from "vitest";
import { formatDeadline } from "./deadlineFormat";

describe("formatDeadline", () => {
  it("shows the end of a China day as that day's 24:00", () => {
    expect(formatDeadline(new Date("2017-10-16T16:00:00.000Z"))).toBe("2017-10-16 24:00");
    expect(formatDeadline("2017-12-31T16:00:00.000Z")).toBe("2017-12-31 24:00");
  });
  it("shows other instants as China time, and a dash for none", () => {
    expect(formatDeadline("2017-10-16T02:30:00.000Z")).toBe("2017-10-16 10:30");
    expect(formatDeadline(null)).toBe("—");
  });
});
