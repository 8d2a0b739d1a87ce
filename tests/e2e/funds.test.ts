// 专项资金 in Chromium (issue 18 §2, decision 205): 榆次区 applies to the PPP专项资金 for one of its projects with a
// document; the bureau reviews, approves and disburses it; /funds shows the balance down by the commitment, and the
// project's 资金到位 record links back to the disbursement.
import { expect, hydrated, loginAs, test } from "./fixtures";

const wanOf = (title: string | null) => Number((title ?? "").replace(/[^\d]/g, ""));

test("apply, approve, disburse: the balance falls and the funding record links to the disbursement", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await loginAs(page, "county.yuci");
  await page.goto("/funds");
  await page.getByRole("link", { name: "PPP专项资金" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "PPP专项资金" })).toBeVisible();
  await hydrated(page);
  const select = page.getByLabel("申请项目");
  await select.selectOption({ index: 1 });
  const project = (await select.locator("option:checked").textContent())!.trim();
  await page.getByLabel("资金用途", { exact: true }).selectOption({ label: "项目引导" });
  await page.getByLabel("申请金额（万元）").fill("300");
  await page.getByLabel("资金用途说明").fill("PPP项目实施方案编制");
  await page.getByLabel("申请材料").setInputFiles({
    name: "资金申请书.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4 资金申请书"),
  });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByRole("heading", { level: 1, name: project })).toBeVisible();
  await expect(page.getByText("已申请（待审核）").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "资金申请书.pdf" })).toBeVisible();
  const applicationUrl = page.url();

  await loginAs(page, "bureau");
  await page.goto("/funds");
  const pppRow = page.getByRole("row", { name: /PPP专项资金/ });
  const before = wanOf(await pppRow.getByTestId("balance").locator("span").getAttribute("title"));
  await page.goto(applicationUrl);
  await hydrated(page);
  await page.getByRole("button", { name: "提交审核意见" }).click();
  await expect(page.getByText("审核通过（待批复）").first()).toBeVisible();
  await hydrated(page);
  await page.getByLabel("批复文号").fill("晋中财建〔2017〕E2E号");
  await page.getByRole("button", { name: "批复", exact: true }).click();
  await expect(page.getByText("已批复").first()).toBeVisible();
  await hydrated(page);
  await page.getByLabel("拨付凭证号").fill("JZCZ-PPP-E2E-01");
  await page.getByRole("button", { name: "登记拨付" }).click();
  await expect(page.getByRole("cell", { name: "JZCZ-PPP-E2E-01" })).toBeVisible();

  await page.goto("/funds");
  const after = wanOf(await pppRow.getByTestId("balance").locator("span").getAttribute("title"));
  expect(after).toBe(before - 300);

  await page.goto(applicationUrl);
  await page.getByRole("link", { name: /到位记录/ }).click();
  await expect(page.getByRole("heading", { name: "到位记录" })).toBeVisible();
  await page.getByRole("link", { name: /拨付凭证 JZCZ-PPP-E2E-01/ }).click();
  await expect(page).toHaveURL(applicationUrl);
});
