import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3050";
const args = ["--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
const shots = JSON.parse(process.argv[2]);
for (const s of shots) {
  for (const [w, h, tag] of s.sizes ?? [[1366, 900, "wide"], [390, 844, "phone"]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await ctx.newPage();
    await page.request.post(base + "/login", { form: { username: s.user, password: "Demo@2017", redirectTo: "/" } });
    await page.goto(base + s.path);
    if (s.print) await page.emulateMedia({ media: "print" });
    for (const y of s.ys ?? [0]) {
      await page.evaluate((y) => window.scrollTo(0, y), y);
      await page.screenshot({ path: `/tmp/issue-6b-shots/${s.name}-${tag}-${y}.png` });
    }
    if (s.pdf) await page.pdf({ path: `/tmp/issue-6b-shots/${s.name}.pdf`, format: "A4" });
    await ctx.close();
  }
}
await browser.close();
