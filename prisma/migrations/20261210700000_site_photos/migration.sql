-- Site photos (issue 20 §2, docs/decisions/215): an attachment may be a photo of a milestone, with a JPEG preview,
-- a thumbnail and the capture time and place read from its EXIF. Adds nullable columns only; no row changes.
ALTER TABLE "attachment" ADD COLUMN "milestone_id" INTEGER,
ADD COLUMN "preview_key" VARCHAR(200),
ADD COLUMN "thumb_key" VARCHAR(200),
ADD COLUMN "taken_at" TIMESTAMPTZ(3),
ADD COLUMN "latitude" DOUBLE PRECISION,
ADD COLUMN "longitude" DOUBLE PRECISION;

-- CreateIndex
CREATE UNIQUE INDEX "attachment_preview_key_key" ON "attachment"("preview_key");

-- CreateIndex
CREATE UNIQUE INDEX "attachment_thumb_key_key" ON "attachment"("thumb_key");

-- CreateIndex
CREATE INDEX "attachment_milestone_id_idx" ON "attachment"("milestone_id");

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_milestone_id_fkey" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE SET NULL ON UPDATE CASCADE;
