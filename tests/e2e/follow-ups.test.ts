// Follow-ups in Chromium (issue 22 item 3): the bureau's 跟进督办 page, its drill-down to the lead table of overdue
// follow-ups, 沉睡 on the kanban, and the bureau's week list; at desktop and phone width. With SHOTS_DIR set the
// pages are also saved as screenshots (for a person to look at; nothing compares them).
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";
import type { Page } from "@playwright/test";

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test("the bureau sees overdue follow-ups per owner and county and drills down to the leads", async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, "bureau");
  await page.goto("/leads/follow-ups");
  await expect(page.getByRole("heading", { name: "跟进督办", level: 1 })).toBeVisible();
  const byOwner = page.getByRole("table", { name: "各负责人逾期跟进和沉睡线索" });
  const byCounty = page.getByRole("table", { name: "各县区逾期跟进和沉睡线索" });
  await expect(byOwner).toBeVisible();
  await expect(byCounty).toBeVisible();
  await noSeriousA11yIssues(page);
  await shot(page, "follow-ups-desktop");

  // a 沉睡 count drills down to the table of exactly that many leads, each flagged 沉睡
  const link = byCounty.getByRole("link", { name: /的沉睡线索 \d+ 条$/ }).first();
  const n = Number((await link.textContent())!.trim());
  await link.click();
  await expect(page).toHaveURL(/follow=dormant/);
  await expect(page.getByText(`共 ${n} 条线索`)).toBeVisible();
  await expect(page.getByRole("table", { name: "招商线索" }).getByText("沉睡")).toHaveCount(Math.min(n, 20));
  await shot(page, "leads-dormant-table");

  // the kanban flags sleeping cards
  await page.goto("/leads");
  await expect(page.getByText("沉睡", { exact: true }).first()).toBeVisible();
  await shot(page, "leads-kanban-dormant");

  await page.goto("/my-work");
  await expect(page.getByRole("heading", { name: "招商线索跟进" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "本组服务的项目" })).toHaveCount(0);
  await shot(page, "my-work-bureau");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/leads/follow-ups");
  await expect(byOwner).toBeVisible();
  await noSeriousA11yIssues(page);
  await shot(page, "follow-ups-phone");
});
