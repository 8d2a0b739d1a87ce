-- Documents of a land record (出让合同, 不动产权证书, 租赁合同; docs/decisions/271): an attachment row with the
-- record's project_id (read with the project's scope, like the project's other documents) and land_supply_id.
-- A nullable column only; no row changes.
ALTER TABLE "attachment" ADD COLUMN "land_supply_id" INTEGER;

-- CreateIndex
CREATE INDEX "attachment_land_supply_id_idx" ON "attachment"("land_supply_id");

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_land_supply_id_fkey" FOREIGN KEY ("land_supply_id") REFERENCES "land_supply"("id") ON DELETE SET NULL ON UPDATE CASCADE;
