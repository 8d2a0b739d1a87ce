-- Province-scale reports (docs/decisions/050-province-scale-performance.md): the KPI queries read derived columns
-- kept exact by triggers in the writing transaction, instead of grouping milestones and funding records per request.

-- AlterTable: when each stage was reached (the latest actual date of the unbroken chain up to it) and when the
-- project lags (the dates D at which a planned date is 1 / 3 months past without an actual date by D).
ALTER TABLE "project" ADD COLUMN     "land_on" DATE,
ADD COLUMN     "funding_on" DATE,
ADD COLUMN     "started_on" DATE,
ADD COLUMN     "completed_on" DATE,
ADD COLUMN     "lag_yellow" datemultirange NOT NULL DEFAULT '{}'::datemultirange,
ADD COLUMN     "lag_red" datemultirange NOT NULL DEFAULT '{}'::datemultirange;

-- CreateTable: every funding record with the cohort attributes of its project, so 资金到位 as of a date is one
-- index range instead of a join of the cohort with all funding records.
CREATE TABLE "funding_fact" (
    "funding_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "received_on" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "signed_on" DATE,
    "origin" "ProjectOrigin" NOT NULL,
    "county_id" INTEGER NOT NULL,
    "industry_id" INTEGER NOT NULL,
    "source_region" "SourceRegion",
    "service_team_id" INTEGER,
    "enterprise_id" INTEGER,

    CONSTRAINT "funding_fact_pkey" PRIMARY KEY ("funding_id")
);

-- CreateIndex
CREATE INDEX "funding_fact_project_id_idx" ON "funding_fact"("project_id");

-- CreateIndex
CREATE INDEX "funding_fact_cohort_idx" ON "funding_fact"("signed_on", "origin", "county_id", "industry_id", "source_region", "received_on", "amount");

-- CreateIndex
CREATE INDEX "project_kpi_cohort_idx" ON "project"("signed_on", "origin", "county_id", "industry_id", "source_region", "contract_amount", "land_on", "funding_on", "started_on", "completed_on");

-- CreateIndex
CREATE INDEX "project_kpi_plan_idx" ON "project"("plan_year", "pool", "county_id", "is_transformation", "lag_yellow", "lag_red");

-- AddForeignKey
ALTER TABLE "funding_fact" ADD CONSTRAINT "funding_fact_funding_id_fkey" FOREIGN KEY ("funding_id") REFERENCES "funding_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Stage derivation, extended: besides stage / stage_on / signed_on, the date each later stage was reached and the
-- lateness ranges. A milestone is late at D (yellow) when planned_on + 1 month < D and it has no actual date ≤ D,
-- i.e. for D in the open range (planned_on + 1 month, actual_on); red the same with 3 months (DESIGN §4, the same
-- month arithmetic as app/domain/kpi.ts lateThreshold).
CREATE OR REPLACE FUNCTION project_stage_recompute(p_project_id INTEGER) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    v_stage "ProjectStage" := 'PREPARING';
    v_stage_on DATE := NULL;
    v_latest DATE := NULL;
    v_reached DATE[] := ARRAY[NULL, NULL, NULL, NULL, NULL]::DATE[];
    v_yellow datemultirange;
    v_red datemultirange;
    v_n INTEGER := 0;
    r RECORD;
