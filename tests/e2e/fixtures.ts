// Shared Playwright fixtures: sign in as a demo user through the real sign-in form endpoint.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2017";

export async function loginAs(page: Page, username: string) {
  const res = await page.request.post("/login", {
    form: { username, password: DEMO_PASSWORD, redirectTo: "/" },
    maxRedirects: 0,
  });
  expect(res.status(), `sign-in as ${username}`).toBe(302);
}

/** Waits until React has hydrated the page (root.tsx sets html[data-hydrated]), for JavaScript-only controls. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** axe-core on the page as it is: no serious or critical WCAG 2 A/AA violations. */
export async function noSeriousA11yIssues(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    ),
  ).toEqual([]);
}

export const test = base.extend<{ loginAs: (username: string) => Promise<void> }>({
  loginAs: async ({ page }, use) => {
    await use((username) => loginAs(page, username));
  },
});
export { expect };
