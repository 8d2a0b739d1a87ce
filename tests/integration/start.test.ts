// `npm start` as a user runs it (scripts/start.mjs in a child process): a fresh embedded PostgreSQL is created,
// migrated and seeded; a second start on the same data folder is refused with a message, not a stack trace;
// SIGTERM stops the app and the database; a restart keeps the data; with DATABASE_URL no embedded server starts.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const dir = path.join(ROOT, ".data", `start-test-${process.pid}`);
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });
}

interface Started {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string | undefined>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", JOBS_ENABLED: "false" };
  delete childEnv.DATABASE_URL; // set only when the test passes it
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let text = "";
  child.stdout.on("data", (b: Buffer) => (text += b));
  child.stderr.on("data", (b: Buffer) => (text += b));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code: number | null) => resolve(code)));
  return { child, out: () => text, exited };
}

async function until(what: string, check: () => boolean, ms: number, s: Started) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; output:\n${s.out()}`);
}

/** A signed-in session's cookie. */
async function cookie(port: number, username: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/login`, {
    method: "POST",
    headers: { Origin: `http://127.0.0.1:${port}` },
    body: new URLSearchParams({ username, password: "Demo@2017", redirectTo: "/" }),
    redirect: "manual",
  });
  return (r.headers.get("set-cookie") ?? "").split(";")[0];
}

/** The header's 演示日期 as a signed-in person sees it. */
async function demoDate(port: number, username: string): Promise<string | null> {
  const page = await fetch(`http://127.0.0.1:${port}/teams`, { headers: { Cookie: await cookie(port, username) } });
  return /演示日期 (\d{4}年\d{1,2}月\d{1,2}日)/.exec(await page.text())?.[1] ?? null;
}

async function stop(s: Started) {
  s.child.kill("SIGTERM");
  return s.exited;
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}.lock`, { force: true });
});

describe("npm start", () => {
  it(
    "creates, migrates and seeds an embedded database, refuses a second start, stops on SIGTERM and keeps the data",
    { timeout: 240_000 },
    async () => {
      const [port, pgPort, port2] = [await freePort(), await freePort(), await freePort()];
      const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: dir };

      const a = start(env);
      await until("the first start", () => a.out().includes(`已启动：http://localhost:${port}`), 180_000, a);
      expect(a.out()).toContain("数据库为空，正在导入 2017 年演示数据");
      // The demo-accounts banner is a second write after 已启动; on a loaded machine it can arrive in a later chunk.
      await until("the demo-accounts banner", () => a.out().includes("Demo@2017"), 10_000, a);
      const login = await fetch(`http://127.0.0.1:${port}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain("演示数据");
      const signIn = await fetch(`http://127.0.0.1:${port}/login`, {
        method: "POST",
        body: new URLSearchParams({ username: "bureau", password: "Demo@2017", redirectTo: "/" }),
        redirect: "manual",
      });
      expect(signIn.status).toBe(302);
      // the demo clock starts at the demo date; the administrator moves it, and a restart must keep it there
      expect(await demoDate(port, "bureau")).toBe("2017年11月20日");
      const admin = await cookie(port, "admin");
      const move = await fetch(`http://127.0.0.1:${port}/admin/clock`, {
        method: "POST",
        headers: { Cookie: admin, Origin: `http://127.0.0.1:${port}` },
        body: new URLSearchParams({ date: "2017-12-04" }),
        redirect: "manual",
      });
      expect(move.status).toBe(302);
      expect(await demoDate(port, "bureau")).toBe("2017年12月4日");

      // a second start on the same data folder: a Chinese message and exit code 1, no stack trace, the first unharmed
      const b = start({ ...env, PORT: String(port2) });
      expect(await b.exited).toBe(1);
      expect(b.out()).toContain("平台已在运行");
      expect(b.out()).not.toMatch(/\n\s+at /);
      expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);

      // SIGTERM: the app and the database stop, the lock is released; the exit status is 128 + 15, the shell's
      // convention for "ended by SIGTERM" (async-exit-hook), after the shutdown has finished
      expect(await stop(a)).toBe(143);
      expect(a.out()).toContain("已停止");
      expect(await accepts(port)).toBe(false);
      expect(await accepts(pgPort)).toBe(false);
      expect(existsSync(`${dir}.lock`)).toBe(false);

      // restart: the data is kept (no second seed), migrations are up to date, the demo accounts still sign in
      const c = start(env);
      await until("the restart", () => c.out().includes(`已启动：http://localhost:${port}`), 120_000, c);
      expect(c.out()).toContain("数据库结构已是最新");
      expect(c.out()).not.toContain("数据库为空");
      const again = await fetch(`http://127.0.0.1:${port}/login`, {
        method: "POST",
        body: new URLSearchParams({ username: "bureau", password: "Demo@2017", redirectTo: "/" }),
        redirect: "manual",
      });
      expect(again.status).toBe(302);
      expect(await demoDate(port, "bureau")).toBe("2017年12月4日"); // the demo clock continued, not restarted
      expect(await stop(c)).toBe(143);
      expect(c.out()).toContain("已停止");
    },
  );

  it("with DATABASE_URL uses that PostgreSQL and starts no embedded one", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const d = start({ PORT: String(port), DATABASE_URL: process.env.DATABASE_URL });
    await until("the start on DATABASE_URL", () => d.out().includes(`已启动：http://localhost:${port}`), 100_000, d);
    expect(d.out()).toContain("使用外部 PostgreSQL（DATABASE_URL）");
    expect(d.out()).not.toContain("内置 PostgreSQL 已启动");
    expect(d.out()).not.toContain("数据库为空");
    expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
    expect(await stop(d)).toBe(143);
    expect(d.out()).toContain("已停止");
  });
});
