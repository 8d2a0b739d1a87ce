// Which Chromium the browser tests use: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own
// (after `npx playwright install chromium` on a machine with internet).
import { existsSync } from "node:fs";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    const { chromium } = await import("@playwright/test");
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

export const CHROMIUM_HELP = `未找到 Chromium，无法运行浏览器测试。任选其一：
  - Debian/Ubuntu：sudo apt-get install -y chromium   （将使用 /usr/bin/chromium）
  - 有外网的机器：npx playwright install chromium
  - 或设置 CHROMIUM_PATH=/path/to/chromium`;
