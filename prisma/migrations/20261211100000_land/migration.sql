-- 要素保障 (issue 18 §4, docs/decisions/220–222): land supplied to projects, the 出让金 instalment schedule and each
-- county's annual 用地指标. New tables only; no existing row changes.

-- CreateEnum
CREATE TYPE "LandSupplyMethod" AS ENUM ('TRANSFER', 'FLEXIBLE', 'LEASE_THEN_TRANSFER', 'LEASE');

-- CreateTable
CREATE TABLE "land_supply" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "method" "LandSupplyMethod" NOT NULL,
    "parcel_no" VARCHAR(60),
    "location" VARCHAR(200) NOT NULL,
    "area" DECIMAL(12,2) NOT NULL,
    "years" INTEGER,
    "price" INTEGER,
    "supplied_on" DATE NOT NULL,
    "note" VARCHAR(300),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "land_supply_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "land_supply_area_check" CHECK ("area" > 0),
    CONSTRAINT "land_supply_years_check" CHECK ("years" IS NULL OR "years" BETWEEN 1 AND 70),
    CONSTRAINT "land_supply_price_check" CHECK ("price" IS NULL OR "price" >= 0)
);

-- CreateTable
CREATE TABLE "land_instalment" (
    "id" SERIAL NOT NULL,
    "land_supply_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "due_on" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "paid_on" DATE,
    "paid_amount" INTEGER,

    CONSTRAINT "land_instalment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "land_instalment_amount_check" CHECK ("amount" > 0),
    CONSTRAINT "land_instalment_paid_check" CHECK (("paid_on" IS NULL) = ("paid_amount" IS NULL))
);

-- CreateTable
CREATE TABLE "land_quota" (
    "id" SERIAL NOT NULL,
    "county_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "quota" DECIMAL(12,2) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "land_quota_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "land_quota_quota_check" CHECK ("quota" >= 0)
);

-- CreateIndex
CREATE INDEX "land_supply_project_id_idx" ON "land_supply"("project_id");

-- CreateIndex
CREATE INDEX "land_supply_supplied_on_idx" ON "land_supply"("supplied_on");

-- CreateIndex
CREATE UNIQUE INDEX "land_instalment_land_supply_id_seq_key" ON "land_instalment"("land_supply_id", "seq");

-- CreateIndex
CREATE INDEX "land_instalment_due_on_idx" ON "land_instalment"("due_on");

-- CreateIndex
CREATE UNIQUE INDEX "land_quota_county_id_year_key" ON "land_quota"("county_id", "year");

-- AddForeignKey
ALTER TABLE "land_supply" ADD CONSTRAINT "land_supply_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land_instalment" ADD CONSTRAINT "land_instalment_land_supply_id_fkey" FOREIGN KEY ("land_supply_id") REFERENCES "land_supply"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "land_quota" ADD CONSTRAINT "land_quota_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE CASCADE ON UPDATE CASCADE;
