// 用地 on a phone (issue 18 §4, decisions 220–221): 榆次区 records 弹性出让 30 年 land for one of its projects with a
// two-instalment 出让金 schedule at 390×844; the second instalment, past due and unpaid, shows as 逾期未缴 on the
// project's 用地 page and on the county's 一周一清单; /land shows the county only its own row; nothing scrolls sideways.
import { expect, hydrated, loginAs, test } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 } });

test("a land record with two instalments; the overdue one is on the week list", async ({ page }) => {
  await loginAs(page, "county.yuci");
  await page.goto("/my-work");
  const hrefs = await page
    .locator('section[aria-labelledby="p-title"] a')
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "").filter((h) => /^\/projects\/\d+$/.test(h)));
  const href = hrefs.at(-1)!;
  await page.goto(`${href}/land`);
  await expect(page.getByRole("heading", { level: 1, name: "用地" })).toBeVisible();
  await hydrated(page);
  const project = (await page.locator(".page-head .muted").textContent())!.split(" · ")[1].trim();

  await page.getByLabel("供地方式").selectOption({ label: "弹性出让" });
  await page.getByLabel("年限（年）").fill("30");
  await page.getByLabel("土地坐落").fill("榆次区E2E弹性出让地块");
  await page.getByLabel("供地面积（亩）").fill("20.5");
  await page.getByLabel("出让金（万元）").fill("400");
  await page.getByLabel("供地日期").fill("2017-06-01");
  await page.getByLabel("第1期应缴日期").fill("2017-07-01");
  await page.getByLabel("第1期应缴金额（万元）").fill("200");
  await page.getByLabel("第1期缴纳日期").fill("2017-06-28");
  await page.getByLabel("第1期实缴金额（万元）").fill("200");
  await page.getByLabel("第2期应缴日期").fill("2017-11-10");
  // first a schedule that does not add up: refused next to the schedule
  await page.getByLabel("第2期应缴金额（万元）").fill("150");
  await page.getByRole("button", { name: "登记供地" }).click();
  await expect(page.getByText("各期应缴金额合计 350万元，须等于出让金 400万元")).toBeVisible();
  await page.getByLabel("第2期应缴金额（万元）").fill("200");
  await page.getByRole("button", { name: "登记供地" }).click();

  const card = page.locator("section.card", { has: page.getByRole("heading", { name: /榆次区E2E弹性出让地块/ }) });
  await expect(card).toBeVisible();
  await expect(card.getByText("弹性出让（30 年）")).toBeVisible();
  await expect(card.getByText("逾期未缴，未缴 200万元")).toBeVisible();
  await expect(card.getByText("已缴清")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.goto("/my-work");
  const item = page.getByRole("listitem").filter({ hasText: `${project} · 第 2 期出让金` });
  await expect(item).toBeVisible();
  await expect(item.getByText(/逾期 \d+ 天/)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await item.getByRole("link", { name: /用地/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "用地" })).toBeVisible();

  // the county's 用地指标 page: its own county only, nothing scrolls sideways
  await page.goto("/land");
  await expect(page.getByRole("heading", { level: 1, name: "用地指标" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "榆次区" })).toBeVisible();
  await expect(page.getByRole("rowheader")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
