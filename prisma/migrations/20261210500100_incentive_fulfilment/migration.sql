-- Incentive 兑现 (issue 18 §3, docs/decisions/206): a project's promised incentive carries a condition (开工, 投产, 产值
-- or 税收 threshold, with a due date and the value reported against it) and its payments (兑现: date, amount, voucher).
-- New columns (nullable or defaulted) and a new table; no existing row changes.

-- CreateEnum
CREATE TYPE "IncentiveCondition" AS ENUM ('STARTED', 'COMPLETED', 'OUTPUT', 'TAX');

-- AlterTable
ALTER TABLE "project_incentive" ADD COLUMN "condition_kind" "IncentiveCondition",
ADD COLUMN "condition_value" INTEGER,
ADD COLUMN "condition_due_on" DATE,
ADD COLUMN "reported_value" INTEGER,
ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "incentive_payment" (
    "id" SERIAL NOT NULL,
    "incentive_id" INTEGER NOT NULL,
    "paid_on" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "voucher_no" VARCHAR(60) NOT NULL,
    "note" VARCHAR(300),
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incentive_payment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incentive_payment_amount_check" CHECK ("amount" > 0)
);

-- CreateIndex
CREATE INDEX "incentive_payment_incentive_id_paid_on_idx" ON "incentive_payment"("incentive_id", "paid_on");

-- AddForeignKey
ALTER TABLE "incentive_payment" ADD CONSTRAINT "incentive_payment_incentive_id_fkey" FOREIGN KEY ("incentive_id") REFERENCES "project_incentive"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
