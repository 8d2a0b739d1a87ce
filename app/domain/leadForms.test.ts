import { describe, expect, it } from "vitest";
import { parseWith } from "~/utils/form.server";
import { ConvertLeadForm, LeadForm, leadTableHref, MoveLeadForm } from "./leadForms";
import { parseLeadListQuery } from "./leadListQuery.server";

const lead = {
  name: " 智联科技数据中心项目 ",
  enterpriseName: "北京中关村智联科技有限公司",
  sourceRegion: "JINGJINJI",
  method: "PRECISION",
  industryId: "3",
  countyId: "1",
  expectedAmount: "12,500",
  ownerId: "",
  firstContactOn: "2017-03-01",
  nextFollowUpOn: "",
  note: "",
};

describe("lead forms", () => {
  it("turns the posted strings into typed values (integer 万元, ids, dates)", () => {
    const r = parseWith(LeadForm, lead);
    expect(r).toEqual({
      success: true,
      data: {
        name: "智联科技数据中心项目",
        enterpriseName: "北京中关村智联科技有限公司",
        investorId: null,
        sourceRegion: "JINGJINJI",
        method: "PRECISION",
        industryId: 3,
        countyId: 1,
        expectedAmount: 12500,
        ownerId: null,
        firstContactOn: "2017-03-01",
        nextFollowUpOn: null,
        note: null,
        eventId: null,
      },
    });
  });
  it("gives Chinese messages per field", () => {
    const r = parseWith(LeadForm, {
      ...lead,
      name: " ",
      sourceRegion: "MARS",
      industryId: "",
      expectedAmount: "1.5",
      nextFollowUpOn: "2017-02-30",
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.fieldErrors).toMatchObject({
      name: "请填写项目名称",
      sourceRegion: "请选择来源地",
      industryId: "请选择产业",
      expectedAmount: "预计投资额请填写以万元为单位的整数",
      nextFollowUpOn: "下次跟进日期格式不正确",
    });
    const neg = parseWith(LeadForm, { ...lead, expectedAmount: "-3" });
    expect(!neg.success && neg.fieldErrors.expectedAmount).toBe("预计投资额不能为负数");
    const huge = parseWith(LeadForm, { ...lead, expectedAmount: "99999999999" });
    expect(!huge.success && huge.fieldErrors.expectedAmount).toBe("预计投资额过大，请核对（单位为万元）");
  });
  it("needs a reason to abandon", () => {
    const r = parseWith(MoveLeadForm, { intent: "move", version: "2", stage: "ABANDONED", abandonReason: "  " });
    expect(r).toEqual({ success: false, fieldErrors: { abandonReason: "放弃线索须填写放弃原因" } });
    expect(
      parseWith(MoveLeadForm, { intent: "move", version: "2", stage: "ABANDONED", abandonReason: "用地不足" }).success,
    ).toBe(true);
    expect(parseWith(MoveLeadForm, { intent: "move", version: "2", stage: "INSPECTION" })).toMatchObject({
      success: true,
      data: { stage: "INSPECTION", version: 2 },
    });
  });
  it("checks the conversion: positive amounts, total ≥ contract, the investor picked or registered with a valid credit code", () => {
    const ok = parseWith(ConvertLeadForm, {
      intent: "convert",
      version: "1",
      projectName: "智联科技数据中心",
      signedOn: "2017-06-30",
      contractAmount: "50000",
      totalInvestment: "80000",
      enterpriseMode: "existing",
      enterpriseId: "7",
      enterpriseQuery: "智联科技有限公司",
    });
    expect(ok).toMatchObject({
      success: true,
      data: { contractAmount: 50000, totalInvestment: 80000, enterpriseMode: "existing", enterpriseId: 7 },
    });
    // a lead that has its enterprise already posts no mode
    expect(
      parseWith(ConvertLeadForm, {
        intent: "convert",
        version: "1",
        projectName: "智联科技数据中心",
        signedOn: "2017-06-30",
        contractAmount: "50000",
        totalInvestment: "80000",
      }),
    ).toMatchObject({ success: true, data: { enterpriseMode: null } });
    const bad = parseWith(ConvertLeadForm, {
      intent: "convert",
      version: "1",
      projectName: "智联",
      signedOn: "",
      contractAmount: "0",
      totalInvestment: "100",
      enterpriseMode: "new",
      newEnterpriseName: "",
      newEnterpriseCreditCode: "91140700MA0K000000",
    });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(bad.fieldErrors.signedOn).toBe("请填写签约日期");
    expect(bad.fieldErrors.contractAmount).toBe("签约额须大于 0");
    expect(bad.fieldErrors.newEnterpriseCreditCode).toBe("统一社会信用代码校验位不正确，请核对");
    expect(bad.fieldErrors.newEnterpriseName).toBe("请填写企业名称");
    const less = parseWith(ConvertLeadForm, {
      intent: "convert",
      version: "1",
      projectName: "智联",
      signedOn: "2017-06-30",
      contractAmount: "500",
      totalInvestment: "100",
    });
    expect(!less.success && less.fieldErrors.totalInvestment).toBe("总投资不能小于签约额");
  });
  it("parses the lead pages' URL state with defaults", () => {
    expect(parseLeadListQuery(new URLSearchParams())).toMatchObject({
      view: "kanban",
      sort: "nextFollowUpOn",
      dir: "asc",
      page: 1,
      size: 20,
    });
    expect(
      parseLeadListQuery(
        new URLSearchParams("view=table&stage=ABANDONED&county=2&sort=expectedAmount&dir=desc&source=X"),
      ),
    ).toMatchObject({
      view: "table",
      stage: "ABANDONED",
      county: 2,
      sort: "expectedAmount",
      dir: "desc",
      source: undefined,
    });
  });
});

describe("the kanban column's table link", () => {
  it("keeps the board's filters, switches to the table and the column's stage", () => {
    const href = leadTableHref(
      "?county=3&industry=5&source=JINGJINJI&method=PRECISION&q=%E6%95%B0%E6%8D%AE&page=2",
      "NEGOTIATION",
    );
    const sp = new URL(href, "http://x").searchParams;
    expect(new URL(href, "http://x").pathname).toBe("/leads");
    expect(Object.fromEntries(sp)).toEqual({
      county: "3",
      industry: "5",
      source: "JINGJINJI",
      method: "PRECISION",
      q: "数据",
      view: "table",
      stage: "NEGOTIATION",
    });
    expect(leadTableHref("", "CONTACT")).toBe("/leads?view=table&stage=CONTACT");
    expect(leadTableHref("?view=kanban&stage=SIGNED", "CONTACT")).toBe("/leads?view=table&stage=CONTACT");
  });
});
