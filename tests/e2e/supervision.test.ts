// 领导批示 and 督办 in Chromium (issue 17's "done when"): `leader` writes a 批示 on a lagging transformation project
// for 市国土资源局 (主办) and the project's county (协办) with a 7-working-day deadline; `dept.guotu` signs, reports
// progress and asks for an extension, which the 督查 office (`bureau`) approves; it reports 办结 and the office
// 销号s; the leader's 我的批示 (on the home page) follows every step. dept.guotu finds the item on its 工作台; another
// department gets a 404 for the item's URL; the 督办台账 does not scroll sideways at 390×844.
import type { BrowserContext, Page } from "@playwright/test";
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";

const SHOTS = process.env.SCREENSHOT_DIR;

async function as(page: Page, context: BrowserContext, username: string) {
  await context.clearCookies();
  await loginAs(page, username);
}

/** The disclosure of one step on the item page, opened. */
async function step(page: Page, label: string) {
  const d = page.locator("details", { has: page.locator("summary", { hasText: new RegExp(`^${label}$`) }) });
  if ((await d.getAttribute("open")) === null) await d.locator("summary").click();
  return d;
}

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-mobile.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

test("leader 批示 → dept.guotu signs, reports, extends (office approves), reports 办结 → office 销号; 我的批示 follows", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const title = `用地报批限期解决 ${Date.now().toString(36)}`;
  // a lagging transformation project, from the register's own filter
  await loginAs(page, "leader");
  await page.goto("/projects?transformation=1&lag=any");
  const first = page.locator("table a[href^='/projects/']").first();
  const projectName = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name: projectName })).toBeVisible();
  await expect(page.locator(".page-head .badge").filter({ hasText: "滞后" })).toBeVisible();
  await page.getByRole("link", { name: "作出批示" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "作出批示" })).toBeVisible();
  await expect(page.getByRole("link", { name: projectName })).toBeVisible();
  await page.getByLabel("督办事项").fill(title);
  await page.getByLabel("批示内容").fill("请市国土资源局牵头、县政府配合，7个工作日内解决项目用地报批问题。");
  await page.getByLabel("督办级别").selectOption({ label: "重点" });
  await page.getByLabel("主办单位").selectOption({ label: "市国土资源局" });
  // the project's county government is offered as 协办
  const checkedCounty = page.locator("fieldset.checkbox-grid input:checked");
  await expect(checkedCounty).toHaveCount(1);
  const countyName = (await checkedCounty.locator("xpath=..").textContent())!.trim();
  expect(countyName).toMatch(/人民政府|管委会/);
  await page.getByLabel("限定工作日内办结").check();
  await page.getByLabel("工作日数").fill("7");
  await shoot(page, "supervision-new");
  await page.getByRole("button", { name: "批示交办" }).click();
  await expect(page).toHaveURL(/\/supervision\/\d+$/);
  const path = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".page-head")).toContainText("待签收");
  await expect(page.getByText(countyName).first()).toBeVisible();
  await expect(page.getByText("7 个工作日办结")).toBeVisible();

  // another department: not found by URL
  await as(page, context, "dept.fagai");
  const other = await page.goto(path);
  expect(other?.status()).toBe(404);

  // 国土 lands on its 工作台, where the new item waits for 签收; it signs and reports progress
  await as(page, context, "dept.guotu");
  await page.goto("/");
  await expect(page).toHaveURL(/\/department$/);
  const leadList = page.getByRole("region", { name: "本单位主办的督办事项" });
  await expect(leadList.getByRole("row", { name: new RegExp(title) })).toContainText("待签收");
  await leadList.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await (await step(page, "签收")).getByRole("button", { name: "签收" }).click();
  await expect(page.locator(".page-head")).toContainText("办理中");
  const progress = await step(page, "报送办理进展");
  await progress.getByRole("button", { name: "报送办理进展" }).click();
  await expect(progress.getByText("请填写进展情况")).toBeVisible(); // the shared zod schema, in the browser
  await progress.getByLabel("进展情况").fill("已完成勘测定界和组卷，报省国土资源厅审查。");
  // the report's material goes with it and shows on the timeline
  await progress.getByLabel("附件").setInputFiles({
    name: "勘测定界报告.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4 勘测定界"),
  });
  await progress.getByRole("button", { name: "报送办理进展" }).click();
  await expect(page.locator(".timeline")).toContainText("已完成勘测定界和组卷");
  await expect(page.locator(".timeline").getByRole("link", { name: "勘测定界报告.pdf" })).toBeVisible();
  const ext = await step(page, "申请延期");
  await ext.getByLabel("延期至").fill("2017-12-29");
  await ext.getByLabel("延期理由").fill("省厅审查需 15 个工作日。");
  await ext.getByRole("button", { name: "申请延期" }).click();
  await expect(page.locator(".page-head")).toContainText("延期待审批");

  // the leader follows it live, on the home page
  await as(page, context, "leader");
  await page.goto("/");
  const mine = page.getByRole("region", { name: "我的批示" });
  await expect(mine.getByRole("row", { name: new RegExp(title) })).toContainText("延期待审批");

  // the 督查 office approves
  await as(page, context, "bureau");
  await page.goto(path);
  await (await step(page, "批准延期")).getByRole("button", { name: "批准延期" }).click();
  await expect(page.locator(".page-head")).not.toContainText("延期待审批");
  await expect(page.getByText("已延期 1 次")).toBeVisible();

  // 国土 reports 办结
  await as(page, context, "dept.guotu");
  await page.goto(path);
  const finish = await step(page, "报送办结报告");
  await finish.getByLabel("办结情况（办理结果和佐证）").fill("已取得用地批复（晋国土资函〔2017〕888号）。");
  await finish.getByLabel("佐证材料").setInputFiles({
    name: "用地批复.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4 用地批复"),
  });
  await finish.getByRole("button", { name: "报送办结报告" }).click();
  await expect(page.locator(".page-head")).toContainText("待审核销号");

  // the office 销号s
  await as(page, context, "bureau");
  await page.goto(path);
  await (await step(page, "审核销号")).getByRole("button", { name: "审核销号" }).click();
  await expect(page.locator(".page-head")).toContainText("已销号");
  await expect(page.getByText("按时办结。")).toBeVisible();

  // 我的批示: the state, and every step on the item
  await as(page, context, "leader");
  await page.goto("/");
  await expect(mine.getByRole("row", { name: new RegExp(title) })).toContainText("已销号");
  await shoot(page, "leader-home");
  // the 督办台账 on a phone: rows are cards, nothing scrolls sideways
  await page.goto("/supervision");
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll(".table-wrap")]
      .filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.querySelector("caption")?.textContent ?? e.tagName),
  );
  expect(overflow).toEqual([]);
  await page.setViewportSize({ width: 1366, height: 900 });
  await shoot(page, "supervision-ledger");
  await page.goto("/");
  await mine.getByRole("link", { name: title }).click();
  const timeline = page.locator(".timeline");
  for (const s of ["批示交办", "签收", "报送办理进展", "申请延期", "批准延期", "报送办结报告", "审核销号"])
    await expect(timeline.getByText(s, { exact: true })).toBeVisible();
  // the 办结 evidence downloads for the leader
  const evidence = timeline.getByRole("link", { name: "用地批复.pdf" });
  const [download] = await Promise.all([page.waitForEvent("download"), evidence.click()]);
  expect(download.suggestedFilename()).toBe("用地批复.pdf");
  await shoot(page, "supervision-item");
  await noSeriousA11yIssues(page);
});

test("a leader turns a row of the monthly 通报 into a 批示 (source 月度通报, the month and the row as subject)", async ({
  page,
}) => {
  await loginAs(page, "leader");
  await page.goto("/reports/monthly");
  const link = page.getByRole("link", { name: /^对「.+」作出批示$/ }).first();
  const name = (await link.getAttribute("aria-label"))!;
  const subject = name.slice(2, -5);
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: "作出批示" })).toBeVisible();
  await expect(page.getByText(/^对 \d{4}-\d{2} 月度通报所列事项作出批示。$/)).toBeVisible();
  await expect(page.getByLabel("督办事项")).toHaveValue(subject);
});
