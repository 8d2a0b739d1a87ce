// 重点专项 in Chromium (issue 18 §1, decision 200): the bureau opens 山西农谷 from /programmes, reads its targets (27 个
// 项目, 196亿 总投资, 41亿 年度投资) against the members' actuals, and drills into the member list — the register
// filtered by the programme, with as many projects as the page says — and the dashboard narrowed to it. Then the same page at phone size (390×844).
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("山西农谷: targets against actuals, and the member list", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await loginAs(page, "bureau");
  await page.goto("/programmes");
  await expect(page.getByRole("heading", { level: 1, name: "重点专项" })).toBeVisible();
  await page.getByRole("link", { name: "山西农谷", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "山西农谷" })).toBeVisible();
  await hydrated(page);
  const targets = page.getByRole("table", { name: "山西农谷目标完成情况" });
  await expect(targets.getByRole("row", { name: /项目个数/ })).toContainText("27 个");
  await expect(targets.getByRole("row", { name: /总投资/ })).toContainText("196.00亿元");
  await expect(targets.getByRole("row", { name: /年度投资/ })).toContainText("41.00亿元");
  const members = page.getByRole("link", { name: /成员项目清单（\d+ 个）/ });
  const n = Number(/（(\d+) 个）/.exec((await members.textContent()) ?? "")![1]);
  expect(n).toBeGreaterThan(10);
  await expect(targets.getByRole("link", { name: `项目个数实际 ${n} 个，查看项目` })).toBeVisible();
  await expect(page.getByRole("table", { name: "山西农谷成员项目推进漏斗" })).toBeVisible();
  await noSeriousA11yIssues(page);
  const id = /\/programmes\/(\d+)/.exec(page.url())![1];
  await members.click();
  await expect(page.getByRole("heading", { level: 1, name: "项目库" })).toBeVisible();
  await expect(page.getByText(`共 ${n} 个项目`)).toBeVisible();
  await expect(page.getByRole("link", { name: "农谷现代农业产业园项目" })).toBeVisible();

  // the dashboard narrowed to the programme's members
  await page.goto(`/?programme=${id}`);
  await expect(page.getByText("正在查看重点专项「山西农谷」的成员项目")).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel("重点专项")).toHaveValue(id);

  const phone = await (
    await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" })
  ).newPage();
  phone.on("pageerror", (e) => errors.push(e.message));
  await loginAs(phone, "bureau");
  await phone.goto("/programmes");
  await phone.getByRole("link", { name: "山西农谷", exact: true }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "山西农谷" })).toBeVisible();
  await hydrated(phone);
  await expect(phone.getByRole("table", { name: "山西农谷目标完成情况" })).toContainText("196.00亿元");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await noSeriousA11yIssues(phone);
  await phone.screenshot({ path: "test-results/programme-390.png", fullPage: true });
  await phone.getByRole("link", { name: /成员项目清单/ }).click();
  await expect(phone.getByText(`共 ${n} 个项目`)).toBeVisible();
  expect(errors).toEqual([]);
});
