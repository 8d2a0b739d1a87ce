-- 优惠政策库 (issue 15 §5, docs/decisions/121): each county's (or the city's) incentive policies, and a project's
-- granted incentive may name the policy it applies. A new table and a nullable column; no existing row changes.

-- CreateTable
CREATE TABLE "incentive_policy" (
    "id" SERIAL NOT NULL,
    "county_id" INTEGER,
    "category" VARCHAR(10) NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "content" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incentive_policy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incentive_policy_county_id_category_idx" ON "incentive_policy"("county_id", "category");

-- AddForeignKey
ALTER TABLE "incentive_policy" ADD CONSTRAINT "incentive_policy_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "project_incentive" ADD COLUMN "policy_id" INTEGER;

-- CreateIndex
CREATE INDEX "project_incentive_policy_id_idx" ON "project_incentive"("policy_id");

-- AddForeignKey
ALTER TABLE "project_incentive" ADD CONSTRAINT "project_incentive_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "incentive_policy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
