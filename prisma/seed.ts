// Demo data for the 2017 plan year (docs/design.md §2; source: the 2017 Jinzhong government work report).
// Deterministic (fixed-seed PRNG): the same code gives the same rows and ids on a fresh database. The live records
// (coordination issues with their 13710 clocks, notifications) are placed around the demo clock's start,
// 2017-11-20 09:00 Beijing, which the seed stores as the application clock (docs/decisions/060).
//
//   DATABASE_URL=… npx tsx prisma/seed.ts           seed an empty database (skips when data exists)
//   DATABASE_URL=… npx tsx prisma/seed.ts --reset   empty every app table first, then seed
import path from "node:path";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { hashPassword } from "../app/utils/password.server.ts";
import { CLOCK_SETTING, DEMO_START, demoClockSeed } from "../app/domain/demoClock.ts";
import { planDemo } from "./seed/plan.ts";
import { writeDemo, type SeedSummary } from "./seed/write.ts";

export type { SeedSummary };

/** The password of every demo account. */
export const DEMO_PASSWORD = "Demo@2017";

export interface SeedOptions {
  log?: (s: string) => void;
  /** The demo clock's start, which every time-stamped record is placed around (default: 2017-11-20 09:00 Beijing). */
  now?: Date;
}

/** True when reference data is present (the seed then leaves the database alone). */
export async function hasData(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.county.count()) > 0;
}

/** Empties every app table (not _prisma_migrations) and restarts their id sequences. */
export async function resetDatabase(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
    ORDER BY tablename`;
  const tables = rows.map((r) => r.tablename);
  if (tables.length) {
    const list = tables.map((t) => `"${t.replaceAll('"', '""')}"`).join(", ");
    await prisma.$executeRawUnsafe(`TRUNCATE TABLE ${list} RESTART IDENTITY CASCADE`);
  }
  return tables;
}

/** Seeds the demo data into an empty database, in one transaction. */
export async function seedDemo(prisma: PrismaClient, opts: SeedOptions = {}): Promise<SeedSummary> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date(DEMO_START);
  const started = performance.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once, shared by every demo account
  const plan = planDemo(now);
  log(`演示数据已生成（${Math.round(performance.now() - started)} ms），写入数据库…`);
  const summary = await prisma.$transaction(
    async (tx) => {
      const s = await writeDemo(tx, plan, passwordHash, log);
      // the demo clock starts here on the app's first start (docs/decisions/060); a reseed restarts it
      await tx.setting.upsert({
        where: { key: CLOCK_SETTING },
        create: { key: CLOCK_SETTING, value: { ...demoClockSeed(now.toISOString()) }, updatedAt: now },
        update: { value: { ...demoClockSeed(now.toISOString()) }, updatedAt: now },
      });
      return s;
    },
    {
      maxWait: 20_000,
      timeout: 120_000,
    },
  );
  log(`演示数据写入完成，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
  return summary;
}

function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  const self = fileURLToPath(import.meta.url);
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const a = real(path.resolve(arg));
  const b = real(self);
  return a === b || a === b.replace(/\.ts$/, "");
}

async function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    console.error("请设置 DATABASE_URL（PostgreSQL 连接串）后再运行演示数据脚本。");
    process.exit(2);
  }
  const reset = process.argv.includes("--reset");
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  try {
    if (reset) {
      const tables = await resetDatabase(prisma);
      console.log(`已清空 ${tables.length} 张数据表`);
    } else if (await hasData(prisma)) {
      console.log("已有数据，跳过演示数据");
      return;
    }
    const summary = await seedDemo(prisma, { log: (s) => console.log(s) });
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await prisma.$disconnect();
  }
}

if (isMain()) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
