// Picking a project's point on the map (issue 20 §3, docs/decisions/236), at 390×844 with a tap: the county chosen
// on the form fills the map; a tap writes 经度/纬度 and the saved project shows that point. On the edit form a
// second tap moves it.
import { expect, hydrated, loginAs, test } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test("a tap on the county map sets 经度 and 纬度; saving keeps the point; the edit form moves it", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await loginAs(page, "bureau");
  await page.goto("/projects/new");
  await hydrated(page);
  const name = `地图选点项目${Date.now() % 100000}`;
  await page.getByLabel("项目名称", { exact: true }).fill(name);
  await page.getByLabel("县区").selectOption({ label: "榆次区" });
  await page.getByLabel("产业").selectOption({ index: 1 });
  await page.getByLabel("总投资（万元）").fill("12000");
  await page.getByRole("radio", { name: "暂无（如本地技改）" }).check();

  const map = page.locator(".location-picker");
  await map.scrollIntoViewIfNeeded();
  // the county's outline is drawn (its label is on the map) before the tap
  await expect(map.locator("svg text", { hasText: "榆次区" })).toBeVisible();
  const box = (await map.boundingBox())!;
  // the middle of the map is the middle of 榆次区's box, which lies inside the district
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  const lng = page.getByLabel("经度");
  const lat = page.getByLabel("纬度");
  await expect(lng).toHaveValue(/^11[23]\.\d{6}$/);
  await expect(lat).toHaveValue(/^37\.\d{6}$/);
  const picked = [Number(await lng.inputValue()), Number(await lat.inputValue())];
  // 榆次区's box is 112.58–113.11 E, 37.40–37.88 N: the tap landed near its middle
  expect(Math.abs(picked[0] - 112.845)).toBeLessThan(0.05);
  expect(Math.abs(picked[1] - 37.64)).toBeLessThan(0.05);
  await expect(page.getByText(`地图上的标记：东经 ${picked[0]}，北纬 ${picked[1]}`)).toBeVisible();
  await expect(map.locator("svg path").first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("location-picker-390.png"), fullPage: false });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole("button", { name: "创建项目" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText(`东经 ${picked[0]}°，北纬 ${picked[1]}°`)).toBeVisible();

  // the edit form: a tap a little to the left of the middle moves the point west
  await page.goto(`${new URL(page.url()).pathname}/edit`);
  await hydrated(page);
  await expect(page.getByLabel("经度")).toHaveValue(String(picked[0]));
  const editMap = page.locator(".location-picker");
  await editMap.scrollIntoViewIfNeeded();
  await expect(editMap.locator("svg text", { hasText: "榆次区" })).toBeVisible();
  const b2 = (await editMap.boundingBox())!;
  await page.touchscreen.tap(b2.x + b2.width * 0.4, b2.y + b2.height / 2);
  await expect(page.getByLabel("经度")).not.toHaveValue(String(picked[0]));
  const moved = Number(await page.getByLabel("经度").inputValue());
  expect(moved).toBeLessThan(picked[0]);
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByText(`东经 ${moved}°`)).toBeVisible();
  expect(errors).toEqual([]);
});
