-- 追回登记 (docs/decisions/274): money returned on an incentive flagged for 追回 (date, amount, voucher), several
-- partial recoveries per incentive. A new table; no existing row changes.

-- CreateTable
CREATE TABLE "incentive_recovery" (
    "id" SERIAL NOT NULL,
    "incentive_id" INTEGER NOT NULL,
    "recovered_on" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "voucher_no" VARCHAR(60) NOT NULL,
    "note" VARCHAR(300),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incentive_recovery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incentive_recovery_amount_check" CHECK ("amount" > 0)
);

-- CreateIndex
CREATE INDEX "incentive_recovery_incentive_id_recovered_on_idx" ON "incentive_recovery"("incentive_id", "recovered_on");

-- AddForeignKey
ALTER TABLE "incentive_recovery" ADD CONSTRAINT "incentive_recovery_incentive_id_fkey" FOREIGN KEY ("incentive_id") REFERENCES "project_incentive"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
