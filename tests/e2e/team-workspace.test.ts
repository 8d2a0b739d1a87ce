// The service-team workspace in Chromium. Every test works on projects it creates itself (as `bureau`, through
// the create-project form or its endpoint) and assigns to team 1, so other tests' use of team 1's demo projects
// is unaffected. Stage order is SIGNED → LAND → FUNDING → STARTED: "logs LAND then STARTED" passes through
// FUNDING, whose evidence (the first receipt) also creates the first funding record.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const uniq = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Today on the application clock: the e2e database is freshly seeded, so its demo clock started at 2017-11-20 09:00
 * Beijing when the server first answered (docs/decisions/060). */
function chinaToday(): string {
  return "2017-11-20";
}
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function switchUser(page: Page, username: string) {
  await page.context().clearCookies();
  await loginAs(page, username);
}

/** Creates a signed project as the bureau through the action (the form itself is exercised in the first test). */
async function createSignedProject(page: Page, name: string, teamNo: number | null) {
  await switchUser(page, "bureau");
  await page.goto("/projects/new");
  const county = await page.getByLabel("县区").locator("option").nth(1).getAttribute("value");
  const industry = await page.getByLabel("产业").locator("option").nth(1).getAttribute("value");
  let teamId = "";
  if (teamNo) {
    const opt = page.getByLabel("服务小组").locator("option", { hasText: new RegExp(`^第${teamNo}专业化服务小组`) });
    teamId = (await opt.getAttribute("value")) ?? "";
  }
  const res = await page.request.post("/projects/new", {
    form: {
      name,
      countyId: county!,
      industryId: industry!,
      origin: "ATTRACTION",
      totalInvestment: "30000",
      planYear: "2017",
      enterpriseMode: "none",
      serviceTeamId: teamId,
      signedOn: "2017-03-01",
      signEvidenceNo: `JZTZ-E2E-${name}`,
      // the new-project form's one-time token, as the form would post it (docs/decisions/093)
      createToken: await page.locator('input[name="createToken"]').first().inputValue(),
    },
  });
  expect(res.ok()).toBe(true);
  const id = Number(new URL(res.url()).pathname.split("/").pop());
  expect(id).toBeGreaterThan(0);
  return id;
}

