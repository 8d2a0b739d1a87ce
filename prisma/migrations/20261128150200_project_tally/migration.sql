-- The register's totals (共 N 个项目 · 签约额合计 · 总投资合计) for the whole city, with the common filters, from a
-- rollup instead of counting up to 100,000 rows per request (a county's few thousand rows are counted directly,
-- on its index; docs/decisions/050).
-- The rollup is a log of signed deltas written by a statement trigger on project in the writing transaction, so it
-- is exact at every commit; it never updates a row, so concurrent writers (an import beside a milestone log) take
-- no locks on it and cannot deadlock on it. project_tally_compact() folds the deltas (the 13710 job runs it).

-- CreateTable
CREATE TABLE "project_tally" (
    "id" BIGSERIAL NOT NULL,
    "plan_year" INTEGER NOT NULL,
    "stage" "ProjectStage" NOT NULL,
    "pool" "ProjectPool" NOT NULL,
    "is_transformation" BOOLEAN NOT NULL,
    "origin" "ProjectOrigin" NOT NULL,
    "projects" INTEGER NOT NULL,
    "contract_amount" BIGINT NOT NULL,
    "total_investment" BIGINT NOT NULL,

    CONSTRAINT "project_tally_pkey" PRIMARY KEY ("id")
);

CREATE FUNCTION project_tally_delta() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO project_tally (plan_year, stage, pool, is_transformation, origin, projects, contract_amount, total_investment)
        SELECT plan_year, stage, pool, is_transformation, origin, count(*), sum(contract_amount), sum(total_investment)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO project_tally (plan_year, stage, pool, is_transformation, origin, projects, contract_amount, total_investment)
        SELECT plan_year, stage, pool, is_transformation, origin, -count(*), -sum(contract_amount), -sum(total_investment)
        FROM old_rows GROUP BY 1, 2, 3, 4, 5;
    ELSE
        -- most updates (a touched updated_at, a renamed project) change nothing here and write nothing
        INSERT INTO project_tally (plan_year, stage, pool, is_transformation, origin, projects, contract_amount, total_investment)
        SELECT plan_year, stage, pool, is_transformation, origin, sum(n), sum(c), sum(t)
        FROM (SELECT plan_year, stage, pool, is_transformation, origin, 1 AS n, contract_amount::bigint AS c, total_investment::bigint AS t FROM new_rows
              UNION ALL
              SELECT plan_year, stage, pool, is_transformation, origin, -1, -contract_amount::bigint, -total_investment::bigint FROM old_rows) d
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(n) <> 0 OR sum(c) <> 0 OR sum(t) <> 0;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER project_tally_insert AFTER INSERT ON project
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_tally_delta();
CREATE TRIGGER project_tally_update AFTER UPDATE ON project
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_tally_delta();
CREATE TRIGGER project_tally_delete AFTER DELETE ON project
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_tally_delta();

-- Folds each group's deltas into one row (and drops groups that net to zero). One statement: a concurrent writer's
-- deltas that this snapshot does not see are not deleted, so the sums stay exact.
CREATE FUNCTION project_tally_compact() RETURNS INTEGER LANGUAGE sql AS $$
    WITH gone AS (
        DELETE FROM project_tally t
        WHERE (plan_year, stage, pool, is_transformation, origin) IN (
            SELECT plan_year, stage, pool, is_transformation, origin FROM project_tally
            GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 OR sum(projects) = 0)
        RETURNING *),
    folded AS (
        INSERT INTO project_tally (plan_year, stage, pool, is_transformation, origin, projects, contract_amount, total_investment)
        SELECT plan_year, stage, pool, is_transformation, origin, sum(projects), sum(contract_amount), sum(total_investment)
        FROM gone GROUP BY 1, 2, 3, 4, 5
        HAVING sum(projects) <> 0 OR sum(contract_amount) <> 0 OR sum(total_investment) <> 0
        RETURNING 1)
    SELECT (SELECT count(*) FROM gone)::int;
$$;

INSERT INTO project_tally (plan_year, stage, pool, is_transformation, origin, projects, contract_amount, total_investment)
SELECT plan_year, stage, pool, is_transformation, origin, count(*), sum(contract_amount), sum(total_investment)
FROM project GROUP BY 1, 2, 3, 4, 5;
