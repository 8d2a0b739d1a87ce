// `npm start` (scripts/start.mjs) as a child process, for tests that need the real server: upgrades, logs,
// metrics. Output is collected; `waitFor` polls it.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  url: (p: string) => string;
  out: () => string;
  waitFor: (what: string, check: () => boolean, ms?: number) => Promise<void>;
  /** SIGTERM and the exit code. */
  stop: () => Promise<number | null>;
}

export async function startApp(env: Record<string, string | undefined>): Promise<AppProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    JOBS_ENABLED: "false",
    // one process, as before WEB_CONCURRENCY (docs/decisions/240); the two-instance test asks for more
    WEB_CONCURRENCY: "1",
    PORT: String(port),
  };
  delete childEnv.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs"), "--no-build"], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (b: Buffer) => (text += b));
  child.stderr!.on("data", (b: Buffer) => (text += b));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const app: AppProcess = {
    child,
    port,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    out: () => text,
    async waitFor(what, check, ms = 120_000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (check()) return;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}; output:\n${text}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
  await app.waitFor("the server to start", () => text.includes(`已启动：http://localhost:${port}`));
  return app;
}

/** Signs in with a demo account over HTTP; returns the Cookie header value. */
export async function signIn(app: AppProcess, username: string, password = "Demo@2017"): Promise<string> {
  const res = await fetch(app.url("/login"), {
    method: "POST",
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`sign-in as ${username} answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
