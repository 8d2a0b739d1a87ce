import { describe, expect, it } from "vitest";
import { maskSecret, maskWebhook, parseUnitKey, unitKey, webhookError } from "./unitChannels";

describe("unit channels", () => {
  it("names units and reads the names back", () => {
    expect(parseUnitKey(unitKey({ kind: "team", id: 3 }))).toEqual({ kind: "team", id: 3 });
    expect(parseUnitKey("department:12")).toEqual({ kind: "department", id: 12 });
    for (const bad of ["", "team:", "team:0", "group", "user:1", "team:1;drop"]) expect(parseUnitKey(bad)).toBeNull();
  });
  it("never shows a secret or a robot token in full", () => {
    expect(maskSecret("SEC0123456789abcdef")).toBe("SEC••••••cdef");
    expect(maskSecret("short")).toBe("••••••");
    expect(maskSecret("")).toBeNull();
    const shown = maskWebhook("https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789abcdef");
    expect(shown).toBe("https://oapi.dingtalk.com/robot/send?access_token=abc••••••cdef");
    expect(shown).not.toContain("0123456789");
  });
  it("accepts only http(s) webhooks, in Chinese", () => {
    expect(webhookError("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")).toBeNull();
    expect(webhookError("")).toContain("请填写");
    expect(webhookError("ftp://x/y")).toContain("https://");
    expect(webhookError("not a url")).toContain("格式不正确");
  });
});
