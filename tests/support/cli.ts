// Runs one of the project's commands (`npm run backup`, `npm run restore`, …) as a person would: a child process
// with its own environment, its output collected.
import { spawn } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export interface CliResult {
  code: number | null;
  out: string;
}

/** `tsx <script> …args` with `env` on top of this process's environment (DATABASE_URL unset unless given). */
export function runTsxScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), script, ...args], {
      cwd: ROOT,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b));
    child.stderr.on("data", (b: Buffer) => (out += b));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, out }));
  });
}
