-- AlterTable
ALTER TABLE "setting" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "target" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
