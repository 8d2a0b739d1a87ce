// One-time form tokens in the browser (docs/decisions/093): the page's create forms carry a token, a new one after
// each save, so entering two records one after the other on the same page makes two rows; and the same filled form
// sent twice makes one.
import type { Page } from "@playwright/test";
import { expect, hydrated, loginAs, test } from "./fixtures";

const uniq = () => Math.random().toString(36).slice(2, 8);

async function firstTeamProject(page: Page): Promise<string> {
  await page.goto("/projects");
  const hrefs = await page.locator("table a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => /^\/projects\/\d+$/.test(h));
  expect(href, "a project of team01 in the register").toBeTruthy();
  return href!;
}

test("two funding records entered one after the other on the same page are both saved", async ({ page }) => {
  await loginAs(page, "team01");
  const project = await firstTeamProject(page);
  await page.goto(`${project}/funding`);
  await hydrated(page);
  const first = page.locator('input[name="createToken"]');
  const tokenBefore = await first.inputValue();
  expect(tokenBefore).toMatch(/^[0-9a-f-]{36}$/);
  const notes = [`第一笔${uniq()}`, `第二笔${uniq()}`];
  for (const note of notes) {
    await page.getByLabel("到位日期").fill("2017-10-10");
    await page.getByLabel("到位金额（万元）").fill("100");
    await page.getByLabel("资金来源").fill("银行贷款");
    await page.getByLabel("备注（凭证号等）").fill(note);
    await page.getByRole("button", { name: "登记到位资金" }).click();
    await expect(page.getByRole("cell", { name: note })).toBeVisible();
  }
  expect(await first.inputValue()).not.toBe(tokenBefore);
  for (const note of notes) await expect(page.getByRole("cell", { name: note })).toHaveCount(1);
});

test("the service-log form sent twice as the page filled it (a double click, a retry) saves one log", async ({
  page,
}) => {
  await loginAs(page, "team01");
  const project = await firstTeamProject(page);
  await page.goto(`${project}/service-logs`);
  const content = `重复提交${uniq()}`;
  await page.getByLabel("参加人员").fill("张三");
  await page.getByLabel("服务内容").fill(content);
  // exactly what the browser would post: the form's own fields, its one-time token included
  const form = page.locator("form").filter({ has: page.getByLabel("服务内容") });
  const fields = await form.evaluate((f) =>
    Object.fromEntries([...new FormData(f as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)])),
  );
  expect(fields.createToken).toMatch(/^[0-9a-f-]{36}$/);
  const answers = await Promise.all(
    [1, 2].map(() => page.request.post(`${project}/service-logs`, { form: fields, maxRedirects: 0 })),
  );
  expect(answers.map((a) => a.status())).toEqual([302, 302]);
  await page.reload();
  await expect(page.getByText(content)).toHaveCount(1);
});
