-- Project locations and the public 推介 flag (issue 20 §3–4, docs/decisions/210 and 212). New columns only:
-- existing projects stay unlocated (NULL) and not public until someone sets them.
ALTER TABLE "project" ADD COLUMN "longitude" DOUBLE PRECISION,
ADD COLUMN "latitude" DOUBLE PRECISION,
ADD COLUMN "public_promotion" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "project" ADD CONSTRAINT "project_location_pair_check" CHECK (("longitude" IS NULL) = ("latitude" IS NULL));
