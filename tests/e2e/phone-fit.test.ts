// Phone-first (issue 20 §1): at 390×844 the main pages show their rows as cards with nothing cut off at the right
// edge, the navigation is a 菜单 that fits, and the register's filters fold behind one 筛选 button that counts the
// active ones. Each page's full-length screenshot is in the test output.
import type { Page } from "@playwright/test";
import { expect, hydrated, loginAs, test } from "./fixtures";

/** Elements of the page (header, navigation, main content) that reach past either edge of the viewport. */
async function cutContent(page: Page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > w)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px`);
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      if (el.closest(".sr-only, .skip-link, caption")) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > w + 1 || r.left < -1)
        out.push(
          `${el.tagName.toLowerCase()} «${(el.textContent ?? "").trim().slice(0, 16)}» ${Math.round(r.left)}–${Math.round(r.right)}`,
        );
    }
    return out;
  });
}

const PAGES: { who: string; path: string; heading: string }[] = [
  { who: "bureau", path: "/projects", heading: "项目库" },
  { who: "team01", path: "/my-work", heading: "我的工作台" },
  { who: "county.yuci", path: "/issues", heading: "诉求办理" },
  { who: "eic", path: "/issues", heading: "诉求办理" },
  { who: "ent.geely", path: "/", heading: "浙江吉利控股集团有限公司" },
  { who: "bureau", path: "/leads?view=table", heading: "招商线索" },
  { who: "bureau", path: "/enterprises", heading: "企业库" },
  { who: "bureau", path: "/teams", heading: "服务小组" },
  { who: "leader", path: "/", heading: "招商引资与转型项目工作台" },
];

for (const p of PAGES) {
  test(`${p.heading} (${p.who}) fits a 390×844 phone with nothing cut off`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, p.who);
    await page.goto(p.path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toContainText(p.heading);
    await hydrated(page);
    expect(await cutContent(page)).toEqual([]);
    if (p.who === "leader") {
      // the 月度趋势 table fits its frame: no sideways scrolling inside it either
      const trend = page
        .getByRole("region", { name: "月度趋势" })
        .getByRole("region", { name: "数据表（可横向滚动）" });
      expect(await trend.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    }
    await page.screenshot({
      path: test.info().outputPath(`${p.who}${p.path.replace(/\//g, "_")}-390.png`),
      fullPage: true,
    });
  });
}

test("on a phone the navigation is a 菜单 and the register's filters fold behind 筛选", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "bureau");
  await page.goto("/projects?county=1&stage=SIGNED");
  await hydrated(page);
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "菜单" }).click();
  await expect(page.getByRole("button", { name: "菜单" })).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "月度通报" })).toBeVisible();
  expect(await cutContent(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("menu-open-390.png") });
  await nav.getByRole("link", { name: "企业库" }).click();
  await expect(page.getByRole("heading", { name: "企业库", level: 1 })).toBeVisible();
  await expect(nav).toBeHidden(); // choosing a page closes the menu

  await page.goto("/projects?county=1&stage=SIGNED");
  await hydrated(page);
  await expect(page.getByLabel("阶段", { exact: true })).toBeHidden();
  await page.getByRole("button", { name: "筛选（2 项已选）" }).click();
  await expect(page.getByLabel("阶段", { exact: true })).toBeVisible();
  await page.getByLabel("产业", { exact: true }).selectOption({ index: 1 });
  await expect(page.getByRole("button", { name: "筛选（3 项已选）" })).toBeVisible();
  expect(await cutContent(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("filters-open-390.png") });

  // desktop keeps the side navigation and the filter bar
  await page.setViewportSize({ width: 1366, height: 900 });
  await expect(page.getByRole("button", { name: "菜单" })).toBeHidden();
  await expect(nav.getByRole("link", { name: "月度通报" })).toBeVisible();
  await expect(page.getByLabel("阶段", { exact: true })).toBeVisible();
});
