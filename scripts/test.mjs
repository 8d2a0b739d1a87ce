#!/usr/bin/env node
// `npm test`: typecheck → lint (ESLint) → format (Prettier) → unit + integration tests (vitest, real PostgreSQL) → end-to-end tests (Playwright,
// Chromium). Prints one closing line `N passed, N failed[, N skipped]` summed over all suites and exits
// non-zero on any failure or when no test ran.
//   npm test -- --skip-e2e     skip the browser tests (quick local loop)
//   npm test -- --only-e2e     only the browser tests
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildApp, buildIsStale, buildArgs } from "./lib/build.mjs";
import { CHROMIUM_HELP, findChromium } from "./lib/chromium.mjs";
import { ROOT } from "./lib/paths.mjs";
import { dropStaleTestDatabases, ensureTestCluster } from "./lib/testdb.mjs";

const args = new Set(process.argv.slice(2));
/** The tests whose results depend on dates: run again under other server time zones. */
const TZ_SENSITIVE = [
  "app/domain/dates.test.ts",
  "app/domain/deadlineFormat.test.ts",
  "app/domain/sla13710.test.ts",
  "app/domain/workdays.test.ts",
  "app/domain/weekList.test.ts",
  "app/domain/coordinationList.test.ts",
  "app/domain/backupRetention.test.ts",
  "app/domain/monthlyReport.test.ts",
  "app/domain/kpi.test.ts",
  "tests/integration/clock.test.ts",
  "tests/integration/issue-ontime.test.ts",
];
const REPORTS = path.join(ROOT, ".reports");
mkdirSync(REPORTS, { recursive: true });
rmSync(path.join(REPORTS, "summary.txt"), { force: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

/**
 * Runs a suite and resolves with its exit code. Asynchronously on purpose: this process holds the test cluster's
 * PostgreSQL, whose log output reaches it through a socket that only the event loop drains. A spawnSync here froze
 * the loop for the whole suite; once PostgreSQL had written a socket buffer's worth of log (errors that tests provoke
 * on purpose), every backend and the checkpointer blocked writing to it, and the run hung in DROP DATABASE.
 */
function run(cmd, argv, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.on("error", (err) => {
      console.error(`无法启动 ${cmd}：${err.message}`);
      resolve(1);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}
function bin(name) {
  return path.join(ROOT, "node_modules/.bin", name);
}
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}
function record(suite, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${suite}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
}

/**
 * As run, with the output collected and printed in one block under its heading when the command ends, so that
 * commands running at the same time do not interleave their lines.
 */
function runQuiet(heading, cmd, argv, extraEnv = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const done = (code, output) => {
      const secs = Math.round((Date.now() - started) / 1000);
      console.log(`\n▶ ${heading}（${code === 0 ? "通过" : "失败"}，${secs} 秒）`);
      if (output.trim()) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
      resolve(code);
    };
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...extraEnv },
    });
    let output = "";
    child.stdout.on("data", (b) => (output += b));
    child.stderr.on("data", (b) => (output += b));
    child.on("error", (err) => done(1, `无法启动 ${cmd}：${err.message}`));
    child.on("close", (code) => done(code ?? 1, output));
  });
}

