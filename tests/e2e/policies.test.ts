// 优惠政策 in Chromium (issue 15 §5): the bureau adds a city policy at /policies/new, county.yuci applies it to one of
// its projects with the promised terms on the project's 优惠政策 tab; the pages at desktop size and 390×844.
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("the bureau adds a policy; county.yuci applies it to a project with the promised terms", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const title = `市级用电补贴政策${Date.now() % 100000}`;
  await loginAs(page, "bureau");
  await page.goto("/policies");
  await page.getByRole("link", { name: "新增政策" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "新增优惠政策" })).toBeVisible();
  await page.getByLabel("适用县区").selectOption({ label: "市级（全市适用）" });
  await page.getByLabel("类别").selectOption("电价");
  await page.getByLabel("政策名称").fill(title);
  await page.getByLabel("政策内容").fill("新落户工业企业用电价格每千瓦时补贴 0.05 元，期限三年。");
  await page.getByRole("button", { name: "保存政策" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: "test-results/policy-desktop.png", fullPage: true });

  const county = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await loginAs(county, "county.yuci");
  await county.goto("/projects");
  const first = county.locator("table a[href^='/projects/']").first();
  const href = await first.getAttribute("href");
  await county.goto(`${href}/incentives`);
  await hydrated(county);
  const add = county.locator("section", { has: county.getByRole("heading", { name: "添加优惠政策" }) });
  await add.getByLabel("适用政策").selectOption({ label: `【电价】${title}` });
  await add.getByLabel("类别").selectOption("电价");
  await add.getByLabel("承诺条件").fill("2017—2019 年用电每千瓦时补贴 0.05 元");
  await add.getByLabel("金额（万元）").fill("120");
  await add.getByRole("button", { name: "添加" }).click();
  await expect(county.getByRole("cell", { name: "2017—2019 年用电每千瓦时补贴 0.05 元" })).toBeVisible();
  await county.screenshot({ path: "test-results/project-incentives-390.png", fullPage: true });
  await county.goto("/policies");
  await expect(county.getByRole("link", { name: title })).toBeVisible();
  await county.screenshot({ path: "test-results/policies-390.png", fullPage: true });
});
