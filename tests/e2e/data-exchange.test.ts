// Import, export and the dynamic adjustment as officials use them, in Chromium.
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { makeCreditCode } from "../../app/domain/creditCode";
import { expect, loginAs, noSeriousA11yIssues, test } from "./fixtures";

const GOOD_CODE = makeCreditCode("91", "140702", "MA0E2EXX1");
// the same code with a wrong check character
const BAD_CODE = GOOD_CODE.slice(0, 17) + (GOOD_CODE[17] === "0" ? "1" : "0");

const HEADER =
  "项目编号,项目名称,县（区、市）,产业,项目来源,投资企业,统一社会信用代码,来源地区,招商方式,总投资（万元）,签约额（万元）,年度计划投资（万元）,计划年度,转型项目,项目库,建设内容,用地面积（亩）,供地方式,出让年限（年）,出让金分期缴纳,签约日期,落地（供地）日期,资金到位日期,开工日期,竣工投产日期";

function csv(lines: string[]) {
  return Buffer.from("\uFEFF" + [HEADER, ...lines].join("\r\n"), "utf8");
}

test("import: an error report, fix the file, upload again, confirm, find the rows in the register", async ({
  page,
}) => {
  await loginAs(page, "bureau");
  await page.goto("/import");
  await expect(page.getByRole("heading", { name: "数据导入" })).toBeVisible();
  await noSeriousA11yIssues(page);

  // the template downloads with its Chinese name
  const tplDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载项目模板（Excel）" }).click();
  expect((await tplDownload).suggestedFilename()).toBe("项目导入模板.xlsx");

  const good1 = `E2E-IMP-1,端到端导入测试项目甲,榆次区,新材料,招商引资签约,端到端测试材料有限公司,${BAD_CODE},京津冀,精准招商,30000,30000,8000,2018,否,年度计划,,,,,,2017-09-01,2017-10-15,,,`;
  const bad2 = "E2E-IMP-2,端到端导入测试项目乙,太原市,新材料,本地投资/技改,,,,,12.5,,,2018,否,年度计划,,,,,,,,,,";
  const fixed2 = "E2E-IMP-2,端到端导入测试项目乙,祁县,新材料,本地投资/技改,,,,,12500,,,2018,否,年度计划,,,,,,,,,,";

  // a credit code with a wrong check character is reported too
  await page
    .getByLabel("选择文件（.xlsx 或 .csv）")
    .setInputFiles({ name: "第一次.csv", mimeType: "text/csv", buffer: csv([good1, bad2]) });
  await page.getByRole("button", { name: "上传并检查" }).click();
  await expect(page.getByRole("heading", { name: /处错误，整个文件未导入/ })).toBeVisible();
  const report = page.getByRole("table", { name: "错误报告" });
  await expect(report.getByRole("row", { name: /县（区、市） “太原市”不是本市的县/ })).toBeVisible();
  await expect(report.getByRole("row", { name: /总投资（万元） “12.5”有小数，金额须为整数万元/ })).toBeVisible();
  await expect(report.getByRole("row", { name: /统一社会信用代码/ })).toBeVisible();
  await noSeriousA11yIssues(page);

  const errDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载错误报告（Excel）" }).click();
  const errFile = await (await errDownload).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(errFile!)).buffer as ArrayBuffer);
  const ws = wb.getWorksheet("错误报告")!;
  expect(ws.getRow(1).values).toEqual([undefined, "行号", "列", "问题"]);
  expect(ws.rowCount).toBe(4);

  // fix the file: a correct credit code, a real county, an integer amount
  await page.getByRole("link", { name: "重新上传" }).click();
  const good1Fixed = good1.replace(BAD_CODE, GOOD_CODE);
  await page
    .getByLabel("选择文件（.xlsx 或 .csv）")
    .setInputFiles({ name: "第二次.csv", mimeType: "text/csv", buffer: csv([good1Fixed, fixed2]) });
  await page.getByRole("button", { name: "上传并检查" }).click();
  await expect(page.getByRole("heading", { name: "检查通过：请核对后确认导入" })).toBeVisible();
  await expect(page.getByRole("table", { name: "导入预览" }).getByRole("row")).toHaveCount(3);
  await noSeriousA11yIssues(page);
  await page.getByRole("button", { name: "确认导入 2 行" }).click();
  await expect(page.getByRole("heading", { name: "导入完成" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "已导入 2 个项目" })).toBeVisible();

  await page.getByRole("link", { name: "在项目库中查看" }).click();
  await page.getByLabel("搜索项目或企业").fill("端到端导入测试项目");
  await page.getByLabel("搜索项目或企业").press("Enter");
  await expect(page.getByText("共 2 个项目")).toBeVisible();
  await expect(page.getByRole("link", { name: "端到端导入测试项目甲" })).toBeVisible();
  await page.getByRole("link", { name: "端到端导入测试项目甲" }).click();
  await expect(page.getByRole("heading", { name: "端到端导入测试项目甲" })).toBeVisible();
  // the stage comes from the imported milestone dates
  await expect(page.locator(".page-head").getByText("已落地")).toBeVisible();
});

