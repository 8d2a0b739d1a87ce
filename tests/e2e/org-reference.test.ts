// 组织机构 and the policy import in Chromium (issue 15 §4–5, decisions 161, 162, 186): the bureau adds a 领办领导 on
// /org, renames him and finds him by the new name (the old one is in 更名记录); deleting an industry projects still use
// is refused saying what uses it; a small XLSX of policies imported at /policies/import shows up in /policies. The
// officials' list at 390×844.
import ExcelJS from "exceljs";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("the bureau keeps reference data on /org and imports policies from an XLSX", async ({ page, browser }) => {
  const tag = String(Date.now() % 100000);
  const name = `测试领导${tag}`;
  const renamed = `测试领导${tag}乙`;
  await loginAs(page, "bureau");

  // a new 县级 领办领导, then renamed: same row, the old name kept in 更名记录
  await page.goto("/org/officials");
  await hydrated(page);
  const form = page.locator("section", { has: page.getByRole("heading", { name: "新增领办领导" }) });
  await form.getByLabel("姓名").fill(name);
  await form.getByLabel("职务").fill("副区长");
  await form.getByLabel("级别").selectOption({ label: "县级" });
  await form.getByLabel("所在县区").selectOption({ label: "榆次区" });
  await form.getByRole("button", { name: "新增" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByLabel("姓名").fill(renamed);
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(page.getByRole("region", { name: "更名记录" })).toContainText(`「${name}」更名为「${renamed}」`);

  // the list searches on the server: the new name finds him, with his level and county
  await page.getByRole("link", { name: "领办领导", exact: true }).click();
  await page.getByLabel("搜索领办领导").fill(renamed);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByRole("link", { name: renamed })).toBeVisible();
  await expect(page.getByRole("cell", { name: "县级 · 副区长 · 榆次区" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "领办领导列表（符合条件 1 个）" })).toBeVisible();

  // an industry projects and leads use cannot be deleted: the refusal says what uses it
  await page.goto("/org/industries");
  await page.getByLabel("搜索行业").fill("新材料");
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByRole("link", { name: "新材料", exact: true }).click();
  await page.getByRole("button", { name: "删除该行业" }).click();
  await expect(page.getByText(/^该行业仍被 \d+ 个项目(、\d+ 条招商线索)?引用，不能删除$/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "新材料" })).toBeVisible();

  // a small XLSX of policies: a city one and one of 榆次区
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("优惠政策");
  sheet.addRow(["适用县区", "类别", "政策名称", "政策内容", "生效日期", "失效日期"]);
  sheet.addRow(["市级", "基金", `转型升级贷款贴息${tag}`, "对转型项目贷款按同期基准利率的30%贴息。", "2017-06-01", ""]);
  sheet.addRow([
    "榆次区",
    "土地",
    `标准厂房先租后让${tag}`,
    "入驻标准厂房三年内租金减半，期满可按成本价购买。",
    "2017-07-01",
    "2019-12-31",
  ]);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  await page.goto("/policies");
  await page.getByRole("link", { name: "导入政策" }).click();
  await page.getByLabel("政策文件（XLSX 或 CSV）").setInputFiles({
    name: "政策清单.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: file,
  });
  await page.getByRole("button", { name: "导入" }).click();
  await expect(page).toHaveURL(/\/policies$/);
  await expect(page.getByText("已导入 2 条优惠政策")).toBeVisible();
  await expect(page.getByRole("link", { name: `转型升级贷款贴息${tag}` })).toBeVisible();
  await expect(page.getByRole("link", { name: `标准厂房先租后让${tag}` })).toBeVisible();

  // the officials' list on a phone: filters and rows as cards
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await loginAs(phone, "bureau");
  await phone.goto("/org/officials?q=榆次");
  await expect(phone.getByRole("link", { name: renamed })).toBeVisible();
  await noSeriousA11yIssues(phone);
  await phone.screenshot({ path: "test-results/org-officials-390.png", fullPage: true });
});
