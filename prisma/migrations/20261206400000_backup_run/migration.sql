-- Backup runs (docs/decisions/075). A new table only: no existing data is rewritten.

-- CreateEnum
CREATE TYPE "BackupKind" AS ENUM ('NIGHTLY', 'MANUAL', 'CLI', 'PRE_UPGRADE');

-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "backup_run" (
    "id" SERIAL NOT NULL,
    "kind" "BackupKind" NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'RUNNING',
    "nightly_on" DATE,
    "name" VARCHAR(100),
    "size_bytes" BIGINT,
    "row_count" BIGINT,
    "file_count" INTEGER,
    "error" TEXT,
    "requested_by_id" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "backup_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "backup_run_nightly_on_key" ON "backup_run"("nightly_on");

-- CreateIndex
CREATE INDEX "backup_run_started_at_idx" ON "backup_run"("started_at");

-- AddForeignKey
ALTER TABLE "backup_run" ADD CONSTRAINT "backup_run_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
