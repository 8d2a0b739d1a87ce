// Issue 22's done-when, from the start (decision 175): the bureau registers a 客商 with two contacts through the UI,
// registers a lead for it from the investor's page, logs a 来晋考察 with an attachment and a next step, moves the
// lead, and reads all of it on the lead's timeline in order; the next step is in the owner's week list on its date
// (application clock: the demo week of 2017-11-20); the investor's page shows the touch and its search finds the
// investor by a contact's phone.
import type { Page } from "@playwright/test";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test("the bureau registers an investor with two contacts, a lead for it, a 来晋考察 and a move — all on the timeline", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const suffix = String(Date.now()).slice(-6);
  const investor = `苏州工业园智能装备有限公司${suffix}`;
  const leadName = `智能装备晋中基地${suffix}`;
  await page.setViewportSize({ width: 1366, height: 900 });
  await loginAs(page, "bureau");

  // 1. the investor
  await page.goto("/investors");
  await page.getByRole("link", { name: "登记客商" }).click();
  await expect(page.getByRole("heading", { name: "登记客商", level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("请填写客商名称")).toBeVisible(); // checked in the browser, next to the field
  await page.getByLabel("客商名称").fill(investor);
  await page.getByLabel("来源地").selectOption({ label: "长三角" });
  await page.getByLabel("产业").selectOption({ index: 1 });
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { name: investor, level: 1 })).toBeVisible();
  await expect(page.locator(".toast")).toContainText("客商已登记");

  // 2. two contacts
  await page.getByRole("link", { name: "管理联系人" }).click();
  await hydrated(page);
  const contacts = [
    { name: "周明", title: "投资总监", phone: "138-1234-5601", wechat: "zhouming_sz", email: "zm@example.com" },
    { name: "钱芳", title: "董事长助理", phone: "0512 6688 5602", wechat: "qianfang88", email: "qf@example.com" },
  ];
  for (const c of contacts) {
    await page.getByLabel("姓名").fill(c.name);
    await page.getByLabel("职务").fill(c.title);
    await page.getByLabel("电话").fill(c.phone);
    await page.getByLabel("微信号").fill(c.wechat);
    await page.getByLabel("电子邮箱").fill(c.email);
    await page.getByRole("button", { name: "添加联系人" }).click();
    await expect(page.locator(".toast")).toContainText("联系人已添加");
    await expect(
      page.getByRole("table", { name: "联系人" }).getByRole("cell", { name: c.name, exact: true }),
    ).toBeVisible();
    await expect(page.getByLabel("姓名")).toHaveValue(""); // the form is empty again for the next contact
  }
  await page.getByRole("link", { name: "返回客商页" }).click();
  const contactTable = page.getByRole("table", { name: "联系人" });
  await expect(contactTable.getByRole("row")).toHaveCount(3);
  await expect(contactTable).toContainText("138-1234-5601");
  await expect(contactTable).toContainText("qianfang88");

  // 3. a lead for it, from the investor's page: the investor, its name and region are filled in
  await page.getByRole("link", { name: "为该客商登记线索" }).click();
  await expect(page.getByRole("heading", { name: "登记线索", level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel("客商")).toHaveValue(/\d+/);
  await expect(page.getByLabel("投资企业")).toHaveValue(investor);
  await page.getByLabel("线索（项目）名称").fill(leadName);
  await page.getByLabel("招商方式").selectOption({ label: "精准招商" });
  await page.getByLabel("落户县区").selectOption({ label: "榆次区" });
  await page.getByLabel("预计投资额（万元）").fill("50000");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { name: leadName, level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: investor })).toBeVisible();

  // 4. a 来晋考察 with a file and a next step
  await page.getByRole("link", { name: "记录跟进" }).click();
  await expect(page.getByRole("heading", { name: "记录跟进" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("跟进方式").selectOption({ label: "来晋考察" });
  await page.getByLabel("对方人员").fill("周明（投资总监）、钱芳（董事长助理）");
  await page.getByLabel("跟进内容").fill("来晋考察榆次工业园拟选地块，商谈用地和厂房代建。");
  await page.getByLabel("下一步").fill("寄送投资意向书");
  await page.getByLabel("下次跟进日期").fill("2017-11-24");
  await page.getByLabel("附件").setInputFiles({
    name: "考察报告.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% 考察报告\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "保存跟进记录" }).click();
  await expect(page.locator(".toast")).toContainText("已记录来晋考察");

  // 5. the move, then the whole story on the lead's timeline, newest first
  await page.getByLabel("移至阶段").selectOption("INSPECTION");
  await page.getByRole("button", { name: "更新阶段" }).click();
  await expect(page.locator(".toast")).toContainText("已移至考察");
  const items = page.getByRole("list", { name: "跟进时间线（最新在前）" }).locator(":scope > li");
  await expect(items.nth(0)).toHaveClass(/timeline-change/);
  await expect(items.nth(0)).toContainText("考察");
  await expect(items.nth(1)).toContainText("来晋考察");
  await expect(items.nth(1)).toContainText("下一步：寄送投资意向书（2017年11月24日）");
  await expect(items.nth(1).getByRole("link", { name: "考察报告.pdf" })).toBeVisible();
  await expect(items.last()).toHaveClass(/timeline-change/);
  await expect(items.last()).toContainText("新建");
  await expect(items).toHaveCount(3);
  await noSeriousA11yIssues(page);
  await shot(page, "investor-lead-timeline");

  // 6. the follow-up is in the owner's (the signed-in official's) week list, under its date
  await page.goto("/my-work");
  const week = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: leadName }) });
  await expect(week).toContainText("2017年11月24日");
  await expect(week).toContainText("4 天后到期");

  // 7. the investor: found by a contact's phone typed with other separators; its timeline shows the touch
  await page.goto("/investors");
  await page.getByLabel("搜索客商").fill("0512-66885602");
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByRole("table", { name: "客商库" }).getByRole("link", { name: investor }).click();
  await expect(page.getByRole("heading", { name: investor, level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "招商线索" }).getByRole("link", { name: leadName })).toBeVisible();
  const invTimeline = page.getByRole("list", { name: "客商跟进时间线（最新在前）" });
  await expect(invTimeline.locator(":scope > li").first()).toContainText("来晋考察");
  await expect(invTimeline.getByRole("link", { name: leadName })).toBeVisible();
  await noSeriousA11yIssues(page);
  await shot(page, "investor-page");
});
