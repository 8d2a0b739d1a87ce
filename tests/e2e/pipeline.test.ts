// The investment bureau's morning in Chromium: the dashboard, a funnel cell's drill-down, the lead kanban
// (with and without JavaScript), converting a lead into a project, targets, ranking and the map.
import type { Page } from "@playwright/test";
import { makeCreditCode } from "../../app/domain/creditCode";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

const exactWan = (s: string | null) => Number((s ?? "").replace(/[^\d]/g, ""));

async function inflowExact(page: Page) {
  await page.goto("/?year=2017&asOf=2017-12-31");
  const card = page.getByRole("article", { name: "引资总额" });
  await expect(card).toBeVisible();
  return exactWan(await card.locator(".kpi-value span").getAttribute("title"));
}

test("dashboard: five KPI cards against their targets, in 亿元 with the exact 万元 on hover", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/?year=2017&asOf=2017-12-31");
  await expect(page.getByRole("heading", { name: "全市招商引资与转型项目工作台" })).toBeVisible();
  for (const name of ["引资总额", "签约项目落地率", "签约项目开工率", "资金到位率", "转型项目完成投资"]) {
    await expect(page.getByRole("article", { name })).toBeVisible();
  }
  const inflow = page.getByRole("article", { name: "引资总额" });
  await expect(inflow).toContainText("亿元");
  await expect(inflow).toContainText("2,100.00亿元");
  await expect(inflow.locator(".kpi-value span")).toHaveAttribute("title", /^[\d,]+万元$/);
  await expect(page.getByRole("heading", { name: "签约项目推进漏斗" })).toBeVisible();
  // the trend chart loads in the browser next to its server-rendered table
  await expect(page.locator(".chart svg").first()).toBeVisible();
  await expect(page.getByRole("table", { name: /月度趋势/ })).toBeVisible();
});

test("a funnel cell's drill-down lands on a register whose row count equals the cell", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/reports/funnel?year=2017&asOf=2017-06-30&by=county");
  const row = page.getByRole("row", { name: /^榆次区/ });
  const cell = row.getByRole("link", { name: /榆次区落地 \d+ 个项目/ });
  const n = Number((await cell.textContent())?.trim());
  expect(n).toBeGreaterThan(0);
  // the cells are plain links; once the page is hydrated a click navigates client-side (no reload)
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await cell.click();
  await expect(page).toHaveURL(/\/projects\?.*reached=LAND/);
  await expect(page).toHaveURL(/asOf=2017-06-30/);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page.getByText(`共 ${n} 个项目`)).toBeVisible();
  await expect(page.getByText(`共 ${n} 条`)).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: "报表钻取" })).toContainText("已到达“落地”环节");
  const counties = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(new Set(counties)).toEqual(new Set(["榆次区"]));
});

test("a lead converted to a project appears in the register and moves the numbers", async ({ page }) => {
  await loginAs(page, "bureau");
  const before = await inflowExact(page);

  await page.goto("/leads?view=table&stage=NEGOTIATION&sort=name&dir=asc");
  const leadLink = page.locator("tbody tr").first().getByRole("link").first();
  const leadName = (await leadLink.textContent())!.trim();
  await leadLink.click();
  await expect(page.getByRole("heading", { name: "签约转为项目" })).toBeVisible();
  const form = page.locator("#convert");
  await form.getByLabel("项目名称").fill("端到端测试签约项目");
  await form.getByLabel("签约日期").fill("2017-11-17");
  await form.getByLabel("签约额（万元）").fill("12,345");
  await form.getByLabel("总投资（万元）").fill("20000");
  // the investor is not registered yet: the signing registers it under the lead's investor name (prefilled)
  await expect(form.getByLabel("按线索的投资方新建企业")).toBeChecked();
  const investor = await form.getByLabel("新企业名称").inputValue();
  expect(investor.length).toBeGreaterThan(1);
  await form.getByLabel("统一社会信用代码").fill(makeCreditCode("91", "140700", "MA0E2E001"));
  await form.getByRole("button", { name: "签约并转为项目" }).click();

  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByRole("heading", { name: "端到端测试签约项目" })).toBeVisible();
  // the project names its investor (not "—")
  await expect(page.getByRole("definition").filter({ hasText: investor })).toBeVisible();
  await page.goto("/projects?q=端到端测试签约项目");
  await expect(page.getByText("共 1 个项目")).toBeVisible();
  await expect(page.locator("tbody tr").first()).toContainText("已签约");

  expect(await inflowExact(page)).toBe(before + 12_345);
  // and the lead shows in the 签约 column with a link to its project
  await page.goto(`/leads?q=${encodeURIComponent(leadName)}`);
  const signed = page.locator("section.board-col", { has: page.getByRole("heading", { name: "签约", exact: true }) });
  await expect(signed.getByRole("link", { name: "查看项目" })).toBeVisible();
});

