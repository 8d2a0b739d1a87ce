-- Pipeline analytics (issue 22 item 5, docs/decisions/180): a lead's stage history, one row per entry into a stage
-- (the first row, from_stage NULL, is its first contact). Time in a stage is the time between a row entering it and
-- the next row (whose from_stage is that stage); conversion counts the leads that ever reached a stage.
-- Existing leads: the first contact at 09:00 Beijing, then every stage move, 放弃 and 签约 their audit events
-- record; a lead that moved without an audit event gets one move from 接触 to its stage at stage_changed_at.

-- CreateTable
CREATE TABLE "lead_stage_change" (
    "id" SERIAL NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "from_stage" "LeadStage",
    "to_stage" "LeadStage" NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lead_stage_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "lead_stage_change_lead_id_changed_at_idx" ON "lead_stage_change"("lead_id", "changed_at");

-- CreateIndex
CREATE INDEX "lead_stage_change_from_stage_idx" ON "lead_stage_change"("from_stage");

-- CreateIndex
CREATE INDEX "lead_stage_change_to_stage_idx" ON "lead_stage_change"("to_stage");

-- AddForeignKey
ALTER TABLE "lead_stage_change" ADD CONSTRAINT "lead_stage_change_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: moves from the audit log
INSERT INTO "lead_stage_change" ("lead_id", "from_stage", "to_stage", "changed_at")
SELECT l."id", (a."before"->>'stage')::"LeadStage", (a."after"->>'stage')::"LeadStage", a."at"
  FROM "audit_event" a
  JOIN "lead" l ON l."id"::text = a."entity_id"
 WHERE a."entity" = 'Lead'
   AND a."action" IN ('MOVE', 'ABANDON', 'CONVERT')
   AND a."before"->>'stage' IS NOT NULL
   AND a."after"->>'stage' IS NOT NULL
   AND a."before"->>'stage' <> a."after"->>'stage';

-- Moved without a recorded move: one move to the current stage
INSERT INTO "lead_stage_change" ("lead_id", "from_stage", "to_stage", "changed_at")
SELECT l."id", 'CONTACT', l."stage", l."stage_changed_at"
  FROM "lead" l
 WHERE l."stage" <> 'CONTACT'
   AND NOT EXISTS (SELECT 1 FROM "lead_stage_change" c WHERE c."lead_id" = l."id");

-- The first contact, never after the first move
INSERT INTO "lead_stage_change" ("lead_id", "from_stage", "to_stage", "changed_at")
SELECT l."id", NULL, 'CONTACT',
       LEAST((l."first_contact_on" + TIME '09:00') AT TIME ZONE 'Asia/Shanghai',
             COALESCE((SELECT min(c."changed_at") FROM "lead_stage_change" c WHERE c."lead_id" = l."id"), 'infinity'))
  FROM "lead" l;
