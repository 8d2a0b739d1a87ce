-- Site photos on service logs and agency tasks (issue 20 §2, docs/decisions/230): a photo is still an attachment
-- row with its preview, thumbnail and EXIF; its owner is one of milestone_id (decision 215), service_log_id,
-- agency_task_id — or, for an issue's photos, issue_id alone (issue photos carry no project_id, so only those who
-- see the issue see them). Nullable columns and a check only; no row changes.
ALTER TABLE "attachment" ADD COLUMN "service_log_id" INTEGER,
ADD COLUMN "agency_task_id" INTEGER;

-- CreateIndex
CREATE INDEX "attachment_service_log_id_idx" ON "attachment"("service_log_id");

-- CreateIndex
CREATE INDEX "attachment_agency_task_id_idx" ON "attachment"("agency_task_id");

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_service_log_id_fkey" FOREIGN KEY ("service_log_id") REFERENCES "service_log"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_agency_task_id_fkey" FOREIGN KEY ("agency_task_id") REFERENCES "agency_task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- a photo belongs to at most one record
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_one_photo_owner"
  CHECK (num_nonnulls("milestone_id", "service_log_id", "agency_task_id") <= 1);

