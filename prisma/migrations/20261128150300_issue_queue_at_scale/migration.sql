-- The issue queues and the dashboard's overdue count at province scale (200,000 issues; docs/decisions/050).

-- AlterTable
ALTER TABLE "coordination_issue" ADD COLUMN     "overdue_at" TIMESTAMPTZ(3),
ADD COLUMN     "project_team_id" INTEGER;

-- overdue_at: the earliest 13710 deadline still running (accepting while not accepted, first feedback while none,
-- resolving), so "overdue at t" is overdue_at < t — one index range instead of three OR-ed conditions.
-- project_team_id: the service team of the issue's project, so a team's queue (its own issues and those of its
-- projects) is two index lookups instead of a join of every issue with its project.
CREATE FUNCTION coordination_issue_derive() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    -- LEAST ignores NULLs
    NEW.overdue_at := LEAST(CASE WHEN NEW.accepted_at IS NULL THEN NEW.accept_due_at END,
                            CASE WHEN NEW.first_responded_at IS NULL THEN NEW.respond_due_at END,
                            NEW.resolve_due_at);
    IF TG_OP = 'INSERT' OR NEW.project_id IS DISTINCT FROM OLD.project_id THEN
        NEW.project_team_id := (SELECT service_team_id FROM project WHERE id = NEW.project_id);
    END IF;
    RETURN NEW;
END;
$$;

UPDATE "coordination_issue" i SET "overdue_at" = LEAST(CASE WHEN accepted_at IS NULL THEN accept_due_at END,
                                                       CASE WHEN first_responded_at IS NULL THEN respond_due_at END,
                                                       resolve_due_at),
    "project_team_id" = (SELECT service_team_id FROM project p WHERE p.id = i.project_id);

CREATE TRIGGER coordination_issue_derive BEFORE INSERT OR UPDATE ON coordination_issue
FOR EACH ROW EXECUTE FUNCTION coordination_issue_derive();

-- A project's new service team follows into its issues.
CREATE FUNCTION project_sync_issue_team() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE coordination_issue i SET project_team_id = n.service_team_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE i.project_id = n.id AND o.service_team_id IS DISTINCT FROM n.service_team_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER project_sync_issue_team AFTER UPDATE ON project
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_sync_issue_team();

-- The city's open issues per level, status and month of overdue_at, as signed deltas (the same pattern as
-- project_tally): the queue tabs' counts and the dashboard's overdue count without counting 100,000 rows. Overdue
-- at t = the months before t's month from here + t's own month from the index on (status, overdue_at).
-- CreateTable
CREATE TABLE "issue_tally" (
    "id" BIGSERIAL NOT NULL,
    "level" "IssueLevel" NOT NULL,
    "status" "IssueStatus" NOT NULL,
    "overdue_month" DATE,
    "issues" INTEGER NOT NULL,

    CONSTRAINT "issue_tally_pkey" PRIMARY KEY ("id")
);

-- The month (UTC) an instant falls in; the queries bound "months before now's month" with the same function.
CREATE FUNCTION utc_month(t TIMESTAMPTZ) RETURNS DATE LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT date_trunc('month', t AT TIME ZONE 'UTC')::date
$$;

CREATE FUNCTION issue_tally_delta() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO issue_tally (level, status, overdue_month, issues)
        SELECT level, status, utc_month(overdue_at), count(*) FROM new_rows GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO issue_tally (level, status, overdue_month, issues)
        SELECT level, status, utc_month(overdue_at), -count(*) FROM old_rows GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO issue_tally (level, status, overdue_month, issues)
        SELECT level, status, m, sum(n)
        FROM (SELECT level, status, utc_month(overdue_at) AS m, 1 AS n FROM new_rows
              UNION ALL SELECT level, status, utc_month(overdue_at), -1 FROM old_rows) d
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER issue_tally_insert AFTER INSERT ON coordination_issue
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_tally_delta();
CREATE TRIGGER issue_tally_update AFTER UPDATE ON coordination_issue
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_tally_delta();
CREATE TRIGGER issue_tally_delete AFTER DELETE ON coordination_issue
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_tally_delta();

CREATE FUNCTION issue_tally_compact() RETURNS INTEGER LANGUAGE sql AS $$
    WITH gone AS (
        DELETE FROM issue_tally t
        WHERE (level, status, coalesce(overdue_month, '-infinity')) IN (
            SELECT level, status, coalesce(overdue_month, '-infinity') FROM issue_tally GROUP BY level, status, overdue_month
            HAVING count(*) > 1 OR sum(issues) = 0)
        RETURNING *),
    folded AS (
        INSERT INTO issue_tally (level, status, overdue_month, issues)
        SELECT level, status, overdue_month, sum(issues) FROM gone GROUP BY 1, 2, 3 HAVING sum(issues) <> 0
        RETURNING 1)
    SELECT (SELECT count(*) FROM gone)::int;
$$;

INSERT INTO issue_tally (level, status, overdue_month, issues)
SELECT level, status, utc_month(overdue_at), count(*) FROM coordination_issue GROUP BY 1, 2, 3;

-- CreateIndex
CREATE INDEX "coordination_issue_status_overdue_at_county_id_idx" ON "coordination_issue"("status", "overdue_at", "county_id");

-- CreateIndex
CREATE INDEX "coordination_issue_project_team_id_status_idx" ON "coordination_issue"("project_team_id", "status");

-- CreateIndex
CREATE INDEX "coordination_issue_level_resolve_due_at_id_idx" ON "coordination_issue"("level", "resolve_due_at", "id");
