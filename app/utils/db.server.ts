import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "./env.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

declare global {
  var __jzPrisma: { url: string; client: PrismaClient } | undefined;
}

function create(url: string) {
  const adapter = new PrismaPg({ connectionString: url, max: env().DB_POOL_MAX });
  return new PrismaClient({ adapter });
}

/** One client per process (kept across dev rebuilds); recreated if DATABASE_URL changes (tests). */
export function getPrisma(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!globalThis.__jzPrisma || globalThis.__jzPrisma.url !== url) {
    globalThis.__jzPrisma = { url, client: create(url) };
  }
  return globalThis.__jzPrisma.client;
}

export const prisma: PrismaClient = getPrisma();
