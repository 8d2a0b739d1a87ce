-- AlterTable
ALTER TABLE "issue_event" ADD COLUMN     "dedupe_key" VARCHAR(120);

-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "dedupe_key" VARCHAR(160);

-- AlterTable
ALTER TABLE "sla_policy" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE UNIQUE INDEX "issue_event_dedupe_key_key" ON "issue_event"("dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "notification_dedupe_key_key" ON "notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_user_id_created_at_idx" ON "notification"("user_id", "created_at");
