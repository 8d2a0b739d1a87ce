// The demo on its own calendar (issue 12, part 4), as a visitor sees it on the demo date 2017-11-20: the dashboard
// is as of that day, the default 月度通报 (2017-10) lists milestones and coordination issues, the issue queue shows
// all three 13710 clock colours, and team01's week list has no year-old leftovers.
import { expect, loginAs, test } from "./fixtures";

test("the bureau's dashboard, October report and issue queue are those of 2017-11-20", async ({ page }) => {
  await loginAs(page, "bureau");
  await page.goto("/");
  await expect(page.getByText(/截至2017年11月20日 · 序时进度/)).toBeVisible();

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "月度通报" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "晋中市2017年10月招商引资与转型项目推进情况通报" }),
  ).toBeVisible();
  for (const name of ["2017年10月项目节点推进", "2017年10月需市级/省级协调问题清单"]) {
    await expect(page.getByRole("table", { name }).locator("tbody").getByRole("row").first()).toBeVisible();
  }

  await page.goto("/issues");
  const queue = page.getByRole("table", { name: "诉求办理队列" });
  // the badge says its colour in words for screen readers: 正常 (green), 临期 (yellow), 超时 (red)
  for (const word of ["正常", "临期", "超时"]) {
    await expect(
      queue
        .getByRole("cell")
        .filter({ hasText: new RegExp(`^\\s*${word}：`) })
        .first(),
    ).toBeVisible();
  }
});

test("team01's 一周一清单 has nothing overdue by more than a year", async ({ page }) => {
  await loginAs(page, "team01");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "我的工作台" })).toBeVisible();
  const week = page.getByRole("region", { name: /^一周一清单/ });
  const dates = (await week.getByRole("listitem").allTextContents()).flatMap((t) =>
    [...t.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g)].map(
      ([, y, m, d]) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`,
    ),
  );
  expect(dates.length).toBeGreaterThan(0);
  for (const d of dates) expect(d >= "2016-11-20", `${d} is more than a year before 2017-11-20`).toBe(true);
});