BEGIN
    FOR r IN
        SELECT s.stage, m.actual_on
        FROM unnest(enum_range(NULL::"MilestoneStage")) WITH ORDINALITY AS s(stage, ord)
        LEFT JOIN milestone m ON m.project_id = p_project_id AND m.stage = s.stage
        ORDER BY s.ord
    LOOP
        EXIT WHEN r.actual_on IS NULL;
        v_n := v_n + 1;
        v_stage := r.stage::text::"ProjectStage";
        v_stage_on := r.actual_on;
        v_latest := GREATEST(v_latest, r.actual_on);
        v_reached[v_n] := v_latest;
    END LOOP;
    SELECT coalesce(range_agg(daterange((m.planned_on + interval '1 month')::date, m.actual_on, '()'))
                      FILTER (WHERE m.actual_on IS NULL OR m.actual_on > (m.planned_on + interval '1 month')::date), '{}'),
           coalesce(range_agg(daterange((m.planned_on + interval '3 months')::date, m.actual_on, '()'))
                      FILTER (WHERE m.actual_on IS NULL OR m.actual_on > (m.planned_on + interval '3 months')::date), '{}')
      INTO v_yellow, v_red
      FROM milestone m WHERE m.project_id = p_project_id AND m.planned_on IS NOT NULL;
    UPDATE project SET stage = v_stage, stage_on = v_stage_on, signed_on = v_reached[1], land_on = v_reached[2],
                       funding_on = v_reached[3], started_on = v_reached[4], completed_on = v_reached[5],
                       lag_yellow = v_yellow, lag_red = v_red
    WHERE id = p_project_id
      AND (stage, stage_on, signed_on, land_on, funding_on, started_on, completed_on, lag_yellow, lag_red)
          IS DISTINCT FROM (v_stage, v_stage_on, v_reached[1], v_reached[2], v_reached[3], v_reached[4], v_reached[5], v_yellow, v_red);
END;
$$;

-- Planned dates now feed the lateness ranges.
DROP TRIGGER milestone_sync_project_stage ON milestone;
CREATE TRIGGER milestone_sync_project_stage
AFTER INSERT OR DELETE OR UPDATE OF actual_on, planned_on, stage, project_id ON milestone
FOR EACH ROW EXECUTE FUNCTION milestone_sync_project_stage();

-- funding_fact follows funding_record (statement triggers: a bulk import is one set-based write) …
CREATE FUNCTION funding_fact_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO funding_fact (funding_id, project_id, received_on, amount, signed_on, origin, county_id, industry_id,
                              source_region, service_team_id, enterprise_id)
    SELECT n.id, n.project_id, n.received_on, n.amount, p.signed_on, p.origin, p.county_id, p.industry_id,
           p.source_region, p.service_team_id, p.enterprise_id
    FROM new_rows n JOIN project p ON p.id = n.project_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER funding_fact_insert AFTER INSERT ON funding_record
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION funding_fact_insert();

CREATE FUNCTION funding_fact_update() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funding_fact f SET project_id = n.project_id, received_on = n.received_on, amount = n.amount,
           signed_on = p.signed_on, origin = p.origin, county_id = p.county_id, industry_id = p.industry_id,
           source_region = p.source_region, service_team_id = p.service_team_id, enterprise_id = p.enterprise_id
    FROM new_rows n JOIN project p ON p.id = n.project_id
    WHERE f.funding_id = n.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER funding_fact_update AFTER UPDATE ON funding_record
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION funding_fact_update();
-- (deletes follow through funding_fact_funding_id_fkey ON DELETE CASCADE)

-- … and the project attributes it copies.
CREATE FUNCTION project_sync_funding_fact() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE funding_fact f SET signed_on = n.signed_on, origin = n.origin, county_id = n.county_id,
           industry_id = n.industry_id, source_region = n.source_region, service_team_id = n.service_team_id,
           enterprise_id = n.enterprise_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE f.project_id = n.id
      AND (o.signed_on, o.origin, o.county_id, o.industry_id, o.source_region, o.service_team_id, o.enterprise_id)
          IS DISTINCT FROM (n.signed_on, n.origin, n.county_id, n.industry_id, n.source_region, n.service_team_id, n.enterprise_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER project_sync_funding_fact AFTER UPDATE ON project
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_sync_funding_fact();

-- Existing data: derive the new columns and the facts once.
SELECT project_stage_recompute(id) FROM project;
INSERT INTO funding_fact (funding_id, project_id, received_on, amount, signed_on, origin, county_id, industry_id,
                          source_region, service_team_id, enterprise_id)
SELECT f.id, f.project_id, f.received_on, f.amount, p.signed_on, p.origin, p.county_id, p.industry_id,
       p.source_region, p.service_team_id, p.enterprise_id
FROM funding_record f JOIN project p ON p.id = f.project_id;
