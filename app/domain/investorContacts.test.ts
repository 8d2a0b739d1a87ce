import { describe, expect, it } from "vitest";
import { InvestorContactForm, InvestorForm } from "./investorForm";
import { contactFor, maskEmail, maskWechat, phoneDigits, phoneSearchDigits } from "./investorContacts";

describe("investor contacts", () => {
  it("masks WeChat ids and e-mails for roles that do not call them", () => {
    expect(maskWechat("wxid_zhang88")).toBe("wx****88");
    expect(maskWechat("abc")).toBe("****");
    expect(maskWechat(null)).toBeNull();
    expect(maskEmail("zhang.wei@geely.com")).toBe("z****@geely.com");
    expect(maskEmail("bad")).toBe("****");
    const c = { name: "张伟", phone: "13812345678", wechat: "wxid_zhang88", email: "zw@geely.com" };
    expect(contactFor(c, true)).toEqual(c);
    expect(contactFor(c, false)).toEqual({
      name: "张伟",
      phone: "138****5678",
      wechat: "wx****88",
      email: "z****@geely.com",
    });
  });

  it("keeps the phone's digits for the search, and reads a typed number as a phone search", () => {
    expect(phoneDigits("0354-301 2345")).toBe("03543012345");
    expect(phoneDigits("")).toBeNull();
    expect(phoneSearchDigits("138 1234")).toBe("1381234");
    expect(phoneSearchDigits("138")).toBeNull();
    expect(phoneSearchDigits("吉利 138")).toBeNull();
  });

  it("checks a contact's phone, WeChat id and e-mail with Chinese messages", () => {
    const ok = InvestorContactForm.safeParse({
      name: " 张伟 ",
      phone: "138-1234-5678",
      wechat: "wxid_zhang88",
      email: "",
    });
    expect(ok.success && ok.data).toEqual({
      name: "张伟",
      title: null,
      phone: "138-1234-5678",
      wechat: "wxid_zhang88",
      email: null,
    });
    const bad = InvestorContactForm.safeParse({ name: "", phone: "abc", wechat: "1", email: "x@" });
    expect(bad.success).toBe(false);
    const msgs = Object.fromEntries((bad.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(msgs.name).toBe("请填写联系人姓名");
    expect(msgs.phone).toContain("电话");
    expect(msgs.wechat).toContain("微信号");
    expect(msgs.email).toContain("电子邮箱");
  });

  it("needs a name and a source region for an investor", () => {
    const r = InvestorForm.safeParse({ name: "", sourceRegion: "" });
    expect(r.success).toBe(false);
    const ok = InvestorForm.safeParse({ name: "比亚迪股份有限公司", sourceRegion: "PEARL_DELTA", industryId: "3" });
    expect(ok.success && ok.data).toEqual({
      name: "比亚迪股份有限公司",
      sourceRegion: "PEARL_DELTA",
      industryId: 3,
      enterpriseCode: null,
      countyId: null,
      note: null,
    });
  });
});
