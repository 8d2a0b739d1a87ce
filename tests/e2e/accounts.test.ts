// Accounts in Chromium (issue 14 "Done when"): the 系统管理员 creates team01.li, who signs in with the one-time
// password, must change it, then works as team01 until deactivated; five wrong passwords lock team02, the audit
// log shows it and the 安全管理员 unlocks; the auditor reads the log and writes nothing.
import type { Browser, Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { DEMO_PASSWORD, expect, loginAs, test } from "./fixtures";

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("sysadmin creates team01.li; the one-time password must be changed; team01's work; deactivation ends the session", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, "sysadmin");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "新建用户" }).click();
  await page.getByLabel("用户名").fill("team01.li");
  await page.getByLabel("姓名").fill("李晓明");
  await page.getByLabel("角色").selectOption({ label: "专业化服务小组" });
  const teamSelect = page.getByLabel("所属服务小组");
  const team1 = await teamSelect.locator("option", { hasText: "第1专业化服务小组（" }).getAttribute("value");
  await teamSelect.selectOption(team1!);
  await page.getByLabel("联系电话").fill("13912345678");
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByRole("heading", { name: "已创建用户 team01.li" })).toBeVisible();
  const otp = (await page.getByTestId("one-time-password").textContent())!.trim();
  expect(otp).toHaveLength(12);

  const li = await newPage(browser);
  await signIn(li, "team01.li", otp);
  await expect(li).toHaveURL(/\/account\/password$/);
  await expect(li.getByRole("alert")).toContainText("一次性密码");
  await li.goto("/projects"); // nothing else until the password is changed
  await expect(li).toHaveURL(/\/account\/password$/);
  await li.getByLabel("当前密码").fill(otp);
  await li.getByLabel("新密码", { exact: true }).fill("Jinzhong#2017li");
  await li.getByLabel("确认新密码").fill("Jinzhong#2017li");
  await li.getByRole("button", { name: "修改密码" }).click();
  await expect(li.getByRole("heading", { name: "我的工作台" })).toBeVisible();
  await expect(li.locator(".user-role")).toContainText("第1专业化服务小组");

  // the same register as team01's
  const team01 = await newPage(browser);
  await loginAs(team01, "team01");
  await team01.goto("/projects");
  await li.goto("/projects");
  await expect(li.locator(".pager-info")).toHaveText((await team01.locator(".pager-info").textContent())!);

  // deactivation ends team01.li's open session at once
  await page.getByRole("link", { name: "查看该用户" }).click();
  await page.getByRole("button", { name: "停用" }).click();
  await expect(page.getByText("已停用该账号")).toBeVisible();
  await li.goto("/projects");
  await expect(li).toHaveURL(/\/login/);
  await signIn(li, "team01.li", "Jinzhong#2017li");
  await expect(li.getByRole("alert")).toHaveText("用户名或密码错误");
});

test("five wrong passwords lock team02 with the same message; the auditor sees it; the 安全管理员 unlocks", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  for (let i = 0; i < 5; i++) {
    await signIn(page, "team02", `Wrong#pass${i}`);
    await expect(page.getByRole("alert")).toHaveText("用户名或密码错误");
  }
  await signIn(page, "team02", DEMO_PASSWORD);
  await expect(page.getByRole("alert")).toHaveText("用户名或密码错误");
  await expect(page).toHaveURL(/\/login/);

  const auditor = await newPage(browser);
  await loginAs(auditor, "auditor");
  await auditor.goto("/");
  await expect(auditor).toHaveURL(/\/admin\/audit$/);
  await auditor.getByLabel("操作人").fill("team02");
  await auditor.getByLabel("结果").selectOption({ label: "失败" });
  await auditor.getByRole("button", { name: "筛选" }).click();
  await expect(auditor.getByRole("cell", { name: "账号锁定" })).toBeVisible();
  // five wrong passwords and the refused right one (a retried attempt may add its own)
  expect(await auditor.getByRole("cell", { name: "登录失败" }).count()).toBeGreaterThanOrEqual(6);
  // nothing on the auditor's pages writes
  await expect(auditor.getByRole("button", { name: /新建|停用|重置|解锁|保存|删除/ })).toHaveCount(0);

  const secadmin = await newPage(browser);
  await loginAs(secadmin, "secadmin");
  await secadmin.goto("/notifications");
  await expect(secadmin.getByText(/账号 team02 因连续 5 次登录失败已锁定/)).toBeVisible();
  await secadmin.goto("/admin/users?locked=yes");
  await secadmin.getByRole("link", { name: "team02" }).click();
  await secadmin.getByRole("button", { name: "解锁" }).click();
  await expect(secadmin.getByText("已解锁该账号")).toBeVisible();
  await signIn(page, "team02", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/my-work$/);
});

