// 企业库 联系人 and 合并重复记录 in Chromium (issue 15 §1, docs/decisions/113 and 118): 市经信委 registers the same
// enterprise twice (a second record under a different code, as happens with a typo'd import), keeps contacts on both,
// changes and removes one, then merges the duplicate into the first: its contacts move, the duplicate is gone.
import { randomUUID } from "node:crypto";
import { makeCreditCode } from "../../app/domain/creditCode";
import type { Page } from "@playwright/test";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

async function register(page: Page, name: string) {
  const code = makeCreditCode("91", "140702", randomUUID().replace(/-/g, "").slice(0, 9).toUpperCase());
  await page.goto("/enterprises/new");
  await hydrated(page);
  await page.getByLabel("企业名称").fill(name);
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("所在县区").selectOption({ label: "榆次区" });
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return { code, url: new URL(page.url()).pathname };
}

async function addContact(page: Page, name: string, title: string, phone: string) {
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("职务").fill(title);
  await page.getByLabel("电话").fill(phone);
  await page.getByRole("button", { name: "添加联系人" }).click();
  await expect(page.getByText("联系人已添加")).toBeVisible();
  await expect(page.getByLabel("姓名")).toHaveValue(""); // the form is empty for the next one
}

test("市经信委 keeps an enterprise's contacts and merges its duplicate record into it", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "eic");
  const tag = randomUUID().slice(0, 4);
  const keep = await register(page, `晋中联系人测试机械有限公司${tag}`);
  const dup = await register(page, `晋中联系人测试机械公司${tag}`);

  // the duplicate: two contacts, one changed, one removed
  await page.goto(`${dup.url}/contacts`);
  await expect(page.getByRole("heading", { name: "联系人", level: 1 })).toBeVisible();
  await hydrated(page);
  const table = page.getByRole("table", { name: "联系人" });
  await expect(table.getByText("暂无联系人")).toBeVisible();
  await addContact(page, "刘志强", "总经理", "13900001111");
  await addContact(page, "赵敏", "办公室主任", "13900002222");
  await page.getByRole("link", { name: "修改 刘志强" }).click();
  await expect(page.getByRole("button", { name: "保存联系人" })).toBeVisible();
  await expect(page.getByLabel("职务")).toHaveValue("总经理");
  await page.getByLabel("职务").fill("董事长");
  await page.getByRole("button", { name: "保存联系人" }).click();
  await expect(page.getByText("联系人已保存")).toBeVisible();
  await page.getByRole("button", { name: "删除 赵敏" }).click();
  await expect(page.getByText("联系人已删除")).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2); // header + 刘志强
  await expect(table.getByRole("row", { name: /刘志强.*董事长.*13900001111/ })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: test.info().outputPath("contacts-390.png"), fullPage: true });

  // the record to keep has its own contact; merge the duplicate into it
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${keep.url}/contacts`);
  await hydrated(page);
  await addContact(page, "孙丽", "财务总监", "13900003333");
  await page.goto(keep.url);
  await page.getByRole("link", { name: "合并重复记录" }).click();
  await expect(page.getByRole("heading", { name: "合并重复记录", level: 1 })).toBeVisible();
  await page.getByRole("searchbox", { name: "查找重复记录" }).fill(dup.code);
  await page.getByRole("button", { name: "查找" }).click();
  await page.getByRole("link", { name: new RegExp(`选为重复记录\\s*：晋中联系人测试机械公司${tag}`) }).click();
  await expect(page.getByRole("row", { name: /联系人\s*1 位\s*1 位/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("merge-desktop.png"), fullPage: true });
  await hydrated(page);
  await page.getByRole("button", { name: `确认合并：将「晋中联系人测试机械公司${tag}」并入本企业` }).click();

  await expect(page.getByRole("heading", { name: `晋中联系人测试机械有限公司${tag}`, level: 1 })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText(/已将「晋中联系人测试机械公司.*」并入本企业：.*联系人 1 位/)).toBeVisible();
  const contacts = page.getByRole("region", { name: "联系人" }).getByRole("table", { name: "联系人" });
  await expect(contacts.getByRole("row", { name: /刘志强.*董事长/ })).toBeVisible();
  await expect(contacts.getByRole("row", { name: /孙丽.*财务总监/ })).toBeVisible();
  // the duplicate record is gone: its page is a 404 and its code finds nothing
  const gone = await page.goto(dup.url);
  expect(gone?.status()).toBe(404);
  await page.goto(`/enterprises?q=${dup.code}`);
  await expect(page.getByText("共 0 家企业")).toBeVisible();
});
