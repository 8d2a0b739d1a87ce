-- 专项资金 (issue 18 §2, docs/decisions/205): the two 2亿 funds with a budget per year, the projects' applications
-- (申请 → 审核 → 批复; the approved amount is the commitment, a guarantee's 担保额度 with lender, term and 代偿 risk),
-- the disbursements (拨付) each tied to the project's funding record, and documents as attachments of an application.
-- New tables and a nullable column; no existing row changes.

-- CreateEnum
CREATE TYPE "FundUse" AS ENUM ('PPP_EQUITY', 'PPP_GUIDANCE', 'PPP_AWARD', 'INVESTMENT', 'GUARANTEE');

-- CreateEnum
CREATE TYPE "FundApplicationStatus" AS ENUM ('SUBMITTED', 'REVIEWED', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "GuaranteeRisk" AS ENUM ('NORMAL', 'WATCH', 'COMPENSATED');

-- CreateTable
CREATE TABLE "fund" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(20) NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "source" VARCHAR(40) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_budget" (
    "id" SERIAL NOT NULL,
    "fund_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_budget_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "fund_budget_amount_check" CHECK ("amount" >= 0)
);

-- CreateTable
CREATE TABLE "fund_application" (
    "id" SERIAL NOT NULL,
    "fund_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "use" "FundUse" NOT NULL,
    "requested_amount" INTEGER NOT NULL,
    "purpose" VARCHAR(500) NOT NULL,
    "status" "FundApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "submitted_on" DATE NOT NULL,
    "submitted_by_id" INTEGER,
    "reviewed_on" DATE,
    "reviewed_by_id" INTEGER,
    "review_note" VARCHAR(500),
    "approved_amount" INTEGER,
    "approved_on" DATE,
    "approved_by_id" INTEGER,
    "approval_no" VARCHAR(60),
    "lender" VARCHAR(60),
    "guarantee_ends_on" DATE,
    "risk" "GuaranteeRisk",
    "compensated_amount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_application_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "fund_application_amounts_check" CHECK ("requested_amount" > 0 AND ("approved_amount" IS NULL OR "approved_amount" > 0) AND "compensated_amount" >= 0),
    CONSTRAINT "fund_application_approved_check" CHECK (("status" = 'APPROVED') = ("approved_amount" IS NOT NULL))
);

-- CreateTable
CREATE TABLE "fund_disbursement" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "paid_on" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "voucher_no" VARCHAR(60) NOT NULL,
    "note" VARCHAR(300),
    "funding_record_id" INTEGER NOT NULL,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_disbursement_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "fund_disbursement_amount_check" CHECK ("amount" > 0)
);

-- AlterTable
ALTER TABLE "attachment" ADD COLUMN "fund_application_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "fund_code_key" ON "fund"("code");

-- CreateIndex
CREATE UNIQUE INDEX "fund_budget_fund_id_year_key" ON "fund_budget"("fund_id", "year");

-- CreateIndex
CREATE INDEX "fund_application_fund_id_year_status_idx" ON "fund_application"("fund_id", "year", "status");

-- CreateIndex
CREATE INDEX "fund_application_project_id_idx" ON "fund_application"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "fund_disbursement_funding_record_id_key" ON "fund_disbursement"("funding_record_id");

-- CreateIndex
CREATE INDEX "fund_disbursement_application_id_paid_on_idx" ON "fund_disbursement"("application_id", "paid_on");

-- CreateIndex
CREATE INDEX "attachment_fund_application_id_idx" ON "attachment"("fund_application_id");

-- AddForeignKey
ALTER TABLE "fund_budget" ADD CONSTRAINT "fund_budget_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_application" ADD CONSTRAINT "fund_application_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_application" ADD CONSTRAINT "fund_application_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_disbursement" ADD CONSTRAINT "fund_disbursement_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "fund_application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_disbursement" ADD CONSTRAINT "fund_disbursement_funding_record_id_fkey" FOREIGN KEY ("funding_record_id") REFERENCES "funding_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_fund_application_id_fkey" FOREIGN KEY ("fund_application_id") REFERENCES "fund_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
