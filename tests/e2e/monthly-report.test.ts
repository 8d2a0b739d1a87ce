// 月度通报 as the bureau and a county use it, in Chromium: read it, download the PDF and check its numbers against
// the page, freeze a month, print, and the phone width.
import { readFile } from "node:fs/promises";
import { readDocx } from "../support/docx";
import { readPdf } from "../support/pdf";
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("the bureau reads September's report (the default is October, the last closed month before the demo date) and downloads it as a PDF with the same numbers", async ({
  page,
}) => {
  test.setTimeout(120_000); // an axe scan, a PDF rendered on the server and a workbook; slow on a loaded machine
  await loginAs(page, "bureau");
  await page.goto("/");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "月度通报" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "晋中市2017年10月招商引资与转型项目推进情况通报" }),
  ).toBeVisible();
  await noSeriousA11yIssues(page);

  await page.getByLabel("月份", { exact: true }).fill("2017-09");
  await page.getByRole("button", { name: "查看" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "晋中市2017年9月招商引资与转型项目推进情况通报" }),
  ).toBeVisible();
  await expect(page).toHaveURL(/month=2017-09/);
  // no character of the page garbled on its way from the server (React 18's stream once left NULs in it)
  expect(await page.content()).not.toContain("\uFFFD");
  const kpis = page.getByRole("table", { name: "全市主要指标完成情况" });
  const inflowRow = kpis.getByRole("row", { name: /^引资总额/ });
  const inflow = (await inflowRow.getByRole("cell").first().textContent())!.trim();
  expect(inflow).toMatch(/^\d{1,3}(,\d{3})*万元$/);
  const yuciRow = page.getByRole("table", { name: "各县（区、市）推进情况" }).getByRole("row", { name: /^榆次区/ });
  const yuciCells = (await yuciRow.getByRole("cell").allTextContents()).map((s) => s.trim());

  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载 PDF" }).click();
  const dl = await pdfDownload;
  expect(dl.suggestedFilename()).toBe("晋中市2017年9月招商引资与转型项目推进情况通报.pdf");
  const pdf = await readPdf(new Uint8Array(await readFile((await dl.path())!)));
  expect(pdf.title).toBe("晋中市2017年9月招商引资与转型项目推进情况通报");
  expect(pdf.items).toContain(inflow);
  // the county's row, number by number, as the page shows it
  const at = pdf.items.indexOf("榆次区");
  expect(at).toBeGreaterThan(-1);
  expect(pdf.items.slice(at + 1, at + 1 + yuciCells.length)).toEqual(yuciCells);

  const xlsxDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载 Excel" }).click();
  expect((await xlsxDownload).suggestedFilename()).toBe("晋中市2017年9月招商引资与转型项目推进情况通报.xlsx");

  // the Word file: the same 引资总额 and the same county row as the page
  const docxDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载 Word" }).click();
  const wordFile = await docxDownload;
  expect(wordFile.suggestedFilename()).toBe("晋中市2017年9月招商引资与转型项目推进情况通报.docx");
  const buf = await readFile((await wordFile.path())!);
  const word = await readDocx(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  expect(word.tables[0].find((r) => r[0] === "引资总额")?.[1]).toBe(inflow);
  expect(word.tables[1].find((r) => r[0] === "榆次区")?.slice(1)).toEqual(yuciCells);
});

test("the bureau freezes a closed month after confirming; the report then says it is frozen", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/reports/monthly?month=2017-08");
  await expect(page.getByText("实时数据（未冻结）")).toBeVisible();
  const freeze = page.getByRole("region", { name: "冻结2017年8月通报" });
  await freeze.getByRole("button", { name: "冻结2017年8月通报" }).click();
  await expect(freeze.getByRole("alert")).toHaveText("请先确认已核对本月数据");
  await freeze.getByLabel("我已核对2017年8月的数据，确认冻结").check();
  await freeze.getByRole("button", { name: "冻结2017年8月通报" }).click();
  await expect(page.getByText("已冻结2017年8月月度通报")).toBeVisible();
  await expect(page.getByText(/^已冻结：.+ 由 .+ 冻结，此后数据变化不影响本通报$/)).toBeVisible();
  await expect(page.getByRole("region", { name: "冻结2017年8月通报" })).toHaveCount(0);
  await expect(page.getByText("2017年已冻结：8月")).toBeVisible();
  // September compares with the frozen August
  await page.getByRole("link", { name: "下个月" }).click();
  await expect(
    page.getByRole("table", { name: "全市主要指标完成情况" }).getByRole("columnheader", { name: "较8月冻结数" }),
  ).toBeVisible();
});

test("read-only roles see no freeze form; a county gets its own report, also at phone width and in print", async ({
  page,
}) => {
  await loginAs(page, "leader");
  await page.goto("/reports/monthly?month=2017-07");
  await expect(
    page.getByRole("heading", { level: 1, name: "晋中市2017年7月招商引资与转型项目推进情况通报" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: /冻结/ })).toHaveCount(0);

  await page.context().clearCookies();
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "county.yuci");
  await page.goto("/reports/monthly?month=2017-11");
  await expect(
    page.getByRole("heading", { level: 1, name: "榆次区2017年11月招商引资与转型项目推进情况通报" }),
  ).toBeVisible();
  await expect(page.getByLabel("范围", { exact: true })).toHaveCount(0);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await noSeriousA11yIssues(page);

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
  await expect(page.getByRole("link", { name: "下载 PDF" })).toBeHidden();
  // sections that fit on a page are not cut by a page break
  const keep = await page
    .locator(".report-section.keep")
    .first()
    .evaluate((el) => getComputedStyle(el).breakInside);
  expect(keep).toBe("avoid");
});
