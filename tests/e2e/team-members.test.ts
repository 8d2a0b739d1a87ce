// Team membership in Chromium (issue 15 §4, decision 160): the bureau moves a member of 第7组 to 第8组 at desktop size,
// then on a phone (390×844) makes them 组长 of 第8组; both team pages list the change in 成员变动记录 (the old team's row
// closed, the new team's 组员 and 组长 rows open).
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

const FROM = "第7专业化服务小组（光伏及煤层气）";
const TO = "第8专业化服务小组（现代煤化工）";

test("the bureau moves a member to another team and makes them 组长; the team pages show the history", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await loginAs(page, "bureau");
  await page.goto("/teams");
  await page.getByRole("link", { name: TO }).click();
  await expect(page.getByRole("heading", { level: 1, name: TO })).toBeVisible();
  const toUrl = new URL(page.url()).pathname;
  await page.goto("/teams");
  await page.getByRole("link", { name: FROM }).click();
  await expect(page.getByRole("heading", { level: 1, name: FROM })).toBeVisible();
  const fromUrl = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "调整成员" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `调整成员 · ${FROM}` })).toBeVisible();
  await hydrated(page);

  // the last member (not the 组长) goes to 第8组
  const members = page.getByRole("table", { name: `${FROM}现有成员` });
  const name = (await members.getByRole("rowheader").last().innerText()).trim();
  expect(name).not.toContain("组长");
  await page.getByLabel(`${name}调至`).selectOption({ label: TO });
  await page.getByRole("button", { name: `调整：${name}` }).click();
  await expect(page.getByText("已调至其他小组")).toBeVisible();
  await expect(members.getByRole("rowheader", { name })).toHaveCount(0);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: "test-results/team-members-desktop.png", fullPage: true });

  // on a phone: make them 组长 of 第8组
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await loginAs(phone, "bureau");
  await phone.goto(toUrl);
  await phone.getByRole("link", { name: "调整成员" }).click();
  await expect(phone.getByRole("heading", { level: 1, name: `调整成员 · ${TO}` })).toBeVisible();
  await hydrated(phone);
  await phone.getByRole("button", { name: `设为组长：${name}` }).click();
  await expect(phone.getByText("已指定为组长")).toBeVisible();
  const row = phone.getByRole("table", { name: `${TO}现有成员` }).getByRole("row", { name: new RegExp(name) });
  await expect(row.getByText("组长", { exact: true })).toBeVisible();

  // 第8组's page: their 组员 and 组长 periods open today; 第7组's: their period closed
  await phone.goto(toUrl);
  const history = phone.getByRole("table", { name: `${TO}成员与组长的任职记录` });
  await expect(
    history.getByRole("row", { name: new RegExp(`${name}\\s+组长\\s+\\d{4}-\\d{2}-\\d{2} 至 今`) }),
  ).toBeVisible();
  await expect(
    history.getByRole("row", { name: new RegExp(`${name}\\s+组员\\s+\\d{4}-\\d{2}-\\d{2} 至 今`) }),
  ).toBeVisible();
  await phone.screenshot({ path: "test-results/team-history-390.png", fullPage: true });
  await phone.goto(fromUrl);
  const old = phone.getByRole("table", { name: `${FROM}成员与组长的任职记录` });
  await expect(
    old.getByRole("row", { name: new RegExp(`${name}\\s+组员\\s+2017-03-28 至 \\d{4}-\\d{2}-\\d{2}`) }),
  ).toBeVisible();
  await noSeriousA11yIssues(phone);
});