test("auditor only on /admin/audit; sysadmin gets 403 there; bureau gets 403 on /admin/*", async ({
  page,
  browser,
}) => {
  await loginAs(page, "sysadmin");
  expect((await page.goto("/admin/audit"))!.status()).toBe(403);
  const bureau = await newPage(browser);
  await loginAs(bureau, "bureau");
  for (const p of ["/admin/users", "/admin/users/new", "/admin/audit", "/admin/sla", "/admin/backups"]) {
    expect((await bureau.goto(p))!.status(), p).toBe(403);
  }
  const auditor = await newPage(browser);
  await loginAs(auditor, "auditor");
  expect((await auditor.goto("/admin/audit"))!.status()).toBe(200);
  await expect(auditor.getByRole("heading", { name: "审计日志" })).toBeVisible();
  for (const p of ["/projects", "/admin/users"]) expect((await auditor.goto(p))!.status(), p).toBe(403);
});

test("sysadmin creates a 责任单位 user; secadmin's 授权审查 shows the grant; the auditor exports the log as Excel", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, "sysadmin");
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill("dept.zhujian.e2e");
  await page.getByLabel("姓名").fill("赵住建");
  await page.getByLabel("角色").selectOption({ label: "责任单位" });
  await page.getByRole("button", { name: "创建用户" }).click();
  // the role needs its unit
  await expect(page.getByText("请选择责任单位")).toBeVisible();
  await page.getByLabel("所属责任单位").selectOption({ label: "市住房和城乡建设局" });
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByRole("heading", { name: "已创建用户 dept.zhujian.e2e" })).toBeVisible();

  const secadmin = await newPage(browser);
  await loginAs(secadmin, "secadmin");
  await secadmin.goto("/");
  await secadmin.getByRole("link", { name: "授权审查" }).click();
  await expect(secadmin.getByRole("heading", { name: "授权审查" })).toBeVisible();
  const row = secadmin.getByRole("row", { name: /dept\.zhujian\.e2e/ });
  await expect(row).toContainText("授予 责任单位（市住房和城乡建设局）");
  await expect(secadmin.getByRole("button", { name: /新建|停用|重置|保存|删除/ })).toHaveCount(0);

  const auditor = await newPage(browser);
  await loginAs(auditor, "auditor");
  await auditor.goto("/admin/audit?action=USER_CREATE");
  const download = auditor.waitForEvent("download");
  await auditor.getByRole("link", { name: "导出 Excel" }).click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  const sheet = wb.getWorksheet("审计日志")!;
  expect(sheet.getRow(1).values).toEqual([
    undefined,
    "时间（北京时间）",
    "操作人",
    "角色",
    "操作",
    "对象",
    "结果",
    "详情",
  ]);
  const rows = sheet.getSheetValues().slice(2) as unknown[][];
  expect(rows.length).toBeGreaterThanOrEqual(1);
  expect(rows.every((r) => r[4] === "新建用户")).toBe(true);
  expect(rows.some((r) => String(r[2]).includes("sysadmin") && String(r[7]).includes("责任单位"))).toBe(true);
});
