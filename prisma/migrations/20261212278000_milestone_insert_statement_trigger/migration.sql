-- Milestone inserts derive their projects' stage once per statement, set-based (docs/decisions/278). The row
-- trigger recomputed one project per inserted milestone, and each recompute's UPDATE of project fired project's
-- statement triggers (tally, funding_fact, issue team) once more: a 50,000-row import spent most of its time there.
-- Updates and deletes of milestones (one at a time, from the pages) keep the row trigger.

-- project_stage_recompute (docs/decisions/050) for many projects in one UPDATE: the same rule, written set-based.
-- Stage k is reached when the milestones of stages 1..k all have actual dates (the unbroken chain); the stage is
-- the last one of the chain and stage_on its actual date; stage k's reached date is the latest actual date of
-- stages 1..k; lateness ranges from the planned vs actual dates, as in project_stage_recompute.
CREATE FUNCTION project_stage_recompute_many(p_ids INTEGER[]) RETURNS VOID LANGUAGE sql AS $$
    WITH ids AS (SELECT DISTINCT id FROM unnest(p_ids) AS u(id) WHERE id IS NOT NULL),
    steps AS (
        SELECT i.id, s.stage, s.ord, m.actual_on,
               bool_and(m.actual_on IS NOT NULL) OVER w AS chained,
               max(m.actual_on) OVER w AS latest
        FROM ids i
        CROSS JOIN unnest(enum_range(NULL::"MilestoneStage")) WITH ORDINALITY AS s(stage, ord)
        LEFT JOIN milestone m ON m.project_id = i.id AND m.stage = s.stage
        WINDOW w AS (PARTITION BY i.id ORDER BY s.ord)
    ),
    chain AS (
        SELECT id,
               coalesce((array_agg(stage::text ORDER BY ord DESC) FILTER (WHERE chained))[1], 'PREPARING')::"ProjectStage" AS stage,
               (array_agg(actual_on ORDER BY ord DESC) FILTER (WHERE chained))[1] AS stage_on,
               max(latest) FILTER (WHERE chained AND ord = 1) AS r1,
               max(latest) FILTER (WHERE chained AND ord = 2) AS r2,
               max(latest) FILTER (WHERE chained AND ord = 3) AS r3,
               max(latest) FILTER (WHERE chained AND ord = 4) AS r4,
               max(latest) FILTER (WHERE chained AND ord = 5) AS r5
        FROM steps GROUP BY id
    ),
    lag AS (
        SELECT m.project_id AS id,
               coalesce(range_agg(daterange((m.planned_on + interval '1 month')::date, m.actual_on, '()'))
                          FILTER (WHERE m.actual_on IS NULL OR m.actual_on > (m.planned_on + interval '1 month')::date), '{}') AS yellow,
               coalesce(range_agg(daterange((m.planned_on + interval '3 months')::date, m.actual_on, '()'))
                          FILTER (WHERE m.actual_on IS NULL OR m.actual_on > (m.planned_on + interval '3 months')::date), '{}') AS red
        FROM milestone m JOIN ids i ON i.id = m.project_id
        WHERE m.planned_on IS NOT NULL
        GROUP BY m.project_id
    ),
    derived AS (
        SELECT c.id, c.stage, c.stage_on, c.r1, c.r2, c.r3, c.r4, c.r5,
               coalesce(l.yellow, '{}'::datemultirange) AS yellow, coalesce(l.red, '{}'::datemultirange) AS red
        FROM chain c LEFT JOIN lag l ON l.id = c.id
    )
    UPDATE project p SET stage = d.stage, stage_on = d.stage_on, signed_on = d.r1, land_on = d.r2, funding_on = d.r3,
                         started_on = d.r4, completed_on = d.r5, lag_yellow = d.yellow, lag_red = d.red
    FROM derived d
    WHERE p.id = d.id
      AND (p.stage, p.stage_on, p.signed_on, p.land_on, p.funding_on, p.started_on, p.completed_on, p.lag_yellow, p.lag_red)
          IS DISTINCT FROM (d.stage, d.stage_on, d.r1, d.r2, d.r3, d.r4, d.r5, d.yellow, d.red);
$$;

CREATE FUNCTION milestone_insert_sync_project_stage() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM project_stage_recompute_many(ARRAY(SELECT DISTINCT project_id FROM new_rows));
    RETURN NULL;
END;
$$;

DROP TRIGGER milestone_sync_project_stage ON milestone;
CREATE TRIGGER milestone_sync_project_stage
AFTER DELETE OR UPDATE OF actual_on, planned_on, stage, project_id ON milestone
FOR EACH ROW EXECUTE FUNCTION milestone_sync_project_stage();
CREATE TRIGGER milestone_insert_sync_project_stage AFTER INSERT ON milestone
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION milestone_insert_sync_project_stage();
