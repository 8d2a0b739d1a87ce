// Issue 17's "done when": an escalated enterprise issue routed to a department is handled there and confirmed by the
// enterprise. ent.geely files a land issue; its service team and the county escalate it to the city; 市经信委 routes
// it to 市国土资源局 (主办) with 市住房和城乡建设局 (协办); the 协办 unit reports to the 主办; dept.guotu accepts,
// reports and resolves it; ent.geely confirms. A department it is not routed to gets a 404 for its URL.
import type { BrowserContext, Page } from "@playwright/test";
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";

async function as(page: Page, context: BrowserContext, username: string) {
  await context.clearCookies();
  await loginAs(page, username);
}

/** The disclosure of one action on the issue page, opened. */
async function action(page: Page, label: string) {
  const d = page.locator("details", { has: page.locator("summary", { hasText: new RegExp(`^${label}$`) }) });
  if ((await d.getAttribute("open")) === null) await d.locator("summary").click();
  return d;
}

async function escalate(page: Page, path: string, reason: string) {
  await page.goto(path);
  const d = await action(page, "上报上一级");
  await d.getByLabel("上报理由").fill(reason);
  await d.getByRole("button", { name: "上报上一级" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已上报上一级" })).toBeVisible();
}

test("an escalated issue routed by 经信委 to 市国土资源局 (主办) with 住建 (协办) is handled there and confirmed by ent.geely", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const title = `二期用地规划调整未批 ${Date.now().toString(36)}`;
  await loginAs(page, "ent.geely");
  await page.goto("/issues/new");
  await page.getByLabel("诉求类别").selectOption({ label: "用地" });
  await page.getByLabel("相关项目").selectOption({ label: "吉利新能源汽车（二期）" });
  await page.getByLabel("标题").fill(title);
  await page
    .getByLabel("问题描述")
    .fill("二期厂区用地规划调整申请已提交两个月，涉及国土和住建两个部门，县里无法协调。");
  await page.getByRole("button", { name: "提交诉求" }).click();
  await expect(page).toHaveURL(/\/issues\/\d+$/);
  const path = new URL(page.url()).pathname;

  // the service team and the zone escalate it to the city
  await as(page, context, "team01");
  await escalate(page, path, "涉及市级国土和住建部门，小组无法协调。");
  await as(page, context, "county.etdz");
  await escalate(page, path, "开发区无审批权限，提请市级协调。");
  await expect(page.locator(".page-head")).toContainText("市级");

  // not yet routed: 市国土资源局 does not see it
  await as(page, context, "dept.guotu");
  expect((await page.goto(path))?.status()).toBe(404);

  // 市经信委 routes it
  await as(page, context, "eic");
  await page.goto(path);
  const route = await action(page, "交由责任单位主办");
  await route.getByLabel("主办单位").selectOption({ label: "市国土资源局" });
  await route.getByRole("checkbox", { name: "市住房和城乡建设局" }).check();
  await route.getByLabel("交办意见").fill("请国土局牵头，住建局配合，尽快办结。");
  await route.getByRole("button", { name: "交办" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已交由责任单位主办" })).toBeVisible();
  const facts = page.locator("dl.fields");
  await expect(facts).toContainText("市国土资源局");
  await expect(facts).toContainText("市住房和城乡建设局");
  await expect(page.locator("ol.issue-timeline > li").last()).toContainText(
    "交由市国土资源局主办，市住房和城乡建设局协办",
  );
  // 经信委 no longer accepts it
  await expect(page.locator("summary", { hasText: /^受理$/ })).toHaveCount(0);

  // a department it is not routed to: 404 by URL
  await as(page, context, "dept.fagai");
  expect((await page.goto(path))?.status()).toBe(404);

  // the 协办 unit reports to the 主办
  await as(page, context, "dept.zhujian");
  await page.goto("/");
  await page.getByRole("link", { name: "交办诉求" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  const assist = await action(page, "协办反馈");
  await assist.getByLabel("协办反馈内容").fill("规划条件已出具，可按调整后方案报批。");
  await assist.getByRole("button", { name: "协办反馈" }).click();
  await expect(page.getByRole("status").filter({ hasText: "协办反馈已报送主办单位" })).toBeVisible();
  await expect(page.locator("summary", { hasText: /^受理$/ })).toHaveCount(0);

  // 市国土资源局 handles it from its queue
  await as(page, context, "dept.guotu");
  await page.goto("/");
  await page.getByRole("link", { name: "交办诉求" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page.locator("ol.issue-timeline")).toContainText("【市住房和城乡建设局】规划条件已出具");
  const accept = await action(page, "受理");
  await expect(accept.getByLabel("办理人")).toHaveValue(/\d+/);
  await accept.getByRole("button", { name: "受理并指派" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已受理" })).toBeVisible();
  const respond = await action(page, "反馈进展");
  await respond.getByLabel("进展情况").fill("已会同住建局现场踏勘，规划调整方案报市政府审定。");
  await respond.getByRole("button", { name: "反馈进展" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已反馈进展" })).toBeVisible();
  const resolve = await action(page, "办结");
  await resolve.getByLabel("办理结果").fill("规划调整已批复，二期用地手续办结。");
  await resolve.getByRole("button", { name: "办结" }).click();
  await expect(page.locator(".page-head").getByText("已解决待确认", { exact: true })).toBeVisible();
  await noSeriousA11yIssues(page);

  // the enterprise confirms the department's result
  await as(page, context, "ent.geely");
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "请确认办理结果" })).toBeVisible();
  await expect(page.getByText("规划调整已批复，二期用地手续办结。").first()).toBeVisible();
  await page.getByLabel("5 分 · 非常满意").check();
  await page.getByRole("button", { name: "确认解决" }).click();
  await expect(page.locator(".page-head").getByText("已办结", { exact: true })).toBeVisible();
  const timeline = page.locator("ol.issue-timeline");
  for (const step of ["交由责任单位主办", "协办反馈", "受理", "办结（待企业确认）", "企业确认解决"])
    await expect(timeline.getByText(step, { exact: true }).first()).toBeVisible();
});
