-- 责任单位 complete (issue 17, docs/decisions/140): every unit a 督办事项 can be assigned to is a `department` row —
-- the city departments, 市经信委, 市投资促进局, the power company and each county government. `staffed_by` says which
-- role's accounts act for the unit (DEPARTMENT accounts by department_id; 市经信委's are the EIC accounts, 市投资促进局's
-- the BUREAU accounts, a county government's the COUNTY accounts of `county_id`). No existing row changes meaning.

-- AlterTable
ALTER TABLE "department" ADD COLUMN "kind" VARCHAR(10) NOT NULL DEFAULT 'CITY';
ALTER TABLE "department" ADD COLUMN "staffed_by" VARCHAR(12) NOT NULL DEFAULT 'DEPARTMENT';
ALTER TABLE "department" ADD COLUMN "county_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "department_county_id_key" ON "department"("county_id");

-- AddForeignKey
ALTER TABLE "department" ADD CONSTRAINT "department_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE SET NULL ON UPDATE CASCADE;
