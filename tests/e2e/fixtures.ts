// Shared Playwright fixtures: sign in as a demo user through the real sign-in form endpoint.
import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2017";

export async function loginAs(page: Page, username: string) {
  const res = await page.request.post("/login", {
    form: { username, password: DEMO_PASSWORD, redirectTo: "/" },
    maxRedirects: 0,
  });
  expect(res.status(), `sign-in as ${username}`).toBe(302);
}

export const test = base.extend<{ loginAs: (username: string) => Promise<void> }>({
  loginAs: async ({ page }, use) => {
    await use((username) => loginAs(page, username));
  },
});
export { expect };