let stopCluster = null;
try {
  // The checks, the production build and the test cluster with its templates are independent and each mostly uses
  // one core: run them at the same time (docs/decisions/260). The build is the one the integration tests that run
  // `npm start` and Playwright use; made here, neither has to make it.
  const building = buildIsStale()
    ? runQuiet("构建应用 (remix build)", process.execPath, buildArgs(), { NODE_ENV: "production" })
    : Promise.resolve(0);
  const checks = args.has("--only-e2e")
    ? []
    : [
        runQuiet("类型检查 (tsc)", bin("tsc"), ["-p", ".", "--noEmit"]),
        runQuiet("代码检查 (ESLint)", bin("eslint"), [".", "--max-warnings", "0"]),
        runQuiet("格式检查 (Prettier)", bin("prettier"), ["--check", ".", "--log-level", "warn"]),
      ];
  // One PostgreSQL cluster for the whole run, shared by vitest workers and the e2e server.
  const clusterReady = ensureTestCluster({ log: (m) => console.log(m) }).then(async (cluster) => {
    stopCluster = cluster.stop;
    if (stopCluster) await dropStaleTestDatabases();
  });
  clusterReady.catch(() => {}); // awaited below, once the checks are recorded
  const [typecheck, lint, fmt] = await Promise.all(checks);
  if (checks.length) {
    record("typecheck", typecheck === 0 ? 1 : 0, typecheck === 0 ? 0 : 1);
    record("eslint", lint === 0 ? 1 : 0, lint === 0 ? 0 : 1);
    record("prettier", fmt === 0 ? 1 : 0, fmt === 0 ? 0 : 1);
  }
  // a failed build is reported once here; whatever needs the build then fails on it too
  if ((await building) !== 0) record("build", 0, 1);
  await clusterReady;

  if (!args.has("--only-e2e")) {
    console.log("\n▶ 单元测试与集成测试 (vitest)");
    const out = path.join(REPORTS, "vitest.json");
    rmSync(out, { force: true });
    const rc = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
    const j = readJson(out);
    if (j) {
      const failed =
        j.numFailedTests + (j.numFailedTestSuites > 0 && j.numFailedTests === 0 ? j.numFailedTestSuites : 0);
      record("vitest", j.numPassedTests, failed, j.numPendingTests + j.numTodoTests);
    } else record("vitest", 0, 1);
    if (rc !== 0 && j && j.numFailedTests === 0 && j.numFailedTestSuites === 0) record("vitest (runner error)", 0, 1);
  }

  if (!args.has("--only-e2e")) {
    // Dates people read are Beijing's whatever the server's zone (docs/decisions/060): the date-sensitive files
    // again under two other zones (only those files, to keep it quick).
    for (const tz of ["UTC", "America/New_York"]) {
      console.log(`\n▶ 日期相关测试（TZ=${tz}）`);
      const out = path.join(REPORTS, `vitest-tz-${tz.replace("/", "_")}.json`);
      rmSync(out, { force: true });
      const rc = await run(
        bin("vitest"),
        ["run", ...TZ_SENSITIVE, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
        { TZ: tz },
      );
      const j = readJson(out);
      if (j) record(`vitest TZ=${tz}`, j.numPassedTests, j.numFailedTests + (rc !== 0 && !j.numFailedTests ? 1 : 0));
      else record(`vitest TZ=${tz}`, 0, 1);
    }
  }

  if (!args.has("--skip-e2e")) {
    console.log("\n▶ 端到端测试 (Playwright + Chromium)");
    const chromium = await findChromium();
    if (!chromium) {
      console.error(`\n${CHROMIUM_HELP}\n`);
      record("playwright", 0, 1);
    } else {
      if (buildIsStale()) buildApp();
      const out = path.join(REPORTS, "playwright.json");
      rmSync(out, { force: true });
      const rc = await run(bin("playwright"), ["test"], { CHROMIUM_PATH: chromium });
      const j = readJson(out);
      if (j?.stats) {
        const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = j.stats;
        const setupErrors = (j.errors ?? []).length;
        record("playwright", expected + flaky, unexpected + setupErrors, skipped);
      } else record("playwright", 0, 1);
      if (rc !== 0 && j?.stats && j.stats.unexpected === 0 && !(j.errors ?? []).length)
        record("playwright (runner error)", 0, 1);
    }
  }
} catch (err) {
  console.error(`\n测试运行出错：${err?.stack ?? err}`);
  record("test runner", 0, 1);
} finally {
  if (stopCluster) await stopCluster().catch(() => {});
}

console.log(`\n${lines.join("\n")}`);
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`;
console.log(summary);
writeFileSync(path.join(REPORTS, "summary.txt"), `${summary}\n`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
