// Test databases (docs/decisions/003-testing.md): one embedded PostgreSQL cluster for the whole run, two
// templates built once per migration/seed change — `empty` (migrated) and `seed` (migrated + demo seed) —
// and a fresh database per test file / e2e run via CREATE DATABASE … TEMPLATE (milliseconds).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { clusterPassword, clusterUrl, startEmbeddedPostgres } from "./embedded-pg.mjs";
import { migrate, migrationsFingerprint } from "./migrate.mjs";
import { ROOT } from "./paths.mjs";
import { runSeed } from "./seed.mjs";

export const TEST_PG_PORT = Number(process.env.TEST_PG_PORT ?? 54331);
export const TEST_PG_DIR = path.resolve(ROOT, process.env.TEST_PG_DIR ?? ".data/test-pg");

export function testUrl(db, port = TEST_PG_PORT) {
  // read each time: the cluster's own password (decision 072) appears when the cluster is first started
  return clusterUrl(port, clusterPassword(TEST_PG_DIR), db);
}

async function withAdmin(fn) {
  const c = new pg.Client({ connectionString: testUrl("postgres") });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function clusterResponds() {
  try {
    await withAdmin((c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

function hashTree(p, h) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) hashTree(path.join(p, name), h);
  } else {
    h.update(p.slice(ROOT.length)).update(readFileSync(p));
  }
}

async function templateNames() {
  const mig = await migrationsFingerprint();
  const h = createHash("sha256").update(mig);
  hashTree(path.join(ROOT, "prisma/seed.ts"), h);
  hashTree(path.join(ROOT, "prisma/seed"), h);
  hashTree(path.join(ROOT, "app/domain"), h);
  return { empty: `tmpl_empty_${mig.slice(0, 10)}`, seed: `tmpl_seed_${h.digest("hex").slice(0, 10)}` };
}

/**
 * Starts the test cluster unless one already answers on TEST_PG_PORT, and makes sure both templates exist.
 * Returns `stop` only when this call started the cluster.
 * @param {{ log?: (message: string) => void }} [options]
 */
export async function ensureTestCluster({ log = () => {} } = {}) {
  let stop = null;
  if (!(await clusterResponds())) {
    const server = await startEmbeddedPostgres({ dir: TEST_PG_DIR, port: TEST_PG_PORT, log, fast: true });
    stop = () => server.stop();
  }
  const names = await templateNames();
  const existing = await withAdmin(async (c) => {
    const { rows } = await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'tmpl\\_%'");
    return new Set(rows.map((r) => r.datname));
  });
  for (const old of existing) {
    if (old !== names.empty && old !== names.seed) {
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${old}" WITH (FORCE)`)).catch(() => {});
    }
  }
  const hasSeed = existsSync(path.join(ROOT, "prisma/seed.ts"));
  for (const [kind, name] of Object.entries(names)) {
    if (existing.has(name) || (kind === "seed" && !hasSeed)) continue;
    const building = `${name}_building`;
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${building}"`);
    });
    log(`构建测试模板库 ${name} …`);
    await migrate(testUrl(building), { log: () => {} });
    if (kind === "seed") runSeed(testUrl(building), { stdio: "pipe" });
    // Rename only when complete, so a half-built template is never used.
    await withAdmin((c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
  }
  return { templates: { empty: names.empty, seed: hasSeed ? names.seed : names.empty }, stop };
}

let counter = 0;
/** A fresh database cloned from a template; returns its URL and a drop function. */
export async function createDatabaseFrom(template, prefix = "t") {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: testUrl(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

/** Drops databases left by earlier, interrupted runs. */
export async function dropStaleTestDatabases(prefixes = ["t_", "e2e_"]) {
  await withAdmin(async (c) => {
    const { rows } = await c.query("SELECT datname FROM pg_database");
    for (const { datname } of rows) {
      if (prefixes.some((p) => datname.startsWith(p))) {
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
      }
    }
  });
}
