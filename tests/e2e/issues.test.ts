// Enterprise issues in Chromium: an enterprise submits, its service team accepts and resolves, the enterprise
// confirms with a score — or rejects, which reopens the issue with a new 13710 clock. Another enterprise gets a
// 404 for the issue's URL. Each test creates the issues it uses.
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

async function as(page: Page, context: BrowserContext, username: string) {
  await context.clearCookies();
  await loginAs(page, username);
}

/** Files an issue as the signed-in enterprise through the form; returns the issue page's path. */
async function submitIssue(page: Page, title: string) {
  await page.goto("/issues/new");
  await page.getByLabel("诉求类别").selectOption({ label: "水电气暖" });
  await page.getByLabel("相关项目").selectOption({ label: "吉利新能源汽车（二期）" });
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("问题描述").fill("二期冲压车间投产需新增 8000 千伏安用电负荷，增容申请已提交一个月仍未答复。");
  await page.getByRole("button", { name: "提交诉求" }).click();
  await expect(page).toHaveURL(/\/issues\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname;
}

async function acceptAndResolve(page: Page, path: string, resolution: string) {
  await page.goto(path);
  const accept = page.locator("details", { has: page.locator("summary", { hasText: /^受理$/ }) });
  await expect(accept.getByLabel("办理人")).toHaveValue(/\d+/); // defaults to the signed-in team member
  await accept.getByRole("button", { name: "受理并指派" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已受理" })).toBeVisible();
  await expect(page.locator(".page-head").getByText("已受理", { exact: true })).toBeVisible();
  const resolve = page.locator("details", { has: page.locator("summary", { hasText: /^办结$/ }) });
  await resolve.locator("summary").click();
  await resolve.getByLabel("办理结果").fill(resolution);
  await resolve.getByRole("button", { name: "办结" }).click();
  await expect(page.locator(".page-head").getByText("已解决待确认", { exact: true })).toBeVisible();
}

test("ent.geely submits → team01 accepts and resolves → ent.geely confirms with a score; the full timeline shows", async ({
  page,
  context,
}) => {
  const title = `增容申请未答复 ${Date.now().toString(36)}`;
  await loginAs(page, "ent.geely");
  const path = await submitIssue(page, title);
  await expect(page.locator(".page-head").getByText("已提交", { exact: true })).toBeVisible();
  await expect(page.locator(".page-head .clock")).toContainText("受理");

  // the team sees it in its queue and in the bell
  await as(page, context, "team01");
  await page.goto("/issues");
  await expect(page.getByRole("link", { name: /^服务小组/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("link", { name: /^通知，\d+ 条未读$/ })).toBeVisible();
  await acceptAndResolve(page, path, "已协调供电公司完成增容方案批复，专线下周施工。");

  await as(page, context, "ent.geely");
  await page.goto("/portal");
  await expect(page.getByText(/诉求已办结，等待您确认办理结果/)).toBeVisible();
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "请确认办理结果" })).toBeVisible();
  await page.getByLabel("5 分 · 非常满意").check();
  await page.getByLabel("评价").fill("办理及时，感谢服务小组。");
  await page.getByRole("button", { name: "确认解决" }).click();
  await expect(page.locator(".page-head").getByText("已办结", { exact: true })).toBeVisible();
  await expect(page.getByText("5 分 · 非常满意")).toBeVisible();

  const timeline = page.locator("ol.issue-timeline > li");
  await expect(timeline).toHaveCount(4);
  await expect(timeline.nth(0)).toContainText("提交诉求");
  await expect(timeline.nth(0)).toContainText("（企业）");
  await expect(timeline.nth(1)).toContainText("受理");
  await expect(timeline.nth(1)).toContainText("（专业化服务小组）");
  await expect(timeline.nth(2)).toContainText("办结（待企业确认）");
  await expect(timeline.nth(2)).toContainText("已协调供电公司完成增容方案批复");
  await expect(timeline.nth(3)).toContainText("企业确认解决");
  await expect(timeline.nth(3)).toContainText("满意度：5 分（非常满意）");
  for (let i = 0; i < 4; i++)
    await expect(timeline.nth(i).locator("time")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
});

test("another enterprise opening the issue's URL gets a Chinese 404 without its content", async ({ page, context }) => {
  const title = `外部不可见 ${Date.now().toString(36)}`;
  await loginAs(page, "ent.geely");
  const path = await submitIssue(page, title);
  await as(page, context, "ent.dongfang");
  const res = await page.goto(path);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);
  await page.goto("/issues?view=all");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
});

test("a rejected resolution reopens the issue and restarts the 13710 clock", async ({ page, context }) => {
  const title = `企业不认可 ${Date.now().toString(36)}`;
  await loginAs(page, "ent.geely");
  const path = await submitIssue(page, title);
  await as(page, context, "team01");
  await acceptAndResolve(page, path, "已电话沟通供电公司。");

  await as(page, context, "ent.geely");
  await page.goto(path);
  const reject = page.locator("details", { has: page.locator("summary", { hasText: "不认可，申请重新办理" }) });
  await reject.locator("summary").click();
  await reject.getByRole("button", { name: "不认可，申请重新办理" }).click();
  // the reason is required: the error shows next to the field, nothing is sent
  await expect(reject.getByText("请填写不认可的理由")).toBeVisible();
  await reject.getByLabel("不认可的理由").fill("只是电话沟通，增容方案仍未批复。");
  await reject.getByRole("button", { name: "不认可，申请重新办理" }).click();

  await expect(page.locator(".page-head").getByText("已重新打开", { exact: true })).toBeVisible();
  await expect(page.locator(".page-head .clock")).toContainText("受理");
  await expect(page.locator("ol.issue-timeline > li").last()).toContainText("企业不认可");
  // the 受理/反馈 steps of the new clock are not done yet
  const steps = page.getByRole("table", { name: "13710 各环节期限" });
  await expect(steps.getByRole("row", { name: /^受理/ }).getByRole("cell").nth(1)).toHaveText("—");

  // and it is back in the team's queue, to be accepted again
  await as(page, context, "team01");
  await page.goto(path);
  await expect(page.locator("summary", { hasText: /^受理$/ })).toBeVisible();
});

test("the submit form shows Chinese errors next to its fields before sending", async ({ page }) => {
  await loginAs(page, "ent.geely");
  await page.goto("/issues/new");
  await page.getByRole("button", { name: "提交诉求" }).click();
  await expect(page.getByText("请选择诉求类别")).toBeVisible();
  await expect(page.getByText("请填写标题")).toBeVisible();
  await expect(page.getByLabel("标题")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/issues\/new$/);
});

test("the enterprise portal works at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "ent.geely");
  await page.goto("/");
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { name: "我的项目" })).toBeVisible();
  await expect(page.getByRole("link", { name: "提交诉求" }).first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});