async function logMilestone(
  page: Page,
  opts: { date: string; evidence: string; amount?: string; source?: string; file?: boolean },
) {
  await page.getByLabel("实际完成日期").fill(opts.date);
  await page.getByLabel("凭证编号").fill(opts.evidence);
  if (opts.amount) await page.getByLabel("首笔到位金额（万元）").fill(opts.amount);
  if (opts.source) await page.getByLabel("资金来源").fill(opts.source);
  if (opts.file)
    await page
      .getByLabel("凭证附件", { exact: true })
      .setInputFiles({ name: "凭证.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: /^登记「/ }).click();
}

test("bureau creates a project, EIC assigns it to team 1, team01 logs LAND → FUNDING → STARTED with evidence; stage and register follow", async ({
  page,
}) => {
  const name = `E2E测试装备项目${uniq()}`;
  await switchUser(page, "bureau");
  await page.goto("/projects");
  await page.getByRole("link", { name: "新建项目" }).click();
  await expect(page.getByRole("heading", { name: "新建项目" })).toBeVisible();
  await page.getByLabel("项目名称", { exact: true }).fill(name);
  await page.getByLabel("县区").selectOption({ label: "榆次区" });
  await page.getByLabel("产业").selectOption({ index: 1 });
  await page.getByLabel("总投资（万元）").fill("30000");
  await page.getByLabel("签约额（万元）").fill("28000");
  await page.getByRole("radio", { name: "暂无（如本地技改）" }).check();
  await page.getByLabel("签约日期").fill("2017-03-01");
  await page.getByLabel("投资协议（合同）编号").fill("JZTZ-2017-E2E");
  await page.getByRole("button", { name: "创建项目" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.locator(".page-head .badge").first()).toHaveText("已签约");
  const projectUrl = new URL(page.url()).pathname;

  // EIC assigns it to team 1 from the team's assignment page (tick → assign)
  await switchUser(page, "eic");
  await page.goto("/teams");
  await page.getByRole("link", { name: /^第1专业化服务小组/ }).click();
  await page.getByRole("link", { name: "分配项目或企业" }).click();
  await page.getByLabel("搜索项目").fill(name);
  await page.getByRole("button", { name: "查询" }).click();
  await page.getByRole("checkbox", { name: `选择 ${name}` }).check();
  await page.getByRole("button", { name: "将勾选的项目分配给本组" }).click();
  await expect(page.getByRole("status")).toHaveText("已分配 1 个项目");

  await switchUser(page, "team01");
  await page.goto("/");
  await expect(page).toHaveURL(/\/my-work$/);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${projectUrl}$`));
  await page.getByRole("link", { name: "登记进度" }).click();
  await expect(page.getByLabel("阶段", { exact: true })).toHaveValue("LAND");
  await expect(page.getByText("需填写：土地出让合同或不动产权证书编号")).toBeVisible();
  await logMilestone(page, { date: "2017-05-10", evidence: "晋中国土出〔2017〕88号", file: true });
  await expect(page).toHaveURL(new RegExp(`${projectUrl}$`));
  await expect(page.getByRole("status")).toHaveText("已登记「落地（供地）」");
  await expect(page.locator(".page-head .badge").first()).toHaveText("已落地");
  await expect(page.getByRole("link", { name: "凭证.pdf" })).toBeVisible();

  await page.getByRole("link", { name: "登记进度" }).click();
  await expect(page.getByLabel("阶段", { exact: true })).toHaveValue("FUNDING");
  await logMilestone(page, {
    date: "2017-06-20",
    evidence: "进账单 HD-2017-0620",
    amount: "5000",
    source: "企业自有资金",
  });
  await expect(page.locator(".page-head .badge").first()).toHaveText("资金到位");
  await expect(page.getByRole("cell", { name: "5,000万元" })).toBeVisible();

  await page.getByRole("link", { name: "登记进度" }).click();
  await expect(page.getByLabel("阶段", { exact: true })).toHaveValue("STARTED");
  await expect(page.getByText("需填写：建筑工程施工许可证编号")).toBeVisible();
  await logMilestone(page, { date: "2017-08-01", evidence: "140702201708010101" });
  await expect(page.locator(".page-head .badge").first()).toHaveText("已开工");
  await expect(page.getByRole("heading", { name: "里程碑历史" })).toBeVisible();
  await expect(page.getByText("登记「开工」", { exact: true })).toBeVisible();

  // the register shows the new stage
  await page.goto(`/projects?q=${encodeURIComponent(name)}`);
  const row = page.locator("tbody tr", { hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.locator(".badge")).toHaveText("已开工");

  // the evidence file downloads for the team, under its name
  await page.goto(projectUrl);
  const href = await page.getByRole("link", { name: "凭证.pdf" }).getAttribute("href");
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toContain("attachment;");
  expect(Buffer.from(await file.body()).equals(PDF)).toBe(true);
});

test("team01 cannot log on a project that is not assigned to it: the server refuses, not just the UI", async ({
  page,
}) => {
  const id = await createSignedProject(page, `E2E未分配项目${uniq()}`, null);
  await switchUser(page, "team01");
  const res = await page.goto(`/projects/${id}/milestones`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  // a hand-made POST (as if the button were there) is refused by the action
  const post = await page.request.post(`/projects/${id}/milestones`, {
    form: { intent: "log", stage: "LAND", actualOn: "2017-05-10", evidenceNo: "伪造", version: "0" },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(404);
  await switchUser(page, "bureau");
  await page.goto(`/projects/${id}`);
  await expect(page.locator(".page-head .badge").first()).toHaveText("已签约");
});

test("invalid input shows a Chinese message next to the field: skipped stage, future date, missing evidence, negative amount", async ({
  page,
}) => {
  const id = await createSignedProject(page, `E2E校验项目${uniq()}`, 1);
  await switchUser(page, "team01");
  await page.goto(`/projects/${id}/milestones`);

  await page.getByLabel("阶段", { exact: true }).selectOption("STARTED");
  await logMilestone(page, { date: "2017-05-10", evidence: "140702201705100101" });
  await expect(page.locator("#log-stage-error")).toHaveText("须先登记「落地（供地）」，不能跳过");
  await expect(page.getByLabel("阶段", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("阶段", { exact: true }).selectOption("LAND");
  await logMilestone(page, { date: addDays(chinaToday(), 1), evidence: "" });
  await expect(page.locator("#log-actualOn-error")).toHaveText(`实际日期不能晚于今天（${chinaToday()}）`);
  await expect(page.locator("#log-evidenceNo-error")).toHaveText("请填写土地出让合同或不动产权证书编号");
  await expect(page.getByLabel("凭证编号")).toHaveAttribute("aria-describedby", /log-evidenceNo-error/);
  await expect(page).toHaveURL(new RegExp(`/projects/${id}/milestones$`));

  await page.goto(`/projects/${id}/funding`);
  await page.getByLabel("到位日期").fill("2017-06-01");
  await page.getByLabel("到位金额（万元）").fill("-500");
  await page.getByLabel("资金来源").fill("银行贷款");
  await page.getByRole("button", { name: "登记到位资金" }).click();
  await expect(page.locator("#f-amount-error")).toHaveText("金额须大于 0（万元）");
  await expect(page.getByText("暂无资金到位记录。")).toBeVisible();
});

test("before JavaScript loads, the form posts natively and the server's message appears next to the field", async ({
  browser,
}) => {
  const setup = await browser.newPage();
  const id = await createSignedProject(setup, `E2E无脚本项目${uniq()}`, 1);
  await setup.close();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await loginAs(page, "team01");
  await page.goto(`/projects/${id}/milestones`);
  await page.getByLabel("阶段", { exact: true }).selectOption("FUNDING");
  await page.getByLabel("实际完成日期").fill("2017-05-10");
  await page.getByLabel("凭证编号").fill("HD-1");
  await page.getByRole("button", { name: /^登记「/ }).click();
  await expect(page.locator("#log-stage-error")).toHaveText("须先登记「落地（供地）」，不能跳过");
  await page.getByLabel("阶段", { exact: true }).selectOption("LAND");
  await page.getByLabel("实际完成日期").fill("2017-05-10");
  await page.getByLabel("凭证编号").fill("晋中国土出〔2017〕9号");
  await page.getByRole("button", { name: /^登记「/ }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${id}$`));
  await expect(page.locator(".page-head .badge").first()).toHaveText("已落地");
  await context.close();
});

test.describe("on a phone (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("team01 completes the logging flow from My work", async ({ page }) => {
    const name = `E2E手机项目${uniq()}`;
    const id = await createSignedProject(page, name, 1);
    await switchUser(page, "team01");
    await page.goto("/my-work");
    await page.getByRole("link", { name: new RegExp(`^登记进度\\s*：${name}$`) }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${id}/milestones$`));
    const noSideways = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(noSideways).toBe(true);
    await logMilestone(page, { date: "2017-04-20", evidence: "晋中国土出〔2017〕66号", file: true });
    await expect(page).toHaveURL(new RegExp(`/projects/${id}$`));
    await expect(page.locator(".page-head .badge").first()).toHaveText("已落地");
    await page.getByRole("link", { name: "登记进度" }).click();
    await logMilestone(page, { date: "2017-05-20", evidence: "HD-2017-0520", amount: "3000", source: "银行贷款" });
    await expect(page.locator(".page-head .badge").first()).toHaveText("资金到位");
  });
});

test("the workspace pages have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(240_000); // eight full axe scans and a project created; slow on a loaded 2-core machine
  const check = async (path: string) => {
    await page.goto(path);
    const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map(
        (v) =>
          `${path} ${v.id}: ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
      ),
    ).toEqual([]);
  };
  const id = await createSignedProject(page, `E2E无障碍项目${uniq()}`, 1);
  await switchUser(page, "team01");
  await check("/my-work");
  await check(`/projects/${id}/milestones`);
  await check(`/projects/${id}/investment`);
  await check(`/projects/${id}/tasks`);
  await switchUser(page, "bureau");
  await check("/projects/new");
  await check(`/projects/${id}/edit`);
  await switchUser(page, "eic");
  await check("/teams");
  await check("/teams/1/assign");
});
