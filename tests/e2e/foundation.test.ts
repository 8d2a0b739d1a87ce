// Foundation flows in Chromium: sign-in/out, the register's URL-driven sort/filter/page, role scope, 404s.
import AxeBuilder from "@axe-core/playwright";
import { expect, loginAs, test } from "./fixtures";

test("signs in through the form, shows the shell in Chinese, signs out", async ({ page }) => {
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprojects/);
  await page.getByLabel("用户名").fill("bureau");
  await page.getByLabel("密码").fill("Demo@2017");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("heading", { name: "项目库" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await expect(page.getByText("演示数据")).toBeVisible();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password shows a Chinese error and no session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("用户名").fill("eic");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("用户名或密码错误");
  await expect(page).toHaveURL(/\/login/);
});

test("register: 2017's transformation projects (the plan) are 61, sort and pages from the server, all state in the URL", async ({
  page,
}) => {
  await loginAs(page, "bureau");
  await page.goto("/projects");
  await page.getByLabel("计划年度").selectOption("2017");
  await expect(page).toHaveURL(/year=2017/);
  // 年度转型项目 = the year's plan; the 2 moved out in September are 已调出的转型项目. The pool filter stays 全部.
  await page.getByLabel("转型项目").selectOption({ label: "年度转型项目" });
  await expect(page).toHaveURL(/transformation=1/);
  await expect(page).not.toHaveURL(/pool=[A-Z]/);
  await expect(page.getByLabel("项目库", { exact: true })).toHaveValue("");
  await expect(page.getByText("共 61 个项目")).toBeVisible();
  await expect(page.getByText("共 61 条，第 1–20 条")).toBeVisible();
  await page.getByLabel("转型项目").selectOption({ label: "已调出的转型项目" });
  await expect(page).toHaveURL(/transformation=out/);
  await expect(page.getByText("共 2 个项目")).toBeVisible();
  await page.getByLabel("转型项目").selectOption({ label: "年度转型项目" });
  await expect(page.getByText("共 61 个项目")).toBeVisible();

  // the visible rows' 总投资 in 万元 (the cell's title carries the exact amount)
  const totals = async () =>
    (
      await page
        .locator("tbody tr td:nth-child(4) span")
        .evaluateAll((els) => els.map((e) => e.getAttribute("title") ?? ""))
    ).map((t) => Number(t.replace(/[,万元]/g, "")));
  const header = page.getByRole("columnheader", { name: /总投资/ });

  // sort by 总投资 (server-side): descending first, largest first
  await page.getByRole("link", { name: /按总投资/ }).click();
  await expect(page).toHaveURL(/sort=totalInvestment&dir=desc/);
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const desc = await totals();
  expect(desc.length).toBe(20);
  expect(desc.every((v) => Number.isSafeInteger(v) && v > 0)).toBe(true);
  expect(desc).toEqual([...desc].sort((a, b) => b - a));

  // again: ascending, smallest first — and not the same rows reversed (61 rows, the page shows 20 of each end)
  await page.getByRole("link", { name: /按总投资/ }).click();
  await expect(page).toHaveURL(/sort=totalInvestment&dir=asc/);
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  const asc = await totals();
  expect(asc.length).toBe(20);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  expect(asc[0]).toBeLessThanOrEqual(desc[19]);
  expect(desc[0]).toBeGreaterThanOrEqual(asc[19]);

  // back to descending, then page 2: the next 20, none of page 1's rows, continuing the order
  await page.getByRole("link", { name: /按总投资/ }).click();
  await expect(page).toHaveURL(/sort=totalInvestment&dir=desc/);
  const rowNames = () =>
    page.locator("tbody tr td:first-child a").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  const page1 = await rowNames();
  expect(new Set(page1).size).toBe(20);
  expect(page1.length).toBe(20);
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("共 61 条，第 21–40 条")).toBeVisible();
  const page2 = await rowNames();
  expect(page2.length).toBe(20);
  expect(page1).not.toContain(page2[0]);
  const desc2 = await totals();
  expect(desc2).toEqual([...desc2].sort((a, b) => b - a));
  expect(desc2[0]).toBeLessThanOrEqual(desc[19]);
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(page.getByText("共 61 条，第 1–20 条")).toBeVisible();

  // the URL alone reproduces the view (shareable)
  const url = page.url();
  await page.goto("/");
  await page.goto(url);
  await expect(page.getByText("共 61 个项目")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: /总投资/ })).toHaveAttribute("aria-sort", "descending");
});

