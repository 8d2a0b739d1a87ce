-- Follow-ups (issue 22 item 3, docs/decisions/151): the last day anyone touched a lead (a logged contact or a stage
-- move). Null means nothing since the first contact, so a lead sleeps (沉睡) when the later of first_contact_on and
-- last_touch_on is 30 days or more before today. Existing leads take their last stage change (Beijing date) when it
-- came after the first contact.

-- AlterTable
ALTER TABLE "lead" ADD COLUMN "last_touch_on" DATE;

UPDATE "lead"
   SET "last_touch_on" = ("stage_changed_at" AT TIME ZONE 'Asia/Shanghai')::date
 WHERE ("stage_changed_at" AT TIME ZONE 'Asia/Shanghai')::date > "first_contact_on";

-- CreateIndex
CREATE INDEX "lead_last_touch_on_idx" ON "lead"("last_touch_on");
