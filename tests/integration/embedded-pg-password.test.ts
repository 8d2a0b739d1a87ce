// The embedded PostgreSQL's superuser password is per install (issue 21, finding 11; decision 072): generated at
// the first initdb and kept beside the data folder (mode 600), and an install from before — on the shared
// constant — is moved to its own password at its next start and keeps working.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { clusterUrl, LEGACY_PG_PASSWORD, passwordFile, startEmbeddedPostgres } from "../../scripts/lib/embedded-pg.mjs";
import { freePort } from "../support/appProcess";
import { ROOT } from "../support/cli";

const work = await mkdtemp(path.join(ROOT, ".data", "pg-password-"));
afterAll(() => rm(work, { recursive: true, force: true }));

async function canConnect(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

describe("embedded PostgreSQL password", () => {
  it(
    "a new install gets its own password; an old install on the constant is moved to its own and keeps its data",
    { timeout: 120_000 },
    async () => {
      const dir = path.join(work, "pg");
      const port = await freePort();
      const db = await startEmbeddedPostgres({ dir, port, log: () => {}, fast: true });
      try {
        const own = readFileSync(passwordFile(dir), "utf8").trim();
        expect(own).toMatch(/^[0-9a-f]{48}$/);
        expect(own).not.toBe(LEGACY_PG_PASSWORD);
        expect((await stat(passwordFile(dir))).mode & 0o077).toBe(0);
        expect(await canConnect(db.url("postgres"))).toBe(true);
        expect(await canConnect(clusterUrl(port, LEGACY_PG_PASSWORD, "postgres"))).toBe(false);
        // make it an install from before: the constant, no password file, and some data
        await db.ensureDatabase("jinzhong");
        const c = new pg.Client({ connectionString: db.url("jinzhong") });
        await c.connect();
        await c.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('老数据')");
        await c.query(`ALTER ROLE postgres PASSWORD '${LEGACY_PG_PASSWORD}'`);
        await c.end();
      } finally {
        await db.stop();
      }
      rmSync(passwordFile(dir));

      const logs: string[] = [];
      const again = await startEmbeddedPostgres({ dir, port, log: (m: string) => logs.push(m), fast: true });
      try {
        const own = readFileSync(passwordFile(dir), "utf8").trim();
        expect(own).not.toBe(LEGACY_PG_PASSWORD);
        expect(logs.join("\n")).toContain("本机专用密码");
        expect(await canConnect(clusterUrl(port, LEGACY_PG_PASSWORD, "postgres"))).toBe(false);
        const c = new pg.Client({ connectionString: again.url("jinzhong") });
        await c.connect();
        expect((await c.query("SELECT v FROM kept")).rows).toEqual([{ v: "老数据" }]);
        await c.end();
      } finally {
        await again.stop();
      }
    },
  );
});
