-- 年产值 of an enterprise (issue 15 §1, docs/decisions/116): integer 万元 like every amount in the schema; empty when
-- not known. Shown with the 优势企业 flag on the profile and kept by the enterprise form.
ALTER TABLE "enterprise" ADD COLUMN "annual_output" INTEGER;
ALTER TABLE "enterprise" ADD CONSTRAINT "enterprise_annual_output_check" CHECK ("annual_output" IS NULL OR "annual_output" >= 0);
