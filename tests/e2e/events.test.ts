// 推介活动 in Chromium (issue 22 item 4): the bureau registers a 推介会, adds three attending 客商 (two registered on the
// spot, one picked from the 客商库's search — decision 195), registers two leads from the event's page; the event
// shows its yield and the count drills down to exactly those leads. Then the 线索分析 page at phone size (390×844), grouped by 推介活动, with a number that drills down to the lead table.
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("a 推介会 with three investors and two leads shows its yield", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const name = `晋中（广州）招商推介会${Date.now() % 100000}`;
  await loginAs(page, "bureau");
  await page.goto("/events");
  await page.getByRole("link", { name: "登记推介活动" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "登记推介活动" })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("活动名称").fill(name);
  await page.getByLabel("活动类型").selectOption({ label: "推介会" });
  await page.getByLabel("举办日期").fill("2017-11-08");
  await page.getByLabel("举办城市").fill("广州");
  await page.getByLabel("举办地点").fill("广州白云国际会议中心");
  await page.getByLabel("预算（万元）").fill("45");
  await page.getByRole("button", { name: "保存活动" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // two companies new to the 客商库 are registered on the spot; the third is picked from the 客商库's search
  for (const company of ["广州天河智造投资有限公司", "佛山顺德家电集团有限公司"]) {
    await hydrated(page);
    await page.getByRole("combobox", { name: /参会客商/ }).fill(company);
    await page.getByLabel("登记为新客商（客商库中没有）").check();
    await page.getByLabel("来源地").selectOption({ label: "珠三角" });
    await page.getByLabel("参会人员").fill("董事长");
    await page.getByRole("button", { name: "添加参会客商" }).click();
    await expect(page.getByRole("rowheader", { name: company })).toBeVisible();
  }
  await hydrated(page);
  await page.getByRole("combobox", { name: /参会客商/ }).fill("浦江产业");
  await page.getByRole("option", { name: /上海浦江产业投资有限公司/ }).click();
  await expect(page.getByText("已选定客商")).toBeVisible();
  await page.getByRole("button", { name: "添加参会客商" }).click();
  await expect(page.getByRole("rowheader", { name: "上海浦江产业投资有限公司" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "参会客商（3）" })).toBeVisible();

  for (const [lead, company] of [
    ["天河智造装备基地项目", "广州天河智造投资有限公司"],
    ["顺德家电配套产业园项目", "佛山顺德家电集团有限公司"],
  ]) {
    await page.getByRole("link", { name: "登记来自本活动的线索" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "登记线索" })).toBeVisible();
    await hydrated(page);
    await expect(page.getByLabel("来源推介活动")).toHaveValue(/\d+/);
    await page.getByLabel("线索（项目）名称").fill(lead);
    await page.getByLabel("投资企业").fill(company);
    await page.getByLabel("来源地").selectOption({ label: "珠三角" });
    await page.getByLabel("招商方式").selectOption({ index: 1 });
    await page.getByLabel("产业").selectOption({ index: 1 });
    await page.getByLabel("落户县区").selectOption({ label: "榆次区" });
    await page.getByLabel("预计投资额（万元）").fill("20000");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page.getByRole("heading", { level: 1, name: lead })).toBeVisible();
    // the lead's timeline shows the event it came out of
    const timeline = page.getByRole("list", { name: "跟进时间线（最新在前）" });
    await expect(timeline.getByText("本线索来自该活动")).toBeVisible();
    await timeline.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
  const section = page.locator("section", { has: page.getByRole("heading", { name: "活动成效" }) });
  await expect(section).toContainText("3 家");
  await expect(section).toContainText("4.00亿元");
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: "test-results/event-desktop.png", fullPage: true });
  await section.getByRole("link", { name: "带来线索 2 条" }).click();
  await expect(page.getByText("共 2 条线索")).toBeVisible();
  await expect(page.getByRole("link", { name: "天河智造装备基地项目" })).toBeVisible();
  await expect(page.getByRole("link", { name: "顺德家电配套产业园项目" })).toBeVisible();

  // 线索分析 on a phone, by 推介活动: the event's row counts its two leads and links to them
  const phone = await (
    await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" })
  ).newPage();
  await loginAs(phone, "bureau");
  await phone.goto("/leads/analytics");
  await expect(phone.getByRole("heading", { level: 1, name: "线索分析" })).toBeVisible();
  await hydrated(phone);
  await phone.getByRole("combobox", { name: "分组" }).selectOption({ label: "按推介活动" });
  await phone.getByRole("button", { name: "查询" }).click();
  await expect(phone.getByRole("columnheader", { name: "推介活动" }).first()).toBeAttached();
  await expect(phone.getByRole("heading", { name: "阶段停留时间（天）" })).toBeVisible();
  // rows are cards on a phone: nothing scrolls sideways, inside a frame or the page
  expect(
    await phone.evaluate(() =>
      [document.documentElement, ...document.querySelectorAll(".table-wrap")].some(
        (el) => el.scrollWidth > el.clientWidth + 1,
      ),
    ),
  ).toBe(false);
  await noSeriousA11yIssues(phone);
  await phone.screenshot({ path: "test-results/lead-analytics-390.png", fullPage: true });
  await phone.getByRole("link", { name: `${name}到达接触的线索 2 条` }).click();
  await expect(phone.getByText("共 2 条线索")).toBeVisible();
});
