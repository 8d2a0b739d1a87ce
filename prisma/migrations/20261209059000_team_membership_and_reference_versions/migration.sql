-- Organisation admin (issue 15 §4, docs/decisions/160–161): a team keeps its history of members and 组长 as dated
-- rows (closed, never deleted); the reference tables and the team carry a version for concurrent edits.

-- AlterTable
ALTER TABLE "county" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "industry" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "official" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "department" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "service_team" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "team_membership" (
    "id" SERIAL NOT NULL,
    "team_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "role" VARCHAR(10) NOT NULL,
    "from_on" DATE NOT NULL,
    "to_on" DATE,

    CONSTRAINT "team_membership_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "team_membership_role_check" CHECK ("role" IN ('MEMBER', 'LEADER')),
    CONSTRAINT "team_membership_dates_check" CHECK ("to_on" IS NULL OR "to_on" >= "from_on")
);

-- CreateIndex
CREATE INDEX "team_membership_team_id_idx" ON "team_membership"("team_id");
CREATE INDEX "team_membership_user_id_idx" ON "team_membership"("user_id");

-- AddForeignKey
ALTER TABLE "team_membership" ADD CONSTRAINT "team_membership_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "service_team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "team_membership" ADD CONSTRAINT "team_membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing teams: today's members and 组长 open their history on the day the team was formed.
INSERT INTO "team_membership" ("team_id", "user_id", "role", "from_on")
SELECT u."team_id", u."id", 'MEMBER', (t."created_at" AT TIME ZONE 'Asia/Shanghai')::date
  FROM "app_user" u JOIN "service_team" t ON t."id" = u."team_id"
 WHERE u."is_active";
INSERT INTO "team_membership" ("team_id", "user_id", "role", "from_on")
SELECT t."id", t."leader_id", 'LEADER', (t."created_at" AT TIME ZONE 'Asia/Shanghai')::date
  FROM "service_team" t WHERE t."leader_id" IS NOT NULL;
