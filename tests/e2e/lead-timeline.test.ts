// A lead's timeline in Chromium (issue 22 item 2): on a phone (390×844) the bureau logs a 来晋考察 from the lead
// page on one screen — with a 考察报告 file and a next step — then moves the lead, and reads all of it on the
// lead's timeline, newest first; the next step is the lead's 下次跟进 and shows in the owner's week list (我的工作台).
import type { Page } from "@playwright/test";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test("the bureau logs a 来晋考察 with a file and a next step from a phone, moves the lead, and reads the timeline", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "bureau");
  // a lead the signed-in bureau official owns, through 跟进督办's drill-down (李国庆's 沉睡 leads)
  await page.goto("/leads/follow-ups");
  const mine = page
    .getByRole("table", { name: "各负责人逾期跟进和沉睡线索" })
    .getByRole("link", { name: /^李国庆的沉睡线索/ });
  await page.goto(`${await mine.getAttribute("href")}&stage=CONTACT`);
  const first = page.getByRole("table", { name: "招商线索" }).getByRole("row").nth(1).getByRole("link").first();
  const name = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "记录跟进" }).click();

  await expect(page.getByRole("heading", { name: "记录跟进" })).toBeVisible();
  await hydrated(page);
  // the whole form, its save button included, fits on one phone screen
  const save = page.getByRole("button", { name: "保存跟进记录" });
  await shot(page, "touch-form-phone");
  const first844 = (await save.boundingBox())!;
  expect(first844.y + first844.height).toBeLessThanOrEqual(844); // in view on arrival, no scrolling
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByLabel("跟进方式").selectOption({ label: "来晋考察" });
  await page.getByLabel("对方人员").fill("王总（董事长）、刘工（总工程师）");
  await page.getByLabel("跟进内容").fill("来晋考察拟选地块，询问用电价格和土地出让分期缴纳方式。");
  await page.getByLabel("下一步").fill("寄送投资意向书");
  await page.getByLabel("下次跟进日期").fill("2017-11-24");
  await page.getByLabel("附件").setInputFiles({
    name: "考察报告.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% 考察报告\n%%EOF\n"),
  });
  await expect(save).toBeInViewport(); // still in view once filled in (it sticks to the bottom)
  await save.click();

  await expect(page.locator(".toast")).toContainText("已记录来晋考察");
  const timeline = page.getByRole("list", { name: "跟进时间线（最新在前）" });
  await expect(timeline.getByText("来晋考察拟选地块")).toBeVisible();
  await expect(timeline.getByRole("link", { name: "考察报告.pdf" })).toBeVisible();
  await expect(page.getByText("2017年11月24日").first()).toBeVisible();

  await page.getByLabel("移至阶段").selectOption("INSPECTION");
  await page.getByRole("button", { name: "更新阶段" }).click();
  await expect(page.locator(".toast")).toContainText("已移至考察");
  const items = timeline.locator(":scope > li");
  await expect(items.nth(0)).toContainText("考察");
  await expect(items.nth(0)).toHaveClass(/timeline-change/);
  await expect(items.nth(1)).toContainText("来晋考察");
  await expect(items.nth(1)).toContainText("下一步：寄送投资意向书");
  await noSeriousA11yIssues(page);
  await shot(page, "lead-timeline-phone");
  await page.setViewportSize({ width: 1366, height: 900 });
  await shot(page, "lead-timeline-desktop");

  // the next step is in the owner's week list (the demo week of 2017-11-20 … 26), under its date
  await page.goto("/my-work");
  const week = page.getByRole("listitem").filter({ has: page.getByRole("link", { name }) });
  await expect(week).toContainText("2017年11月24日");
  await expect(week).toContainText("4 天后到期");
});
