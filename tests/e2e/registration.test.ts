// 企业自助注册 in Chromium (issue 15 "Done when"): an enterprise applies at /register with its licence, county.yuci
// approves it, the enterprise signs in with the one-time password, must change it, and submits an issue; the same
// credit code applied for again is refused with the one duplicate message.
import type { Browser, Page } from "@playwright/test";
import { creditCodeCheckChar } from "../../app/domain/creditCode";
import { DUPLICATE_CODE_MESSAGE } from "../../app/domain/registration";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

async function newPage(browser: Browser, viewport?: { width: number; height: number }) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  return context.newPage();
}

async function apply(page: Page, code: string, name: string) {
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("企业名称").fill(name);
  await page.getByLabel("所在县区").selectOption({ label: "榆次区" });
  await page.getByLabel("联系人姓名").fill("王建国");
  await page.getByLabel("联系电话").fill("13935400000");
  await page
    .getByLabel("营业执照扫描件")
    .setInputFiles({ name: "营业执照.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% licence\n") });
  await page.getByRole("button", { name: "提交申请" }).click();
}

test("an enterprise registers, county.yuci approves, the enterprise changes its password and submits an issue", async ({
  browser,
}) => {
  test.setTimeout(240_000); // four browsers on a shared machine
  const first17 = `91140702MA0E${String(Date.now() % 100000).padStart(5, "0")}`;
  const code = first17 + creditCodeCheckChar(first17);
  const name = `晋中榆次新材料科技有限公司${first17.slice(-5)}`;

  // the public form, reached from the sign-in page
  const ent = await newPage(browser);
  await ent.goto("/login");
  await ent.getByRole("link", { name: "企业注册申请" }).click();
  await expect(ent.getByRole("heading", { name: "企业注册申请" })).toBeVisible();
  await noSeriousA11yIssues(ent);
  await hydrated(ent);
  // a wrong check digit is refused next to the field
  await ent.getByLabel("统一社会信用代码").fill(first17 + (code.endsWith("0") ? "1" : "0"));
  await ent.getByLabel("企业名称").click();
  await expect(ent.getByText("统一社会信用代码校验位不正确，请核对")).toBeVisible();
  await apply(ent, code, name);
  await expect(ent.getByRole("heading", { name: "申请已提交" })).toBeVisible();

  // the same code again: refused, naming nobody
  const again = await newPage(browser);
  await again.goto("/register");
  await hydrated(again);
  await apply(again, code, "另一家公司");
  await expect(again.getByText(DUPLICATE_CODE_MESSAGE)).toBeVisible();

  // county.yuci approves
  const county = await newPage(browser);
  await loginAs(county, "county.yuci");
  await county.goto("/");
  await county.getByRole("link", { name: "企业注册审核" }).click();
  await county.getByRole("link", { name }).click();
  await expect(county.getByRole("link", { name: "营业执照.pdf" })).toBeVisible();
  await noSeriousA11yIssues(county);
  await county.getByRole("button", { name: "通过并开通账号" }).click();
  const username = `ent.${code.toLowerCase()}`;
  await expect(county.getByRole("heading", { name: `已通过，已开通企业账号 ${username}` })).toBeVisible();
  const otp = (await county.getByTestId("one-time-password").textContent())!.trim();
  expect(otp).toHaveLength(12);

  // the enterprise signs in with the one-time password and must change it
  const me = await newPage(browser);
  await me.goto("/login");
  await me.getByLabel("用户名").fill(username);
  await me.getByLabel("密码").fill(otp);
  await me.getByRole("button", { name: "登录" }).click();
  await expect(me).toHaveURL(/\/account\/password$/);
  await me.getByLabel("当前密码").fill(otp);
  await me.getByLabel("新密码", { exact: true }).fill("Yuci#2017newpw");
  await me.getByLabel("确认新密码").fill("Yuci#2017newpw");
  await me.getByRole("button", { name: "修改密码" }).click();
  await expect(me).not.toHaveURL(/\/account\/password$/);

  // and submits an issue (no project yet: the county is the enterprise's)
  await me.goto("/issues/new");
  await me.getByLabel("诉求类别").selectOption({ label: "审批手续" });
  await me.getByLabel("标题").fill("新厂房环评手续咨询");
  await me.getByLabel("问题描述").fill("新建厂房需办理环评，请协助明确办理流程和所需材料。");
  await me.getByRole("button", { name: "提交诉求" }).click();
  await expect(me).toHaveURL(/\/issues\/\d+$/);
  await expect(me.getByRole("heading", { level: 1, name: "新厂房环评手续咨询" })).toBeVisible();
});

test("the registration pages at 390×844 (screenshots)", async ({ browser }) => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await page.goto("/register");
  await expect(page.getByRole("button", { name: "提交申请" })).toBeVisible();
  await page.screenshot({ path: "test-results/registration-form-390.png", fullPage: true });
  await loginAs(page, "county.yuci");
  await page.goto("/registrations?status=APPROVED");
  await expect(page.getByRole("heading", { name: "企业注册审核" })).toBeVisible();
  await page.screenshot({ path: "test-results/registrations-390.png", fullPage: true });
});
