// 招商地图 (issue 20 §4): the bureau opens the map, filters it, and clicks through to a project whose page shows its
// small map; the public 推介 map opens signed out, on a desktop and at 390×844, without client errors.
import { expect, hydrated, loginAs, test } from "./fixtures";

test("the map's projects open their project; /open/map works signed out, on a phone too", async ({ page, context }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await loginAs(page, "bureau");
  await page.goto("/reports/map");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "招商地图" })).toBeVisible();
  await expect(page.locator(".chart svg").first()).toBeVisible();
  await page.getByLabel("阶段").selectOption({ label: "已开工" });
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/stage=STARTED/);
  const list = page.getByRole("table", { name: "地图上的项目" });
  await expect(list.getByText("已开工").first()).toBeVisible();
  const first = list.getByRole("rowheader").first().getByRole("link");
  const name = (await first.textContent())!;
  await first.click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(/东经 \d+\.\d+°，北纬 \d+\.\d+°/)).toBeVisible();
  await expect(page.locator(".project-point-map svg")).toBeVisible();

  await context.clearCookies();
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.goto("/open/map");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "晋中市招商地图" })).toBeVisible();
    await expect(page.getByRole("table", { name: "公开推介项目" }).getByRole("row").nth(1)).toBeVisible();
    await expect(page.locator(".chart svg").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    await page.screenshot({ path: test.info().outputPath(`open-map-${size.width}.png`), fullPage: true });
  }
  expect(errors).toEqual([]);
});
