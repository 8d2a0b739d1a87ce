import { describe, expect, it } from "vitest";
import { backoffMs, markdownMessage, smsMessage, smsSegments } from "./notificationMessage";

describe("outside notification messages", () => {
  const p = {
    kind: "NEW" as const,
    title: "新诉求待受理：SQ20171120001 二期用电增容",
    issueTitle: "二期用电增容",
    issueCode: "SQ20171120001",
    deadline: "2017-11-21T16:00:00.000Z", // 11月22日 00:00 Beijing = 11月21日（周二）24:00
    url: "https://crm.example.gov.cn/issues/7",
  };

  it("markdown names the kind, the issue's title, its 13710 deadline and links back", () => {
    const m = markdownMessage(p, 2017);
    expect(m.title).toBe("新诉求待受理：二期用电增容");
    expect(m.text).toContain("【新诉求待受理】二期用电增容");
    expect(m.text).toContain("13710 办理时限：11月21日（周二）24:00");
    expect(m.text).toContain("[在系统中查看](https://crm.example.gov.cn/issues/7)");
  });

  it("SMS: a template code, its parameters, and the 70-character segment rule", () => {
    const m = smsMessage(p, 2017);
    expect(m.templateCode).toBe("JZ_NEW");
    expect(m.params).toEqual({ kind: "新诉求待受理", title: "二期用电增容", deadline: "11月21日（周二）24:00" });
    expect(m.segments).toBe(1);
    expect(smsSegments("")).toBe(0);
    expect(smsSegments("字".repeat(70))).toBe(1);
    expect(smsSegments("字".repeat(71))).toBe(2);
    expect(smsSegments("字".repeat(134))).toBe(2);
    expect(smsSegments("字".repeat(135))).toBe(3);
  });

  it("backs off exponentially, at most an hour", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(30)).toBe(3600_000);
  });
});
