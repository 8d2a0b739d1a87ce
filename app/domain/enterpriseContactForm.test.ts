import { describe, expect, it } from "vitest";
import { EnterpriseContactForm, phoneProblem } from "./enterpriseContactForm";

describe("the enterprise contact form", () => {
  it("keeps a contact with trimmed text and an empty post as null", () => {
    const r = EnterpriseContactForm.safeParse({ name: " 王经理 ", title: "", phone: "0354-3012345", isPrimary: "on" });
    expect(r.success && r.data).toEqual({ name: "王经理", title: null, phone: "0354-3012345", isPrimary: true });
  });
  it("refuses a missing name and a phone with letters, next to the fields, in Chinese", () => {
    const r = EnterpriseContactForm.safeParse({ name: "", phone: "138abc" });
    const messages = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ name: "请填写联系人姓名", phone: "电话只能包含数字、空格、连字符和括号" });
  });
  it("phones need 7 to 20 digits", () => {
    expect(phoneProblem("12345")).toBe("请填写 7 至 20 位数字的电话号码");
    expect(phoneProblem("+86 138 1234 5678")).toBeNull();
  });
});
