// @ts-check
// nginx as a round-robin load balancer in front of app instances, for tests and the benchmark (docs/decisions/241).
// Debian's nginx package, run unprivileged-style from a throw-away prefix folder (its own config, pid, logs and
// temp folders; nothing under /etc, /var or /run), in the foreground, stopped by stop().
//
//   import { findNginx, NGINX_HELP, nginxConfig, startNginx } from "./lib/nginx.mjs";
//   findNginx()                        → the nginx binary (NGINX_PATH, /usr/sbin/nginx, or on PATH), or null
//   NGINX_HELP                         → the message to print when it is missing (how to install it)
//   nginxConfig({ port, upstreams })   → the nginx.conf text (also the README's example, minus the prefix paths)
//   const lb = await startNginx({ port, upstreams: [3001, 3002] })
//       port        the port nginx listens on (127.0.0.1)
//       upstreams   app ports on 127.0.0.1 (or "host:port" strings), taken in turn (round-robin)
//       workers     nginx worker processes, default 1
//     lb.url(path) → "http://127.0.0.1:<port><path>";  lb.errorLog() → nginx's error log so far;  await lb.stop()
//   startNginx throws with NGINX_HELP when nginx is not installed, and with the error log when it does not start.
//
// The proxy settings are the deployment's (README "Several instances behind nginx"): HTTP/1.1 keep-alive to the
// apps, closed by nginx (4 s) before the app would (5 s); a request that meets a refused or closed connection goes to
// the next instance (`proxy_next_upstream error timeout`; nginx never re-sends a POST that reached an app), which is
// what lets an instance drain on SIGTERM without a client seeing an error.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const NGINX_HELP =
  "找不到 nginx（多实例测试需要真实的 nginx 作负载均衡）。请安装 Debian 的 nginx 软件包：" +
  "apt-get install nginx（.ci/run 在缺少时会自动安装），或用 NGINX_PATH 指定其路径。";

/** @returns {string | null} */
export function findNginx() {
  const candidates = [
    process.env.NGINX_PATH,
    "/usr/sbin/nginx",
    "/usr/local/sbin/nginx",
    "/usr/local/nginx/sbin/nginx",
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  const r = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/**
 * @param {{ port: number, upstreams: Array<number | string>, workers?: number, prefix?: string }} options
 *   `prefix`: the folder for pid, logs and temp files (omitted: the lines that name them are left out)
 */
export function nginxConfig({ port, upstreams, workers = 1, prefix }) {
  const servers = upstreams
    .map((u) => `    server ${typeof u === "number" ? `127.0.0.1:${u}` : u} max_fails=1 fail_timeout=2s;`)
    .join("\n");
  const files = prefix
    ? `pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
${process.getuid?.() === 0 ? "user root root;\n" : ""}`
    : "";
  const temps = prefix
    ? ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .map((t) => `  ${t}_temp_path ${prefix}/${t === "client_body" ? "body" : t};`)
        .join("\n") + "\n"
    : "";
  return `${files}worker_processes ${workers};
events { worker_connections 1024; }
http {
${temps}  access_log off;
  upstream app {
${servers}
    keepalive 64;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 110m;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

/** @param {number} port */
function accepts(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });
}

/**
 * @param {{ port: number, upstreams: Array<number | string>, workers?: number }} options
 */
export async function startNginx({ port, upstreams, workers = 1 }) {
  const bin = findNginx();
  if (!bin) throw new Error(NGINX_HELP);
  const prefix = mkdtempSync(path.join(os.tmpdir(), "jz-nginx-"));
  chmodSync(prefix, 0o755);
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(conf, nginxConfig({ port, upstreams, workers, prefix }));
  const errorLog = () => {
    try {
      return readFileSync(path.join(prefix, "error.log"), "utf8");
    } catch {
      return "";
    }
  };
  const child = spawn(bin, ["-p", prefix, "-c", conf, "-e", path.join(prefix, "error.log"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (b) => (stderr += b));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const end = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill("SIGKILL");
      const why = `${stderr}${errorLog()}`.trim();
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx 未能启动（端口 ${port}）：${why || "原因不明"}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    prefix,
    /** @param {string} p */
    url: (p) => `http://127.0.0.1:${port}${p}`,
    errorLog,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGQUIT"); // graceful: lets requests in flight finish
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(kill);
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
