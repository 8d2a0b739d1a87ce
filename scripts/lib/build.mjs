// `npm start` builds when the server build is missing or older than any source it is built from.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths.mjs";

function newestMtime(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

export function buildIsStale() {
  const out = path.join(ROOT, "build/index.js");
  if (!existsSync(out) || !existsSync(path.join(ROOT, "public/build"))) return true;
  const built = statSync(out).mtimeMs;
  const inputs = ["app", "remix.config.js", "package-lock.json", "tsconfig.json"].map((p) => path.join(ROOT, p));
  return inputs.some((p) => existsSync(p) && newestMtime(p) > built);
}

/** The arguments of `node` that run `remix build` (with NODE_ENV=production). */
export function buildArgs() {
  return [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"];
}

export function buildApp(log = console.log) {
  log("正在构建应用（remix build）…");
  const r = spawnSync(process.execPath, buildArgs(), {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("构建失败（remix build），请查看上面的错误信息");
}
