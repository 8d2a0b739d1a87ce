-- 企业自助注册 (issue 15 §3, docs/decisions/120): an enterprise's application for an account, reviewed by its county
-- (or 市经信委 for 市本级), and the per-address attempts that rate-limit the public form. New tables only.

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED');

-- CreateTable
CREATE TABLE "enterprise_registration" (
    "id" SERIAL NOT NULL,
    "credit_code" CHAR(18) NOT NULL,
    "pending_code" CHAR(18),
    "name" VARCHAR(120) NOT NULL,
    "county_id" INTEGER,
    "contact_name" VARCHAR(40) NOT NULL,
    "phone" VARCHAR(30) NOT NULL,
    "licence_key" VARCHAR(200) NOT NULL,
    "licence_name" VARCHAR(200) NOT NULL,
    "licence_mime" VARCHAR(100) NOT NULL,
    "licence_size" INTEGER NOT NULL,
    "status" "RegistrationStatus" NOT NULL DEFAULT 'PENDING',
    "ip" VARCHAR(64) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by_id" INTEGER,
    "refusal_reason" VARCHAR(300),
    "enterprise_id" INTEGER,
    "user_id" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "enterprise_registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registration_attempt" (
    "id" SERIAL NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "registration_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "enterprise_registration_pending_code_key" ON "enterprise_registration"("pending_code");
CREATE UNIQUE INDEX "enterprise_registration_licence_key_key" ON "enterprise_registration"("licence_key");
CREATE INDEX "enterprise_registration_county_id_status_submitted_at_idx" ON "enterprise_registration"("county_id", "status", "submitted_at");
CREATE INDEX "enterprise_registration_credit_code_idx" ON "enterprise_registration"("credit_code");
CREATE INDEX "registration_attempt_ip_created_at_idx" ON "registration_attempt"("ip", "created_at");

-- AddForeignKey
ALTER TABLE "enterprise_registration" ADD CONSTRAINT "enterprise_registration_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "county"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "enterprise_registration" ADD CONSTRAINT "enterprise_registration_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "enterprise_registration" ADD CONSTRAINT "enterprise_registration_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "enterprise_registration" ADD CONSTRAINT "enterprise_registration_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
