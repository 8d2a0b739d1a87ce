// Runs before each integration test file: a fresh database cloned from the seeded template, so files are
// isolated from each other and from the demo data's later edits. App modules read DATABASE_URL on import.
import { rm } from "node:fs/promises";
import { afterAll, inject } from "vitest";
import { createDatabaseFrom } from "../../scripts/lib/testdb.mjs";

const db = await createDatabaseFrom(inject("seedTemplate"), "t");
process.env.DATABASE_URL = db.url;
process.env.SESSION_SECRET = "integration-test-secret-0123456789";
process.env.NODE_ENV = "test";
process.env.JOBS_ENABLED = "false";
// Uploaded attachments of this file go to a folder of their own, removed afterwards.
const uploads = `.data/test-uploads/${db.name}`;
process.env.UPLOAD_DIR = uploads;
// the application clock reads its state (the seeded demo clock) from this database, as the server does per request
const clock = await import("~/utils/clock.server");
clock.resetClockCache();
await clock.clockReady({ force: true });
// reading the clock parsed the environment; a test file may still set variables (BACKUP_DIR, UPLOAD_DIR) in its
// vi.hoisted block, which runs after this setup: let the first read after that parse it again
(await import("~/utils/env.server")).resetEnvCache();

afterAll(async () => {
  await globalThis.__jzPrisma?.client.$disconnect();
  globalThis.__jzPrisma = undefined;
  await db.drop();
  await rm(uploads, { recursive: true, force: true });
});
