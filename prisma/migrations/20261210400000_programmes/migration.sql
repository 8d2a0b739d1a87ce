-- 重点专项 (issue 18 §1, docs/decisions/200): programmes (山西农谷, 示范区起步区, 三年行动, PPP 示范库) with a period
-- and targets (integer 万元 for money), and their members — projects, and enterprises where the plan counts them.
-- New tables only; no existing row changes.

-- CreateTable
CREATE TABLE "programme" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE,
    "target_projects" INTEGER,
    "target_total_investment" INTEGER,
    "target_annual_investment" INTEGER,
    "target_started" INTEGER,
    "target_enterprises" INTEGER,
    "target_output" INTEGER,
    "note" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "programme_period_check" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"),
    CONSTRAINT "programme_targets_nonnegative" CHECK (
        coalesce("target_projects", 0) >= 0 AND coalesce("target_total_investment", 0) >= 0
        AND coalesce("target_annual_investment", 0) >= 0 AND coalesce("target_started", 0) >= 0
        AND coalesce("target_enterprises", 0) >= 0 AND coalesce("target_output", 0) >= 0)
);

-- CreateTable
CREATE TABLE "programme_project" (
    "programme_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_project_pkey" PRIMARY KEY ("programme_id","project_id")
);

-- CreateTable
CREATE TABLE "programme_enterprise" (
    "programme_id" INTEGER NOT NULL,
    "enterprise_id" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_enterprise_pkey" PRIMARY KEY ("programme_id","enterprise_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "programme_name_key" ON "programme"("name");

-- CreateIndex
CREATE INDEX "programme_project_project_id_idx" ON "programme_project"("project_id");

-- CreateIndex
CREATE INDEX "programme_enterprise_enterprise_id_idx" ON "programme_enterprise"("enterprise_id");

-- AddForeignKey
ALTER TABLE "programme_project" ADD CONSTRAINT "programme_project_programme_id_fkey" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programme_project" ADD CONSTRAINT "programme_project_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programme_enterprise" ADD CONSTRAINT "programme_enterprise_programme_id_fkey" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programme_enterprise" ADD CONSTRAINT "programme_enterprise_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE CASCADE ON UPDATE CASCADE;
