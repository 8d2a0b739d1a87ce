// 通知设置 in Chromium (issue 16 §3, docs/decisions/165): a team user opens the page from the header's user box at
// phone size (390×844), changes which channels carry three events by their Chinese labels and saves; at desktop size
// the choices are there, and 恢复默认设置 brings the role's defaults back. The bell (站内) cannot be turned off. The
// administrator's unit robot points at the discard port: nothing leaves the machine.
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("a team user chooses channels per event at 390×844 and on the desktop", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await phoneContext.newPage();
  await loginAs(phone, "team03");
  await phone.goto("/");
  await phone.getByRole("link", { name: "通知设置" }).click();
  await expect(phone.getByRole("heading", { name: "通知设置", level: 1 })).toBeVisible();
  // the page fits the phone: only the table scrolls sideways, inside its own region
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // the defaults of a team member: 诉求逾期 by SMS, 里程碑临近 by mail and 钉钉, the weekly list not by SMS
  const overdueSms = phone.getByLabel("诉求逾期 短信");
  const milestoneMail = phone.getByLabel("里程碑临近 邮件");
  const digestSms = phone.getByLabel("一周一清单 短信");
  await expect(overdueSms).toBeChecked();
  await expect(milestoneMail).toBeChecked();
  await expect(phone.getByLabel("里程碑临近 钉钉")).toBeChecked();
  await expect(digestSms).not.toBeChecked();
  const bell = phone.getByLabel("诉求逾期 站内（始终保留）");
  await expect(bell).toBeChecked();
  await expect(bell).toBeDisabled();

  await overdueSms.uncheck();
  await milestoneMail.uncheck();
  await digestSms.check();
  await phone.getByRole("button", { name: "保存通知设置" }).click();
  await expect(phone.getByText("通知设置已保存（3 项变更）")).toBeVisible();
  await phone.reload();
  await expect(phone.getByLabel("诉求逾期 短信")).not.toBeChecked();
  await expect(phone.getByLabel("里程碑临近 邮件")).not.toBeChecked();
  await expect(phone.getByLabel("一周一清单 短信")).toBeChecked();
  await noSeriousA11yIssues(phone);
  await phone.screenshot({ path: "test-results/notification-settings-390.png", fullPage: true });
  await phoneContext.close();

  // the desktop: the same choices; back to the defaults
  await loginAs(page, "team03");
  await page.goto("/account");
  await page.getByRole("link", { name: "通知设置" }).last().click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByLabel("诉求逾期 短信")).not.toBeChecked();
  await expect(page.getByLabel("一周一清单 短信")).toBeChecked();
  await page.getByLabel("诉求新留言 企业微信").uncheck();
  await page.getByRole("button", { name: "保存通知设置" }).click();
  await expect(page.getByText("通知设置已保存（1 项变更）")).toBeVisible();
  await expect(page.getByLabel("诉求新留言 企业微信")).not.toBeChecked();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: "test-results/notification-settings-desktop.png", fullPage: true });
  await page.getByRole("button", { name: "恢复默认设置" }).click();
  await expect(page.getByText("已恢复默认通知设置")).toBeVisible();
  await expect(page.getByLabel("诉求逾期 短信")).toBeChecked();
  await expect(page.getByLabel("一周一清单 短信")).not.toBeChecked();
  await expect(page.getByLabel("诉求新留言 企业微信")).toBeChecked();
});

test("the administrator gives a team its own 钉钉 robot; the secret is never shown back", async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, "sysadmin");
  await page.goto("/admin/notifications");
  const unit = page.getByLabel("单位", { exact: true });
  const team3 = await unit.locator("option", { hasText: "第3专业化服务小组（" }).getAttribute("value");
  await unit.selectOption(team3!);
  await page.getByLabel("通道", { exact: true }).selectOption({ label: "钉钉群机器人" });
  await page.getByLabel("Webhook 地址").fill("http://127.0.0.1:9/robot/send?access_token=e2e0123456789abcdef");
  await page.getByLabel("加签密钥（钉钉）").fill("SECe2e-secret-0123456789");
  await page.getByRole("button", { name: "保存单位机器人" }).click();
  await expect(page.getByText("单位群机器人已保存")).toBeVisible();
  const row = page.getByRole("row", { name: /第3专业化服务小组/ });
  await expect(row).toContainText("access_token=e2e••••••cdef");
  await expect(row).toContainText("SEC••••••6789");
  await expect(page.locator("body")).not.toContainText("0123456789abcdef");
  await expect(
    page.getByRole("button", { name: /^向第3专业化服务小组（.*）的钉钉群机器人发送测试消息$/ }),
  ).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.getByRole("button", { name: /^删除第3专业化服务小组（.*）的钉钉群机器人$/ }).click();
  await expect(page.getByText("单位群机器人已删除，该单位改用全市默认机器人")).toBeVisible();
});
