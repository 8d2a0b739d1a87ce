-- 客商 (issue 22 §1, docs/decisions/175): an investor organisation — it may not be a registered enterprise yet —
-- with its contacts, a source region and industry, an optional link to the enterprise registry, and the leads it
-- stands behind (lead.investor_id, optional). New tables and one new nullable column; no existing row changes.

-- AlterEnum: 港澳台 as a source region (between 国内其他地区 and 境外)
ALTER TYPE "SourceRegion" ADD VALUE IF NOT EXISTS 'HK_MACAO_TAIWAN' BEFORE 'OVERSEAS';

-- CreateTable
CREATE TABLE "investor" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "source_region" "SourceRegion" NOT NULL,
    "industry_id" INTEGER,
    "enterprise_id" INTEGER,
    "county_id" INTEGER,
    "note" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "investor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "investor_contact" (
    "id" SERIAL NOT NULL,
    "investor_id" INTEGER NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "title" VARCHAR(60),
    "phone" VARCHAR(30),
    "phone_digits" VARCHAR(30),
    "wechat" VARCHAR(40),
    "email" VARCHAR(120),

    CONSTRAINT "investor_contact_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "lead" ADD COLUMN "investor_id" INTEGER;

-- CreateIndex
CREATE INDEX "investor_name_idx" ON "investor"("name");

-- CreateIndex
CREATE INDEX "investor_county_id_idx" ON "investor"("county_id");

-- CreateIndex
CREATE INDEX "investor_enterprise_id_idx" ON "investor"("enterprise_id");

-- CreateIndex
CREATE INDEX "investor_contact_investor_id_idx" ON "investor_contact"("investor_id");

-- CreateIndex
CREATE INDEX "investor_contact_phone_digits_idx" ON "investor_contact"("phone_digits");

-- CreateIndex
CREATE INDEX "lead_investor_id_idx" ON "lead"("investor_id");

-- AddForeignKey
ALTER TABLE "investor" ADD CONSTRAINT "investor_industry_id_fkey" FOREIGN KEY ("industry_id") REFERENCES "industry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "investor" ADD CONSTRAINT "investor_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "investor" ADD CONSTRAINT "investor_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "investor" ADD CONSTRAINT "investor_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "investor_contact" ADD CONSTRAINT "investor_contact_investor_id_fkey" FOREIGN KEY ("investor_id") REFERENCES "investor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lead" ADD CONSTRAINT "lead_investor_id_fkey" FOREIGN KEY ("investor_id") REFERENCES "investor"("id") ON DELETE SET NULL ON UPDATE CASCADE;