test("export: the register as filtered downloads as Excel with every row and exact 万元", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/projects?year=2017&transformation=1&pool=ACTIVE&sort=totalInvestment&dir=desc");
  await expect(page.getByText("共 61 个项目")).toBeVisible();
  const firstTotal = await page
    .locator("tbody tr")
    .first()
    .locator("td")
    .nth(3)
    .locator("[title]")
    .getAttribute("title");
  const dl = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 Excel" }).click();
  const d = await dl;
  expect(d.suggestedFilename()).toMatch(/^项目库导出-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile((await d.path())!)).buffer as ArrayBuffer);
  const ws = wb.getWorksheet("项目库")!;
  expect(ws.rowCount).toBe(62); // header + every one of the 61, not just the 20 on screen
  const headers = ws.getRow(1).values as unknown[];
  const totalCol = headers.indexOf("总投资（万元）");
  // the page shows "1,000,000万元" in the cell's title; the file holds the integer
  expect(`${Number(ws.getRow(2).getCell(totalCol).value).toLocaleString("en-US")}万元`).toBe(firstTotal);

  const csvDl = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 CSV" }).click();
  const csvBytes = await readFile((await (await csvDl).path())!);
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csvBytes.toString("utf8").split("\r\n").filter(Boolean).length).toBe(62);
});

test("dynamic adjustment: move a lagging project out with a reason, see the totals change, move it back", async ({
  page,
}) => {
  await loginAs(page, "bureau");
  await page.goto("/adjustments");
  await expect(page.getByRole("heading", { name: "重点项目动态调整" })).toBeVisible();
  await noSeriousA11yIssues(page);
  const now = page.getByRole("group", { name: "调整前后对比" });
  await expect(now).toContainText("调整后（当前计划）61 个");

  const link = page.getByRole("link", { name: /^调出：/ }).first();
  const name = ((await link.getAttribute("aria-label")) ?? "").replace("调出：", "");
  const movePath = ((await link.getAttribute("href")) ?? "").split("?")[0];
  await link.click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByRole("row", { name: /调整后：调出至预备项目库 60 个/ })).toBeVisible();

  // a reason is required, next to the field
  await page.getByRole("button", { name: "确认调出至预备项目库" }).click();
  await expect(page.getByText("请填写调整理由（至少 4 个字），说明项目推进情况")).toBeVisible();
  await page.getByLabel("调整理由").fill("端到端测试：竣工投产严重滞后，调出年度计划");
  await page.getByRole("button", { name: "确认调出至预备项目库" }).click();
  await expect(page).toHaveURL(/\/adjustments\?year=2017/);
  await expect(page.getByRole("status").filter({ hasText: `已将“${name}”调出至预备项目库` })).toBeVisible();
  await expect(now).toContainText("调整后（当前计划）60 个");
  await expect(page.getByRole("cell", { name: "端到端测试：竣工投产严重滞后，调出年度计划" })).toBeVisible();
  await noSeriousA11yIssues(page);

  // and back in, so the plan is as it was for the other tests
  await page.goto(movePath);
  await page.getByLabel("调入年度计划").check();
  await page.getByLabel("调整理由").fill("端到端测试：恢复原计划");
  await page.getByRole("button", { name: "确认调入年度计划" }).click();
  await expect(now).toContainText("调整后（当前计划）61 个");
});

test("leaders see the adjustment screen read-only; a county gets 403", async ({ page, context }) => {
  await loginAs(page, "leader");
  await page.goto("/adjustments");
  await expect(page.getByText("只读")).toBeVisible();
  await expect(page.getByRole("link", { name: /^调出：/ })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据导入" })).toHaveCount(0);
  await context.clearCookies();
  await loginAs(page, "county.yuci");
  const res = await page.goto("/adjustments");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
});

test("pages work at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "bureau");
  for (const path of ["/import", "/adjustments"]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});
