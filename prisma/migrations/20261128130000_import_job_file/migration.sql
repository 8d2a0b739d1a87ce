-- AlterTable
ALTER TABLE "import_job" ADD COLUMN     "file" BYTEA,
ADD COLUMN     "summary" JSONB,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "import_job_status_updated_at_idx" ON "import_job"("status", "updated_at");