test.describe("kanban without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("moves a card with its plain form, and 放弃 asks for a reason", async ({ page }) => {
    await loginAs(page, "bureau");
    await page.goto("/leads");
    const column = (name: string) =>
      page.locator("section.board-col", { has: page.getByRole("heading", { name, exact: true }) });
    const card = column("接触").locator("li.lead-card").first();
    const title = (await card.locator(".lead-card-name").textContent())!.trim();
    await card.getByLabel("移至").selectOption("INSPECTION");
    await card.getByRole("button", { name: `移动线索：${title}` }).click();
    await expect(page).toHaveURL(/\/leads$/);
    await expect(column("考察").getByRole("link", { name: title })).toBeVisible();
    await expect(column("接触").getByRole("link", { name: title })).toHaveCount(0);

    // 放弃 without a reason: the lead's page explains what is missing, next to the field
    const moved = column("考察").locator("li.lead-card", { has: page.getByRole("link", { name: title }) });
    await moved.getByLabel("移至").selectOption("ABANDONED");
    await moved.getByRole("button", { name: `移动线索：${title}` }).click();
    await expect(page.getByText("放弃线索须填写放弃原因")).toBeVisible();
    await page.getByLabel("移至阶段").selectOption("ABANDONED");
    await page.getByLabel("放弃原因").fill("企业选择落户外省");
    await page.getByRole("button", { name: "更新阶段" }).click();
    await expect(page).toHaveURL(/\/leads$/);
    await expect(column("放弃").getByRole("link", { name: title })).toBeVisible();
  });
});

test("kanban: drag a card to another column", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/leads");
  const column = (name: string) =>
    page.locator("section.board-col", { has: page.getByRole("heading", { name, exact: true }) });
  const card = column("考察").locator("li.lead-card").first();
  const title = (await card.locator(".lead-card-name").textContent())!.trim();
  const handle = card.getByRole("button", { name: `拖动线索：${title}` });
  const target = column("洽谈");
  await hydrated(page);
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 15 });
  await page.mouse.up();
  await expect(column("洽谈").getByRole("link", { name: title })).toBeVisible();
  await expect(page.locator(".toast")).toContainText("已移至洽谈");
});

test("kanban: move a card with the keyboard (Space, →, Space)", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/leads");
  const column = (name: string) =>
    page.locator("section.board-col", { has: page.getByRole("heading", { name, exact: true }) });
  const card = column("接触").locator("li.lead-card").first();
  const title = (await card.locator(".lead-card-name").textContent())!.trim();
  await hydrated(page);
  await card.getByRole("button", { name: `拖动线索：${title}` }).focus();
  // each key waits for the board's spoken answer (dnd-kit listens for the arrows only once the card is picked up)
  const said = (text: string) => expect(page.getByRole("status").filter({ hasText: text })).toBeAttached();
  await page.keyboard.press("Space");
  await said(`线索“${title}”位于“接触”列`);
  await page.keyboard.press("ArrowRight");
  await said(`位于“考察”列`);
  await page.keyboard.press("Space");
  await expect(column("考察").getByRole("link", { name: title })).toBeVisible();
  await expect(page.locator(".toast")).toContainText("已移至考察");
});

test("targets, ranking and the map render for the bureau; a county sees its own", async ({ page, context }) => {
  await loginAs(page, "bureau");
  await page.goto("/targets?year=2017");
  await expect(page.getByRole("heading", { name: "2017年度目标" })).toBeVisible();
  await expect(page.getByText("各项金额目标的县区分解合计与全市目标一致")).toBeVisible();
  await page.goto("/reports/ranking?year=2017&asOf=2017-12-31");
  await expect(page.getByRole("heading", { name: "县区考核排名" })).toBeVisible();
  await expect(page.locator("table.ranking tbody tr")).toHaveCount(14);
  await page.goto("/reports/map?view=kpi&year=2017&asOf=2017-12-31");
  await expect(page.locator(".chart svg").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "各县区引资总额" })).toBeVisible();
  await page.getByRole("table", { name: "各县区引资总额" }).getByRole("link", { name: "介休市" }).click();
  await expect(page.getByRole("heading", { name: "介休市招商引资与转型项目工作台" })).toBeVisible();

  await context.clearCookies();
  await loginAs(page, "county.yuci");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "榆次区招商引资与转型项目工作台" })).toBeVisible();
  await page.goto("/reports/ranking");
  await expect(page.locator("table.ranking tbody tr")).toHaveCount(1);
  await expect(page.getByText(/本县区在 14 个参评县区/)).toBeVisible();
});

// One test per page: each axe scan gets its own time budget, and a failure names the page.
for (const path of [
  "/?year=2017&asOf=2017-12-31",
  "/leads",
  "/leads?view=table",
  "/reports/funnel",
  "/reports/ranking",
  "/targets?edit=1",
  "/reports/map",
]) {
  test(`${path} has no serious accessibility violations`, async ({ page }) => {
    test.setTimeout(90_000); // a full axe scan of a long page is slow on a loaded 2-core machine
    await loginAs(page, "bureau");
    await page.goto(path);
    await noSeriousA11yIssues(page);
  });
}

test("a lead's page with its signing form (投资企业 picker) has no serious accessibility violations", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await loginAs(page, "bureau");
  await page.goto("/leads?view=table&stage=NEGOTIATION&sort=name&dir=asc");
  await page.locator("tbody tr").first().getByRole("link").first().click();
  const form = page.locator("#convert");
  await expect(form.getByRole("group", { name: "投资企业的登记方式" })).toBeVisible();
  // both ways are reachable by their Chinese labels: pick a registered enterprise, or register a new one
  await form.getByLabel("选择已登记企业").check();
  await expect(form.getByRole("combobox", { name: "投资企业" })).toBeVisible();
  await noSeriousA11yIssues(page);
  await form.getByLabel("按线索的投资方新建企业").check();
  await expect(form.getByLabel("新企业名称")).not.toHaveValue("");
  await noSeriousA11yIssues(page);
});