test("register: text search on project or enterprise name", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/projects");
  await page.getByLabel("搜索项目或企业").fill("吉利");
  await page.getByLabel("搜索项目或企业").press("Enter");
  await expect(page).toHaveURL(/q=%E5%90%89%E5%88%A9/);
  const names = await page.locator("tbody tr td:first-child").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const n of names) expect(n).toContain("吉利");
  await page.getByLabel("搜索项目或企业").fill("不存在的项目名称XYZ");
  await page.getByLabel("搜索项目或企业").press("Enter");
  await expect(page.getByText("没有符合筛选条件的项目")).toBeVisible();
});

test("county.yuci sees only 榆次区 projects", async ({ page }) => {
  await loginAs(page, "county.yuci");
  await page.goto("/projects?size=100");
  const counties = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(counties.length).toBeGreaterThan(0);
  expect(new Set(counties)).toEqual(new Set(["榆次区"]));
});

test("ent.geely sees only 吉利's projects and another project by URL is a Chinese 404", async ({ page, context }) => {
  // find a project of another enterprise as the bureau first
  await loginAs(page, "bureau");
  await page.goto("/projects?county=&sort=name&dir=asc");
  const other = page.locator("tbody tr").filter({ hasNotText: "吉利" }).first();
  const otherHref = await other.getByRole("link").first().getAttribute("href");
  expect(otherHref).toMatch(/^\/projects\/\d+$/);
  await context.clearCookies();

  await loginAs(page, "ent.geely");
  await page.goto("/projects");
  await expect(page.getByRole("heading", { name: "我的项目" })).toBeVisible();
  const rows = page.locator("tbody tr");
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await expect(rows.nth(i)).toContainText("吉利");
  await rows.first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "进度里程碑" })).toBeVisible();

  const res = await page.goto(otherHref!);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "进度里程碑" })).toHaveCount(0);
});

test("project detail shows milestones with planned vs actual dates, money and history", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/projects?year=2017&transformation=1&sort=totalInvestment&dir=desc");
  await page.locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "进度里程碑" })).toBeVisible();
  await expect(page.getByText("计划：").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "投资与资金" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "变更历史" })).toBeVisible();
  await expect(page.getByText(/总投资/).first()).toBeVisible();
  // the history reads as Chinese: no ISO times, field names or action codes (issue 12 part 5)
  const history = await page.getByRole("region", { name: "变更历史" }).innerText();
  expect(history).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
  expect(history).not.toMatch(/\d{4}-\d{2}-\d{2}T|[a-z]+[A-Z][a-z]+(Id|On|At)?:|\b[A-Z]{2,}_[A-Z]+\b/);
});

test("unknown pages are a Chinese 404 inside the shell", async ({ page }) => {
  await loginAs(page, "leader");
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
});

test("a page the role may not open is a Chinese 403 inside the shell", async ({ page }) => {
  await loginAs(page, "team01");
  for (const [path, message] of [
    ["/import", "您没有执行此操作的权限"],
    ["/admin/sla", "仅系统管理员可以修改 13710 时限设置"],
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    // nothing of the page itself
    await expect(page.getByRole("heading", { name: /数据导入|13710/ })).toHaveCount(0);
  }
});

test("main pages have no serious accessibility violations", async ({ page }) => {
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
  await page.goto("/login");
  await check();
  await loginAs(page, "bureau");
  await page.goto("/projects");
  await check();
  await page.locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "进度里程碑" })).toBeVisible();
  await check();
});
