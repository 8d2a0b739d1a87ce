// 数据备份 as the administrator uses it: reached from the navigation, a backup started with the button ends as
// 成功 with its size, and the page is accessible. The e2e server runs the jobs like production, so the nightly
// backup may already be listed; the manual one is told apart by its type.
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("the administrator starts a backup and sees it succeed", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto("/");
  await page.getByRole("link", { name: "数据备份" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "数据备份" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "自动备份与保留" })).toBeVisible();
  await noSeriousA11yIssues(page);

  await page.getByRole("button", { name: "立即备份" }).click();
  await expect(page.getByText("备份已开始")).toBeVisible();
  const history = page.getByRole("region", { name: "备份记录（可横向滚动）" });
  const manual = history.getByRole("row").filter({ hasText: "管理员手动备份" }).first();
  await expect(manual.getByText("成功")).toBeVisible({ timeout: 30_000 });
  await expect(manual).toContainText(/\d+(\.\d)? (KB|MB)/);
  await expect(page.getByRole("region", { name: "保留的备份（可横向滚动）" }).getByRole("row")).not.toHaveCount(1);
});

test("the bureau has no backup page", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/");
  await expect(page.getByRole("link", { name: "数据备份" })).toHaveCount(0);
  const res = await page.goto("/admin/backups");
  expect(res?.status()).toBe(403);
});
