-- The earliest 13710 deadline an issue can be overdue on (accepting while not accepted, first feedback while none,
-- resolving), set by trigger: "overdue at t" is overdue_at < t, one index range for the dashboard's count instead of
-- three OR-ed conditions over every open issue (docs/decisions/050).

-- AlterTable
ALTER TABLE "coordination_issue" ADD COLUMN     "overdue_at" TIMESTAMPTZ(3);

CREATE FUNCTION set_issue_overdue_at() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    -- LEAST ignores NULLs: the earliest of the deadlines still running
    NEW.overdue_at := LEAST(CASE WHEN NEW.accepted_at IS NULL THEN NEW.accept_due_at END,
                            CASE WHEN NEW.first_responded_at IS NULL THEN NEW.respond_due_at END,
                            NEW.resolve_due_at);
    RETURN NEW;
END;
$$;

UPDATE "coordination_issue" SET "overdue_at" = LEAST(CASE WHEN accepted_at IS NULL THEN accept_due_at END,
                                                     CASE WHEN first_responded_at IS NULL THEN respond_due_at END,
                                                     resolve_due_at);

CREATE TRIGGER coordination_issue_overdue_at BEFORE INSERT OR UPDATE ON coordination_issue
FOR EACH ROW EXECUTE FUNCTION set_issue_overdue_at();

-- CreateIndex
CREATE INDEX "coordination_issue_status_overdue_at_county_id_idx" ON "coordination_issue"("status", "overdue_at", "county_id");
