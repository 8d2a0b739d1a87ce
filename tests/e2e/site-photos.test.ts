// Site photos in Chromium at 390×844 (issue 20 §2, done-when): team01 logs 落地（供地） on a project of its own with an
// iPhone HEIC photo and a JPEG, both carrying EXIF time and GPS (tests/fixtures/photos), and sees the JPEG
// thumbnails with capture time and place on the milestone page, the far and older photo marked for the reviewer, and
// nothing cut off on the phone screen. The project is created by the bureau through the create endpoint.
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

const FIXTURES = path.resolve("tests/fixtures/photos"); // Playwright runs from the repository root
const uniq = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function createSignedProject(page: Page, name: string) {
  await loginAs(page, "bureau");
  await page.goto("/projects/new");
  const option = (label: string, text: RegExp) =>
    page.getByLabel(label).locator("option", { hasText: text }).first().getAttribute("value");
  const res = await page.request.post("/projects/new", {
    form: {
      name,
      countyId: (await option("县区", /^榆次区$/))!,
      industryId: (await page.getByLabel("产业").locator("option").nth(1).getAttribute("value"))!,
      origin: "ATTRACTION",
      totalInvestment: "30000",
      planYear: "2017",
      enterpriseMode: "none",
      serviceTeamId: (await option("服务小组", /^第1专业化服务小组/))!,
      signedOn: "2017-11-01",
      // the project's point in 榆次 (issue 20 §3): the HEIC photo was taken ≈ 0.4 km from it, the JPEG in Beijing
      longitude: "112.71",
      latitude: "37.7",
      signEvidenceNo: `JZTZ-E2E-${name}`,
      createToken: await page.locator('input[name="createToken"]').first().inputValue(),
    },
  });
  expect(res.ok()).toBe(true);
  await page.context().clearCookies();
  return Number(new URL(res.url()).pathname.split("/").pop());
}

test("a team logs a milestone with a HEIC and a JPEG photo on a phone and sees thumbnails with time, place and marks", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const id = await createSignedProject(page, `E2E现场照片项目${uniq()}`);

  await loginAs(page, "team01");
  await page.goto(`/projects/${id}/milestones`);
  await expect(page.getByLabel("阶段", { exact: true })).toHaveValue("LAND");
  const photos = page.getByLabel("现场照片");
  await expect(photos).toHaveAttribute("capture", "environment");
  await expect(photos).toHaveAttribute("multiple", "");
  await page.getByLabel("实际完成日期").fill("2017-11-16");
  await page.getByLabel("凭证编号").fill("晋中国土出〔2017〕120号");
  await photos.setInputFiles([path.join(FIXTURES, "site-near.heic"), path.join(FIXTURES, "site-far.jpg")]);
  await page.getByRole("button", { name: /^登记「/ }).click();
  await expect(page.getByRole("status")).toHaveText("已登记「落地（供地）」");

  await page.goto(`/projects/${id}/milestones`);
  const list = page.getByRole("list", { name: "「落地（供地）」现场照片" });
  const heic = list.getByRole("listitem").filter({ has: page.getByRole("img", { name: "现场照片：site-near.heic" }) });
  const jpeg = list.getByRole("listitem").filter({ has: page.getByRole("img", { name: "现场照片：site-far.jpg" }) });
  // the HEIC photo arrives as a JPEG thumbnail the browser draws
  const thumb = heic.getByRole("img");
  await expect(thumb).toHaveAttribute("src", /\/resources\/photos\/\d+\/thumb$/);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await expect(heic).toContainText("拍摄时间2017-11-15 10:30");
  await expect(heic).toContainText("拍摄地点北纬 37.6968°，东经 112.7080°");
  await expect(heic.locator(".photo-mark")).toHaveCount(0);
  await expect(jpeg).toContainText("拍摄时间2017-10-20 09:00");
  await expect(jpeg).toContainText("拍摄地点北纬 39.9042°，东经 116.4074°");
  await expect(jpeg.locator(".photo-mark")).toContainText([
    /^请核实：拍摄地点距项目 4\d\d 公里$/,
    "请核实：拍摄时间早于登记日期 27 天",
  ]);
  await expect(heic.getByRole("link", { name: "下载原图：site-near.heic" })).toBeVisible();

  await list.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("milestone-photos-390x844.png") });
  // nothing on the phone screen runs past its right edge
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
});