test("issue pages have no serious accessibility violations", async ({ page, context }) => {
  test.setTimeout(120_000); // several axe scans across two roles; slow on a loaded machine
  const check = async () => {
    const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
      ),
    ).toEqual([]);
  };
  await loginAs(page, "ent.geely");
  for (const p of ["/portal", "/issues", "/issues/new"]) {
    await page.goto(p);
    await check();
  }
  await as(page, context, "eic");
  for (const p of ["/issues", "/issues/monthly", "/notifications"]) {
    await page.goto(p);
    await check();
  }
  await page.goto("/issues?level=CITY");
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "办理记录" })).toBeVisible();
  await check();
});

test("before JavaScript loads: submitting with an attachment and accepting still work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const title = `无脚本提交 ${Date.now().toString(36)}`;
  await loginAs(page, "ent.geely");
  await page.goto("/issues/new");
  await page.getByLabel("诉求类别").selectOption({ label: "审批手续" });
  await page.getByLabel("相关项目").selectOption({ label: "吉利汽车零部件产业园" });
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("问题描述").fill("施工许可办理中图审合格书要求不明确，已多次补件。");
  await page
    .getByLabel("附件")
    .setInputFiles({ name: "补件清单.txt", mimeType: "text/plain", buffer: Buffer.from("图审合格书、监理合同") });
  await page.getByRole("button", { name: "提交诉求" }).click();
  await expect(page).toHaveURL(/\/issues\/\d+$/);
  await expect(page.getByRole("link", { name: "补件清单.txt" })).toBeVisible();
  const path = new URL(page.url()).pathname;

  await context.clearCookies();
  await loginAs(page, "team01");
  await page.goto(path);
  await page.getByRole("button", { name: "受理并指派" }).click(); // the assignee defaults to the signed-in member
  await expect(page.locator(".page-head").getByText("已受理", { exact: true })).toBeVisible();
  await expect(page.locator("ol.issue-timeline > li").last()).toContainText("受理");
  await context.close();
});
