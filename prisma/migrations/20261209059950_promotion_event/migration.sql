-- 推介活动 (issue 22 item 4, docs/decisions/181): an event (推介会 in 北京/天津/深圳, a 博览会, a 客商来访团) with its
-- date, city, venue, organiser and budget (integer 万元); the investors who attended (by company name); and the leads
-- that came out of it (lead.event_id). New tables and a nullable column; no existing row changes.

-- CreateEnum
CREATE TYPE "PromotionEventKind" AS ENUM ('PROMOTION', 'EXPO', 'DELEGATION');

-- CreateTable
CREATE TABLE "promotion_event" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "kind" "PromotionEventKind" NOT NULL,
    "city" VARCHAR(40) NOT NULL,
    "venue" VARCHAR(200) NOT NULL,
    "held_on" DATE NOT NULL,
    "organiser" VARCHAR(120) NOT NULL,
    "budget" INTEGER NOT NULL,
    "note" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_event_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "promotion_event_budget_check" CHECK ("budget" >= 0)
);

-- CreateTable
CREATE TABLE "event_attendee" (
    "id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "company_name" VARCHAR(120) NOT NULL,
    "people" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_attendee_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "lead" ADD COLUMN "event_id" INTEGER;

-- CreateIndex
CREATE INDEX "promotion_event_held_on_idx" ON "promotion_event"("held_on");

-- CreateIndex
CREATE UNIQUE INDEX "event_attendee_event_id_company_name_key" ON "event_attendee"("event_id", "company_name");

-- CreateIndex
CREATE INDEX "lead_event_id_idx" ON "lead"("event_id");

-- AddForeignKey
ALTER TABLE "event_attendee" ADD CONSTRAINT "event_attendee_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "promotion_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "promotion_event"("id") ON DELETE SET NULL ON UPDATE CASCADE;
