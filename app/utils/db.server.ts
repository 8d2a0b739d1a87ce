import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

declare global {
  var __jzPrisma: { url: string; client: PrismaClient; pool?: pg.Pool } | undefined;
}

function create(url: string) {
  // our own pool (ended with the client) so /metrics can read its use (app/utils/metrics.server.ts)
  const pool = new pg.Pool({ connectionString: url, max: env().DB_POOL_MAX });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return { url, client: new PrismaClient({ adapter }), pool };
}

/** One client per process (kept across dev rebuilds); recreated if DATABASE_URL changes (tests). */
export function getPrisma(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!globalThis.__jzPrisma || globalThis.__jzPrisma.url !== url) {
    globalThis.__jzPrisma = create(url);
  }
  return globalThis.__jzPrisma.client;
}

export const prisma: PrismaClient = getPrisma();

/** The connection pool behind `prisma` (size, idle, waiting), for the metrics. */
export function dbPool(): pg.Pool | undefined {
  return globalThis.__jzPrisma?.pool;
}
