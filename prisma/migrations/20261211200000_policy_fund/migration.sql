-- AlterTable
ALTER TABLE "incentive_policy" ADD COLUMN     "fund_id" INTEGER;

-- CreateIndex
CREATE INDEX "incentive_policy_fund_id_idx" ON "incentive_policy"("fund_id");

-- AddForeignKey
ALTER TABLE "incentive_policy" ADD CONSTRAINT "incentive_policy_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
