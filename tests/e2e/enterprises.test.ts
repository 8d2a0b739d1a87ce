// 企业库 in Chromium (issue 15 §1): find an enterprise by its credit code, read its profile, find its projects in the
// register by the same code; register a new enterprise (a wrong check digit is refused next to the field) and edit it.
import { randomUUID } from "node:crypto";
import { makeCreditCode } from "../../app/domain/creditCode";
import { expect, hydrated, loginAs, noSeriousA11yIssues, test } from "./fixtures";

test("the bureau finds 吉利 by name and by credit code, and the register finds its projects by that code", async ({
  page,
}) => {
  await loginAs(page, "bureau");
  await page.goto("/");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "企业库" }).click();
  await expect(page.getByRole("heading", { name: "企业库" })).toBeVisible();
  await page.getByLabel("搜索企业").fill("吉利");
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByRole("link", { name: "浙江吉利控股集团有限公司" }).click();
  await expect(page.getByRole("heading", { name: "浙江吉利控股集团有限公司" })).toBeVisible();
  const projects = page.getByRole("region", { name: /^项目（\d+）$/ });
  await expect(projects.getByRole("link", { name: "吉利汽车零部件产业园" })).toBeVisible();
  await noSeriousA11yIssues(page);
  const code = (await page.locator("dt:text-is('统一社会信用代码') + dd").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{18}$/);

  await page.goto(`/enterprises?q=${code}`);
  await expect(page.getByText("共 1 家企业")).toBeVisible();
  await expect(page.getByRole("link", { name: "浙江吉利控股集团有限公司" })).toBeVisible();

  await page.goto("/projects");
  await page.getByLabel("搜索项目或企业").fill(code);
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByRole("link", { name: "吉利汽车零部件产业园" })).toBeVisible();
  await expect(page.getByRole("link", { name: "吉利新能源汽车研发中心" })).toBeVisible();
});

test("市经信委 registers an enterprise (a wrong check digit refused next to the field) and edits it", async ({
  page,
}) => {
  await loginAs(page, "eic");
  await page.goto("/enterprises");
  await page.getByRole("link", { name: "登记企业" }).click();
  await expect(page.getByRole("heading", { name: "登记企业", level: 1 })).toBeVisible();
  await hydrated(page);
  // a new code on every run (the code is unique), and the same code with a wrong check digit
  const good = makeCreditCode("91", "140702", randomUUID().replace(/-/g, "").slice(0, 9).toUpperCase());
  const wrong = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
  const name = `晋中端到端测试科技有限公司${good.slice(8, 12)}`;
  await page.getByLabel("企业名称").fill(name);
  await page.getByLabel("统一社会信用代码").fill(wrong);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("统一社会信用代码校验位不正确，请核对")).toBeVisible();
  await page.getByLabel("统一社会信用代码").fill(good);
  await page.getByLabel("所在县区").selectOption({ label: "榆次区" });
  await page.getByLabel("优势企业").check();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("优势企业").first()).toBeVisible();

  await page.getByRole("link", { name: "编辑企业" }).click();
  await expect(page.getByRole("heading", { name: "编辑企业", level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("地址").fill("晋中市榆次区测试路 1 号");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("晋中市榆次区测试路 1 号")).toBeVisible();
});

test("the leader's home lists 我领办的项目, and the register's 领办领导 filter gives the same projects", async ({
  page,
}) => {
  await loginAs(page, "leader");
  await page.goto("/");
  const section = page.getByRole("region", { name: "我领办的项目" });
  await expect(section).toBeVisible();
  const names = await section
    .getByRole("table", { name: "我领办的项目" })
    .locator("tbody tr td:first-child a")
    .allTextContents();
  expect(names.length).toBeGreaterThan(0);
  await section.getByRole("link", { name: "在项目库中查看" }).click();
  await expect(page).toHaveURL(/official=\d+/);
  await expect(page.getByText(`共 ${names.length} 个项目`)).toBeVisible();
  await page.goto(`${page.url()}&size=100`);
  for (const n of names.slice(0, 3)) await expect(page.getByRole("link", { name: n, exact: true })).toBeVisible();
});

test("a team logs a visit to a 优势企业 with no project and sees it on the enterprise page and its team page", async ({
  page,
}) => {
  await loginAs(page, "team01");
  await page.goto("/");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "本组" }).click();
  // the team's own 优势企业, from 服务的企业 on its page
  const assigned = page
    .getByRole("region", { name: "服务的企业" })
    .getByRole("listitem")
    .filter({ hasText: "优势企业" });
  const name = (await assigned.first().getByRole("link").textContent())!.trim();
  await assigned.first().getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "记录走访" }).click();
  await expect(page.getByRole("heading", { name: "走访记录", level: 1 })).toBeVisible();
  await hydrated(page);
  const content = `走访${name}，了解明年扩产计划和用工需求（端到端 ${Date.now()}）`;
  // the empty form is refused next to its fields, before anything is sent
  await page.getByRole("button", { name: "保存走访记录" }).click();
  await expect(page.getByText("请填写服务内容")).toBeVisible();
  await page.getByLabel("服务方式").selectOption({ label: "走访" });
  await page.getByLabel("参加人员").fill("服务小组组长、企业总经理");
  await page.getByLabel("服务内容").fill(content);
  await page.getByRole("button", { name: "保存走访记录" }).click();
  await expect(page.getByText(content)).toBeVisible();
  await noSeriousA11yIssues(page);

  await page.getByRole("link", { name, exact: true }).click();
  const logs = page.getByRole("region", { name: /^服务记录（\d+）$/ });
  await expect(logs.getByText(content)).toBeVisible();
  await expect(logs.getByRole("listitem").filter({ hasText: content })).toContainText("走访企业");

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "本组" }).click();
  await expect(page.getByRole("region", { name: "最近服务记录" }).getByRole("link", { name })).toBeVisible();
});
