import { describe, expect, it } from "vitest";
import { makeCreditCode } from "./creditCode";
import { EnterpriseEditForm, EnterpriseForm } from "./enterpriseForm";

const code = makeCreditCode("91", "140702", "MA0K0001X");

describe("the enterprise form", () => {
  it("accepts a valid enterprise and normalises its code", () => {
    const r = EnterpriseForm.safeParse({
      name: " 晋中测试企业 ",
      creditCode: code.toLowerCase(),
      countyId: "3",
      isKeyEnterprise: "on",
    });
    expect(r.success && r.data).toEqual({
      name: "晋中测试企业",
      creditCode: code,
      countyId: 3,
      originRegion: null,
      address: null,
      isKeyEnterprise: true,
      annualOutput: null,
    });
  });
  it("refuses a wrong check digit and a missing name, in Chinese, next to the fields", () => {
    const wrong = code.slice(0, 17) + (code[17] === "1" ? "2" : "1");
    const r = EnterpriseForm.safeParse({ name: "", creditCode: wrong });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ name: "请填写企业名称", creditCode: "统一社会信用代码校验位不正确，请核对" });
  });
  it("年产值 is whole 万元, not negative", () => {
    const base = { name: "甲", creditCode: code };
    const ok = EnterpriseForm.safeParse({ ...base, annualOutput: "12,500" });
    expect(ok.success && ok.data.annualOutput).toBe(12500);
    const neg = EnterpriseForm.safeParse({ ...base, annualOutput: "-1" });
    expect(neg.error?.issues[0]).toMatchObject({ path: ["annualOutput"], message: "金额不能为负数" });
    expect(EnterpriseForm.safeParse({ ...base, annualOutput: "1.5" }).success).toBe(false);
  });
  it("an edit carries the version it was loaded with", () => {
    expect(EnterpriseEditForm.safeParse({ name: "甲", creditCode: code, version: "x" }).success).toBe(false);
    const r = EnterpriseEditForm.safeParse({ name: "甲", creditCode: code, version: "4" });
    expect(r.success && r.data.version).toBe(4);
  });
});
