-- Name search: the bigrams as a stored generated column instead of an expression index (docs/decisions/050).
-- With the expression index every candidate row had search_grams(name) recomputed in the scan's filter (about
-- 16 µs a row: 8,000 candidates of a common word cost 130 ms); a stored array is compared in about 1 µs. No trigger:
-- PostgreSQL keeps a generated column current on every INSERT and UPDATE of name.

-- DropIndex
DROP INDEX "project_name_grams_idx";

-- DropIndex
DROP INDEX "enterprise_name_grams_idx";

-- AlterTable
ALTER TABLE "project" ADD COLUMN "name_grams" TEXT[] GENERATED ALWAYS AS (search_grams("name")) STORED;

-- AlterTable
ALTER TABLE "enterprise" ADD COLUMN "name_grams" TEXT[] GENERATED ALWAYS AS (search_grams("name")) STORED;

-- CreateIndex
CREATE INDEX "project_name_grams_idx" ON "project" USING GIN ("name_grams");

-- CreateIndex
CREATE INDEX "enterprise_name_grams_idx" ON "enterprise" USING GIN ("name_grams");
