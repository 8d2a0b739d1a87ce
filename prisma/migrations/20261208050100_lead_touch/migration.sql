-- The lead's activity timeline (issue 22 item 2, docs/decisions/152): every touch with an investor — 外出招商,
-- 来晋考察, 电话, 会谈, 推介会, 文件往来 — with its date, people on both sides, content, attachments (the existing
-- attachment table gains lead_touch_id) and the next step with its date. A new table; no existing row changes.

-- CreateEnum
CREATE TYPE "LeadTouchKind" AS ENUM ('VISIT_OUT', 'VISIT_IN', 'CALL', 'MEETING', 'PROMOTION', 'DOCUMENT');

-- CreateTable
CREATE TABLE "lead_touch" (
    "id" SERIAL NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "kind" "LeadTouchKind" NOT NULL,
    "occurred_on" DATE NOT NULL,
    "our_people" VARCHAR(200) NOT NULL,
    "their_people" VARCHAR(200) NOT NULL,
    "content" TEXT NOT NULL,
    "next_step" VARCHAR(300),
    "next_step_on" DATE,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_touch_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "attachment" ADD COLUMN "lead_touch_id" INTEGER;

-- CreateIndex
CREATE INDEX "lead_touch_lead_id_occurred_on_idx" ON "lead_touch"("lead_id", "occurred_on");

-- CreateIndex
CREATE INDEX "attachment_lead_touch_id_idx" ON "attachment"("lead_touch_id");

-- AddForeignKey
ALTER TABLE "lead_touch" ADD CONSTRAINT "lead_touch_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead_touch" ADD CONSTRAINT "lead_touch_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_lead_touch_id_fkey" FOREIGN KEY ("lead_touch_id") REFERENCES "lead_touch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
