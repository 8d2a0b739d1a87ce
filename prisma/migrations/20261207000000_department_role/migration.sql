-- 责任单位 (issue 14 "department where the role needs one", docs/decisions/081): the DEPARTMENT role and its scope.
-- Adds a table and a nullable column; no existing row changes.

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'DEPARTMENT';

-- CreateTable
CREATE TABLE "department" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(20) NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "sort_order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "department_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "department_code_key" ON "department"("code");
CREATE UNIQUE INDEX "department_name_key" ON "department"("name");

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN "department_id" INTEGER;

-- CreateIndex
CREATE INDEX "app_user_department_id_idx" ON "app_user"("department_id");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE CASCADE;
